import type { EventEmitter } from "eventemitter3";
import type { Directory } from "../../model/directory.js";
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
  // before it deprovisions an object (see ProvisioningJob), so no cloud group keeps a deleted member.
  private readonly refsOut = new Map<string, readonly string[]>();
  private readonly refsIn = new Map<string, Set<string>>();

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

  /** Records a provisioned object. */
  add(objectGUID: string, anchor: string): void {
    if (this.byGuid.get(objectGUID) === anchor) return;
    this.byGuid.set(objectGUID, anchor);
    this.byAnchor?.set(anchor, objectGUID);
    this.notify(objectGUID);
  }

  /** Forgets a deprovisioned object (and the references it carried). */
  remove(objectGUID: string): void {
    const anchor = this.byGuid.get(objectGUID);
    if (anchor === undefined) return;
    this.byGuid.delete(objectGUID);
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
   * what it named before.
   */
  setReferences(referrer: string, referenced: readonly string[]): void {
    const before = this.refsOut.get(referrer);
    if (before === undefined && referenced.length === 0) return;
    if (before !== undefined && sameList(before, referenced)) return;
    for (const guid of before ?? []) {
      const set = this.refsIn.get(guid);
      set?.delete(referrer);
      if (set?.size === 0) this.refsIn.delete(guid);
    }
    if (referenced.length === 0) {
      this.refsOut.delete(referrer);
      return;
    }
    this.refsOut.set(referrer, referenced);
    for (const guid of referenced) {
      let set = this.refsIn.get(guid);
      if (!set) this.refsIn.set(guid, (set = new Set()));
      set.add(referrer);
    }
  }

  /** The objects `referrer`'s last write named. */
  referencesOf(referrer: string): readonly string[] {
    return this.refsOut.get(referrer) ?? [];
  }

  /** The provisioned objects whose last write named `objectGUID` (groups listing it, its reports). */
  referrersOf(objectGUID: string): readonly string[] {
    const set = this.refsIn.get(objectGUID);
    return set ? [...set] : [];
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

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
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
