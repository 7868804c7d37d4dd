import type { AdObject, AdObjectClass } from "../../model/ad-object.js";
import { sourceAnchorOf } from "../../model/anchor.js";
import type { Directory } from "../../model/directory.js";
import type { PasswordChange } from "../../model/directory-types.js";
import type { PasswordHash } from "../../model/passwords.js";
import { isSimulationError } from "../../scheduler/errors.js";
import type { Host, Link } from "../../scheduler/host.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import { ScopingFilter } from "./scope.js";
import type { TimingProfile } from "./timing.js";

/**
 * An object in scope, as AD holds it (no transformation: that is the service's job).
 *
 * @public
 */
export interface PresentRecord {
  /** Discriminant. */
  readonly kind: "present";
  /** The raw AD object. */
  readonly object: AdObject;
}

/**
 * The identity of an object that is gone from scope (deleted, moved out, filtered), so the service can
 * deprovision it if it had provisioned it.
 *
 * @public
 */
export interface GoneRecord {
  /** Discriminant. */
  readonly kind: "gone";
  /** The object's GUID. */
  readonly objectGUID: string;
  /** Its class. */
  readonly objectClass: AdObjectClass;
  /** Its source anchor (tombstones keep `mS-DS-ConsistencyGuid` and `objectGUID`). */
  readonly anchor: string;
  /** Why it is gone. */
  readonly reason: "deleted" | "out-of-scope";
}

/**
 * One raw record an agent returns.
 *
 * @public
 */
export type AgentRecord = PresentRecord | GoneRecord;

/**
 * What an agent answers to a password query: the latest change per user since the watermark.
 *
 * @public
 */
export interface PasswordRead {
  /** Changes, in USN order. */
  readonly changes: readonly PasswordChange[];
  /** The watermark the read covers. */
  readonly watermark: number;
}

/**
 * What an agent answers to an object query: raw records (no transformation: that is the service's job)
 * and the watermark the service stores once it has applied them.
 *
 * @public
 */
export interface AgentReply {
  /** Records, in USN order. */
  readonly records: readonly AgentRecord[];
  /** The directory watermark the read covers. */
  readonly watermark: number;
}

/**
 * A provisioning agent: an on-premises host, outbound only, that the cloud service drives. On start and
 * every bootstrap interval it bootstraps (refreshes configuration and endpoints) and reports status over
 * the link; on a request it queries AD from the watermark the service sends, filters by scope and returns
 * raw objects (cloud-sync `concept-how-it-works`). It keeps no sync state: a crash loses only the request
 * in flight.
 *
 * @public
 */
export class ProvisioningAgent {
  /** Name, `agent-N`. */
  readonly name: string;
  /** The on-premises host it runs on (`cloud-sync:agent-N`). */
  readonly host: Host;
  private readonly link: Link;
  private readonly timing: TimingProfile;
  private readonly onReport: (agent: ProvisioningAgent) => void;
  private started = false;

  /**
   * @param name - `agent-N`
   * @param host - its host
   * @param link - the on-premises ↔ cloud link its traffic crosses
   * @param timing - timing figures
   * @param onReport - the service's status endpoint (called when a bootstrap reaches the cloud)
   */
  constructor(
    name: string,
    host: Host,
    link: Link,
    timing: TimingProfile,
    onReport: (agent: ProvisioningAgent) => void,
  ) {
    this.name = name;
    this.host = host;
    this.link = link;
    this.timing = timing;
    this.onReport = onReport;
    // concept-how-it-works: an agent bootstraps on every restart.
    host.events.on("restart", () => {
      if (this.started) this.spawnLifecycle();
    });
  }

  /** True while the host runs. */
  get isUp(): boolean {
    return this.host.isUp;
  }

  /** Starts the bootstrap/status loop (no-op while the host is down: it starts on restart). */
  start(): void {
    this.started = true;
    if (this.host.isUp) this.spawnLifecycle();
  }

  /**
   * Object query, run on the agent host: a full read (initial cycle, `watermark` undefined) or the changes
   * since `watermark`, each object checked against the scoping filter.
   *
   * @throws SimulationError `dc-unreachable` after the LDAP timeout while the DC is down
   */
  *readObjects(
    directory: Directory,
    scope: ScopingFilter,
    watermark: number | undefined,
  ): ProcessBody<AgentReply> {
    const read = yield* this.ldap(() =>
      watermark === undefined
        ? directory.snapshot({ domain: scope.domain })
        : directory.changesSince(watermark, { domain: scope.domain }),
    );
    const records: AgentRecord[] = [];
    if (watermark === undefined || scope.groups.length === 0) {
      // A full read lists every object once, and so does a read of changes (each object at its latest
      // write): without scoping groups adding members, no de-duplication is needed.
      for (const object of read.objects) {
        if (ScopingFilter.typeOf(object)) records.push(toRecord(object, scope, directory));
      }
    } else {
      const seen = new Set<string>();
      const add = (object: AdObject): void => {
        if (seen.has(object.objectGUID) || !ScopingFilter.typeOf(object)) return;
        seen.add(object.objectGUID);
        records.push(toRecord(object, scope, directory));
      };
      for (const object of read.objects) {
        add(object);
        // A changed scoping group re-scopes its first-level members (the agent returns them with it).
        if (!object.isDeleted && scope.isScopingGroup(object, directory)) {
          for (const guid of (object.attributes.member as readonly string[] | undefined) ?? []) {
            const member = directory.get(guid);
            if (member) add(member);
          }
        }
      }
    }
    yield sleep(records.length * this.timing.agentReadCost);
    return { records, watermark: read.watermark };
  }

  /** One object by DN or name, for on-demand provisioning (scoping not applied). */
  *readOne(directory: Directory, target: string): ProcessBody<AdObject | undefined> {
    const object = yield* this.ldap(() => directory.getByDn(target) ?? directory.find(target));
    yield sleep(this.timing.agentReadCost);
    return object;
  }

  /** Password changes since `watermark` (the password channel). */
  *readPasswords(directory: Directory, watermark: number): ProcessBody<PasswordRead> {
    const read = yield* this.ldap(() => directory.passwordChangesSince(watermark));
    yield sleep(read.changes.length * this.timing.agentReadCost);
    return read;
  }

  /** Password writeback: sets the hash a cloud reset produced on the AD user, after the relay's round trip. */
  *writePassword(directory: Directory, objectGUID: string, hash: PasswordHash): ProcessBody<void> {
    yield sleep(this.timing.passwordWritebackLatency);
    yield* this.ldap(() => directory.setPasswordHash(objectGUID, hash));
  }

  /** A write to AD the service asks for (group provisioning to AD), over the agent's LDAP connection. */
  *writeToAd<T>(write: () => T): ProcessBody<T> {
    return yield* this.ldap(write);
  }

  private *ldap<T>(read: () => T): ProcessBody<T> {
    try {
      return read();
    } catch (error) {
      // concept-how-it-works: the agent's LDAP calls time out after 30 s.
      if (isSimulationError(error, "dc-unreachable")) yield sleep(this.timing.ldapTimeout);
      throw error;
    }
  }

  private spawnLifecycle(): void {
    const agent = this;
    this.host.spawn(
      (function* lifecycle(): ProcessBody<void> {
        for (;;) {
          try {
            yield* agent.link.transmit("agent bootstrap");
            agent.onReport(agent);
          } catch (error) {
            if (!isSimulationError(error, "link-down")) throw error;
          }
          // concept-how-it-works: bootstrap and status every 10 min.
          yield sleep(agent.timing.bootstrapInterval);
        }
      })(),
      `${this.name}:bootstrap`,
    );
  }
}

/** The raw record of an object the agent read: present when in scope, else gone. */
function toRecord(object: AdObject, scope: ScopingFilter, directory: Directory): AgentRecord {
  if (scope.inScope(object, directory)) return { kind: "present", object };
  return goneRecord(object, object.isDeleted ? "deleted" : "out-of-scope");
}

function goneRecord(object: AdObject, reason: "deleted" | "out-of-scope"): GoneRecord {
  return {
    kind: "gone",
    objectGUID: object.objectGUID,
    objectClass: object.objectClass,
    anchor: sourceAnchorOf(object),
    reason,
  };
}
