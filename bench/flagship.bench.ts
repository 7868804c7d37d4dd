/**
 * Flagship comparison benchmark (issue 7): the `flagship` preset — what `npm start` runs — on both engines,
 * wall time and peak heap. No target is set; the figure shows what a user waits for.
 */
import { getPreset } from "../src/scenario/presets.js";
import { compareEngines } from "../src/scenario/run.js";
import type { BenchLine } from "./types.js";

/** Runs the flagship preset once on both engines. */
export async function run(): Promise<BenchLine[]> {
  const preset = getPreset("flagship");
  if (!preset) throw new Error("flagship preset missing");
  const started = performance.now();
  const result = compareEngines(preset.scenario);
  const wall = performance.now() - started;
  const changes = Object.values(result.engines).reduce((n, e) => n + (e?.changes.made ?? 0), 0);
  return [
    { name: "flagship.wall", value: Math.round(wall), unit: "ms" },
    { name: "flagship.changes", value: changes, unit: "changes" },
    { name: "flagship.heap_used", value: Math.round(process.memoryUsage().heapUsed / 1e6), unit: "MB" },
  ];
}
