/**
 * Comparison benchmark (issue 5): a 150,000-user directory, 24 hours of workload at 10,000 changes per hour,
 * on both engines. Reports wall time, simulated time / wall time and peak RSS (targets: under 20 s and
 * 1.5 GB on the 2-core CI machine). Each run happens in a child process (bench/compare-child.mjs) so the
 * peak RSS is this benchmark's alone, and runs the built package (`dist/`, which `npm run bench` builds
 * first) with plain Node — what the CLI and the library's users run; from the TypeScript sources the
 * process and each engine thread would first load tsx and compile the engine (~0.5 s) and hold the
 * compiled sources:
 * - `compare.150k_24h`: `compareEnginesInParallel`, each engine on its own worker thread — how the CLI runs
 *   a comparison this large — with the library's default heap limit per thread (2,047 MB, see
 *   src/scenario/thread-heap.ts);
 * - `.capped`: the same with the old space capped at 1,200 MB (`node --max-old-space-size=1200`), which
 *   every thread then keeps;
 * - `.sequential`: `compareEngines`, one engine after the other on the child's main thread, Node's
 *   default heap.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScenarioInput } from "../src/scenario/schema.js";
import type { BenchLine } from "./types.js";

/** The child that times one comparison of the built package (plain Node, no tsx). */
const CHILD = fileURLToPath(new URL("./compare-child.mjs", import.meta.url));
const SEQUENTIAL_FLAG = "--sequential";

/** The benchmark scenario: 150k users, 24 h, 10,000 changes/hour in the office-day mix. */
export const COMPARE_SCENARIO: ScenarioInput = {
  name: "bench-150k-24h",
  seed: 1,
  duration: "24h",
  drain: "12h",
  directory: {
    users: 150_000,
    groups: 1_000,
    membersPerGroup: 50,
    forests: [
      {
        name: "contoso.com",
        ous: ["OU=Sales", "OU=IT", "OU=Finance", "OU=HR", "OU=Operations", "OU=Research"],
      },
    ],
  },
  workload: {
    attributeChangesPerHour: 7_000,
    passwordChangesPerHour: 1_500,
    createsPerHour: 300,
    deletesPerHour: 200,
    movesPerHour: 200,
    membershipChangesPerHour: 800,
  },
  // 150,000 objects are beyond LocalDB's ~100,000 (how-to-connect-install-prerequisites): full SQL Server.
  engines: { connect: { database: "sql" }, cloudSync: {} },
};

/** The capped run's old-space limit, MB. */
const HEAP_CAP_MB = 1_200;

/** Runs the comparison in a child process (default heap, then capped) and reports its figures. */
export async function run(): Promise<BenchLine[]> {
  checkBuild();
  return [
    ...measure("compare.150k_24h", [], [], true),
    // The two other ways to run it, for comparison: the targets are the default's.
    ...measure("compare.150k_24h.capped", [`--max-old-space-size=${HEAP_CAP_MB}`]),
    ...measure("compare.150k_24h.sequential", [], [SEQUENTIAL_FLAG]),
  ];
}

function measure(
  prefix: string,
  nodeFlags: readonly string[],
  args: readonly string[] = [],
  targeted = false,
): BenchLine[] {
  const out = spawnSync(process.execPath, [...nodeFlags, CHILD, ...args], {
    input: JSON.stringify(COMPARE_SCENARIO),
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0)
    throw new Error(`compare bench child failed (${out.status}): ${out.stderr.slice(-2_000)}`);
  const line = out.stdout.trim().split("\n").pop() ?? "{}";
  const figures = JSON.parse(line) as {
    wallMs: number;
    simulated: number;
    changes: number;
    peakRssMb: number;
    phases: Record<string, number>;
  };
  return [
    {
      name: `${prefix}.wall`,
      value: Math.round(figures.wallMs),
      unit: "ms",
      ...(targeted ? { target: "< 20000" } : {}),
    },
    {
      name: `${prefix}.sim_per_wall`,
      value: Math.round(figures.simulated / figures.wallMs),
      unit: "ratio",
    },
    { name: `${prefix}.changes`, value: figures.changes, unit: "changes" },
    {
      name: `${prefix}.peak_rss`,
      value: Math.round(figures.peakRssMb),
      unit: "MB",
      ...(targeted ? { target: "< 1536" } : {}),
    },
    ...Object.entries(figures.phases).map(([phase, ms]) => ({
      name: `${prefix}.wall.${phase}`,
      value: Math.round(ms),
      unit: "ms",
    })),
  ];
}

/**
 * Refuses to time a build older than the sources (`tsx bench/run.ts` without `npm run build` first): its
 * figures would be another version's.
 */
function checkBuild(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  let built: number;
  try {
    built = statSync(join(root, "dist", "index.js")).mtimeMs;
  } catch {
    throw new Error("the compare bench runs the built package: run `npm run build` first (no dist/index.js)");
  }
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
        entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs,
      ),
    );
  if (newest(join(root, "src")) > built)
    throw new Error("dist/ is older than src/: run `npm run build` (or `npm run bench`, which builds first)");
}
