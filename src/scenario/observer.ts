import type { SyncEngine } from "../engines/engine.js";
import type { AdObject } from "../model/ad-object.js";
import { sourceAnchorOf } from "../model/anchor.js";
import { cloudTypeOf } from "../model/cloud-schema.js";
import type { Directory } from "../model/directory.js";
import type { World } from "../model/world.js";
import { attributeExpectation, notFlowed } from "./attribute-expectation.js";
import {
  combineFates,
  explainSetAside,
  explainSyncErrors,
  notCarriedReason,
  outOfScopeReason,
} from "./change-fates.js";
import type { ChainKind, ChangeStatus, Expectation, TrackedChange } from "./change-types.js";
import { FLOW_FROM, Visibility } from "./change-visibility.js";
import { DeleteOvertakes } from "./delete-overtakes.js";
import { PendingChanges } from "./pending-changes.js";
import { ProvisionalChanges } from "./provisional-changes.js";
import type { ChangeCategory, ChangeCounts } from "./result.js";
import type { WriteOrigin } from "./scenario-types.js";
import { staleOnArrival } from "./stale-arrival.js";

/**
 * The observer pairs every change the harness makes in AD with the first moment the tenant reflects it.
 *
 * Rules (docs: "How a change counts as visible"):
 * - attribute: the cloud attribute the standard flow maps it to (`STANDARD_FLOWS`) equals the value the
 *   standard projection makes of the AD object right after the change, on a tenant write that touched that
 *   attribute (or created/restored the object). An AD attribute no standard flow carries is `filtered`.
 *   An engine with flows of its own (custom rules, mapping overrides) previews the write instead
 *   (`previewChange`): the cloud attribute the written attribute alone alters, with the value the flows
 *   make; a write that alters none is `filtered`.
 * - create / restore / move into scope: the tenant holds a live object with the object's source anchor.
 * - delete / move out of scope: the tenant deleted (soft-deleted, for users) the object with that anchor.
 * - move within scope (or outside it): the cloud has no DN attribute in the standard flows, so there is
 *   nothing to see — the move is `filtered` (not flowed); its latency is not measured. A flow of the
 *   engine's own that reads the DN makes it the first cloud attribute the move alters (`previewChange`).
 * - membership: the group's `members` contains (add) or lacks (remove) the member's anchor.
 * - password: a tenant `credential` event for the user with a version ≥ the AD version of the change.
 * - superseded: a later change of the same thing (same attribute, same membership pair, same password,
 *   same object's existence) became visible first, or the object was deleted or moved out of scope before
 *   the change showed.
 * - filtered: the engine's `inScope` said no when the change was made, or the attribute is not flowed.
 * - lost: still pending at the end while its object is gone from AD or out of the engine's scope — it can
 *   no longer become visible. Everything else still waiting at the end is `pending`.
 */

// The public types of a tracked change live in their own module; the observer's users import them here.
export type { ChainKind, ChangeStatus, Expectation, TrackedChange } from "./change-types.js";

// The expectations that carry nothing but their kind, shared by every change that has them.
const EXISTS: Expectation = Object.freeze({ kind: "exists" });
const GONE: Expectation = Object.freeze({ kind: "gone" });

/**
 * Watches the tenant on behalf of one run.
 *
 * @public
 */
export class Observer {
  private readonly world: World;
  private readonly engine: SyncEngine;
  /** Every change made, and the pending ones filed by anchor and object. */
  private readonly books: PendingChanges;
  /** The tests of whether the tenant shows a change. */
  private readonly visibility: Visibility;
  private readonly origin: number;
  /** Changes counted as visible at once, until they are final (provisional-changes.ts). */
  private readonly provisional: ProvisionalChanges;
  /** Pending deletes and the changes they overtook, until the object is restored or the run ends. */
  private readonly deleteOvertakes: DeleteOvertakes;
  /**
   * Where and when a write being recorded was made, when not on the sync DC: a write made on another
   * domain controller is recorded when it reaches the one the engines read (replication.ts); its latency
   * counts from when it was made, and the result counts it under its kind of DC. Undefined: now, on the
   * sync DC.
   *
   * @internal
   */
  madeElsewhere: { readonly at: number; readonly on: WriteOrigin } | undefined = undefined;

  /**
   * @param world - the run's world
   * @param engine - the engine under test (for `inScope`)
   * @param origin - virtual time the workload starts (after a warm-up); recorded times are relative to it
   */
  constructor(world: World, engine: SyncEngine, origin = 0) {
    this.world = world;
    this.engine = engine;
    this.origin = origin;
    this.visibility = new Visibility(world);
    this.books = new PendingChanges((change) => this.apply(change));
    this.deleteOvertakes = new DeleteOvertakes(world);
    const visibility = this.visibility;
    this.provisional = new ProvisionalChanges(
      (change) => this.books.hasLaterPeer(change),
      (change) => visibility.satisfied(change),
      (change) => this.books.reinstate(change),
    );
    const tenant = world.tenant;
    // The tests of visibility are methods handed to check() with the event, not a closure per event.
    tenant.events.on("write", (event) => {
      if (event.anchor === undefined) return;
      if (event.action === "restored") this.staleAfterRestore(event.anchor);
      this.provisional.recheck(event.anchor);
      this.books.check(event.anchor, event, this.visibility, this.visibility.shownByWrite);
    });
    tenant.events.on("delete", (event) => {
      if (event.anchor === undefined) return;
      this.provisional.recheck(event.anchor);
      this.books.check(event.anchor, event, this.visibility, this.visibility.shownByDelete);
    });
    tenant.events.on("credential", (event) => {
      if (event.anchor === undefined) return;
      this.books.check(event.anchor, event, this.visibility, this.visibility.shownByCredential);
    });
  }

  /** Changes made and not yet visible, superseded, filtered or lost. */
  get pendingCount(): number {
    return this.books.count;
  }

  // ---- recording ---------------------------------------------------------------------------------------

  /** A new object (create) or a restored one. */
  recordExistence(object: AdObject): TrackedChange {
    const synced = this.synced(object);
    const change = synced
      ? this.track("create", object, EXISTS, "e", undefined, "pending")
      : this.filter("create", object, EXISTS, "e", undefined, outOfScopeReason(this.engine, object));
    // A restore before the delete reached the cloud: what the delete overtook must still show — unless the
    // object came back outside the engine's scope (an admin's set-scope while it was deleted): then never.
    const overtaken = this.deleteOvertakes.restored(object);
    if (synced) for (const earlier of overtaken) this.reopen(earlier);
    return change;
  }

  /**
   * An attribute write: one change per written attribute. `previous` (the object before the write) lets
   * an engine with flows of its own (custom rules, mapping overrides) say what the write does in the
   * cloud; without it, or with an engine that flows the standard way, the standard flows decide.
   */
  recordModify(
    object: AdObject,
    attributes: readonly string[],
    directory: Directory,
    previous?: AdObject,
  ): TrackedChange[] {
    const type = cloudTypeOf(object.objectClass);
    const inScope = type !== undefined && this.engine.inScope(object);
    const own = previous && type !== undefined ? this.engine.previewChange?.(previous, object) : undefined;
    // Flows of the engine's own can take an object out of scope or into it by an attribute (Connect's
    // attribute-based filtering: a rule flowing cloudFiltered, a rule's scoping filter): the write is then
    // the object's removal from the cloud or its arrival, as a move across the scope is.
    if (own && previous && this.engine.inScope(previous) !== inScope)
      return [this.scopeChanged("attribute", object, inScope)];
    const preview = inScope ? own : undefined;
    // Attributes the engine's flows now leave as the cloud holds them: earlier writes of them that have
    // not shown will not (a department set, then cleared under IgnoreFlowIfNullOrEmpty).
    if (preview?.kept) this.overtakeKept(object.objectGUID, preview.kept);
    // Only a preview the flows did not fail on says what the write shows (a failed one: the standard flows).
    const previewed =
      preview && previous && !preview.error ? { previous, preview, written: attributes.length } : undefined;
    // Sized up front: a push into an empty list reserves room for 16 (a workload edit writes one).
    const out = new Array<TrackedChange>(attributes.length);
    for (let i = 0; i < attributes.length; i++) {
      const attribute = attributes[i] as string;
      const flow = type ? FLOW_FROM[type].get(attribute) : undefined;
      const expect = attributeExpectation(
        this.engine,
        object,
        attribute,
        flow,
        inScope,
        directory,
        previewed,
      );
      if (expect) {
        out[i] = this.track("attribute", object, expect, "a", undefined, "pending");
        continue;
      }
      const why = inScope ? notCarriedReason(attribute, !!preview) : outOfScopeReason(this.engine, object);
      out[i] = this.filter("attribute", object, notFlowed(flow?.target ?? attribute), "a", undefined, why);
    }
    return out;
  }

  /** A password change that took AD version `version`. */
  recordPassword(user: AdObject, version: number): TrackedChange {
    const expect: Expectation = { kind: "password", version };
    return this.engine.inScope(user)
      ? this.track("password", user, expect, "p", undefined, "pending")
      : this.filter("password", user, expect, "p", undefined, outOfScopeReason(this.engine, user));
  }

  /** A delete; `before` is the object just before it. Pending changes of the object are overtaken. */
  recordDelete(before: AdObject): TrackedChange {
    const synced = this.synced(before);
    const inCloud = this.world.tenant.getByAnchor(sourceAnchorOf(before)) !== undefined;
    const overtaken = this.overtake(before.objectGUID);
    // Out of the engine's scope but still in the cloud: it left the scope (a move, a set-scope) and the
    // engine has not removed it yet. The delete must show as that departure would have.
    const never =
      synced || inCloud ? undefined : `never in the cloud: ${outOfScopeReason(this.engine, before)}`;
    const change = never
      ? this.filter("delete", before, GONE, "e", undefined, never)
      : this.track("delete", before, GONE, "e", undefined, "pending");
    if (synced && !inCloud) {
      // Not in the cloud (yet): the cloud already shows it gone — unless an add in flight lands later.
      this.settleGoneBeforeArrival(change);
      return change;
    }
    if (change.status === "pending" && overtaken.length > 0)
      this.deleteOvertakes.record(before.objectGUID, change, overtaken);
    return change;
  }

  /** A move from `before` to `after`. */
  recordMove(before: AdObject, after: AdObject): TrackedChange {
    const was = this.synced(before);
    const is = this.synced(after);
    if (was !== is) return this.scopeChanged("move", after, is);
    // A flow of the engine's own that reads the DN (a department made of the OU, DNComponent([dn], 2))
    // makes a move within the scope show in the cloud: the first cloud attribute it alters, as an
    // attribute change of that attribute would.
    const preview = is ? this.engine.previewChange?.(before, after) : undefined;
    const first = preview && !preview.error ? preview.changed.entries().next().value : undefined;
    if (first) {
      const [attribute, value] = first;
      return this.track("move", after, { kind: "attribute", attribute, value }, "a", undefined, "pending");
    }
    const reason = is
      ? "a move within the engine's scope: no cloud attribute changes"
      : outOfScopeReason(this.engine, after);
    return this.filter("move", after, EXISTS, "mv", undefined, reason);
  }

  /**
   * Before a membership write: whether the member is synced now, when the group itself is not — a pilot
   * or scoping group (Connect's `pilotGroup`, Cloud Sync's `scope.groups`), whose members come into scope
   * and leave it with their membership. Undefined when the group is synced (its member list tells).
   */
  memberSyncedBefore(group: AdObject, member: AdObject): boolean | undefined {
    return this.engine.inScope(group) ? undefined : this.synced(member);
  }

  /**
   * A membership change of `group` (after the write). `memberWasSynced` is {@link memberSyncedBefore}'s
   * answer: when the write brought the member into the engine's scope or out of it, the change is the
   * member's arrival in the cloud or its removal (what a pilot group's membership is for); otherwise the
   * group's member list in the cloud.
   */
  recordMembership(
    group: AdObject,
    member: AdObject,
    present: boolean,
    memberWasSynced?: boolean,
  ): TrackedChange {
    // Given, the group is not synced (a group's own scope does not move with its member list): the member's
    // scope alone decides, and the engine need not be asked about the group again.
    const memberSynced = memberWasSynced === undefined ? undefined : this.synced(member);
    if (memberSynced !== undefined && memberSynced !== memberWasSynced)
      return this.scopeChanged("membership", member, memberSynced);
    const expect: Expectation = { kind: "member", member: sourceAnchorOf(member), present };
    const groupSynced = memberWasSynced === undefined && this.engine.inScope(group);
    if (groupSynced && this.synced(member))
      return this.track("membership", group, expect, "m", member.objectGUID, "pending");
    const reason = groupSynced
      ? `the member is ${outOfScopeReason(this.engine, member)}`
      : `the group is ${outOfScopeReason(this.engine, group)}`;
    return this.filter("membership", group, expect, "m", member.objectGUID, reason);
  }

  /**
   * An object came into the engine's scope (`is`) or left it without changing itself in the cloud's eyes:
   * the cloud must show it, or show it gone (its earlier pending changes overtaken).
   */
  private scopeChanged(category: ChangeCategory, object: AdObject, is: boolean): TrackedChange {
    if (is) {
      const arrival = this.track(category, object, EXISTS, "e", undefined, "pending");
      // Back before the engine removed it: the values the cloud still holds from before must be synced.
      for (const expect of staleOnArrival(this.world, this.engine, object))
        this.track("attribute", object, expect, "a", undefined, "pending");
      return arrival;
    }
    this.overtake(object.objectGUID);
    const change = this.track(category, object, GONE, "e", undefined, "pending");
    if (!this.world.tenant.getByAnchor(change.anchor)) this.settleGoneBeforeArrival(change);
    return change;
  }

  /**
   * A user the engine's add brought back from soft delete (a restore, or a return to the scope after the
   * engine had removed it): Entra ID restores it with the values it had, and the add sets only what it
   * sends. The attributes whose cloud value is not what AD projects (a department cleared meanwhile) are
   * changes still to show, unless a pending change of the object already waits for that attribute.
   */
  private staleAfterRestore(anchor: string): void {
    const guid = this.books.objectUnder(anchor);
    if (guid === undefined) return;
    const object = this.world.directoryHolding(guid)?.get(guid);
    if (!object || object.isDeleted || !this.synced(object)) return;
    const waiting = new Set<string>();
    for (const change of this.books.ofObject(object.objectGUID))
      if (change.status === "pending" && change.expect.kind === "attribute")
        waiting.add(change.expect.attribute);
    for (const expect of staleOnArrival(this.world, this.engine, object))
      if (expect.kind === "attribute" && !waiting.has(expect.attribute))
        this.track("attribute", object, expect, "a", undefined, "pending");
  }

  /**
   * The engine's scope changed (an admin `set-scope`): `object` came into it (`is`: the cloud must show it,
   * as a create) or left it (the cloud must show it gone, as a delete; its pending changes are overtaken).
   * An object the cloud already holds shows at once.
   */
  recordScopeChange(object: AdObject, is: boolean): TrackedChange {
    const change = this.scopeChanged(is ? "create" : "delete", object, is);
    if (is && change.status === "pending") this.applyIfShown(change);
    return change;
  }

  /**
   * Writes made on another domain controller that never showed on the one the engines read: AD's conflict
   * resolution kept a later write, or the object was deleted first (replication.ts). Each is a change made
   * and superseded at once — `count` of them (a modify of several attributes), with the reason.
   */
  recordSuperseded(
    category: ChangeCategory,
    object: AdObject,
    count: number,
    reason: string,
  ): TrackedChange[] {
    const out: TrackedChange[] = [];
    for (let i = 0; i < count; i++) {
      const change = this.track(category, object, EXISTS, "e", undefined, "superseded");
      change.reason = reason;
      out.push(change);
    }
    return out;
  }

  // ---- end of run --------------------------------------------------------------------------------------

  /**
   * Classifies what is still pending: `lost` when its object is gone from AD or out of scope, else
   * `pending`.
   */
  finish(directoryOf: (guid: string) => Directory): void {
    const pending = this.books.all();
    for (const change of pending) {
      const object = directoryOf(change.objectGUID).get(change.objectGUID);
      const gone = !object || object.isDeleted;
      if (change.expect.kind === "gone") continue;
      if (gone || !this.engine.inScope(object)) this.books.settle(change, "lost", null);
    }
    explainSetAside(this.world.tenant, pending);
    explainSyncErrors(this.engine, (guid) => directoryOf(guid).get(guid), pending);
  }

  /** Counts by fate. */
  counts(): ChangeCounts {
    return this.books.counts();
  }

  /** Applied latencies per category, sorted ascending. */
  latencies(): Map<ChangeCategory, Float64Array> {
    return this.books.latencies();
  }

  /** Counts by fate and applied latencies (sorted ascending) per kind of DC the writes were made on. */
  byOrigin(): Map<WriteOrigin, { counts: ChangeCounts; latencies: Float64Array }> {
    return this.books.byOrigin();
  }

  /**
   * The combined fate of several changes (one scripted event): the most telling status, latest visibility,
   * a reason when one says more (change-fates.ts). No changes at all: the write changed nothing in AD — a
   * move to the OU the object is in, a value it already has, a member the group already holds.
   */
  static combine(changes: readonly TrackedChange[]): ReturnType<typeof combineFates> {
    return combineFates(changes);
  }

  // ---- internals ---------------------------------------------------------------------------------------
  private track(
    categoryName: ChangeCategory,
    object: AdObject,
    expect: Expectation,
    chain: ChainKind,
    other: string | undefined,
    status: ChangeStatus,
  ): TrackedChange {
    const elsewhere = this.madeElsewhere;
    const at = elsewhere === undefined ? this.now : elsewhere.at - this.origin;
    const change: TrackedChange = {
      id: this.books.add(categoryName, at, status),
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
    if (elsewhere !== undefined) this.books.setOrigin(change.id, elsewhere.on);
    if (status !== "pending") return change;
    const behindPeer = this.books.enlist(change);
    // A change whose effect the cloud already shows, behind an earlier pending one (A → B → A): the
    // engine will write nothing for it, so it is visible now and the earlier one is overtaken.
    // A membership change the cloud already shows on its own (the member was dropped from the group in
    // the cloud when it was deleted there) is visible now too: the engine's write would change nothing.
    // So is an attribute change with no peer whose value the cloud still holds: A → B while the object was
    // out of the engine's scope (B filtered, never sent; the cloud kept the object), back in, then B → A.
    if (expect.kind === "member" || expect.kind === "attribute" || behindPeer) this.applyIfShown(change);
    return change;
  }

  /** A change the engine will never carry, filed as filtered with the reason. */
  private filter(
    categoryName: ChangeCategory,
    object: AdObject,
    expect: Expectation,
    chain: ChainKind,
    other: string | undefined,
    reason: string,
  ): TrackedChange {
    const change = this.track(categoryName, object, expect, chain, other, "filtered");
    change.reason = reason;
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
    if (kind === "gone" || kind === "password" || !this.visibility.satisfied(change)) return;
    this.apply(change);
    this.provisional.mark(change);
  }

  private apply(change: TrackedChange): void {
    const now = this.now;
    this.books.supersedeEarlier(change);
    this.books.settle(change, "applied", now);
  }

  private settleGoneBeforeArrival(change: TrackedChange): void {
    if (change.status !== "pending") return;
    this.books.settle(change, "applied", this.now);
    this.provisional.mark(change);
  }

  /** Every pending change of an object (or naming it as member) is overtaken by its delete or move out. */
  private overtake(guid: string): TrackedChange[] {
    this.provisional.release(guid);
    return this.books.supersedeAll(guid, () => true);
  }

  /** Every pending attribute change of an object whose cloud attribute the engine's flows now keep. */
  private overtakeKept(guid: string, kept: ReadonlySet<string>): void {
    this.books.supersedeAll(
      guid,
      (change) =>
        change.objectGUID === guid && change.expect.kind === "attribute" && kept.has(change.expect.attribute),
    );
  }

  /** Puts a settled change back in the pending set (and its chain), then checks whether it already shows. */
  private reopen(change: TrackedChange): void {
    this.books.reinstate(change);
    this.applyIfShown(change);
  }
}
