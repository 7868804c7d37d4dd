import { commonEnds, walkInStep } from "../../model/list-diff.js";

/**
 * Differences between two versions of a value list (a group's members, an object's reference keys) without
 * building a set of each: a group update usually adds or removes one member of fifty, so only the part
 * between the common head and the common tail of the two lists can hold what changed.
 */

/** What left and what joined a list. @internal */
export interface ListChanges {
  /** Values of the old list the new one lacks, in old-list order (a value may repeat). */
  readonly removed: readonly string[];
  /** Values of the new list the old one lacks, in new-list order (a value may repeat). */
  readonly added: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * Above this many unmatched entries, sets are cheaper than searching the lists: a search compares against
 * every entry of the other list (a few ns each), a set hashes every entry of both (tens of ns each).
 */
const SEARCH_CANDIDATES = 16;

/**
 * Values removed from and added to a list, or undefined when the lists differ too widely for a search of
 * the lists to be cheap (compare them as sets then). The values found are those of the set difference:
 * every value outside the differing middle parts sits at the same place in both lists.
 *
 * @internal
 */
export function listChanges(old: readonly string[], now: readonly string[]): ListChanges | undefined {
  const [start, endOld, endNow] = commonEnds(old, now);
  // Between the common ends the lists still mostly match in order (a group synced after several edits lost
  // a few members here and there and gained a few at the end): walking both in step leaves only the
  // entries that do not line up as candidates, and only those are searched for in the other list.
  const { unmatched: removedCandidates, next } = walkInStep(old, now, start, endOld, endNow);
  if (removedCandidates.length + (endNow - next) > SEARCH_CANDIDATES) return undefined;
  // Values that lined up are in both lists; of the rest, those the other list lacks changed.
  let removed: string[] | undefined;
  let added: string[] | undefined;
  for (const value of removedCandidates) if (!now.includes(value)) (removed ??= []).push(value);
  for (let j = next; j < endNow; j++) {
    const value = now[j] as string;
    if (!old.includes(value)) (added ??= []).push(value);
  }
  return { removed: removed ?? NONE, added: added ?? NONE };
}
