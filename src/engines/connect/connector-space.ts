import type { AdObject } from "../../model/ad-object.js";
import type { CloudObjectType, CloudValue } from "../../model/cloud-schema.js";
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
  private readonly byDn = new Map<string, string>();
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
    const anchor = this.byDn.get(dn.toLowerCase());
    return anchor === undefined ? undefined : this.objects.get(anchor);
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
    if (held && held.object.dn !== object.dn) this.byDn.delete(held.object.dn.toLowerCase());
    this.byDn.set(object.dn.toLowerCase(), object.objectGUID);
    const next: AdCsObject = { anchor: object.objectGUID, object, pendingImport: kind, mvId: held?.mvId };
    this.objects.set(
      object.objectGUID,
      Object.freeze(held?.linkType ? { ...next, linkType: held.linkType } : next),
    );
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
    this.objects.set(anchor, Object.freeze({ ...held, pendingImport: "delete" as const }));
    this.pending.add(anchor);
    return true;
  }

  /** Marks every object for sync (what a full sync processes). */
  markAllPending(): void {
    for (const anchor of this.objects.keys()) this.pending.add(anchor);
  }

  /** Sync applied the pending import: clears it, sets the link (and its link type), or removes a deleted object. */
  commit(anchor: string, mvId: string | undefined, linkType?: LinkType): void {
    const held = this.objects.get(anchor);
    this.pending.delete(anchor);
    if (!held) return;
    if (held.pendingImport === "delete") {
      this.forget(anchor, held);
      return;
    }
    const next: AdCsObject = { anchor, object: held.object, pendingImport: undefined, mvId };
    const kept = mvId === undefined ? undefined : (linkType ?? held.linkType);
    this.objects.set(anchor, Object.freeze(kept ? { ...next, linkType: kept } : next));
  }

  private forget(anchor: string, held: AdCsObject): void {
    this.objects.delete(anchor);
    this.pending.delete(anchor);
    this.joinRetry.delete(anchor);
    if (this.byDn.get(held.object.dn.toLowerCase()) === anchor)
      this.byDn.delete(held.object.dn.toLowerCase());
  }

  private noteMembers(before: AdObject | undefined, after: AdObject | undefined): void {
    const list = (o: AdObject | undefined): readonly string[] => {
      const m = o?.attributes.member;
      return Array.isArray(m) ? (m as readonly string[]) : [];
    };
    const old = new Set(list(before));
    const now = new Set(list(after));
    for (const guid of old) if (!now.has(guid)) this.memberChanges.add(guid);
    for (const guid of now) if (!old.has(guid)) this.memberChanges.add(guid);
  }

  /** Empties the space (database loss). */
  clear(): void {
    this.objects.clear();
    this.pending.clear();
    this.byDn.clear();
    this.memberChanges.clear();
    this.joinRetry.clear();
    this.watermark = 0;
    this.fullImportDone = false;
  }
}

/**
 * A cloud object as the Entra connector space holds it.
 *
 * @public
 */
export interface EntraCsObject {
  /** Source anchor: the Entra connector's anchor. */
  readonly anchor: string;
  /** Cloud object type. */
  readonly objectType: CloudObjectType;
  /** Values outbound sync wants in the cloud, or undefined once deprovisioned. */
  readonly desired: Readonly<Record<string, CloudValue>> | undefined;
  /** Values the last import confirmed in the cloud, or undefined when the cloud has no such object. */
  readonly confirmed: Readonly<Record<string, CloudValue>> | undefined;
  /** Values sent by an export that no import has confirmed yet (re-exported until confirmed). */
  readonly unconfirmed: Readonly<Record<string, CloudValue>> | null | undefined;
  /** Linked metaverse object, or undefined (imported from the cloud, not yet joined: a disconnector). */
  readonly mvId: string | undefined;
  /** Outbound sync deprovisioned it: the next export deletes it from the cloud. */
  readonly deprovisioned: boolean;
  /** USN of the AD state the desired values came from. */
  readonly sourceUsn: number | undefined;
}

/**
 * What an export does for one Entra connector-space object.
 *
 * @public
 */
export type ExportOperation = "add" | "update" | "delete";

/**
 * The Entra ID connector space: cloud objects as last imported, what outbound sync wants them to be, and
 * what an export sent that no import has confirmed yet (concept-azure-ad-connect-sync-architecture:
 * exported values are re-exported until an import confirms them).
 *
 * @public
 */
export class EntraConnectorSpace {
  /** Connector name. */
  readonly name = "entra";
  /** Position in the engine's cloud change journal (the Entra connector's delta cookie). */
  watermark = 0;
  private readonly objects = new Map<string, EntraCsObject>();
  private readonly exportQueue = new Set<string>();
  private readonly importQueue = new Set<string>();
  private readonly unjoined = new Set<string>();
  private readonly unconfirmedSet = new Set<string>();
  private exportedLog: string[] = [];
  private exportedLogOverflow = false;

  /** Number of objects held. */
  get size(): number {
    return this.objects.size;
  }

  /** The object with this anchor. */
  get(anchor: string): EntraCsObject | undefined {
    return this.objects.get(anchor);
  }

  /** Every object, in insertion order. */
  values(): IterableIterator<EntraCsObject> {
    return this.objects.values();
  }

  /** Sets or replaces an object, and queues it for export when it now has something to export. */
  put(next: EntraCsObject): void {
    if (!inCloud(this.objects.get(next.anchor)) && inCloud(next)) {
      // Bounded: a consumer that stopped reading (a staging server runs no PHS) only sees "overflow".
      if (this.exportedLog.length > this.objects.size + 1_000) {
        this.exportedLog = [];
        this.exportedLogOverflow = true;
      }
      this.exportedLog.push(next.anchor);
    }
    this.objects.set(next.anchor, Object.freeze(next));
    if (exportOperation(next)) this.exportQueue.add(next.anchor);
    else this.exportQueue.delete(next.anchor);
    if (next.mvId === undefined && next.desired === undefined && !next.deprovisioned)
      this.unjoined.add(next.anchor);
    else this.unjoined.delete(next.anchor);
    if (next.unconfirmed !== undefined) this.unconfirmedSet.add(next.anchor);
    else this.unconfirmedSet.delete(next.anchor);
  }

  /** Removes an object. */
  remove(anchor: string): void {
    this.objects.delete(anchor);
    this.exportQueue.delete(anchor);
    this.importQueue.delete(anchor);
    this.unjoined.delete(anchor);
    this.unconfirmedSet.delete(anchor);
  }

  /**
   * Disconnectors: cloud objects imported from Entra ID that no metaverse object claims (yet), in import
   * order (a copy). Sync joins them on source anchor, or deprovisions them once the AD side is complete.
   */
  unjoinedAnchors(): string[] {
    return [...this.unjoined];
  }

  /** Anchors queued for export, in queue order (a copy). */
  exportAnchors(): string[] {
    return [...this.exportQueue];
  }

  /** Number of objects with a pending export. */
  get pendingExportCount(): number {
    return this.exportQueue.size;
  }

  /** Marks an object as having a pending import (to be processed by the Entra connector's sync). */
  markImported(anchor: string): void {
    this.importQueue.add(anchor);
  }

  /** Takes the pending imports (a copy) and clears them. */
  takeImported(): string[] {
    const list = [...this.importQueue];
    this.importQueue.clear();
    return list;
  }

  /**
   * Anchors that became exported (sent or confirmed in the cloud) since the last call, and whether some
   * were dropped (then every object must be looked at again). Password hash sync waits on these.
   */
  takeNewlyExported(): {
    /** Source anchors exported since the last call, in export order. */
    readonly anchors: readonly string[];
    /** True when the log overflowed and some anchors were dropped. */
    readonly overflow: boolean;
  } {
    const out = { anchors: this.exportedLog, overflow: this.exportedLogOverflow };
    this.exportedLog = [];
    this.exportedLogOverflow = false;
    return out;
  }

  /** Anchors exported but not yet confirmed, in the order they were first left unconfirmed (a copy). */
  unconfirmedAnchors(): string[] {
    return [...this.unconfirmedSet];
  }

  /** Empties the space (database loss). */
  clear(): void {
    this.objects.clear();
    this.exportQueue.clear();
    this.importQueue.clear();
    this.unjoined.clear();
    this.unconfirmedSet.clear();
    this.exportedLog = [];
    this.exportedLogOverflow = true;
    this.watermark = 0;
  }
}

/** True when the cloud holds (or was sent) the object and it is not being deprovisioned. */
function inCloud(object: EntraCsObject | undefined): boolean {
  if (!object || object.deprovisioned) return false;
  return object.confirmed !== undefined || (object.unconfirmed !== undefined && object.unconfirmed !== null);
}

/**
 * What the next export must do for this object: add when the cloud has no object, delete when
 * deprovisioned but the cloud still has it, update when desired values differ from the confirmed ones, or
 * re-send an export no import has confirmed.
 *
 * @public
 */
export function exportOperation(object: EntraCsObject): ExportOperation | undefined {
  const inCloud =
    object.unconfirmed !== undefined ? object.unconfirmed !== null : object.confirmed !== undefined;
  if (object.deprovisioned) return inCloud || object.unconfirmed !== undefined ? "delete" : undefined;
  // A disconnector (cloud object no metaverse object claims) is left alone: Connect deletes only what it had.
  if (object.desired === undefined) return undefined;
  if (object.unconfirmed !== undefined)
    return object.unconfirmed === null || object.confirmed === undefined ? "add" : "update";
  if (object.confirmed === undefined) return "add";
  return object.confirmed !== object.desired && recordsDiffer(object.confirmed, object.desired)
    ? "update"
    : undefined;
}

/** True when the two records differ in any attribute (what {@link attributeDelta} would send, without building it). @internal */
export function recordsDiffer(
  from: Readonly<Record<string, CloudValue>>,
  to: Readonly<Record<string, CloudValue>>,
): boolean {
  for (const key in to) if (!sameCloudValue(from[key], to[key])) return true;
  for (const key in from) if (!(key in to)) return true;
  return false;
}

/**
 * The attributes to send to move the cloud from `from` to `to` (`undefined` removes one), or undefined
 * when nothing differs.
 *
 * @public
 */
export function attributeDelta(
  from: Readonly<Record<string, CloudValue>>,
  to: Readonly<Record<string, CloudValue>>,
): Record<string, CloudValue | undefined> | undefined {
  const delta: Record<string, CloudValue | undefined> = {};
  let any = false;
  for (const key in to) {
    const value = to[key];
    if (!sameCloudValue(from[key], value)) {
      delta[key] = value;
      any = true;
    }
  }
  for (const key in from) {
    if (!(key in to)) {
      delta[key] = undefined;
      any = true;
    }
  }
  return any ? delta : undefined;
}

/** Value equality of cloud values (lists element-wise, in order). @internal */
export function sameCloudValue(a: CloudValue | undefined, b: CloudValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}
