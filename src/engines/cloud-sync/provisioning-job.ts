import type { AdObject } from "../../model/ad-object.js";
import { sourceAnchorOf } from "../../model/anchor.js";
import { isSimulationError, SimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, Signal, sleep, waitFor } from "../../scheduler/process.js";
import type { AgentRecord, AgentReply } from "./agent.js";
import type { ConfigurationContext } from "./configuration.js";
import { goneIn, presentAnchors, withReferrers, withVanished } from "./cycle-batch.js";
import { type CycleCounts, CycleOutcomes } from "./cycle-outcomes.js";
import { deprovision } from "./deprovisioning.js";
import type { JobState, OnDemandOutcome } from "./events.js";
import { type CostMode, WritePreparer } from "./prepared-write.js";
import { AccidentalDeleteThreshold, Quarantine } from "./quarantine.js";
import { NOTHING_GONE, type ReferenceScope } from "./references.js";
import { ScopingFilter } from "./scope.js";
import { recordWrite, upsertAfterBackoff, upsertNow } from "./tenant-write.js";

/** Per-object sync errors recorded as incidents per cycle before the rest are only counted. */
const ERROR_INCIDENTS_PER_CYCLE = 20;

/**
 * The object provisioning job of one configuration. It runs in the cloud (a process owned by no
 * on-premises host): every cycle interval it asks an agent for raw objects — all of them in the initial
 * cycle, the changes since its watermark afterwards — applies the attribute mappings, checks the
 * accidental-delete threshold, writes to the tenant, and only then stores the new watermark
 * (cloud-sync `concept-how-it-works`). Failing cycles lead to quarantine; any successful cycle lifts it.
 *
 * @public
 */
export class ProvisioningJob {
  /** Quarantine state. */
  readonly quarantine: Quarantine;
  /** Accidental delete prevention. */
  readonly deleteThreshold: AccidentalDeleteThreshold;
  private readonly ctx: ConfigurationContext;
  private watermark: number | undefined;
  // A restart bumps the generation; a cycle begun before it does not store its watermark.
  private generation = 0;
  private paused = false;
  private nextCycleAt = 0;
  private pendingDeletes = 0;
  private running = false;
  private limitReported = false;
  private readonly wake = new Signal<void>();
  // Maps each object into its tenant write; reports how each cycle ended (and quarantines the job).
  private readonly writes: WritePreparer;
  private readonly outcomes: CycleOutcomes;

  /** @internal */
  constructor(ctx: ConfigurationContext) {
    this.ctx = ctx;
    this.writes = new WritePreparer(ctx);
    this.quarantine = new Quarantine(ctx.config.quarantineSchedule, ctx.config.quarantineDisableAfter);
    this.deleteThreshold = new AccidentalDeleteThreshold(ctx.config.deleteThreshold);
    this.outcomes = new CycleOutcomes(ctx, this.quarantine, (reason) => this.stateChanged(reason));
  }

  /** The job state, as the portal shows it. */
  get state(): JobState {
    if (this.quarantine.disabled) return "Disabled";
    if (this.quarantine.active) return "Quarantine";
    return this.paused ? "Paused" : "Active";
  }

  /** The watermark held by the service (undefined: the next cycle is an initial one). */
  get currentWatermark(): number | undefined {
    return this.watermark;
  }

  /** When the next cycle, retry or (in quarantine) disabling is due (undefined while paused or disabled). */
  get nextRunAt(): number | undefined {
    if (this.paused || this.quarantine.disabled) return undefined;
    return this.quarantine.active ? this.quarantine.nextDueAt : this.nextCycleAt;
  }

  /** Starts the job's loop in the cloud; the first (initial) cycle runs at once. */
  start(): void {
    this.nextCycleAt = this.ctx.scheduler.now;
    this.checkDomainSize();
    this.ctx.scheduler.spawn(this.loop(), { name: `cloud-sync:${this.ctx.domain}:provisioning` });
  }

  // ---- admin actions ---------------------------------------------------------------------------------

  /** Pauses the job: no cycles until resumed. */
  pause(): void {
    this.paused = true;
    this.stateChanged("paused by admin");
  }

  /** Resumes a paused job; the next cycle runs at once, from the stored watermark. */
  resume(): void {
    this.paused = false;
    this.runNow();
    this.stateChanged("resumed by admin");
  }

  /**
   * Restart: clears quarantine, watermark (a new initial cycle, now) and the error-rate counters, and
   * rejects pending deletes (`how-to-troubleshoot`: "Restart sync").
   */
  restart(): void {
    this.generation++;
    this.watermark = undefined;
    this.pendingDeletes = 0;
    this.deleteThreshold.reject();
    this.outcomes.restarted();
    this.outcomes.leaveQuarantine("restart by admin");
    this.paused = false;
    this.runNow();
  }

  /**
   * The configuration's scope changed: the watermark is cleared and a new initial cycle runs now
   * (reference.md B "Timing"), which provisions what came into scope and deletes what this configuration
   * provisioned and the full read no longer lists, under the accidental-delete threshold. Quarantine and
   * its counters are left as they are (a restart clears those).
   */
  rescoped(): void {
    this.generation++;
    this.watermark = undefined;
    if (!this.paused && !this.quarantine.active) this.runNow();
  }

  /** Clear quarantine: resumes from the stored watermark at once. */
  clearQuarantine(): boolean {
    if (!this.quarantine.active) return false;
    this.outcomes.leaveQuarantine("cleared by admin");
    this.runNow();
    return true;
  }

  /**
   * Allow deletes: the deletes of the execution the threshold stopped go through, now. False (nothing done)
   * when no execution is stopped: it is no standing permission (`how-to-accidental-deletes`).
   */
  allowDeletes(): boolean {
    if (!this.deleteThreshold.allowStopped()) return false;
    if (this.quarantine.reason === "TooManyDeletes")
      this.outcomes.leaveQuarantine("deletes allowed by admin");
    this.runNow();
    return true;
  }

  /**
   * On-demand provisioning of one object (by DN or name): import, match, act, at once — scoping filters
   * are not applied (reference.md B "Timing").
   */
  *onDemand(target: string): ProcessBody<OnDemandOutcome> {
    const { directory, pool, domain } = this.ctx;
    const reply = yield* pool.call(domain, "on-demand import", (agent) => agent.readOne(directory, target));
    let outcome: OnDemandOutcome;
    if (!reply.ok) outcome = { ok: false, detail: reply.reason };
    else if (!reply.value || !ScopingFilter.typeOf(reply.value) || reply.value.domain !== domain) {
      outcome = { ok: false, detail: `${target} is not a user, group or contact of ${domain}` };
    } else {
      const object = reply.value;
      const anchor = sourceAnchorOf(object);
      // The object may name itself (its own manager) before it is provisioned.
      const scope: ReferenceScope = {
        gone: NOTHING_GONE,
        pending: (guid) => (guid === object.objectGUID ? anchor : undefined),
      };
      try {
        const provisionedAs = this.ctx.provisioned.anchorOf(object.objectGUID) === anchor;
        const action = yield* this.provision(object, anchor, provisionedAs, scope, "match");
        outcome = { ok: true, action };
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
        outcome = { ok: false, detail: error.message };
      }
    }
    this.ctx.events.emit("on-demand", { at: this.ctx.scheduler.now, domain, target, ...outcome });
    return outcome;
  }

  /** JSON-safe view for `status()`. */
  snapshot(): Record<string, unknown> {
    return {
      state: this.state,
      activeAgent: this.ctx.pool.activeFor(this.ctx.domain) ?? null,
      watermark: this.watermark ?? null,
      nextCycleAt: this.nextRunAt ?? null,
      running: this.running,
      consecutiveFailures: this.outcomes.consecutiveFailures,
      quarantine: this.quarantine.snapshot(),
      deleteThreshold: this.deleteThreshold.threshold,
      pendingDeletes: this.pendingDeletes,
      provisioned: this.ctx.provisioned.size,
    };
  }

  // ---- the loop and the cycle ------------------------------------------------------------------------

  private *loop(): ProcessBody<void> {
    for (;;) {
      const due = this.nextRunAt;
      const now = this.ctx.scheduler.now;
      if (due === undefined) {
        yield* waitFor(this.wake);
        continue;
      }
      if (due > now) {
        yield* waitFor(this.wake, due - now);
        continue;
      }
      // A quarantine that reached its limit disables the job instead of retrying.
      if (this.outcomes.disableIfDue()) continue;
      // Next start = this start + interval; a cycle that overruns delays the next (no overlap, no burst).
      this.nextCycleAt = now + this.ctx.config.timing.cycleInterval;
      yield* this.cycle();
      this.nextCycleAt = Math.max(this.nextCycleAt, this.ctx.scheduler.now);
    }
  }

  private *cycle(): ProcessBody<void> {
    const { ctx } = this;
    const initial = this.watermark === undefined;
    const generation = this.generation;
    const cycle = `${ctx.domain}:${initial ? "initial" : "incremental"}`;
    this.running = true;
    ctx.events.emit("cycle:start", {
      at: ctx.scheduler.now,
      cycle,
      detail: this.quarantine.active ? "quarantine retry" : undefined,
    });
    try {
      if (initial) this.checkDomainSize();
      // 1. The service puts a request on the relay; the active agent reads AD and returns raw objects.
      const reply = yield* ctx.pool.call(ctx.domain, "object query", (agent) =>
        agent.readObjects(ctx.directory, ctx.scope, this.watermark),
      );
      if (!reply.ok) return this.outcomes.failed(cycle, reply.reason, "ConsistentFailures");
      // 2. An initial cycle reads everything: what was provisioned and is no longer read is gone.
      // An incremental one: the provisioned groups and reports of what came into scope are read again.
      const batch = initial
        ? withVanished(reply.value, ctx.provisioned, ctx.directory)
        : withReferrers(reply.value, ctx.scope, ctx.provisioned, ctx.directory);
      // 3. Accidental delete prevention, before anything is written.
      const gone = goneIn(batch);
      const deletes: string[] = [];
      for (const record of batch.records) {
        if (record.kind === "gone" && ctx.provisioned.anchorOf(record.objectGUID) !== undefined)
          deletes.push(record.objectGUID);
      }
      if (this.deleteThreshold.exceeded(deletes)) {
        this.pendingDeletes = deletes.length;
        this.deleteThreshold.stop(deletes);
        return this.outcomes.thresholdStop(cycle, deletes.length, this.deleteThreshold.threshold as number);
      }
      // 4. Map and write, object by object, at the service's per-object cost.
      const counts = yield* this.apply(batch, gone, initial ? "match" : "incremental");
      // 5. Only a completed cycle moves the watermark (and only if no restart overtook it).
      if (generation === this.generation) this.watermark = batch.watermark;
      this.pendingDeletes = 0;
      this.deleteThreshold.completed();
      this.outcomes.succeeded(cycle, counts);
    } catch (error) {
      // A tenant outage (or a link cut mid-write) fails the cycle; the watermark stays, nothing is lost.
      if (!isSimulationError(error)) throw error;
      this.outcomes.failed(cycle, error.message, "ConsistentFailures");
    } finally {
      this.running = false;
    }
  }

  private *apply(reply: AgentReply, gone: ReadonlySet<string>, mode: CostMode): ProcessBody<CycleCounts> {
    const { ctx } = this;
    const counts: CycleCounts = {
      read: reply.records.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      errors: 0,
    };
    // References go to objects provisioned before or present in this reply — never to one this reply
    // deprovisions, wherever its record sits in the reply. The anchors of the reply's objects are indexed
    // only when a reference names an object not provisioned yet (a forward reference): an initial cycle
    // reads users before the groups naming them, and most cycles have none.
    let present: ReadonlyMap<string, string> | undefined;
    const scope: ReferenceScope = {
      gone,
      pending: (guid) => {
        present ??= presentAnchors(reply);
        return present.get(guid);
      },
    };
    // Initial cycle: the documented delete figure; incremental: a delete is an update-sized write.
    const deleteCost = mode === "match" ? ctx.config.timing.deleteCost : ctx.config.timing.updateCost;
    const { records } = reply;
    // An index, not for-of: across the yields in the loop, the array iterator allocates a result per record.
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as AgentRecord;
      if (record.kind === "gone") {
        if (yield* deprovision(ctx, record, deleteCost)) counts.deleted++;
        continue;
      }
      this.outcomes.escrow.attempts++;
      try {
        const object = record.object;
        // One look-up among the provisioned objects serves both the anchor and the cost.
        const recorded = ctx.provisioned.anchorOf(object.objectGUID);
        // Anchors the reply's index already encoded (an initial cycle's forward references) are reused.
        const anchor = present?.get(object.objectGUID) ?? ctx.provisioned.anchorFor(object, recorded);
        const action = yield* this.provision(object, anchor, recorded === anchor, scope, mode);
        if (action === "created" || action === "restored" || action === "soft-matched") counts.created++;
        else if (action === "updated") counts.updated++;
        else if (action === "unchanged") counts.unchanged++;
      } catch (error) {
        if (!isSimulationError(error) || error.code === "tenant-unavailable" || error.code === "link-down")
          throw error;
        this.outcomes.escrow.failures++;
        counts.errors++;
        if (counts.errors <= ERROR_INCIDENTS_PER_CYCLE)
          ctx.incident("sync-error", `${record.object.dn}: ${error.message}`);
      }
    }
    if (counts.errors > ERROR_INCIDENTS_PER_CYCLE) {
      ctx.incident(
        "sync-error",
        `${counts.errors - ERROR_INCIDENTS_PER_CYCLE} more objects failed in this cycle`,
      );
    }
    ctx.events.emit("export", {
      at: ctx.scheduler.now,
      by: ctx.writer,
      adds: counts.created,
      updates: counts.updated,
      deletes: counts.deleted,
    });
    return counts;
  }

  /**
   * Maps one raw object and writes it (match or create, or in an incremental cycle an update of an object
   * this configuration provisioned), at the service's per-object cost. `anchor` is the object's source
   * anchor, `provisionedAs` whether this configuration provisioned the object with it; `scope` says which
   * referenced objects a reference may name besides the provisioned ones.
   */
  private *provision(
    object: AdObject,
    anchor: string,
    provisionedAs: boolean,
    scope: ReferenceScope,
    mode: CostMode,
  ): ProcessBody<string> {
    const write = this.writes.prepare(object, anchor, provisionedAs, scope, mode);
    if (write === undefined) return "skipped";
    yield sleep(write.cost);
    let result = upsertNow(this.ctx.tenant, write);
    if (result instanceof SimulationError) result = yield* upsertAfterBackoff(this.ctx.tenant, write, result);
    return recordWrite(this.ctx.provisioned, write, result);
  }

  // ---- job state and limits --------------------------------------------------------------------------

  private stateChanged(reason: string): void {
    this.ctx.events.emit("job:state", {
      at: this.ctx.scheduler.now,
      domain: this.ctx.domain,
      job: "provisioning",
      state: this.state,
      reason,
    });
  }

  private runNow(): void {
    this.nextCycleAt = this.ctx.scheduler.now;
    this.wake.fire();
  }

  /**
   * reference.md B "Limits and features": 150,000 objects per domain supported; the run goes on. Counts
   * the objects this configuration provisions (its scope), not every user, group and contact of the domain.
   */
  private checkDomainSize(): void {
    if (this.limitReported) return;
    const { ctx } = this;
    let count = 0;
    for (const object of ctx.directory.objects()) {
      if (object.domain === ctx.domain && ctx.scope.inScope(object, ctx.directory)) count++;
    }
    if (count > ctx.config.objectLimit) {
      this.limitReported = true;
      ctx.incident(
        "limit-exceeded",
        `${ctx.domain}: ${count.toLocaleString("en-US")} objects, over the supported ${ctx.config.objectLimit.toLocaleString("en-US")} per domain (over 250,000: Connect only)`,
      );
    }
  }
}
