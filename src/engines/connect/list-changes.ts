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

/** Above this many comparisons, sets are cheaper than searching the lists. */
const SEARCH_LIMIT = 4_096;

/**
 * Values removed from and added to a list, or undefined when the lists differ too widely for a search of
 * the lists to be cheap (compare them as sets then). The values found are those of the set difference:
 * every value outside the differing middle parts sits at the same place in both lists.
 *
 * @internal
 */
export function listChanges(old: readonly string[], now: readonly string[]): ListChanges | undefined {
  const shorter = Math.min(old.length, now.length);
  let start = 0;
  while (start < shorter && old[start] === now[start]) start++;
  let endOld = old.length;
  let endNow = now.length;
  while (endOld > start && endNow > start && old[endOld - 1] === now[endNow - 1]) {
    endOld--;
    endNow--;
  }
  if ((endOld - start) * now.length + (endNow - start) * old.length > SEARCH_LIMIT) return undefined;
  let removed: string[] | undefined;
  let added: string[] | undefined;
  for (let i = start; i < endOld; i++) {
    const value = old[i] as string;
    if (!now.includes(value)) (removed ??= []).push(value);
  }
  for (let i = start; i < endNow; i++) {
    const value = now[i] as string;
    if (!old.includes(value)) (added ??= []).push(value);
  }
  return { removed: removed ?? NONE, added: added ?? NONE };
}
