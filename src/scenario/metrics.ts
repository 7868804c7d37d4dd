import type { LatencySummary } from "./result.js";

/**
 * Summaries of latency samples. Percentiles use the nearest-rank method (the smallest sample with at least
 * q of the samples at or below it), so every figure is a latency some change really had.
 */

/** Summary of sorted (ascending) latencies; all zeros for no samples. @public */
export function summarise(sorted: ArrayLike<number>): LatencySummary {
  const n = sorted.length;
  if (n === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  let total = 0;
  // Indexed, not for-of: this runs a few times per result, unoptimised, where each iterator step is an object.
  for (let i = 0; i < n; i++) total += sorted[i] as number;
  const rank = (q: number): number => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] as number;
  return {
    count: n,
    mean: Math.round(total / n),
    p50: rank(0.5),
    p90: rank(0.9),
    p99: rank(0.99),
    max: sorted[n - 1] as number,
  };
}

/**
 * At most `limit` order statistics of sorted samples, evenly spaced by rank and always keeping the first
 * and last — enough to draw a distribution without shipping every sample.
 *
 * @public
 */
export function downsample(sorted: ArrayLike<number>, limit = 1_000): number[] {
  if (sorted.length <= limit) return Array.from(sorted);
  const out: number[] = [];
  for (let i = 0; i < limit; i++)
    out.push(sorted[Math.round((i * (sorted.length - 1)) / (limit - 1))] as number);
  return out;
}
