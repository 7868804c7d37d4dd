import type { EngineKind } from "../engines/engine.js";
import { SimulationError, show } from "../scheduler/errors.js";

/**
 * The arguments of the run entry points, checked before anything runs: the engines a run can name, and the
 * checks of engine names and callbacks a caller passed — shared by `runScenario`, `runEngines`, the
 * parallel runs and `simulate` (the options object itself: `checkedOptionsObject`, scheduler/errors.ts).
 */

/** The engines a comparison runs, in report order. @public */
export const ENGINE_KINDS: readonly EngineKind[] = ["connect", "cloudSync"];

/**
 * An engine name a caller passed, checked: one of {@link ENGINE_KINDS} (an unknown name would otherwise run
 * the default engine and report it under that name). @internal
 */
export function checkedEngineKind(kind: unknown, field: string): EngineKind {
  if (ENGINE_KINDS.includes(kind as EngineKind)) return kind as EngineKind;
  throw new SimulationError(
    "invalid-argument",
    `${field}: ${show(kind)} is not one of ${ENGINE_KINDS.map((k) => show(k)).join(", ")}`,
    { field, value: kind },
  );
}

/** The engines a run was asked for, checked: a non-empty list of known engine names. @internal */
export function checkedEngineKinds(kinds: unknown, field = "kinds"): readonly EngineKind[] {
  if (!Array.isArray(kinds) || kinds.length === 0) {
    throw new SimulationError(
      "invalid-argument",
      `${field}: ${show(kinds)} is not a non-empty list of engines`,
      { field, value: kinds },
    );
  }
  for (let i = 0; i < kinds.length; i++) checkedEngineKind(kinds[i], `${field}[${i}]`);
  return kinds as readonly EngineKind[];
}

/** The callbacks an options object names, checked: each absent or a function. @internal */
export function checkedCallbacks(options: object, fields: readonly string[]): void {
  for (const field of fields) {
    const value: unknown = (options as Record<string, unknown>)[field];
    if (value !== undefined && typeof value !== "function") {
      throw new SimulationError("invalid-argument", `${field}: ${show(value)} is not a function`, {
        field,
        value,
      });
    }
  }
}
