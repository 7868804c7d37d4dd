/** Lists shorter than this are always scanned. @internal */
export const LARGE_LIST = 256;
/** Scans of one large list before it gets a Set. @internal */
export const SCANS_BEFORE_SET = 16;

/**
 * Membership tests against immutable member lists. A small list is scanned; a large one (a group of
 * thousands) that is asked about again and again — every pending membership change of the group is
 * checked on each tenant write of it — gets a Set, kept as long as the list itself lives (lists are frozen:
 * a new version of the group is a new list, so the Set cannot go stale).
 *
 * @internal
 */
export class MemberLookup {
  private readonly sets = new WeakMap<readonly string[], Set<string> | number>();

  /** True when `list` holds `member`. */
  has(list: readonly string[], member: string): boolean {
    if (list.length < LARGE_LIST) return list.includes(member);
    const known = this.sets.get(list);
    if (typeof known === "object") return known.has(member);
    // A Set costs as much as ten to fifty scans of the list (hashing every entry): only a list asked about
    // again and again gets one.
    const asked = (known ?? 0) + 1;
    this.sets.set(list, asked < SCANS_BEFORE_SET ? asked : new Set(list));
    return list.includes(member);
  }
}
