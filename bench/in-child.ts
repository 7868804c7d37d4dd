/**
 * Comparisons timed in a child process (bench/compare-child.mjs) on the built package with plain Node —
 * what the CLI and the library's users run, with the peak RSS the benchmark's alone. From the TypeScript
 * sources the process and each engine thread would first load tsx and compile the engine (~0.5 s) and hold
 * the compiled sources.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScenarioInput } from "../src/scenario/schema.js";
import type { BenchLine } from "./types.js";

/** The child that times one comparison of the built package (plain Node, no tsx). */
const CHILD = fileURLToPath(new URL("./compare-child.mjs", import.meta.url));

/** The child's flag for one engine after the other (`compareEngines`) instead of threads. */
export const SEQUENTIAL_FLAG = "--sequential";

/** The child's flag for threads left where the kernel puts them (`cpuPlacement: "off"`). */
export const NO_PLACEMENT_FLAG = "--no-placement";

/**
 * What the child prints: wall time, CPU time of all its threads, simulated time and phases in ms, changes
 * made, peak RSS in MB.
 */
export interface ChildFigures {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly simulated: number;
  readonly changes: number;
  readonly peakRssMb: number;
  readonly phases: Record<string, number>;
}

/** Times one comparison of `scenario` in the child, started with these Node options and arguments. */
export function compareInChild(
  scenario: ScenarioInput,
  nodeFlags: readonly string[] = [],
  args: readonly string[] = [],
): ChildFigures {
  const out = spawnSync(process.execPath, [...nodeFlags, CHILD, ...args], {
    input: JSON.stringify(scenario),
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0)
    throw new Error(`comparison bench child failed (${out.status}): ${out.stderr.slice(-2_000)}`);
  return JSON.parse(out.stdout.trim().split("\n").pop() ?? "{}") as ChildFigures;
}

/**
 * Refuses to time a build older than the sources (`tsx bench/run.ts` without `npm run build` first): its
 * figures would be another version's.
 */
export function checkBuild(): void {
  const root = fileURLToPath(new URL("..", import.meta.url));
  let built: number;
  try {
    built = statSync(join(root, "dist", "index.js")).mtimeMs;
  } catch {
    throw new Error(
      "the comparison benches run the built package: run `npm run build` first (no dist/index.js)",
    );
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

/** A run's phases as bench lines, `<prefix>.wall.<phase>` in ms. */
export function phaseLines(prefix: string, phases: Readonly<Record<string, number>>): BenchLine[] {
  return Object.entries(phases).map(([phase, ms]) => ({
    name: `${prefix}.wall.${phase}`,
    value: Math.round(ms),
    unit: "ms",
  }));
}
