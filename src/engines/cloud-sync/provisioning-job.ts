import type { AdObject } from "../../model/ad-object.js";
import { sourceAnchorOf } from "../../model/anchor.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import type { UpsertRequest, UpsertResult } from "../../model/tenant-types.js";
import { isSimulationError, SimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, Signal, sleep, waitFor } from "../../scheduler/process.js";
import type { AgentRecord, AgentReply, GoneRecord } from "./agent.js";
import {
  anchoredByObjectGUID,
  type ConfigurationContext,
  retryDelay,
  writeWithBackoff,
} from "./configuration.js";
import type { JobState, OnDemandOutcome } from "./events.js";
import type { MappedObjectType } from "./mappings.js";
import { AccidentalDeleteThreshold, Quarantine, type QuarantineReason } from "./quarantine.js";
import { NOTHING_GONE, ReferenceResolver, type ReferenceScope, type ResolvedWrite } from "./references.js";
import { ScopingFilter } from "./scope.js";

/** Per-object sync errors recorded as incidents per cycle before the rest are only counted. */
const ERROR_INCIDENTS_PER_CYCLE = 20;

/**
 * What a write costs (reference.md B "Timing"): in the initial cycle and on demand every object needs a
 * match query against the target (`match`: match cost, or create cost when nothing matched); in an
 * incremental cycle an object this configuration already provisioned is only updated (update cost).
 */
type CostMode = "match" | "incremental";

type CycleCounts = {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  errors: number;
};

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
  private consecutiveFailures = 0;
  private pendingDeletes = 0;
  private running = false;
  private limitReported = false;
  private readonly oversizedGroups = new Map<string, number>();
  private escrow = { attempts: 0, failures: 0 };
  private readonly wake = new Signal<void>();
  private readonly references: ReferenceResolver;

  /** @internal */
  constructor(ctx: ConfigurationContext) {
    this.ctx = ctx;
    this.references = new ReferenceResolver(ctx.provisioned);
    this.quarantine = new Quarantine(ctx.config.quarantineSchedule, ctx.config.quarantineDisableAfter);
    this.deleteThreshold = new AccidentalDeleteThreshold(ctx.config.deleteThreshold);
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

  /** When the next cycle or retry is due (undefined while paused or disabled). */
  get nextRunAt(): number | undefined {
    if (this.paused || this.quarantine.disabled) return undefined;
    return this.quarantine.active ? this.quarantine.nextAttemptAt : this.nextCycleAt;
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

  /** Restart: clears quarantine and watermark (a new initial cycle, now) and rejects pending deletes. */
  restart(): void {
    this.generation++;
    this.watermark = undefined;
    this.pendingDeletes = 0;
    this.deleteThreshold.reject();
    this.leaveQuarantine("restart by admin");
    this.paused = false;
    this.runNow();
  }

  /** Clear quarantine: resumes from the stored watermark at once. */
  clearQuarantine(): boolean {
    if (!this.quarantine.active) return false;
    this.leaveQuarantine("cleared by admin");
    this.runNow();
    return true;
  }

  /** Allow deletes: the pending execution goes through once, now. */
  allowDeletes(): void {
    this.deleteThreshold.allowNext();
    if (this.quarantine.reason === "TooManyDeletes") this.leaveQuarantine("deletes allowed by admin");
    this.runNow();
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
      consecutiveFailures: this.consecutiveFailures,
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
      if (!reply.ok) return this.failed(cycle, reply.reason, "ConsistentFailures");
      // 2. An initial cycle reads everything: what was provisioned and is no longer read is gone.
      const batch = initial ? this.withVanished(reply.value) : reply.value;
      // 3. Accidental delete prevention, before anything is written.
      const gone = goneIn(batch);
      let deletes = 0;
      for (const record of batch.records) {
        if (record.kind === "gone" && ctx.provisioned.anchorOf(record.objectGUID) !== undefined) deletes++;
      }
      if (this.deleteThreshold.exceeded(deletes)) return this.thresholdStop(cycle, deletes);
      // 4. Map and write, object by object, at the service's per-object cost.
      const counts = yield* this.apply(batch, gone, initial ? "match" : "incremental");
      // 5. Only a completed cycle moves the watermark (and only if no restart overtook it).
      if (generation === this.generation) this.watermark = batch.watermark;
      this.pendingDeletes = 0;
      this.succeeded(cycle, counts);
    } catch (error) {
      // A tenant outage (or a link cut mid-write) fails the cycle; the watermark stays, nothing is lost.
      if (!isSimulationError(error)) throw error;
      this.failed(cycle, error.message, "ConsistentFailures");
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
        if (yield* this.deprovision(record, deleteCost)) counts.deleted++;
        continue;
      }
      this.escrow.attempts++;
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
        this.escrow.failures++;
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
    const write = this.prepare(object, anchor, provisionedAs, scope, mode);
    if (write === undefined) return "skipped";
    yield sleep(write.cost);
    let result = this.upsertNow(write);
    if (result instanceof SimulationError) result = yield* this.upsertAfterBackoff(write, result);
    return this.recordWrite(write, result);
  }

  /**
   * Maps one raw object into the write `provision` makes, with the cost it pays first (undefined: the
   * object is skipped). `provisionedAs` says this configuration provisioned the object with `anchor`.
   * Resolves its references before the write yields: the resolver serves the next one.
   */
  private prepare(
    object: AdObject,
    anchor: string,
    provisionedAs: boolean,
    scope: ReferenceScope,
    mode: CostMode,
  ): PreparedWrite | undefined {
    const { ctx } = this;
    const type = ScopingFilter.typeOf(object);
    if (!type)
      throw new SimulationError("unsupported", `${object.dn}: ${object.objectClass} is not provisioned`);
    const members = object.attributes.member;
    if (type === "group" && Array.isArray(members) && members.length > ctx.config.groupMemberLimit) {
      // reference.md B "Limits and features": groups up to 50,000 members; nested groups count as one each.
      const error = `group has ${members.length} members, over the ${ctx.config.groupMemberLimit} limit; not provisioned`;
      if (this.oversizedGroups.get(object.objectGUID) !== object.uSNChanged) {
        this.oversizedGroups.set(object.objectGUID, object.uSNChanged);
        ctx.incident("sync-error", `${object.dn}: ${error}`);
      }
      return undefined;
    }
    // The references this write names, so a later deprovision of one of them can drop it (see dropReferencesTo).
    this.references.begin(object.objectGUID, scope);
    const attributes = ctx.mappings.project(
      type,
      object,
      this.references.resolve,
      this.references.resolveList,
    );
    const references = this.references.end();
    const exists = ctx.tenant.getByAnchor(anchor) !== undefined;
    const timing = ctx.config.timing;
    // Generic engine figures: creates cost about twice a match; an incremental change to an object this
    // configuration provisioned needs no match query (updateCost, derived — see timing.ts).
    const cost = !exists
      ? timing.createCost
      : mode === "incremental" && provisionedAs
        ? timing.updateCost
        : timing.matchCost;
    return {
      anchor,
      objectType: type,
      attributes,
      writer: ctx.writer,
      sourceUsn: object.uSNChanged,
      object,
      references,
      cost,
    };
  }

  /** The write, at once; a throttled write answers with its error (the caller backs off). */
  private upsertNow(write: PreparedWrite): UpsertResult | SimulationError {
    try {
      return this.ctx.tenant.upsert(write);
    } catch (error) {
      if (!isSimulationError(error, "throttled")) throw error;
      return error;
    }
  }

  /** A throttled write: waits as long as the tenant asks, then writes (backing off again if told). */
  private *upsertAfterBackoff(write: PreparedWrite, throttled: SimulationError): ProcessBody<UpsertResult> {
    yield sleep(retryDelay(throttled));
    return yield* writeWithBackoff(() => this.ctx.tenant.upsert(write));
  }

  /** Records a write that went through: the object as provisioned, and the references it named. */
  private recordWrite(write: PreparedWrite, result: UpsertResult): string {
    const { provisioned } = this.ctx;
    const { object, references } = write;
    provisioned.add(object.objectGUID, write.anchor, anchoredByObjectGUID(object));
    provisioned.setReferences(object.objectGUID, references.guids, references.anchors, references.generation);
    return result.action;
  }

  private *deprovision(record: GoneRecord, cost: number): ProcessBody<boolean> {
    const { ctx } = this;
    // Only what this configuration provisioned is deleted (coexistence: other writers' objects stay).
    if (ctx.provisioned.anchorOf(record.objectGUID) === undefined) return false;
    yield sleep(cost);
    yield* this.dropReferencesTo(record.objectGUID, record.anchor);
    yield* writeWithBackoff(() => ctx.tenant.delete(record.anchor, ctx.writer));
    ctx.provisioned.remove(record.objectGUID);
    return true;
  }

  /**
   * Before an object is deleted in the cloud, the groups (and reports) this configuration wrote naming it
   * stop naming it, as Entra ID drops a deleted object from every group and manager link. Without it a
   * group keeps a deleted member until its own next write — for a member moved out of scope, whose group
   * AD does not change, for ever. Part of the delete: no extra per-object cost.
   */
  private *dropReferencesTo(objectGUID: string, anchor: string): ProcessBody<void> {
    const { ctx } = this;
    const { provisioned, tenant } = ctx;
    for (const referrer of provisioned.referrersOf(objectGUID)) {
      provisioned.setReferences(
        referrer,
        provisioned.referencesOf(referrer).filter((guid) => guid !== objectGUID),
      );
      const referrerAnchor = provisioned.anchorOf(referrer);
      const cloud = referrerAnchor === undefined ? undefined : tenant.getByAnchor(referrerAnchor);
      if (!cloud || referrerAnchor === undefined || cloud.objectType === "device") continue;
      const patch: Record<string, CloudValue | undefined> = {};
      for (const target of ctx.mappings.referenceTargets(cloud.objectType as MappedObjectType)) {
        const value = cloud.attributes[target];
        if (value === anchor) patch[target] = undefined;
        else if (Array.isArray(value) && value.includes(anchor))
          patch[target] = value.filter((a) => a !== anchor);
      }
      if (Object.keys(patch).length === 0) continue;
      const request: UpsertRequest = {
        anchor: referrerAnchor,
        objectType: cloud.objectType,
        attributes: patch,
        writer: ctx.writer,
      };
      yield* writeWithBackoff(() => tenant.upsert(request));
    }
  }

  /**
   * The initial cycle's full read lists every object in the domain, so an object this configuration
   * provisioned that it does not list any more was deleted in AD (or left the domain) while no watermark
   * carried the tombstone — e.g. deleted just before a `restart`. It is gone: the initial cycle after a
   * restart deprovisions it, under the accidental-delete threshold like any delete (reference.md B
   * "Timing": restart clears the watermark → a new initial cycle; `how-to-accidental-deletes`).
   */
  private withVanished(reply: AgentReply): AgentReply {
    const { provisioned, directory } = this.ctx;
    if (provisioned.size === 0) return reply;
    const listed = new Set<string>();
    for (const record of reply.records)
      listed.add(record.kind === "present" ? record.object.objectGUID : record.objectGUID);
    const vanished: AgentRecord[] = [];
    for (const [objectGUID, anchor] of provisioned.entries()) {
      if (listed.has(objectGUID)) continue;
      const known = directory.get(objectGUID);
      vanished.push({
        kind: "gone",
        objectGUID,
        objectClass: known?.objectClass ?? "user",
        anchor,
        reason: known && !known.isDeleted ? "out-of-scope" : "deleted",
      });
    }
    if (vanished.length === 0) return reply;
    return { records: [...reply.records, ...vanished], watermark: reply.watermark };
  }

  // ---- outcomes --------------------------------------------------------------------------------------

  private succeeded(cycle: string, counts: CycleCounts): void {
    const { ctx } = this;
    this.consecutiveFailures = 0;
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

  private failed(cycle: string, reason: string, quarantineReason: QuarantineReason): void {
    const { ctx } = this;
    this.consecutiveFailures++;
    ctx.incident("cycle-failed", `${cycle}: ${reason}`);
    ctx.events.emit("cycle:end", {
      at: ctx.scheduler.now,
      cycle,
      ok: false,
      counts: { failures: this.consecutiveFailures },
    });
    if (this.quarantine.active) this.retryFailed(reason);
    else if (this.consecutiveFailures >= ctx.config.quarantineAfterFailures)
      this.enterQuarantine(quarantineReason, reason);
  }

  private thresholdStop(cycle: string, deletes: number): void {
    const { ctx } = this;
    const threshold = this.deleteThreshold.threshold as number;
    this.pendingDeletes = deletes;
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

  private enterQuarantine(reason: QuarantineReason, detail: string): void {
    const { ctx } = this;
    const nextAttemptAt = this.quarantine.enter(ctx.scheduler.now, reason, detail);
    this.escrow = { attempts: 0, failures: 0 };
    ctx.incident("quarantine", `${ctx.domain}: ${reason} (${detail}); next attempt at ${nextAttemptAt}`);
    ctx.events.emit("quarantine", { at: ctx.scheduler.now, entered: true, reason, nextAttemptAt });
    this.stateChanged(reason);
  }

  private retryFailed(detail: string): void {
    const { ctx } = this;
    const nextAttemptAt = this.quarantine.retryFailed(ctx.scheduler.now);
    ctx.events.emit("quarantine", {
      at: ctx.scheduler.now,
      entered: true,
      reason: this.quarantine.reason ?? detail,
      nextAttemptAt,
    });
    if (nextAttemptAt === undefined) {
      ctx.incident("quarantine", `${ctx.domain}: quarantined longer than the limit; job disabled`);
      this.stateChanged("quarantine outlasted its limit");
    }
  }

  private leaveQuarantine(why: string): void {
    if (!this.quarantine.active) return;
    const { ctx } = this;
    const reason = this.quarantine.reason ?? why;
    this.quarantine.lift();
    this.consecutiveFailures = 0;
    ctx.incident("quarantine-lifted", `${ctx.domain}: ${reason} lifted (${why})`);
    ctx.events.emit("quarantine", {
      at: ctx.scheduler.now,
      entered: false,
      reason: why,
      nextAttemptAt: undefined,
    });
    this.stateChanged(why);
  }

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

  /** reference.md B "Limits and features": 150,000 objects per domain supported; the run goes on. */
  private checkDomainSize(): void {
    if (this.limitReported) return;
    const { ctx } = this;
    let count = 0;
    for (const object of ctx.directory.objects()) {
      if (object.domain === ctx.domain && ScopingFilter.typeOf(object)) count++;
    }
    if (count > ctx.config.objectLimit) {
      this.limitReported = true;
      ctx.incident(
        "limit-exceeded",
        `${ctx.domain}: ${count} objects, over the supported ${ctx.config.objectLimit} per domain (over 250,000: Connect only)`,
      );
    }
  }
}

/**
 * One object's write, mapped and costed, waiting for its cost to be paid: the tenant request itself (one
 * record per write instead of a request plus a generator), carrying what the job records once it went
 * through.
 */
interface PreparedWrite extends UpsertRequest {
  /** The raw AD object the attributes were mapped from. */
  readonly object: AdObject;
  /** The references the mapping resolved. */
  readonly references: ResolvedWrite;
  /** What the write costs, ms of virtual time (see `prepare`). */
  readonly cost: number;
}

/** The objects a reply deprovisions (gone from scope), by objectGUID. */
function goneIn(reply: AgentReply): Set<string> {
  const gone = new Set<string>();
  for (const record of reply.records) if (record.kind === "gone") gone.add(record.objectGUID);
  return gone;
}

/** The source anchors of the objects a reply provisions, by objectGUID. */
function presentAnchors(reply: AgentReply): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const record of reply.records) {
    if (record.kind === "present") anchors.set(record.object.objectGUID, sourceAnchorOf(record.object));
  }
  return anchors;
}
