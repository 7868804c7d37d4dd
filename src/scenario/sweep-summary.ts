/**
 * A sweep's figures across seeds, per variant and engine: how far a latency moves from one seed to the
 * next, and in how many seeds each engine was the faster — what tells a real difference between the
 * engines (or between two cycle intervals) from the luck of one workload.
 */
import type { EngineKind } from "../engines/engine.js";
import { CHANGE_CATEGORIES, type ChangeCategory, type ChangeCounts, type EngineResult } from "./result.js";
import type { SweepResult } from "./sweep.js";
import { checkedSweepRuns } from "./sweep-schema.js";

/**
 * The spread of one figure over a sweep's seeds. `median` is the lower median: a value one of the runs
 * had (the middle one, or the lower of the two middle ones).
 *
 * @public
 */
export interface Spread {
  /** The smallest. */
  readonly min: number;
  /** The lower median. */
  readonly median: number;
  /** The largest. */
  readonly max: number;
}

/**
 * One change category's latency over the seeds whose runs had changes of it (ms of virtual time).
 *
 * @public
 */
export interface SweepLatency {
  /** Runs (seeds) with at least one such change applied. */
  readonly runs: number;
  /** The runs' p50s. */
  readonly p50: Spread;
  /** The runs' p99s. */
  readonly p99: Spread;
  /** The runs' longest latencies. */
  readonly max: Spread;
}

/**
 * One engine's figures over a variant's seeds.
 *
 * @public
 */
export interface SweepEngineSummary {
  /** Per category; `null` when no run had a change of it applied. */
  readonly latency: Readonly<Record<ChangeCategory, SweepLatency | null>>;
  /** The runs' change counts added up. */
  readonly changes: ChangeCounts;
  /** Incidents per kind, added up over the runs. */
  readonly incidents: Readonly<Record<string, number>>;
  /** Every feature a run found unsupported, sorted. */
  readonly unsupported: readonly string[];
}

/**
 * Per category, in how many seeds each engine had the lower p99 (seeds where one of them had no such
 * change applied are not counted).
 *
 * @public
 */
export interface LowerP99 {
  /** Seeds where Connect's p99 was lower. */
  readonly connect: number;
  /** Seeds where Cloud Sync's p99 was lower. */
  readonly cloudSync: number;
  /** Seeds where they were equal. */
  readonly tie: number;
}

/**
 * One variant's figures across its seeds.
 *
 * @public
 */
export interface SweepVariantSummary {
  /** Index of the variant. */
  readonly variant: number;
  /** The variant's name. */
  readonly name: string;
  /** How many runs the figures cover. */
  readonly runs: number;
  /** Each engine's figures. */
  readonly engines: Readonly<Partial<Record<EngineKind, SweepEngineSummary>>>;
  /** Both engines ran: per category, which had the lower p99 in how many seeds. */
  readonly lowerP99?: Readonly<Record<ChangeCategory, LowerP99>>;
}

/** The spread of some numbers (at least one). */
function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0] as number,
    median: sorted[Math.floor((sorted.length - 1) / 2)] as number,
    max: sorted[sorted.length - 1] as number,
  };
}

type EngineFigures = Pick<EngineResult, "latency" | "changes" | "incidents" | "unsupported">;

/** One engine's figures over some runs. */
function engineSummary(runs: readonly EngineFigures[]): SweepEngineSummary {
  const latency = {} as Record<ChangeCategory, SweepLatency | null>;
  for (const category of CHANGE_CATEGORIES) {
    const had = runs.map((r) => r.latency[category]).filter((l) => l.count > 0);
    latency[category] =
      had.length === 0
        ? null
        : {
            runs: had.length,
            p50: spread(had.map((l) => l.p50)),
            p99: spread(had.map((l) => l.p99)),
            max: spread(had.map((l) => l.max)),
          };
  }
  const changes = { made: 0, applied: 0, superseded: 0, pending: 0, lost: 0, filtered: 0, unsupported: 0 };
  const incidents = new Map<string, number>();
  const unsupported = new Set<string>();
  for (const run of runs) {
    for (const field of Object.keys(changes) as Array<keyof ChangeCounts>)
      changes[field] += run.changes[field];
    for (const incident of run.incidents)
      incidents.set(incident.kind, (incidents.get(incident.kind) ?? 0) + 1);
    for (const feature of run.unsupported) unsupported.add(feature);
  }
  return {
    latency,
    changes,
    incidents: Object.fromEntries([...incidents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    unsupported: [...unsupported].sort(),
  };
}

/**
 * Per variant, each engine's figures across the seeds, and which engine had the lower p99 how often.
 *
 * @param result - a sweep's header and runs (a shard's runs give that shard's figures only)
 * @throws SimulationError `invalid-argument` naming the first field of `result` that is missing or of the
 *   wrong kind
 * @public
 */
export function summarizeSweep(
  result: Pick<SweepResult, "engines" | "variants" | "runs">,
): SweepVariantSummary[] {
  return summarizeRuns(checkedSweepRuns(result));
}

/**
 * {@link summarizeSweep} of runs already checked (a sweep's own, or a result its renderer checked). @internal
 */
export function summarizeRuns(
  result: Pick<SweepResult, "engines" | "variants" | "runs">,
): SweepVariantSummary[] {
  return result.variants.map((variant, index) => {
    const runs = result.runs.filter((r) => r.variant === index);
    const engines: Partial<Record<EngineKind, SweepEngineSummary>> = {};
    for (const kind of result.engines) {
      const figures = runs.flatMap((r) => (r.engines[kind] ? [r.engines[kind]] : []));
      if (figures.length > 0) engines[kind] = engineSummary(figures);
    }
    const both = result.engines.includes("connect") && result.engines.includes("cloudSync");
    return {
      variant: index,
      name: variant.name,
      runs: runs.length,
      engines,
      ...(both ? { lowerP99: lowerP99(runs) } : {}),
    };
  });
}

/** Per category, which engine had the lower p99 in how many runs. */
function lowerP99(runs: SweepResult["runs"]): Record<ChangeCategory, LowerP99> {
  const out = {} as Record<ChangeCategory, LowerP99>;
  for (const category of CHANGE_CATEGORIES) {
    const tally = { connect: 0, cloudSync: 0, tie: 0 };
    for (const run of runs) {
      const a = run.engines.connect?.latency[category];
      const b = run.engines.cloudSync?.latency[category];
      if (!a || !b || a.count === 0 || b.count === 0) continue;
      if (a.p99 < b.p99) tally.connect++;
      else if (b.p99 < a.p99) tally.cloudSync++;
      else tally.tie++;
    }
    out[category] = tally;
  }
  return out;
}
