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
import { type EngineWorkerData, type EngineWorkerMessage, errorFromData } from "./parallel-messages.js";
import type { ComparisonResult } from "./result.js";
import { comparisonOf, ENGINE_KINDS, type EngineRun, type RunOptions, runEngines } from "./run.js";
import type { Scenario, ScenarioInput } from "./schema.js";
import { validateScenario } from "./validate.js";

/**
 * Runs a scenario on both engines, each on its own worker thread, and returns both results side by side —
 * the same JSON as {@link compareEngines}, in about the time of the slower engine alone.
 *
 * @remarks Runs in this thread instead (same result, one engine after the other) when the machine has a
 * single CPU, when `options.engineFactory` is given (a function cannot cross to another thread), or when
 * the scenario cannot be copied to a thread (it holds something other than plain data). Each thread holds
 * its own directory and engine state, so peak memory is about the sum of the two engines' own.
 *
 * @param input - a scenario (validated here first: an invalid one rejects with `invalid-scenario`)
 * @param options - seed, progress listener (called on this thread as the engines advance)
 * @public
 */
export function compareEnginesInParallel(
  input: ScenarioInput | Scenario,
  options: RunOptions = {},
): Promise<ComparisonResult> {
  return runEnginesInParallel(input, ENGINE_KINDS, options);
}

/**
 * {@link runEngines} with each engine on its own worker thread (see {@link compareEnginesInParallel}).
 *
 * @public
 */
export async function runEnginesInParallel(
  input: ScenarioInput | Scenario,
  kinds: readonly EngineKind[],
  options: RunOptions = {},
): Promise<ComparisonResult> {
  const scenario = validateScenario(input);
  const seed = options.seed ?? scenario.seed;
  const distinct = [...new Set(kinds)];
  if (
    distinct.length < 2 ||
    options.engineFactory !== undefined ||
    availableParallelism() < 2 ||
    !cloneable(input)
  )
    return runEngines(input, kinds, options);

  const workers: Worker[] = [];
  const threads = distinct.map((kind) => {
    const data: EngineWorkerData = {
      scenario: input,
      kind,
      seed,
      progress: options.onProgress !== undefined,
    };
    return new Promise<ComparisonResult>((resolve, reject) => {
      const worker = startWorker(data);
      workers.push(worker);
      // A promise settles once: whatever the worker says after its result or error changes nothing.
      worker.on("message", (message: EngineWorkerMessage) => {
        if (message.type === "progress")
          options.onProgress?.(message.engine, message.now, message.horizon, message.phase);
        else if (message.type === "result") resolve(message.result);
        else reject(errorFromData(message.error));
      });
      // A crash the worker could not report itself (out of memory, a failed module load).
      worker.on("error", reject);
      worker.on("exit", (code) =>
        reject(new Error(`the ${kind} engine's worker thread stopped (exit code ${code})`)),
      );
    });
  });
  let results: ComparisonResult[];
  try {
    results = await Promise.all(threads);
  } finally {
    // After a failure, the other engine's run is of no use: stop it.
    for (const worker of workers) void worker.terminate();
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

/** True when the scenario is plain data a worker can be sent. */
function cloneable(input: unknown): boolean {
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
 * loader — a development dependency, there whenever sources are run.
 */
function startWorker(data: EngineWorkerData): Worker {
  const here = import.meta.url;
  const entry = here.endsWith(".ts") ? "./engine-worker.dev.mjs" : "./engine-worker.js";
  const url = new URL(entry, here);
  let execArgv = workerExecArgv(process.execArgv);
  // V8 and per-process options (`--max-old-space-size`, `--expose-gc`, `--stack-size`…) are refused by a
  // worker, and need not be passed: they are in force for every thread of the process already. Node names
  // the refused ones in its message; should that ever fail, the worker starts with no options at all.
  for (let attempt = 0; ; attempt++) {
    try {
      return new Worker(url, { workerData: data, execArgv });
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
