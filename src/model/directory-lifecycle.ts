import type { AdObject } from "./ad-object.js";
import { emitChange } from "./change-events.js";
import { checkDeletable, requireLive } from "./directory-checks.js";
import { editMembers } from "./directory-membership.js";
import { rewritePassword } from "./directory-passwords.js";
import type { DirectoryStore } from "./directory-store.js";
import { splitDn } from "./dn.js";
import { memberList } from "./member-list.js";
import { restorable } from "./recycle-bin.js";
import { withoutDeadReferences } from "./reference-attributes.js";

/**
 * A directory object's way into the recycle bin and out of it: a delete drops the object's links (each a
 * write of the group or report, as AD does) and keeps what a restore needs; a restore within the
 * deleted-object lifetime brings the object back with its links and password. Its own file because the
 * two are one lifecycle, and each is several writes kept in order.
 */

/**
 * Deletes the live object `objectGUID`: its group memberships and manager links are dropped (remembered for
 * a restore), then it becomes a tombstone in the recycle bin.
 *
 * @param clearManager - removes the `manager` of the object `report` names (the directory's own modify, so
 * the write is reported as any modify is)
 * @returns the deleted record
 * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-argument` (non-empty OU)
 * @internal
 */
export function deleteObject(
  store: DirectoryStore,
  objectGUID: string,
  clearManager: (report: string) => void,
): AdObject {
  const current = requireLive(store.index, store.deleted, objectGUID);
  checkDeletable(store.index, current);
  // Link removals first (each a write of the group or report, as AD does), then the delete itself.
  const memberOf = store.index.groupsOf(objectGUID);
  for (const group of memberOf) editMembers(store, group, objectGUID, false);
  for (const report of store.index.reportsOf(objectGUID)) clearManager(report);
  const fresh = store.index.get(objectGUID) as AdObject;
  // A deleted group's own member links go with it; the record keeps the list for a restore.
  const members = memberList(fresh);
  for (let i = 0; i < members.length; i++) store.index.setMembership(objectGUID, members[i] as string, false);
  const lastKnownParent = splitDn(fresh.dn).parent;
  const dead = store.commitUpdate(fresh, fresh.attributes, { isDeleted: true });
  store.index.remove(fresh);
  store.deleted.set(objectGUID, { full: dead, lastKnownParent, memberOf, deletedAt: store.scheduler.now });
  emitChange(store.events, store.scheduler, "delete", dead, []);
  return dead;
}

/**
 * Restores the deleted object `objectGUID`, deleted no longer than `lifetime` ago, under its last known
 * parent: its attributes (references to objects gone meanwhile dropped), its own members that are still
 * live, its password on the channel again, and its memberships of groups that are still live.
 *
 * @returns the live record after the restore and its membership writes
 * @throws SimulationError `no-such-object`, `not-deleted`, `restore-expired`, `unknown-parent`, `duplicate-identity`
 * @internal
 */
export function restoreObject(store: DirectoryStore, objectGUID: string, lifetime: number): AdObject {
  const state = restorable(store.deleted, store.index, objectGUID, store.scheduler.now, lifetime);
  store.parents.require(store.index, state.lastKnownParent, "lastKnownParent");
  const keys = store.index.assertUnique(state.full.dn, state.full.domain, state.full.attributes, undefined);
  const attributes = withoutDeadReferences(state.full.attributes, store.index);
  const members = memberList(state.full).filter((member) => store.index.get(member) !== undefined);
  if (state.full.objectClass === "group") attributes.member = Object.freeze(members);
  const alive = store.commitUpdate(state.full, attributes, { isDeleted: false });
  store.deleted.delete(objectGUID);
  // The restore writes the object's secrets back too (the same hash and version, at the restore's USN).
  rewritePassword(store, alive);
  store.index.add(alive, keys);
  for (const member of members) store.index.setMembership(objectGUID, member, true);
  emitChange(store.events, store.scheduler, "restore", alive, []);
  for (const group of state.memberOf) if (store.index.get(group)) editMembers(store, group, objectGUID, true);
  return store.index.get(objectGUID) as AdObject;
}
