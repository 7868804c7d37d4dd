import { DAY, type DurationInput, durationArgument, MINUTE, SECOND } from "../../scheduler/duration.js";
import { invalidArgument, isRecord } from "../../scheduler/errors.js";
import {
  DEFAULT_HEALTH_ALERTS,
  type HealthAlertInput,
  type HealthAlertSettings,
  resolveHealthAlerts,
} from "./health-settings.js";
import { customRulesFromConfig, type SyncRuleInput } from "./rule-config.js";
import type { UserJoin } from "./rule-set.js";
import type { SyncRule } from "./sync-rule.js";

/**
 * Per-object costs of the run profiles, in virtual milliseconds. Every figure cites its reference.md key
 * or is a stated assumption (docs/engines/connect.md, "Assumptions").
 *
 * @public
 */
export interface ConnectTiming {
  /** AD import, per object read (plan-connect-performance-factors: 10,000 objects in 10 min → 60 ms). */
  readonly importPerObjectMs: number;
  /** Entra connector import, per object read back (same linear figure as AD import). */
  readonly entraImportPerObjectMs: number;
  /** Sync (inbound + outbound), per object processed. Assumption: 20 ms (not documented). */
  readonly syncPerObjectMs: number;
  /** Sync, extra per reference value of a processed object (plan-connect-performance-factors: sync grows with references). Assumption: 1 ms. */
  readonly syncPerReferenceMs: number;
  /** Export, per object written (plan-connect-performance-factors: 10,000 objects in 10 min → 60 ms). */
  readonly exportPerObjectMs: number;
  /** Fixed cost of opening one run profile (run history, connection). Assumption: 5 s. */
  readonly runProfileOverheadMs: number;
  /** PHS, per user: PBKDF2-HMAC-SHA256 ×1,000 plus the send (how-to-connect-password-hash-synchronization). Assumption: 10 ms. */
  readonly phsPerUserMs: number;
  /** Longest total throttle back-off one export run accepts before it fails (retried next cycle). Assumption: 1 h. */
  readonly maxThrottleWaitMs: number;
  /** Password writeback: relay round trip plus the AD write (concept-sspr-writeback: real time, synchronous). Assumption: 2 s. */
  readonly passwordWritebackMs: number;
}

/**
 * A resolved Connect configuration: every field present, durations in milliseconds.
 *
 * @public
 */
export interface ConnectConfig {
  /** Servers, in declaration order; at most one starts active. */
  readonly servers: readonly {
    /** Server name, as fault targets (`connect:<name>`) and admin actions name it. */
    readonly name: string;
    /** Whether it starts in staging mode (imports and syncs, never exports). */
    readonly staging: boolean;
  }[];
  /** Delta cycle interval (how-to-connect-sync-feature-scheduler: 30 min default and minimum). */
  readonly cycleIntervalMs: number;
  /** Export deletion threshold, or false when disabled (how-to-connect-sync-feature-prevent-accidental-deletes: 500). */
  readonly deletionThreshold: number | false;
  /** Password hash sync loop interval (how-to-connect-password-hash-synchronization: 2 min). */
  readonly phsIntervalMs: number;
  /** Password hash sync on (express settings turn it on). */
  readonly passwordHashSync: boolean;
  /** `localdb` (how-to-connect-install-prerequisites: 10 GB ≈ 100,000 objects) or full `sql`. */
  readonly database: "localdb" | "sql";
  /** Object limit of LocalDB (how-to-connect-install-prerequisites: ≈ 100,000). */
  readonly localDbObjectLimit: number;
  /** OU and domain filtering; empty lists mean the whole forest. */
  readonly scope: {
    /** OU DNs in scope: an object is synced when it is under one of them (empty: every OU). */
    readonly ous: readonly string[];
    /** Domains (DNS names) in scope (empty: every domain). */
    readonly domains: readonly string[];
  };
  /** A delta sync older than this forces a full sync (how-to-connect-sync-feature-scheduler: 7 days). */
  readonly maxDeltaAgeMs: number;
  /** Per-object cost model. */
  readonly timing: ConnectTiming;
  /** Custom sync rules (precedence 1–99), added to the out-of-box rules. */
  readonly rules: readonly SyncRule[];
  /** Group-based filtering (pilot): DNs of the groups whose direct members are synced; empty = off. */
  readonly pilotGroups: readonly string[];
  /** Multi-forest: join users across forests on this attribute; resource forests only join. */
  readonly userJoin: UserJoin | undefined;
  /** PTA agents installed (how-to-connect-pta-faq: 3 recommended, at most 40 per tenant). */
  readonly ptaAgents: number;
  /** Container DN that group writeback writes to (default: the root of the first forest's first domain). */
  readonly groupWritebackContainer: string | undefined;
  /** Container DN that device writeback writes to (default: the root of the first forest's first domain). */
  readonly deviceWritebackContainer: string | undefined;
  /** Connect Health's alerts: on or off, and the silence each waits for. */
  readonly health: HealthAlertSettings;
}

/**
 * JSON-friendly overrides of {@link ConnectConfig}; every field optional, durations as numbers (ms) or
 * strings (`"30m"`).
 *
 * @public
 */
export interface ConnectConfigInput {
  /** Servers (default one active server `primary`). */
  readonly servers?: readonly {
    /** Server name, as fault targets (`connect:<name>`) and admin actions name it. */
    readonly name: string;
    /** Starts in staging mode (default false; at most one server may be active). */
    readonly staging?: boolean;
  }[];
  /** Delta cycle interval (default 30m; lower values are raised to 30m). */
  readonly cycleInterval?: DurationInput;
  /** Export deletion threshold (default 500) or false to disable it. */
  readonly deletionThreshold?: number | false;
  /** PHS loop interval (default 2m). */
  readonly phsInterval?: DurationInput;
  /** Password hash sync on (default true). */
  readonly passwordHashSync?: boolean;
  /** Database kind (default `localdb`). */
  readonly database?: "localdb" | "sql";
  /** LocalDB object limit (default 100,000). */
  readonly localDbObjectLimit?: number;
  /** OU DNs and domains in scope (default: whole forest). */
  readonly scope?: {
    /** OU DNs in scope (default: every OU). */
    readonly ous?: readonly string[];
    /** Domains (DNS names) in scope (default: every domain). */
    readonly domains?: readonly string[];
  };
  /** Age after which a delta sync is replaced by a full sync (default 7d). */
  readonly maxDeltaAge?: DurationInput;
  /** Per-object costs (durations). */
  readonly timing?: { readonly [K in keyof ConnectTiming]?: DurationInput };
  /** Custom sync rules in JSON form, expressions as text; validated (and parsed) when the engine is built. */
  readonly rules?: readonly SyncRuleInput[];
  /** Pilot group DN(s): only their direct members are synced. */
  readonly pilotGroup?: string | readonly string[];
  /** Join users across forests on `attribute` (e.g. `mail`, `employeeID`); `resourceForests` only join. */
  readonly userJoin?: {
    /** The attribute users are joined on, e.g. `mail` or `employeeID`. */
    readonly attribute: string;
    /** Forests whose users only join (default none). */
    readonly resourceForests?: readonly string[];
  };
  /** PTA agents (default 3). */
  readonly ptaAgents?: number;
  /** Group writeback target container DN. */
  readonly groupWritebackContainer?: string;
  /** Device writeback target container DN. */
  readonly deviceWritebackContainer?: string;
  /** Connect Health's alerts (default on, after 2h, 120m and 24h of silence). */
  readonly health?: HealthAlertInput;
}

/** Documented minimum of the cycle interval (how-to-connect-sync-feature-scheduler). @public */
export const MIN_CYCLE_INTERVAL_MS = 30 * MINUTE;

/**
 * Defaults of the Connect engine, each from reference.md part A or a stated assumption.
 *
 * @public
 */
export const DEFAULT_CONNECT_CONFIG: ConnectConfig = Object.freeze({
  servers: Object.freeze([Object.freeze({ name: "primary", staging: false })]),
  // how-to-connect-sync-feature-scheduler: delta cycle every 30 min.
  cycleIntervalMs: 30 * MINUTE,
  // how-to-connect-sync-feature-prevent-accidental-deletes: 500 deletes per export.
  deletionThreshold: 500,
  // how-to-connect-password-hash-synchronization: every 2 minutes.
  phsIntervalMs: 2 * MINUTE,
  passwordHashSync: true,
  // how-to-connect-install-prerequisites: LocalDB by default, 10 GB ≈ 100,000 objects.
  database: "localdb",
  localDbObjectLimit: 100_000,
  scope: Object.freeze({ ous: Object.freeze([]), domains: Object.freeze([]) }),
  // how-to-connect-sync-feature-scheduler: a delta must run within 7 days of the last one.
  maxDeltaAgeMs: 7 * DAY,
  timing: Object.freeze({
    // plan-connect-performance-factors: 10,000 objects in 10 min, linear.
    importPerObjectMs: 60,
    entraImportPerObjectMs: 60,
    syncPerObjectMs: 20,
    syncPerReferenceMs: 1,
    exportPerObjectMs: 60,
    runProfileOverheadMs: 5 * SECOND,
    phsPerUserMs: 10,
    maxThrottleWaitMs: 60 * MINUTE,
    // concept-sspr-writeback: real time and synchronous via a relay; the figure is an assumption.
    passwordWritebackMs: 2 * SECOND,
  }),
  rules: Object.freeze([]),
  pilotGroups: Object.freeze([]),
  userJoin: undefined,
  // how-to-connect-pta-faq: 3 agents recommended (at most 40 per tenant).
  ptaAgents: 3,
  groupWritebackContainer: undefined,
  deviceWritebackContainer: undefined,
  health: DEFAULT_HEALTH_ALERTS,
}) as ConnectConfig;

const TOP_LEVEL = new Set([
  "servers",
  "cycleInterval",
  "deletionThreshold",
  "phsInterval",
  "passwordHashSync",
  "database",
  "localDbObjectLimit",
  "scope",
  "maxDeltaAge",
  "timing",
  "rules",
  "pilotGroup",
  "userJoin",
  "ptaAgents",
  "groupWritebackContainer",
  "deviceWritebackContainer",
  "health",
]);

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalidArgument(field, value, "is not a list of strings");
  return Array.from(value).map((item, i) => {
    if (typeof item !== "string" || item.trim().length === 0)
      throw invalidArgument(`${field}[${i}]`, item, "is not a non-empty string");
    return item;
  });
}

/**
 * Validates overrides and merges them over {@link DEFAULT_CONNECT_CONFIG}. A cycle interval below the
 * documented minimum is raised to it, as the product does.
 *
 * @throws SimulationError `invalid-argument` whose `field` is the path inside the input
 * @public
 */
export function resolveConnectConfig(input: ConnectConfigInput = {}): ConnectConfig {
  if (!isRecord(input)) throw invalidArgument("config", input, "is not an object");
  for (const key of Object.keys(input))
    if (!TOP_LEVEL.has(key))
      throw invalidArgument(key, (input as Record<string, unknown>)[key], "is not a Connect setting");
  const d = DEFAULT_CONNECT_CONFIG;
  let servers = d.servers;
  if (input.servers !== undefined) {
    if (!Array.isArray(input.servers) || input.servers.length === 0)
      throw invalidArgument("servers", input.servers, "must be a non-empty list");
    const seen = new Set<string>();
    let active = 0;
    // Array.from turns holes of a sparse list into undefined, so every position is checked (map skips holes).
    servers = Array.from(input.servers).map((server, i) => {
      if (!isRecord(server))
        throw invalidArgument(`servers[${i}]`, server, "is not a server ({ name, staging? })");
      const name = (server as { name?: unknown }).name;
      if (typeof name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(name))
        throw invalidArgument(`servers[${i}].name`, name, "is not a server name");
      if (seen.has(name)) throw invalidArgument(`servers[${i}].name`, name, "is declared twice");
      seen.add(name);
      const staging = server.staging ?? false;
      if (typeof staging !== "boolean")
        throw invalidArgument(`servers[${i}].staging`, staging, "is not a boolean");
      // how-to-connect-sync-staging-server: only one server may export (active-active unsupported).
      if (!staging && ++active > 1)
        throw invalidArgument(
          `servers[${i}].staging`,
          server.staging,
          "must be true: only one server may be active",
        );
      return Object.freeze({ name, staging });
    });
  }
  const interval =
    input.cycleInterval === undefined
      ? d.cycleIntervalMs
      : durationArgument(input.cycleInterval, "cycleInterval");
  let threshold = d.deletionThreshold;
  if (input.deletionThreshold !== undefined) {
    const t = input.deletionThreshold;
    if (t !== false && (typeof t !== "number" || !Number.isInteger(t) || t < 0))
      throw invalidArgument("deletionThreshold", t, "is not a count >= 0 or false");
    threshold = t;
  }
  const phs =
    input.phsInterval === undefined ? d.phsIntervalMs : durationArgument(input.phsInterval, "phsInterval");
  if (phs <= 0) throw invalidArgument("phsInterval", input.phsInterval, "must be > 0");
  if (input.passwordHashSync !== undefined && typeof input.passwordHashSync !== "boolean")
    throw invalidArgument("passwordHashSync", input.passwordHashSync, "is not a boolean");
  if (input.database !== undefined && input.database !== "localdb" && input.database !== "sql")
    throw invalidArgument("database", input.database, 'is not "localdb" or "sql"');
  const limit = input.localDbObjectLimit ?? d.localDbObjectLimit;
  if (!Number.isInteger(limit) || limit <= 0)
    throw invalidArgument("localDbObjectLimit", input.localDbObjectLimit, "is not a positive integer");
  let scope = d.scope;
  if (input.scope !== undefined) {
    if (!isRecord(input.scope)) throw invalidArgument("scope", input.scope, "is not an object");
    for (const key of Object.keys(input.scope))
      if (key !== "ous" && key !== "domains")
        throw invalidArgument(
          `scope.${key}`,
          (input.scope as Record<string, unknown>)[key],
          "is not a scope setting",
        );
    scope = Object.freeze({
      ous: Object.freeze(input.scope.ous === undefined ? [] : stringList(input.scope.ous, "scope.ous")),
      domains: Object.freeze(
        input.scope.domains === undefined ? [] : stringList(input.scope.domains, "scope.domains"),
      ),
    });
  }
  const maxDeltaAge =
    input.maxDeltaAge === undefined ? d.maxDeltaAgeMs : durationArgument(input.maxDeltaAge, "maxDeltaAge");
  const timing: Record<string, number> = { ...d.timing };
  if (input.timing !== undefined) {
    if (!isRecord(input.timing)) throw invalidArgument("timing", input.timing, "is not an object");
    for (const [key, value] of Object.entries(input.timing)) {
      if (!(key in d.timing)) throw invalidArgument(`timing.${key}`, value, "is not a timing setting");
      timing[key] = durationArgument(value as DurationInput, `timing.${key}`);
    }
  }
  const rules = input.rules === undefined ? d.rules : Object.freeze(customRulesFromConfig(input.rules));
  let pilotGroups = d.pilotGroups;
  if (input.pilotGroup !== undefined)
    pilotGroups = Object.freeze(
      typeof input.pilotGroup === "string"
        ? stringList([input.pilotGroup], "pilotGroup")
        : stringList(input.pilotGroup, "pilotGroup"),
    );
  let userJoin = d.userJoin;
  if (input.userJoin !== undefined) {
    const j = input.userJoin as { attribute?: unknown; resourceForests?: unknown };
    if (!isRecord(j)) throw invalidArgument("userJoin", j, "is not an object");
    if (typeof j.attribute !== "string" || j.attribute.length === 0)
      throw invalidArgument("userJoin.attribute", j.attribute, "is not an attribute name");
    userJoin = Object.freeze({
      attribute: j.attribute,
      resourceForests: Object.freeze(
        j.resourceForests === undefined ? [] : stringList(j.resourceForests, "userJoin.resourceForests"),
      ),
    });
  }
  const ptaAgents = input.ptaAgents ?? d.ptaAgents;
  // how-to-connect-pta-faq: at most 40 agents per tenant.
  if (!Number.isInteger(ptaAgents) || ptaAgents < 1 || ptaAgents > 40)
    throw invalidArgument("ptaAgents", input.ptaAgents, "is not a count from 1 to 40");
  for (const key of ["groupWritebackContainer", "deviceWritebackContainer"] as const)
    if (input[key] !== undefined && (typeof input[key] !== "string" || input[key].length === 0))
      throw invalidArgument(key, input[key], "is not a container DN");
  return Object.freeze({
    servers: Object.freeze(servers),
    // how-to-connect-sync-feature-scheduler: a value below the minimum is raised to the minimum.
    cycleIntervalMs: Math.max(MIN_CYCLE_INTERVAL_MS, interval),
    deletionThreshold: threshold,
    phsIntervalMs: phs,
    passwordHashSync: input.passwordHashSync ?? d.passwordHashSync,
    database: input.database ?? d.database,
    localDbObjectLimit: limit,
    scope,
    maxDeltaAgeMs: maxDeltaAge,
    timing: Object.freeze(timing as unknown as ConnectTiming),
    rules,
    pilotGroups,
    userJoin,
    ptaAgents,
    groupWritebackContainer: input.groupWritebackContainer ?? d.groupWritebackContainer,
    deviceWritebackContainer: input.deviceWritebackContainer ?? d.deviceWritebackContainer,
    health: resolveHealthAlerts(input.health),
  });
}

/**
 * The input form of a resolved config (durations in milliseconds), custom rules left out: what a run-time
 * change is merged over and resolved again, so every setting it does not change survives.
 *
 * @internal
 */
export function inputOfConfig(config: ConnectConfig): ConnectConfigInput {
  return {
    servers: config.servers,
    cycleInterval: config.cycleIntervalMs,
    deletionThreshold: config.deletionThreshold,
    phsInterval: config.phsIntervalMs,
    passwordHashSync: config.passwordHashSync,
    database: config.database,
    localDbObjectLimit: config.localDbObjectLimit,
    scope: config.scope,
    maxDeltaAge: config.maxDeltaAgeMs,
    timing: config.timing,
    pilotGroup: config.pilotGroups,
    ...(config.userJoin ? { userJoin: config.userJoin } : {}),
    ptaAgents: config.ptaAgents,
    ...(config.groupWritebackContainer ? { groupWritebackContainer: config.groupWritebackContainer } : {}),
    ...(config.deviceWritebackContainer ? { deviceWritebackContainer: config.deviceWritebackContainer } : {}),
    health: {
      alerts: config.health.alerts,
      dataStaleAfter: config.health.dataStaleMs,
      phsHeartbeatAfter: config.health.phsHeartbeatMs,
      noSyncAfter: config.health.noSyncMs,
    },
  };
}
