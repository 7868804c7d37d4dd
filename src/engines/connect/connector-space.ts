import type { AdObject } from "../../model/ad-object.js";
import { distinctListChanges } from "./list-changes.js";
import type { LinkType } from "./sync-rule.js";

/**
 * Pending import types of a connector-space object (concept-azure-ad-connect-sync-architecture).
 *
 * @public
 */
export type PendingImport = "add" | "update" | "delete";

/**
 * An AD object as the AD connector space holds it: the imported state (shared by reference with the
 * directory, records are immutable), the pending import awaiting sync, and its metaverse link.
 *
 * @public
 */
export interface AdCsObject {
  /** objectGUID: the AD connector's anchor. */
  readonly anchor: string;
  /** Last imported state. */
  readonly object: AdObject;
  /** Awaiting sync, if any. */
  readonly pendingImport: PendingImport | undefined;
  /** Linked metaverse object id (a connector), or undefined (a disconnector). */
  readonly mvId: string | undefined;
  /** Link type of the rule that linked it (a StickyJoin link survives leaving the rule's scope). */
  readonly linkType?: LinkType;
  /**
   * The state whose inbound evaluation the object's metaverse contribution holds (the object as last synced
   * successfully while linked), kept when a newer one is staged: what sync compares the new state with to
   * patch that evaluation rather than make it again (sync.ts). Undefined while not linked.
   */
  readonly synced?: AdObject;
}

/**
 * The connector space of one AD forest: the staging area that import writes and sync reads, with the
 * connector's DirSync watermark.
 *
 * @public
 */
export class ConnectorSpace {
  /** Connector name, `ad:<forest>`. */
  readonly name: string;
  /** Forest read by this connector. */
  readonly forest: string;
  /** DirSync watermark of the last completed import (only completed imports move it). */
  watermark = 0;
  /** True once a full import completed (before that, delta import is meaningless). */
  fullImportDone = false;
  private readonly objects = new Map<string, AdCsObject>();
  private readonly pending = new Set<string>();
  /**
   * Lower-cased DN → anchor, built on the first {@link ConnectorSpace.getByDn} and kept up to date from then
   * on. Only ISMEMBEROF scoping looks objects up by DN: a connector space whose rules never ask holds no
   * second, lower-cased copy of every DN.
   */
  private byDn: Map<string, string> | undefined;
  private readonly memberChanges = new Set<string>();
  private readonly joinRetry = new Set<string>();

  /** @param forest - the forest this connector reads */
  constructor(forest: string) {
    this.forest = forest;
    this.name = `ad:${forest}`;
  }

  /** Number of objects held. */
  get size(): number {
    return this.objects.size;
  }

  /** Objects with a pending import, in import order. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** The object with this anchor. */
  get(anchor: string): AdCsObject | undefined {
    return this.objects.get(anchor);
  }

  /** Every object, in insertion order. */
  values(): IterableIterator<AdCsObject> {
    return this.objects.values();
  }

  /** The object with this DN (case-insensitive), as last imported. */
  getByDn(dn: string): AdCsObject | undefined {
    const anchor = (this.byDn ?? this.indexDns()).get(dn.toLowerCase());
    return anchor === undefined ? undefined : this.objects.get(anchor);
  }

  /** Builds the DN index from the objects held (DNs are unique in a forest: one entry per object). */
  private indexDns(): Map<string, string> {
    const index = new Map<string, string>();
    for (const [anchor, held] of this.objects) index.set(held.object.dn.toLowerCase(), anchor);
    this.byDn = index;
    return index;
  }

  /**
   * GUIDs whose group membership changed in imports since the last sync (added or removed members): what
   * ISMEMBEROF scoping must re-evaluate. Taken (and cleared) by sync.
   */
  takeMemberChanges(): string[] {
    const list = [...this.memberChanges];
    this.memberChanges.clear();
    return list;
  }

  /** Disconnectors a Join / StickyJoin rule had in scope without a match: tried again at each sync. */
  awaitJoin(anchor: string, waiting: boolean): void {
    if (waiting) this.joinRetry.add(anchor);
    else this.joinRetry.delete(anchor);
  }

  /** Anchors waiting for a join (a copy). */
  joinRetryAnchors(): string[] {
    return [...this.joinRetry];
  }

  /** True when the object with this anchor has a pending import. */
  isPending(anchor: string): boolean {
    return this.pending.has(anchor);
  }

  /** Anchors with a pending import, in import order (live: not to be iterated while committing). @internal */
  pendingValues(): IterableIterator<string> {
    return this.pending.values();
  }

  /** Anchors with a pending import, in import order (a copy, safe to iterate while syncing). */
  pendingAnchors(): string[] {
    return [...this.pending];
  }

  /**
   * Stages an imported state: Add for a new object, Update when the USN moved, nothing when unchanged.
   * Returns the pending import set, if any.
   */
  stage(object: AdObject): PendingImport | undefined {
    const held = this.objects.get(object.objectGUID);
    if (held && held.object.uSNChanged === object.uSNChanged && held.pendingImport !== "delete")
      return undefined;
    const kind: PendingImport = !held || held.pendingImport === "add" ? "add" : "update";
    if (object.objectClass === "group") this.noteMembers(held?.object, object);
    // The DN index moves only on a rename or move (most updates keep the very same DN string).
    if (this.byDn && held?.object.dn !== object.dn) {
      if (held) this.byDn.delete(held.object.dn.toLowerCase());
      this.byDn.set(object.dn.toLowerCase(), object.objectGUID);
    }
    this.objects.set(object.objectGUID, adCsObject(object, kind, held?.mvId, held?.linkType, held?.synced));
    this.pending.add(object.objectGUID);
    return kind;
  }

  /** Stages a delete (deleted in AD, or left the connector's scope). False when not held. */
  stageDelete(anchor: string): boolean {
    const held = this.objects.get(anchor);
    if (!held) return false;
    if (held.object.objectClass === "group") this.noteMembers(held.object, undefined);
    if (held.pendingImport === "add" && held.mvId === undefined) {
      // Never synced: the add and the delete cancel out.
      this.forget(anchor, held);
      return true;
    }
    this.objects.set(anchor, adCsObject(held.object, "delete", held.mvId, held.linkType, held.synced));
    this.pending.add(anchor);
    return true;
  }

  /** Marks every object for sync (what a full sync processes). */
  markAllPending(): void {
    for (const anchor of this.objects.keys()) this.pending.add(anchor);
  }

  /**
   * Sync applied the pending import of `held` (the object's current record, which sync has just read):
   * clears it, sets the link (and its link type), or removes a deleted object.
   */
  commit(held: AdCsObject, mvId: string | undefined, linkType?: LinkType): void {
    const anchor = held.anchor;
    this.pending.delete(anchor);
    if (held.pendingImport === "delete") {
      this.forget(anchor, held);
      return;
    }
    const kept = mvId === undefined ? undefined : (linkType ?? held.linkType);
    this.objects.set(
      anchor,
      adCsObject(held.object, undefined, mvId, kept, mvId === undefined ? undefined : held.object),
    );
  }

  /**
   * Sync failed on `held` (a sync error): its pending import is cleared, its link and its metaverse
   * contribution — and so the state that contribution was made from — stay as they were.
   */
  commitFailed(held: AdCsObject): void {
    this.pending.delete(held.anchor);
    const linkType = held.mvId === undefined ? undefined : held.linkType;
    this.objects.set(held.anchor, adCsObject(held.object, undefined, held.mvId, linkType, held.synced));
  }

  private forget(anchor: string, held: AdCsObject): void {
    this.objects.delete(anchor);
    this.pending.delete(anchor);
    this.joinRetry.delete(anchor);
    if (this.byDn?.get(held.object.dn.toLowerCase()) === anchor)
      this.byDn.delete(held.object.dn.toLowerCase());
  }

  private noteMembers(before: AdObject | undefined, after: AdObject | undefined): void {
    const old = memberList(before);
    const now = memberList(after);
    // A group update that left its member list alone (the model keeps the same array) changes nobody's scope.
    if (old === now) return;
    // (An AD member list names each member once: the model keeps multi-valued attributes as sets.)
    const changes = distinctListChanges(old, now);
    // Removed members first, then added ones.
    for (const guid of changes.removed) this.memberChanges.add(guid);
    for (const guid of changes.added) this.memberChanges.add(guid);
  }

  /** Empties the space (database loss). */
  clear(): void {
    this.objects.clear();
    this.pending.clear();
    this.byDn = undefined;
    this.memberChanges.clear();
    this.joinRetry.clear();
    this.watermark = 0;
    this.fullImportDone = false;
  }
}

const NO_MEMBERS: readonly string[] = Object.freeze([]);

/** The member list of a group as imported (the same array while the membership is unchanged). */
function memberList(object: AdObject | undefined): readonly string[] {
  const members = object?.attributes.member;
  return Array.isArray(members) ? (members as readonly string[]) : NO_MEMBERS;
}

/**
 * An AD connector-space record, always built with the same fields in the same order: one object shape for
 * every record (an object spread per stage and commit made a fresh shape each time, the costliest part of
 * an import). A link type is kept only while linked.
 */
function adCsObject(
  object: AdObject,
  pendingImport: PendingImport | undefined,
  mvId: string | undefined,
  linkType: LinkType | undefined,
  synced: AdObject | undefined,
): AdCsObject {
  return Object.freeze({ anchor: object.objectGUID, object, pendingImport, mvId, linkType, synced });
}
