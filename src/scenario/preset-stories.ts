import { formatCount } from "../scheduler/errors.js";
import type { ScenarioInput } from "./schema.js";

/**
 * The stories of the built-in scenarios (presets.ts names and lists them): each a function of the directory
 * size, so that the same story — its events, faults and engine configs — runs over 5,000 users as the
 * descriptions quote, or scaled down in tests, with groups, contacts and workload rates in proportion.
 */

/**
 * Size a preset is built at.
 *
 * @public
 */
export interface PresetSize {
  /** Generated users (groups, contacts and workload rates follow in proportion). */
  readonly users: number;
}

const OFFICE_OUS = ["OU=Sales", "OU=IT", "OU=Finance", "OU=HR", "OU=Operations"];
/** The size every preset's description quotes. @internal */
export const BASE_USERS = 5_000;

/** Rounds a per-hour rate scaled to `users` (never below `min` when the base rate is non-zero). @internal */
export function per(users: number, base: number, min = 1): number {
  if (base === 0) return 0;
  return Math.max(min, Math.round((base * users) / BASE_USERS));
}

/** The office day's directory at a size. @internal */
export function officeDirectory(users: number): NonNullable<ScenarioInput["directory"]> {
  return {
    users,
    groups: Math.max(2, Math.round(users / 25)),
    membersPerGroup: Math.min(25, Math.max(1, Math.floor(users / 4))),
    contacts: Math.round(users / 50),
    devices: 0,
    forests: [{ name: "contoso.com", ous: OFFICE_OUS }],
  };
}

/** The office day's workload at a size: HR edits, passwords, joiners, leavers, moves, group changes. @internal */
export function officeWorkload(users: number): NonNullable<ScenarioInput["workload"]> {
  return {
    attributeChangesPerHour: per(users, 300),
    passwordChangesPerHour: per(users, 40),
    createsPerHour: per(users, 10),
    deletesPerHour: per(users, 5),
    movesPerHour: per(users, 2),
    membershipChangesPerHour: per(users, 30),
  };
}

/** `count` names `user-K`, evenly spread over 1..users (so they land in every OU). @internal */
export function spread(users: number, count: number, offset = 0): string[] {
  const n = Math.min(count, users);
  const step = Math.max(1, Math.floor(users / n));
  return Array.from({ length: n }, (_, i) => `user-${((offset + i * step) % users) + 1}`);
}

/** Minutes as a duration string. @internal */
export const at = (minutes: number): string => `${Math.floor(minutes / 60)}h${minutes % 60}m`;

type Events = NonNullable<ScenarioInput["events"]>;

/** `count` attribute edits, one every `every` minutes from `from` — the changes a fault window holds. */
function edits(users: number, from: number, count: number, every: number, offset: number): Events {
  return spread(users, count, offset).map((object, i) => ({
    type: "modify" as const,
    at: at(from + i * every),
    object,
    // A value no generated user has, so every edit is a real change.
    attributes: { title: `Change ${from + i * every}` },
  }));
}

/** A password-change wave: each user changes their password, signs in 1 min later and 15 min later. */
function passwordWave(users: number, from: number, count: number, offset: number): Events {
  return spread(users, count, offset).flatMap((object, i) => [
    { type: "password" as const, at: at(from + i), object },
    { type: "sign-in" as const, at: at(from + i + 1), object, password: "latest" as const },
    { type: "sign-in" as const, at: at(from + i + 15), object, password: "latest" as const },
  ]);
}

/** `office-day`: an 8-hour working day without faults, the baseline. @internal */
export function officeDay({ users }: PresetSize): ScenarioInput {
  // The password changer and signer-in: user-2, or the only user there is.
  const signer = `user-${Math.min(2, users)}`;
  return {
    name: "office-day",
    description: `An 8-hour working day in a ${formatCount(users)}-user forest: HR edits, password changes, joiners, leavers, moves and group changes at a moderate pace, with a few sign-ins. No faults: the baseline latency of each engine in steady state.`,
    seed: 42,
    duration: "8h",
    drain: "12h",
    directory: officeDirectory(users),
    workload: officeWorkload(users),
    authentication: "phs",
    features: [],
    events: [
      { type: "modify", at: "9m", object: "user-1", attributes: { title: "Head of Sales" } },
      { type: "password", at: "10m", object: signer },
      { type: "sign-in", at: "15m", object: signer, password: "latest" },
      { type: "sign-in", at: "15m", object: signer, password: "previous" },
      {
        type: "create",
        at: "1h",
        object: "new-starter",
        objectType: "user",
        ou: "OU=Sales",
        attributes: { displayName: "New Starter", department: "Sales" },
      },
      { type: "add-member", at: "1h5m", object: "group-1", member: "new-starter" },
      { type: "sign-in", at: "2h", object: signer, password: "latest" },
    ],
  };
}

/**
 * `password-morning`: a password-change wave under PTA, with every PTA agent down for 45 minutes.
 *
 * @internal
 */
export function passwordMorning({ users }: PresetSize): ScenarioInput {
  const wave = passwordWave(users, 10, Math.min(20, users), 0);
  // Sign-ins while every PTA agent is down (1h30m–2h15m): a second, smaller wave.
  const outage = passwordWave(users, 95, Math.min(10, users), 7);
  return {
    name: "password-morning",
    description: `Monday 08:00 in a ${formatCount(users)}-user forest: a password-change wave (expiry day) with sign-ins right after each change; authentication is pass-through (PTA). At 1h30m every PTA agent goes down for 45 minutes. Connect's PTA validates against AD at once but fails while its agents are down; Cloud Sync has no PTA, so the tenant stays on password hash sync: a new password works only once its hash has synced, and sign-ins carry on through the outage.`,
    seed: 7,
    duration: "3h",
    drain: "3h",
    directory: officeDirectory(users),
    workload: { ...officeWorkload(users), passwordChangesPerHour: per(users, 400) },
    authentication: "pta",
    features: [],
    events: [
      ...wave,
      { type: "fault", at: "1h30m", target: "pta-agents", fault: "down" },
      ...outage,
      { type: "fault", at: "2h15m", target: "pta-agents", fault: "up" },
    ],
  };
}

/**
 * `connect-crash-staging` / `connect-crash-no-staging`: the Connect primary crashes at 2h, with or without a staging server to promote.
 *
 * @internal
 */
export function connectCrash(staging: boolean) {
  return ({ users }: PresetSize): ScenarioInput => ({
    name: staging ? "connect-crash-staging" : "connect-crash-no-staging",
    description: staging
      ? "The Connect primary server crashes at 2h; a staging server is promoted 45 minutes later and delivers the crash-window changes. Cloud Sync (one agent, no fault) is the reference."
      : "The Connect primary server crashes at 2h and there is no staging server: changes made while it is down stay pending until it is restarted at 6h. Cloud Sync (one agent, no fault) is the reference.",
    seed: 21,
    duration: "8h",
    drain: "8h",
    directory: officeDirectory(users),
    workload: officeWorkload(users),
    authentication: "phs",
    features: [],
    events: [
      { type: "fault", at: "2h", target: "connect:primary", fault: "crash" },
      ...edits(users, 125, 8, 5, 3),
      staging
        ? { type: "admin", at: "2h45m", engine: "connect", action: "promote", target: "standby" }
        : { type: "fault", at: "6h", target: "connect:primary", fault: "restart" },
    ],
    engines: {
      connect: staging
        ? { servers: [{ name: "primary" }, { name: "standby", staging: true }] }
        : { servers: [{ name: "primary" }] },
      cloudSync: { agents: 1 },
    },
  });
}

/**
 * `agent-crash-one` / `agent-crash-two`: a Cloud Sync agent crashes for an hour, alone or beside another.
 *
 * @internal
 */
export function agentCrash(agents: 1 | 2) {
  return ({ users }: PresetSize): ScenarioInput => ({
    name: agents === 1 ? "agent-crash-one" : "agent-crash-two",
    description:
      agents === 1
        ? "The only Cloud Sync provisioning agent crashes at 2h and is back at 3h: the job fails, goes into quarantine and retries only hours later, so the crash-window changes wait for the retry. Connect (no fault) is the reference."
        : "One of two Cloud Sync provisioning agents crashes at 2h (back at 3h): the service fails over to the other agent and latency stays bounded. Connect (no fault) is the reference.",
    seed: 31,
    duration: "8h",
    drain: "12h",
    directory: officeDirectory(users),
    workload: officeWorkload(users),
    authentication: "phs",
    features: [],
    events: [
      { type: "fault", at: "2h", target: "cloud-sync:agent-1", fault: "crash" },
      ...edits(users, 130, 8, 5, 5),
      { type: "fault", at: "3h", target: "cloud-sync:agent-1", fault: "restart" },
    ],
    engines: { connect: {}, cloudSync: { agents } },
  });
}

/**
 * `mass-delete`: 800 users deleted at once, held by both engines' delete thresholds until allowed.
 *
 * @internal
 */
export function massDelete({ users }: PresetSize): ScenarioInput {
  const deletes = Math.min(800, Math.floor(users * 0.8));
  return {
    name: "mass-delete",
    description: `An admin script deletes ${formatCount(deletes)} users at once at 2h (an OU clean-up gone wrong). Both engines' accidental-delete thresholds (500) stop the deletes; an admin allows them at 4h, after which they go through.`,
    seed: 5,
    duration: "6h",
    drain: "6h",
    directory: officeDirectory(users),
    workload: officeWorkload(users),
    authentication: "phs",
    features: [],
    events: [
      ...spread(users, deletes, 0).map((object) => ({ type: "delete" as const, at: "2h", object })),
      { type: "admin", at: "4h", engine: "connect", action: "allow-deletes" },
      { type: "admin", at: "4h", engine: "cloudSync", action: "allow-deletes" },
    ],
  };
}

/**
 * `large-tenant`: 200,000 objects connected for the first time (the initial sync during the run).
 *
 * @internal
 */
export function largeTenant({ users }: PresetSize): ScenarioInput {
  const groups = Math.round(users / 19);
  return {
    name: "large-tenant",
    description: `A ${formatCount(users + groups)}-object directory (${formatCount(users)} users, ${formatCount(groups)} groups) connected for the first time: the initial synchronisation is the point (initialSync during-run). Connect on full SQL Server works through it in hours; Cloud Sync at 1.2 s per created object needs days and reports the 150,000-objects-per-domain limit. A light workload runs for the first 2 hours.`,
    seed: 200,
    duration: "2h",
    drain: "4d",
    initialSync: "during-run",
    directory: {
      users,
      groups,
      membersPerGroup: Math.min(10, users),
      contacts: 0,
      devices: 0,
      forests: [{ name: "contoso.com", ous: OFFICE_OUS }],
    },
    workload: {
      attributeChangesPerHour: per(users, 50),
      passwordChangesPerHour: per(users, 10),
      createsPerHour: 0,
      deletesPerHour: 0,
      movesPerHour: 0,
      membershipChangesPerHour: 0,
    },
    authentication: "phs",
    features: [],
    events: [{ type: "modify", at: "5m", object: "user-1", attributes: { title: "Head of Sales" } }],
    // how-to-connect-install-prerequisites: beyond ~100,000 objects Connect needs full SQL Server.
    engines: { connect: { database: "sql" }, cloudSync: {} },
  };
}

/** `two-forest-merger`: two forests in which 1,000 people have an account each. @internal */
export function twoForestMerger({ users }: PresetSize): ScenarioInput {
  const shared = Math.round(users / 5);
  return {
    name: "two-forest-merger",
    description: `Contoso acquires Fabrikam: two forests, and ${formatCount(shared)} people have an account in both (same names, mail and employeeID). Connect joins them across forests on employeeID into one cloud user each; Cloud Sync has no cross-forest join and makes two cloud users per person (their duplicate mail and proxy addresses conflict).`,
    seed: 17,
    duration: "4h",
    drain: "8h",
    directory: {
      users,
      groups: Math.max(2, Math.round(users / 50)),
      membersPerGroup: Math.min(10, Math.max(1, Math.floor(users / 4))),
      contacts: 0,
      devices: 0,
      sharedUsers: shared,
      forests: [
        { name: "contoso.com", ous: ["OU=Staff"] },
        { name: "fabrikam.com", ous: ["OU=People"] },
      ],
    },
    workload: officeWorkload(users),
    authentication: "phs",
    features: ["multi-forest", "multi-forest-merge"],
    events: [{ type: "modify", at: "30m", object: "user-1", attributes: { title: "Integration lead" } }],
    engines: { connect: { userJoin: { attribute: "employeeID" } }, cloudSync: {} },
  };
}

/**
 * `phased-migration`: Connect on three OUs, Cloud Sync on two, users moved from one to the other.
 *
 * @internal
 */
export function phasedMigration({ users }: PresetSize): ScenarioInput {
  const dn = (ou: string): string => `${ou},DC=contoso,DC=com`;
  // Finance users (placed round-robin: user-3, user-8, ...) move to the Cloud Sync OU one by one.
  const movers = Array.from({ length: Math.min(10, Math.floor(users / 5)) }, (_, i) => `user-${3 + 5 * i}`);
  return {
    name: "phased-migration",
    description:
      "Moving from Connect to Cloud Sync one OU at a time: Connect keeps Sales, IT and Finance, Cloud Sync takes HR and Operations, and ten Finance users are moved into HR during the day. Each engine runs on its own OUs (changes elsewhere are filtered); a moved user leaves Connect's scope (deleted from the cloud by Connect) and enters Cloud Sync's (created by Cloud Sync).",
    seed: 12,
    duration: "6h",
    drain: "8h",
    directory: officeDirectory(users),
    workload: officeWorkload(users),
    authentication: "phs",
    features: [],
    events: movers.map((object, i) => ({ type: "move" as const, at: at(60 + 10 * i), object, ou: "OU=HR" })),
    engines: {
      connect: { scope: { ous: ["OU=Sales", "OU=IT", "OU=Finance"].map(dn) } },
      cloudSync: { scope: { ous: ["OU=HR", "OU=Operations"].map(dn) } },
    },
  };
}

/** `cloud-sync-field-timing`: the office day with Cloud Sync on its field timing. @internal */
export function fieldTiming({ users }: PresetSize): ScenarioInput {
  return {
    ...officeDay({ users }),
    name: "cloud-sync-field-timing",
    description:
      "The office day with Cloud Sync on field timing (object and password cycles every 20 minutes, as reported from the field) instead of the documented 2 minutes; compare with office-day to see how much the documented figure flatters it.",
    engines: { connect: {}, cloudSync: { timing: "field" } },
  };
}

/** `flagship`: the working day with every difference between the engines in one run. @internal */
export function flagship({ users }: PresetSize): ScenarioInput {
  return {
    name: "flagship",
    description: `A working day in a ${formatCount(users)}-user company: a morning password-change wave with sign-ins, the Connect primary server crashing at 2h with a staging server promoted 45 minutes later, and one of two Cloud Sync agents crashing at 4h. Everything a choice between the engines turns on, in one run.`,
    seed: 2024,
    duration: "8h",
    drain: "12h",
    directory: officeDirectory(users),
    workload: { ...officeWorkload(users), passwordChangesPerHour: per(users, 120) },
    authentication: "phs",
    features: [],
    events: [
      ...passwordWave(users, 10, Math.min(10, users), 0),
      { type: "fault", at: "2h", target: "connect:primary", fault: "crash" },
      ...edits(users, 125, 6, 5, 3),
      { type: "admin", at: "2h45m", engine: "connect", action: "promote", target: "standby" },
      { type: "fault", at: "4h", target: "cloud-sync:agent-1", fault: "crash" },
      ...edits(users, 245, 6, 5, 11),
      { type: "fault", at: "5h", target: "cloud-sync:agent-1", fault: "restart" },
    ],
    engines: {
      connect: { servers: [{ name: "primary" }, { name: "standby", staging: true }] },
      cloudSync: { agents: 2 },
    },
  };
}
