import type { EngineEvents } from "../engine.js";

/**
 * The job states Cloud Sync shows per configuration (cloud-sync `how-to-troubleshoot`): Active, Paused,
 * Quarantine, and Disabled once a quarantine outlasts its limit.
 *
 * @public
 */
export type JobState = "Active" | "Paused" | "Quarantine" | "Disabled";

/** An agent bootstrapped and reported status. @public */
export interface AgentBootstrapEvent {
  /** Virtual time the report reached the service. */
  readonly at: number;
  /** The agent. */
  readonly agent: string;
}

/** The service picked an agent for a configuration's requests. @public */
export interface AgentSelectedEvent {
  /** Virtual time. */
  readonly at: number;
  /** The configuration's domain. */
  readonly domain: string;
  /** The agent now active. */
  readonly agent: string;
}

/** An auto-update took an agent down (`start`) or brought it back (`end`). @public */
export interface AgentUpdateEvent {
  /** Virtual time. */
  readonly at: number;
  /** The agent. */
  readonly agent: string;
  /** Which end of the outage. */
  readonly phase: "start" | "end";
}

/** A job changed state. @public */
export interface JobStateEvent {
  /** Virtual time. */
  readonly at: number;
  /** The configuration's domain. */
  readonly domain: string;
  /** Which of the configuration's two jobs. */
  readonly job: "provisioning" | "password-hash";
  /** The new state. */
  readonly state: JobState;
  /** Why, when known. */
  readonly reason?: string;
}

/** What an on-demand provisioning did. @public */
export interface OnDemandOutcome {
  /** True when the object was written. */
  readonly ok: boolean;
  /** The tenant's action (`created`, `updated`, `unchanged`, `restored`, `soft-matched`). */
  readonly action?: string;
  /** Why it failed. */
  readonly detail?: string;
}

/** An on-demand provisioning finished. @public */
export interface OnDemandEvent extends OnDemandOutcome {
  /** Virtual time. */
  readonly at: number;
  /** The configuration's domain. */
  readonly domain: string;
  /** The DN or name asked for. */
  readonly target: string;
}

/** A password reset in the cloud was written back to AD, or failed. @public */
export interface WritebackEvent {
  /** Virtual time. */
  readonly at: number;
  /** The configuration's domain. */
  readonly domain: string;
  /** Source anchor of the user. */
  readonly anchor: string;
  /** True when AD took the hash. */
  readonly ok: boolean;
  /** Why it failed. */
  readonly reason?: string;
}

/**
 * Events of the Cloud Sync-style engine: the common {@link EngineEvents} plus its own.
 *
 * @public
 */
export interface CloudSyncEvents extends EngineEvents {
  /** An agent bootstrapped (on start, after a restart, every bootstrap interval) and reported status. */
  "agent:bootstrap": [event: AgentBootstrapEvent];
  /** The service picked an agent for a configuration's requests. */
  "agent:selected": [event: AgentSelectedEvent];
  /** An auto-update took an agent down or brought it back. */
  "agent:update": [event: AgentUpdateEvent];
  /** A job changed state. */
  "job:state": [event: JobStateEvent];
  /** An on-demand provisioning finished. */
  "on-demand": [event: OnDemandEvent];
  /** A password reset in the cloud was written back to AD (or failed). */
  writeback: [event: WritebackEvent];
}
