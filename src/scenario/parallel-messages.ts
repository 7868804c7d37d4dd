/**
 * What crosses between {@link runEnginesInParallel} and its engine workers: plain data only (structured
 * clone), never classes or functions.
 */
import type { EngineKind } from "../engines/engine.js";
import { isSimulationError, SimulationError, type SimulationErrorCode } from "../scheduler/errors.js";
import type { ComparisonResult } from "./result.js";
import type { Scenario, ScenarioInput } from "./schema.js";

/**
 * What a serving worker is started with: it runs no engine at once, but each {@link EngineTask} it is sent,
 * one after the other, keeping its compiled code warm from one run to the next (a sweep's pool). @internal
 */
export interface ServingWorkerData {
  readonly serve: true;
}

/** One engine run asked of a serving worker (it has one in hand at a time). @internal */
export interface EngineTask {
  readonly type: "task";
  readonly scenario: ScenarioInput | Scenario;
  readonly kind: EngineKind;
  readonly seed: number;
}

/** A serving worker's answer to its task: as a one-run worker's. @internal */
export type EngineTaskAnswer = Extract<EngineWorkerMessage, { readonly type: "result" | "error" }>;

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
  | { readonly type: "thread"; readonly tid: number | undefined }
  | {
      readonly type: "progress";
      readonly engine: EngineKind;
      readonly now: number;
      readonly horizon: number;
      readonly phase?: "warm-up" | "run";
    }
  | { readonly type: "result"; readonly result: ComparisonResult }
  | { readonly type: "error"; readonly error: WorkerError };

/** An error thrown in a worker, as data for the message channel. @internal */
export function errorToData(error: unknown): WorkerError {
  if (isSimulationError(error))
    return { name: error.name, message: error.message, code: error.code, details: cloneable(error.details) };
  const e = error as Error | undefined;
  return { name: e?.name ?? "Error", message: e?.message ?? String(error) };
}

/** The error a worker reported, as the error it was: a `SimulationError` keeps its code and details. @internal */
export function errorFromData(error: WorkerError): Error {
  if (error.name === "SimulationError" && error.code !== undefined)
    return new SimulationError(error.code as SimulationErrorCode, error.message, error.details ?? {});
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

/** Error details as data that survives the message channel (details that cannot be copied are dropped). */
function cloneable(details: object): Record<string, unknown> {
  try {
    return structuredClone({ ...details });
  } catch {
    return {};
  }
}
