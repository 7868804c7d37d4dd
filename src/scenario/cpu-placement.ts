/**
 * Where a comparison's threads run on a two-CPU Linux machine. Two engine threads there share their two CPUs
 * with V8's helper threads (optimising compilers and the collector's parallel and concurrent work, ~6–9 s of
 * CPU in the 150,000-user comparison), so the engine that finishes last spends seconds waiting for a CPU.
 * Measured: Connect's thread used ~17–20 s of CPU in a 21–24 s wall time, its CPU time the same as alone.
 * Giving the engine thread furthest behind a CPU of its own, and every other thread of the process the
 * other CPU, made that comparison faster in 14 of 15 interleaved pairs of runs, by ~2 s on average
 * (18.0–19.2 s against 20.2–22.1 s at quiet moments of the machine).
 *
 * Placement changes only where threads run, never what they compute: results stay byte-identical.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import type { EngineKind } from "../engines/engine.js";

/**
 * The values of {@link CpuPlacementMode}, in the order the CLI lists them.
 *
 * @public
 */
export const CPU_PLACEMENT_MODES = ["auto", "off"] as const;

/**
 * Whether a comparison on worker threads places its threads on CPUs: `"auto"` (the default) does on Linux
 * when the process may use exactly two CPUs and util-linux's `taskset` is there; `"off"` never does.
 *
 * @public
 */
export type CpuPlacementMode = (typeof CPU_PLACEMENT_MODES)[number];

/**
 * How far ahead (a fraction of the horizon) another engine must be before the CPU of its own changes
 * hands: progress arrives in steps (a virtual minute in a warm-up, 1/200 of the horizon in the run), so
 * engines that keep pace would otherwise swap it back and forth.
 *
 * @internal
 */
export const SWITCH_MARGIN = 0.02;

/** Runs `taskset` with these arguments; throws when it fails. @internal */
export type TasksetRunner = (args: readonly string[]) => void;

/** The process's threads, and whether one of them still runs (`/proc/self/task`). @internal */
export interface ThreadList {
  /** Kernel thread ids of the process's threads now. */
  readonly all: () => number[];
  /** False once the thread has ended. */
  readonly alive: (tid: number) => boolean;
}

const procThreads: ThreadList = {
  all: () => readdirSync("/proc/self/task").map(Number),
  alive: (tid) => existsSync(`/proc/self/task/${tid}`),
};

/**
 * The engine that should have a CPU of its own: the one furthest behind in simulated progress, once it is
 * behind the current one by more than {@link SWITCH_MARGIN}. Progress is the fraction of the horizon done
 * (0 while warming up): an engine behind in virtual time has more of the run ahead of it.
 *
 * @param current - the engine that has the CPU now
 * @param progress - each running engine's fraction done
 * @internal
 */
export function engineBehind(current: EngineKind, progress: ReadonlyMap<EngineKind, number>): EngineKind {
  let behind = current;
  let lowest = (progress.get(current) ?? 0) - SWITCH_MARGIN;
  for (const [kind, done] of progress)
    if (done < lowest) {
      behind = kind;
      lowest = done;
    }
  return behind;
}

/**
 * Parses a Linux CPU list (`Cpus_allowed_list`, `taskset -c`): `"0-1,4"` → `[0, 1, 4]`; undefined when it
 * is not one.
 *
 * @internal
 */
export function parseCpuList(list: string): number[] | undefined {
  const cpus: number[] = [];
  for (const part of list.trim().split(",")) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) return undefined;
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    for (let cpu = first; cpu <= last; cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** This thread's kernel thread id (Linux's `/proc/thread-self`), or undefined elsewhere. @internal */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The CPU list a thread of this process may run on, as its `status` file in /proc gives it: the main
 * thread's by default, or the thread with this kernel id (undefined once it has ended).
 *
 * @internal
 */
export function allowedCpuList(tid?: number | string): string | undefined {
  const status = tid === undefined ? "/proc/self/status" : `/proc/self/task/${tid}/status`;
  try {
    return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(status, "utf8"))?.[1];
  } catch {
    return undefined;
  }
}

const taskset: TasksetRunner = (args) => {
  execFileSync("taskset", args, { stdio: "ignore" });
};

/** Whether a placement is in force in this process (only one at a time: they would undo each other). */
let active = false;

/**
 * One comparison's placement: the engine threads report their thread ids and progress; the engine furthest
 * behind gets the first CPU, every other thread of the process (the other engine, V8's helpers, the main
 * thread) the second. When an engine finishes, or the comparison ends, every thread may again run on the
 * CPUs the process had. A failing `taskset` ends the placement quietly: it is an optimisation only.
 *
 * @internal
 */
export class CpuPlacement {
  private readonly tids = new Map<EngineKind, number>();
  private readonly progress = new Map<EngineKind, number>();
  private critical: EngineKind;
  private placed: EngineKind | undefined;
  /** Some thread's CPUs were changed: ending gives them back. */
  private pinned = false;
  private over = false;

  /**
   * @param cpus - the two CPUs: the first for the engine behind, the second for everything else
   * @param original - the CPU list every thread gets back
   * @param kinds - the engines, the one expected to be slower first (it starts with the CPU of its own)
   * @param run - runs `taskset`
   * @param threads - the process's threads
   */
  constructor(
    private readonly cpus: readonly [number, number],
    private readonly original: string,
    kinds: readonly EngineKind[],
    private readonly run: TasksetRunner,
    private readonly threads: ThreadList,
  ) {
    this.critical = kinds[0] as EngineKind;
    for (const kind of kinds) this.progress.set(kind, 0);
  }

  /**
   * A placement for this process, or undefined when `mode` is `"off"`, off Linux, when the process may use
   * other than two CPUs, or while another comparison's placement is in force. Connect starts with the CPU
   * of its own: its initial sync costs ~45 µs an object against Cloud Sync's ~30 (docs/scenarios.md).
   */
  static forThisProcess(mode: CpuPlacementMode, kinds: readonly EngineKind[]): CpuPlacement | undefined {
    if (mode === "off" || active || process.platform !== "linux" || kinds.length !== 2) return undefined;
    const original = allowedCpuList() ?? "";
    const cpus = parseCpuList(original);
    if (cpus?.length !== 2) return undefined;
    active = true;
    const order = kinds.includes("connect")
      ? ["connect" as const, ...kinds.filter((k) => k !== "connect")]
      : kinds;
    return new CpuPlacement([cpus[0] as number, cpus[1] as number], original, order, taskset, procThreads);
  }

  /** An engine thread started, with this kernel thread id. */
  threadStarted(kind: EngineKind, tid: number | undefined): void {
    // A thread that cannot say which it is cannot be placed: no placement at all then.
    if (tid === undefined) {
      this.release();
      return;
    }
    this.tids.set(kind, tid);
    this.place();
  }

  /** An engine's progress (see `ProgressListener`): places anew when another engine falls behind. */
  progressed(kind: EngineKind, now: number, horizon: number, phase?: "warm-up" | "run"): void {
    if (this.over || !this.progress.has(kind)) return;
    this.progress.set(kind, phase === "warm-up" || horizon <= 0 ? 0 : now / horizon);
    this.critical = engineBehind(this.critical, this.progress);
    this.place();
  }

  /**
   * Gives every thread the process's CPUs back and ends the placement (an engine finished, failed or is
   * run again, or the comparison is over); idempotent.
   */
  release(): void {
    if (this.over) return;
    this.over = true;
    active = false;
    if (this.pinned) this.giveBack();
  }

  /** Puts the engine behind on the first CPU and the rest on the second, once every engine has a thread. */
  private place(): void {
    if (this.over || this.placed === this.critical || this.tids.size < this.progress.size) return;
    const tid = this.tids.get(this.critical);
    if (tid === undefined) return;
    this.pinned = true;
    // Thread by thread rather than `taskset -a`, which stops at the first thread that ended meanwhile (a
    // previous comparison's workers may still be exiting). Threads started later inherit their creator's.
    let ok = this.pin(tid, String(this.cpus[0]));
    for (const other of this.threads.all())
      if (ok && other !== tid) ok = this.pin(other, String(this.cpus[1]));
    if (ok) this.placed = this.critical;
    else this.release();
  }

  /** Gives one thread a CPU list; false when taskset failed for a thread that still runs. */
  private pin(tid: number, cpus: string): boolean {
    try {
      this.run(["-p", "-c", cpus, String(tid)]);
      return true;
    } catch {
      return !this.threads.alive(tid);
    }
  }

  /** Every thread of the process gets the process's CPUs back (best effort: placement is only a hint). */
  private giveBack(): void {
    for (const tid of this.threads.all()) this.pin(tid, this.original);
  }
}
