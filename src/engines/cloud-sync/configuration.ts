import type { EventEmitter } from "eventemitter3";
import type { AdObject } from "../../model/ad-object.js";
import { sourceAnchorOf } from "../../model/anchor.js";
import type { Directory } from "../../model/directory.js";
import { LinkIndex } from "../../model/link-index.js";
import { commonEnds, walkInStep } from "../../model/list-diff.js";
import { netChanges, splicesBetween } from "../../model/list-edits.js";
import type { Tenant } from "../../model/tenant.js";
import { isSimulationError, type SimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { Scheduler } from "../../scheduler/scheduler.js";
import type { IncidentKind } from "../engine.js";
import type { AgentPool } from "./agent-pool.js";
import type { CloudSyncConfig } from "./config.js";
import type { CloudSyncEvents } from "./events.js";
import type { AttributeMappings } from "./mappings.js";
import type { ScopingFilter } from "./scope.js";

/**
 * What the two jobs of a configuration share: the domain's directory and scoping filter, the tenant, the
 * agent pool, the mappings, the objects the configuration provisioned, and the engine's event and
 * incident sinks.
 *
 * @internal
 */
export interface ConfigurationContext {
  readonly domain: string;
  /** Writer id on tenant writes: `cloud-sync:<domain>` (one configuration per AD domain). */
  readonly writer: string;
  readonly directory: Directory;
  readonly scope: ScopingFilter;
  readonly tenant: Tenant;
  readonly scheduler: Scheduler;
  readonly pool: AgentPool;
  readonly config: CloudSyncConfig;
  readonly mappings: AttributeMappings;
  readonly provisioned: ProvisionedObjects;
  readonly events: EventEmitter<CloudSyncEvents>;
  incident(kind: IncidentKind, detail: string): void;
}

/**
 * The objects a configuration has provisioned, by objectGUID, with their source anchors: the service's
 * own record, used to resolve references, to deprovision only what it provisioned, and to find the user of
 * a password hash.
 *
 * @public
 */
export class ProvisionedObjects {
  private readonly byGuid = new Map<string, string>();
  // The reverse map serves password writeback only: built on its first use, kept up to date after.
  private byAnchor: Map<string, string> | undefined;
  private readonly watchers: Array<(objectGUID: string) => void> = [];
  // References the service last wrote: referrer → referenced objectGUIDs, and the reverse. Entra ID drops a
  // deleted object from the groups (and manager links) naming it; the service uses these to do the same
  // before it deprovisions an object (see deprovisioning.ts), so no cloud group keeps a deleted member.
  private readonly refsOut = new Map<string, ResolvedReferences>();
  // (Most objects are named by one referrer: LinkIndex keeps a lone referrer without a Set.)
  private readonly refsIn = new LinkIndex();
  private referenceWrites = 0;
  private generation = 0;
  // Objects whose recorded anchor may not be the one their objectGUID gives (recorded from an
  // mS-DS-ConsistencyGuid, or recorded without saying): `anchorFor` encodes theirs afresh.
  private readonly otherAnchors = new Set<string>();

  /** Number of objects. */
  get size(): number {
    return this.byGuid.size;
  }

  /** The anchor of a provisioned object. */
  anchorOf(objectGUID: string): string | undefined {
    return this.byGuid.get(objectGUID);
  }

  /** The objectGUID of a provisioned anchor. */
  guidOf(anchor: string): string | undefined {
    if (!this.byAnchor) {
      this.byAnchor = new Map();
      for (const [guid, a] of this.byGuid) this.byAnchor.set(a, guid);
    }
    return this.byAnchor.get(anchor);
  }

  /**
   * Counts the changes that can make a remembered anchor wrong (an object re-anchored or deprovisioned):
   * a resolution begun before one of them does not remember its anchors (see `setReferences`).
   */
  get anchorGeneration(): number {
    return this.generation;
  }

  /**
   * The source anchor of `object` (`sourceAnchorOf`). An object without an `mS-DS-ConsistencyGuid` that
   * was provisioned with the anchor its objectGUID gives has that anchor recorded: it is returned as
   * recorded instead of being encoded again for every write — one string per object, shared with the
   * tenant's record, instead of a new copy per change. `recorded` is the anchor recorded for the object
   * (`anchorOf`), for a caller that has looked it up already.
   */
  anchorFor(object: AdObject, recorded: string | undefined = this.byGuid.get(object.objectGUID)): string {
    if (recorded !== undefined && anchoredByObjectGUID(object) && !this.otherAnchors.has(object.objectGUID))
      return recorded;
    return sourceAnchorOf(object);
  }

  /**
   * Records a provisioned object. `fromObjectGUID` says the anchor is the one the object's objectGUID
   * gives (it has no `mS-DS-ConsistencyGuid`), so {@link ProvisionedObjects.anchorFor} may return it.
   */
  add(objectGUID: string, anchor: string, fromObjectGUID = false): void {
    if (!fromObjectGUID) this.otherAnchors.add(objectGUID);
    else if (this.otherAnchors.size > 0) this.otherAnchors.delete(objectGUID);
    const before = this.byGuid.get(objectGUID);
    if (before === anchor) return;
    if (before !== undefined) this.forgetAnchorsNaming(objectGUID);
    this.byGuid.set(objectGUID, anchor);
    this.byAnchor?.set(anchor, objectGUID);
    this.notify(objectGUID);
  }

  /** Forgets a deprovisioned object (and the references it carried). */
  remove(objectGUID: string): void {
    const anchor = this.byGuid.get(objectGUID);
    if (anchor === undefined) return;
    this.forgetAnchorsNaming(objectGUID);
    this.byGuid.delete(objectGUID);
    this.otherAnchors.delete(objectGUID);
    this.byAnchor?.delete(anchor);
    this.setReferences(objectGUID, []);
    this.notify(objectGUID);
  }

  /** Every provisioned objectGUID with its anchor, in the order they were first provisioned. */
  entries(): IterableIterator<[objectGUID: string, anchor: string]> {
    return this.byGuid.entries();
  }

  /**
   * Records the provisioned objects `referrer`'s last write named (group members, manager), replacing
   * what it named before; with `anchors`, the anchor each of them resolved to through this record,
   * remembered for the next write of `referrer` (see `ReferenceResolver`) unless an object was
   * re-anchored or deprovisioned since `generation` (the {@link ProvisionedObjects.anchorGeneration} the
   * resolution began at).
   */
  setReferences(
    referrer: string,
    referenced: readonly string[],
    anchors?: readonly (string | undefined)[],
    generation?: number,
  ): void {
    const last = this.refsOut.get(referrer);
    const remembered = generation === this.generation ? anchors : undefined;
    const before = last?.guids ?? NO_REFERENCES;
    if (before.length === 0 && referenced.length === 0) return;
    // The write named the very list the last one did (ReferenceResolver shares it when nothing changed).
    if (before === referenced) {
      (last as ResolvedReferences).anchors = remembered;
      return;
    }
    // AD made the new member list from the old one with a few splices: they name the links to change.
    // (A member taken out and put back may leave the list as it was, or move it: the walk tells which.)
    const splices = splicesBetween(before, referenced);
    const changes = splices === undefined ? undefined : netChanges(splices);
    if (changes !== undefined && changes.removed.length + changes.added.length > 0) {
      for (const guid of changes.removed) this.unlink(guid, referrer);
      for (const guid of changes.added) this.link(guid, referrer);
      this.record(referrer, referenced, remembered);
      return;
    }
    // A group write usually adds or removes one member: only the entries between the common prefix and
    // the common suffix of the two lists change their reverse links, not the group's whole member list.
    const [start, endBefore, endAfter] = commonEnds(before, referenced);
    if (start === before.length && start === referenced.length) {
      if (last) last.anchors = remembered;
      return;
    }
    // The usual write only adds or only removes entries between them: then every entry of the old list
    // there is dropped (or none is), and nothing needs lining up.
    let dropped: readonly string[] = before;
    let from = start;
    let to = endBefore;
    let next = start;
    if (endBefore > start && endAfter > start) {
      // Else the lists mostly still match in order: a group written after several edits lost a few
      // members here and there and gained a few at the end. Walking both in step finds the entries that do
      // not match, so only those touch the reverse links (a 5,000-member group edited at its start and end
      // would otherwise relink all 5,000). An entry the walk skips may still be named elsewhere in the new
      // list (reordered, or named twice): it keeps its link then. Linking is idempotent, so an entry the
      // walk counts as added although it was there before costs a look-up, never a wrong link.
      const walk = walkInStep(before, referenced, start, endBefore, endAfter);
      dropped = walk.unmatched;
      from = 0;
      to = dropped.length;
      next = walk.next;
    }
    // (A scan of the new list for the usual one or two dropped entries; a set when many were dropped.)
    const named = to - from > 8 ? new Set(referenced) : undefined;
    for (let i = from; i < to; i++) {
      const guid = dropped[i] as string;
      if (!(named ? named.has(guid) : referenced.includes(guid))) this.unlink(guid, referrer);
    }
    for (let j = next; j < endAfter; j++) this.link(referenced[j] as string, referrer);
    this.record(referrer, referenced, remembered);
  }

  private record(
    referrer: string,
    referenced: readonly string[],
    anchors: readonly (string | undefined)[] | undefined,
  ): void {
    if (referenced.length === 0) this.refsOut.delete(referrer);
    else this.refsOut.set(referrer, { guids: referenced, anchors, write: this.referenceWrites++ });
  }

  /** The references `referrer`'s last write named, with the anchors remembered for them. @internal */
  resolvedReferencesOf(referrer: string): ResolvedReferences | undefined {
    return this.refsOut.get(referrer);
  }

  /** `objectGUID` is re-anchored or deprovisioned: no write naming it may reuse the anchor it had. */
  private forgetAnchorsNaming(objectGUID: string): void {
    this.generation++;
    for (const referrer of this.refsIn.valuesOf(objectGUID)) {
      const list = this.refsOut.get(referrer);
      if (list) list.anchors = undefined;
    }
  }

  private link(objectGUID: string, referrer: string): void {
    this.refsIn.add(objectGUID, referrer);
  }

  private unlink(objectGUID: string, referrer: string): void {
    this.refsIn.delete(objectGUID, referrer);
  }

  /** The objects `referrer`'s last write named. */
  referencesOf(referrer: string): readonly string[] {
    return this.refsOut.get(referrer)?.guids ?? NO_REFERENCES;
  }

  /** True when `referrer`'s last write named `objectGUID`. */
  isReferencedBy(objectGUID: string, referrer: string): boolean {
    return this.refsIn.has(objectGUID, referrer);
  }

  /** The provisioned objects whose last write named `objectGUID` (groups listing it, its reports). */
  referrersOf(objectGUID: string): readonly string[] {
    const referrers = this.refsIn.valuesOf(objectGUID);
    if (referrers.length === 0) return NO_REFERENCES;
    // Oldest change of the referrer's list first: the order in which the referrers last (re)named the
    // object, which is the order the deprovisioning writes go out in.
    const writeOf = (referrer: string): number => this.refsOut.get(referrer)?.write ?? 0;
    return referrers.sort((a, b) => writeOf(a) - writeOf(b));
  }

  /**
   * Calls `watcher` with the objectGUID of every object added or removed (the password hash job looks
   * again at a waiting hash only when its user's provisioning changed).
   */
  watch(watcher: (objectGUID: string) => void): void {
    this.watchers.push(watcher);
  }

  private notify(objectGUID: string): void {
    for (const watcher of this.watchers) watcher(objectGUID);
  }
}

/**
 * The references a referrer's last write named, the anchors they resolved to through the provisioned
 * objects when remembered (an entry is undefined when it resolved otherwise), and the sequence number of
 * the write that set the list.
 *
 * @internal
 */
export interface ResolvedReferences {
  /** Referenced objectGUIDs, in the order the write named them. */
  readonly guids: readonly string[];
  /** Their anchors, remembered while none of them was re-anchored or deprovisioned. */
  anchors: readonly (string | undefined)[] | undefined;
  /** Sequence number of the write that last changed `guids`. */
  readonly write: number;
}

const NO_REFERENCES: readonly string[] = Object.freeze([]);

/**
 * True when `object`'s source anchor is the one its objectGUID gives: it has no `mS-DS-ConsistencyGuid`
 * (the rule of `sourceAnchorOf`).
 *
 * @internal
 */
export function anchoredByObjectGUID(object: AdObject): boolean {
  return typeof object.attributes["mS-DS-ConsistencyGuid"] !== "string";
}

/**
 * Runs one tenant write, backing off as long as the tenant throttles (`retryAfterMs`), as the provisioning
 * service does under Entra ID's write limit (`plan-connect-performance-factors`: 7,000 writes / 5 min).
 *
 * @internal
 */
export function* writeWithBackoff<T>(write: () => T): ProcessBody<T> {
  for (;;) {
    try {
      return write();
    } catch (error) {
      if (!isSimulationError(error, "throttled")) throw error;
      yield sleep(retryDelay(error));
    }
  }
}

/**
 * How long to wait after a `throttled` write: the tenant's `retryAfterMs` (at least 1 ms), else 1 s.
 *
 * @internal
 */
export function retryDelay(error: SimulationError): number {
  return Math.max(1, error.details.retryAfterMs ?? 1_000);
}
