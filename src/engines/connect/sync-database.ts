import type { ExchangeOnlineValues } from "../../model/exchange-online.js";
import { ConnectorSpace } from "./connector-space.js";
import { EntraConnectorSpace } from "./entra-connector-space.js";
import { Metaverse } from "./metaverse.js";

/**
 * One object's sync error: the rule and flow that failed and the interpreter's message (which names the
 * position). Kept until the object syncs cleanly.
 *
 * @public
 */
export interface SyncErrorRecord {
  /** Virtual time it was (last) raised. */
  readonly at: number;
  /** Connector (`ad:<forest>` for inbound, `entra` for outbound). */
  readonly connector: string;
  /** The object: its DN (inbound) or source anchor (outbound). */
  readonly object: string;
  /** The rule. */
  readonly rule: string;
  /** The flow's target attribute. */
  readonly target: string;
  /** The message. */
  readonly message: string;
}

/**
 * The staging database of one Connect server: a connector space per AD forest, one for Entra ID, the
 * metaverse, and the run state that lives with them (watermarks, forced full steps, the PHS position).
 * It survives a server crash; a `lose-database` fault empties it.
 *
 * @public
 */
export class SyncDatabase {
  /** AD connector spaces by forest, in forest order. */
  readonly adSpaces: ReadonlyMap<string, ConnectorSpace>;
  /** The Entra ID connector space. */
  readonly entra = new EntraConnectorSpace();
  /** The metaverse (at equal precedence, the earlier forest's value wins). */
  readonly metaverse: Metaverse;
  /** Sync errors per object (`<connector>|<anchor>`), as the Synchronization Service Manager lists them. */
  readonly syncErrors = new Map<string, SyncErrorRecord>();
  /** Group writeback: cloud object id → objectGUID of the group written to AD. */
  readonly groupWriteback = new Map<string, string>();
  /** Device writeback: cloud object id → objectGUID of the device object written to AD. */
  readonly deviceWriteback = new Map<string, string>();
  /**
   * Exchange hybrid writeback: the Exchange Online settings of each cloud user as the Entra connector last
   * imported them, by source anchor (what the inbound rule "In from AAD - User Exchange" brings to the
   * metaverse).
   */
  readonly exchangeImported = new Map<string, ExchangeOnlineValues>();
  /**
   * Per forest, the anchors whose imported Exchange settings the next export to that forest writes (kept
   * until written there).
   */
  readonly exchangePending: ReadonlyMap<string, Set<string>>;
  /** Cloud groups over the writeback member limit, already reported (one incident per group). */
  readonly groupsOverLimit = new Set<string>();
  /** The tenant's object quota refused an export and that was said (said again once it no longer does). */
  quotaReported = false;
  /** True once an initial cycle (full import + full sync of every connector) completed. */
  firstFullCycleDone = false;
  /** Forests whose next import must be a full import (OU/domain filter change). */
  readonly forceFullImport = new Set<string>();
  /** The next sync of every AD connector must be a full sync (a filter change, a rule of every connector). */
  forceFullSync = false;
  /** Forests whose connector alone must run a full sync next (a change of a rule of that connector only). */
  readonly forceFullSyncOf = new Set<string>();
  /**
   * How many times a full import or full sync was asked for ({@link SyncDatabase.requestFullRuns}): a cycle
   * running when another is asked for leaves the request for the next one (it ran with the old settings).
   */
  fullRunRequests = 0;
  /** Virtual time of the last completed sync (a delta older than 7 days forces a full sync). */
  lastSyncAt: number | undefined;
  /** Password channel watermark per forest. */
  readonly phsWatermarks = new Map<string, number>();
  /** Users whose hash is still to send per forest ("target not exported", failures): GUIDs only, no hash kept. */
  readonly phsRetry = new Map<string, Set<string>>();

  /** @param forests - forest names, one AD connector each */
  constructor(forests: readonly string[]) {
    this.adSpaces = new Map(forests.map((forest) => [forest, new ConnectorSpace(forest)]));
    this.metaverse = new Metaverse(forests.map((forest) => `ad:${forest}`));
    this.exchangePending = new Map(forests.map((forest) => [forest, new Set<string>()]));
  }

  /** Objects in the database (AD connector-space objects: what the LocalDB limit counts). */
  get objectCount(): number {
    let total = 0;
    for (const space of this.adSpaces.values()) total += space.size;
    return total;
  }

  /**
   * A rule or filter change: the next cycle runs a full import of `imports` (a filter change) and a full
   * sync of the connectors of `syncs` (every AD connector when not given) — the cycle after a running one,
   * which started with the old settings. reference.md A "Scheduler": a sync-rule change forces a full sync
   * of that connector; an OU/domain filter change a full import of each AD connector.
   */
  requestFullRuns(imports: Iterable<string> = [], syncs?: Iterable<string>): void {
    for (const forest of imports) this.forceFullImport.add(forest);
    if (syncs === undefined) this.forceFullSync = true;
    else for (const forest of syncs) this.forceFullSyncOf.add(forest);
    this.fullRunRequests++;
  }

  /** True when the next sync of `forest`'s connector must be a full sync. */
  fullSyncForced(forest: string): boolean {
    return this.forceFullSync || this.forceFullSyncOf.has(forest);
  }

  /** A cycle ran every full sync asked for before it began. */
  fullSyncsDone(): void {
    this.forceFullSync = false;
    this.forceFullSyncOf.clear();
  }

  /** Empties everything: the next cycle must be an initial one. */
  clear(): void {
    for (const space of this.adSpaces.values()) space.clear();
    this.entra.clear();
    this.metaverse.clear();
    this.firstFullCycleDone = false;
    this.forceFullImport.clear();
    this.fullSyncsDone();
    this.lastSyncAt = undefined;
    this.phsWatermarks.clear();
    this.phsRetry.clear();
    this.syncErrors.clear();
    this.groupWriteback.clear();
    this.deviceWriteback.clear();
    this.groupsOverLimit.clear();
    this.exchangeImported.clear();
    for (const pending of this.exchangePending.values()) pending.clear();
  }
}
