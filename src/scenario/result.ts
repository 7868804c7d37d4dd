import type { EngineKind, Feature } from "../engines/engine.js";
import type { ReplicationSettings, TenantSettings, WriteOrigin } from "./scenario-types.js";

/**
 * Change categories the observer measures latency for.
 *
 * @public
 */
export type ChangeCategory = "create" | "attribute" | "password" | "delete" | "move" | "membership";

/** Every {@link ChangeCategory}, in report order. @public */
export const CHANGE_CATEGORIES: readonly ChangeCategory[] = [
  "create",
  "attribute",
  "password",
  "delete",
  "move",
  "membership",
];

/**
 * Latency summary of one category, in milliseconds of virtual time.
 *
 * @public
 */
export interface LatencySummary {
  /** Applied changes measured. */
  readonly count: number;
  /** Mean latency. */
  readonly mean: number;
  /** Median. */
  readonly p50: number;
  /** 90th percentile. */
  readonly p90: number;
  /** 99th percentile. */
  readonly p99: number;
  /** Maximum. */
  readonly max: number;
}

/**
 * Counts of changes by fate. Conservation: made = applied + superseded + pending + lost + filtered + unsupported.
 *
 * @public
 */
export interface ChangeCounts {
  /** Changes made in AD (workload and scripted). */
  readonly made: number;
  /** Became visible in the tenant. */
  readonly applied: number;
  /** Overtaken by a later change to the same attribute before becoming visible. */
  readonly superseded: number;
  /** Not visible when the run ended. */
  readonly pending: number;
  /** Can no longer become visible. */
  readonly lost: number;
  /** Out of scope or not flowed by the engine. */
  readonly filtered: number;
  /** Needs a feature the engine lacks. */
  readonly unsupported: number;
}

/**
 * Status of one scripted scenario event in a result.
 *
 * @public
 */
export type EventStatus =
  | "applied"
  | "superseded"
  | "pending"
  | "lost"
  | "filtered"
  | "unsupported"
  | "done"
  | "refused"
  | "ignored"
  | "failed";

/**
 * One scripted event's fate.
 *
 * @public
 */
export interface EventResult {
  /** Position in the scenario's `events`. */
  readonly index: number;
  /** Event type (`modify`, `fault`, `sign-in`, ...). */
  readonly type: string;
  /** Virtual time it happened. */
  readonly at: number;
  /** What became of it. */
  readonly status: EventStatus;
  /** When the tenant (or AD, for writeback) first showed it, if it did. */
  readonly visibleAt: number | null;
  /** visibleAt − at, if visible. */
  readonly latency: number | null;
  /** For sign-ins: `success` or `failure`. */
  readonly outcome?: "success" | "failure";
  /** Why it failed, was refused or ignored. */
  readonly reason?: string;
}

/**
 * An incident in a result.
 *
 * @public
 */
export interface ResultIncident {
  /** Virtual time. */
  readonly at: number;
  /** Kind (`threshold-exceeded`, `quarantine`, `failover`, ...). */
  readonly kind: string;
  /** Human detail. */
  readonly detail: string;
}

/**
 * One sample of the backlog timeline.
 *
 * @public
 */
export interface TimelinePoint {
  /** Virtual time. */
  readonly at: number;
  /** Changes made and not yet visible (nor superseded, filtered, lost). */
  readonly pending: number;
}

/**
 * The result of one engine on one scenario.
 *
 * @public
 */
export interface EngineResult {
  /** Latency per category. */
  readonly latency: Readonly<Record<ChangeCategory, LatencySummary>>;
  /** Change counts. */
  readonly changes: ChangeCounts;
  /** One entry per scenario event, in order. */
  readonly events: readonly EventResult[];
  /** Incidents, in time order. */
  readonly incidents: readonly ResultIncident[];
  /** Requested features the engine lacks. */
  readonly unsupported: readonly Feature[];
  /** Backlog samples, in time order. */
  readonly timeline: readonly TimelinePoint[];
  /** Raw latencies per category (sorted ascending), for distribution charts. */
  readonly samples?: Readonly<Partial<Record<ChangeCategory, readonly number[]>>>;
  /** Virtual time the run ended (after drain), relative to the workload's start. */
  readonly endedAt?: number;
  /**
   * Length of the warm-up before the workload started (`initialSync: "before-start"`), ms of virtual
   * time; 0 with `during-run`. Every other time in the result is relative to the workload's start.
   */
  readonly warmup?: number;
  /** Live objects in the tenant per cloud type when the run ended (a merger shows joins here). */
  readonly cloud?: Readonly<Record<"user" | "group" | "contact" | "device", number>>;
  /**
   * Values the tenant still held set aside when the run ended, because another object holds them
   * (duplicate attribute resiliency): UPNs replaced by `prefix+4 digits@initial domain`, proxy addresses
   * left out. A merger without joins shows here (two cloud users, one mailbox address).
   */
  readonly duplicateAttributes?: Readonly<Record<"userPrincipalName" | "proxyAddresses", number>>;
  /**
   * The changes by the kind of domain controller their writes were made on (`sync-dc`, `same-site`,
   * `other-site`): their fates, and the latency of those applied, every category together, each counted
   * from when the write was made (so replication's wait is in it). Present when the run modelled
   * replication (`directory.replication`, or an event with `dc`).
   */
  readonly replication?: Readonly<Record<WriteOrigin, OriginSummary>>;
}

/**
 * What became of the changes whose writes were made on one kind of domain controller.
 *
 * @public
 */
export interface OriginSummary {
  /** Their fates. */
  readonly changes: ChangeCounts;
  /** Latency of those applied, all categories together, ms of virtual time. */
  readonly latency: LatencySummary;
}

/**
 * The result of a comparison (or of a single-engine run, with one key).
 *
 * @public
 */
export interface ComparisonResult {
  /** Scenario name. */
  readonly scenario: string;
  /** Seed used. */
  readonly seed: number;
  /** Package version that produced it. */
  readonly version: string;
  /** Results per engine. */
  readonly engines: Readonly<Partial<Record<EngineKind, EngineResult>>>;
  /** Scenario summary for reports (description, duration, directory size, markers). */
  readonly summary?: ScenarioSummary;
}

/**
 * What a report shows about the scenario itself.
 *
 * @public
 */
export interface ScenarioSummary {
  /** Free-text description from the scenario. */
  readonly description: string;
  /** Workload duration in ms. */
  readonly duration: number;
  /** Users, groups, contacts, devices generated. */
  readonly directory: Readonly<Record<string, number>>;
  /** Authentication method. */
  readonly authentication: string;
  /** Requested features. */
  readonly features: readonly string[];
  /** The tenant's settings, when the scenario changed them. */
  readonly tenant?: Readonly<TenantSettings>;
  /** Replication between domain controllers, when the scenario sets it (`directory.replication`). */
  readonly replication?: Readonly<ReplicationSettings>;
  /** Faults and admin actions, for timeline markers. */
  readonly markers: ReadonlyArray<{
    /** When, ms from the workload's start. */
    readonly at: number;
    /** What happened: `<target> <fault>` (`connect:primary crash`) or `<action> [target]` (`promote standby`). */
    readonly label: string;
    /** The engine it concerns; absent when it concerns both (a link, the tenant, a DC). */
    readonly engine?: EngineKind;
  }>;
  /** Capability table per engine. */
  readonly capabilities?: Readonly<
    Partial<
      Record<
        EngineKind,
        ReadonlyArray<{
          /** The feature (a {@link Feature}). */
          feature: string;
          /** Whether the engine models it. */
          supported: boolean;
          /** Why (the product fact or the modelling limit behind it). */
          reason: string;
        }>
      >
    >
  >;
}
