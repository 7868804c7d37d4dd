/**
 * A comparison timed phase by phase: where the wall time goes. One after the other (`timedCompare`), the
 * shared build ends at the first engine's first progress call and each engine's share at its last one; on
 * threads (`timedCompareInParallel`), each engine's time runs from the start to its last progress call.
 */

import { compareEnginesInParallel } from "../src/scenario/parallel.js";
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

/**
 * Runs `compareEngines` on `scenario` and times its phases.
 *
 * @param compare - the library's `compareEngines` (default: from the sources; the built package's to time
 *   what users run)
 */
export function timedCompare(scenario: ScenarioInput, compare = compareEngines): TimedComparison {
  const started = performance.now();
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const result = compare(scenario, {
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

/**
 * {@link timedCompare} for the comparison on worker threads (`compareEnginesInParallel`): the engines run
 * at the same time, each building its own world, so each phase is the wall time from the start to that
 * engine's last progress call (its build, warm-up and run together).
 */
export async function timedCompareInParallel(
  scenario: ScenarioInput,
  compareInParallel = compareEnginesInParallel,
): Promise<TimedComparison> {
  const started = performance.now();
  const last = new Map<string, number>();
  const result = await compareInParallel(scenario, {
    onProgress: (engine) => last.set(engine, performance.now()),
  });
  const wallMs = performance.now() - started;
  const phases: Record<string, number> = {};
  for (const [engine, at] of last) phases[engine] = at - started;
  return { result, wallMs, phases };
}
