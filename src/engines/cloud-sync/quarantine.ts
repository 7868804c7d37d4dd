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
 * lifted by any successful cycle (or by the admin), disabled once it has lasted its limit — 28 days after
 * it began, whatever the schedule (`application-provisioning-quarantine-status`).
 *
 * @public
 */
export class Quarantine {
  private readonly schedule: QuarantineSchedule;
  private readonly disableAfter: number;
  // nextAttemptAt is undefined when the next retry would not come before the limit: the job is disabled then.
  private current:
    | {
        reason: QuarantineReason;
        detail: string;
        since: number;
        attempt: number;
        nextAttemptAt: number | undefined;
      }
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

  /** Time of the next retry, while quarantined and not disabled (undefined: none before the limit). */
  get nextAttemptAt(): number | undefined {
    return this.disabled ? undefined : this.current?.nextAttemptAt;
  }

  /** When the quarantine reaches its limit and the job is disabled (while quarantined and not disabled). */
  get disableAt(): number | undefined {
    return this.disabled || !this.current ? undefined : this.current.since + this.disableAfter;
  }

  /** When the job next has something to do: its next retry, else the moment it is disabled. */
  get nextDueAt(): number | undefined {
    return this.nextAttemptAt ?? this.disableAt;
  }

  /**
   * Enters quarantine at `now` (no-op if already in); returns the first retry time (undefined when the limit
   * comes first).
   */
  enter(now: number, reason: QuarantineReason, detail: string): number | undefined {
    if (this.current) {
      this.current = { ...this.current, reason, detail };
      return this.nextAttemptAt;
    }
    this.current = { reason, detail, since: now, attempt: 0, nextAttemptAt: undefined };
    this.current.nextAttemptAt = this.beforeLimit(now + quarantineDelay(this.schedule, 0));
    return this.current.nextAttemptAt;
  }

  /**
   * A retry failed at `now`: schedules the next one if it comes before the limit, or disables the job when
   * the limit is reached. Returns the next retry time (undefined when there is none).
   */
  retryFailed(now: number): number | undefined {
    if (!this.current || this.disableIfDue(now)) return undefined;
    const attempt = this.current.attempt + 1;
    const nextAttemptAt = this.beforeLimit(now + quarantineDelay(this.schedule, attempt));
    this.current = { ...this.current, attempt, nextAttemptAt };
    return nextAttemptAt;
  }

  /** Disables the job if the quarantine has reached its limit at `now`; true when it did. */
  disableIfDue(now: number): boolean {
    const disableAt = this.disableAt;
    if (disableAt === undefined || now < disableAt) return false;
    this.disabledAt = now;
    return true;
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

  // application-provisioning-quarantine-status: "disabled after 28 days" — a retry due at or past the
  // limit never runs; the job is disabled at the limit instead.
  private beforeLimit(at: number): number | undefined {
    return this.current && at < this.current.since + this.disableAfter ? at : undefined;
  }
}

/**
 * Accidental delete prevention: on by default, 500 deletes per execution; at the threshold the execution
 * stops before deleting anything (at 500, at most 499 go — `how-to-accidental-deletes`). The admin's
 * "allow deletes" processes the deletes of the execution that stopped: it is refused when none stopped,
 * and covers only those deletes, until an execution completes or a restart rejects them.
 *
 * @public
 */
export class AccidentalDeleteThreshold {
  private limit: number | false;
  // objectGUIDs the stopped execution would have deleted, until an execution completes or a restart.
  private held: ReadonlySet<string> | undefined;
  // The deletes the admin allowed: the held ones (how-to-accidental-deletes: not a standing permission).
  private allowance: ReadonlySet<string> | undefined;

  /** @param limit - deletes per execution that stop it, or false when turned off */
  constructor(limit: number | false) {
    this.limit = limit;
  }

  /** The threshold in force. */
  get threshold(): number | false {
    return this.limit;
  }

  /** True while an execution stopped by the threshold waits ("Delete threshold exceeded"). */
  get stopped(): boolean {
    return this.held !== undefined;
  }

  /** True while an "allow deletes" covers the stopped execution's deletes. */
  get allowed(): boolean {
    return this.allowance !== undefined;
  }

  /** Changes the threshold (`set-threshold`). */
  set(limit: number | false): void {
    this.limit = limit;
  }

  /**
   * Checks one execution's deletes (the objectGUIDs it would delete): true when they reach the threshold.
   * Deletes an allowance covers do not count; the others still do.
   */
  exceeded(deletes: readonly string[]): boolean {
    if (this.limit === false || deletes.length < this.limit) return false;
    const allowance = this.allowance;
    if (!allowance) return true;
    let uncovered = 0;
    for (const guid of deletes) if (!allowance.has(guid)) uncovered++;
    return uncovered >= this.limit;
  }

  /** The threshold stopped an execution with these deletes; a previous allowance does not cover it. */
  stop(deletes: readonly string[]): void {
    this.held = new Set(deletes);
    this.allowance = undefined;
  }

  /** The admin allows the stopped execution's deletes; false (nothing allowed) when no execution stopped. */
  allowStopped(): boolean {
    if (!this.held) return false;
    this.allowance = this.held;
    return true;
  }

  /** An execution completed: the stopped deletes are processed (or no longer pending); the allowance ends. */
  completed(): void {
    this.held = undefined;
    this.allowance = undefined;
  }

  /** `restart` rejects the pending deletes: the stop and any allowance are dropped. */
  reject(): void {
    this.held = undefined;
    this.allowance = undefined;
  }
}
