import type { EngineKind } from "../engines/engine.js";
import type { SweepResult } from "../scenario/sweep.js";
import { checkedSweepResult } from "../scenario/sweep-schema.js";
import { summarizeRuns } from "../scenario/sweep-summary.js";
import { formatCount } from "./format.js";
import { incidentEntries, lowerTally, seedList, shownCategories } from "./sweep-format.js";
import { readableLatency } from "./table.js";

/**
 * The console report of a sweep: per variant, each engine's p50 and p99 across the seeds (the p99's
 * smallest, median and largest), in how many seeds each engine had the lower p99, the changes applied,
 * incidents per kind and unsupported features. A pure function of the sweep JSON; plain text, fits 120
 * columns.
 */

const LABEL: Readonly<Record<EngineKind, string>> = { connect: "Connect Sync", cloudSync: "Cloud Sync" };
const CELL = 9;
const LABEL_WIDTH = 12;

const pad = (text: string, width: number): string => text.padEnd(width);
const lpad = (text: string, width: number): string => text.padStart(width);

/**
 * Renders a sweep result (whole, merged or one shard) as a console table.
 *
 * @public
 */
export function renderSweepTable(result: SweepResult): string {
  checkedSweepResult(result);
  const lines: string[] = [];
  const engineRuns = result.runs.length * result.engines.length;
  lines.push(
    [
      `${result.sweep} sweep`,
      `${result.seeds.length} seed${result.seeds.length === 1 ? "" : "s"} (${seedList(result.seeds)})`,
      `${result.variants.length} variant${result.variants.length === 1 ? "" : "s"}`,
      `${formatCount(engineRuns)} engine run${engineRuns === 1 ? "" : "s"}`,
    ].join("  ·  "),
  );
  if (result.shard) {
    lines.push(
      `shard ${result.shard.index}/${result.shard.count}: ${result.runs.length} of ${result.points} points; the figures below are this shard's — join the shards' JSON with \`entra-sync-sim merge\` for the sweep's`,
    );
  }
  lines.push("");
  const engines = result.engines;
  const both = engines.includes("connect") && engines.includes("cloudSync");
  const block = 2 + CELL * 4;
  for (const variant of result.summary ?? summarizeRuns(result)) {
    lines.push(
      `variant ${variant.variant + 1} of ${result.variants.length}: ${variant.name}  (${variant.runs} run${variant.runs === 1 ? "" : "s"})`,
    );
    lines.push((pad("", LABEL_WIDTH) + engines.map((k) => pad(`  ${LABEL[k]}`, block)).join("")).trimEnd());
    const head = `  ${["p50 med", "p99 min", "p99 med", "p99 max"].map((h) => lpad(h, CELL)).join("")}`;
    lines.push(
      pad("latency", LABEL_WIDTH) + engines.map(() => head).join("") + (both ? "  lower p99 (C/CS/=)" : ""),
    );
    // A category no run had a change of applied (no moves in the workload, say) is left out.
    for (const category of shownCategories(variant, engines)) {
      let row = pad(category, LABEL_WIDTH);
      for (const kind of engines) {
        const l = variant.engines[kind]?.latency[category];
        const cells = l
          ? [l.p50.median, l.p99.min, l.p99.median, l.p99.max].map(readableLatency)
          : ["-", "-", "-", "-"];
        row += `  ${cells.map((c) => lpad(c, CELL)).join("")}`;
      }
      if (both) row += `  ${lpad(lowerTally(variant, category, "/"), 19)}`;
      lines.push(row.trimEnd());
    }
    const figure = (label: string, cell: (kind: EngineKind) => string): void => {
      lines.push(
        (pad(label, LABEL_WIDTH) + engines.map((k) => pad(`  ${cell(k)}`, block)).join("")).trimEnd(),
      );
    };
    figure("applied", (k) => {
      const c = variant.engines[k]?.changes;
      return c ? `${formatCount(c.applied)} of ${formatCount(c.made)} changes` : "-";
    });
    figure("pending/lost", (k) => {
      const c = variant.engines[k]?.changes;
      return c ? `${formatCount(c.pending)} / ${formatCount(c.lost)}` : "-";
    });
    // Lists can be long: one engine per line.
    const listed = (label: string, items: (kind: EngineKind) => readonly string[]): void => {
      if (engines.every((k) => items(k).length === 0)) {
        lines.push(`${pad(label, LABEL_WIDTH)}  none`);
        return;
      }
      engines.forEach((k, i) => {
        lines.push(
          `${pad(i === 0 ? label : "", LABEL_WIDTH)}  ${LABEL[k]}: ${items(k).join(", ") || "none"}`,
        );
      });
    };
    listed("incidents", (k) => incidentEntries(variant, k));
    listed("unsupported", (k) => variant.engines[k]?.unsupported ?? []);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}
