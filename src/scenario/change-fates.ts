import type { SyncEngine } from "../engines/engine.js";
import type { AdObject } from "../model/ad-object.js";
import { cloudTypeOf } from "../model/cloud-schema.js";
import type { Tenant } from "../model/tenant.js";
import type { AttributeConflict } from "../model/tenant-types.js";
import { show } from "../scheduler/errors.js";
import type { ChangeStatus, TrackedChange } from "./change-types.js";
import type { EventStatus } from "./result.js";

// What a run's tracked changes come to for the result: a scripted event's one status out of its changes,
// and the reasons the end of a run can give for a change still pending. The observer decides each change's
// fate as the tenant shows it; these read the fates.

/** The reason a scripted change that changed nothing in AD gives. */
const NO_CHANGE = "no change in AD: it already held that";

/** Statuses from the most telling to the least, for an event of several changes. */
const RANK: readonly ChangeStatus[] = ["pending", "lost", "unsupported", "applied", "superseded", "filtered"];

/**
 * The combined fate of several changes (one scripted event): the most telling status, latest visibility,
 * and the reason of a change of that status that has one. No changes at all: the write changed nothing in
 * AD (a move to the OU the object is in, a value it already has, a member the group already holds) —
 * nothing for an engine to carry, and said so.
 *
 * @internal
 */
export function combineFates(changes: readonly TrackedChange[]): {
  status: EventStatus;
  visibleAt: number | null;
  reason?: string;
} {
  if (changes.length === 0) return { status: "filtered", visibleAt: null, reason: NO_CHANGE };
  let best = RANK.length;
  let visibleAt: number | null = null;
  for (const change of changes) {
    best = Math.min(best, RANK.indexOf(change.status));
    if (change.status === "applied" && change.visibleAt !== null)
      visibleAt = Math.max(visibleAt ?? 0, change.visibleAt);
  }
  const status = RANK[best] as ChangeStatus;
  const reason = changes.find((change) => change.status === status && change.reason !== undefined)?.reason;
  return { status, visibleAt: status === "applied" ? visibleAt : null, ...(reason ? { reason } : {}) };
}

/**
 * Why the engine does not sync `object`, for a change filed as `filtered`: the engine's own words where it
 * gives them (`SyncEngine.outOfScopeReason`: the OU filter, the scoping group, a class it does not
 * provision), prefixed "out of scope: ".
 *
 * @internal
 */
export function outOfScopeReason(engine: SyncEngine, object: AdObject): string {
  if (cloudTypeOf(object.objectClass) === undefined)
    return `out of scope: the cloud has no ${object.objectClass} objects`;
  const why = engine.outOfScopeReason?.(object);
  return why === undefined ? "out of the engine's scope" : `out of scope: ${why}`;
}

/**
 * Why an attribute write of an object in scope changes nothing in the cloud: no standard flow carries
 * the attribute, or (`previewed`) the engine's own flows make no cloud change of it.
 *
 * @internal
 */
export function notCarriedReason(attribute: string, previewed: boolean): string {
  return previewed
    ? `the engine's own flows change no cloud attribute with this write of ${attribute}`
    : `no flow carries ${attribute} to the cloud`;
}

/**
 * Gives the pending attribute changes whose value the tenant set aside because another object holds it
 * (duplicate attribute resiliency: a UPN replaced, a proxy address left out, until the holder lets go) a
 * reason that says so and names the holder: they would otherwise read as a sync that never came.
 *
 * @internal
 */
export function explainSetAside(tenant: Tenant, pending: readonly TrackedChange[]): void {
  const open = new Map<string, AttributeConflict>();
  for (const conflict of tenant.openConflicts())
    open.set(`${conflict.cloudId}|${conflict.attribute}`, conflict);
  if (open.size === 0) return;
  for (const change of pending) {
    if (change.status !== "pending" || change.expect.kind !== "attribute") continue;
    const cloudId = tenant.getByAnchor(change.anchor)?.cloudId;
    const conflict = cloudId === undefined ? undefined : open.get(`${cloudId}|${change.expect.attribute}`);
    if (!conflict) continue;
    const holder = tenant.get(conflict.conflictsWith)?.attributes.userPrincipalName;
    const by = typeof holder === "string" ? show(holder) : "another object";
    change.reason = `duplicate attribute: the cloud set ${show(conflict.value)} aside, ${by} holds it`;
  }
}

/**
 * Gives the pending changes of an object the engine's own flows fail on (Connect's `Error()` in a custom
 * rule, a Cloud Sync expression mapping that cannot be evaluated) a reason that says so: sync stops on the
 * object, so nothing of it reaches the cloud while the error holds, which would otherwise read as a sync
 * that never came. The engine's preview of the object as it is (`previewChange`) gives the error.
 *
 * @internal
 */
export function explainSyncErrors(
  engine: SyncEngine,
  objectOf: (guid: string) => AdObject | undefined,
  pending: readonly TrackedChange[],
): void {
  if (!engine.previewChange) return;
  const errors = new Map<string, string | undefined>();
  for (const change of pending) {
    if (change.status !== "pending" || change.reason !== undefined) continue;
    const guid = change.objectGUID;
    if (!errors.has(guid)) {
      const object = objectOf(guid);
      errors.set(guid, object && !object.isDeleted ? engine.previewChange(object, object)?.error : undefined);
    }
    const error = errors.get(guid);
    if (error !== undefined) change.reason = `sync error: ${error}`;
  }
}
