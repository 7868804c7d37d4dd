/**
 * Sweeps (design.md "Scale beyond one machine"): one scenario run over several seeds and variants, each
 * engine run of each point on a worker thread of its own, a few at a time. A run is a pure function of
 * (scenario, seed), so a sweep's result does not depend on how many threads ran it or on how it was split
 * into shards: shards joined by {@link mergeSweeps} give the JSON of the sweep run whole.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { EngineKind } from "../engines/engine.js";
import { checkedOptionsObject, checkWholeNumber, optionNames } from "../scheduler/errors.js";
import {
  checkedOldSpace,
  cloneable,
  expectedWork,
  isOutOfMemory,
  PARALLEL_FROM_WORK,
  startWorker,
  threadHeap,
} from "./parallel.js";
import { type EngineTask, type EngineTaskAnswer, errorFromData } from "./parallel-messages.js";
import type { ChangeCounts, ComparisonResult, EngineResult, ResultIncident } from "./result.js";
import { runCheckedEngines } from "./run.js";
import { checkedCallbacks } from "./run-arguments.js";
import type { Scenario, ScenarioInput } from "./schema.js";
import {
  layOutSweep,
  SWEEP_PLAN_OPTION_NAMES,
  type SweepPlanOptions,
  type SweepPoint,
  type SweepShard,
  type SweepVariant,
  type SweptScenarios,
} from "./sweep-plan.js";
import { type SweepVariantSummary, summarizeRuns } from "./sweep-summary.js";
import { VERSION } from "./version.js";

/**
 * What a sweep keeps of one engine's run: the figures that compare across seeds. The scripted events'
 * fates and the backlog timeline are left out (a sweep of many runs would carry them all); run the point
 * alone (`run <scenario> --seed N`) for those.
 *
 * @public
 */
export interface SweepEngineRun {
  /** Latency per change category, as in {@link EngineResult.latency}. */
  readonly latency: EngineResult["latency"];
  /** The fates of the changes made. */
  readonly changes: ChangeCounts;
  /** The incidents, in time order. */
  readonly incidents: readonly ResultIncident[];
  /** Features the engine could not provide. */
  readonly unsupported: EngineResult["unsupported"];
}

/**
 * One point of a sweep, run.
 *
 * @public
 */
export interface SweepRun {
  /** The point's number in the sweep. */
  readonly point: number;
  /** Index of its variant in {@link SweepResult.variants}. */
  readonly variant: number;
  /** Its seed. */
  readonly seed: number;
  /** Each engine's figures. */
  readonly engines: Readonly<Partial<Record<EngineKind, SweepEngineRun>>>;
}

/**
 * A sweep's result (plain JSON, the CLI's `sweep --json`). A shard's result has `shard` and its own runs
 * only; the whole sweep's — run whole or merged from its shards — has every run and the `summary`.
 *
 * @public
 */
export interface SweepResult {
  /** The scenario's name. */
  readonly sweep: string;
  /** The package version that ran it (shards of different versions do not merge). */
  readonly version: string;
  /** The engines each point ran, in report order. */
  readonly engines: readonly EngineKind[];
  /** The seeds, in order. */
  readonly seeds: readonly number[];
  /** The variants, in order. */
  readonly variants: readonly SweepVariant[];
  /** How many points the whole sweep has (variants × seeds). */
  readonly points: number;
  /** The shard this result holds, when it holds one. */
  readonly shard?: SweepShard;
  /** The runs, in point order. */
  readonly runs: readonly SweepRun[];
  /** Per variant, the engines' figures across seeds (whole sweeps only). */
  readonly summary?: readonly SweepVariantSummary[];
}

/**
 * Options of {@link runSweep}: what to run, and how.
 *
 * @public
 */
export interface SweepOptions extends SweepPlanOptions {
  /**
   * Engine runs at a time, each on a worker thread of a pool that serves run after run. 1 runs everything
   * on this thread, one run after the other. Default: the machine's available parallelism when a
   * variant's directory objects and expected changes together reach 50,000 (the CLI's `run` puts its
   * engines on threads from the same size), else 1. Engine runs are bound by memory latency, and two at
   * once slow each other down: on the two-core machine, `office-day` (5,000 users, ~3,000 changes) over
   * four seeds took 4.5–4.8 s on one thread and 6.2–6.8 s on two, at 30,000 users over two seeds 9.2–11.1
   * s and 11.0–11.8 s; with 50,000 changes over 5,000 users two seeds took 9.3–9.8 s and 9.0–9.1 s, with
   * 120,000 changes over 10,000 users 21.2–21.8 s and 16.6–17.5 s. Each thread holds a whole directory: a
   * sweep of a large scenario needs memory for this many (see `threadOldSpaceMb`).
   */
  readonly threads?: number;
  /**
   * Each thread's old-space limit, MB, or `"node"` for Node's own — as {@link ParallelRunOptions}'s: by
   * default the largest {@link defaultEngineThreadOldSpaceMb} of the variants, and a thread that runs out
   * of memory under that default is replaced by one under Node's own limit, which runs its engine run
   * again from the start (the other threads carry on). A limit given here is kept: a thread that exceeds
   * it fails the sweep (`ERR_WORKER_OUT_OF_MEMORY`; run fewer at a time). Anything but `"node"` or a whole
   * number of at least 16 is rejected with `invalid-argument`.
   */
  readonly threadOldSpaceMb?: number | "node";
  /** Called after each engine run with the number done and the number in all (on this thread). */
  readonly onProgress?: (done: number, total: number) => void;
}

const SWEEP_OPTION_NAMES = optionNames<SweepOptions>()(
  ...SWEEP_PLAN_OPTION_NAMES,
  "threads",
  "threadOldSpaceMb",
  "onProgress",
);

/**
 * Runs a scenario over seeds and variants (or one shard of that), both engines of each point, and returns
 * every run's figures and, for a whole sweep, their spread per variant.
 *
 * @param input - the scenario as written
 * @param options - seeds, variants, engines, shard, threads, progress listener
 * @throws SimulationError `invalid-argument` for a bad option (see {@link planSweep}; options not an
 * object, `threads` not a whole number ≥ 1, `threadOldSpaceMb` not `"node"` or a whole number ≥ 16,
 * `onProgress` not a function), ScenarioError when a variant is invalid — both before anything runs
 * @public
 */
export async function runSweep(input: ScenarioInput, options: SweepOptions = {}): Promise<SweepResult> {
  checkedOptionsObject(options, SWEEP_OPTION_NAMES);
  checkedCallbacks(options, ["onProgress"]);
  const chosen = checkedThreads(options.threads);
  const heap = checkedOldSpace(options.threadOldSpaceMb);
  const swept = layOutSweep(input, options);
  const large = swept.scenarios.some((scenario) => expectedWork(scenario) >= PARALLEL_FROM_WORK);
  const threads = chosen ?? (large ? availableParallelism() : 1);
  const { plan } = swept;
  const tasks = plan.mine.flatMap((point) => plan.engines.map((kind) => ({ point, kind })));
  // Each engine's result is cut to what a sweep keeps as it arrives: a long sweep holds no timelines.
  const results = new Map<string, SweepEngineRun>();
  const key = (point: number, kind: EngineKind): string => `${point}:${kind}`;
  let done = 0;
  const record = (task: Task, result: ComparisonResult): void => {
    const engine = result.engines[task.kind];
    if (engine) results.set(key(task.point.point, task.kind), sweepEngineRun(engine));
    options.onProgress?.(++done, tasks.length);
  };
  if (threads <= 1 || tasks.length <= 1 || !swept.inputs.every(cloneable)) runHere(swept, record);
  // One limit for every thread: the one chosen, else the largest any variant's scenario asks for.
  else await runOnThreads(swept, tasks, { threads, ...threadHeap(heap, swept.scenarios) }, record);

  const runs: SweepRun[] = plan.mine.map((point) => ({
    point: point.point,
    variant: point.variant,
    seed: point.seed,
    engines: Object.fromEntries(
      plan.engines.flatMap((kind) => {
        const run = results.get(key(point.point, kind));
        return run ? [[kind, run]] : [];
      }),
    ),
  }));
  return sweepResult(
    {
      sweep: plan.scenario,
      version: VERSION,
      engines: plan.engines,
      seeds: plan.seeds,
      variants: plan.variants,
      points: plan.points.length,
      ...(plan.shard ? { shard: plan.shard } : {}),
    },
    runs,
  );
}

/** One engine's run of one point. @internal */
export interface Task {
  readonly point: SweepPoint;
  readonly kind: EngineKind;
}

/** Runs the points on this thread, both engines of a point together, one point after the other. */
function runHere(swept: SweptScenarios, record: (task: Task, result: ComparisonResult) => void): void {
  for (const point of swept.plan.mine) {
    const scenario = swept.scenarios[point.variant] as Scenario;
    const result = runCheckedEngines(scenario, swept.plan.engines, { seed: point.seed });
    for (const kind of swept.plan.engines) record({ point, kind }, result);
  }
}

/** How {@link runOnThreads} runs its pool. @internal */
export interface ThreadPool {
  /** Threads at a time. */
  readonly threads: number;
  /** Each thread's old-space limit, MB (undefined: Node's own). */
  readonly limit: number | undefined;
  /** A thread out of memory under `limit` is replaced by one under Node's own, which runs its task again. */
  readonly retryUnlimited: boolean;
}

/**
 * Runs the tasks on a pool of worker threads, each serving task after task so that its compiled code stays
 * warm (a thread started per run would spend most of a small run compiling). The first failure (an
 * engine's error, a thread out of memory under a limit that is kept) stops every thread and rejects.
 *
 * @internal
 */
export async function runOnThreads(
  swept: SweptScenarios,
  tasks: readonly Task[],
  pool: ThreadPool,
  record: (task: Task, result: ComparisonResult) => void,
): Promise<void> {
  const workers: Worker[] = [];
  let next = 0;
  let over = false;
  const start = (limit: number | undefined): Worker => {
    const worker = startWorker({ serve: true }, limit);
    workers.push(worker);
    return worker;
  };
  const serve = (first: Worker): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let current: Task | undefined;
      let worker = first;
      let limit = pool.limit;
      const fail = (error: unknown): void => {
        over = true;
        reject(error);
      };
      const post = (task: Task): void => {
        const message: EngineTask = {
          type: "task",
          scenario: swept.inputs[task.point.variant] as ScenarioInput,
          kind: task.kind,
          seed: task.point.seed,
        };
        worker.postMessage(message);
      };
      const send = (): void => {
        current = over ? undefined : tasks[next++];
        if (current) post(current);
        else resolve();
      };
      const listen = (): void => {
        worker.on("message", (answer: EngineTaskAnswer) => {
          if (answer.type === "error") return fail(errorFromData(answer.error));
          try {
            record(current as Task, answer.result);
          } catch (error) {
            return fail(error);
          }
          send();
        });
        worker.on("error", (error: Error) => {
          if (!isOutOfMemory(error) || !pool.retryUnlimited || limit === undefined || over || !current)
            return fail(error);
          // Its heap was the default's guess, too small: a thread under Node's own limit runs the task
          // again from the start. The dead thread's exit is no failure.
          worker.removeAllListeners();
          limit = undefined;
          worker = start(undefined);
          listen();
          post(current);
        });
        worker.on("exit", (code) => fail(new Error(`a sweep's worker thread stopped (exit code ${code})`)));
      };
      listen();
      send();
    });
  try {
    const firsts: Worker[] = [];
    for (let i = 0; i < Math.min(pool.threads, tasks.length); i++) firsts.push(start(pool.limit));
    await Promise.all(firsts.map(serve));
  } finally {
    over = true;
    for (const worker of workers) void worker.terminate();
  }
}

/** A sweep's identity: everything but its runs and summary. @internal */
export type SweepHeader = Omit<SweepResult, "runs" | "summary">;

/**
 * A sweep result from its header and runs: the runs in point order, and the summary when the result is
 * whole (no shard). One function for a sweep run whole and one merged, so both give the same JSON.
 *
 * @internal
 */
export function sweepResult(header: SweepHeader, runs: readonly SweepRun[]): SweepResult {
  const sorted = [...runs].sort((a, b) => a.point - b.point);
  const result: SweepResult = {
    sweep: header.sweep,
    version: header.version,
    engines: header.engines,
    seeds: header.seeds,
    variants: header.variants,
    points: header.points,
    ...(header.shard ? { shard: header.shard } : {}),
    runs: sorted,
  };
  return header.shard ? result : { ...result, summary: summarizeRuns(result) };
}

/** What a sweep keeps of an engine's result. */
function sweepEngineRun(result: EngineResult): SweepEngineRun {
  return {
    latency: result.latency,
    changes: result.changes,
    incidents: result.incidents,
    unsupported: result.unsupported,
  };
}

/** The threads option, checked. */
function checkedThreads(threads: unknown): number | undefined {
  checkWholeNumber(threads, "threads", 1);
  return threads as number | undefined;
}
