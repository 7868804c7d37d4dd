/**
 * A comparison timed phase by phase, from the sources (the groups bench): where the wall time goes. The
 * shared build ends at the first engine's first progress call and each engine's share at its last one.
 * (The 150k comparison times the built package in a plain-Node child instead: bench/compare-child.mjs.)
 */

import type { ComparisonResult } from "../src/scenario/result.js";
import { compareEngines } from "../src/scenario/run.js";
import type { ScenarioInput } from "../src/scenario/schema.js";

/** A comparison's result with its wall time and per-phase shares (ms). */
export interface TimedComparison {
  readonly result: ComparisonResult;
  readonly wallMs: number;
  /** One after the other: `build`, then each engine in the order it ran; on threads: each engine's time from the start. */
  readonly phases: Readonly<Record<string, number>>;
}

/** Runs `compareEngines` on `scenario` and times its phases. */
export function timedCompare(scenario: ScenarioInput): TimedComparison {
  const started = performance.now();
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const result = compareEngines(scenario, {
    onProgress: (engine) => {
      const now = performance.now();
      if (!first.has(engine)) first.set(engine, now);
      last.set(engine, now);
    },
  });
  const wallMs = performance.now() - started;
  const order = [...first.keys()];
  const build = (first.get(order[0] ?? "") ?? started) - started;
  const phases: Record<string, number> = { build };
  let previous = started + build;
  for (const engine of order) {
    phases[engine] = (last.get(engine) ?? previous) - previous;
    previous = last.get(engine) ?? previous;
  }
  return { result, wallMs, phases };
}
