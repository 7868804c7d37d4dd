import type { Feature } from "../engines/engine.js";
import type { DurationInput } from "../scheduler/duration.js";
import type { ScenarioEvent, ScenarioEventInput } from "./scenario-events.js";

/**
 * The scenario format (issue 5 §1, docs/scenarios.md), written out as documented interfaces: the JSON
 * format is a public contract that other tools and users' tests read, so its shape is spelled out here
 * rather than inferred from the zod schema. `schema.ts` checks at compile time that the schema accepts
 * exactly {@link ScenarioInput} and produces exactly {@link Scenario}, so the two cannot drift.
 *
 * Each block comes in two forms: `…Input` as written (durations as `"30m"` or milliseconds, defaults
 * optional) and the validated form (durations in milliseconds, every default filled).
 */

/** Object kinds a scenario names (`device` is an AD computer object). @public */
export type ObjectKind = "user" | "group" | "contact" | "device";

/**
 * When the engines' initial synchronisation happens (docs/scenarios.md "initialSync"):
 * `before-start` warms each engine up before the workload's `t = 0`; `during-run` starts the engines at
 * `t = 0` with the workload, so the initial sync is part of what is measured.
 *
 * @public
 */
export type InitialSyncMode = "before-start" | "during-run";

/**
 * How users sign in to the cloud: password hash sync, pass-through authentication or federation. It asks
 * the engine for the matching {@link Feature}.
 *
 * @public
 */
export type AuthenticationMode = "phs" | "pta" | "federation";

/**
 * One AD forest of a scenario, as written.
 *
 * @public
 */
export interface ForestShapeInput {
  /** The forest's DNS domain name, e.g. `contoso.com`. */
  name: string;
  /**
   * Its OUs, relative to the domain root (`OU=Sales`, `OU=EMEA,OU=Sales`; a parent must be declared
   * before its children). Default `["OU=Users"]`.
   */
  ous?: string[];
}

/**
 * One AD forest of a validated {@link Scenario}.
 *
 * @public
 */
export interface ForestShape {
  /** The forest's DNS domain name, e.g. `contoso.com`. */
  name: string;
  /** Its OUs, relative to the domain root (`OU=Sales`, `OU=EMEA,OU=Sales`). */
  ous: string[];
}

/**
 * The `directory` block as written: how many objects the world builder generates, and where. Generated
 * objects are named `user-1 … user-N`, `group-1 …`, `contact-1 …`, `device-1 …` so scripted events can
 * name them; users are spread round-robin over every forest's OUs.
 *
 * @public
 */
export interface DirectoryShapeInput {
  /** Users `user-1 … user-N` (default 100, at most 2,000,000). */
  users?: number;
  /** Mail-enabled security groups `group-1 …` (default 0, at most 2,000,000). */
  groups?: number;
  /**
   * Distinct users (of the group's forest) per group (default 0; at most the users and contacts, and
   * `groups × membersPerGroup` at most 20,000,000).
   */
  membersPerGroup?: number;
  /** Mail contacts `contact-1 …` (default 0, at most 2,000,000). */
  contacts?: number;
  /** Computer objects `device-1 …` (default 0, at most 2,000,000). */
  devices?: number;
  /**
   * A merger (default 0): the first N users of the first forest also have an account in every other
   * forest (same names, mail and employeeID; own UPN). The random workload leaves these people alone.
   */
  sharedUsers?: number;
  /** The forests and their OUs (default one forest `contoso.com` with `OU=Users`). */
  forests?: ForestShapeInput[];
  /**
   * Replication between domain controllers (default: every write is made on the DC the engines read).
   * See {@link ReplicationSettingsInput}.
   */
  replication?: ReplicationSettingsInput;
}

/**
 * Where an AD write is made (reference.md C, docs/scenarios.md "Where a write is made"): on the domain
 * controller both engines read (`sync-dc`), on another DC of its site (`same-site`: replicated by change
 * notification), or on a DC of another site (`other-site`: replicated on the site link's schedule).
 *
 * @public
 */
export type WriteOrigin = "sync-dc" | "same-site" | "other-site";

/**
 * The `directory.replication` block as written.
 *
 * @public
 */
export interface ReplicationSettingsInput {
  /**
   * Delay before a DC notifies its first intra-site partner of a change (default `"15s"`,
   * msDS-Replication-Notify-First-DSA-Delay, KB 214678).
   */
  intraSite?: DurationInput;
  /**
   * The site link's replication interval (default `"180m"`; a multiple of 15 minutes, from 15 minutes to a
   * week, as AD's Repl-Interval).
   */
  interSite?: DurationInput;
  /** Shares of the random workload's writes made on another DC (default none; each 0–1, sum at most 1). */
  workload?: ReplicatedWorkloadInput;
}

/**
 * The `directory.replication` block of a validated {@link Scenario}, in milliseconds.
 *
 * @public
 */
export interface ReplicationSettings {
  /** Intra-site notification delay, ms. */
  intraSite: number;
  /** Inter-site replication interval, ms; the first cycle at the workload's start. */
  interSite: number;
  /** Shares of the random workload's writes made on another DC of the sync DC's site, and of another site. */
  workload: ReplicatedWorkload;
}

/**
 * The `directory.replication.workload` block as written: where the random workload's writes are made.
 *
 * @public
 */
export interface ReplicatedWorkloadInput {
  /** Share (0–1) of the writes made on another DC of the sync DC's site (default 0). */
  sameSite?: number;
  /** Share (0–1) of the writes made on a DC of another site (default 0). */
  otherSite?: number;
}

/**
 * A validated `directory.replication.workload` block.
 *
 * @public
 */
export interface ReplicatedWorkload {
  /** Share of the writes made on another DC of the sync DC's site. */
  sameSite: number;
  /** Share of the writes made on a DC of another site. */
  otherSite: number;
}

/**
 * The `directory` block of a validated {@link Scenario}: every count filled.
 *
 * @public
 */
export interface DirectoryShape {
  /** Users `user-1 … user-N`. */
  users: number;
  /** Mail-enabled security groups `group-1 …`. */
  groups: number;
  /** Distinct users (of the group's forest) per group. */
  membersPerGroup: number;
  /** Mail contacts `contact-1 …`. */
  contacts: number;
  /** Computer objects `device-1 …`. */
  devices: number;
  /** The first N users of the first forest also have an account in every other forest (a merger). */
  sharedUsers: number;
  /** The forests and their OUs (at least one). */
  forests: ForestShape[];
  /** Replication between domain controllers; absent: every write is made on the DC the engines read. */
  replication?: ReplicationSettings;
}

/**
 * The `tenant` block as written: the settings of the Entra ID tenant both engines sync to
 * (how-to-connect-install-existing-tenant; reference.md A "Matching, conflicts, deletes, quotas").
 *
 * @public
 */
export interface TenantSettingsInput {
  /** The tenant has a verified domain: its object quota is 300,000 instead of 50,000 (default true). */
  verifiedDomain?: boolean;
  /** An object quota of its own, overriding the documented one (a positive integer). */
  quota?: number;
  /** Soft match (UPN, primary SMTP address) is blocked (default false). */
  blockSoftMatch?: boolean;
  /** Hard match (a new anchor onto a cloud object's ImmutableId) is blocked (default false). */
  blockHardMatch?: boolean;
}

/**
 * The `tenant` block of a validated {@link Scenario}: the switches filled; `quota` only when given.
 *
 * @public
 */
export interface TenantSettings {
  /** The tenant has a verified domain (quota 300,000, else 50,000). */
  verifiedDomain: boolean;
  /** An explicit object quota, when the scenario gives one. */
  quota?: number;
  /** Soft match is blocked. */
  blockSoftMatch: boolean;
  /** Hard match is blocked. */
  blockHardMatch: boolean;
}

/**
 * The `workload` block as written: Poisson arrival rates per category, drawn from the `workload` random
 * stream (identical across engines). Every rate defaults to 0 and is at most 10,000,000 per hour.
 *
 * @public
 */
export interface WorkloadRatesInput {
  /** HR edits of a random user attribute per hour (10 % are group descriptions). */
  attributeChangesPerHour?: number;
  /** Password changes of random users per hour. */
  passwordChangesPerHour?: number;
  /** New users `hire-1 …` in a random OU per hour (this rate × the duration at most 2,000,000). */
  createsPerHour?: number;
  /** Deletes of random users per hour (never one a scripted event names). */
  deletesPerHour?: number;
  /** Moves of random users to another OU of their forest per hour. */
  movesPerHour?: number;
  /** Members added to or removed from a random group per hour. */
  membershipChangesPerHour?: number;
}

/**
 * The `workload` block of a validated {@link Scenario}: every rate filled (per hour of virtual time).
 *
 * @public
 */
export interface WorkloadRates {
  /** HR edits of a random user attribute per hour. */
  attributeChangesPerHour: number;
  /** Password changes of random users per hour. */
  passwordChangesPerHour: number;
  /** New users per hour. */
  createsPerHour: number;
  /** Deletes of random users per hour. */
  deletesPerHour: number;
  /** Moves of random users to another OU per hour. */
  movesPerHour: number;
  /** Membership adds or removes per hour. */
  membershipChangesPerHour: number;
}

/**
 * The `engines` block as written: per-engine config overrides. Each is checked by the engine's own config
 * resolver at validation time (`ConnectConfigInput`, `CloudSyncConfigInput`; docs/engines/*.md).
 *
 * @public
 */
export interface EngineConfigsInput {
  /** Connect config overrides: `servers`, `cycleInterval`, `deletionThreshold`, `scope`, `rules`, … (default `{}`). */
  connect?: Record<string, unknown>;
  /** Cloud Sync config overrides: `agents`, `agentMode`, `timing`, `capabilities`, `deleteThreshold`, … (default `{}`). */
  cloudSync?: Record<string, unknown>;
}

/**
 * The `engines` block of a validated {@link Scenario}.
 *
 * @public
 */
export interface EngineConfigs {
  /** Connect config overrides (`ConnectConfigInput`), `{}` for the defaults. */
  connect: Record<string, unknown>;
  /** Cloud Sync config overrides (`CloudSyncConfigInput`), `{}` for the defaults. */
  cloudSync: Record<string, unknown>;
}

/**
 * A scenario as written (JSON file or TypeScript object): durations as `"30m"` or milliseconds, every
 * field but `name` optional. Unknown fields are errors.
 *
 * @public
 */
export interface ScenarioInput {
  /** Shown in reports (1–200 characters). */
  name: string;
  /** Free text (default `""`). */
  description?: string;
  /** Seed every random stream is split from (a safe integer, default 1); a run's `seed` option overrides it. */
  seed?: number;
  /** The workload and scripted events run in `[0, duration)` (default `"8h"`). */
  duration?: DurationInput;
  /**
   * After `duration`, run on until nothing is pending and the engine's cycle in flight has ended, at most
   * this long (default `"12h"`).
   */
  drain?: DurationInput;
  /** When the initial synchronisation happens (default `"before-start"`). */
  initialSync?: InitialSyncMode;
  /** Longest warm-up; past it the workload starts anyway with a `warm-up-timeout` incident (default `"7d"`). */
  warmupLimit?: DurationInput;
  /** The generated directory (default 100 users in one forest). */
  directory?: DirectoryShapeInput;
  /** The random workload (default none). */
  workload?: WorkloadRatesInput;
  /** The tenant's quota and matching settings (default: a verified domain, matching allowed). */
  tenant?: TenantSettingsInput;
  /** How users authenticate (default `"phs"`). */
  authentication?: AuthenticationMode;
  /** Further features asked of each engine (default `[]`). */
  features?: Feature[];
  /** Scripted events, each at a duration from the workload's start (default `[]`). */
  events?: ScenarioEventInput[];
  /** Per-engine config overrides (default `{}` each). */
  engines?: EngineConfigsInput;
}

/**
 * A validated scenario: durations in milliseconds, defaults filled, cross-references checked
 * (what `validateScenario` returns).
 *
 * @public
 */
export interface Scenario {
  /** Shown in reports. */
  name: string;
  /** Free text. */
  description: string;
  /** Seed every random stream is split from. */
  seed: number;
  /** Workload length, ms: the workload and scripted events run in `[0, duration)`. */
  duration: number;
  /** Longest drain after `duration`, ms. */
  drain: number;
  /** When the initial synchronisation happens. */
  initialSync: InitialSyncMode;
  /** Longest warm-up, ms. */
  warmupLimit: number;
  /** The generated directory. */
  directory: DirectoryShape;
  /** The random workload's rates. */
  workload: WorkloadRates;
  /** The tenant's quota and matching settings. */
  tenant: TenantSettings;
  /** How users authenticate. */
  authentication: AuthenticationMode;
  /** Further features asked of each engine. */
  features: Feature[];
  /** Scripted events, in the order written. */
  events: ScenarioEvent[];
  /** Per-engine config overrides. */
  engines: EngineConfigs;
}
