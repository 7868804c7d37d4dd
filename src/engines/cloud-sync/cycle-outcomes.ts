import { formatDuration } from "../../scheduler/duration.js";
import type { ConfigurationContext } from "./configuration.js";
import type { Quarantine, QuarantineReason } from "./quarantine.js";

/**
 * How the provisioning job's cycles end and what follows from it: the `cycle:end` event and incidents, the
 * count of failures in a row, the per-object failure proportion (escrow), and entering, retrying and
 * leaving quarantine (reference.md B "Quarantine").
 */

/**
 * What a cycle counted, as its `cycle:end` event reports it.
 *
 * @internal
 */
export type CycleCounts = {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  errors: number;
};

/**
 * The outcomes of one provisioning job's cycles: it reports each, and puts the job in quarantine, retries
 * it or lets it out. The job's state changes are reported through the job (`stateChanged`), which knows
 * whether it is paused.
 *
 * @internal
 */
export class CycleOutcomes {
  /** Objects the job attempted and that failed since it started, entered quarantine or restarted (escrow). */
  escrow = { attempts: 0, failures: 0 };
  private readonly ctx: ConfigurationContext;
  private readonly quarantine: Quarantine;
  private readonly stateChanged: (reason: string) => void;
  private failuresInARow = 0;

  constructor(ctx: ConfigurationContext, quarantine: Quarantine, stateChanged: (reason: string) => void) {
    this.ctx = ctx;
    this.quarantine = quarantine;
    this.stateChanged = stateChanged;
  }

  /** Cycles failed in a row. */
  get consecutiveFailures(): number {
    return this.failuresInARow;
  }

  /** The cycle completed: it lifts a quarantine, unless too many of its objects failed (escrow). */
  succeeded(cycle: string, counts: CycleCounts): void {
    const { ctx } = this;
    this.failuresInARow = 0;
    if (this.quarantine.active) this.leaveQuarantine("a cycle succeeded");
    ctx.events.emit("cycle:end", { at: ctx.scheduler.now, cycle, ok: true, counts });
    const { minFailures, proportion, maxFailures } = ctx.config.escrow;
    const { attempts, failures } = this.escrow;
    if (
      failures >= minFailures &&
      (failures / Math.max(1, attempts) > proportion || failures > maxFailures)
    ) {
      this.enterQuarantine(
        "EncounteredEscrowProportionThreshold",
        `${failures} of ${attempts} objects failed`,
      );
    }
  }

  /** The cycle failed: a failed retry in quarantine, or one more failure in a row towards it. */
  failed(cycle: string, reason: string, quarantineReason: QuarantineReason): void {
    const { ctx } = this;
    this.failuresInARow++;
    ctx.incident("cycle-failed", `${cycle}: ${reason}`);
    ctx.events.emit("cycle:end", {
      at: ctx.scheduler.now,
      cycle,
      ok: false,
      counts: { failures: this.failuresInARow },
    });
    if (this.quarantine.active) this.retryFailed(reason);
    else if (this.failuresInARow >= ctx.config.quarantineAfterFailures)
      this.enterQuarantine(quarantineReason, reason);
  }

  /** The cycle stopped at the delete `threshold` with `deletes` pending; nothing was written. */
  thresholdStop(cycle: string, deletes: number, threshold: number): void {
    const { ctx } = this;
    ctx.events.emit("threshold:exceeded", { at: ctx.scheduler.now, deletes, threshold });
    ctx.incident(
      "threshold-exceeded",
      `${ctx.domain}: ${deletes} deletes reach the threshold of ${threshold}; nothing deleted`,
    );
    ctx.events.emit("cycle:end", {
      at: ctx.scheduler.now,
      cycle,
      ok: false,
      counts: { pendingDeletes: deletes },
    });
    // how-to-accidental-deletes: the job stops and goes into quarantine ("Delete threshold exceeded").
    if (this.quarantine.active) this.retryFailed("delete threshold exceeded");
    else this.enterQuarantine("TooManyDeletes", `${deletes} pending deletes`);
  }

  /** `restart`: the error-rate counters start again (how-to-troubleshoot: "Restart sync" resets escrows). */
  restarted(): void {
    this.escrow = { attempts: 0, failures: 0 };
  }

  /**
   * Disables the job if its quarantine has reached the limit now (28 days after it began,
   * `application-provisioning-quarantine-status`); true when it did.
   */
  disableIfDue(): boolean {
    if (!this.quarantine.disableIfDue(this.ctx.scheduler.now)) return false;
    this.disabled();
    return true;
  }

  /** Lifts the quarantine, if any (`why`: a cycle succeeded, or the admin's action). */
  leaveQuarantine(why: string): void {
    if (!this.quarantine.active) return;
    const { ctx } = this;
    const reason = this.quarantine.reason ?? why;
    this.quarantine.lift();
    this.failuresInARow = 0;
    ctx.incident("quarantine-lifted", `${ctx.domain}: ${reason} lifted (${why})`);
    ctx.events.emit("quarantine", {
      at: ctx.scheduler.now,
      entered: false,
      reason: why,
      nextAttemptAt: undefined,
    });
    this.stateChanged(why);
  }

  private enterQuarantine(reason: QuarantineReason, detail: string): void {
    const { ctx } = this;
    const nextAttemptAt = this.quarantine.enter(ctx.scheduler.now, reason, detail);
    this.escrow = { attempts: 0, failures: 0 };
    // A wait, not an instant: incident details are read beside times relative to the workload's start, and
    // an absolute virtual time would count the warm-up too.
    // (No attempt at all when the limit comes before the first retry: a limit shorter than its delay.)
    const next = nextAttemptAt ?? this.quarantine.disableAt ?? ctx.scheduler.now;
    const wait = formatDuration(next - ctx.scheduler.now);
    const then = nextAttemptAt === undefined ? `job disabled in ${wait}` : `next attempt in ${wait}`;
    ctx.incident("quarantine", `${ctx.domain}: ${reason} (${detail}); ${then}`);
    ctx.events.emit("quarantine", { at: ctx.scheduler.now, entered: true, reason, nextAttemptAt });
    this.stateChanged(reason);
  }

  private retryFailed(detail: string): void {
    const { ctx } = this;
    const nextAttemptAt = this.quarantine.retryFailed(ctx.scheduler.now);
    // nextAttemptAt undefined: no retry before the limit (the job is disabled at it, or was just now).
    ctx.events.emit("quarantine", {
      at: ctx.scheduler.now,
      entered: true,
      reason: this.quarantine.reason ?? detail,
      nextAttemptAt,
    });
    if (this.quarantine.disabled) this.disabled();
  }

  private disabled(): void {
    const { ctx } = this;
    ctx.incident("quarantine", `${ctx.domain}: quarantined longer than the limit; job disabled`);
    this.stateChanged("quarantine outlasted its limit");
  }
}
