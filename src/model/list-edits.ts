/**
 * Where a version of a value list came from: the edit that made it from the version before. A group's
 * member list is copied for every write (its record is immutable), and the engines and the observer each
 * want to know what changed between the version they saw last and the one they see now. Walking the two
 * lists in step ({@link walkInStep}) costs a read of every entry — ~30 ns a member on a loaded host, since
 * V8 checks each string it compares — so a 5,000-member group costs ~150 µs per look, several looks per
 * write. The writer that makes a version from another records the splice here instead, and a reader that
 * finds its old version a few splices up the new one's chain reads those instead of the lists.
 *
 * Only lists that name each value once are recorded (an AD member list, the anchors a group's members
 * resolve to); a reader that finds no chain walks the lists as before, so a chain is a shortcut, never a
 * second source of truth.
 */

/**
 * One edit of a list: `removed` (the values at `at`) taken out and `inserted` put in their place — a
 * member appended is `{ at: length, removed: [], inserted: [member] }`.
 *
 * @internal
 */
export interface ListSplice {
  readonly at: number;
  readonly removed: readonly string[];
  readonly inserted: readonly string[];
}

interface ListVersion {
  /** The version this one was made from; cut once it is {@link MAX_VERSIONS} versions back. */
  parent: ListVersion | undefined;
  /** The splices that made this version from its parent, in order. */
  readonly splices: readonly ListSplice[];
  readonly depth: number;
}

/**
 * How many versions back a reader may look. A reader looks once per cycle — Cloud Sync every 2 minutes,
 * Connect every 30, when a group of thousands with 200 membership changes an hour has had ~100 — and
 * reading even 256 splices costs less than walking two 5,000-member lists. Also what bounds the memory the
 * chains hold: a version keeps at most twice this many ancestors (~150 bytes each).
 *
 * @internal
 */
export const MAX_VERSIONS = 256;

// Keyed by the list itself: a version is forgotten with its list, and lists from another world or another
// writer are simply not found.
const versions = new WeakMap<readonly string[], ListVersion>();

const NO_SPLICES: readonly ListSplice[] = Object.freeze([]);

/**
 * Records that `now` is `base` with `splices` applied in order (the caller made it so). `now` must be a
 * new list (one never recorded before) and both must name each value once.
 *
 * @internal
 */
export function recordSplices(
  base: readonly string[],
  now: readonly string[],
  splices: readonly ListSplice[],
): void {
  let parent = versions.get(base);
  if (parent === undefined) {
    parent = { parent: undefined, splices: NO_SPLICES, depth: 0 };
    versions.set(base, parent);
  }
  const version: ListVersion = { parent, splices, depth: parent.depth + 1 };
  versions.set(now, version);
  // Every MAX_VERSIONS versions, let go of the ones more than MAX_VERSIONS back (no reader reaches them):
  // a group edited all day keeps a chain of at most twice that, not one version per edit.
  if (version.depth % MAX_VERSIONS === 0) {
    let oldest: ListVersion | undefined = version;
    for (let i = 0; i < MAX_VERSIONS && oldest !== undefined; i++) oldest = oldest.parent;
    if (oldest !== undefined) oldest.parent = undefined;
  }
}

/**
 * The splices that make `now` from `old`, in order (read-only: one version on, they are that version's
 * own): none when they are the same list, undefined when the two are not within {@link MAX_VERSIONS}
 * versions of a common version. `old` need not be an ancestor of
 * `now`: a list made from an earlier version on the side (a group's references without a deprovisioned
 * member, while AD went on editing the group) reaches `now` by undoing its own splices back to the version
 * they share, then making `now` from there — so a value may be put back by one splice and taken out by a
 * later one.
 *
 * @internal
 */
export function splicesBetween(
  old: readonly string[],
  now: readonly string[],
): readonly ListSplice[] | undefined {
  if (old === now) return NO_SPLICES;
  let up = versions.get(old);
  let down = versions.get(now);
  if (up === undefined || down === undefined) return undefined;
  // The versions from `old` up to the shared one, and from `now` up to it.
  const undone: ListVersion[] = [];
  const made: ListVersion[] = [];
  while (up !== down) {
    if (up === undefined || down === undefined || undone.length + made.length >= MAX_VERSIONS)
      return undefined;
    if (up.depth >= down.depth) {
      undone.push(up);
      up = up.parent;
    } else {
      made.push(down);
      down = down.parent;
    }
  }
  // One version on (the usual look): its own splices, not a copy (a version's splices never change).
  if (undone.length === 0 && made.length === 1) return (made[0] as ListVersion).splices;
  const splices: ListSplice[] = [];
  for (const version of undone)
    for (let i = version.splices.length - 1; i >= 0; i--) {
      const { at, removed, inserted } = version.splices[i] as ListSplice;
      splices.push({ at, removed: inserted, inserted: removed });
    }
  for (let v = made.length - 1; v >= 0; v--) splices.push(...(made[v] as ListVersion).splices);
  return splices;
}

/**
 * A copy of `base` with `splices` applied, each value they put in mapped through `map` (the keys or the
 * anchors of the members a group gained), and the splices as made on that copy — what the copy records as
 * having been made from `base`, when its values are those of a list that names each value once. `map` is
 * called for the inserted values in splice order.
 *
 * @internal
 */
export function mapSplices<T>(
  base: readonly T[],
  splices: readonly ListSplice[],
  map: (value: string) => T,
): { readonly list: T[]; readonly made: Array<{ at: number; removed: T[]; inserted: T[] }> } {
  const list = [...base];
  const made = new Array<{ at: number; removed: T[]; inserted: T[] }>(splices.length);
  for (let s = 0; s < splices.length; s++) {
    const { at, removed, inserted } = splices[s] as ListSplice;
    const values = inserted.map(map);
    made[s] = { at, removed: list.splice(at, removed.length, ...values), inserted: values };
  }
  return { list, made };
}

/**
 * True when `list` is a recorded version (one that names each value once, see {@link recordSplices}).
 *
 * @internal
 */
export function isRecorded(list: readonly string[]): boolean {
  return versions.has(list);
}

/**
 * A copy of `list` without its entry at `at`, recorded as made from `list`.
 *
 * @internal
 */
export function withoutEntryAt(list: readonly string[], at: number): string[] {
  const copy = [...list];
  recordSplices(list, copy, [{ at, removed: copy.splice(at, 1), inserted: NO_VALUES }]);
  return copy;
}

const NO_VALUES: readonly string[] = Object.freeze([]);

/**
 * What a run of splices changed, for lists that name each value once: the values `old` held that `now`
 * does not (`removed`) and the values `now` holds that `old` did not (`added`), each in the order the
 * splices touched them. A value taken out and put back (or put in and taken out) is in neither.
 *
 * @internal
 */
export function netChanges(splices: readonly ListSplice[]): {
  readonly removed: readonly string[];
  readonly added: readonly string[];
} {
  if (splices.length === 1) {
    const only = splices[0] as ListSplice;
    return { removed: only.removed, added: only.inserted };
  }
  // true: removed from `old`; false: added to it.
  const net = new Map<string, boolean>();
  for (const { removed, inserted } of splices) {
    for (const value of removed) {
      if (net.get(value) === false) net.delete(value);
      else net.set(value, true);
    }
    for (const value of inserted) {
      if (net.get(value) === true) net.delete(value);
      else net.set(value, false);
    }
  }
  const removed: string[] = [];
  const added: string[] = [];
  for (const [value, gone] of net) (gone ? removed : added).push(value);
  return { removed, added };
}
