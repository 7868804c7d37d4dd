/**
 * Comparisons on worker threads: each engine's run in its own thread, so a comparison takes as long as its
 * slower engine rather than both together (design.md "Scale beyond one machine": runs are pure functions
 * of scenario and seed, and sweeps on one machine run on worker threads).
 *
 * The result is byte-identical to {@link runEngines}'s: each engine's run is the same pure function of
 * (scenario, seed) wherever it runs (a sequential comparison forks one build, which equals a build of its
 * own), and only plain JSON crosses between threads.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { EngineKind } from "../engines/engine.js";
import { optionNames, SimulationError, show } from "../scheduler/errors.js";
import { CPU_PLACEMENT_MODES, CpuPlacement, type CpuPlacementMode } from "./cpu-placement.js";
import {
  type EngineWorkerData,
  type EngineWorkerMessage,
  errorFromData,
  type ServingWorkerData,
} from "./parallel-messages.js";
import type { ComparisonResult } from "./result.js";
import {
  checkedRunOptions,
  comparisonOf,
  type EngineRun,
  RUN_OPTION_NAMES,
  type RunOptions,
  runCheckedEngines,
} from "./run.js";
import { checkedEngineKinds, ENGINE_KINDS } from "./run-arguments.js";
import { expectedOver, type Scenario, type ScenarioInput } from "./schema.js";
import {
  type defaultEngineThreadOldSpaceMb,
  directoryObjects,
  engineThreadOldSpaceFor,
  type scenarioWeight,
} from "./thread-heap.js";
import { validateScenario } from "./validate.js";

/**
 * Runs a scenario on both engines, each on its own worker thread, and returns both results side by side —
 * the same JSON as {@link compareEngines}, in about the time of the slower engine alone.
 *
 * @remarks Runs in this thread instead (same result, one engine after the other) when the machine has a
 * single CPU, when `options.engineFactory` is given (a function cannot cross to another thread), or when
 * the scenario cannot be copied to a thread (it holds something other than plain data). Each thread holds
 * its own directory and engine state, so peak memory is about the sum of the two engines' own; each
 * thread's heap is limited by default so that it does not grow to several times what it holds
 * ({@link ParallelRunOptions.threadOldSpaceMb}). On a two-CPU Linux machine the engine thread furthest
 * behind gets a CPU of its own while it runs ({@link ParallelRunOptions.cpuPlacement}).
 *
 * @param input - a scenario (validated here first: an invalid one rejects with `invalid-scenario`)
 * @param options - seed, progress listener (called on this thread as the engines advance), the engine
 *   threads' old-space limit, CPU placement
 * @public
 */
export function compareEnginesInParallel(
  input: ScenarioInput | Scenario,
  options: ParallelRunOptions = {},
): Promise<ComparisonResult> {
  return runEnginesInParallel(input, ENGINE_KINDS, options);
}

/**
 * Options of a comparison on worker threads: those of every run, and the engine threads' heap.
 *
 * @public
 */
export interface ParallelRunOptions extends RunOptions {
  /**
   * Each engine thread's old-space limit, MB (the worker's `resourceLimits.maxOldGenerationSizeMb`), or
   * `"node"` for Node's own. By default {@link defaultEngineThreadOldSpaceMb} chooses: 2,047 MB for a
   * scenario that weighs up to 300,000 objects ({@link scenarioWeight}), which keeps V8 from letting each
   * heap grow to four times what it holds. A thread that runs out of memory under that default is run
   * again under Node's limit (its progress starts over) — best effort: an allocation far past the limit
   * can abort the process instead (nodejs/node#47224). A limit given here is kept: a thread that exceeds
   * it rejects the comparison (`ERR_WORKER_OUT_OF_MEMORY`). A process started with `--max-old-space-size`
   * or `--max-heap-size` keeps that for every thread, and Node then ignores this option
   * (nodejs/node#43991). Anything but `"node"` or a whole number of at least 16 is rejected with
   * `invalid-argument`.
   */
  readonly threadOldSpaceMb?: number | "node";
  /**
   * Where the threads run. `"auto"` (the default): on Linux, when the process may use exactly two CPUs, the
   * engine thread furthest behind in simulated progress gets one CPU of its own and every other thread of
   * the process — the other engine, V8's compiler and collector helpers, the main thread — the other,
   * through util-linux's `taskset`, until an engine finishes; then every thread gets the process's CPUs
   * back. The slower engine then no longer waits for a CPU while the helpers work (in the 150,000-user
   * comparison, ~2 s less of ~21 s). `"off"` leaves the threads to the kernel. Results are the same
   * either way. Anything else is rejected with `invalid-argument`.
   */
  readonly cpuPlacement?: CpuPlacementMode;
}

/** The names of {@link ParallelRunOptions}. */
const PARALLEL_RUN_OPTION_NAMES = optionNames<ParallelRunOptions>()(
  ...RUN_OPTION_NAMES,
  "threadOldSpaceMb",
  "cpuPlacement",
);

/**
 * The {@link expectedWork} from which engine runs go on worker threads unless told otherwise: the CLI's
 * `run` puts each engine on a thread of its own, a sweep runs its engine runs on a pool of threads. Below
 * it a run takes a few seconds, and two threads — each loading the simulator and building its own
 * directory, and slowing each other down as they look objects up in memory — cost about what they save.
 * Measured on a 2-CPU machine (`run`, threads against one after the other): the office day at 10,000 and
 * 30,000 users (~3,000 changes) 3.5–4.0 s against 2.9 s and 5.2–5.6 against 4.7–4.8; 5,000 users with
 * 25,000 changes 4.4–4.5 against 3.8–3.9, with 50,000 changes 5.6–5.8 against 5.7, with 240,000 changes
 * 14.3–15.2 against 19.1–19.3; 10,000 users with 120,000 changes 10.0 against 12.1–12.4; 100,000 users
 * with 30,000 changes 12.9–13.4 against 14.6–14.9; 150,000 users with 240,000 changes ~33 s against ~42.
 * @internal
 */
export const PARALLEL_FROM_WORK = 50_000;

/**
 * A scenario's size as a run feels it: the objects its directory starts with (each synchronised once,
 * initially) plus the changes its workload is expected to make (every rate times the duration in hours)
 * plus its scripted events. A run's time grows with both; which of threads or one thread is faster
 * depends on it (see {@link PARALLEL_FROM_WORK}). @internal
 */
export function expectedWork(scenario: Scenario): number {
  // Every field of the workload block is a rate per hour.
  let perHour = 0;
  for (const rate of Object.values(scenario.workload)) perHour += rate;
  return (
    directoryObjects(scenario) + Math.round(expectedOver(perHour, scenario.duration)) + scenario.events.length
  );
}

/**
 * {@link runEngines} with each engine on its own worker thread (see {@link compareEnginesInParallel}).
 *
 * @public
 */
export async function runEnginesInParallel(
  input: ScenarioInput | Scenario,
  kinds: readonly EngineKind[],
  options: ParallelRunOptions = {},
): Promise<ComparisonResult> {
  checkedEngineKinds(kinds);
  checkedRunOptions(options, PARALLEL_RUN_OPTION_NAMES);
  const scenario = validateScenario(input);
  const seed = options.seed ?? scenario.seed;
  const chosen = checkedOldSpace(options.threadOldSpaceMb);
  const placementMode = checkedPlacement(options.cpuPlacement);
  const distinct = [...new Set(kinds)];
  if (
    distinct.length < 2 ||
    options.engineFactory !== undefined ||
    availableParallelism() < 2 ||
    !cloneable(input)
  )
    return runCheckedEngines(scenario, kinds, options);

  const { limit, retryUnlimited } = threadHeap(chosen, [scenario]);
  const engineThreads = new EngineThreads();
  const placement = CpuPlacement.forThisProcess(placementMode, distinct);
  let results: ComparisonResult[];
  try {
    const threads = distinct.map((kind) => {
      const data: EngineWorkerData = {
        scenario: input,
        kind,
        seed,
        // Placement follows the engines' progress, whether or not the caller does.
        progress: options.onProgress !== undefined || placement !== undefined,
      };
      return runOnThread(data, limit, engineThreads, options.onProgress, retryUnlimited, placement);
    });
    results = await Promise.all(threads);
  } finally {
    // After a failure, the other engine's run is of no use: stop it (and start no rerun of it).
    engineThreads.stop();
    placement?.release();
  }

  const runs = new Map<EngineKind, EngineRun>();
  distinct.forEach((kind, i) => {
    runs.set(kind, {
      result: results[i]?.engines[kind],
      capabilities: results[i]?.summary?.capabilities?.[kind],
    });
  });
  return comparisonOf(scenario, seed, kinds, runs);
}

/**
 * The engine workers of one comparison, stopped together once it has its answer or has failed — and then
 * none is started any more (a rerun after out of memory included).
 *
 * @internal
 */
export class EngineThreads {
  private readonly workers: Worker[] = [];
  private over = false;

  /** Workers started so far. */
  get started(): number {
    return this.workers.length;
  }

  /** True once {@link stop} was called. */
  get stopped(): boolean {
    return this.over;
  }

  /** Starts a worker; undefined once stopped. */
  start(data: EngineWorkerData, oldSpaceMb: number | undefined): Worker | undefined {
    if (this.over) return undefined;
    const worker = startWorker(data, oldSpaceMb);
    this.workers.push(worker);
    return worker;
  }

  /** Stops every worker started, and any later start. */
  stop(): void {
    this.over = true;
    for (const worker of this.workers) void worker.terminate();
  }
}

/**
 * Runs one engine on a worker thread of its own and settles with its result, or with the error it
 * reported or died of (out of memory: Node's `ERR_WORKER_OUT_OF_MEMORY`).
 *
 * @param data - what the worker runs
 * @param oldSpaceMb - the worker's old-space limit, MB (`undefined`: Node's own)
 * @param threads - the comparison's workers (each attempt joins them)
 * @param onProgress - the caller's progress listener
 * @param retryUnlimited - a worker out of memory under `oldSpaceMb` runs again under Node's own limit,
 *   unless the comparison is over meanwhile
 * @param placement - the comparison's CPU placement, told of the thread and its progress
 * @internal
 */
export async function runOnThread(
  data: EngineWorkerData,
  oldSpaceMb: number | undefined,
  threads: EngineThreads,
  onProgress?: RunOptions["onProgress"],
  retryUnlimited = false,
  placement?: CpuPlacement,
): Promise<ComparisonResult> {
  const first = runWorker(data, oldSpaceMb, threads, onProgress, placement);
  // Once this engine is done (or failed) the other runs alone: every thread may use every CPU again.
  const release = (): void => placement?.release();
  first.then(release, release);
  try {
    return await first;
  } catch (error) {
    if (!isOutOfMemory(error) || !retryUnlimited || oldSpaceMb === undefined || threads.stopped) throw error;
    // The placement ended with the first attempt: the rerun's threads are the kernel's to place.
    return runWorker(data, undefined, threads, onProgress, undefined);
  }
}

/** {@link runOnThread}'s one attempt. */
function runWorker(
  data: EngineWorkerData,
  oldSpaceMb: number | undefined,
  threads: EngineThreads,
  onProgress: RunOptions["onProgress"],
  placement: CpuPlacement | undefined,
): Promise<ComparisonResult> {
  return new Promise<ComparisonResult>((resolve, reject) => {
    const worker = threads.start(data, oldSpaceMb);
    if (!worker) {
      reject(new Error(`the comparison stopped before the ${data.kind} engine's thread started`));
      return;
    }
    // A promise settles once: whatever the worker says after its result or error changes nothing.
    worker.on("message", (message: EngineWorkerMessage) => {
      if (message.type === "thread") placement?.threadStarted(data.kind, message.tid);
      else if (message.type === "progress") {
        placement?.progressed(message.engine, message.now, message.horizon, message.phase);
        onProgress?.(message.engine, message.now, message.horizon, message.phase);
      } else if (message.type === "result") resolve(message.result);
      else reject(errorFromData(message.error));
    });
    // A crash the worker could not report itself (out of memory, a failed module load).
    worker.on("error", reject);
    worker.on("exit", (code) =>
      reject(new Error(`the ${data.kind} engine's worker thread stopped (exit code ${code})`)),
    );
  });
}

/**
 * The old-space limit of engine threads running `scenarios`: the one chosen (`"node"`: Node's own), else
 * the largest {@link engineThreadOldSpaceFor} of them (Node's own when one of them asks for it). Only that
 * default is a guess: a thread it was too small for runs again under Node's own (`retryUnlimited`).
 *
 * @internal
 */
export function threadHeap(
  chosen: number | "node" | undefined,
  scenarios: readonly Scenario[],
): { readonly limit: number | undefined; readonly retryUnlimited: boolean } {
  if (chosen !== undefined) return { limit: chosen === "node" ? undefined : chosen, retryUnlimited: false };
  const limits = scenarios.map((scenario) => engineThreadOldSpaceFor(scenario));
  const limit = limits.includes(undefined) ? undefined : Math.max(...(limits as number[]));
  return { limit, retryUnlimited: true };
}

/** True when a worker died of its heap limit (Node's `ERR_WORKER_OUT_OF_MEMORY`). @internal */
export function isOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY";
}

/** The `threadOldSpaceMb` option, checked before any thread starts. @internal */
export function checkedOldSpace(value: unknown): number | "node" | undefined {
  if (value === undefined || value === "node" || (Number.isInteger(value) && (value as number) >= 16))
    return value as number | "node" | undefined;
  throw new SimulationError(
    "invalid-argument",
    `threadOldSpaceMb: ${show(value)} is not "node" or a whole number of MB (at least 16)`,
    { field: "threadOldSpaceMb", value },
  );
}

/** The `cpuPlacement` option, checked before any thread starts. */
function checkedPlacement(value: unknown): CpuPlacementMode {
  if (value === undefined) return "auto";
  if (CPU_PLACEMENT_MODES.includes(value as CpuPlacementMode)) return value as CpuPlacementMode;
  throw new SimulationError("invalid-argument", `cpuPlacement: ${show(value)} is not "auto" or "off"`, {
    field: "cpuPlacement",
    value,
  });
}

/** True when the scenario is plain data a worker can be sent. @internal */
export function cloneable(input: unknown): boolean {
  try {
    structuredClone(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts an engine worker. Built, the worker is `engine-worker.js` beside this module's bundle. From
 * sources (`.ts`: tsx, vitest) it is `engine-worker.ts`, loaded by `engine-worker.dev.mjs` through tsx's
 * loader — a development dependency, there whenever sources are run. @internal
 */
export function startWorker(
  data: EngineWorkerData | ServingWorkerData,
  oldSpaceMb: number | undefined,
): Worker {
  const here = import.meta.url;
  const entry = here.endsWith(".ts") ? "./engine-worker.dev.mjs" : "./engine-worker.js";
  const url = new URL(entry, here);
  let execArgv = workerExecArgv(process.execArgv);
  // V8 and per-process options (`--max-old-space-size`, `--expose-gc`, `--stack-size`…) are refused by a
  // worker, and need not be passed: they are in force for every thread of the process already. Node names
  // the refused ones in its message; should that ever fail, the worker starts with no options at all.
  for (let attempt = 0; ; attempt++) {
    try {
      return new Worker(url, {
        workerData: data,
        execArgv,
        ...(oldSpaceMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: oldSpaceMb } }),
      });
    } catch (error) {
      if ((error as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV" || execArgv.length === 0)
        throw error;
      execArgv = attempt === 0 ? withoutRefused(execArgv, String((error as Error).message)) : [];
    }
  }
}

/**
 * `execArgv` without the options a worker refused, as Node's `ERR_WORKER_INVALID_EXEC_ARGV` message lists
 * them ("Initiated Worker with invalid execArgv flags: --a=1, --b").
 *
 * @internal
 */
export function withoutRefused(execArgv: readonly string[], message: string): string[] {
  const at = message.indexOf(": ");
  const refused = new Set(at < 0 ? [] : message.slice(at + 2).split(", "));
  return execArgv.filter((arg) => !refused.has(arg));
}

/**
 * The process's Node options for a worker, without those that describe the process's own entry point (a
 * script given with `-e` / `-p`, `--input-type`): a worker started from a file refuses them.
 *
 * @internal
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (arg === "-e" || arg === "--eval" || arg === "-p" || arg === "--print") i++;
    else if (!/^(--input-type|--eval|--print)=/.test(arg)) kept.push(arg);
  }
  return kept;
}
