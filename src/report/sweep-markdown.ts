/**
 * The Markdown report of a sweep: per variant, each engine's latency across the seeds and which engine had
 * the lower p99 how often, as tables a pull request, a wiki or a chat renders. A pure function of the sweep
 * JSON; every string from the scenario (its name, the variants' assignments, incident kinds) is escaped.
 */
import type { EngineKind } from "../engines/engine.js";
import type { SweepResult } from "../scenario/sweep.js";
import { checkedSweepResult } from "../scenario/sweep-schema.js";
import { type SweepVariantSummary, summarizeRuns } from "../scenario/sweep-summary.js";
import { escapeMarkdownCell as cell, escapeMarkdownText as text } from "./escape.js";
import { categoryTitle, ENGINE_LABEL, readableDuration } from "./format.js";
import { markdownTable } from "./markdown.js";
import {
  changesPhrase,
  incidentEntries,
  lowerTally,
  p99Range,
  seedList,
  shownCategories,
} from "./sweep-format.js";

/**
 * Renders a sweep result (whole, merged or one shard) as Markdown.
 *
 * @returns the Markdown document, ending with a newline
 * @public
 */
export function renderSweepMarkdown(result: SweepResult): string {
  checkedSweepResult(result);
  const engines = result.engines;
  const blocks = [
    `# ${text(result.sweep)}: sweep`,
    [
      `Seeds ${text(seedList(result.seeds))}`,
      `${result.variants.length} variant${result.variants.length === 1 ? "" : "s"}`,
      `entra-sync-sim ${text(result.version)}`,
      `engines: ${engines.map((k) => ENGINE_LABEL[k]).join(", ")}`,
    ].join(" · "),
  ];
  if (result.shard) {
    blocks.push(
      `Shard ${result.shard.index} of ${result.shard.count}: ${result.runs.length} of ${result.points} points. The figures are this shard's; \`entra-sync-sim merge\` joins the shards into the sweep's.`,
    );
  }
  blocks.push(
    "Latencies are p50 and p99 of each run, over the runs (seeds) that had a change of the category applied: the median (the lower one, a value a run had) and, for the p99, the smallest and largest.",
  );
  for (const variant of result.summary ?? summarizeRuns(result))
    blocks.push(variantBlock(variant, engines, result));
  return `${blocks.join("\n\n")}\n`;
}

function variantBlock(
  variant: SweepVariantSummary,
  engines: readonly EngineKind[],
  result: SweepResult,
): string {
  const both = variant.lowerP99 !== undefined;
  const head = [
    "Change",
    ...engines.flatMap((k) => [`${ENGINE_LABEL[k]} p50`, `${ENGINE_LABEL[k]} p99 (min – median – max)`]),
    ...(both ? ["Lower p99 in (Connect / Cloud Sync / tie)"] : []),
  ];
  const rows = shownCategories(variant, engines).map((category) => [
    cell(categoryTitle(category)),
    ...engines.flatMap((k) => {
      const l = variant.engines[k]?.latency[category];
      return l ? [cell(readableDuration(l.p50.median)), cell(p99Range(l))] : ["–", "–"];
    }),
    ...(both ? [lowerTally(variant, category)] : []),
  ]);
  const align = head.map((_, i) => (i === 0 ? "l" : "r") as "l" | "r");
  const per = (describe: (k: EngineKind) => string): string =>
    engines.map((k) => `${ENGINE_LABEL[k]}: ${describe(k)}`).join("; ");
  const lines = [
    `## Variant ${variant.variant + 1} of ${result.variants.length}: ${text(variant.name)}`,
    "",
    `${variant.runs} run${variant.runs === 1 ? "" : "s"}.`,
    "",
    rows.length > 0 ? markdownTable(head, rows, align) : "No change reached the cloud in any run.",
    "",
    `- Changes applied: ${per((k) => changesPhrase(variant.engines[k]?.changes))}`,
    `- Incidents: ${per((k) => incidentEntries(variant, k).map(text).join(", ") || "none")}`,
    `- Unsupported: ${per((k) => (variant.engines[k]?.unsupported ?? []).map((f) => text(f)).join(", ") || "none")}`,
  ];
  return lines.join("\n");
}
