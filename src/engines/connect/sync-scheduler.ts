import { type ProcessBody, Signal, waitFor } from "../../scheduler/process.js";
import type { CycleKind } from "./cycle.js";

/**
 * The Connect sync scheduler (how-to-connect-sync-feature-scheduler): a delta cycle every interval, the
 * first at once; manual cycles on demand; can be disabled and re-enabled.
 *
 * @remarks Not documented, so assumed as reference.md states: the next start is the previous scheduled
 * start + interval; a cycle still running then delays the next until it ends (no overlap, no catch-up
 * burst). A manual cycle does not move the schedule. Cycles run inline in one loop, so two never overlap.
 * @public
 */
export class SyncScheduler {
  /** Interval between scheduled starts. */
  intervalMs: number;
  /** Virtual time of the last scheduled start, if any (kept across crashes, like the product's settings). */
  lastStartAt: number | undefined;
  private enabled = true;
  /** The end of the last upgrade: scheduled cycles wait until then (how-to-connect-sync-feature-scheduler). */
  private suspendedUntil = Number.NEGATIVE_INFINITY;
  private requested: CycleKind | undefined;
  private readonly wake = new Signal<void>();

  /** @param intervalMs - interval between starts */
  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  /** True while scheduled cycles run (`SyncCycleEnabled`). */
  get isEnabled(): boolean {
    return this.enabled;
  }

  /** True when a manual cycle waits to start. */
  get hasRequest(): boolean {
    return this.requested !== undefined;
  }

  /**
   * Time the next scheduled cycle is due (may be past while a cycle runs), or undefined when disabled; never
   * before the end of an upgrade.
   */
  get nextDueAt(): number | undefined {
    if (!this.enabled) return undefined;
    return Math.max(
      this.lastStartAt === undefined ? 0 : this.lastStartAt + this.intervalMs,
      this.suspendedUntil,
    );
  }

  /** Turns scheduled cycles on or off. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.wake.fire();
  }

  /** The end of the last upgrade (in progress while it is still ahead); −∞ when there was none. */
  get upgradingUntil(): number {
    return this.suspendedUntil;
  }

  /**
   * An upgrade (in-place or automatic) suspends scheduled cycles until `until`; the admin's enabled switch is
   * left as it was, and a cycle overdue by then starts at once.
   */
  suspend(until: number): void {
    this.suspendedUntil = until;
    this.wake.fire();
  }

  /** Changes the interval; takes effect at once (how-to-connect-sync-feature-scheduler). */
  changeInterval(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.wake.fire();
  }

  /** Asks for a manual cycle (`Start-ADSyncSyncCycle`). The caller checks "busy" first. */
  request(kind: CycleKind): void {
    this.requested = kind;
    this.wake.fire();
  }

  /** The scheduler loop: a process on the server's host. */
  *loop(now: () => number, runCycle: (kind: CycleKind) => ProcessBody<unknown>): ProcessBody<void> {
    for (;;) {
      if (this.requested) {
        const kind = this.requested;
        this.requested = undefined;
        yield* runCycle(kind);
        continue;
      }
      const due = this.nextDueAt;
      if (due === undefined) {
        yield* waitFor(this.wake);
        continue;
      }
      if (due > now()) {
        yield* waitFor(this.wake, due - now());
        continue;
      }
      this.lastStartAt = now();
      yield* runCycle("delta");
    }
  }
}
