import { SimulationError, show } from "./errors.js";
import type { Host } from "./host.js";
import type { EventHandle, Scheduler } from "./scheduler.js";

/**
 * A process command: sleep for a while of virtual time.
 *
 * @public
 */
export interface SleepCommand {
  /** Discriminant. */
  readonly kind: "sleep";
  /** Milliseconds of virtual time. */
  readonly ms: number;
}

/**
 * A process command: wait until a {@link Signal} fires, or until the timeout passes.
 *
 * @public
 */
export interface WaitCommand {
  /** Discriminant. */
  readonly kind: "wait";
  /** The signal waited on. */
  readonly signal: Signal<unknown>;
  /** Give up after this many milliseconds; the process then receives {@link TIMED_OUT}. */
  readonly timeoutMs: number | undefined;
}

/**
 * What a process may yield.
 *
 * @public
 */
export type ProcessCommand = SleepCommand | WaitCommand;

/**
 * The body of a process: a generator that yields {@link ProcessCommand}s. Sub-steps compose with
 * `yield*`, so a sync cycle reads top to bottom: `yield* deltaImport(); yield* deltaSync(); yield* exportTo()`.
 *
 * @public
 */
export type ProcessBody<T = void> = Generator<ProcessCommand, T, unknown>;

/**
 * The value a timed-out wait receives.
 *
 * @public
 */
export const TIMED_OUT: unique symbol = Symbol("timed-out");

/**
 * Yield this to sleep `ms` milliseconds of virtual time: `yield sleep(5_000)`.
 *
 * @throws SimulationError `invalid-time` for a negative or non-finite duration
 * @public
 */
export function sleep(ms: number): SleepCommand {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new SimulationError("invalid-time", `sleep: ${String(ms)} is not a duration >= 0`, {
      field: "ms",
      value: ms,
    });
  }
  // Loops sleep the same per-object cost thousands of times in a row: the last command is kept and given
  // again (commands are frozen, and the kernel reads one at once and never keeps it).
  if (lastSleep.ms !== ms) lastSleep = Object.freeze({ kind: "sleep", ms });
  return lastSleep;
}

/** The command {@link sleep} gave last. */
let lastSleep: SleepCommand = Object.freeze({ kind: "sleep", ms: 0 });

/**
 * Waits for `signal` with its value typed: `const value = yield* waitFor(signal, 60_000)`.
 *
 * @public
 */
export function* waitFor<T>(
  signal: Signal<T>,
  timeoutMs?: number,
): Generator<ProcessCommand, T | typeof TIMED_OUT, unknown> {
  return (yield { kind: "wait", signal: signal as Signal<unknown>, timeoutMs }) as T | typeof TIMED_OUT;
}

/**
 * A one-to-many wake-up: processes wait on it, `fire(value)` wakes them all, each at the current instant
 * in the order they started waiting.
 *
 * @public
 */
export class Signal<T = void> {
  private waiters: Array<(value: T) => void> = [];

  /** Number of processes waiting. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Wakes every waiting process with `value`. */
  fire(value: T): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake(value);
  }

  /** @internal */
  addWaiter(wake: (value: T) => void): () => void {
    this.waiters.push(wake);
    return () => {
      const index = this.waiters.indexOf(wake);
      if (index >= 0) this.waiters.splice(index, 1);
    };
  }
}

/**
 * Thrown into a process by {@link Process.interrupt}; the process may catch it and carry on.
 *
 * @public
 */
export class Interrupt extends Error {
  /** Why the process was interrupted. */
  override readonly cause: unknown;
  /** @param cause - why */
  constructor(cause: unknown) {
    super(`interrupted: ${String(cause)}`);
    this.name = "Interrupt";
    this.cause = cause;
  }
}

/** What a process resumes with when its sleep ends: one shared record rather than one per wake-up. */
const AWAKE: { readonly value: unknown } = Object.freeze({ value: undefined });

/**
 * The state of a {@link Process}.
 *
 * @public
 */
export type ProcessState = "running" | "done" | "killed" | "failed";

/**
 * A running generator in virtual time, in the style of SimPy. It belongs to a host when given one: when
 * the host crashes, the process is killed where it stands — its `finally` blocks run, nothing after does —
 * and a restart of the host does not bring it back.
 *
 * @public
 */
export class Process<T = void> {
  /** Name, for traces. */
  readonly name: string;
  /** Owning host, if any. */
  readonly host: Host | undefined;
  /** Fires with the return value when the body returns, or undefined when killed or failed. */
  readonly finished = new Signal<T | undefined>();
  private currentState: ProcessState = "running";
  private returned: T | undefined;
  private pendingEvent: EventHandle | undefined;
  private removeWaiter: (() => void) | undefined;
  private executing = false;
  private readonly scheduler: Scheduler;
  private readonly body: ProcessBody<T>;
  /** The wake-up of a sleep, made once per process: a sync cycle sleeps thousands of times. */
  private readonly wake = (): void => this.resume(AWAKE);
  /** The event of the last wake-up, scheduled again for the next sleep once it has run. */
  private wakeEvent: EventHandle | undefined;

  /** @internal use {@link Scheduler.spawn} or {@link Host.spawn} */
  constructor(scheduler: Scheduler, body: ProcessBody<T>, name: string, host: Host | undefined) {
    this.scheduler = scheduler;
    this.body = body;
    this.name = name;
    this.host = host;
  }

  /** Current state. */
  get state(): ProcessState {
    return this.currentState;
  }

  /** The body's return value once done. */
  get result(): T | undefined {
    return this.returned;
  }

  /** True while the process can still run. */
  get alive(): boolean {
    return this.currentState === "running";
  }

  /** @internal */
  start(): void {
    if (this.host) this.host.adopt(this as Process<unknown>);
    this.pendingEvent = this.wakeAfter(0);
  }

  /**
   * Stops the process at once: its pending sleep or wait is dropped and its `finally` blocks run.
   */
  kill(): void {
    if (!this.alive) return;
    this.clearWait();
    this.currentState = "killed";
    // Killed from inside its own body (e.g. it crashed its own host): the generator is executing and cannot
    // be returned now; resume() finishes the kill at the body's next yield.
    if (this.executing) return;
    try {
      this.body.return(undefined as T);
    } finally {
      this.settle(undefined);
    }
  }

  /** Throws an {@link Interrupt} into the process at its current `yield`, now. */
  interrupt(cause: unknown): void {
    if (!this.alive) return;
    this.clearWait();
    this.pendingEvent = this.scheduler.after(
      0,
      () => this.resume({ error: new Interrupt(cause) }),
      this.name,
    );
  }

  private clearWait(): void {
    if (this.pendingEvent) this.scheduler.cancel(this.pendingEvent);
    this.pendingEvent = undefined;
    if (this.removeWaiter) this.removeWaiter();
    this.removeWaiter = undefined;
  }

  private resume(first: { value: unknown } | { error: Error }): void {
    let input = first;
    // A sleep into a gap of the event queue continues here at once (Scheduler.tryAdvance): a loop, not an
    // event per wake-up.
    for (;;) {
      const command = this.advance(input);
      if (command === undefined) return;
      if (command.kind === "sleep") {
        if (this.scheduler.tryAdvance(this.scheduler.now + command.ms)) {
          input = AWAKE;
          continue;
        }
        this.pendingEvent = this.wakeAfter(command.ms);
        return;
      }
      this.waitOn(command);
      return;
    }
  }

  /** Runs the body to its next command; undefined when it finished, failed or was killed meanwhile. */
  private advance(input: { value: unknown } | { error: Error }): ProcessCommand | undefined {
    this.pendingEvent = undefined;
    this.removeWaiter = undefined;
    if (!this.alive) return undefined;
    let step: IteratorResult<ProcessCommand, T>;
    this.executing = true;
    try {
      step = "error" in input ? this.body.throw(input.error) : this.body.next(input.value);
    } catch (error) {
      this.executing = false;
      if (this.currentState === "killed") {
        this.settle(undefined);
        return undefined;
      }
      this.currentState = "failed";
      this.settle(undefined);
      throw error;
    }
    this.executing = false;
    if (this.currentState === "killed") {
      // Killed while it ran: run its finally blocks now, as kill() would have.
      try {
        if (!step.done) this.body.return(undefined as T);
      } finally {
        this.settle(undefined);
      }
      return undefined;
    }
    if (step.done) {
      this.currentState = "done";
      this.returned = step.value;
      this.settle(step.value);
      return undefined;
    }
    const command = step.value as ProcessCommand | null | undefined;
    // Anything else (a bare `yield`, `yield 5 * MINUTE` for `yield sleep(…)`) would stall the process for
    // good without a word, or fail inside the kernel: it fails here, naming the process and the value.
    if (command?.kind !== "sleep" && command?.kind !== "wait") this.refuse(command);
    return command as ProcessCommand;
  }

  /** Ends a process that yielded what is not a command, and says so. */
  private refuse(command: unknown): never {
    this.currentState = "failed";
    try {
      this.body.return(undefined as T);
    } finally {
      this.settle(undefined);
    }
    throw new SimulationError(
      "invalid-argument",
      `process ${show(this.name)}: yielded ${show(command)}, which is not a command (yield sleep(ms), or yield* waitFor(signal))`,
      { field: "command", value: command },
    );
  }

  /** Schedules the wake-up of a sleep of `ms`: the last wake-up's event again when it has run. */
  private wakeAfter(ms: number): EventHandle {
    const last = this.wakeEvent;
    // (A bad duration goes to after(), which reports it.)
    if (
      last !== undefined &&
      Number.isFinite(ms) &&
      ms >= 0 &&
      this.scheduler.reschedule(last, this.scheduler.now + ms)
    )
      return last;
    this.wakeEvent = this.scheduler.after(ms, this.wake, this.name);
    return this.wakeEvent;
  }

  /** Waits on a signal (with an optional timeout). */
  private waitOn(command: WaitCommand): void {
    let timeout: EventHandle | undefined;
    const remove = command.signal.addWaiter((value) => {
      if (timeout) this.scheduler.cancel(timeout);
      this.removeWaiter = undefined;
      this.pendingEvent = this.scheduler.after(0, () => this.resume({ value }), this.name);
    });
    this.removeWaiter = remove;
    if (command.timeoutMs !== undefined) {
      timeout = this.scheduler.after(
        command.timeoutMs,
        () => {
          remove();
          this.removeWaiter = undefined;
          this.resume({ value: TIMED_OUT });
        },
        this.name,
      );
      this.pendingEvent = timeout;
    }
  }

  private settle(value: T | undefined): void {
    if (this.host) this.host.release(this as Process<unknown>);
    this.finished.fire(value);
  }
}
