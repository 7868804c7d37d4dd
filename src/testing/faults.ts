import fc from "fast-check";
import { CONNECT_ADMIN_ACTIONS } from "../engines/connect/engine.js";
import { formatDuration, MINUTE, parseDuration, SECOND } from "../scheduler/duration.js";
import {
  checkedOptionsObject,
  checkFlag,
  checkWholeNumber,
  invalidArgument,
  isRecord,
  optionNames,
} from "../scheduler/errors.js";
import type { ScenarioEventInput } from "./changes.js";
import { checkDuration, checkKinds, checkName, checkNames, optionField } from "./option-values.js";

/**
 * Fault schedules drawn from the fault catalogue of issue 5: `connect:<server>` crash / restart /
 * lose-database / down / up, `cloud-sync:<agent>` crash / restart / down / up, `dc` down / up / crash /
 * restart, `link:cloud` down / up, `tenant` down / up / throttle / unthrottle, and admin actions of both
 * engines (promote, demote, start-cycle, allow-deletes, set-threshold, set-cycle-interval,
 * disable/enable-scheduler, restart, clear-quarantine, pause/resume). With `recoverable`, a recovery block
 * at the end brings everything back — every host up, link and tenant up, throttling off, schedulers on,
 * jobs resumed, thresholds and Connect's cycle interval back to the default — so that a run's drain can
 * finish the work.
 */

/**
 * Connect's admin actions a fault schedule uses: all but the authentication switch (no PTA/AD FS here) and
 * the scope change (it changes what the tenant should hold, not whether the engine gets there; the scope
 * property, tests/properties/scope-change.test.ts, draws its own).
 */
const SCHEDULED_CONNECT_ACTIONS = CONNECT_ADMIN_ACTIONS.filter(
  (
    action,
  ): action is Exclude<(typeof CONNECT_ADMIN_ACTIONS)[number], "switch-authentication" | "set-scope"> =>
    action !== "switch-authentication" && action !== "set-scope",
);

/** Families of fault the schedule arbitrary draws from. @public */
export type FaultFamily =
  | "connect-server"
  | "cloud-sync-agent"
  | "dc"
  | "link"
  | "tenant"
  | "connect-admin"
  | "cloud-sync-admin";

/** Every {@link FaultFamily}. @public */
export const FAULT_FAMILIES: readonly FaultFamily[] = [
  "connect-server",
  "cloud-sync-agent",
  "dc",
  "link",
  "tenant",
  "connect-admin",
  "cloud-sync-admin",
];

/**
 * The engine topology a fault schedule may name.
 *
 * @public
 */
export interface FaultTopology {
  /** Connect servers (default one active `primary`). */
  readonly servers?: ReadonlyArray<{
    /** Server name (fault target `connect:<name>`). */
    readonly name: string;
    /** A staging server (default false: active). */
    readonly staging?: boolean;
  }>;
  /** Cloud Sync agent count, named `agent-1 … agent-N` (default 1). */
  readonly agents?: number;
  /** Forest names, for `dc:<forest>` targets (default `contoso.com`). */
  readonly forests?: readonly string[];
}

/**
 * Options of {@link faultScheduleArbitrary}.
 *
 * @public
 */
export interface FaultScheduleOptions extends FaultTopology {
  /** Workload duration the events fall in (ms or `"4h"`, default 2 h). */
  readonly duration?: number | string;
  /** Most fault and admin events, recovery not counted (default 6). */
  readonly maxEvents?: number;
  /** Families to draw from (default all). */
  readonly families?: readonly FaultFamily[];
  /**
   * Append a recovery block at 90 % of the duration so the system ends recoverable: a Connect server active
   * and up, every agent and DC up, link and tenant up and unthrottled, scheduler enabled, Cloud Sync jobs
   * resumed, thresholds and the cycle interval back to their defaults (default false).
   */
  readonly recoverable?: boolean;
}

const FAULT_SCHEDULE_OPTION_NAMES = optionNames<FaultScheduleOptions>()(
  "servers",
  "agents",
  "forests",
  "duration",
  "maxEvents",
  "families",
  "recoverable",
);

interface RawFault {
  readonly family: FaultFamily;
  readonly gap: number;
  readonly a: number;
  readonly b: number;
}

interface FaultState {
  readonly serverUp: Map<string, boolean>;
  readonly serverMode: Map<string, "active" | "staging">;
  readonly agentUp: boolean[];
  readonly dcUp: Map<string, boolean>;
  link: boolean;
  tenant: boolean;
  throttled: boolean;
  scheduler: boolean;
  paused: boolean;
  connectThreshold: boolean;
  cycleInterval: boolean;
  cloudThreshold: boolean;
}

function pickOf<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

/**
 * Folds raw draws into a valid fault schedule, tracking the state the recovery block must undo.
 *
 * @internal
 */
export function foldFaults(raw: readonly RawFault[], options: FaultScheduleOptions): ScenarioEventInput[] {
  const duration = parseDuration(options.duration ?? "2h");
  const servers = options.servers ?? [{ name: "primary" }];
  const agents = options.agents ?? 1;
  const forests = options.forests ?? ["contoso.com"];
  const recoverAt = Math.floor((duration * 0.9) / SECOND) * SECOND;
  const end = options.recoverable ? recoverAt : duration;
  const state: FaultState = {
    serverUp: new Map(servers.map((s) => [s.name, true])),
    serverMode: new Map(servers.map((s) => [s.name, s.staging ? "staging" : "active"])),
    agentUp: Array.from({ length: agents }, () => true),
    dcUp: new Map(forests.map((f) => [f, true])),
    link: true,
    tenant: true,
    throttled: false,
    scheduler: true,
    paused: false,
    connectThreshold: false,
    cycleInterval: false,
    cloudThreshold: false,
  };
  const events: ScenarioEventInput[] = [];
  let at = MINUTE;
  for (const step of raw) {
    at += step.gap * SECOND;
    if (at >= end) break;
    const when = formatDuration(at);
    switch (step.family) {
      case "connect-server": {
        const server = pickOf(servers, step.a).name;
        const fault = pickOf(["crash", "restart", "lose-database", "down", "up"] as const, step.b);
        events.push({ type: "fault", at: when, target: `connect:${server}`, fault });
        if (fault === "crash" || fault === "down") state.serverUp.set(server, false);
        if (fault === "restart" || fault === "up") state.serverUp.set(server, true);
        break;
      }
      case "cloud-sync-agent": {
        if (agents === 0) break;
        const index = step.a % agents;
        const fault = pickOf(["crash", "restart", "down", "up"] as const, step.b);
        events.push({ type: "fault", at: when, target: `cloud-sync:agent-${index + 1}`, fault });
        state.agentUp[index] = fault === "restart" || fault === "up";
        break;
      }
      case "dc": {
        const forest = pickOf(forests, step.a);
        const fault = pickOf(["down", "up", "crash", "restart"] as const, step.b);
        events.push({ type: "fault", at: when, target: forests.length > 1 ? `dc:${forest}` : "dc", fault });
        state.dcUp.set(forest, fault === "up" || fault === "restart");
        break;
      }
      case "link": {
        const fault = state.link ? "down" : "up";
        events.push({ type: "fault", at: when, target: "link:cloud", fault });
        state.link = fault === "up";
        break;
      }
      case "tenant": {
        const fault = pickOf(["down", "up", "throttle", "unthrottle"] as const, step.b);
        events.push({ type: "fault", at: when, target: "tenant", fault });
        if (fault === "down" || fault === "up") state.tenant = fault === "up";
        else state.throttled = fault === "throttle";
        break;
      }
      case "connect-admin": {
        const action = pickOf(SCHEDULED_CONNECT_ACTIONS, step.b);
        const server = pickOf(servers, step.a).name;
        if (action === "promote" || action === "demote") {
          events.push({ type: "admin", at: when, engine: "connect", action, target: server });
          applyPromotion(state, server, action);
        } else if (action === "set-threshold") {
          events.push({ type: "admin", at: when, engine: "connect", action, value: 1 + (step.a % 5) });
          state.connectThreshold = true;
        } else if (action === "set-cycle-interval") {
          // 30 minutes to 2 hours (a lower value would only be raised to 30 minutes).
          events.push({
            type: "admin",
            at: when,
            engine: "connect",
            action,
            value: `${30 * (1 + (step.a % 4))}m`,
          });
          state.cycleInterval = true;
        } else {
          events.push({ type: "admin", at: when, engine: "connect", action });
          if (action === "disable-scheduler" || action === "enable-scheduler")
            state.scheduler = action === "enable-scheduler";
        }
        break;
      }
      case "cloud-sync-admin": {
        const action = pickOf(
          ["restart", "clear-quarantine", "allow-deletes", "set-threshold", "pause", "resume"] as const,
          step.b,
        );
        if (action === "set-threshold") {
          events.push({ type: "admin", at: when, engine: "cloudSync", action, value: 1 + (step.a % 5) });
          state.cloudThreshold = true;
        } else {
          events.push({ type: "admin", at: when, engine: "cloudSync", action });
          if (action === "pause" || action === "resume") state.paused = action === "pause";
        }
        break;
      }
    }
    if (events.length >= (options.maxEvents ?? 6)) break;
  }
  if (options.recoverable)
    events.push(
      ...recovery(
        state,
        formatDuration(recoverAt),
        servers.map((s) => s.name),
        forests.length > 1,
      ),
    );
  return events;
}

/** Mirrors ConnectEngine.promote / demote: promotion is refused while another active server is up. */
function applyPromotion(state: FaultState, server: string, action: "promote" | "demote"): void {
  if (action === "demote") {
    state.serverMode.set(server, "staging");
    return;
  }
  if (state.serverMode.get(server) === "active" || !state.serverUp.get(server)) return;
  const runningActive = [...state.serverMode].some(
    ([name, mode]) => name !== server && mode === "active" && state.serverUp.get(name),
  );
  if (runningActive) return;
  for (const [name, mode] of state.serverMode) if (mode === "active") state.serverMode.set(name, "staging");
  state.serverMode.set(server, "active");
}

function recovery(
  state: FaultState,
  when: string,
  servers: readonly string[],
  namedDcs: boolean,
): ScenarioEventInput[] {
  const out: ScenarioEventInput[] = [];
  for (const [forest, up] of state.dcUp)
    if (!up) out.push({ type: "fault", at: when, target: namedDcs ? `dc:${forest}` : "dc", fault: "up" });
  if (!state.link) out.push({ type: "fault", at: when, target: "link:cloud", fault: "up" });
  if (!state.tenant) out.push({ type: "fault", at: when, target: "tenant", fault: "up" });
  if (state.throttled) out.push({ type: "fault", at: when, target: "tenant", fault: "unthrottle" });
  for (const [server, up] of state.serverUp) {
    if (!up) out.push({ type: "fault", at: when, target: `connect:${server}`, fault: "restart" });
    state.serverUp.set(server, true);
  }
  if (![...state.serverMode.values()].includes("active")) {
    const first = servers[0] as string;
    out.push({ type: "admin", at: when, engine: "connect", action: "promote", target: first });
  }
  state.agentUp.forEach((up, i) => {
    if (!up) out.push({ type: "fault", at: when, target: `cloud-sync:agent-${i + 1}`, fault: "up" });
  });
  if (!state.scheduler) out.push({ type: "admin", at: when, engine: "connect", action: "enable-scheduler" });
  if (state.paused) out.push({ type: "admin", at: when, engine: "cloudSync", action: "resume" });
  // how-to-connect-sync-feature-prevent-accidental-deletes / how-to-accidental-deletes: 500 by default.
  if (state.connectThreshold)
    out.push({ type: "admin", at: when, engine: "connect", action: "set-threshold", value: 500 });
  // how-to-connect-sync-feature-scheduler: 30 minutes by default.
  if (state.cycleInterval)
    out.push({ type: "admin", at: when, engine: "connect", action: "set-cycle-interval", value: "30m" });
  if (state.cloudThreshold)
    out.push({ type: "admin", at: when, engine: "cloudSync", action: "set-threshold", value: 500 });
  return out;
}

/**
 * A fault schedule: fault and admin events in time order within the duration, naming only servers,
 * agents and forests of the topology. With `recoverable: true` it ends with a recovery block (see
 * {@link FaultScheduleOptions.recoverable}). Shrinks by dropping faults.
 *
 * @public
 */
export function faultScheduleArbitrary(
  options: FaultScheduleOptions = {},
): fc.Arbitrary<ScenarioEventInput[]> {
  checkedOptionsObject(options, FAULT_SCHEDULE_OPTION_NAMES);
  checkFaultOptionValues(options);
  const families = options.families ?? FAULT_FAMILIES;
  const duration = parseDuration(options.duration ?? "2h");
  const max = options.maxEvents ?? 6;
  const meanGap = Math.max(2, Math.floor((duration * 0.8) / SECOND / (max + 1)));
  // No families: no faults, but the recovery block (when asked for) still ends the schedule.
  const steps: fc.Arbitrary<RawFault[]> =
    families.length === 0
      ? fc.constant([])
      : fc.array(
          fc.record({
            family: fc.constantFrom(...families),
            gap: fc.integer({ min: 1, max: meanGap * 2 }),
            a: fc.nat({ max: 1_000 }),
            b: fc.nat({ max: 1_000 }),
          }),
          { maxLength: max },
        );
  return steps.map((drawn) => foldFaults(drawn, options));
}

/**
 * The values of {@link FaultScheduleOptions}, checked (`option-values.ts`): besides the counts and lists, a
 * topology with at least one server and one agent, so that every family has a target.
 *
 * @param prefix - where they sit when nested (`faults` in `scenarioArbitrary`'s options)
 * @internal
 */
export function checkFaultOptionValues(options: FaultScheduleOptions, prefix?: string): void {
  const field = (name: string) => optionField(prefix, name);
  checkDuration(options.duration, field("duration"));
  checkWholeNumber(options.maxEvents, field("maxEvents"));
  checkKinds(options.families, FAULT_FAMILIES, field("families"));
  checkFlag(options.recoverable, field("recoverable"));
  checkWholeNumber(options.agents, field("agents"), 1);
  checkNames(options.forests, field("forests"));
  const servers: unknown = options.servers;
  if (servers === undefined) return;
  if (!Array.isArray(servers) || servers.length === 0)
    throw invalidArgument(field("servers"), servers, "is not a non-empty list of { name, staging? }");
  servers.forEach((server: unknown, i) => {
    const at = `${field("servers")}[${i}]`;
    if (!isRecord(server)) throw invalidArgument(at, server, "is not a server { name, staging? }");
    const s = server as { name?: unknown; staging?: unknown };
    checkName(s.name, `${at}.name`);
    checkFlag(s.staging, `${at}.staging`);
  });
}
