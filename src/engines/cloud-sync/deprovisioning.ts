import type { CloudValue } from "../../model/cloud-schema.js";
import { isRecorded, withoutEntryAt } from "../../model/list-edits.js";
import type { UpsertRequest } from "../../model/tenant-types.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { GoneRecord } from "./agent.js";
import { type ConfigurationContext, type ProvisionedObjects, writeWithBackoff } from "./configuration.js";
import type { MappedObjectType } from "./mappings.js";
import { isCompleteAnchors, markCompleteAnchors } from "./references.js";

/**
 * Deprovisioning: how a provisioning cycle deletes in the cloud an object it provisioned that is gone from
 * scope, after the groups and reports this configuration wrote naming it stop naming it, as Entra ID drops
 * a deleted object from them.
 */

/**
 * Deletes the object of a gone record in the cloud, at `cost`, if this configuration provisioned it;
 * true when it did.
 *
 * @internal
 */
export function* deprovision(
  ctx: ConfigurationContext,
  record: GoneRecord,
  cost: number,
): ProcessBody<boolean> {
  // Only what this configuration provisioned is deleted (coexistence: other writers' objects stay).
  if (ctx.provisioned.anchorOf(record.objectGUID) === undefined) return false;
  yield sleep(cost);
  yield* dropReferencesTo(ctx, record.objectGUID, record.anchor);
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
function* dropReferencesTo(ctx: ConfigurationContext, objectGUID: string, anchor: string): ProcessBody<void> {
  const { provisioned, tenant } = ctx;
  for (const referrer of provisioned.referrersOf(objectGUID)) {
    const kept = withoutReference(provisioned, referrer, objectGUID, anchor);
    provisioned.setReferences(referrer, kept.guids, kept.anchors, provisioned.anchorGeneration);
    const referrerAnchor = provisioned.anchorOf(referrer);
    const cloud = referrerAnchor === undefined ? undefined : tenant.getByAnchor(referrerAnchor);
    if (!cloud || referrerAnchor === undefined || cloud.objectType === "device") continue;
    const patch: Record<string, CloudValue | undefined> = {};
    for (const target of ctx.mappings.referenceTargets(cloud.objectType as MappedObjectType)) {
      const value = cloud.attributes[target];
      if (value === anchor) patch[target] = undefined;
      // The member list the last write wrote is the remembered anchors: the same entry goes.
      else if (value !== undefined && value === kept.written) patch[target] = kept.anchors;
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
 * The references of `referrer`'s last write without `objectGUID`. A group's member list (a list AD
 * recorded, naming each member once) loses the one entry, as a splice the next write and the observer read
 * (model/list-edits.ts), and the remembered anchors lose the same entry: the group's next write resolves
 * only what changed since, not all its members again. Other lists are filtered, and their anchors are
 * forgotten.
 */
function withoutReference(
  provisioned: ProvisionedObjects,
  referrer: string,
  objectGUID: string,
  anchor: string,
): {
  readonly guids: readonly string[];
  readonly anchors: readonly string[] | undefined;
  readonly written: readonly (string | undefined)[] | undefined;
} {
  const last = provisioned.resolvedReferencesOf(referrer);
  const guids = last?.guids ?? provisioned.referencesOf(referrer);
  const at = isRecorded(guids) ? guids.indexOf(objectGUID) : -1;
  if (at < 0)
    return { guids: guids.filter((guid) => guid !== objectGUID), anchors: undefined, written: undefined };
  const kept = withoutEntryAt(guids, at);
  const remembered = last?.anchors;
  if (remembered === undefined || !isCompleteAnchors(remembered) || remembered[at] !== anchor)
    return { guids: kept, anchors: undefined, written: undefined };
  const anchors = withoutEntryAt(remembered, at);
  markCompleteAnchors(anchors);
  return { guids: kept, anchors, written: remembered };
}
