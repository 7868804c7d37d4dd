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
  "run:start": [event: { at: number; server: string; profile: RunProfileName; connector: string }];
  /** A run profile ended. */
  "run:end": [
    event: {
      at: number;
      server: string;
      profile: RunProfileName;
      connector: string;
      status: RunStatus;
      counts: Readonly<Record<string, number>>;
    },
  ];
  /** A password hash sync pass ended. */
  "phs:batch": [event: { at: number; server: string; sent: number; retried: number }];
  /** A server was promoted to active or demoted to staging. */
  mode: [event: { at: number; server: string; mode: "active" | "staging" }];
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
  readonly kind: "password" | "group" | "device";
  /** Cloud object id of the user, group or device. */
  readonly cloudId: string;
  /** True when AD holds it. */
  readonly ok: boolean;
  /** Why it failed. */
  readonly reason?: string;
}
