import { sourceAnchorOf } from "../../model/anchor.js";
import type { Directory } from "../../model/directory.js";
import type { AgentRecord, AgentReply } from "./agent.js";
import type { ProvisionedObjects } from "./configuration.js";
import type { ScopingFilter } from "./scope.js";

/**
 * The batch a provisioning cycle applies, read off the agent's reply: in an initial cycle, the reply
 * completed with the provisioned objects it no longer lists (they are gone); and the indexes the cycle
 * takes of a batch — the objects it deprovisions, the anchors of the objects it provisions.
 */

/**
 * The initial cycle's full read lists every object in the domain, so an object this configuration
 * provisioned that it does not list any more was deleted in AD (or left the domain) while no watermark
 * carried the tombstone — e.g. deleted just before a `restart`. It is gone: the initial cycle after a
 * restart deprovisions it, under the accidental-delete threshold like any delete (reference.md B
 * "Timing": restart clears the watermark → a new initial cycle; `how-to-accidental-deletes`).
 *
 * @internal
 */
export function withVanished(
  reply: AgentReply,
  provisioned: ProvisionedObjects,
  directory: Directory,
): AgentReply {
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

/**
 * An incremental read lists what changed. An object that comes into scope without its referrers changing
 * (a user moved into a scoped OU) is provisioned, but the groups that list it as a member, and the users
 * it manages, were written while it was out of scope and did not change since: their cloud values would
 * lack it for good. They are read again with it, after it, so their references resolve to it (stated
 * assumption, docs/engines/cloud-sync.md "Scope"; the provisioning service resolves references of objects
 * it provisions later).
 *
 * @internal
 */
export function withReferrers(
  reply: AgentReply,
  scope: ScopingFilter,
  provisioned: ProvisionedObjects,
  directory: Directory,
): AgentReply {
  let listed: Set<string> | undefined;
  let extra: AgentRecord[] | undefined;
  for (const record of reply.records) {
    if (record.kind !== "present" || provisioned.anchorOf(record.object.objectGUID) !== undefined) continue;
    const referrers = directory.referrersOf(record.object.objectGUID);
    if (referrers.length === 0) continue;
    if (!listed) {
      listed = new Set<string>();
      for (const r of reply.records) listed.add(r.kind === "present" ? r.object.objectGUID : r.objectGUID);
    }
    for (const guid of referrers) {
      if (listed.has(guid) || provisioned.anchorOf(guid) === undefined) continue;
      const referrer = directory.get(guid);
      if (!referrer || referrer.isDeleted || !scope.inScope(referrer, directory)) continue;
      listed.add(guid);
      (extra ??= []).push({ kind: "present", object: referrer });
    }
  }
  return extra ? { records: [...reply.records, ...extra], watermark: reply.watermark } : reply;
}

/** The objects a reply deprovisions (gone from scope), by objectGUID. @internal */
export function goneIn(reply: AgentReply): Set<string> {
  const gone = new Set<string>();
  for (const record of reply.records) if (record.kind === "gone") gone.add(record.objectGUID);
  return gone;
}

/** The source anchors of the objects a reply provisions, by objectGUID. @internal */
export function presentAnchors(reply: AgentReply): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const record of reply.records) {
    if (record.kind === "present") anchors.set(record.object.objectGUID, sourceAnchorOf(record.object));
  }
  return anchors;
}
