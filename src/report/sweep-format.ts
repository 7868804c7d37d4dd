/**
 * What the sweep reports (console, Markdown, HTML) say alike: which categories to show, the p99 range, the
 * lower-p99 tally, the changes' phrase, the seeds. Plain text; each renderer escapes it for its format.
 */
import type { EngineKind } from "../engines/engine.js";
import { CHANGE_CATEGORIES, type ChangeCategory, type ChangeCounts } from "../scenario/result.js";
import type { SweepLatency, SweepVariantSummary } from "../scenario/sweep-summary.js";
import { formatCount, readableDuration } from "./format.js";

/**
 * A sweep's seeds for a reader: `1..5` when consecutive, else the list (shortened past eight).
 *
 * @internal
 */
export function seedList(seeds: readonly number[]): string {
  const consecutive = seeds.every((s, i) => i === 0 || s === (seeds[i - 1] as number) + 1);
  if (consecutive && seeds.length > 2) return `${seeds[0]}..${seeds[seeds.length - 1]}`;
  return seeds.length > 8 ? `${seeds.slice(0, 8).join(", ")}, …` : seeds.join(", ");
}

/** The categories some engine had changes of applied in the variant (the others are left out). @internal */
export function shownCategories(
  variant: SweepVariantSummary,
  engines: readonly EngineKind[],
): ChangeCategory[] {
  return CHANGE_CATEGORIES.filter((c) => engines.some((k) => variant.engines[k]?.latency[c]));
}

/** `29m – 30m – 31m`: the p99's smallest, median and largest. @internal */
export function p99Range(latency: SweepLatency, format: (ms: number) => string = readableDuration): string {
  return [latency.p99.min, latency.p99.median, latency.p99.max].map(format).join(" – ");
}

/** `0 / 3 / 0`: seeds where Connect's p99 was lower, Cloud Sync's, equal; `–` without both engines. @internal */
export function lowerTally(
  variant: SweepVariantSummary,
  category: ChangeCategory,
  separator = " / ",
): string {
  const t = variant.lowerP99?.[category];
  return t ? [t.connect, t.cloudSync, t.tie].join(separator) : "–";
}

/** `27 of 30 (0 pending, 0 lost)`, or `–`. @internal */
export function changesPhrase(changes: ChangeCounts | undefined): string {
  if (!changes) return "–";
  return `${formatCount(changes.applied)} of ${formatCount(changes.made)} (${formatCount(changes.pending)} pending, ${formatCount(changes.lost)} lost)`;
}

/** An engine's incidents as `kind n` entries, kinds in order. @internal */
export function incidentEntries(variant: SweepVariantSummary, engine: EngineKind): string[] {
  return Object.entries(variant.engines[engine]?.incidents ?? {}).map(([kind, n]) => `${kind} ${n}`);
}
