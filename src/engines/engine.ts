import type { EventEmitter } from "eventemitter3";
import type { AdObject } from "../model/ad-object.js";
import type { World } from "../model/world.js";
import type { ChangePreview } from "./change-preview.js";

/**
 * The two engines.
 *
 * @public
 */
export type EngineKind = "connect" | "cloudSync";

/**
 * Features a scenario may ask for, and that the capability tables answer for.
 *
 * @public
 */
export type Feature =
  | "password-hash-sync"
  | "pass-through-authentication"
  | "federation"
  | "password-writeback"
  | "group-writeback"
  | "device-writeback"
  | "exchange-hybrid-writeback"
  | "group-provisioning-to-ad"
  | "multi-forest"
  | "multi-forest-merge"
  | "staging-server"
  | "custom-sync-rules"
  | "on-demand-provisioning"
  | "accidental-delete-prevention"
  | "high-availability";

/**
 * One row of an engine's capability table.
 *
 * @public
 */
export interface Capability {
  /** The feature. */
  readonly feature: Feature;
  /** Whether the engine can do it. */
  readonly supported: boolean;
  /** Why (or how), with the reference.md source key. */
  readonly reason: string;
}

/**
 * Kinds of incident an engine records.
 *
 * @public
 */
export type IncidentKind =
  | "threshold-exceeded"
  | "quarantine"
  | "quarantine-lifted"
  | "failover"
  | "promotion"
  | "limit-exceeded"
  | "unsupported-feature"
  | "export-failed"
  | "cycle-failed"
  | "import-failed"
  | "database-full"
  | "database-rebuilt"
  | "writeback-failed"
  | "sync-error"
  | "health-alert"
  | "health-alert-resolved";

/**
 * Something that went wrong or changed the engine's mode, at a virtual time.
 *
 * @public
 */
export interface Incident {
  /** Virtual time. */
  readonly at: number;
  /** Kind. */
  readonly kind: IncidentKind;
  /** Human detail (counts, names, reasons). */
  readonly detail: string;
}

/**
 * Admin actions a scenario can script.
 *
 * @public
 */
export type AdminActionName =
  | "promote"
  | "demote"
  | "start-cycle"
  | "allow-deletes"
  | "set-threshold"
  | "restart"
  | "clear-quarantine"
  | "disable-scheduler"
  | "enable-scheduler"
  | "on-demand"
  | "pause"
  | "resume"
  | "switch-authentication"
  | "set-cycle-interval"
  | "upgrade"
  | "set-scope";

/**
 * An admin action aimed at an engine.
 *
 * @public
 */
export interface AdminAction {
  /** What to do. */
  readonly action: AdminActionName;
  /** Server, agent, object DN or cycle type, depending on the action. */
  readonly target?: string;
  /** A value (a threshold, an interval). */
  readonly value?: unknown;
}

/**
 * Faults a scenario can inject into an engine's own parts.
 *
 * @public
 */
export type FaultName = "crash" | "restart" | "lose-database" | "down" | "up" | "throttle" | "unthrottle";

/**
 * What became of an admin action or fault.
 *
 * @public
 */
export interface ActionOutcome {
  /** `done`, `refused` (with a reason) or `ignored` (not meaningful for this engine). */
  readonly status: "done" | "refused" | "ignored";
  /** Why it was refused or ignored. */
  readonly reason?: string;
}

/**
 * Events every engine emits (engines add their own). Emitted after state is committed; a listener that
 * wants to act schedules through the kernel.
 *
 * @public
 */
export interface EngineEvents {
  /** A cycle began. */
  "cycle:start": [event: CycleStartEvent];
  /** A cycle ended (`ok` false when it failed or stopped). */
  "cycle:end": [event: CycleEndEvent];
  /** Objects were written to the tenant. */
  export: [event: ExportEvent];
  /** Another server or agent took over. */
  failover: [event: FailoverEvent];
  /** Quarantine entered or left. */
  quarantine: [event: QuarantineEvent];
  /** A deletion threshold stopped an export or cycle. */
  "threshold:exceeded": [event: ThresholdEvent];
  /** Any incident (also recorded in {@link SyncEngine.incidents}). */
  incident: [incident: Incident];
  /** A writeback to AD landed or failed (engines with writeback emit a richer payload of this shape). */
  writeback: [event: WritebackOutcome];
}

/**
 * Payload of `writeback`: what both engines report about a write to AD. Connect names the cloud object
 * (`cloudId`) and what was written (`kind`); Cloud Sync names the user's source `anchor`.
 *
 * @public
 */
export interface WritebackOutcome {
  /** Virtual time it landed or failed. */
  readonly at: number;
  /** True when AD holds it. */
  readonly ok: boolean;
  /** Why it failed. */
  readonly reason?: string;
  /** `password`, `group` or `device`; absent means password. */
  readonly kind?: string;
  /** Cloud object id, when the engine names it. */
  readonly cloudId?: string;
  /** Source anchor, when the engine names it. */
  readonly anchor?: string;
}

/** Payload of `cycle:start`. @public */
export interface CycleStartEvent {
  /** Virtual time. */
  readonly at: number;
  /** Cycle kind (`delta`, `initial`, `incremental`, ...). */
  readonly cycle: string;
  /** Server, agent or job it ran on. */
  readonly detail?: string;
}

/** Payload of `cycle:end`. @public */
export interface CycleEndEvent {
  /** Virtual time. */
  readonly at: number;
  /** Cycle kind. */
  readonly cycle: string;
  /** False when the cycle failed or was stopped. */
  readonly ok: boolean;
  /** Counts by name (objects imported, synced, exported, ...). */
  readonly counts: Readonly<Record<string, number>>;
}

/** Payload of `export`. @public */
export interface ExportEvent {
  /** Virtual time. */
  readonly at: number;
  /** Writer: server or agent name. */
  readonly by: string;
  /** Objects added. */
  readonly adds: number;
  /** Objects updated. */
  readonly updates: number;
  /** Objects deleted. */
  readonly deletes: number;
}

/** Payload of `failover`. @public */
export interface FailoverEvent {
  /** Virtual time. */
  readonly at: number;
  /** Previous active server or agent. */
  readonly from: string | undefined;
  /** New active server or agent. */
  readonly to: string | undefined;
}

/** Payload of `quarantine`. @public */
export interface QuarantineEvent {
  /** Virtual time. */
  readonly at: number;
  /** True on entering, false on leaving. */
  readonly entered: boolean;
  /** Reason (`TooManyDeletes`, `NoActiveAgents`, ...). */
  readonly reason: string;
  /** Next retry, while quarantined. */
  readonly nextAttemptAt: number | undefined;
}

/** Payload of `threshold:exceeded`. @public */
export interface ThresholdEvent {
  /** Virtual time. */
  readonly at: number;
  /** Deletes pending. */
  readonly deletes: number;
  /** Threshold in force. */
  readonly threshold: number;
}

/**
 * The one face of an engine the harness sees (design.md "Engines").
 *
 * @public
 */
export interface SyncEngine {
  /** Which engine. */
  readonly kind: EngineKind;
  /** The capability table, one row per {@link Feature}. */
  readonly capabilities: readonly Capability[];
  /** Typed events. */
  readonly events: EventEmitter<EngineEvents>;
  /** Incidents recorded so far, in time order. */
  readonly incidents: readonly Incident[];
  /** Creates the engine's hosts in the world and subscribes to what it needs. Call once, before start. */
  attach(world: World): void;
  /** Starts schedules and loops at the world's current time. */
  start(): void;
  /**
   * Turns on the scenario's requested features; returns those it cannot provide (each also recorded as
   * an `unsupported-feature` incident). Never throws for an unsupported feature.
   */
  enableFeatures(features: readonly Feature[]): Feature[];
  /** Carries out an admin action. */
  perform(action: AdminAction): ActionOutcome;
  /** Injects a fault into one of the engine's parts (`target` = server or agent name, `pta-agents`, `federation`). */
  fault(target: string, fault: FaultName): ActionOutcome;
  /** True when the engine would carry this AD object to the cloud (scope, filters, exclusions). */
  inScope(object: AdObject): boolean;
  /**
   * Why the engine leaves `object` out of the cloud — the first test of {@link SyncEngine.inScope} it
   * fails, in words that name the setting (an OU filter, a scoping group, a class the engine does not
   * provision) — or undefined when it is in scope. The observer gives it to a change it files as
   * `filtered`. Optional: an engine without it leaves such changes without a reason.
   */
  outOfScopeReason?(object: AdObject): string | undefined;
  /**
   * What the engine's own flows make of a change of `before` into `after` in the cloud, or undefined when
   * it flows every attribute the standard way (`STANDARD_FLOWS`: the observer then needs no answer). An
   * engine with custom rules or mapping overrides answers, so that the observer waits for the value the
   * engine writes. Optional: an engine without it is taken to flow the standard way.
   */
  previewChange?(before: AdObject, after: AdObject): ChangePreview | undefined;
  /** A JSON-safe snapshot of the engine's state. */
  status(): Readonly<Record<string, unknown>>;
}
