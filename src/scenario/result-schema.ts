/**
 * The shape of a {@link ComparisonResult}, for results read back as JSON: a report rendered from a file
 * saved with `--json` (or edited, or written by an older version) is checked before it is read, so a field
 * that is missing or of the wrong kind is named with its path rather than met as a TypeError halfway
 * through a report. Objects are loose (fields a later version adds are kept and ignored); the fields the
 * result format documents are checked, and the check at the end keeps the schema in step with the types.
 */
import { z } from "zod";
import type { EngineKind, Feature } from "../engines/engine.js";
import { SimulationError } from "../scheduler/errors.js";
import type {
  ChangeCategory,
  ChangeCounts,
  ComparisonResult,
  EventStatus,
  LatencySummary,
  ResultIncident,
} from "./result.js";
import { ENGINE_KINDS } from "./run-arguments.js";
import type { WriteOrigin } from "./scenario-types.js";
import { FEATURES } from "./schema.js";
import { problemsOf } from "./schema-problems.js";

// A moment or span of virtual time, ms. Bounded by the largest exact integer: no run reaches past it, so a
// larger value is a corrupt file (1e308 once made the timeline's tick loop abort Node: charts.ts timeStep).
const time = z.number().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
/** A count: a whole number, at least 0. @internal */
export const count = z.number().int().nonnegative();
/** A {@link LatencySummary}. @internal */
export const latency = z.looseObject({ count, mean: time, p50: time, p90: time, p99: time, max: time });
/** A {@link ChangeCounts}. @internal */
export const changes = z.looseObject({
  made: count,
  applied: count,
  superseded: count,
  pending: count,
  lost: count,
  filtered: count,
  unsupported: count,
});
/** One `value` per {@link ChangeCategory}. @internal */
export const categories = <T extends z.ZodType>(value: T) =>
  z.looseObject({
    create: value,
    attribute: value,
    password: value,
    delete: value,
    move: value,
    membership: value,
  });
const STATUSES = [
  "applied",
  "superseded",
  "pending",
  "lost",
  "filtered",
  "unsupported",
  "done",
  "refused",
  "ignored",
  "failed",
] as const satisfies readonly EventStatus[];
/** A {@link Feature}. @internal */
export const feature = z.enum(FEATURES as unknown as [Feature, ...Feature[]]);
/** A {@link ResultIncident}. @internal */
export const incident = z.looseObject({ at: time, kind: z.string(), detail: z.string() });
/** An {@link EngineKind}. @internal */
export const engineKind = z.enum(ENGINE_KINDS as readonly EngineKind[] as [EngineKind, ...EngineKind[]]);
/** One optional `value` per engine (what a result holds per engine). @internal */
export const perEngine = <T extends z.ZodType>(value: T) =>
  z.looseObject({ connect: value.optional(), cloudSync: value.optional() } satisfies Record<
    EngineKind,
    z.ZodType
  >);
const capabilityRows = z.array(
  z.looseObject({ feature: z.string(), supported: z.boolean(), reason: z.string() }),
);
const origins = <T extends z.ZodType>(value: T) =>
  z.looseObject({
    "sync-dc": value,
    "same-site": value,
    "other-site": value,
  } satisfies Record<WriteOrigin, T>);

const engineResult = z.looseObject({
  latency: categories(latency),
  changes,
  events: z.array(
    z.looseObject({
      index: count,
      type: z.string(),
      at: time,
      status: z.enum(STATUSES),
      visibleAt: time.nullable(),
      latency: time.nullable(),
      outcome: z.enum(["success", "failure"]).optional(),
      reason: z.string().optional(),
    }),
  ),
  incidents: z.array(incident),
  unsupported: z.array(feature),
  timeline: z.array(z.looseObject({ at: time, pending: count })),
  samples: categories(z.array(time).optional()).partial().optional(),
  endedAt: time.optional(),
  warmup: time.optional(),
  cloud: z.looseObject({ user: count, group: count, contact: count, device: count }).optional(),
  duplicateAttributes: z.looseObject({ userPrincipalName: count, proxyAddresses: count }).optional(),
  replication: origins(z.looseObject({ changes, latency })).optional(),
});

const summary = z.looseObject({
  description: z.string(),
  duration: time,
  directory: z.record(z.string(), z.number()),
  authentication: z.string(),
  features: z.array(z.string()),
  tenant: z
    .looseObject({
      verifiedDomain: z.boolean(),
      quota: count.optional(),
      blockSoftMatch: z.boolean(),
      blockHardMatch: z.boolean(),
    })
    .optional(),
  replication: z
    .looseObject({
      intraSite: time,
      interSite: time,
      workload: z.looseObject({ sameSite: z.number(), otherSite: z.number() }),
    })
    .optional(),
  markers: z.array(z.looseObject({ at: time, label: z.string(), engine: engineKind.optional() })),
  capabilities: perEngine(capabilityRows).optional(),
});

/**
 * The zod schema of a {@link ComparisonResult} (the JSON of `compareEngines`, `runScenario` and the CLI's
 * `--json`): every documented field checked, fields it does not know kept. For results read back from a
 * file; the report renderers check their input with it.
 *
 * @public
 */
export const comparisonResultSchema: z.ZodType<ComparisonResult> = z.looseObject({
  scenario: z.string(),
  seed: z.number().int(),
  version: z.string(),
  engines: perEngine(engineResult),
  summary: summary.optional(),
});

/**
 * A comparison result a caller passed, checked against {@link comparisonResultSchema}.
 *
 * @param field - what messages call it (`result`)
 * @throws SimulationError `invalid-argument` naming the first field that is missing or of the wrong kind
 *   (`result.engines.connect.latency.create.p99: "x" is not a number`), with every problem in `details`
 * @internal
 */
export function checkedComparisonResult(value: unknown, field = "result"): ComparisonResult {
  return checkedAgainst(comparisonResultSchema, value, field, "a comparison result");
}

/**
 * `value` checked against `schema`, or the `invalid-argument` error naming its first problem.
 *
 * @param style - `separator` between `field` and the problem's path (`.`; `: ` when `field` is a file);
 *   `sayWhat` ends the message with `: not <what>` (for input that may be another kind of JSON altogether)
 * @internal
 */
export function checkedAgainst<T>(
  schema: z.ZodType<T>,
  value: unknown,
  field: string,
  what: string,
  style: { readonly separator?: string; readonly sayWhat?: boolean } = {},
): T {
  const parsed = schema.safeParse(value);
  // The value as given, not zod's copy of it (its fields in their order, nothing dropped).
  if (parsed.success) return value as T;
  const separator = style.separator ?? ".";
  const problems = problemsOf(parsed.error, value).map((p) => ({
    path: p.path === "" ? field : `${field}${separator}${p.path}`,
    message: p.message,
  }));
  const first = problems[0] ?? { path: field, message: `is not ${what}` };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  const context = style.sayWhat && problems.length > 0 ? `: not ${what}` : "";
  throw new SimulationError("invalid-argument", `${first.path}: ${first.message}${more}${context}`, {
    field: first.path,
    value: problems,
  });
}
