import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { ConnectorSpace, EntraCsObject } from "./connector-space.js";
import { exportOperation } from "./connector-space.js";
import type { RunStatus } from "./events.js";
import { referenceCount, referenceKey } from "./rule-pipeline.js";
import type { RunContext } from "./run-context.js";
import { type RunResult, runProfile } from "./run-profile.js";

/**
 * Full sync of one AD connector: every connector-space object goes through the inbound rules again, and
 * every metaverse object it touches through the outbound rules (what a rule or filter change needs).
 *
 * @public
 */
export function* fullSync(ctx: RunContext, space: ConnectorSpace): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "full-sync", space.name, (counts) => {
    space.markAllPending();
    return synchronise(ctx, space, counts);
  });
}

/**
 * Delta sync of one AD connector: only objects with a pending import.
 *
 * @public
 */
export function* deltaSync(ctx: RunContext, space: ConnectorSpace): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "delta-sync", space.name, (counts) => synchronise(ctx, space, counts));
}

/**
 * Sync of the Entra connector: cloud objects the import brought in join their metaverse object on source
 * anchor; confirmed exports settle.
 *
 * @public
 */
export function* syncEntra(ctx: RunContext): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "delta-sync", "entra", function* (counts): ProcessBody<RunStatus> {
    const imported = ctx.db.entra.takeImported();
    yield sleep(imported.length * ctx.config.timing.syncPerObjectMs);
    counts.joins = 0;
    for (const anchor of imported) {
      const held = ctx.db.entra.get(anchor);
      if (!held || held.mvId !== undefined) continue;
      const mv = ctx.db.metaverse.findByAnchor(anchor);
      if (!mv) continue;
      counts.joins++;
      provisionToEntra(ctx, mv.id, anchor);
    }
    return "success";
  });
}

function* synchronise(
  ctx: RunContext,
  space: ConnectorSpace,
  counts: Record<string, number>,
): ProcessBody<RunStatus> {
  const { db, pipeline, config } = ctx;
  const mv = db.metaverse;
  const anchors = space.pendingAnchors();
  // Single-threaded; cost per object plus per reference value (plan-connect-performance-factors: a change
  // to one member of a large group re-evaluates the whole group).
  let cost = 0;
  for (const anchor of anchors) {
    const held = space.get(anchor);
    cost +=
      config.timing.syncPerObjectMs +
      (held ? referenceCount(held.object) * config.timing.syncPerReferenceMs : 0);
  }
  yield sleep(cost);
  counts.projections = counts.joins = counts.disconnects = counts.updates = 0;
  const touched = new Map<string, string>(); // mv id → source anchor (kept for deleted objects)
  const referenceKeys: string[] = [];
  const provisionedBefore = new Map<string, boolean>();
  const remember = (id: string): void => {
    const object = mv.get(id);
    if (object && !provisionedBefore.has(id))
      provisionedBefore.set(id, pipeline.provisions(object.objectType, object.attributes));
    if (object) touched.set(id, object.sourceAnchor);
  };
  for (const anchor of anchors) {
    const held = space.get(anchor);
    if (!held) continue;
    if (held.mvId !== undefined) remember(held.mvId);
    if (held.pendingImport === "delete") {
      if (held.mvId !== undefined) {
        mv.disconnect(held.mvId, space.name);
        counts.disconnects++;
      }
      referenceKeys.push(referenceKey(space.forest, anchor));
      space.commit(anchor, undefined);
      continue;
    }
    const result = pipeline.inbound(held.object, space.forest);
    if (!result.provisioningRule) {
      // Out of every inbound rule's scope: disconnector (the metaverse object goes when no link is left).
      if (held.mvId !== undefined) {
        mv.disconnect(held.mvId, space.name);
        counts.disconnects++;
        referenceKeys.push(referenceKey(space.forest, anchor));
      }
      space.commit(anchor, undefined);
      continue;
    }
    let id = held.mvId;
    if (id === undefined) {
      const sourceAnchor = String(
        result.contributions.find((c) => c.target === "sourceAnchor")?.value ?? anchor,
      );
      const joined = mv.findByAnchor(sourceAnchor);
      if (joined) {
        mv.link(joined.id, space.name, anchor);
        id = joined.id;
        counts.joins++;
      } else {
        id = mv.project(result.provisioningRule.targetObjectType, sourceAnchor, space.name, anchor).id;
        counts.projections++;
      }
      remember(id);
      referenceKeys.push(referenceKey(space.forest, anchor));
    } else counts.updates++;
    mv.contribute(id, space.name, result.contributions, held.object.uSNChanged);
    space.commit(anchor, id);
  }
  // Outbound: every touched metaverse object, then objects whose references to them may now resolve
  // differently (provisioned, deprovisioned, projected or deleted).
  for (const [id, sourceAnchor] of touched) {
    const object = mv.get(id);
    const now = object ? pipeline.provisions(object.objectType, object.attributes) : false;
    if (now !== provisionedBefore.get(id) && object)
      for (const linked of Object.entries(object.links))
        if (linked[0] !== "entra") referenceKeys.push(referenceKey(linked[0].slice(3), linked[1]));
    provisionToEntra(ctx, id, sourceAnchor);
  }
  for (const key of new Set(referenceKeys)) {
    for (const referrer of mv.referrersOf(key))
      if (!touched.has(referrer)) provisionToEntra(ctx, referrer, mv.get(referrer)?.sourceAnchor ?? "");
  }
  ctx.db.lastSyncAt = ctx.world.scheduler.now;
  return "success";
}

/**
 * Outbound sync towards Entra ID for one metaverse object: provision (a new pending export Add), export
 * attribute flow (pending Update), or deprovision (pending Delete) when the object is gone or out of scope.
 *
 * @internal
 */
export function provisionToEntra(ctx: RunContext, mvId: string, sourceAnchor: string): void {
  const { db, pipeline } = ctx;
  const object = db.metaverse.get(mvId);
  const held = db.entra.get(sourceAnchor);
  const outbound = object
    ? pipeline.outbound(object.objectType, object.attributes, (key) => resolveReference(ctx, key))
    : undefined;
  if (object && outbound) {
    if (object.links.entra === undefined) db.metaverse.link(object.id, "entra", sourceAnchor);
    db.entra.put({
      anchor: sourceAnchor,
      objectType: outbound.provisioningRule.targetObjectType as EntraCsObject["objectType"],
      desired: outbound.attributes,
      confirmed: held?.confirmed,
      unconfirmed: held?.unconfirmed,
      mvId: object.id,
      deprovisioned: false,
      sourceUsn: object.sourceUsn,
    });
    return;
  }
  if (!held || (held.mvId === undefined && !held.deprovisioned)) return;
  if (object?.links.entra !== undefined) db.metaverse.disconnect(object.id, "entra");
  const next: EntraCsObject = { ...held, desired: undefined, mvId: undefined, deprovisioned: true };
  if (exportOperation(next)) db.entra.put(next);
  else db.entra.remove(sourceAnchor);
}

/** A metaverse reference key → the source anchor of the referenced object, only if it is itself synced. */
function resolveReference(ctx: RunContext, key: string): string | undefined {
  const bar = key.indexOf("|");
  const held = ctx.db.adSpaces.get(key.slice(0, bar))?.get(key.slice(bar + 1));
  const target = held?.mvId === undefined ? undefined : ctx.db.metaverse.get(held.mvId);
  return target && ctx.pipeline.provisions(target.objectType, target.attributes)
    ? target.sourceAnchor
    : undefined;
}
