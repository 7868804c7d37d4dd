import { type ListSplice, recordSplices, splicesBetween } from "../../model/list-edits.js";
import { copyOfList } from "../../model/member-list.js";
import type { ProvisionedObjects, ResolvedReferences } from "./configuration.js";

/**
 * What a write may reference besides the provisioned objects: the objects its cycle deprovisions (never
 * referenced, wherever their records sit in the reply) and the anchor of a referenced object that is not
 * provisioned (yet) — an object later in the same reply, or an on-demand object naming itself.
 *
 * @internal
 */
export interface ReferenceScope {
  /** objectGUIDs the running cycle deprovisions. */
  readonly gone: ReadonlySet<string>;
  /** The anchor of a referenced object that is not provisioned, if the write may name it. */
  pending(objectGUID: string): string | undefined;
}

/** No object is deprovisioned (on-demand provisioning). @internal */
export const NOTHING_GONE: ReadonlySet<string> = new Set();

/**
 * The references one write resolved, to record with `ProvisionedObjects.setReferences` once the write
 * went through.
 *
 * @internal
 */
export interface ResolvedWrite {
  /** The referenced objectGUIDs, in the order the mappings name them. */
  readonly guids: readonly string[];
  /** Per objectGUID, the anchor read from the provisioned objects (undefined: resolved otherwise). */
  readonly anchors: readonly (string | undefined)[] | undefined;
  /** The anchor generation the resolution began at. */
  readonly generation: number;
}

const NO_REFERENCES: ResolvedWrite = { guids: [], anchors: undefined, generation: -1 };

const NO_SCOPE: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };

/**
 * Lists shorter than this keep no remembered anchors: a manager link or a small group costs a lookup or
 * two either way, and 150,000 users' manager links should not carry a second array each.
 */
const REMEMBER_FROM = 8;

// Remembered anchor lists in which every entry is a provisioned object's anchor (none resolved from the
// pending objects): the lists a write can splice (see `splicedList`).
const complete = new WeakSet<readonly (string | undefined)[]>();

/**
 * True when every entry of the remembered `anchors` is a provisioned object's anchor.
 *
 * @internal
 */
export function isCompleteAnchors(anchors: readonly (string | undefined)[]): anchors is readonly string[] {
  return complete.has(anchors);
}

/**
 * Marks `anchors` as a remembered list every entry of which is a provisioned object's anchor.
 *
 * @internal
 */
export function markCompleteAnchors(anchors: readonly string[]): void {
  complete.add(anchors);
}

/**
 * Resolves the references (group members, manager) of one write at a time to source anchors, in the
 * order the mappings name them. A group write usually adds or removes one member of a long list: every
 * other member was resolved by the group's last write, through the provisioned objects, and its anchor
 * still holds unless {@link ProvisionedObjects} dropped the remembered anchors since (a member
 * deprovisioned or re-anchored). Those are taken from the last write instead of being looked up again
 * among the 150,000 provisioned objects; the result is the same as looking every one up.
 *
 * One resolver serves a job: {@link ReferenceResolver.begin} starts a write, `resolve` (one reference)
 * and `resolveList` (a list) are handed to `AttributeMappings.project`, and {@link ReferenceResolver.end}
 * returns what it resolved — an object without references costs no allocation.
 *
 * @internal
 */
export class ReferenceResolver {
  /** Resolves one referenced objectGUID of the current write (for `AttributeMappings.project`). */
  readonly resolve = (objectGUID: string): string | undefined => this.lookup(objectGUID);
  /** Resolves a list of referenced objectGUIDs of the current write (for `AttributeMappings.project`). */
  readonly resolveList = (objectGUIDs: readonly string[]): string[] => this.lookupList(objectGUIDs);
  private readonly provisioned: ProvisionedObjects;
  private referrer = "";
  private scope: ReferenceScope = NO_SCOPE;
  // The referrer's last write, read on the first reference (undefined: not read yet; null: none).
  private last: ResolvedReferences | null | undefined;
  private generation = 0;
  // Where the walk over the last write's list stands (its entries come in the same order).
  private at = 0;
  private namesGone: boolean | undefined;
  // Whether the anchor `anchorFor` just returned came from `scope.pending` (it is then not remembered).
  private fromPending = false;
  private guids: string[] | undefined;
  private anchors: (string | undefined)[] | undefined;
  // The anchor of the write's first reference while `anchors` is not built yet (see `lookup`).
  private firstAnchor: string | undefined;
  // True while `guids` and `anchors` are lists shared with others (the AD value, the written anchors):
  // they are copied before a further reference of the same write is appended.
  private shared = false;

  /** @param provisioned - the configuration's provisioned objects */
  constructor(provisioned: ProvisionedObjects) {
    this.provisioned = provisioned;
  }

  /** Starts resolving the references of `referrer`'s write within `scope`. */
  begin(referrer: string, scope: ReferenceScope): void {
    this.referrer = referrer;
    this.scope = scope;
    this.last = undefined;
    this.generation = this.provisioned.anchorGeneration;
    this.at = 0;
    this.namesGone = undefined;
    this.guids = undefined;
    this.anchors = undefined;
    this.shared = false;
  }

  /** What the current write resolved (call before the write yields: the resolver serves the next one). */
  end(): ResolvedWrite {
    const guids = this.guids;
    const anchors = this.anchors;
    // Let go of the cycle's scope (it holds the cycle's reply) and the lists, until the next write.
    this.scope = NO_SCOPE;
    this.last = undefined;
    this.guids = undefined;
    this.anchors = undefined;
    this.firstAnchor = undefined;
    if (guids === undefined) return NO_REFERENCES;
    return {
      guids,
      anchors: guids.length >= REMEMBER_FROM ? anchors : undefined,
      generation: this.generation,
    };
  }

  private lookup(objectGUID: string): string | undefined {
    const anchor = this.anchorFor(objectGUID);
    if (anchor === undefined) return undefined;
    // Only an anchor read from the provisioned objects is remembered: a pending one may never be provisioned.
    const remembered = this.fromPending ? undefined : anchor;
    if (this.guids === undefined) {
      // Most writes name one reference (a manager), usually the one the last write named: the write shares
      // that list, kept by the provisioned objects until it changes, else starts a list of one (not a list
      // grown by a push, which reserves room for 17). Its anchor waits in `firstAnchor` until a further
      // reference needs a list of anchors (lists this short remember none, see `end`).
      const before = this.provisioned.referencesOf(this.referrer);
      this.guids = before.length === 1 && before[0] === objectGUID ? (before as string[]) : [objectGUID];
      this.firstAnchor = remembered;
      this.shared = true;
      return anchor;
    }
    if (this.shared) this.unshare();
    this.guids.push(objectGUID);
    this.anchors?.push(remembered);
    return anchor;
  }

  /**
   * A whole list, as the group's member list: the entries its last write named at the same place at the
   * start and at the end of the list (all but the added or removed member, usually) take their remembered
   * anchors in one pass, without a look-up each. When every entry resolves through the provisioned objects
   * the write's records share the lists instead of copying them: the referenced objectGUIDs are `list`
   * itself (an immutable AD value) and the remembered anchors are the returned (written) list.
   */
  private lookupList(list: readonly string[]): string[] {
    if (this.guids !== undefined) {
      // A second reference list of the same write (custom mappings): one entry at a time.
      const out: string[] = [];
      for (const guid of list) {
        const anchor = this.lookup(guid);
        if (anchor !== undefined) out.push(anchor);
      }
      return out;
    }
    const last = this.lastWrite();
    // (The last write's anchors are good for this one unless it named an object the cycle deprovisions.)
    const usable = last !== null && !this.lastNamesGone() ? last : null;
    const spliced = usable === null ? undefined : this.splicedList(list, usable);
    if (spliced !== undefined) return spliced;
    const ends = usable === null ? NO_ENDS : commonEnds(list, usable);
    const n = list.length;
    if (last !== null && ends.prefix === n && n === last.guids.length) {
      // The same list as the last write: its remembered anchors are this write's anchors, and its list
      // (equal to `list`) this write's references, so recording them finds nothing changed at once.
      this.keep(last.guids, last.anchors as readonly string[]);
      return last.anchors as string[];
    }
    // The remembered anchors of the common start and end (every one defined, see commonEnds).
    const remembered = (last?.anchors ?? NO_ANCHORS) as readonly string[];
    const m = last === null ? 0 : last.guids.length;
    // The written list at its final size at once (the usual write resolves every entry): a copy of the
    // remembered anchors when they cover it — the common start is then in place already — else of `list`,
    // overwritten entry by entry; cut short at the end if an entry does not resolve.
    const inPlace = m >= n ? ends.prefix : 0;
    const out = copyOfList(inPlace > 0 ? remembered : list, n) as string[];
    for (let i = inPlace; i < ends.prefix; i++) out[i] = remembered[i] as string;
    let k = ends.prefix;
    // Split from `list` / `out` only when an entry is dropped / resolved from the pending objects.
    let guids: string[] | undefined;
    let anchors: (string | undefined)[] | undefined;
    this.at = ends.prefix;
    for (let i = ends.prefix; i < n - ends.suffix; i++) {
      const guid = list[i] as string;
      const anchor = this.anchorFor(guid);
      if (anchor === undefined) {
        guids ??= copyOfList(list, i);
        continue;
      }
      guids?.push(guid);
      if (this.fromPending) anchors ??= out.slice(0, k);
      anchors?.push(this.fromPending ? undefined : anchor);
      out[k++] = anchor;
    }
    for (let j = m - ends.suffix; j < m; j++) {
      const anchor = remembered[j] as string;
      out[k++] = anchor;
      guids?.push((last as ResolvedReferences).guids[j] as string);
      anchors?.push(anchor);
    }
    if (k < n) out.length = k;
    if (ends.suffix > 0) this.at = m;
    if (k > 0) this.keep(guids ?? list, anchors ?? out);
    if (anchors === undefined) complete.add(out);
    return out;
  }

  /**
   * The written list when `list` is the last write's list with a few members added and removed by AD
   * (list-edits.ts): the remembered anchors with the same splices applied, the added members looked up —
   * no read of the members that stayed. Undefined when there is no such chain, when the remembered
   * anchors are not all provisioned ones, or when an added member does not resolve through the
   * provisioned objects (the walk in `lookupList` handles those).
   */
  private splicedList(list: readonly string[], last: ResolvedReferences): string[] | undefined {
    const remembered = last.anchors;
    if (remembered === undefined || !isCompleteAnchors(remembered)) return undefined;
    const splices = splicesBetween(last.guids, list);
    if (splices === undefined || splices.length === 0) return undefined;
    // The added members are not the last write's: no remembered anchor to find for them.
    this.at = last.guids.length;
    const out: string[] = copyOfList(remembered);
    const written = new Array<ListSplice>(splices.length);
    // Members a splice puts in stand in the list as their objectGUIDs until every splice is applied, then
    // are resolved where they ended up: one put back and taken out again (the last write dropped a
    // deprovisioned member on the side, AD then removed it too) is never looked up.
    let placed: Placed[] = [];
    for (let s = 0; s < splices.length; s++) {
      const { at, removed, inserted } = splices[s] as ListSplice;
      const end = at + removed.length;
      const shift = inserted.length - removed.length;
      if (placed.length > 0)
        placed = placed
          .filter((p) => p.at < at || p.at >= end)
          .map((p) => (p.at < at ? p : { ...p, at: p.at + shift }));
      for (let i = 0; i < inserted.length; i++)
        placed.push({ splice: s, offset: i, at: at + i, objectGUID: inserted[i] as string });
      written[s] = { at, removed: out.splice(at, removed.length, ...inserted), inserted: [...inserted] };
    }
    for (const { splice, offset, at, objectGUID } of placed) {
      const anchor = this.anchorFor(objectGUID);
      if (anchor === undefined || this.fromPending) return undefined;
      out[at] = anchor;
      ((written[splice] as ListSplice).inserted as string[])[offset] = anchor;
    }
    // The tenant's member list is this one: the observer reads its changes from here too.
    recordSplices(remembered as readonly string[], out, written);
    this.keep(list, out);
    complete.add(out);
    return out;
  }

  /** Records a list's resolution as the write's (shared with the caller: copied before it grows). */
  private keep(guids: readonly string[], anchors: readonly (string | undefined)[]): void {
    this.guids = guids as string[];
    this.anchors = anchors as (string | undefined)[];
    this.shared = true;
  }

  private unshare(): void {
    this.guids = this.guids === undefined ? undefined : copyOfList(this.guids);
    // (No list of anchors yet: the write named one reference so far, see `lookup`.)
    this.anchors = this.anchors === undefined ? [this.firstAnchor] : copyOfList(this.anchors);
    this.shared = false;
  }

  /** The anchor `objectGUID` resolves to in this write, if any; sets `fromPending`. */
  private anchorFor(objectGUID: string): string | undefined {
    const { gone } = this.scope;
    this.fromPending = false;
    const remembered = this.remembered(objectGUID);
    if (remembered !== undefined) {
      // A deprovisioned object is never referenced; the last write named one only if it links to it.
      return this.lastNamesGone() && gone.has(objectGUID) ? undefined : remembered;
    }
    if (gone.size > 0 && gone.has(objectGUID)) return undefined;
    const anchor = this.provisioned.anchorOf(objectGUID);
    if (anchor !== undefined) return anchor;
    this.fromPending = true;
    return this.scope.pending(objectGUID);
  }

  /** The referrer's last write, with its remembered anchors (null when it has none). */
  private lastWrite(): ResolvedReferences | null {
    if (this.last === undefined) {
      const last = this.provisioned.resolvedReferencesOf(this.referrer);
      this.last = last?.anchors === undefined ? null : last;
    }
    return this.last;
  }

  /** The anchor the last write resolved `objectGUID` to, when it is the next (or the one after) in its list. */
  private remembered(objectGUID: string): string | undefined {
    const last = this.lastWrite();
    if (last === null) return undefined;
    const anchors = last.anchors as readonly (string | undefined)[];
    const end = Math.min(this.at + 2, last.guids.length);
    for (let i = this.at; i < end; i++) {
      if (last.guids[i] === objectGUID) {
        this.at = i + 1;
        return anchors[i];
      }
    }
    return undefined;
  }

  /**
   * True when the referrer's last write named an object the cycle deprovisions: a pass over the few
   * deprovisioned objects once per write, instead of a look-up of every remembered member among them.
   */
  private lastNamesGone(): boolean {
    if (this.namesGone === undefined) {
      this.namesGone = false;
      for (const objectGUID of this.scope.gone) {
        if (this.provisioned.isReferencedBy(objectGUID, this.referrer)) {
          this.namesGone = true;
          break;
        }
      }
    }
    return this.namesGone;
  }
}

/** A member a splice put in, where it stands once the later splices are applied (see `splicedList`). */
interface Placed {
  /** The splice that put it in, and its place among that splice's members. */
  readonly splice: number;
  readonly offset: number;
  readonly at: number;
  readonly objectGUID: string;
}

/** How many entries of a list its last write named at the same place, from the start and from the end. */
interface CommonEnds {
  readonly prefix: number;
  readonly suffix: number;
}

const NO_ENDS: CommonEnds = { prefix: 0, suffix: 0 };

const NO_ANCHORS: readonly string[] = Object.freeze([]);

/**
 * The common start and end of `list` and the last write's list, counting only entries with a remembered
 * anchor (not overlapping: together at most the shorter list).
 */
function commonEnds(list: readonly string[], last: ResolvedReferences): CommonEnds {
  const before = last.guids;
  const anchors = last.anchors as readonly (string | undefined)[];
  const shorter = Math.min(list.length, before.length);
  let prefix = 0;
  while (prefix < shorter && list[prefix] === before[prefix] && anchors[prefix] !== undefined) prefix++;
  let suffix = 0;
  const n = list.length - 1;
  const m = before.length - 1;
  while (
    suffix < shorter - prefix &&
    list[n - suffix] === before[m - suffix] &&
    anchors[m - suffix] !== undefined
  )
    suffix++;
  return prefix === 0 && suffix === 0 ? NO_ENDS : { prefix, suffix };
}
