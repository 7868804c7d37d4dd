import type { SyncEngine } from "../engines/engine.js";
import type { AdObject } from "../model/ad-object.js";
import { sourceAnchorOf } from "../model/anchor.js";
import {
  type CloudObjectType,
  type CloudValue,
  cloudTypeOf,
  projectFlow,
  STANDARD_FLOWS,
  type StandardFlow,
} from "../model/cloud-schema.js";
import type { Directory } from "../model/directory.js";
import { flatConcat } from "../model/values.js";
import type { World } from "../model/world.js";
import { MemberLookup } from "./member-lookup.js";
import type { ChangeCategory, ChangeCounts, EventStatus } from "./result.js";

/**
 * The observer pairs every change the harness makes in AD with the first moment the tenant reflects it.
 *
 * Rules (docs: "How a change counts as visible"):
 * - attribute: the cloud attribute the standard flow maps it to (`STANDARD_FLOWS`) equals the value the
 *   standard projection makes of the AD object right after the change, on a tenant write that touched that
 *   attribute (or created/restored the object). An AD attribute no standard flow carries is `filtered`.
 * - create / restore / move into scope: the tenant holds a live object with the object's source anchor.
 * - delete / move out of scope: the tenant deleted (soft-deleted, for users) the object with that anchor.
 * - move within scope (or outside it): the cloud has no DN attribute in the standard flows, so there is
 *   nothing to see — the move is `filtered` (not flowed); its latency is not measured.
 * - membership: the group's `members` contains (add) or lacks (remove) the member's anchor.
 * - password: a tenant `credential` event for the user with a version ≥ the AD version of the change.
 * - superseded: a later change of the same thing (same attribute, same membership pair, same password,
 *   same object's existence) became visible first, or the object was deleted or moved out of scope before
 *   the change showed.
 * - filtered: the engine's `inScope` said no when the change was made, or the attribute is not flowed.
 * - lost: still pending at the end while its object is gone from AD or out of the engine's scope — it can
 *   no longer become visible. Everything else still waiting at the end is `pending`.
 */

/** Fate of a tracked change. @public */
export type ChangeStatus = "pending" | "applied" | "superseded" | "lost" | "filtered" | "unsupported";

/** What the tenant must show for a change to count as visible. @public */
export type Expectation =
  | { readonly kind: "exists" }
  | { readonly kind: "gone" }
  | { readonly kind: "attribute"; readonly attribute: string; readonly value: CloudValue | undefined }
  | { readonly kind: "member"; readonly member: string; readonly present: boolean }
  | { readonly kind: "password"; readonly version: number };

/**
 * One change the harness made in AD, and what became of it.
 *
 * @public
 */
export interface TrackedChange {
  /** Sequence number. */
  readonly id: number;
  /** Latency category. */
  readonly category: ChangeCategory;
  /** Virtual time it was made. */
  readonly at: number;
  /** The AD object (the group, for membership changes). */
  readonly objectGUID: string;
  /** Its source anchor. */
  readonly anchor: string;
  /** What the tenant must show. */
  readonly expect: Expectation;
  /** Fate so far. */
  status: ChangeStatus;
  /** When it became visible. */
  visibleAt: number | null;
  /** Superseding key: changes of the same thing share it. */
  readonly chain: string;
  /** Other object involved (the member of a membership change). */
  readonly other: string | undefined;
}

// The expectations that carry nothing but their kind, shared by every change that has them.
const EXISTS: Expectation = Object.freeze({ kind: "exists" });
const GONE: Expectation = Object.freeze({ kind: "gone" });

const RANK: readonly ChangeStatus[] = ["pending", "lost", "unsupported", "applied", "superseded", "filtered"];

/**
 * Watches the tenant on behalf of one run.
 *
 * @public
 */
export class Observer {
  private readonly world: World;
  private readonly engine: SyncEngine;
  /**
   * What the result needs of every change made, one column entry per change id: a settled change's record
   * is dropped once nothing waits on it (a 240,000-change run kept ~290 bytes per change in records,
   * anchors and chain keys; the columns keep 32).
   */
  private readonly log = new ChangeLog();
  private readonly byAnchor = new Map<string, Filed>();
  // Pending changes by the objects they involve. A change's chain (the pending changes of the same thing)
  // is among those filed under its object: chain keys begin with the object, so no map of chains is kept
  // (two map writes per change fewer).
  private readonly byGuid = new Map<string, Filed>();
  private pending = 0;
  private readonly origin: number;
  /**
   * Changes counted as visible at once because the cloud already showed their effect when they were made
   * (a delete of an object not yet in the cloud, A → B → A, a membership the cloud already reflects). The
   * engine may still have a write of the overtaken state in flight (read before the change, written after
   * it): if a later tenant write or delete undoes the effect, the change is reopened and waits again.
   */
  private readonly provisional = new Map<string, Filed>();
  /** The same changes by the objects they involve, so a delete or move out of scope can release them. */
  private readonly provisionalByGuid = new Map<string, Filed>();
  /** Pending deletes and the changes they overtook, until the object is restored or the run ends. */
  /** Membership tests against the tenant's (frozen) member lists. */
  private readonly members = new MemberLookup();
  private readonly overtakenByDelete = new Map<
    string,
    { change: TrackedChange; overtaken: TrackedChange[] }
  >();

  /**
   * @param world - the run's world
   * @param engine - the engine under test (for `inScope`)
   * @param origin - virtual time the workload starts (after a warm-up); recorded times are relative to it
   */
  constructor(world: World, engine: SyncEngine, origin = 0) {
    this.world = world;
    this.engine = engine;
    this.origin = origin;
    const tenant = world.tenant;
    tenant.events.on("write", (event) => {
      if (event.anchor === undefined) return;
      const created =
        event.action === "created" || event.action === "restored" || event.action === "soft-matched";
      this.recheckProvisional(event.anchor);
      this.check(event.anchor, (change) => {
        const expect = change.expect;
        switch (expect.kind) {
          case "exists":
            return true;
          case "attribute":
            return (
              (created || event.changed.includes(expect.attribute)) &&
              this.cloudHas(change.anchor, expect.attribute, expect.value)
            );
          case "member":
            return (
              (created || event.changed.includes("members")) &&
              this.cloudHasMember(change.anchor, expect.member, expect.present)
            );
          default:
            return false;
        }
      });
    });
    tenant.events.on("delete", (event) => {
      if (event.anchor === undefined) return;
      this.recheckProvisional(event.anchor);
      this.check(event.anchor, (change) => change.expect.kind === "gone");
    });
    tenant.events.on("credential", (event) => {
      if (event.anchor === undefined) return;
      this.check(
        event.anchor,
        (change) => change.expect.kind === "password" && change.expect.version <= event.version,
      );
    });
  }

  /** Changes made and not yet visible, superseded, filtered or lost. */
  get pendingCount(): number {
    return this.pending;
  }

  // ---- recording ---------------------------------------------------------------------------------------

  /** A new object (create) or a restored one. */
  recordExistence(object: AdObject): TrackedChange {
    const inScope = this.synced(object);
    const change = this.track(
      "create",
      object,
      EXISTS,
      chainKey("e", object.objectGUID),
      undefined,
      inScope ? "pending" : "filtered",
    );
    // A restore before the delete reached the cloud: the cloud never lost the object, so what the delete
    // overtook (an earlier membership removal, an attribute edit) must still show — put it back.
    const deleted = this.overtakenByDelete.get(object.objectGUID);
    if (deleted) {
      this.overtakenByDelete.delete(object.objectGUID);
      if (deleted.change.status !== "applied") {
        for (const earlier of deleted.overtaken) if (earlier.status === "superseded") this.reopen(earlier);
      }
    }
    return change;
  }

  /** An attribute write: one change per written attribute. */
  recordModify(object: AdObject, attributes: readonly string[], directory: Directory): TrackedChange[] {
    const type = cloudTypeOf(object.objectClass);
    const inScope = type !== undefined && this.engine.inScope(object);
    const out: TrackedChange[] = [];
    for (const attribute of attributes) {
      const flow = type ? FLOW_FROM[type].get(attribute) : undefined;
      const target = flow?.target ?? attribute;
      // Only the written attribute's flow is projected: resolving every reference of the object (a group's
      // members) per write made the observer O(group size) per change.
      const value =
        inScope && flow ? projectFlow(object, flow, (guid) => this.syncedAnchor(directory, guid)) : undefined;
      out.push(
        this.track(
          "attribute",
          object,
          { kind: "attribute", attribute: target, value },
          chainKey("a", object.objectGUID, target),
          undefined,
          inScope && flow ? "pending" : "filtered",
        ),
      );
    }
    return out;
  }

  /** A password change that took AD version `version`. */
  recordPassword(user: AdObject, version: number): TrackedChange {
    const status = this.engine.inScope(user) ? "pending" : "filtered";
    return this.track(
      "password",
      user,
      { kind: "password", version },
      chainKey("p", user.objectGUID),
      undefined,
      status,
    );
  }

  /** A delete; `before` is the object just before it. Pending changes of the object are overtaken. */
  recordDelete(before: AdObject): TrackedChange {
    const synced = this.synced(before);
    const inCloud = this.world.tenant.getByAnchor(sourceAnchorOf(before)) !== undefined;
    const overtaken = this.overtake(before.objectGUID);
    const change = this.track(
      "delete",
      before,
      GONE,
      chainKey("e", before.objectGUID),
      undefined,
      synced ? "pending" : "filtered",
    );
    if (synced && !inCloud) {
      // Not in the cloud (yet): the cloud already shows it gone — unless an add in flight lands later.
      this.settleGoneBeforeArrival(change);
      return change;
    }
    if (change.status === "pending" && overtaken.length > 0)
      this.overtakenByDelete.set(before.objectGUID, { change, overtaken });
    return change;
  }

  /** A move from `before` to `after`. */
  recordMove(before: AdObject, after: AdObject): TrackedChange {
    const was = this.synced(before);
    const is = this.synced(after);
    if (was && !is) {
      this.overtake(after.objectGUID);
      const change = this.track("move", after, GONE, chainKey("e", after.objectGUID), undefined, "pending");
      if (!this.world.tenant.getByAnchor(change.anchor)) this.settleGoneBeforeArrival(change);
      return change;
    }
    if (!was && is)
      return this.track("move", after, EXISTS, chainKey("e", after.objectGUID), undefined, "pending");
    return this.track("move", after, EXISTS, chainKey("mv", after.objectGUID), undefined, "filtered");
  }

  /** A membership change of `group` (after the write). */
  recordMembership(group: AdObject, member: AdObject, present: boolean): TrackedChange {
    const inScope = this.engine.inScope(group) && this.synced(member);
    return this.track(
      "membership",
      group,
      { kind: "member", member: sourceAnchorOf(member), present },
      chainKey("m", group.objectGUID, member.objectGUID),
      member.objectGUID,
      inScope ? "pending" : "filtered",
    );
  }

  // ---- end of run --------------------------------------------------------------------------------------

  /**
   * Classifies what is still pending: `lost` when its object is gone from AD or out of scope, else
   * `pending`.
   */
  finish(directoryOf: (guid: string) => Directory): void {
    // Every pending change is filed once under its anchor; in the order made.
    const pending = [...this.byAnchor.values()].flat().sort((a, b) => a.id - b.id);
    for (const change of pending) {
      const object = directoryOf(change.objectGUID).get(change.objectGUID);
      const gone = !object || object.isDeleted;
      if (change.expect.kind === "gone") continue;
      if (gone || !this.engine.inScope(object)) this.settle(change, "lost", null);
    }
  }

  /** Counts by fate. */
  counts(): ChangeCounts {
    const c = { made: 0, applied: 0, superseded: 0, pending: 0, lost: 0, filtered: 0, unsupported: 0 };
    for (const status of this.log.statuses) {
      c.made++;
      c[status]++;
    }
    return c;
  }

  /** Applied latencies per category, sorted ascending. */
  latencies(): Map<ChangeCategory, number[]> {
    const out = new Map<ChangeCategory, number[]>();
    const { statuses, visibleAts, categories, times } = this.log;
    for (let id = 0; id < statuses.length; id++) {
      const visibleAt = visibleAts[id] as number | null;
      if (statuses[id] !== "applied" || visibleAt === null) continue;
      const category = categories[id] as ChangeCategory;
      let list = out.get(category);
      if (!list) out.set(category, (list = []));
      list.push(visibleAt - (times[id] as number));
    }
    for (const list of out.values()) list.sort((a, b) => a - b);
    return out;
  }

  /** The combined fate of several changes (one scripted event): the most telling status, latest visibility. */
  static combine(changes: readonly TrackedChange[]): { status: EventStatus; visibleAt: number | null } {
    if (changes.length === 0) return { status: "filtered", visibleAt: null };
    let best = RANK.length;
    let visibleAt: number | null = null;
    for (const change of changes) {
      best = Math.min(best, RANK.indexOf(change.status));
      if (change.status === "applied" && change.visibleAt !== null)
        visibleAt = Math.max(visibleAt ?? 0, change.visibleAt);
    }
    const status = RANK[best] as ChangeStatus;
    return { status, visibleAt: status === "applied" ? visibleAt : null };
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private track(
    categoryName: ChangeCategory,
    object: AdObject,
    expect: Expectation,
    chain: string,
    other: string | undefined,
    status: ChangeStatus,
  ): TrackedChange {
    const at = this.now;
    const change: TrackedChange = {
      id: this.log.add(categoryName, at, status),
      category: categoryName,
      at,
      objectGUID: object.objectGUID,
      anchor: sourceAnchorOf(object),
      expect,
      status,
      visibleAt: null,
      chain,
      other,
    };
    if (status !== "pending") return change;
    this.enlist(change);
    // A change whose effect the cloud already shows, behind an earlier pending one (A → B → A): the
    // engine will write nothing for it, so it is visible now and the earlier one is overtaken.
    // A membership change the cloud already shows on its own (the member was dropped from the group in
    // the cloud when it was deleted there) is visible now too: the engine's write would change nothing.
    if (expect.kind === "member" || this.hasChainPeer(change)) this.applyIfShown(change);
    return change;
  }

  /** An object of a type the cloud has, which the engine has in scope. */
  private synced(object: AdObject): boolean {
    return cloudTypeOf(object.objectClass) !== undefined && this.engine.inScope(object);
  }

  /** Virtual now, relative to the workload's start. */
  private get now(): number {
    return this.world.scheduler.now - this.origin;
  }

  /**
   * A pending change whose effect the cloud shows already (the engine will write nothing for it) is
   * visible now — provisionally, as an in-flight write of the overtaken state may still undo it. Only
   * effects a later write can show count: a delete or a password is never "already" visible this way.
   */
  private applyIfShown(change: TrackedChange): void {
    const kind = change.expect.kind;
    if (kind === "gone" || kind === "password" || !this.satisfied(change)) return;
    this.apply(change);
    this.markProvisional(change);
  }

  private check(anchor: string, visible: (change: TrackedChange) => boolean): void {
    const set = this.byAnchor.get(anchor);
    if (set === undefined) return;
    if (!Array.isArray(set)) {
      // The common case (one pending change of the object): no copy, no sort.
      if (set.status === "pending" && visible(set)) this.apply(set);
      return;
    }
    // Latest first: applying a later change of a chain supersedes the earlier ones.
    const candidates = [...set].sort((a, b) => b.id - a.id);
    for (const change of candidates) {
      if (change.status === "pending" && visible(change)) this.apply(change);
    }
  }

  private apply(change: TrackedChange): void {
    const now = this.now;
    // (A copy: settling unfiles entries.) Most changes are alone under their object: no copy then.
    if (this.hasChainPeer(change)) {
      for (const earlier of this.chainOf(change)) {
        if (earlier.id < change.id && earlier.status === "pending") this.settle(earlier, "superseded", null);
      }
    }
    this.settle(change, "applied", now);
  }

  private settleGoneBeforeArrival(change: TrackedChange): void {
    if (change.status !== "pending") return;
    this.settle(change, "applied", this.now);
    this.markProvisional(change);
  }

  private markProvisional(change: TrackedChange): void {
    if (change.status === "applied") file(change, this.provisional, this.provisionalByGuid, true);
  }

  /** The object left AD or the scope: what was counted visible at once about it is final. */
  private releaseProvisional(guid: string): void {
    const set = this.provisionalByGuid.get(guid);
    if (!set) return;
    // A copy: unfiling removes entries from the list.
    for (const change of copyOf(set)) file(change, this.provisional, this.provisionalByGuid, false);
  }

  /** A tenant write or delete of `anchor`: reopen changes counted visible at once that it undid. */
  private recheckProvisional(anchor: string): void {
    const set = this.provisional.get(anchor);
    if (!set) return;
    for (const change of copyOf(set)) {
      const later = this.chainOf(change).some((other) => other.id > change.id);
      if (change.status !== "applied" || later) {
        // Superseded meanwhile, or a later change of the same thing now decides what the cloud must show.
        file(change, this.provisional, this.provisionalByGuid, false);
      } else if (!this.satisfied(change)) {
        file(change, this.provisional, this.provisionalByGuid, false);
        this.reinstate(change);
      }
    }
  }

  /** Whether the cloud shows the change's effect right now. */
  private satisfied(change: TrackedChange): boolean {
    const expect = change.expect;
    switch (expect.kind) {
      case "gone":
        return this.world.tenant.getByAnchor(change.anchor) === undefined;
      case "exists":
        return this.world.tenant.getByAnchor(change.anchor) !== undefined;
      case "attribute":
        return this.cloudHas(change.anchor, expect.attribute, expect.value);
      case "member":
        return this.cloudHasMember(change.anchor, expect.member, expect.present);
      default:
        return true;
    }
  }

  /** Every pending change of an object (or naming it as member) is overtaken by its delete or move out. */
  private overtake(guid: string): TrackedChange[] {
    this.releaseProvisional(guid);
    const set = this.byGuid.get(guid);
    if (!set) return [];
    const overtaken: TrackedChange[] = [];
    for (const change of copyOf(set)) {
      if (change.status !== "pending") continue;
      this.settle(change, "superseded", null);
      overtaken.push(change);
    }
    return overtaken;
  }

  /** Puts a settled change back in the pending set (and its chain), then checks whether it already shows. */
  private reopen(change: TrackedChange): void {
    this.reinstate(change);
    this.applyIfShown(change);
  }

  /** Puts a settled change back in the pending set and its chain. */
  private reinstate(change: TrackedChange): void {
    change.status = "pending";
    change.visibleAt = null;
    this.log.set(change.id, "pending", null);
    this.enlist(change);
  }

  /** Counts a pending change and files it by anchor and by the objects it involves. */
  private enlist(change: TrackedChange): void {
    this.pending++;
    file(change, this.byAnchor, this.byGuid, true);
  }

  /** True when another pending change of the same thing as `change` is filed (without listing them). */
  private hasChainPeer(change: TrackedChange): boolean {
    const filed = this.byGuid.get(change.objectGUID);
    if (filed === undefined) return false;
    if (!Array.isArray(filed)) return filed !== change && filed.chain === change.chain;
    for (const other of filed) if (other !== change && other.chain === change.chain) return true;
    return false;
  }

  /** The pending changes of the same thing as `change` (its chain, itself included if pending): a new list. */
  private chainOf(change: TrackedChange): TrackedChange[] {
    const filed = this.byGuid.get(change.objectGUID);
    if (filed === undefined) return [];
    if (!Array.isArray(filed)) return filed.chain === change.chain ? [filed] : [];
    return filed.filter((other) => other.chain === change.chain);
  }

  private settle(change: TrackedChange, status: ChangeStatus, visibleAt: number | null): void {
    if (change.status === "pending") {
      this.pending--;
      file(change, this.byAnchor, this.byGuid, false);
    }
    change.status = status;
    change.visibleAt = visibleAt;
    this.log.set(change.id, status, visibleAt);
  }

  private cloudHas(anchor: string, attribute: string, value: CloudValue | undefined): boolean {
    const object = this.world.tenant.getByAnchor(anchor);
    if (!object) return false;
    return sameValue(object.attributes[attribute], value);
  }

  private cloudHasMember(anchor: string, member: string, present: boolean): boolean {
    const object = this.world.tenant.getByAnchor(anchor);
    if (!object) return false;
    const members = object.attributes.members;
    const has = Array.isArray(members) && this.members.has(anchor, members as readonly string[], member);
    return has === present;
  }

  private syncedAnchor(directory: Directory, guid: string): string | undefined {
    const object = directory.get(guid);
    if (!object || object.isDeleted || !this.engine.inScope(object)) return undefined;
    return sourceAnchorOf(object);
  }
}

/**
 * The fate of every change by id, in columns: what counts and latencies read, kept apart from the
 * change records so that a settled record nothing waits on can go.
 */
class ChangeLog {
  readonly categories: ChangeCategory[] = [];
  readonly times: number[] = [];
  readonly statuses: ChangeStatus[] = [];
  readonly visibleAts: (number | null)[] = [];

  /** Logs a new change; returns its id. */
  add(category: ChangeCategory, at: number, status: ChangeStatus): number {
    this.categories.push(category);
    this.times.push(at);
    this.statuses.push(status);
    this.visibleAts.push(null);
    return this.statuses.length - 1;
  }

  set(id: number, status: ChangeStatus, visibleAt: number | null): void {
    this.statuses[id] = status;
    this.visibleAts[id] = visibleAt;
  }
}

/**
 * The changes filed under one key: the one change itself when it is alone — almost every key, as an
 * object has one change pending at a time — else a list, in the order filed. A pending change lives until
 * the engine's next cycle shows it, long enough to be promoted and collected from the old generation: a
 * one-entry list per key was two such objects more per change.
 */
type Filed = TrackedChange | TrackedChange[];

/** The changes filed under a key, as a new list (the caller may unfile them while walking it). */
function copyOf(filed: Filed): TrackedChange[] {
  return Array.isArray(filed) ? [...filed] : [filed];
}

/** Files (or unfiles) a change under its anchor and under every object it involves. */
function file(
  change: TrackedChange,
  byAnchor: Map<string, Filed>,
  byGuid: Map<string, Filed>,
  add: boolean,
): void {
  const edit = add ? index : unindex;
  edit(byAnchor, change.anchor, change);
  edit(byGuid, change.objectGUID, change);
  if (change.other !== undefined) edit(byGuid, change.other, change);
}

// Lists rather than Sets: almost every key has one or two changes filed, and a 240,000-change run files
// and unfiles each change under three keys.
function index(map: Map<string, Filed>, key: string, change: TrackedChange): void {
  const filed = map.get(key);
  if (filed === undefined) map.set(key, change);
  else if (Array.isArray(filed)) {
    if (!filed.includes(change)) filed.push(change);
  } else if (filed !== change) map.set(key, [filed, change]);
}

function unindex(map: Map<string, Filed>, key: string, change: TrackedChange): void {
  const filed = map.get(key);
  if (filed === undefined) return;
  if (!Array.isArray(filed)) {
    if (filed === change) map.delete(key);
    return;
  }
  const at = filed.indexOf(change);
  if (at >= 0) filed.splice(at, 1);
  // Back to the bare change when one is left; the key keeps its place in the map either way.
  if (filed.length === 1) map.set(key, filed[0] as TrackedChange);
  else if (filed.length === 0) map.delete(key);
}

function sameValue(a: CloudValue | undefined, b: CloudValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  if (Array.isArray(a) && b === undefined) return a.length === 0;
  if (Array.isArray(b) && a === undefined) return b.length === 0;
  return a === b;
}

/** The superseding key of a change: its kind, object and what of it changed (flat: see flatConcat). */
function chainKey(kind: string, objectGUID: string, detail?: string): string {
  return detail === undefined
    ? flatConcat(kind, "|", objectGUID)
    : flatConcat(kind, "|", objectGUID, "|", detail);
}

/** Per cloud type, the standard flow of each AD attribute (the first, as a search of the flows finds). */
const FLOW_FROM: Readonly<Record<CloudObjectType, ReadonlyMap<string, StandardFlow>>> = {
  user: flowsBySource("user"),
  group: flowsBySource("group"),
  contact: flowsBySource("contact"),
  device: flowsBySource("device"),
};

function flowsBySource(type: CloudObjectType): ReadonlyMap<string, StandardFlow> {
  const bySource = new Map<string, StandardFlow>();
  for (const flow of STANDARD_FLOWS[type]) if (!bySource.has(flow.source)) bySource.set(flow.source, flow);
  return bySource;
}
