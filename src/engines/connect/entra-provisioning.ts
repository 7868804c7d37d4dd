import type { CloudValue } from "../../model/cloud-schema.js";
import {
  changedEntraObject,
  type EntraCsObject,
  exportOperation,
  recordsDiffer,
  withSourceUsn,
} from "./entra-connector-space.js";
import type { MvObject } from "./metaverse.js";
import type { OutboundRecord, OutboundResult } from "./outbound-evaluation.js";
import type { AttributePatch } from "./patched-evaluation.js";
import { beginOutbound, endOutbound } from "./reference-cache.js";
import type { RunContext } from "./run-context.js";
import { clearSyncError, recordSyncError } from "./sync-errors.js";

// The outbound half of a sync towards Entra ID: what a metaverse object's export record in the Entra
// connector space becomes (provision, export attribute flow, deprovision). sync.ts decides which objects
// go through it; this file decides what their pending export is.

/**
 * The record every outbound evaluation of {@link provisionToEntra} fills (the first one made it): its
 * fields are read before the next evaluation, which nothing in between starts.
 */
let outboundRecord: OutboundRecord | undefined;

/**
 * Outbound sync towards Entra ID for one metaverse object: provision (a new pending export Add), export
 * attribute flow (pending Update), or deprovision (pending Delete) when the object is gone or out of scope.
 * An outbound flow error leaves the object's export values as they were (a sync error on `entra`);
 * apply-once targets keep the value they were created with; IgnoreThisFlow targets keep the cloud's.
 * `object` is the metaverse object with id `mvId` as it is now (looked up when not given).
 *
 * @internal
 */
export function provisionToEntra(
  ctx: RunContext,
  mvId: string,
  sourceAnchor: string,
  object: MvObject | undefined = ctx.db.metaverse.get(mvId),
): void {
  const { db, pipeline } = ctx;
  const held = db.entra.get(sourceAnchor);
  let outbound: OutboundResult | undefined;
  if (object) {
    const { resolve, resolveList } = beginOutbound(ctx, mvId);
    outbound = pipeline.outboundInto(
      object.objectType,
      object.attributes,
      resolve,
      resolveList,
      held?.desired,
      outboundRecord,
    );
    outboundRecord ??= outbound as OutboundRecord | undefined;
  }
  // What this evaluation resolved is what the next one starts from (nothing, when not evaluated).
  endOutbound(ctx, mvId);
  if (object && outbound) {
    if (outbound.errors.length > 0) {
      recordSyncError(ctx, "entra", sourceAnchor, nameOf(object, sourceAnchor), outbound.errors);
      return;
    }
    clearSyncError(ctx, "entra", sourceAnchor);
    let desired: Record<string, CloudValue> = outbound.attributes as Record<string, CloudValue>;
    // Only rules with apply-once or IgnoreThisFlow flows have anything to keep (none of the out-of-box ones).
    if (outbound.applyOnce.length > 0 || outbound.ignored.length > 0)
      desired = keepHeldValues(outbound, held);
    if (object.links.entra === undefined) db.metaverse.link(object.id, "entra", sourceAnchor);
    const type = outbound.provisioningRule.targetObjectType as EntraCsObject["objectType"];
    putExport(ctx, held, object, sourceAnchor, type, desired);
    return;
  }
  clearSyncError(ctx, "entra", sourceAnchor);
  if (!held || (held.mvId === undefined && !held.deprovisioned)) return;
  if (object?.links.entra !== undefined) db.metaverse.disconnect(object.id, "entra");
  const next = changedEntraObject(held, { desired: undefined, mvId: undefined, deprovisioned: true });
  if (exportOperation(next)) db.entra.put(next);
  else db.entra.remove(sourceAnchor);
}

/**
 * The export record of a provisioned metaverse object with these values: the held one (its source USN
 * brought up to date) when nothing changes, else a pending export of the values.
 */
function putExport(
  ctx: RunContext,
  held: EntraCsObject | undefined,
  object: MvObject,
  sourceAnchor: string,
  type: EntraCsObject["objectType"],
  values: Readonly<Record<string, CloudValue>>,
  differ = held?.desired === undefined || recordsDiffer(held.desired, values),
): void {
  const { db } = ctx;
  let desired = values;
  // Unchanged values keep the record they had (shared with what was exported and confirmed).
  // (The evaluation gives the held record itself when its values are the same.)
  const same = held?.desired !== undefined && !differ;
  if (same && held.mvId === object.id && !held.deprovisioned && held.objectType === type) {
    if (held.sourceUsn !== object.sourceUsn) db.entra.put(withSourceUsn(held, object.sourceUsn));
    return;
  }
  if (same) desired = held.desired as Record<string, CloudValue>;
  db.entra.put({
    anchor: sourceAnchor,
    objectType: type,
    desired,
    confirmed: held?.confirmed,
    unconfirmed: held?.unconfirmed,
    mvId: object.id,
    deprovisioned: false,
    sourceUsn: object.sourceUsn,
  });
}

/**
 * The outbound sync of a metaverse object whose attributes a patched inbound sync changed: its export
 * values patched with the flows reading those attributes, when they are the values of its last evaluation
 * (it is provisioned and linked to its export, nothing kept apart from the rules: no apply-once or
 * IgnoreThisFlow) and nothing else it reads changed. What {@link provisionToEntra} would do; false (nothing
 * done) when the object must be evaluated whole.
 */
export function patchExport(ctx: RunContext, object: MvObject, changes: readonly AttributePatch[]): boolean {
  const { db } = ctx;
  const held = db.entra.get(object.sourceAnchor);
  if (
    !held ||
    held.desired === undefined ||
    held.mvId !== object.id ||
    held.deprovisioned ||
    object.links.entra === undefined
  )
    return false;
  const desired = ctx.pipeline.outboundPatch(object.objectType, changes, held.desired, held.objectType);
  if (!desired) return false;
  clearSyncError(ctx, "entra", object.sourceAnchor);
  // (A patch changes a record only by values that differ.)
  putExport(ctx, held, object, object.sourceAnchor, held.objectType, desired, desired !== held.desired);
  return true;
}

/**
 * The export values of an outbound evaluation with apply-once and IgnoreThisFlow targets: apply-once targets
 * keep the value the object was created with, IgnoreThisFlow targets the cloud's (a copy; the evaluation's
 * record is left as it is).
 */
function keepHeldValues(
  outbound: OutboundResult,
  held: EntraCsObject | undefined,
): Record<string, CloudValue> {
  const desired: Record<string, CloudValue> = { ...outbound.attributes };
  const created =
    held !== undefined &&
    (held.desired !== undefined ||
      held.confirmed !== undefined ||
      (held.unconfirmed !== undefined && held.unconfirmed !== null));
  const base = held?.desired ?? held?.confirmed ?? {};
  for (const target of outbound.applyOnce) {
    if (!created) continue;
    const kept = base[target];
    if (kept === undefined) delete desired[target];
    else desired[target] = kept;
  }
  for (const target of outbound.ignored) {
    const kept = held?.confirmed?.[target] ?? held?.desired?.[target];
    if (kept !== undefined) desired[target] = kept;
  }
  return desired;
}

/**
 * How an admin knows a metaverse object in a message: its UPN, else its display name, else the anchor (the
 * Entra connector space has no DN an admin would read).
 */
function nameOf(object: MvObject, anchor: string): string {
  const { userPrincipalName, displayName } = object.attributes;
  if (typeof userPrincipalName === "string") return userPrincipalName;
  return typeof displayName === "string" ? displayName : anchor;
}
