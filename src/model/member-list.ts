import { SimulationError, show } from "../scheduler/errors.js";
import type { AdObject } from "./ad-object.js";
import { requireLive, selfMembership } from "./directory-checks.js";
import type { DirectoryIndex } from "./directory-index.js";
import { recordSplices } from "./list-edits.js";
import { carryAppend, carryRemoval, positionOf } from "./member-positions.js";

/**
 * A group's member list — the frozen array of member GUIDs its record keeps — and the next versions of it a
 * membership write makes: members added, a member removed, the members a bulk add adds. Which groups an
 * object is in is the directory index's business (no scan of these lists).
 */

/** One shared empty list (also what modifyReporting answers for a write that changes nothing). @internal */
export const EMPTY_LIST: readonly string[] = Object.freeze([]);

/** The member GUIDs of a group record (empty for other classes). @internal */
export function memberList(object: AdObject): readonly string[] {
  const members = object.attributes.member;
  return Array.isArray(members) ? (members as readonly string[]) : EMPTY_LIST;
}

// Member lists are frozen arrays, copied for each version of a group. A spread copies one fast (V8 reads a
// frozen array's elements on a slow path in filter, slice, concat and for-of: a 5,000-member group ~200 µs
// per filter against ~5 µs for a spread); what it copies into is a plain array, which concat and splice
// handle fast.

/**
 * `members` then `added`, in a list with no spare room: a spread and a push would grow the copy by half
 * again (a 5,000-member group: 129 KB allocated per added member instead of 86 KB), and the grown list is
 * the one the group's record keeps.
 *
 * @internal
 */
export function withMembers(members: readonly string[], added: readonly string[]): string[] {
  const now = [...members].concat(added);
  carryAppend(members, now, added);
  // What the engines and the observer read instead of walking both versions (list-edits.ts).
  recordSplices(members, now, [{ at: members.length, removed: EMPTY_LIST, inserted: added }]);
  return now;
}

/**
 * A plain copy of the first `count` entries of `list` (all by default). A spread, not `slice`: V8 copies a
 * frozen array — every AD value list, and every value written to the tenant — on a slow path in `slice`
 * (a 5,000-entry list ~640 µs against ~5 µs for a spread, Node 20).
 *
 * @internal
 */
export function copyOfList<T>(list: readonly T[], count = list.length): T[] {
  const copy = [...list];
  if (count < copy.length) copy.length = count;
  return copy;
}

/** `members` without `member` (which it holds). @internal */
export function withoutMember(members: readonly string[], member: string): string[] {
  const at = positionOf(members, member);
  const copy = [...members];
  copy.splice(at, 1);
  carryRemoval(members, copy, member);
  recordSplices(members, copy, [{ at, removed: [member], inserted: EMPTY_LIST }]);
  return copy;
}

/**
 * The members of a bulk add to the group `groupGUID` (whose list is `members`) that it does not hold yet,
 * each once, in the order given. Members already present are skipped; every member is checked before
 * anything is written.
 *
 * @param deleted - the recycle bin: the GUIDs of deleted objects
 * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
 * @internal
 */
export function membersToAdd(
  index: DirectoryIndex,
  deleted: ReadonlyMap<string, unknown>,
  groupGUID: string,
  members: readonly string[],
  memberGUIDs: readonly string[],
): string[] {
  if (!Array.isArray(memberGUIDs)) {
    throw new SimulationError("invalid-attribute", `members: ${show(memberGUIDs)} is not a list`, {
      field: "members",
      value: memberGUIDs,
    });
  }
  const present = new Set(members);
  const added: string[] = [];
  for (let i = 0; i < memberGUIDs.length; i++) {
    const memberGUID = memberGUIDs[i] as string;
    // The field name is made only for the error (a bulk load adds thousands of members at once).
    if (typeof memberGUID !== "string" || !index.get(memberGUID))
      requireLive(index, deleted, memberGUID, `members[${i}]`);
    if (memberGUID === groupGUID) throw selfMembership(`members[${i}]`, memberGUID);
    if (!present.has(memberGUID)) {
      present.add(memberGUID);
      added.push(memberGUID);
    }
  }
  return added;
}
