import type { TrackedChange } from "./change-types.js";

/**
 * How the observer files pending changes: by key (an anchor or an objectGUID) in maps that hold the one
 * change itself or a list, and how it tells a change's peers — the pending changes of the same thing,
 * which supersede each other — among those filed with it.
 */

/**
 * The changes filed under one key: the one change itself when it is alone — almost every key, as an
 * object has one change pending at a time — else a list, in the order filed. A pending change lives until
 * the engine's next cycle shows it, long enough to be promoted and collected from the old generation: a
 * one-entry list per key was two such objects more per change.
 *
 * @internal
 */
export type Filed = TrackedChange | TrackedChange[];

/**
 * Changes filed by key (an anchor or an objectGUID); undefined when nothing is filed. A key stays once
 * filed (at most one per object the run touched): deleting it when its last change settled and adding
 * it back at the next change made V8 rebuild the whole table every few thousand changes — ~150 bytes
 * allocated per change across the maps, and with a few thousand keys pending the table is a large object
 * (~230 KB): each rebuild took fresh pages that only a full collection returns (+30 MB peak RSS at 150k).
 *
 * @internal
 */
export type FilingIndex = Map<string, Filed | undefined>;

/** The changes filed under a key, as a new list (the caller may unfile them while walking it). @internal */
export function copyOf(filed: Filed): TrackedChange[] {
  return Array.isArray(filed) ? [...filed] : [filed];
}

/**
 * Files a change under its anchor and under every object it involves; returns what is filed under its
 * object now (itself, or the list it joined).
 *
 * @internal
 */
export function file(change: TrackedChange, byAnchor: FilingIndex, byGuid: FilingIndex): Filed {
  index(byAnchor, change.anchor, change);
  const ofObject = index(byGuid, change.objectGUID, change);
  if (change.other !== undefined) index(byGuid, change.other, change);
  return ofObject;
}

/** Unfiles a change from under its anchor and every object it involves. @internal */
export function unfile(change: TrackedChange, byAnchor: FilingIndex, byGuid: FilingIndex): void {
  unindex(byAnchor, change.anchor, change);
  unindex(byGuid, change.objectGUID, change);
  if (change.other !== undefined) unindex(byGuid, change.other, change);
}

// Lists rather than Sets: almost every key has one or two changes filed, and a 240,000-change run files
// and unfiles each change under three keys.
/** Files `change` under `key`; returns what is filed there now. */
function index(map: FilingIndex, key: string, change: TrackedChange): Filed {
  const filed = map.get(key);
  if (filed === undefined) {
    map.set(key, change);
    return change;
  }
  if (Array.isArray(filed)) {
    if (!filed.includes(change)) filed.push(change);
    return filed;
  }
  if (filed === change) return filed;
  const both = [filed, change];
  map.set(key, both);
  return both;
}

/**
 * True when `filed` holds a change of the same thing as `change` other than itself (with `later`, one made
 * after it).
 *
 * @internal
 */
export function hasPeer(filed: Filed, change: TrackedChange, later: boolean): boolean {
  if (!Array.isArray(filed)) return isPeer(filed, change, later);
  for (const other of filed) if (isPeer(other, change, later)) return true;
  return false;
}

function isPeer(other: TrackedChange, change: TrackedChange, later: boolean): boolean {
  return other !== change && (!later || other.id > change.id) && sameThing(other, change);
}

function unindex(map: FilingIndex, key: string, change: TrackedChange): void {
  const filed = map.get(key);
  if (filed === undefined) return;
  if (!Array.isArray(filed)) {
    if (filed === change) map.set(key, undefined);
    return;
  }
  const at = filed.indexOf(change);
  if (at >= 0) {
    // Shifted down in place: a splice returns a new list of what it removed.
    filed.copyWithin(at, at + 1);
    filed.pop();
  }
  // Back to the bare change when one is left.
  if (filed.length === 1) map.set(key, filed[0] as TrackedChange);
  else if (filed.length === 0) map.set(key, undefined);
}

/**
 * Whether two changes are of the same thing (the same chain: kind, object and detail, see ChainKind).
 *
 * @internal
 */
export function sameThing(a: TrackedChange, b: TrackedChange): boolean {
  if (a.chain !== b.chain || a.objectGUID !== b.objectGUID) return false;
  if (a.chain === "a") {
    return (
      a.expect.kind === "attribute" &&
      b.expect.kind === "attribute" &&
      a.expect.attribute === b.expect.attribute
    );
  }
  return a.chain !== "m" || a.other === b.other;
}

/**
 * Copies the changes of `filed` into `out` latest (highest id) first; returns how many. Lists are filed
 * almost in id order, so walking them backwards and inserting makes this a copy in the common case.
 *
 * @internal
 */
export function latestFirst(filed: readonly TrackedChange[], out: (TrackedChange | undefined)[]): number {
  let count = 0;
  for (let j = filed.length - 1; j >= 0; j--) {
    const change = filed[j] as TrackedChange;
    let at = count++;
    for (; at > 0 && (out[at - 1] as TrackedChange).id < change.id; at--) out[at] = out[at - 1];
    out[at] = change;
  }
  return count;
}
