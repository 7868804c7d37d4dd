import { SimulationError, show } from "./errors.js";
import { EventQueue, type QueueEntry } from "./event-queue.js";
import type { Host } from "./host.js";
import { Process, type ProcessBody } from "./process.js";

/**
 * A handle on a scheduled event, for cancelling it.
 *
 * @public
 */
export interface EventHandle {
  /** Virtual time the event is due at. */
  readonly time: number;
  /** Insertion sequence: the tie-breaker between events due at the same time. */
  readonly seq: number;
  /** Optional label, shown in traces. */
  readonly label: string | undefined;
  /** True once cancelled. */
  readonly cancelled: boolean;
}

/**
 * A repeating task made by {@link Scheduler.every}.
 *
 * @public
 */
export interface PeriodicTask {
  /** Stops the task; the pending occurrence never runs. */
  cancel(): void;
  /** Time of the next occurrence, or undefined once cancelled. */
  readonly nextAt: number | undefined;
}

/**
 * One executed event, as the trace hook sees it.
 *
 * @public
 */
export interface TraceRecord {
  /** Virtual time of the event. */
  readonly time: number;
  /** Its insertion sequence. */
  readonly seq: number;
  /** Its label, if any. */
  readonly label: string | undefined;
}

/**
 * What a run call did.
 *
 * @public
 */
export interface RunSummary {
  /** Events executed by this call. */
  readonly executed: number;
  /** Virtual time at the end of the call. */
  readonly now: number;
}

/**
 * Options of {@link Scheduler}.
 *
 * @public
 */
export interface SchedulerOptions {
  /** Start time (default 0). */
  readonly start?: number;
  /**
   * Called when an event's action throws. The queue is intact either way, so later events still run on the
   * next call. Default: rethrow, so a bug in a component fails the run loudly.
   */
  readonly onError?: (error: unknown, event: TraceRecord) => void;
}

/**
 * The virtual-time kernel: a clock in integer milliseconds and an event queue ordered by (time, insertion
 * sequence). Nothing in the simulator reads a real clock; everything waits on this one.
 *
 * @remarks Modelled on SimPy's `Environment`: a heap, `step()`, `run(until)`, and processes written as
 * generators (see {@link Process}).
 * @public
 */
export class Scheduler {
  private readonly queue = new EventQueue();
  private clock: number;
  private nextSeq = 0;
  private tracer: ((record: TraceRecord) => void) | undefined;
  private readonly onError: ((error: unknown, event: TraceRecord) => void) | undefined;
  private executedTotal = 0;
  // How far the run in progress may go without looking at the queue again: `until` of run(), the event's
  // own time during a bare step(). See tryAdvance.
  private horizon = Number.NEGATIVE_INFINITY;
  private running = false;

  /** @param options - start time and error policy */
  constructor(options: SchedulerOptions = {}) {
    this.clock = options.start ?? 0;
    this.onError = options.onError;
  }

  /** Current virtual time in milliseconds. */
  get now(): number {
    return this.clock;
  }

  /** Events still due to run. */
  get pending(): number {
    return this.queue.size;
  }

  /** Events executed since the scheduler was made. */
  get executed(): number {
    return this.executedTotal;
  }

  /** Time of the next due event, or undefined when the queue is empty. */
  get nextEventTime(): number | undefined {
    return this.queue.peek()?.time;
  }

  /**
   * Installs a hook called before each executed event (one hook; pass undefined to remove it).
   */
  trace(hook: ((record: TraceRecord) => void) | undefined): void {
    this.tracer = hook;
  }

  /**
   * Schedules `action` at absolute virtual time `at`.
   *
   * @throws SimulationError `invalid-time` for a non-finite time, `time-in-past` for a time before now
   */
  schedule(at: number, action: () => void, label?: string): EventHandle {
    this.checkTime("schedule", at);
    const entry: QueueEntry = {
      time: Math.round(at),
      seq: this.nextSeq++,
      action,
      label,
      cancelled: false,
      done: false,
    };
    this.queue.push(entry);
    return entry;
  }

  /**
   * Schedules the action of an event that has run once more, at `at`: the same order as scheduling it
   * anew (a new insertion sequence), and the handle then stands for the new occurrence. Recurring arrivals
   * and process wake-ups reuse their entry this way instead of making one per occurrence (a day's run
   * has hundreds of thousands). Does nothing and returns false when the event has not run — still due,
   * or cancelled: schedule a new one then.
   *
   * @throws SimulationError as {@link Scheduler.schedule} for the time
   * @internal
   */
  reschedule(handle: EventHandle, at: number): boolean {
    const entry = handle as QueueEntry;
    if (!entry.done || entry.cancelled) return false;
    this.checkTime("schedule", at);
    entry.time = Math.round(at);
    entry.seq = this.nextSeq++;
    entry.done = false;
    this.queue.push(entry);
    return true;
  }

  private checkTime(operation: string, at: number): void {
    if (!Number.isFinite(at)) {
      throw new SimulationError("invalid-time", `${operation}: time ${show(at)} is not a finite number`, {
        field: "at",
        value: at,
      });
    }
    if (at < this.clock) {
      throw new SimulationError("time-in-past", `${operation}: time ${at} is before now (${this.clock})`, {
        field: "at",
        value: at,
      });
    }
  }

  /** Schedules `action` after `delay` milliseconds (0 = later at the same instant). */
  after(delay: number, action: () => void, label?: string): EventHandle {
    if (!Number.isFinite(delay) || delay < 0) {
      throw new SimulationError(
        Number.isFinite(delay) ? "time-in-past" : "invalid-time",
        `after: delay ${show(delay)} must be a finite number >= 0`,
        { field: "delay", value: delay },
      );
    }
    return this.schedule(this.clock + delay, action, label);
  }

  /** Cancels a scheduled event; true if it had not run yet. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle as QueueEntry);
  }

  /**
   * Runs `action` every `interval` ms, first at `firstAt` (default now + interval). Each occurrence is
   * scheduled when the previous one runs, so cancelling from inside the action works.
   */
  every(
    interval: number,
    action: (time: number) => void,
    options: { firstAt?: number; label?: string } = {},
  ): PeriodicTask {
    if (!Number.isFinite(interval) || interval <= 0) {
      throw new SimulationError("invalid-argument", `every: interval ${show(interval)} must be > 0`, {
        field: "interval",
        value: interval,
      });
    }
    let handle: EventHandle | undefined;
    let cancelled = false;
    const arm = (at: number): void => {
      handle = this.schedule(
        at,
        () => {
          arm(at + interval);
          action(at);
        },
        options.label,
      );
    };
    arm(options.firstAt ?? this.clock + interval);
    return {
      cancel: () => {
        cancelled = true;
        if (handle) this.cancel(handle);
      },
      get nextAt() {
        return cancelled ? undefined : handle?.time;
      },
    };
  }

  /**
   * Moves the clock straight to `at` when nothing else can happen first: no event is due at or before `at`,
   * the run in progress reaches `at` (a finite `until`, or the instant of a single step), and no tracer
   * wants to see each event. A process sleeping into such a gap then continues at once — the effects in
   * the same order as through an event for its wake-up, without the event (a provisioning cycle sleeps
   * once per object). Counted in {@link Scheduler.executed} as the event it replaces.
   *
   * @returns whether the clock moved (false: schedule the wake-up as usual)
   * @internal
   */
  tryAdvance(at: number): boolean {
    if (!(at <= this.horizon) || this.tracer || at < this.clock) return false;
    const next = this.queue.peek();
    if (next && next.time <= at) return false;
    this.clock = at;
    this.executedTotal++;
    return true;
  }

  /** Executes the next event, advancing the clock to it. False when the queue is empty. */
  step(): boolean {
    const outer = this.horizon;
    // A bare step reaches no further than its own event's instant; inside run() the run's bound holds.
    try {
      if (!this.running) this.horizon = this.queue.peek()?.time ?? Number.NEGATIVE_INFINITY;
      return this.execute();
    } finally {
      this.horizon = outer;
    }
  }

  private execute(): boolean {
    const entry = this.queue.pop();
    if (!entry) return false;
    this.clock = entry.time;
    this.executedTotal++;
    if (this.tracer) this.tracer({ time: entry.time, seq: entry.seq, label: entry.label });
    if (this.onError) {
      // Read before the action runs: an action may schedule its own entry again (reschedule).
      const { time, seq, label } = entry;
      try {
        entry.action();
      } catch (error) {
        this.onError(error, { time, seq, label });
      }
    } else {
      entry.action();
    }
    return true;
  }

  /**
   * Runs events due at or before `until` (then sets the clock to `until`), or until the queue empties.
   *
   * @throws SimulationError `run-limit-exceeded` if more than `maxEvents` events run
   */
  run(options: { until?: number; maxEvents?: number } = {}): RunSummary {
    const until = options.until ?? Number.POSITIVE_INFINITY;
    const maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
    if (Number.isNaN(until) || until === Number.NEGATIVE_INFINITY) {
      throw new SimulationError("invalid-time", `run: until ${show(until)} is not a time`, {
        field: "until",
        value: until,
      });
    }
    if (!(maxEvents >= 0)) {
      throw new SimulationError("invalid-argument", `run: maxEvents ${show(maxEvents)} must be >= 0`, {
        field: "maxEvents",
        value: maxEvents,
      });
    }
    if (until < this.clock) {
      throw new SimulationError("time-in-past", `run: until ${until} is before now (${this.clock})`, {
        field: "until",
        value: until,
      });
    }
    let executed = 0;
    const outer = { horizon: this.horizon, running: this.running };
    // An unbounded run (runUntilIdle) keeps every wake-up an event, so maxEvents still stops a process
    // that sleeps for ever.
    this.horizon = Number.isFinite(until) ? until : Number.NEGATIVE_INFINITY;
    this.running = true;
    try {
      for (;;) {
        const next = this.queue.peek();
        if (!next || next.time > until) break;
        if (executed >= maxEvents) {
          throw new SimulationError("run-limit-exceeded", `run: more than ${maxEvents} events`, {
            field: "maxEvents",
            value: maxEvents,
          });
        }
        this.execute();
        executed++;
      }
    } finally {
      this.horizon = outer.horizon;
      this.running = outer.running;
    }
    if (Number.isFinite(until)) this.clock = Math.round(until);
    return { executed, now: this.clock };
  }

  /** Runs for `ms` of virtual time from now. */
  runFor(ms: number): RunSummary {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new SimulationError(
        Number.isFinite(ms) ? "time-in-past" : "invalid-time",
        `runFor: ${show(ms)} must be a finite number >= 0`,
        {
          field: "ms",
          value: ms,
        },
      );
    }
    return this.run({ until: this.clock + ms });
  }

  /**
   * Runs until no event is left, refusing to run more than `maxEvents` (default 10,000,000) so that a
   * periodic task cannot hang the caller.
   */
  runUntilIdle(options: { maxEvents?: number } = {}): RunSummary {
    return this.run({ maxEvents: options.maxEvents ?? 10_000_000 });
  }

  /**
   * Starts a process (see {@link Process}) now, optionally owned by a host.
   *
   * @param body - a generator object: the generator function called (`spawn(cycle())`)
   * @throws SimulationError `invalid-argument` when `body` is not a generator object (a generator function
   *   not called is the usual slip: its body would never run)
   */
  spawn<T>(body: ProcessBody<T>, options: { name?: string; host?: Host } = {}): Process<T> {
    if (typeof (body as { next?: unknown } | null)?.next !== "function") {
      const why =
        typeof body === "function"
          ? `body: function ${(body as () => unknown).name || "(anonymous)"} is a generator function, not a generator object: call it (spawn(gen()), not spawn(gen))`
          : `body: ${show(body)} is not a generator object`;
      throw new SimulationError("invalid-argument", why, { field: "body", value: body });
    }
    const process = new Process<T>(this, body, options.name ?? "process", options.host);
    process.start();
    return process;
  }
}
