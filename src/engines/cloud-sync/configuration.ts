import type { EventEmitter } from "eventemitter3";
import type { Directory } from "../../model/directory.js";
import type { Tenant } from "../../model/tenant.js";
import { isSimulationError } from "../../scheduler/errors.js";
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
  private readonly byAnchor = new Map<string, string>();

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
    return this.byAnchor.get(anchor);
  }

  /** Records a provisioned object. */
  add(objectGUID: string, anchor: string): void {
    this.byGuid.set(objectGUID, anchor);
    this.byAnchor.set(anchor, objectGUID);
  }

  /** Forgets a deprovisioned object. */
  remove(objectGUID: string): void {
    const anchor = this.byGuid.get(objectGUID);
    this.byGuid.delete(objectGUID);
    if (anchor !== undefined) this.byAnchor.delete(anchor);
  }
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
      yield sleep(Math.max(1, error.details.retryAfterMs ?? 1_000));
    }
  }
}
