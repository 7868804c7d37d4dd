import type { AdObject } from "./ad-object.js";
import { emitChange, MEMBER_CHANGED } from "./change-events.js";
import { requireGroup, requireLive, selfMembership } from "./directory-checks.js";
import type { DirectoryStore } from "./directory-store.js";
import { memberList, membersToAdd, withMembers, withoutMember } from "./member-list.js";

/**
 * A directory's membership writes: a member added or removed, many added in one write. Each is a write of
 * the group's record (a new member list at the next USN) with the membership index kept in step, so no
 * read scans a list. Its own file because the directory's delete and restore make these writes too (the
 * links of a deleted object are dropped and put back).
 */

/**
 * Adds `memberGUID` to the group `groupGUID` (`add`), or removes it: one write of the group, none when it
 * already is (is not) a member.
 *
 * @returns the group as it is after the write
 * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
 * @internal
 */
export function editMembers(
  store: DirectoryStore,
  groupGUID: string,
  memberGUID: string,
  add: boolean,
): AdObject {
  const group = requireGroup(store.index, store.deleted, groupGUID);
  const member = requireLive(store.index, store.deleted, memberGUID, "member");
  if (member.objectGUID === groupGUID) throw selfMembership("member", memberGUID);
  // The membership index answers without scanning the list (a group of thousands: a scan per edit).
  if (store.index.isMember(groupGUID, memberGUID) === add) return group;
  const updated = store.commitUpdate(group, {
    ...group.attributes,
    member: Object.freeze(
      add ? withMembers(memberList(group), [memberGUID]) : withoutMember(memberList(group), memberGUID),
    ),
  });
  store.index.setMembership(groupGUID, memberGUID, add);
  emitChange(store.events, store.scheduler, "membership", updated, MEMBER_CHANGED);
  return updated;
}

/**
 * Adds many members to the group `groupGUID` in one write (one USN); members already present are skipped
 * and every member is checked before anything is written.
 *
 * @returns the group as it is after the write (as it was when every member was present)
 * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
 * @internal
 */
export function addManyMembers(
  store: DirectoryStore,
  groupGUID: string,
  memberGUIDs: readonly string[],
): AdObject {
  const group = requireGroup(store.index, store.deleted, groupGUID);
  const members = memberList(group);
  const added = membersToAdd(store.index, store.deleted, groupGUID, members, memberGUIDs);
  if (added.length === 0) return group;
  const updated = store.commitUpdate(group, {
    ...group.attributes,
    member: Object.freeze(withMembers(members, added)),
  });
  for (const memberGUID of added) store.index.setMembership(groupGUID, memberGUID, true);
  emitChange(store.events, store.scheduler, "membership", updated, MEMBER_CHANGED);
  return updated;
}
