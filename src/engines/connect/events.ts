import type { EngineEvents } from "../engine.js";

/**
 * Run profiles of the Connect engine (concept-azure-ad-connect-sync-architecture).
 *
 * @public
 */
export type RunProfileName = "full-import" | "delta-import" | "full-sync" | "delta-sync" | "export";

/**
 * Run status as the product's run history shows it.
 *
 * @public
 */
export type RunStatus =
  | "success"
  | "completed-export-errors"
  | "failed"
  | "stopped-deletion-threshold-exceeded"
  | "stopped-database-disk-full";

/**
 * Events of the Connect engine: the {@link EngineEvents} plus run profiles, password hash sync batches
 * and mode changes.
 *
 * @public
 */
export interface ConnectEvents extends EngineEvents {
  /** A run profile began on a server. */
  "run:start": [event: RunStartEvent];
  /** A run profile ended. */
  "run:end": [event: RunEndEvent];
  /** A password hash sync pass ended. */
  "phs:batch": [event: PhsBatchEvent];
  /** A server was promoted to active or demoted to staging. */
  mode: [event: ServerModeEvent];
  /** A writeback to AD ended: a password reset (per reset), or a group / device at the cycle (per object). */
  writeback: [event: WritebackEvent];
}

/**
 * Outcome of one writeback to AD.
 *
 * @public
 */
export interface WritebackEvent {
  /** Virtual time it landed in AD, or failed. */
  readonly at: number;
  /** What was written back. */
  readonly kind: "password" | "group" | "device" | "exchange";
  /** Cloud object id of the user, group or device. */
  readonly cloudId: string;
  /** True when AD holds it. */
  readonly ok: boolean;
  /** Why it failed. */
  readonly reason?: string;
}

/**
 * A run profile began on a server (`run:start`).
 *
 * @public
 */
export interface RunStartEvent {
  /** Virtual time it began. */
  at: number;
  /** The server running it. */
  server: string;
  /** The run profile. */
  profile: RunProfileName;
  /** The connector: an AD forest's name, `ad:<forest>` for an export to AD, or `entra`. */
  connector: string;
}

/**
 * A run profile ended on a server (`run:end`), as a run-history entry.
 *
 * @public
 */
export interface RunEndEvent {
  /** Virtual time it ended. */
  at: number;
  /** The server that ran it. */
  server: string;
  /** The run profile. */
  profile: RunProfileName;
  /** The connector: an AD forest's name, `ad:<forest>` for an export to AD, or `entra`. */
  connector: string;
  /** Run status, as the product's run history shows it. */
  status: RunStatus;
  /** Object counts of the run (adds, updates, deletes, errors, …), by counter name. */
  counts: Readonly<Record<string, number>>;
}

/**
 * A password hash sync pass ended (`phs:batch`).
 *
 * @public
 */
export interface PhsBatchEvent {
  /** Virtual time it ended. */
  at: number;
  /** The server that ran it. */
  server: string;
  /** Password hashes sent to the tenant. */
  sent: number;
  /** Hashes whose send failed and that are retried on the next pass. */
  retried: number;
}

/**
 * A server was promoted to active or demoted to staging (`mode`).
 *
 * @public
 */
export interface ServerModeEvent {
  /** Virtual time of the change. */
  at: number;
  /** The server. */
  server: string;
  /** Its new mode. */
  mode: "active" | "staging";
}
