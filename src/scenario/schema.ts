import { z } from "zod";
import type { EngineKind, FaultName, Feature } from "../engines/engine.js";
import { isRdnValue } from "../model/create-input.js";
import { isDnsName } from "../model/dn.js";
import {
  EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES,
  type ExchangeWritebackAttribute,
} from "../model/exchange-online.js";
import { formatDuration, HOUR, parseDuration } from "../scheduler/duration.js";
import { show } from "../scheduler/errors.js";
import type { ScenarioEventType, ScriptedAdminAction } from "./scenario-events.js";
import type { ReplicationSettings, Scenario, ScenarioInput } from "./scenario-types.js";

export type {
  ScenarioEvent,
  ScenarioEventInput,
  ScenarioEventOf,
  ScenarioEventType,
  ScriptedAdminAction,
  WrittenOn,
} from "./scenario-events.js";
export type {
  DirectoryShape,
  DirectoryShapeInput,
  ObjectKind,
  ReplicatedWorkload,
  ReplicatedWorkloadInput,
  ReplicationSettings,
  ReplicationSettingsInput,
  Scenario,
  ScenarioInput,
  TenantSettings,
  TenantSettingsInput,
  WorkloadRates,
  WorkloadRatesInput,
  WriteOrigin,
} from "./scenario-types.js";

/**
 * The scenario format (issue 5 §1): one description of a directory, a workload, scripted events and engine
 * configs, run against both engines. {@link validateScenario} turns a JSON value into a {@link Scenario}
 * with every duration in milliseconds and every default filled; the cross-reference checks live in
 * `validate.ts`. The public types are the documented interfaces of `scenario-types.ts` and
 * `scenario-events.ts`; the checks at the end of the schema keep this zod schema in step with them.
 */

/** Every {@link Feature}, in capability-table order. @public */
export const FEATURES = [
  "password-hash-sync",
  "pass-through-authentication",
  "federation",
  "password-writeback",
  "group-writeback",
  "device-writeback",
  "exchange-hybrid-writeback",
  "group-provisioning-to-ad",
  "multi-forest",
  "multi-forest-merge",
  "staging-server",
  "custom-sync-rules",
  "on-demand-provisioning",
  "accidental-delete-prevention",
  "high-availability",
] as const satisfies readonly Feature[];

// Compile-time check that FEATURES lists every Feature.
type MissingFeature = Exclude<Feature, (typeof FEATURES)[number]>;
const everyFeatureListed: MissingFeature extends never ? true : false = true;
void everyFeatureListed;

/** Faults a scripted `fault` event can inject. @public */
export const FAULTS = [
  "crash",
  "restart",
  "lose-database",
  "down",
  "up",
  "throttle",
  "unthrottle",
] as const satisfies readonly FaultName[];

/** Admin actions a scripted `admin` event can ask for. @public */
export const ADMIN_ACTIONS = [
  "promote",
  "demote",
  "start-cycle",
  "allow-deletes",
  "set-threshold",
  "restart",
  "clear-quarantine",
  "disable-scheduler",
  "enable-scheduler",
  "on-demand",
  "pause",
  "resume",
  "switch-authentication",
  "set-cycle-interval",
  "upgrade",
  "set-scope",
] as const satisfies readonly ScriptedAdminAction[];
// Every admin action an engine understands can be scripted: a new AdminActionName fails to compile here.
const everyAdminAction: [Exclude<ScriptedAdminAction, (typeof ADMIN_ACTIONS)[number]>] extends [never]
  ? true
  : false = true;
void everyAdminAction;

/**
 * A duration as written (milliseconds or text such as "1h30m"), in milliseconds. `positive`: zero is refused
 * too — checked here, where the value as written is still known, so the message names it ("0h", not "0s").
 */
const durationOf = (positive: boolean) =>
  z.union([z.number(), z.string()], { error: "is not a duration" }).transform((value, ctx) => {
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch {
      ctx.addIssue({ code: "custom", message: `${show(value)} is not a duration` });
      return z.NEVER;
    }
    if (positive && ms <= 0) {
      ctx.addIssue({ code: "custom", message: `${show(value)} must be above zero` });
      return z.NEVER;
    }
    return ms;
  });
const duration = durationOf(false);
const positiveDuration = durationOf(true);

/**
 * The most users a scenario may generate (a preset scaled to a size is held to it too), and the most
 * groups, contacts or devices; the workload's expected hires are held to it as well (validate.ts). Far
 * past what a machine runs (150,000 users take ~1.5 GB): a bound that turns a slip of the keyboard
 * (`"contacts": 100000000`) into a problem by path, where the run would grow for minutes and then abort
 * out of memory. @internal
 */
export const MAX_USERS = 2_000_000;

/**
 * The most group memberships (groups × membersPerGroup) a scenario may generate: ten per user at the
 * largest size. @internal
 */
export const MAX_MEMBERSHIPS = 20_000_000;

const count = z.number().int().min(0);
const rate = z.number().min(0).max(10_000_000);
// A name that is only spaces names nothing: the tenant refuses a blank displayName, AD a blank RDN.
const name = z
  .string()
  .refine((text) => text.trim().length > 0, { error: (issue) => `${show(issue.input)} is blank` });
const attributes = z.record(z.string(), z.unknown());

const forest = z.strictObject({
  name: z.string().refine((text) => isDnsName(text, 2), {
    error: (issue) => `${show(issue.input)}: must be a DNS domain name such as contoso.com`,
  }),
  ous: z
    .array(
      z.string().refine(isOuPath, {
        error: (issue) =>
          `${show(issue.input)} must be an OU such as OU=Sales or OU=East,OU=Region (names not blank, without , = + < > # ; " \\)`,
      }),
    )
    .default(["OU=Users"]),
});

/**
 * An OU as a forest declares it: `OU=` components (innermost first), then optionally the domain's `DC=`
 * components; each OU name one the directory can create ({@link isRdnValue}).
 */
function isOuPath(text: string): boolean {
  const parts = text.split(",");
  let i = 0;
  while (i < parts.length && /^OU=/i.test(parts[i] as string) && isRdnValue((parts[i] as string).slice(3)))
    i++;
  if (i === 0) return false;
  while (i < parts.length && /^DC=[^=]+$/i.test(parts[i] as string)) i++;
  return i === parts.length;
}

const share = z.number().min(0).max(1);
/** AD's Repl-Interval: a multiple of 15 minutes, 15 minutes to a week (ms-adls Repl-Interval). */
const QUARTER_HOUR = 15 * 60_000;
const replicationInterval = positiveDuration.refine(
  (ms) => ms % QUARTER_HOUR === 0 && ms >= QUARTER_HOUR && ms <= 7 * 24 * 3_600_000,
  {
    error: (issue) =>
      `${formatDuration(issue.input as number)} is not a site link interval (a multiple of 15m, from 15m to 7d)`,
  },
);

/**
 * Replication's defaults (reference.md C): the first intra-site partner is notified 15 s after a write
 * (KB 214678), a site link replicates every 180 minutes; the random workload writes on the sync DC.
 *
 * @public
 */
export const DEFAULT_REPLICATION: Readonly<ReplicationSettings> = Object.freeze({
  intraSite: 15_000,
  interSite: 180 * 60_000,
  workload: Object.freeze({ sameSite: 0, otherSite: 0 }),
});

// docs/scenarios.md "Where a write is made".
const replication = z.strictObject({
  intraSite: positiveDuration.default(DEFAULT_REPLICATION.intraSite),
  interSite: replicationInterval.default(DEFAULT_REPLICATION.interSite),
  workload: z
    .strictObject({ sameSite: share.default(0), otherSite: share.default(0) })
    .refine((shares) => shares.sameSite + shares.otherSite <= 1, {
      error: "sameSite + otherSite must be at most 1",
    })
    .default({ sameSite: 0, otherSite: 0 }),
});

const directory = z.strictObject({
  users: count.max(MAX_USERS).default(100),
  groups: count.max(MAX_USERS).default(0),
  membersPerGroup: count.default(0),
  contacts: count.max(MAX_USERS).default(0),
  devices: count.max(MAX_USERS).default(0),
  // Merger: the first N generated users also have an account in every other forest (the same people).
  sharedUsers: count.default(0),
  forests: z
    .array(forest)
    .min(1)
    .default([{ name: "contoso.com", ous: ["OU=Users"] }]),
  replication: replication.optional(),
});

/** The workload's rate fields, in scenario order: the one list the schema, the generator and the
 * testing arbitraries share. @public */
export const WORKLOAD_CATEGORIES = [
  "attributeChangesPerHour",
  "passwordChangesPerHour",
  "createsPerHour",
  "deletesPerHour",
  "movesPerHour",
  "membershipChangesPerHour",
] as const;

/**
 * How many of a workload rate's changes `duration` ms hold, expected: the rate per hour × the hours (what
 * validation bounds, and what sizes a run's threads and heap). @internal
 */
export function expectedOver(ratePerHour: number, duration: number): number {
  return (ratePerHour * duration) / HOUR;
}

/** Every rate 0: the default workload. */
const NO_RATES = Object.freeze(
  Object.fromEntries(WORKLOAD_CATEGORIES.map((category) => [category, 0])) as Record<
    (typeof WORKLOAD_CATEGORIES)[number],
    number
  >,
);

const workload = z.strictObject({
  attributeChangesPerHour: rate.default(0),
  passwordChangesPerHour: rate.default(0),
  createsPerHour: rate.default(0),
  deletesPerHour: rate.default(0),
  movesPerHour: rate.default(0),
  membershipChangesPerHour: rate.default(0),
});

const tenant = z.strictObject({
  verifiedDomain: z.boolean().default(true),
  quota: z.number().int().positive().optional(),
  blockSoftMatch: z.boolean().default(false),
  blockHardMatch: z.boolean().default(false),
});

const engineName = z
  .enum(["connect", "cloudSync", "cloud-sync"])
  .transform((value): EngineKind => (value === "cloud-sync" ? "cloudSync" : value));

const at = { at: duration };
// Where an AD write is made (absent: on the DC the engines read).
const dc = { dc: z.enum(["sync-dc", "same-site", "other-site"]).optional() };
const event = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("create"),
      ...at,
      ...dc,
      object: name,
      objectType: z.enum(["user", "group", "contact", "device"]).default("user"),
      forest: z.string().optional(),
      ou: z.string().optional(),
      attributes: attributes.default({}),
    }),
    z.strictObject({ type: z.literal("modify"), ...at, ...dc, object: name, attributes }),
    z.strictObject({ type: z.literal("password"), ...at, ...dc, object: name }),
    z.strictObject({ type: z.literal("delete"), ...at, ...dc, object: name }),
    z.strictObject({ type: z.literal("restore"), ...at, ...dc, object: name }),
    z.strictObject({ type: z.literal("move"), ...at, ...dc, object: name, ou: name }),
    z.strictObject({ type: z.literal("add-member"), ...at, ...dc, object: name, member: name }),
    z.strictObject({ type: z.literal("remove-member"), ...at, ...dc, object: name, member: name }),
    z.strictObject({
      type: z.literal("sign-in"),
      ...at,
      object: name,
      password: z.enum(["latest", "previous"]).default("latest"),
    }),
    z.strictObject({ type: z.literal("cloud-password-reset"), ...at, object: name }),
    z.strictObject({
      type: z.literal("cloud-group"),
      ...at,
      object: name,
      groupType: z.enum(["security", "microsoft365"]).default("security"),
      members: z.array(name).default([]),
    }),
    z.strictObject({
      type: z.literal("cloud-device"),
      ...at,
      object: name,
      operatingSystem: name.default("Windows"),
      operatingSystemVersion: name.default("10.0.22631"),
    }),
    z.strictObject({
      type: z.literal("exchange-online"),
      ...at,
      object: name,
      attribute: z.enum(
        EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES as [ExchangeWritebackAttribute, ...ExchangeWritebackAttribute[]],
      ),
      value: z
        .union([z.string(), z.number(), z.array(z.string())], {
          error: "is not a number, a string or a list of strings",
        })
        .optional(),
    }),
    z.strictObject({ type: z.literal("fault"), ...at, target: name, fault: z.enum(FAULTS) }),
    z.strictObject({
      type: z.literal("admin"),
      ...at,
      engine: engineName,
      action: z.enum(ADMIN_ACTIONS),
      target: z.string().optional(),
      value: z.unknown().optional(),
    }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? "is not an event type" : undefined) },
);

const scenarioObject = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().default(""),
  // zod 4's int() is a safe integer already (beyond that: "must be at most 9007199254740991").
  seed: z.number().int().default(1),
  duration: positiveDuration.default(8 * 3_600_000),
  drain: duration.default(12 * 3_600_000),
  // Steady-state start (docs/scenarios.md "initialSync"): warm each engine up before the workload starts.
  initialSync: z.enum(["before-start", "during-run"]).default("before-start"),
  warmupLimit: positiveDuration.default(7 * 24 * 3_600_000),
  directory: directory.default({
    users: 100,
    groups: 0,
    membersPerGroup: 0,
    contacts: 0,
    devices: 0,
    sharedUsers: 0,
    forests: [{ name: "contoso.com", ous: ["OU=Users"] }],
  }),
  workload: workload.default(NO_RATES),
  tenant: tenant.default({ verifiedDomain: true, blockSoftMatch: false, blockHardMatch: false }),
  authentication: z.enum(["phs", "pta", "federation"]).default("phs"),
  features: z.array(z.enum(FEATURES)).default([]),
  events: z.array(event).default([]),
  engines: z
    .strictObject({
      connect: z.record(z.string(), z.unknown()).default({}),
      cloudSync: z.record(z.string(), z.unknown()).default({}),
    })
    .default({ connect: {}, cloudSync: {} }),
});

// Compile-time checks that the documented interfaces and this schema cannot drift: what the schema accepts
// is exactly a ScenarioInput and what it produces exactly a Scenario (each assignable to the other).
const inputIsDocumented: (x: z.input<typeof scenarioObject>) => ScenarioInput = (x) => x;
const documentedInputIsAccepted: (x: ScenarioInput) => z.input<typeof scenarioObject> = (x) => x;
const outputIsDocumented: (x: z.output<typeof scenarioObject>) => Scenario = (x) => x;
const documentedOutputIsProduced: (x: Scenario) => z.output<typeof scenarioObject> = (x) => x;
void [inputIsDocumented, documentedInputIsAccepted, outputIsDocumented, documentedOutputIsProduced];
// Mutual assignability lets an optional field exist on one side only; identity does not.
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const inputIdentical: Identical<z.input<typeof scenarioObject>, ScenarioInput> = true;
const outputIdentical: Identical<z.output<typeof scenarioObject>, Scenario> = true;
void [inputIdentical, outputIdentical];

/**
 * The zod schema of a scenario (structure, types, durations, defaults): it accepts a {@link ScenarioInput}
 * and produces a {@link Scenario}. Cross-references are checked by {@link validateScenario} on top of it.
 *
 * @public
 */
export const scenarioSchema: z.ZodType<Scenario, ScenarioInput> = scenarioObject;

/** The scripted event types that are AD writes (tracked changes), in documentation order. @public */
export const AD_CHANGE_TYPES = [
  "create",
  "modify",
  "password",
  "delete",
  "restore",
  "move",
  "add-member",
  "remove-member",
] as const satisfies readonly ScenarioEventType[];

/** The scripted event types, in documentation order. @public */
export const EVENT_TYPES = [
  ...AD_CHANGE_TYPES,
  "sign-in",
  "cloud-password-reset",
  "cloud-group",
  "cloud-device",
  "exchange-online",
  "fault",
  "admin",
] as const satisfies readonly ScenarioEventType[];
