/**
 * Where each member sits in a large group's member list, so that removing one does not search the list:
 * `indexOf` reads every entry before the member (~30 ns each on a loaded host, as V8 checks each string it
 * compares), ~75 µs in a 5,000-member group, for every member removed.
 *
 * Each member keeps the slot it was given when it joined (slots count up in list order); a removal leaves
 * a gap, kept in a sorted list, and a member's place is its slot less the gaps before it. Once the gaps
 * are an eighth of the list the slots are numbered afresh from it (a Map set per member: renumbering a
 * 5,000-member group every 64 removals cost more than the searches it saved). The positions belong to one
 * version of the list and move to the next version a membership write makes of it (the only version a
 * directory writes next); a version they were never made for (a small group, a restored one) has none,
 * and its first removal numbers them if the list is large.
 */

/** Lists shorter than this are searched: numbering them would cost more than it saves. @internal */
export const POSITIONS_FROM = 256;

/** Gaps kept before the slots are numbered afresh, at least (else an eighth of the list). */
const MIN_GAPS = 64;

interface Positions {
  readonly slots: Map<string, number>;
  /** Slots of removed members, ascending. */
  readonly gaps: number[];
  nextSlot: number;
}

const positionsOf = new WeakMap<readonly string[], Positions>();

function numbered(list: readonly string[]): Positions {
  const slots = new Map<string, number>();
  for (let i = 0; i < list.length; i++) slots.set(list[i] as string, i);
  return { slots, gaps: [], nextSlot: list.length };
}

/** How many of the ascending `gaps` are below `slot`. */
function gapsBefore(gaps: readonly number[], slot: number): number {
  let low = 0;
  let high = gaps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((gaps[middle] as number) < slot) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The place of `member` in `list` (-1 when it is not there).
 *
 * @internal
 */
export function positionOf(list: readonly string[], member: string): number {
  if (list.length < POSITIONS_FROM) return list.indexOf(member);
  let positions = positionsOf.get(list);
  if (positions === undefined) {
    positions = numbered(list);
    positionsOf.set(list, positions);
  }
  const slot = positions.slots.get(member);
  if (slot === undefined) return -1;
  return slot - gapsBefore(positions.gaps, slot);
}

/**
 * Moves the positions of `base` to `now`, which is `base` with `member` removed.
 *
 * @internal
 */
export function carryRemoval(base: readonly string[], now: readonly string[], member: string): void {
  const positions = positionsOf.get(base);
  if (positions === undefined) return;
  positionsOf.delete(base);
  if (positions.gaps.length >= Math.max(MIN_GAPS, now.length >> 3)) {
    if (now.length >= POSITIONS_FROM) positionsOf.set(now, numbered(now));
    return;
  }
  const slot = positions.slots.get(member) as number;
  positions.slots.delete(member);
  positions.gaps.splice(gapsBefore(positions.gaps, slot), 0, slot);
  positionsOf.set(now, positions);
}

/**
 * Moves the positions of `base` to `now`, which is `base` with `added` appended.
 *
 * @internal
 */
export function carryAppend(base: readonly string[], now: readonly string[], added: readonly string[]): void {
  const positions = positionsOf.get(base);
  if (positions === undefined) return;
  positionsOf.delete(base);
  for (const member of added) positions.slots.set(member, positions.nextSlot++);
  positionsOf.set(now, positions);
}
