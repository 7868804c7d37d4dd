import { ConnectorSpace, EntraConnectorSpace } from "./connector-space.js";
import { Metaverse } from "./metaverse.js";

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
  /** The metaverse. */
  readonly metaverse = new Metaverse();
  /** True once an initial cycle (full import + full sync of every connector) completed. */
  firstFullCycleDone = false;
  /** Forests whose next import must be a full import (OU/domain filter change). */
  readonly forceFullImport = new Set<string>();
  /** The next sync must be a full sync (rule or filter change). */
  forceFullSync = false;
  /** Virtual time of the last completed sync (a delta older than 7 days forces a full sync). */
  lastSyncAt: number | undefined;
  /** Password channel watermark per forest. */
  readonly phsWatermarks = new Map<string, number>();
  /** Users whose hash is still to send per forest ("target not exported", failures): GUIDs only, no hash kept. */
  readonly phsRetry = new Map<string, Set<string>>();

  /** @param forests - forest names, one AD connector each */
  constructor(forests: readonly string[]) {
    this.adSpaces = new Map(forests.map((forest) => [forest, new ConnectorSpace(forest)]));
  }

  /** Objects in the database (AD connector-space objects: what the LocalDB limit counts). */
  get objectCount(): number {
    let total = 0;
    for (const space of this.adSpaces.values()) total += space.size;
    return total;
  }

  /** Empties everything: the next cycle must be an initial one. */
  clear(): void {
    for (const space of this.adSpaces.values()) space.clear();
    this.entra.clear();
    this.metaverse.clear();
    this.firstFullCycleDone = false;
    this.forceFullImport.clear();
    this.forceFullSync = false;
    this.lastSyncAt = undefined;
    this.phsWatermarks.clear();
    this.phsRetry.clear();
  }
}
