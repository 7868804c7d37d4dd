import { type QuarantineSchedule, quarantineDelay } from "./quarantine-schedule.js";

/**
 * Why a job is in quarantine. `TooManyDeletes` and `EncounteredEscrowProportionThreshold` are the
 * product's reason codes (reference.md B "Quarantine"); `ConsistentFailures` stands for "most calls fail
 * consistently" (no active agent, unreachable DC, tenant outage).
 *
 * @public
 */
export type QuarantineReason =
  | "TooManyDeletes"
  | "EncounteredEscrowProportionThreshold"
  | "ConsistentFailures";

/**
 * The quarantine state of one provisioning job: entered with a reason, retried on a growing schedule,
 * lifted by any successful cycle (or by the admin), disabled when it lasts too long
 * (`application-provisioning-quarantine-status`).
 *
 * @public
 */
export class Quarantine {
  private readonly schedule: QuarantineSchedule;
  private readonly disableAfter: number;
  private current:
    | { reason: QuarantineReason; detail: string; since: number; attempt: number; nextAttemptAt: number }
    | undefined;
  private disabledAt: number | undefined;

  /**
   * @param schedule - retry delays
   * @param disableAfter - quarantine age at which the job is disabled (28 days)
   */
  constructor(schedule: QuarantineSchedule, disableAfter: number) {
    this.schedule = schedule;
    this.disableAfter = disableAfter;
  }

  /** True while quarantined (including disabled). */
  get active(): boolean {
    return this.current !== undefined;
  }

  /** True once the quarantine outlasted its limit: no more retries until the admin acts. */
  get disabled(): boolean {
    return this.disabledAt !== undefined;
  }

  /** The reason, while quarantined. */
  get reason(): QuarantineReason | undefined {
    return this.current?.reason;
  }

  /** Time of the next retry, while quarantined and not disabled. */
  get nextAttemptAt(): number | undefined {
    return this.disabled ? undefined : this.current?.nextAttemptAt;
  }

  /** Enters quarantine at `now` (no-op if already in); returns the first retry time. */
  enter(now: number, reason: QuarantineReason, detail: string): number {
    if (this.current) {
      this.current = { ...this.current, reason, detail };
      return this.current.nextAttemptAt;
    }
    this.current = {
      reason,
      detail,
      since: now,
      attempt: 0,
      nextAttemptAt: now + quarantineDelay(this.schedule, 0),
    };
    return this.current.nextAttemptAt;
  }

  /**
   * A retry failed at `now`: schedules the next one, or disables the job when the quarantine is older than
   * the limit. Returns the next retry time (undefined once disabled).
   */
  retryFailed(now: number): number | undefined {
    if (!this.current) return undefined;
    const attempt = this.current.attempt + 1;
    const nextAttemptAt = now + quarantineDelay(this.schedule, attempt);
    this.current = { ...this.current, attempt, nextAttemptAt };
    if (nextAttemptAt - this.current.since > this.disableAfter) {
      this.disabledAt = now;
      return undefined;
    }
    return nextAttemptAt;
  }

  /** Leaves quarantine (a successful cycle, `clear-quarantine`, `restart`). */
  lift(): void {
    this.current = undefined;
    this.disabledAt = undefined;
  }

  /** JSON-safe view for `status()`. */
  snapshot(): Record<string, unknown> | null {
    if (!this.current) return null;
    return {
      reason: this.current.reason,
      detail: this.current.detail,
      since: this.current.since,
      retries: this.current.attempt,
      nextAttemptAt: this.nextAttemptAt ?? null,
      disabled: this.disabled,
    };
  }
}

/**
 * Accidental delete prevention: on by default, 500 deletes per execution; at the threshold the execution
 * stops before deleting anything (at 500, at most 499 go — `how-to-accidental-deletes`). The admin's
 * "allow deletes" lets the next execution through once.
 *
 * @public
 */
export class AccidentalDeleteThreshold {
  private limit: number | false;
  private allowOnce = false;

  /** @param limit - deletes per execution that stop it, or false when turned off */
  constructor(limit: number | false) {
    this.limit = limit;
  }

  /** The threshold in force. */
  get threshold(): number | false {
    return this.limit;
  }

  /** True while an "allow deletes" waits for the next execution. */
  get allowed(): boolean {
    return this.allowOnce;
  }

  /** Changes the threshold (`set-threshold`). */
  set(limit: number | false): void {
    this.limit = limit;
  }

  /** The admin allows the pending deletes: the next execution may exceed the threshold once. */
  allowNext(): void {
    this.allowOnce = true;
  }

  /** Drops a pending allowance (`restart` rejects the pending deletes). */
  reject(): void {
    this.allowOnce = false;
  }

  /** Checks one execution's deletes; consumes the allowance when it lets an exceeding batch through. */
  exceeded(deletes: number): boolean {
    if (this.limit === false || deletes < this.limit) return false;
    if (this.allowOnce) {
      this.allowOnce = false;
      return false;
    }
    return true;
  }
}
