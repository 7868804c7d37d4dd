import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { AdCsObject, ConnectorSpace } from "./connector-space.js";
import { changedEntraObject, exportOperation } from "./entra-connector-space.js";
import { patchExport, provisionToEntra } from "./entra-provisioning.js";
import type { RunStatus } from "./events.js";
import { referenceCount, referenceKey } from "./flow-values.js";
import { slotValue } from "./inbound-evaluation.js";
import { join } from "./join.js";
import type { Metaverse, MvObject } from "./metaverse.js";
import type { AttributePatch } from "./patched-evaluation.js";
import { forgetReferences } from "./reference-cache.js";
import type { RunContext } from "./run-context.js";
import { type RunResult, runProfile } from "./run-profile.js";
import type { MembershipTest } from "./scoping.js";
import { clearSyncError, recordSyncError } from "./sync-errors.js";

/**
 * Full sync of one AD connector: every connector-space object goes through the inbound rules again, and
 * every metaverse object it touches through the outbound rules (what a rule or filter change needs).
 *
 * @public
 */
export function* fullSync(ctx: RunContext, space: ConnectorSpace): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "full-sync", space.name, (counts) => {
    space.markAllPending();
    return synchronise(ctx, space, counts, false);
  });
}

/**
 * Delta sync of one AD connector: only objects with a pending import.
 *
 * @public
 */
export function* deltaSync(ctx: RunContext, space: ConnectorSpace): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "delta-sync", space.name, (counts) => synchronise(ctx, space, counts, true));
}

/**
 * Sync of the Entra connector: cloud objects the import brought in join their metaverse object on source
 * anchor; confirmed exports settle. With `deprovisionUnjoined` (every AD connector fully imported and
 * synced this cycle), a disconnector — a synced cloud object written by this engine that no metaverse
 * object claims, e.g. one deleted in AD while the database was lost — is deprovisioned: the next export
 * deletes it, subject to the deletion threshold (what a rebuilt server does to cloud objects it no longer
 * finds on premises, how-to-connect-sync-feature-prevent-accidental-deletes).
 *
 * @public
 */
export function* syncEntra(
  ctx: RunContext,
  options: { readonly deprovisionUnjoined?: boolean; readonly full?: boolean } = {},
): ProcessBody<RunResult> {
  // An initial cycle runs a full sync on every connector (Start-ADSyncSyncCycle -PolicyType Initial); the work
  // is the same, only the run history names it so.
  const profile = options.full ? "full-sync" : "delta-sync";
  return yield* runProfile(ctx, profile, "entra", function* (counts): ProcessBody<RunStatus> {
    const entra = ctx.db.entra;
    const imported = entra.takeImportedSet();
    yield sleep(imported.size * ctx.config.timing.syncPerObjectMs);
    counts.joins = 0;
    // Every imported object is charged; only one no metaverse object is linked to can join, and only when a
    // metaverse object has its source anchor (rarely: after a lost database, or another server's export).
    const joinable = entra.unlinkedAmong(imported).filter((anchor) => ctx.db.metaverse.findByAnchor(anchor));
    // Joined in import order: one alone needs no ordering; several (a rebuilt server) are found in it again.
    const toJoin = joinable.length > 1 ? imported : joinable;
    for (const anchor of toJoin) {
      const held = entra.get(anchor);
      if (!held || held.mvId !== undefined) continue;
      const mv = ctx.db.metaverse.findByAnchor(anchor);
      if (!mv) continue;
      counts.joins++;
      provisionToEntra(ctx, mv.id, anchor, mv);
    }
    if (options.deprovisionUnjoined) {
      for (const anchor of entra.unjoinedAnchors()) {
        const held = entra.get(anchor);
        if (!held) continue;
        const next = changedEntraObject(held, { deprovisioned: true });
        if (exportOperation(next) !== "delete") continue;
        entra.put(next);
        counts.deprovisions = (counts.deprovisions ?? 0) + 1;
      }
    }
    return "success";
  });
}

/**
 * Sync of one AD connector's pending objects. With `patching` (a delta sync), an update of a linked object
 * that changed only attributes direct flows read is carried into its last evaluation rather than evaluated
 * again (see {@link patchInbound}); a full sync, which exists to evaluate everything again, never patches.
 */
function* synchronise(
  ctx: RunContext,
  space: ConnectorSpace,
  counts: Record<string, number>,
  patching: boolean,
): ProcessBody<RunStatus> {
  const { db, pipeline, config } = ctx;
  const mv = db.metaverse;
  // Single-threaded; cost per object plus per reference value (plan-connect-performance-factors: a change
  // to one member of a large group re-evaluates the whole group). The records are looked up once, here:
  // nothing but this sync changes the connector space until it is over (a crash or a lost database kills
  // the sync in its sleep), and syncing one object changes no other object's record.
  let cost = 0;
  const pending: AdCsObject[] = [];
  const take = (anchor: string): void => {
    const held = space.get(anchor);
    cost +=
      config.timing.syncPerObjectMs +
      (held ? referenceCount(held.object) * config.timing.syncPerReferenceMs : 0);
    if (held) pending.push(held);
  };
  for (const anchor of space.pendingValues()) take(anchor);
  // Objects to sync besides the pending ones, each once, after them (no copy of the pending set to add to).
  let more: Set<string> | undefined;
  const takeMore = (anchor: string): void => {
    if (space.isPending(anchor) || more?.has(anchor)) return;
    (more ??= new Set()).add(anchor);
    take(anchor);
  };
  // ISMEMBEROF scoping: members added to or removed from a group are scoped again (group-based filtering).
  const memberChanges = space.takeMemberChanges();
  if (pipeline.usesMembership) for (const guid of memberChanges) if (space.get(guid)) takeMore(guid);
  // Assumption: a disconnector a Join rule had in scope tries to join again at each sync of its connector.
  for (const anchor of space.joinRetryAnchors()) takeMore(anchor);
  yield sleep(cost);
  counts.projections = counts.joins = counts.disconnects = counts.updates = counts.errors = 0;
  // Metaverse objects touched, in first-touch order, each as it was before this sync: its source anchor
  // (kept for deleted objects) and whether it was provisioned then are read from that record (records are
  // immutable) when the sync is over, rather than copied into one of their own now; then each live one's
  // current record takes its place (a patched one's at once, when its provisioning cannot have changed).
  const touched = new Map<string, MvObject>();
  // Objects whose inbound evaluation was patched: the metaverse attributes that changed (null: touched
  // otherwise too, evaluated whole).
  const patched = patching ? new Map<string, readonly AttributePatch[] | null>() : undefined;
  const referenceKeys = new ChangedKeys();
  const remember = (id: string): void => {
    if (touched.has(id)) return;
    const object = mv.get(id);
    if (object) touched.set(id, object);
  };
  const disconnect = (anchor: string, id: string): void => {
    patched?.set(id, null);
    mv.disconnect(id, space.name);
    counts.disconnects = (counts.disconnects ?? 0) + 1;
    referenceKeys.add(space.forest, anchor);
  };
  for (const held of pending) {
    const anchor = held.anchor;
    if (held.mvId !== undefined) remember(held.mvId);
    if (held.pendingImport === "delete") {
      if (held.mvId !== undefined) disconnect(anchor, held.mvId);
      else referenceKeys.add(space.forest, anchor);
      clearSyncError(ctx, space.name, anchor);
      space.commit(held, undefined);
      continue;
    }
    if (patched && held.mvId !== undefined && !patched.has(held.mvId)) {
      const changes = patchInbound(ctx, space, held, held.mvId);
      if (changes) {
        patched.set(held.mvId, changes);
        // Its provisioning is as it was (below): its current record takes its place now, while at hand.
        if (!pipeline.provisioningReadsAny(changes)) touched.set(held.mvId, mv.get(held.mvId) as MvObject);
        counts.updates = (counts.updates ?? 0) + 1;
        continue;
      }
    }
    // ISMEMBEROF answers only when some rule asks (no closure per object otherwise).
    const memberOf = pipeline.usesMembership ? membershipIn(space, held.object.objectGUID) : undefined;
    // (In the metaverse's reusable record: only this object's inbound evaluation reads it.)
    const previous = held.mvId === undefined ? undefined : mv.contributionOf(held.mvId, space.name, true);
    // The values are only read until the object's contribution is stored (the metaverse copies what it
    // keeps): the plan's reusable array.
    const result = pipeline.inboundSlots(held.object, space.forest, memberOf, previous, true);
    if (result.errors.length > 0) {
      // A sync error: nothing of this object is applied; it stays as it was.
      counts.errors = (counts.errors ?? 0) + 1;
      recordSyncError(ctx, space.name, anchor, held.object.dn, result.errors);
      space.commitFailed(held);
      continue;
    }
    clearSyncError(ctx, space.name, anchor);
    let id = held.mvId;
    let linkType = held.linkType;
    if (id !== undefined) {
      // Joins are evaluated once: a linked object stays linked while any link rule has it in scope, and a
      // StickyJoin link stays even out of scope (concept-azure-ad-connect-sync-declarative-provisioning).
      if (!result.linkRule && held.linkType !== "StickyJoin") {
        disconnect(anchor, id);
        space.commit(held, undefined);
        continue;
      }
      counts.updates = (counts.updates ?? 0) + 1;
    } else {
      if (!result.linkRule) {
        space.awaitJoin(anchor, false);
        space.commit(held, undefined);
        continue;
      }
      const joined = join(ctx, space, held.object, result);
      if (joined) {
        mv.link(joined.object.id, space.name, anchor);
        id = joined.object.id;
        linkType = joined.rule.linkType ?? result.linkRule.linkType;
        counts.joins = (counts.joins ?? 0) + 1;
      } else if (result.provisioningRule) {
        const sourceAnchor = String(slotValue(result, "sourceAnchor") ?? anchor);
        // A rule set without an anchor join still never projects a second object for one anchor.
        const same = mv.findByAnchor(sourceAnchor);
        if (same && same.links[space.name] === undefined) {
          mv.link(same.id, space.name, anchor);
          id = same.id;
          counts.joins = (counts.joins ?? 0) + 1;
        } else {
          id = mv.project(result.provisioningRule.targetObjectType, sourceAnchor, space.name, anchor).id;
          counts.projections = (counts.projections ?? 0) + 1;
        }
        linkType = "Provision";
      } else {
        // Join / StickyJoin only, no match: a disconnector, waiting for its join.
        space.awaitJoin(anchor, true);
        space.commit(held, undefined);
        continue;
      }
      space.awaitJoin(anchor, false);
      remember(id);
      referenceKeys.add(space.forest, anchor);
    }
    patched?.set(id, null);
    mv.contributeSlots(id, space.name, result.plan, result.values, held.object.uSNChanged);
    space.commit(held, id, linkType);
  }
  // What a reference key resolves to depends only on its connector-space object's link and on whether the
  // linked metaverse object provisions (reference-cache.ts): the keys of objects linked, joined, projected,
  // disconnected or deleted are already listed; those of touched objects whose provisioning changed are
  // added now. Everything else keeps its memo. Objects pointing at any of them are evaluated again below.
  let touchedLive = 0;
  // Objects the sync deleted (the others' records are replaced by their current ones below).
  let gone: Set<string> | undefined;
  // Values, not entries: iterating entries builds a pair per object.
  for (const before of touched.values()) {
    const object = mv.get(before.id);
    if (!object) {
      (gone ??= new Set()).add(before.id);
      continue;
    }
    touchedLive++;
    // The same record, the same provisioning: a patched object whose patch changed nothing the Provision
    // scopes read has its current record in place already.
    if (object === before) continue;
    // Kept for the outbound pass below (its place in the map stays): that pass changes no metaverse object
    // but the one it evaluates. The source anchor of an object never changes.
    touched.set(before.id, object);
    const was = pipeline.provisions(before.objectType, before.attributes);
    if (pipeline.provisions(object.objectType, object.attributes) !== was)
      for (const linked in object.links)
        if (linked !== "entra") referenceKeys.add(linked.slice(3), object.links[linked] as string);
  }
  forgetReferences(ctx, referenceKeys);
  // Outbound: every touched metaverse object, then objects whose references to them may now resolve
  // differently (provisioned, deprovisioned, projected or deleted).
  // The objects referring to those keys, collected once (outbound changes no reference): a patched object's
  // outbound evaluation is patched too unless it is one of them, and those the sync did not touch are
  // evaluated after it. When the sync touched every metaverse object and patched none (a full sync of the
  // only AD connector), every referrer is evaluated below: the 150,000 keys of an initial sync are not
  // looked up for nothing.
  const referrers =
    (patched !== undefined && patched.size > 0) || touchedLive < mv.size
      ? referrersOf(mv, referenceKeys)
      : undefined;
  for (const object of touched.values()) {
    if (gone?.has(object.id)) {
      provisionToEntra(ctx, object.id, object.sourceAnchor, undefined);
      continue;
    }
    const changes = patched?.get(object.id);
    if (changes && !referrers?.has(object.id) && patchExport(ctx, object, changes)) continue;
    provisionToEntra(ctx, object.id, object.sourceAnchor, object);
  }
  if (referrers && touchedLive < mv.size) provisionReferrers(ctx, referrers, touched);
  ctx.db.lastSyncAt = ctx.world.scheduler.now;
  return "success";
}

/**
 * The inbound sync of an update of a linked object as a patch of its last evaluation: when the object's
 * contribution is the metaverse object's only one and holds the evaluation of the state last synced
 * (`held.synced`), and the update changed only attributes that direct flows read (no scope, transform or
 * expression reads them, the DN is the same: every rule in scope stays so, the link holds), the metaverse
 * attributes those flows reach take the new values and nothing else is evaluated. What the whole
 * evaluation would give, without scoping, reading and resolving every flow of the object again: most
 * changes are one attribute of a user (a department, a phone number) or none a rule reads (a password).
 * Applies the patch and returns the metaverse attributes changed, or undefined (nothing done) when the
 * object must be evaluated whole.
 */
function patchInbound(
  ctx: RunContext,
  space: ConnectorSpace,
  held: AdCsObject,
  id: string,
): readonly AttributePatch[] | undefined {
  const before = held.synced;
  if (held.pendingImport !== "update" || before === undefined) return undefined;
  const { pipeline } = ctx;
  const mv = ctx.db.metaverse;
  const attributes = mv.soleContributionOf(id, space.name, pipeline.inboundPlan(held.object.objectClass));
  if (!attributes) return undefined;
  const changes = pipeline.inboundPatch(before, held.object, attributes);
  if (!changes) return undefined;
  clearSyncError(ctx, space.name, held.anchor);
  mv.patchAttributes(id, changes, held.object.uSNChanged);
  space.commit(held, id);
  return changes;
}

/**
 * Metaverse ids of the objects referring to any of these keys, in the order the keys and their referrers
 * come (keys nobody refers to, most of them, are passed over).
 */
function referrersOf(mv: Metaverse, keys: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const key of keys) if (mv.hasReferrers(key)) for (const id of mv.referrersOf(key)) out.add(id);
  return out;
}

/**
 * Outbound sync of the objects referring to changed keys (their references may now resolve differently),
 * except those the sync touched (already evaluated). A group several of whose members changed is evaluated
 * once, not once per member: evaluating it again gives the same export values (nothing it reads changes in
 * between), only the cost of 50 resolutions.
 */
function provisionReferrers(
  ctx: RunContext,
  referrers: ReadonlySet<string>,
  touched: ReadonlyMap<string, MvObject>,
): void {
  const mv = ctx.db.metaverse;
  for (const referrer of referrers) {
    if (touched.has(referrer)) continue;
    const object = mv.get(referrer);
    provisionToEntra(ctx, referrer, object?.sourceAnchor ?? "", object);
  }
}

/**
 * The reference keys of the objects a sync linked, unlinked or changed the provisioning of, kept as their
 * parts and spelled out (once) only when read: the first sync of a server links every object — 150,000
 * keys — while nothing is memoised or refers to anything yet, and reads none of them.
 */
class ChangedKeys implements Iterable<string> {
  private readonly forests: string[] = [];
  private readonly anchors: string[] = [];
  private keys: string[] | undefined;

  /** Adds the key of the object with this anchor in this forest's connector space. */
  add(forest: string, anchor: string): void {
    this.forests.push(forest);
    this.anchors.push(anchor);
    this.keys = undefined;
  }

  [Symbol.iterator](): Iterator<string> {
    if (!this.keys) {
      const keys = new Array<string>(this.anchors.length);
      for (let i = 0; i < keys.length; i++)
        keys[i] = referenceKey(this.forests[i] as string, this.anchors[i] as string);
      this.keys = keys;
    }
    return this.keys[Symbol.iterator]();
  }
}

/** ISMEMBEROF for one object: a direct member of the group with this DN in the connector space. */
function membershipIn(space: ConnectorSpace, guid: string): MembershipTest {
  return (groupDn) => {
    const members = space.getByDn(groupDn)?.object.attributes.member;
    return Array.isArray(members) && (members as readonly string[]).includes(guid);
  };
}
