import type { CloudObjectType, CloudValue } from "../../model/cloud-schema.js";
import { sameValue } from "../../model/values.js";

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
  private readonly deleteQueue = new Set<string>();
  private importQueue = new Set<string>();
  private readonly unjoined = new Set<string>();
  private readonly unconfirmedSet = new Set<string>();
  /** Objects no metaverse object is linked to (disconnectors and deprovisioned objects). */
  private readonly unlinked = new Set<string>();
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

  /**
   * Sets or replaces an object, and queues it for export when it now has something to export.
   *
   * @remarks Each queue and list holds exactly the objects whose record says so (only this class changes
   * them), so the record replaced tells which ones hold the object already: only a queue it joins or
   * leaves is touched — one or two of the four for a sync, an export or an import of a change, not four
   * look-ups in sets of every object each time. Joining appends, as before; staying keeps the place.
   */
  put(next: EntraCsObject): void {
    const anchor = next.anchor;
    const previous = this.objects.get(anchor);
    if (!inCloud(previous) && inCloud(next)) {
      // Bounded: a consumer that stopped reading (a staging server runs no PHS) only sees "overflow".
      if (this.exportedLog.length > this.objects.size + 1_000) {
        this.exportedLog = [];
        this.exportedLogOverflow = true;
      }
      this.exportedLog.push(anchor);
    }
    this.objects.set(anchor, Object.freeze(next));
    const was = previous ? this.queuedOperation(previous) : undefined;
    // A record that keeps the values it had (a new source USN, an import confirming what it held) keeps its
    // export operation: no comparison of its confirmed and desired values again.
    const operation = previous !== undefined && sameExportState(previous, next) ? was : exportOperation(next);
    if (operation && !was) this.exportQueue.add(anchor);
    else if (!operation && was) this.exportQueue.delete(anchor);
    if (operation === "delete" && was !== "delete") this.deleteQueue.add(anchor);
    else if (operation !== "delete" && was === "delete") this.deleteQueue.delete(anchor);
    const unjoined = isUnjoined(next);
    if (unjoined !== (previous !== undefined && isUnjoined(previous))) {
      if (unjoined) this.unjoined.add(anchor);
      else this.unjoined.delete(anchor);
    }
    const unconfirmed = next.unconfirmed !== undefined;
    if (unconfirmed !== (previous !== undefined && previous.unconfirmed !== undefined)) {
      if (unconfirmed) this.unconfirmedSet.add(anchor);
      else this.unconfirmedSet.delete(anchor);
    }
    const unlinked = next.mvId === undefined;
    if (unlinked !== (previous !== undefined && previous.mvId === undefined)) {
      if (unlinked) this.unlinked.add(anchor);
      else this.unlinked.delete(anchor);
    }
  }

  /**
   * {@link exportOperation} of a record this space holds, without comparing its values again: whether
   * confirmed and desired values differ was settled when it was put, and the export queue remembers it.
   */
  private queuedOperation(held: EntraCsObject): ExportOperation | undefined {
    if (
      !held.deprovisioned &&
      held.desired !== undefined &&
      held.unconfirmed === undefined &&
      held.confirmed !== undefined &&
      held.confirmed !== held.desired
    )
      return this.exportQueue.has(held.anchor) ? "update" : undefined;
    return exportOperation(held);
  }

  /** Removes an object. */
  remove(anchor: string): void {
    this.objects.delete(anchor);
    this.exportQueue.delete(anchor);
    this.deleteQueue.delete(anchor);
    this.importQueue.delete(anchor);
    this.unjoined.delete(anchor);
    this.unconfirmedSet.delete(anchor);
    this.unlinked.delete(anchor);
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

  /** Number of pending exports that are deletes (what the deletion threshold counts). */
  get pendingDeleteCount(): number {
    return this.deleteQueue.size;
  }

  /** Number of objects with a pending export. */
  get pendingExportCount(): number {
    return this.exportQueue.size;
  }

  /** Marks an object as having a pending import (to be processed by the Entra connector's sync). */
  markImported(anchor: string): void {
    this.importQueue.add(anchor);
  }

  /**
   * Takes the pending imports and clears them: the queue itself, handed over (a fresh one takes its place),
   * not a copy of 10,000 anchors per cycle.
   */
  takeImportedSet(): ReadonlySet<string> {
    const taken = this.importQueue;
    this.importQueue = new Set();
    return taken;
  }

  /**
   * The anchors among `anchors` whose record has no metaverse link, in the order they lost it (or came
   * without one). The Entra sync asks it of a cycle's imports: the objects without a link — a cycle's
   * deletes, usually a few dozen — are looked at, not the thousands of imported anchors.
   */
  unlinkedAmong(anchors: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const anchor of this.unlinked) if (anchors.has(anchor)) out.push(anchor);
    return out;
  }

  /** Takes the pending imports (as a list) and clears them. */
  takeImported(): string[] {
    return [...this.takeImportedSet()];
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
    // Password hash sync asks after every hash it sends: nothing to hand over is the common answer.
    if (this.exportedLog.length === 0 && !this.exportedLogOverflow) return NOTHING_EXPORTED;
    const out = { anchors: this.exportedLog, overflow: this.exportedLogOverflow };
    this.exportedLog = [];
    this.exportedLogOverflow = false;
    return out;
  }

  /** Anchors exported but not yet confirmed, in the order they were first left unconfirmed (a copy). */
  unconfirmedAnchors(): string[] {
    return [...this.unconfirmedSet];
  }

  /** Adds the anchors exported but not yet confirmed to `into` (in the order of {@link unconfirmedAnchors}). */
  addUnconfirmed(into: Set<string>): void {
    for (const anchor of this.unconfirmedSet) into.add(anchor);
  }

  /** Empties the space (database loss). */
  clear(): void {
    this.objects.clear();
    this.exportQueue.clear();
    this.deleteQueue.clear();
    this.importQueue.clear();
    this.unjoined.clear();
    this.unconfirmedSet.clear();
    this.unlinked.clear();
    this.exportedLog = [];
    this.exportedLogOverflow = true;
    this.watermark = 0;
  }
}

/**
 * An Entra connector-space record with some fields changed, built with every field in declaration order:
 * one object shape for every record (an object spread made a fresh shape per change, and records are
 * replaced several times per object and cycle: outbound sync, export, import).
 *
 * @internal
 */
export function changedEntraObject(
  held: EntraCsObject,
  changes: Partial<
    Pick<EntraCsObject, "desired" | "confirmed" | "unconfirmed" | "mvId" | "deprovisioned" | "sourceUsn">
  >,
): EntraCsObject {
  return entraObject(
    held,
    "desired" in changes ? changes.desired : held.desired,
    "confirmed" in changes ? changes.confirmed : held.confirmed,
    "unconfirmed" in changes ? changes.unconfirmed : held.unconfirmed,
    "mvId" in changes ? changes.mvId : held.mvId,
    changes.deprovisioned ?? held.deprovisioned,
    "sourceUsn" in changes ? changes.sourceUsn : held.sourceUsn,
  );
}

/**
 * {@link changedEntraObject} for what changes once per object and export, import or sync of a change —
 * the values an export sent (`null`: a delete), what an import confirmed, the source USN — without a
 * record of the changes per call. @internal
 */
export function withUnconfirmed(
  held: EntraCsObject,
  unconfirmed: EntraCsObject["unconfirmed"],
): EntraCsObject {
  return entraObject(
    held,
    held.desired,
    held.confirmed,
    unconfirmed,
    held.mvId,
    held.deprovisioned,
    held.sourceUsn,
  );
}

/**
 * {@link changedEntraObject} of an export that left the cloud holding exactly the desired values: `values`
 * (the cloud's record, equal to the desired values) becomes both the desired and the sent values. @internal
 */
export function withSent(held: EntraCsObject, values: Readonly<Record<string, CloudValue>>): EntraCsObject {
  return entraObject(held, values, held.confirmed, values, held.mvId, held.deprovisioned, held.sourceUsn);
}

/** {@link changedEntraObject} of an import: the confirmed and unconfirmed values. @internal */
export function withCloudState(
  held: EntraCsObject,
  confirmed: EntraCsObject["confirmed"],
  unconfirmed: EntraCsObject["unconfirmed"],
): EntraCsObject {
  return entraObject(
    held,
    held.desired,
    confirmed,
    unconfirmed,
    held.mvId,
    held.deprovisioned,
    held.sourceUsn,
  );
}

/** {@link changedEntraObject} of an outbound sync that left the values as they were: the source USN. @internal */
export function withSourceUsn(held: EntraCsObject, sourceUsn: number | undefined): EntraCsObject {
  return entraObject(
    held,
    held.desired,
    held.confirmed,
    held.unconfirmed,
    held.mvId,
    held.deprovisioned,
    sourceUsn,
  );
}

/** The one place an Entra connector-space record is built from another (one shape, fields in order). */
function entraObject(
  held: EntraCsObject,
  desired: EntraCsObject["desired"],
  confirmed: EntraCsObject["confirmed"],
  unconfirmed: EntraCsObject["unconfirmed"],
  mvId: string | undefined,
  deprovisioned: boolean,
  sourceUsn: number | undefined,
): EntraCsObject {
  return {
    anchor: held.anchor,
    objectType: held.objectType,
    desired,
    confirmed,
    unconfirmed,
    mvId,
    deprovisioned,
    sourceUsn,
  };
}

const NOTHING_EXPORTED = Object.freeze({ anchors: Object.freeze([]) as readonly string[], overflow: false });

/** A disconnector: a cloud object imported from Entra ID that no metaverse object claims (yet). */
function isUnjoined(object: EntraCsObject): boolean {
  return object.mvId === undefined && object.desired === undefined && !object.deprovisioned;
}

/** True when the two records hold the very same values {@link exportOperation} decides from. */
function sameExportState(a: EntraCsObject, b: EntraCsObject): boolean {
  return (
    a.desired === b.desired &&
    a.confirmed === b.confirmed &&
    a.unconfirmed === b.unconfirmed &&
    a.deprovisioned === b.deprovisioned
  );
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
  return recordsDiffer(object.confirmed, object.desired) ? "update" : undefined;
}

/** True when the two records differ in any attribute (what {@link attributeDelta} would send, without building it). @internal */
export function recordsDiffer(
  from: Readonly<Record<string, CloudValue>>,
  to: Readonly<Record<string, CloudValue>>,
): boolean {
  // Unchanged values keep their record (entra-provisioning.ts `putExport`): the very same record differs in nothing.
  if (from === to) return false;
  for (const key in to) if (!sameValue(from[key], to[key])) return true;
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
    if (!sameValue(from[key], value)) {
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
