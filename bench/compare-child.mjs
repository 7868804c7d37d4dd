// The comparison benches' child process (bench/in-child.ts starts it): times one comparison of the BUILT
// package (dist/, `npm run build`) with plain Node — no tsx in this process or in the engine threads it
// starts (a worker inherits the process's --import), so the figures are what a user of the package or the
// CLI gets. Reads the scenario as JSON on stdin; prints one line of JSON: wall time, CPU time of all
// threads, simulated time, changes, peak RSS and per-engine phases (ms). `--sequential`: compareEngines on
// this thread, else compareEnginesInParallel; `--no-placement`: on threads, with `cpuPlacement: "off"`. A .mjs
// file, not TypeScript, so that it runs without a loader.
import { readFileSync } from "node:fs";

const built = await import(new URL("../dist/index.js", import.meta.url).href).catch((error) => {
  throw new Error(
    `the comparison benches run the built package: run \`npm run build\` first (${String(error)})`,
  );
});
const scenario = JSON.parse(readFileSync(0, "utf8"));
const sequential = process.argv.includes("--sequential");
const cpuPlacement = process.argv.includes("--no-placement") ? "off" : "auto";

// Each engine's last progress call, and (one after the other) its first: where the wall time went.
const first = new Map();
const last = new Map();
const onProgress = (engine) => {
  const now = performance.now();
  if (!first.has(engine)) first.set(engine, now);
  last.set(engine, now);
};
const started = performance.now();
const result = sequential
  ? built.compareEngines(scenario, { onProgress })
  : await built.compareEnginesInParallel(scenario, { onProgress, cpuPlacement });
const wallMs = performance.now() - started;

const phases = {};
if (sequential) {
  // The shared build ends at the first engine's first progress call, each engine's share at its last.
  let previous = first.get([...first.keys()][0]) ?? started;
  phases.build = previous - started;
  for (const engine of first.keys()) {
    phases[engine] = (last.get(engine) ?? previous) - previous;
    previous = last.get(engine) ?? previous;
  }
} else {
  // On threads each engine builds its own world: its phase is the wall time to its last progress call.
  for (const [engine, at] of last) phases[engine] = at - started;
}
let simulated = 0;
let changes = 0;
for (const engine of Object.values(result.engines)) {
  simulated += engine?.endedAt ?? 0;
  changes += engine?.changes.made ?? 0;
}
const usage = process.resourceUsage();
const peakRssMb = usage.maxRSS / 1024;
// CPU time of every thread of the process (the engines', the main thread's and V8's helpers for GC and
// compilation), in ms: on n cores the wall time cannot go below cpuMs / n.
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(`${JSON.stringify({ wallMs, cpuMs, simulated, changes, peakRssMb, phases })}\n`);
