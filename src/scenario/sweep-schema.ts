/**
 * The shape of a {@link SweepResult}, for sweeps read back as JSON: the shards `mergeSweeps` joins, and the
 * sweeps the report renderers are given. As for a comparison result (result-schema.ts), objects are loose
 * and the fields the format documents are checked; the check at the end keeps the schema in step with the
 * types.
 */
import { z } from "zod";
import {
  categories,
  changes,
  checkedAgainst,
  count,
  engineKind,
  feature,
  incident,
  latency,
  perEngine,
} from "./result-schema.js";
import type { SweepResult } from "./sweep.js";

const engineRun = z.looseObject({
  latency: categories(latency),
  changes,
  incidents: z.array(incident),
  unsupported: z.array(feature),
});
const spread = z.looseObject({ min: z.number(), median: z.number(), max: z.number() });
const engineSummary = z.looseObject({
  latency: categories(z.looseObject({ runs: count, p50: spread, p99: spread, max: spread }).nullable()),
  changes,
  incidents: z.record(z.string(), count),
  unsupported: z.array(z.string()),
});
const variantSummary = z.looseObject({
  variant: count,
  name: z.string(),
  runs: count,
  engines: perEngine(engineSummary),
  lowerP99: categories(z.looseObject({ connect: count, cloudSync: count, tie: count })).optional(),
});

/** The fields of a sweep its figures come from. */
const runsPart = {
  engines: z.array(engineKind).min(1),
  variants: z.array(z.looseObject({ name: z.string(), assignments: z.array(z.string()) })).min(1),
  runs: z.array(
    z.looseObject({
      point: count,
      variant: count,
      seed: z.number().int(),
      engines: perEngine(engineRun),
    }),
  ),
};

/**
 * The zod schema of a {@link SweepResult} (the JSON of `runSweep`, `mergeSweeps` and the CLI's `sweep
 * --json`, a shard's included): every documented field checked, fields it does not know kept.
 *
 * @public
 */
export const sweepResultSchema: z.ZodType<SweepResult> = z.looseObject({
  sweep: z.string(),
  version: z.string(),
  ...runsPart,
  seeds: z.array(z.number().int()).min(1),
  points: count,
  shard: z.looseObject({ index: z.number().int().positive(), count: z.number().int().positive() }).optional(),
  summary: z.array(variantSummary).optional(),
});

/** What `summarizeSweep` reads of a sweep: its engines, variants and runs. */
const sweepRunsSchema: z.ZodType<Pick<SweepResult, "engines" | "variants" | "runs">> =
  z.looseObject(runsPart);

/**
 * A sweep result a caller passed, checked against {@link sweepResultSchema}.
 *
 * @throws SimulationError `invalid-argument` naming the first field that is missing or of the wrong kind
 * @internal
 */
export function checkedSweepResult(value: unknown, field = "result"): SweepResult {
  return checkedAgainst(sweepResultSchema, value, field, "a sweep result");
}

/**
 * A sweep's engines, variants and runs a caller passed (what `summarizeSweep` reads), checked.
 *
 * @throws SimulationError `invalid-argument` naming the first field that is missing or of the wrong kind
 * @internal
 */
export function checkedSweepRuns(
  value: unknown,
  field = "result",
): Pick<SweepResult, "engines" | "variants" | "runs"> {
  return checkedAgainst(sweepRunsSchema, value, field, "a sweep's runs");
}
