import type { PasswordChange } from "../../model/directory.js";
import { isSimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, Signal, sleep, waitFor } from "../../scheduler/process.js";
import { type ConfigurationContext, writeWithBackoff } from "./configuration.js";
import type { JobState } from "./events.js";

/**
 * The password hash sync job of one configuration, on its own schedule (2 minutes documented,
 * `reference-cloud-sync-faq`). Each run asks an agent for the password changes since its own watermark;
 * a hash for a user the configuration has not yet created in the cloud fails and is retried on the next
 * runs (expected on the first runs, reference.md B "Timing"); a user who must change the password at next
 * logon has the hash held until a later change without the flag.
 *
 * @public
 */
export class PasswordHashJob {
  private readonly ctx: ConfigurationContext;
  private watermark = 0;
  private paused = false;
  private nextRunAt = 0;
  private failing = false;
  // Changes waiting for their user to exist in the cloud, latest per user, oldest first.
  private readonly retrying = new Map<string, PasswordChange>();
  private held = 0;
  private synced = 0;
  private readonly wake = new Signal<void>();

  /** @internal */
  constructor(ctx: ConfigurationContext) {
    this.ctx = ctx;
  }

  /** The job state. */
  get state(): JobState {
    return this.paused ? "Paused" : "Active";
  }

  /** Starts the loop in the cloud; the first run is at once. */
  start(): void {
    this.nextRunAt = this.ctx.scheduler.now;
    this.ctx.scheduler.spawn(this.loop(), { name: `cloud-sync:${this.ctx.domain}:password-hash` });
  }

  /** Pauses the job. */
  pause(): void {
    this.paused = true;
    this.stateChanged();
  }

  /** Resumes the job; the next run is at once. */
  resume(): void {
    this.paused = false;
    this.nextRunAt = this.ctx.scheduler.now;
    this.wake.fire();
    this.stateChanged();
  }

  /** JSON-safe view for `status()`. */
  snapshot(): Record<string, unknown> {
    return {
      state: this.state,
      watermark: this.watermark,
      nextCycleAt: this.paused ? null : this.nextRunAt,
      retrying: this.retrying.size,
      held: this.held,
      synced: this.synced,
    };
  }

  private *loop(): ProcessBody<void> {
    for (;;) {
      const now = this.ctx.scheduler.now;
      if (this.paused) {
        yield* waitFor(this.wake);
        continue;
      }
      if (this.nextRunAt > now) {
        yield* waitFor(this.wake, this.nextRunAt - now);
        continue;
      }
      this.nextRunAt = now + this.ctx.config.timing.passwordCycleInterval;
      yield* this.run();
      this.nextRunAt = Math.max(this.nextRunAt, this.ctx.scheduler.now);
    }
  }

  private *run(): ProcessBody<void> {
    const { ctx } = this;
    const cycle = `${ctx.domain}:password-hash`;
    ctx.events.emit("cycle:start", { at: ctx.scheduler.now, cycle });
    const reply = yield* ctx.pool.call(ctx.domain, "password query", (agent) =>
      agent.readPasswords(ctx.directory, this.watermark),
    );
    if (!reply.ok) {
      // One incident per outage, not one per run.
      if (!this.failing) ctx.incident("cycle-failed", `${cycle}: ${reply.reason}`);
      this.failing = true;
      ctx.events.emit("cycle:end", {
        at: ctx.scheduler.now,
        cycle,
        ok: false,
        counts: { retrying: this.retrying.size },
      });
      return;
    }
    this.failing = false;
    this.watermark = reply.value.watermark;
    for (const change of reply.value.changes) {
      if (ctx.directory.get(change.objectGUID)?.domain === ctx.domain)
        this.retrying.set(change.objectGUID, change);
    }
    const counts = { synced: 0, held: 0, retrying: 0, failed: 0 };
    try {
      for (const [guid, change] of [...this.retrying]) {
        const user = ctx.directory.get(guid);
        if (!user || user.isDeleted) {
          this.retrying.delete(guid);
          continue;
        }
        if (change.mustChangeAtNextLogon) {
          // reference.md B "Timing": the hash is held until the user changes the password.
          this.retrying.delete(guid);
          counts.held++;
          continue;
        }
        const anchor = ctx.provisioned.anchorOf(guid);
        if (anchor === undefined && !ctx.scope.inScope(user, ctx.directory)) {
          this.retrying.delete(guid);
          continue;
        }
        if (anchor === undefined || !ctx.tenant.getByAnchor(anchor)) {
          // "Target not in the cloud yet": expected on the first runs, retried on the next.
          counts.retrying++;
          continue;
        }
        yield sleep(ctx.config.timing.passwordCost);
        try {
          yield* writeWithBackoff(() => ctx.tenant.setPasswordHash(anchor, change.hash, ctx.writer));
          this.retrying.delete(guid);
          counts.synced++;
        } catch (error) {
          if (!isSimulationError(error, "no-such-object")) throw error;
          counts.retrying++;
        }
      }
    } catch (error) {
      if (!isSimulationError(error)) throw error;
      ctx.incident("cycle-failed", `${cycle}: ${error.message}`);
      ctx.events.emit("cycle:end", { at: ctx.scheduler.now, cycle, ok: false, counts });
      return;
    }
    this.held += counts.held;
    this.synced += counts.synced;
    ctx.events.emit("cycle:end", { at: ctx.scheduler.now, cycle, ok: true, counts });
  }

  private stateChanged(): void {
    this.ctx.events.emit("job:state", {
      at: this.ctx.scheduler.now,
      domain: this.ctx.domain,
      job: "password-hash",
      state: this.state,
    });
  }
}
