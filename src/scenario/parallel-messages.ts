/**
 * What crosses between {@link runEnginesInParallel} and its engine workers: plain data only (structured
 * clone), never classes or functions.
 */
import type { EngineKind } from "../engines/engine.js";
import type { ComparisonResult } from "./result.js";
import type { Scenario, ScenarioInput } from "./schema.js";

/** What a worker is started with. @internal */
export interface EngineWorkerData {
  readonly scenario: ScenarioInput | Scenario;
  readonly kind: EngineKind;
  readonly seed: number;
  /** Forward progress (the caller has a listener). */
  readonly progress: boolean;
}

/** A thrown error as data: a `SimulationError`'s code and details survive. @internal */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What a worker posts. @internal */
export type EngineWorkerMessage =
  | {
      readonly type: "progress";
      readonly engine: EngineKind;
      readonly now: number;
      readonly horizon: number;
      readonly phase?: "warm-up" | "run";
    }
  | { readonly type: "result"; readonly result: ComparisonResult }
  | { readonly type: "error"; readonly error: WorkerError };
