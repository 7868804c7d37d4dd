/**
 * Differences between two versions of a value list (a group's members, an object's reference keys). A
 * group changes by a few members at a time, so most of a new version lines up with the old one: these
 * helpers find the few entries that do not, without hashing either list. The Connect and Cloud Sync
 * engines and the observer share them; each decides what to do with what did not line up.
 */

/**
 * The common head and tail of two lists: `[start, endOld, endNow]` with `old[0..start)` = `now[0..start)`
 * and `old[endOld..)` = `now[endNow..)`.
 *
 * @internal
 */
export function commonEnds(old: readonly string[], now: readonly string[]): [number, number, number] {
  const start = commonHead(old, now);
  const tail = commonTail(old, now, start);
  return [start, old.length - tail, now.length - tail];
}

/**
 * The length of the common head of two lists ({@link commonEnds} in parts, for callers on a hot path that
 * would rather not allocate the tuple).
 *
 * @internal
 */
export function commonHead(old: readonly string[], now: readonly string[]): number {
  const shorter = Math.min(old.length, now.length);
  let start = 0;
  while (start < shorter && old[start] === now[start]) start++;
  return start;
}

/**
 * The length of the common tail of two lists that share their first `head` entries, not overlapping that
 * head.
 *
 * @internal
 */
export function commonTail(old: readonly string[], now: readonly string[], head: number): number {
  let endOld = old.length;
  let endNow = now.length;
  while (endOld > head && endNow > head && old[endOld - 1] === now[endNow - 1]) {
    endOld--;
    endNow--;
  }
  return old.length - endOld;
}

/**
 * Walks `old[from..endOld)` and `now[from..endNow)` in step: an entry of `old` lines up when it equals
 * the next unmatched entry of `now`. Returns the entries of `old` that did not line up (in order) and the
 * index in `now` from which its entries did not line up. Entries that lined up are in both lists; an
 * entry that did not may still be elsewhere in the other list (reordered, or named twice) — callers that
 * need the exact difference search the other list for those few.
 *
 * @internal
 */
export function walkInStep(
  old: readonly string[],
  now: readonly string[],
  from = 0,
  endOld = old.length,
  endNow = now.length,
): { readonly unmatched: string[]; readonly next: number } {
  const unmatched: string[] = [];
  let j = from;
  for (let i = from; i < endOld; i++) {
    const value = old[i] as string;
    if (j < endNow && now[j] === value) j++;
    else unmatched.push(value);
  }
  return { unmatched, next: j };
}
