import { DAY, type DurationInput, parseDuration } from "../../scheduler/duration.js";
import { isRecord, SimulationError, show } from "../../scheduler/errors.js";
import {
  type AttributeMapping,
  type MappedObjectType,
  type MappingOverrides,
  resolveMappings,
} from "./mappings.js";
import {
  QUARANTINE_SCHEDULES,
  type QuarantineSchedule,
  type QuarantineScheduleName,
} from "./quarantine-schedule.js";
import { TIMING_PROFILES, type TimingProfile, type TimingProfileName } from "./timing.js";

/**
 * How the service uses several agents of one configuration. The FAQ says only one agent is ever active
 * (`single-active`, the default); a newer guide describes load distribution (reference.md B "High
 * availability").
 *
 * @public
 */
export type AgentMode = "single-active" | "load-distribution";

/**
 * Which capability table applies: `current` (Learn today) or `article` (the older stance: no writeback of
 * any kind, no Exchange hybrid) — reference.md B "Limits and features".
 *
 * @public
 */
export type CapabilityProfile = "current" | "article";

/**
 * Scoping filter of a configuration: OUs (DNs, subtree) and/or groups (DN or name; first-level members
 * only, for pilots — reference.md B "Limits and features"). When both are given an object must pass both.
 *
 * @public
 */
export interface ScopeInput {
  /** OU DNs whose subtrees are in scope. */
  readonly ous?: readonly string[];
  /** Groups whose direct members are in scope. */
  readonly groups?: readonly string[];
}

/**
 * Overrides of single {@link TimingProfile} figures, as durations (`"2m"`, `"10m"`, ms).
 *
 * @public
 */
export interface TimingOverrides {
  /** Object job interval (documented 2 min, `reference-cloud-sync-faq`; field 20 min). */
  readonly cycleInterval?: DurationInput;
  /** Password hash job interval (documented 2 min; field 20 min). */
  readonly passwordCycleInterval?: DurationInput;
  /** Service cost of a match (0.01 min, generic engine figure for the initial cycle). */
  readonly matchCost?: DurationInput;
  /** Service cost of a create (≈ 2 × a match). */
  readonly createCost?: DurationInput;
  /** Service cost of an incremental update or delete (derived: 2 min / ~5,000 changes = 24 ms). */
  readonly updateCost?: DurationInput;
  /** Service cost of a delete in an initial cycle. */
  readonly deleteCost?: DurationInput;
  /** Agent cost per object read (assumption, 1 ms). */
  readonly agentReadCost?: DurationInput;
  /** Service cost per password hash (assumption, 50 ms). */
  readonly passwordCost?: DurationInput;
  /** Unanswered request timeout (10 min, `concept-how-it-works`). */
  readonly requestTimeout?: DurationInput;
  /** Agent LDAP timeout (30 s, `concept-how-it-works`). */
  readonly ldapTimeout?: DurationInput;
  /** Agent bootstrap/status interval (10 min, `concept-how-it-works`). */
  readonly bootstrapInterval?: DurationInput;
  /** Silence after which an agent counts as gone (assumption, 10 min). */
  readonly failoverDetection?: DurationInput;
  /** First agent auto-update (assumption, 7 days). */
  readonly updateFirstAt?: DurationInput;
  /** Interval between auto-update rounds (assumption, 30 days). */
  readonly updateInterval?: DurationInput;
  /** Outage of one agent during its update (assumption, 3 min). */
  readonly updateOutage?: DurationInput;
  /** Group provisioning to AD job interval (20 min, reference.md B "Limits and features"). */
  readonly groupProvisioningInterval?: DurationInput;
  /** Exchange hybrid writeback job interval (assumption, 20 min, as group provisioning to AD). */
  readonly exchangeWritebackInterval?: DurationInput;
  /** Password writeback relay round trip and AD write (assumption, 2 s, as Connect's). */
  readonly passwordWritebackLatency?: DurationInput;
}

/**
 * The Cloud Sync-style engine's configuration as a scenario writes it (JSON-friendly, every field
 * optional). Durations accept `"2m"`, `"10m"`, numbers of ms. Any {@link TimingProfile} figure may be
 * overridden by name.
 *
 * @public
 */
export interface CloudSyncConfigInput extends TimingOverrides {
  /**
   * Number of provisioning agents, named `agent-1` … `agent-N` (default 1; 3 recommended: reference.md B
   * "High availability"). One is the minimal install, as Connect's default is one server without a staging
   * server: high availability is what a scenario asks for.
   */
  readonly agents?: number;
  /** Agent usage (default `single-active`). */
  readonly agentMode?: AgentMode;
  /** Timing profile (default `documented`). */
  readonly timing?: TimingProfileName;
  /** Capability profile (default `current`). */
  readonly capabilities?: CapabilityProfile;
  /** Accidental-delete threshold per execution (default 500), or `false` to turn it off. */
  readonly deleteThreshold?: number | false;
  /** Quarantine retry schedule: a named one (default `current`) or explicit delays (the last repeats). */
  readonly quarantineSchedule?: QuarantineScheduleName | readonly DurationInput[];
  /** Quarantine is entered after this many consecutive failed cycles (assumption, default 3). */
  readonly quarantineAfterFailures?: number;
  /** A job still in quarantine this long after entering it is disabled (default 28 days). */
  readonly quarantineDisableAfter?: DurationInput;
  /** Scoping filter (default: the whole domain). */
  readonly scope?: ScopeInput;
  /** Attribute mapping overrides (direct / constant / expression). */
  readonly mappings?: MappingOverrides;
  /** Domains (or forest names, meaning all their domains) that get a configuration; default every domain. */
  readonly domains?: readonly string[];
  /** Supported objects per domain (default 150,000). */
  readonly objectLimit?: number;
  /** Largest group provisioned (default 50,000 members). */
  readonly groupMemberLimit?: number;
  /** DN of the AD container group provisioning to AD writes to (default the target domain's root). */
  readonly groupProvisioningContainer?: string;
}

/**
 * The error-rate rule of the generic provisioning engine: checked from `minFailures` failed objects, the
 * job is quarantined when more than `proportion` of attempts fail or more than `maxFailures` fail
 * (reference.md B "Quarantine", EncounteredEscrowProportionThreshold).
 *
 * @public
 */
export interface EscrowRule {
  /** Failures before the rule is checked (5,000). */
  readonly minFailures: number;
  /** Failing share that quarantines (0.4). */
  readonly proportion: number;
  /** Failures that quarantine whatever the share (40,000). */
  readonly maxFailures: number;
}

/**
 * A validated scoping filter.
 *
 * @public
 */
export interface ResolvedScope {
  /** OU DNs (empty: the whole domain). */
  readonly ous: readonly string[];
  /** Group DNs or names (empty: no group scoping). */
  readonly groups: readonly string[];
}

/**
 * The resolved, validated configuration.
 *
 * @public
 */
export interface CloudSyncConfig {
  /** Agent count. */
  readonly agents: number;
  /** Agent usage. */
  readonly agentMode: AgentMode;
  /** Profile the timing came from. */
  readonly timingProfile: TimingProfileName;
  /** Every timing figure, in ms. */
  readonly timing: TimingProfile;
  /** Capability profile. */
  readonly capabilities: CapabilityProfile;
  /** Delete threshold, or false. */
  readonly deleteThreshold: number | false;
  /** Quarantine retry schedule. */
  readonly quarantineSchedule: QuarantineSchedule;
  /** Consecutive failed cycles that quarantine. */
  readonly quarantineAfterFailures: number;
  /** Quarantine age at which the job is disabled. */
  readonly quarantineDisableAfter: number;
  /** Error-rate rule. */
  readonly escrow: EscrowRule;
  /** Scoping filter. */
  readonly scope: ResolvedScope;
  /** Mappings per object type, defaults merged with overrides. */
  readonly mappings: Readonly<Record<MappedObjectType, readonly AttributeMapping[]>>;
  /** Requested domains, or undefined for every domain of the world. */
  readonly domains: readonly string[] | undefined;
  /** Supported objects per domain. */
  readonly objectLimit: number;
  /** Largest group provisioned. */
  readonly groupMemberLimit: number;
  /** DN of the container group provisioning to AD writes to, or undefined for the domain root. */
  readonly groupProvisioningContainer: string | undefined;
  /** Scoping entries beyond which reference.md warns (~50 OUs or groups). */
  readonly scopeLimit: number;
}

/**
 * Default values of the non-timing fields.
 *
 * @public
 */
export interface CloudSyncDefaults {
  /** Agents (1). */
  readonly agents: number;
  /** `single-active` (`reference-cloud-sync-faq`: one agent active at a time). */
  readonly agentMode: AgentMode;
  /** `documented`. */
  readonly timing: TimingProfileName;
  /** `current`. */
  readonly capabilities: CapabilityProfile;
  /** 500 per execution (`how-to-accidental-deletes`). */
  readonly deleteThreshold: number;
  /** `current` (`application-provisioning-quarantine-status`). */
  readonly quarantineSchedule: QuarantineScheduleName;
  /** 3 (assumption: "most calls fail consistently"). */
  readonly quarantineAfterFailures: number;
  /** 28 days (`application-provisioning-quarantine-status`). */
  readonly quarantineDisableAfter: number;
  /** The generic engine's error-rate rule. */
  readonly escrow: EscrowRule;
  /** 150,000 objects per domain (reference.md B "Limits and features"). */
  readonly objectLimit: number;
  /** 50,000 members per group (reference.md B "Limits and features"). */
  readonly groupMemberLimit: number;
  /** ~50 scoping OUs or groups (reference.md B "Limits and features"). */
  readonly scopeLimit: number;
}

/**
 * Default values of the non-timing fields, with their sources.
 *
 * @public
 */
export const CLOUD_SYNC_DEFAULTS: CloudSyncDefaults = {
  agents: 1, // assumption: the minimal install (reference.md B "High availability" recommends 3)
  agentMode: "single-active", // reference-cloud-sync-faq: one agent active at a time
  timing: "documented",
  capabilities: "current",
  deleteThreshold: 500, // how-to-accidental-deletes: 500 per execution
  quarantineSchedule: "current", // application-provisioning-quarantine-status
  quarantineAfterFailures: 3, // assumption: "most calls fail consistently" read as 3 failed cycles in a row
  quarantineDisableAfter: 28 * DAY, // application-provisioning-quarantine-status: disabled after 28 days
  escrow: { minFailures: 5_000, proportion: 0.4, maxFailures: 40_000 }, // generic engine error-rate rule
  objectLimit: 150_000, // reference.md B "Limits and features": 150,000 objects per domain
  groupMemberLimit: 50_000, // reference.md B "Limits and features": groups up to 50,000 members
  scopeLimit: 50, // reference.md B "Limits and features": scoping limited to ~50 OUs or groups
};

const TIMING_KEYS = Object.keys(TIMING_PROFILES.documented) as (keyof TimingProfile)[];
const KNOWN_KEYS = new Set<string>([
  ...TIMING_KEYS,
  "agents",
  "agentMode",
  "timing",
  "capabilities",
  "deleteThreshold",
  "quarantineSchedule",
  "quarantineAfterFailures",
  "quarantineDisableAfter",
  "scope",
  "mappings",
  "domains",
  "objectLimit",
  "groupMemberLimit",
  "groupProvisioningContainer",
]);

/**
 * Validates a {@link CloudSyncConfigInput} and fills in the defaults.
 *
 * @throws SimulationError `invalid-argument` whose `field` is the path in the config
 * @public
 */
export function resolveCloudSyncConfig(input: CloudSyncConfigInput = {}): CloudSyncConfig {
  if (!isRecord(input)) throw invalid("config", input, "an object");
  for (const key of Object.keys(input))
    if (!KNOWN_KEYS.has(key)) throw invalid(key, key, "a Cloud Sync setting");
  const agents = input.agents ?? CLOUD_SYNC_DEFAULTS.agents;
  if (!Number.isInteger(agents) || agents < 0 || agents > 40)
    throw invalid("agents", agents, "an integer from 0 to 40");
  const agentMode = input.agentMode ?? CLOUD_SYNC_DEFAULTS.agentMode;
  if (agentMode !== "single-active" && agentMode !== "load-distribution") {
    throw invalid("agentMode", agentMode, '"single-active" or "load-distribution"');
  }
  const timingProfile = input.timing ?? CLOUD_SYNC_DEFAULTS.timing;
  const base = TIMING_PROFILES[timingProfile as TimingProfileName];
  if (!base) throw invalid("timing", timingProfile, '"documented" or "field"');
  const timing: Record<string, number> = { ...base };
  for (const key of TIMING_KEYS) {
    const value = input[key];
    if (value !== undefined) timing[key] = durationField(value, key);
  }
  for (const key of [
    "cycleInterval",
    "passwordCycleInterval",
    "bootstrapInterval",
    "updateInterval",
    "groupProvisioningInterval",
    "exchangeWritebackInterval",
  ] as const) {
    if ((timing[key] as number) <= 0) throw invalid(key, input[key], "a duration above zero");
  }
  const capabilities = input.capabilities ?? CLOUD_SYNC_DEFAULTS.capabilities;
  if (capabilities !== "current" && capabilities !== "article")
    throw invalid("capabilities", capabilities, '"current" or "article"');
  const deleteThreshold = input.deleteThreshold ?? CLOUD_SYNC_DEFAULTS.deleteThreshold;
  if (deleteThreshold !== false && (!Number.isInteger(deleteThreshold) || deleteThreshold < 1)) {
    throw invalid("deleteThreshold", deleteThreshold, "a positive integer or false");
  }
  const quarantineAfterFailures =
    input.quarantineAfterFailures ?? CLOUD_SYNC_DEFAULTS.quarantineAfterFailures;
  if (!Number.isInteger(quarantineAfterFailures) || quarantineAfterFailures < 1) {
    throw invalid("quarantineAfterFailures", quarantineAfterFailures, "a positive integer");
  }
  return {
    agents,
    agentMode,
    timingProfile,
    timing: timing as unknown as TimingProfile,
    capabilities,
    deleteThreshold,
    quarantineSchedule: resolveSchedule(input.quarantineSchedule),
    quarantineAfterFailures,
    quarantineDisableAfter:
      input.quarantineDisableAfter === undefined
        ? CLOUD_SYNC_DEFAULTS.quarantineDisableAfter
        : durationField(input.quarantineDisableAfter, "quarantineDisableAfter"),
    escrow: CLOUD_SYNC_DEFAULTS.escrow,
    scope: resolveScope(input.scope),
    mappings: resolveMappings(input.mappings),
    domains: resolveDomains(input.domains),
    objectLimit: positiveInt(input.objectLimit, CLOUD_SYNC_DEFAULTS.objectLimit, "objectLimit"),
    groupMemberLimit: positiveInt(
      input.groupMemberLimit,
      CLOUD_SYNC_DEFAULTS.groupMemberLimit,
      "groupMemberLimit",
    ),
    groupProvisioningContainer: optionalDn(input.groupProvisioningContainer, "groupProvisioningContainer"),
    scopeLimit: CLOUD_SYNC_DEFAULTS.scopeLimit,
  };
}

function optionalDn(input: unknown, field: string): string | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== "string" || !/^[A-Za-z]+=[^,]+(,[A-Za-z]+=[^,]+)*$/.test(input.trim()))
    throw invalid(field, input, "a distinguished name such as OU=Groups,DC=contoso,DC=com");
  return input.trim();
}

function resolveSchedule(input: CloudSyncConfigInput["quarantineSchedule"]): QuarantineSchedule {
  if (input === undefined) return QUARANTINE_SCHEDULES[CLOUD_SYNC_DEFAULTS.quarantineSchedule];
  if (typeof input === "string") {
    const named = QUARANTINE_SCHEDULES[input as QuarantineScheduleName];
    if (!named)
      throw invalid("quarantineSchedule", input, '"current", "older", "staff" or a list of durations');
    return named;
  }
  if (!Array.isArray(input) || input.length === 0) {
    throw invalid("quarantineSchedule", input, '"current", "older", "staff" or a list of durations');
  }
  // Array.from: holes of a sparse list become undefined and are checked (map/forEach skip them).
  const delays = Array.from(input).map((d, i) => durationField(d, `quarantineSchedule[${i}]`));
  delays.forEach((d, i) => {
    if (d <= 0) throw invalid(`quarantineSchedule[${i}]`, input[i], "a duration above zero");
  });
  return { delays, afterList: "repeat", cap: delays[delays.length - 1] as number };
}

/**
 * A scope as written, checked: OU DNs and groups (DNs or names), each a non-empty string.
 *
 * @throws SimulationError `invalid-argument` naming the field
 * @internal
 */
export function resolveScope(input: ScopeInput | undefined): ResolvedScope {
  if (input === undefined) return { ous: [], groups: [] };
  if (!isRecord(input)) throw invalid("scope", input, "an object with ous and/or groups");
  const list = (value: unknown, field: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw invalid(field, value, "a list of DNs or names");
    Array.from(value).forEach((v, i) => {
      if (typeof v !== "string" || v.trim().length === 0) throw invalid(`${field}[${i}]`, v, "a DN or name");
    });
    return [...(value as string[])];
  };
  return { ous: list(input.ous, "scope.ous"), groups: list(input.groups, "scope.groups") };
}

/**
 * What is wrong with a scope of more OUs and groups than the ~`limit` supported (reference.md B "Limits
 * and features"), or undefined when it is within it. One wording for the start's incident, the admin's
 * refused `set-scope` and the scenario's validation.
 *
 * @internal
 */
export function scopeOverLimit(scope: ResolvedScope, limit: number): string | undefined {
  const size = scope.ous.length + scope.groups.length;
  return size > limit ? `${size} OUs and groups, over the ~${limit} supported` : undefined;
}

function resolveDomains(input: readonly string[] | undefined): readonly string[] | undefined {
  if (input === undefined) return undefined;
  if (!Array.isArray(input)) throw invalid("domains", input, "a list of domain names");
  Array.from(input).forEach((d, i) => {
    if (typeof d !== "string" || d.length === 0) throw invalid(`domains[${i}]`, d, "a domain name");
  });
  return [...input];
}

function durationField(value: DurationInput, field: string): number {
  try {
    return parseDuration(value, field);
  } catch {
    throw invalid(field, value, 'a duration ("2m", "10m", "6h" or milliseconds)');
  }
}

function positiveInt(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw invalid(field, value, "a positive integer");
  return value;
}

function invalid(field: string, value: unknown, expected: string): SimulationError {
  return new SimulationError("invalid-argument", `${field}: ${show(value)} is not ${expected}`, {
    field,
    value,
  });
}
