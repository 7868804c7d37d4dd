import { walkInStep } from "../model/list-diff.js";
import { splicesBetween } from "../model/list-edits.js";

/** Lists shorter than this are scanned; longer ones are counted. @internal */
export const LARGE_LIST = 256;

/**
 * Membership tests against a group's member list in the tenant. A small list is scanned. A large one (a
 * group of thousands) is asked about on every membership change of the group and on each tenant write of
 * it, and each new version differs from the last by a few members: so each large group keeps a count of
 * its values, carried from version to version by walking the two lists in step — values that line up
 * cancel out, only the rest change the counts. Counts rather than a set keep the arithmetic exact when a
 * list names a value twice.
 *
 * @internal
 */
export class MemberLookup {
  private readonly groups = new Map<string, { list: readonly string[]; counts: Map<string, number> }>();

  /** True when `list`, the current member list of `group`, holds `member`. */
  has(group: string, list: readonly string[], member: string): boolean {
    if (list.length < LARGE_LIST) return list.includes(member);
    let known = this.groups.get(group);
    if (!known) {
      known = { list, counts: new Map() };
      for (const value of list) bump(known.counts, value, 1);
      this.groups.set(group, known);
    } else if (known.list !== list) {
      carry(known.counts, known.list, list);
      known.list = list;
    }
    return known.counts.has(member);
  }
}

/** Moves the counts of `old`'s values to those of `now`'s: only entries that do not line up count. */
function carry(counts: Map<string, number>, old: readonly string[], now: readonly string[]): void {
  // The engine that wrote `now` may have recorded how it made it from `old` (model/list-edits.ts).
  const splices = splicesBetween(old, now);
  if (splices !== undefined) {
    for (const { removed, inserted } of splices) {
      for (const value of removed) bump(counts, value, -1);
      for (const value of inserted) bump(counts, value, 1);
    }
    return;
  }
  const { unmatched, next } = walkInStep(old, now);
  for (const value of unmatched) bump(counts, value, -1);
  for (let j = next; j < now.length; j++) bump(counts, now[j] as string, 1);
}

function bump(counts: Map<string, number>, value: string, by: number): void {
  const next = (counts.get(value) ?? 0) + by;
  if (next > 0) counts.set(value, next);
  else counts.delete(value);
}
