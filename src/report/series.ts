/**
 * The data behind the charts, derived from a result: CDF points per category and engine, and the backlog
 * series, each thinned to a bounded number of points so a report of a 200,000-change run stays small.
 */
import type { LatencySummary, TimelinePoint } from "../scenario/result.js";

/** One plotted point: `x` in milliseconds (latency or virtual time), `y` a fraction or a count. @internal */
export interface ChartPoint {
  /** Horizontal value: a latency or a virtual time, in milliseconds. */
  readonly x: number;
  /** Vertical value: a cumulative fraction (CDF) or a pending count (timeline). */
  readonly y: number;
}

/**
 * A latency distribution as CDF points.
 *
 * @internal
 */
export interface CdfData {
  /** Points in ascending `x`, `y` the fraction of changes at or below `x`. */
  readonly points: readonly ChartPoint[];
  /** True when drawn from raw samples; false when only the p50/p90/p99/max summary was available. */
  readonly exact: boolean;
  /** Changes measured. */
  readonly count: number;
}

/** Default cap on plotted points per series. @internal */
export const DEFAULT_MAX_POINTS = 240;

/**
 * CDF points of one category for one engine: one point per distinct latency from `samples` (sorted
 * ascending, as results carry them), or the p50/p90/p99/max points of the summary when there are none.
 *
 * @param samples - raw latencies, ascending (sorted here again if they are not)
 * @param summary - the category's summary, the fallback
 * @param maxPoints - cap on the points returned; quantiles evenly spaced in rank are kept, always the max
 * @internal
 */
export function cdfData(
  samples: readonly number[] | undefined,
  summary: LatencySummary | undefined,
  maxPoints = DEFAULT_MAX_POINTS,
): CdfData {
  if (samples && samples.length > 0) {
    const sorted = isAscending(samples) ? samples : [...samples].sort((a, b) => a - b);
    const n = sorted.length;
    const distinct: ChartPoint[] = [];
    for (let i = 0; i < n; i++) {
      const x = sorted[i] as number;
      // A run of equal latencies is one step of the CDF, at the fraction reached after the last of them.
      if (i + 1 < n && sorted[i + 1] === x) continue;
      distinct.push({ x, y: (i + 1) / n });
    }
    // The result may carry a downsample of the latencies (evenly spaced quantiles): the count shown is the
    // summary's, the number of changes measured, not the number of samples kept.
    return { points: thinByRank(distinct, maxPoints), exact: true, count: summary?.count ?? n };
  }
  if (!summary || summary.count === 0) return { points: [], exact: false, count: 0 };
  const raw: ChartPoint[] = [
    { x: summary.p50, y: 0.5 },
    { x: summary.p90, y: 0.9 },
    { x: summary.p99, y: 0.99 },
    { x: summary.max, y: 1 },
  ];
  const points: ChartPoint[] = [];
  for (const point of raw) {
    const last = points[points.length - 1];
    if (last && point.x <= last.x) points[points.length - 1] = { x: last.x, y: Math.max(last.y, point.y) };
    else points.push(point);
  }
  return { points, exact: false, count: summary.count };
}

/**
 * The backlog series of one engine, thinned to at most `maxPoints` by keeping the highest sample of each
 * bucket (and the first and last), so peaks — what a reader looks for in a backlog — survive.
 *
 * @internal
 */
export function timelineData(
  timeline: readonly TimelinePoint[],
  maxPoints = DEFAULT_MAX_POINTS,
): ChartPoint[] {
  const points = timeline.map((p) => ({ x: p.at, y: p.pending }));
  if (points.length <= maxPoints || maxPoints < 3) return points;
  const inner = points.length - 2;
  const buckets = maxPoints - 2;
  const out: ChartPoint[] = [points[0] as ChartPoint];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    let best: ChartPoint | undefined;
    for (let i = start; i < end; i++) {
      const p = points[i] as ChartPoint;
      if (!best || p.y > best.y) best = p;
    }
    if (best) out.push(best);
  }
  out.push(points[points.length - 1] as ChartPoint);
  return out;
}

function thinByRank(points: ChartPoint[], maxPoints: number): ChartPoint[] {
  if (points.length <= maxPoints || maxPoints < 2) return points;
  const out: ChartPoint[] = [];
  let previous = -1;
  for (let k = 0; k < maxPoints; k++) {
    const index = Math.round((k * (points.length - 1)) / (maxPoints - 1));
    if (index !== previous) out.push(points[index] as ChartPoint);
    previous = index;
  }
  return out;
}

function isAscending(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[i - 1] as number)) return false;
  return true;
}
