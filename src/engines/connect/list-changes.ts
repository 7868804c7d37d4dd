/**
 * Differences between two versions of a value list (a group's members, an object's reference keys) without
 * building a set of each: a group update usually adds or removes one member of fifty, so only the part
 * between the common head and the common tail of the two lists can hold what changed.
 */

import { commonHead, commonTail, walkInStep } from "../../model/list-diff.js";
import { appended } from "../../model/values.js";

/** What left and what joined a list. @internal */
export interface ListChanges {
  /** Values of the old list the new one lacks, in old-list order (a value may repeat). */
  readonly removed: readonly string[];
  /** Values of the new list the old one lacks, in new-list order (a value may repeat). */
  readonly added: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

/** The changes of two lists holding the same values: none (one shared record). */
const NO_CHANGES: ListChanges = Object.freeze({ removed: NONE, added: NONE });

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
  const middle = differingMiddle(old, now);
  if (!middle) return NO_CHANGES;
  return isWide(middle) ? undefined : searched(middle, old, now);
}

/** Longest differing middle part {@link matchInMiddle} searches whole (a few hundred comparisons at most). */
const SEARCH_MIDDLE = 32;

/**
 * Where `value` sits in the differing middle part `old[from..to)` of an old version of a list, or -1:
 * first at `cursor` — the entry after the last one matched, as the parts mostly match in order — then, if
 * the part is short, anywhere in it (a group that lost a member in the middle and gained one at the end
 * differs from there to its end, yet holds all but one of the same members). Lets a caller reuse what it
 * derived from the old entry (a reference key, a resolved anchor) instead of deriving it again.
 *
 * @internal
 */
export function matchInMiddle(
  old: readonly string[],
  from: number,
  to: number,
  value: string,
  cursor: number,
): number {
  if (cursor >= from && cursor < to && old[cursor] === value) return cursor;
  if (to - from > SEARCH_MIDDLE) return -1;
  for (let j = from; j < to; j++) if (old[j] === value) return j;
  return -1;
}

/**
 * {@link listChanges} of two lists that each name a value at most once — an AD multi-valued attribute, whose
 * values are a set — however widely they differ. A few candidates are searched for as `listChanges` does;
 * more go into sets of the differing entries only, not of both lists: every entry of `now` outside
 * `now[next..endNow)` (see {@link walkInStep}) sits in `old` too, at a place of its own, so with no value
 * named twice a value left over from `old` is in `now` only there, and a value of that part is in `old` only
 * among the leftovers. Same values, in the same order, as comparing the whole lists as sets.
 *
 * @internal
 */
export function distinctListChanges(old: readonly string[], now: readonly string[]): ListChanges {
  const middle = differingMiddle(old, now);
  if (!middle) return NO_CHANGES;
  if (!isWide(middle)) return searched(middle, old, now);
  const { unmatched, next, endNow } = middle;
  const fresh = new Set<string>();
  for (let k = next; k < endNow; k++) fresh.add(now[k] as string);
  const left = new Set(unmatched);
  let removed: string[] | undefined;
  let added: string[] | undefined;
  for (const value of unmatched) if (!fresh.has(value)) removed = appended(removed, value);
  for (const value of fresh) if (!left.has(value)) added = appended(added, value);
  return changesOf(removed, added);
}

/**
 * The entries of two lists that do not line up: between their common head and tail the lists still mostly
 * match in order (a group synced after several edits lost a few members here and there and gained a few at
 * the end), and walking both in step leaves the entries of `old` that did not line up (`unmatched`) and the
 * part `now[next..endNow)` from which those of `now` did not. Undefined when the lists are equal.
 */
function differingMiddle(old: readonly string[], now: readonly string[]): DifferingMiddle | undefined {
  const start = commonHead(old, now);
  const tail = commonTail(old, now, start);
  const endOld = old.length - tail;
  const endNow = now.length - tail;
  if (start === endOld && start === endNow) return undefined;
  const { unmatched, next } = walkInStep(old, now, start, endOld, endNow);
  return { unmatched, next, endNow };
}

/** What {@link differingMiddle} leaves. */
interface DifferingMiddle {
  readonly unmatched: string[];
  readonly next: number;
  readonly endNow: number;
}

/** More candidates than a search of the lists handles cheaply (see {@link SEARCH_CANDIDATES}). */
function isWide({ unmatched, next, endNow }: DifferingMiddle): boolean {
  return unmatched.length + (endNow - next) > SEARCH_CANDIDATES;
}

/**
 * The changes among a few candidates, each searched for in the other list: values that lined up are in
 * both lists; of the rest, those the other list lacks changed.
 */
function searched(
  { unmatched, next, endNow }: DifferingMiddle,
  old: readonly string[],
  now: readonly string[],
): ListChanges {
  let removed: string[] | undefined;
  let added: string[] | undefined;
  for (const value of unmatched) if (!now.includes(value)) removed = appended(removed, value);
  for (let k = next; k < endNow; k++) {
    const value = now[k] as string;
    if (!old.includes(value)) added = appended(added, value);
  }
  return changesOf(removed, added);
}

function changesOf(removed: string[] | undefined, added: string[] | undefined): ListChanges {
  return removed || added ? { removed: removed ?? NONE, added: added ?? NONE } : NO_CHANGES;
}
