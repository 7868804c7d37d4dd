import type { World } from "../../model/world.js";
import type { Feature, IncidentKind } from "../engine.js";
import type { ConnectConfig } from "./config.js";
import type { DeletionThreshold } from "./deletion-threshold.js";
import type { ConnectEvents } from "./events.js";
import type { CloudJournal } from "./journal.js";
import type { RulePipeline } from "./rule-pipeline.js";
import type { SyncDatabase } from "./sync-database.js";

/**
 * What a run profile sees of its server and engine.
 *
 * @public
 */
export interface RunContext {
  /** The world. */
  readonly world: World;
  /** Server name. */
  readonly server: string;
  /** Writer id on tenant writes (`connect:<server>`). */
  readonly writer: string;
  /** The server's staging database. */
  readonly db: SyncDatabase;
  /** Configuration in force. */
  readonly config: ConnectConfig;
  /** Sync rules in force. */
  readonly pipeline: RulePipeline;
  /** The tenant change feed. */
  readonly journal: CloudJournal;
  /** The export deletion threshold (engine-wide). */
  readonly threshold: DeletionThreshold;
  /** Features the scenario turned on (writeback kinds the cycle's export to AD carries out). */
  readonly features: ReadonlySet<Feature>;
  /** True while this server is active (not in staging mode) and up. */
  isActive(): boolean;
  /** Emits an engine event. */
  emit<E extends keyof ConnectEvents>(event: E, ...args: ConnectEvents[E]): void;
  /** Records an incident. */
  incident(kind: IncidentKind, detail: string): void;
}
