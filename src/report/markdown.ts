/**
 * The Markdown report: the same content as the HTML report, as tables a pull request, a wiki or a chat
 * renders. A pure function of the result JSON.
 */
import type { EngineKind } from "../engines/engine.js";
import { CHANGE_CATEGORIES, type ComparisonResult, type EngineResult } from "../scenario/result.js";
import { checkedComparisonResult } from "../scenario/result-schema.js";
import { formatInstant } from "../scheduler/duration.js";
import { numberMarkers } from "./charts.js";
import { escapeMarkdownCell as cell, escapeMarkdownText as text } from "./escape.js";
import {
  COUNT_ROWS,
  capabilityRows,
  categoryTitle,
  cloudEndPhrase,
  cloudWriteRows,
  directoryPhrase,
  ENGINE_LABEL,
  enginesOf,
  eventRows,
  formatCount,
  originCells,
  originRows,
  readableDuration,
  showsCloudEnd,
} from "./format.js";

type Engines = Array<[EngineKind, EngineResult]>;

/**
 * Renders a comparison (or a single-engine run) as Markdown: scenario summary, latency per category with
 * the engines side by side, change counts, backlog peaks, faults and admin actions, incidents, scripted
 * events, unsupported features and capabilities.
 *
 * Every string from the scenario or the result is escaped: in table cells `|` and line breaks cannot
 * break the table, and `<`, `>`, `&` are written as entities so nothing renders as HTML.
 *
 * @param result - the result of `compareEngines` or `runScenario`
 * @returns the Markdown document, ending with a newline
 * @public
 */
export function renderMarkdown(result: ComparisonResult): string {
  checkedComparisonResult(result);
  const engines = enginesOf(result);
  const blocks = [
    `# ${text(result.scenario)}`,
    `Seed ${text(result.seed)} · entra-sync-sim ${text(result.version)} · engines: ${engines.map(([k]) => ENGINE_LABEL[k]).join(", ") || "none"}`,
    summary(result, engines),
    latency(engines),
    counts(engines),
    origins(engines),
    cloudWrites(engines),
    backlog(result, engines),
    incidents(engines),
    events(engines),
    unsupported(engines),
    capabilities(result, engines),
  ];
  return `${blocks.filter((b) => b.length > 0).join("\n\n")}\n`;
}

/** One line of a paragraph: escaped, and unable to start a list, a heading underline or a code block. */
function paragraphLine(line: string): string {
  return text(line.trim())
    .replace(/^([-=])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/** A Markdown table; `align` per column (left unless `r`). @internal */
export function markdownTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly ("l" | "r")[],
): string {
  const rule = head.map((_, i) => ((align?.[i] ?? "l") === "r" ? "---:" : "---"));
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(head), line(rule), ...rows.map(line)].join("\n");
}

function summary(result: ComparisonResult, engines: Engines): string {
  const s = result.summary;
  const lines = ["## Scenario", ""];
  if (s) {
    if (s.description) lines.push(...s.description.split(/\r\n|\r|\n/).map(paragraphLine), "");
    lines.push(
      `- Workload duration: ${text(readableDuration(s.duration))}`,
      `- Directory: ${text(directoryPhrase(s.directory))}`,
      `- Authentication: ${text(s.authentication)}`,
      `- Features requested: ${s.features.length > 0 ? s.features.map((f) => text(f)).join(", ") : "none"}`,
    );
  } else {
    lines.push("- The result carries no scenario summary.");
  }
  for (const [kind, e] of engines) {
    if (e.endedAt !== undefined)
      lines.push(`- ${ENGINE_LABEL[kind]} run ended at ${text(readableDuration(e.endedAt))}`);
  }
  if (showsCloudEnd(engines.map(([, e]) => e)))
    for (const [kind, e] of engines)
      lines.push(`- ${ENGINE_LABEL[kind]} in the cloud at the end: ${text(cloudEndPhrase(e))}`);
  return lines.join("\n");
}

function latency(engines: Engines): string {
  const head = [
    "Change",
    ...engines.flatMap(([k]) => ["p50", "p90", "p99", "max", "n"].map((c) => `${ENGINE_LABEL[k]} ${c}`)),
  ];
  const rows = CHANGE_CATEGORIES.map((category) => [
    cell(categoryTitle(category)),
    ...engines.flatMap(([, e]) => {
      const l = e.latency[category];
      if (!l || l.count === 0) return ["–", "–", "–", "–", l ? "0" : "–"];
      return [...[l.p50, l.p90, l.p99, l.max].map((v) => cell(readableDuration(v))), formatCount(l.count)];
    }),
  ]);
  const align = head.map((_, i) => (i === 0 ? "l" : "r") as "l" | "r");
  return `## Latency: from AD to the cloud\n\n${markdownTable(head, rows, align)}`;
}

function counts(engines: Engines): string {
  const rows = COUNT_ROWS.map(({ key, label }) => [
    label,
    ...engines.map(([, e]) => formatCount(e.changes[key])),
  ]);
  const head = ["Fate", ...engines.map(([k]) => ENGINE_LABEL[k])];
  return `## What became of the changes\n\n${markdownTable(
    head,
    rows,
    head.map((_, i) => (i === 0 ? "l" : "r")),
  )}`;
}

function origins(engines: Engines): string {
  const rows = originRows(engines);
  if (rows.length === 0) return "";
  const head = [
    "Written on",
    ...engines.flatMap(([k]) => ["n", "applied", "p50", "p90", "max"].map((c) => `${ENGINE_LABEL[k]} ${c}`)),
  ];
  const body = rows.map((row) => [
    row.title,
    ...row.engines.flatMap((c) => originCells(c, (v) => cell(readableDuration(v)), "–")),
  ]);
  return `## Where the writes were made

Latency counts from the write, so replication to the sync DC is part of it.

${markdownTable(
  head,
  body,
  head.map((_, i) => (i === 0 ? "l" : "r")),
)}`;
}

function cloudWrites(engines: Engines): string {
  const rows = cloudWriteRows(engines);
  if (rows.length === 0) return "";
  const head = [
    "Write",
    ...engines.flatMap(([k]) => ["n", "in AD", "p50", "max"].map((c) => `${ENGINE_LABEL[k]} ${c}`)),
  ];
  const body = rows.map((row) => [
    row.title,
    ...row.engines.flatMap((c) => [
      formatCount(c.count),
      formatCount(c.applied),
      c.p50 === undefined ? "–" : cell(readableDuration(c.p50)),
      c.max === undefined ? "–" : cell(readableDuration(c.max)),
    ]),
  ]);
  return `## Writes from the cloud to AD\n\n${markdownTable(
    head,
    body,
    head.map((_, i) => (i === 0 ? "l" : "r")),
  )}`;
}

function backlog(result: ComparisonResult, engines: Engines): string {
  const lines = ["## Backlog", ""];
  for (const [kind, e] of engines) {
    let peak = { at: 0, pending: 0 };
    for (const p of e.timeline) if (p.pending > peak.pending) peak = p;
    const last = e.timeline[e.timeline.length - 1];
    lines.push(
      `- ${ENGINE_LABEL[kind]}: peak ${formatCount(peak.pending)} pending at ${formatInstant(peak.at)}` +
        (last ? `; ${formatCount(last.pending)} pending at ${formatInstant(last.at)}` : ""),
    );
  }
  const markers = numberMarkers(result.summary?.markers ?? []);
  if (markers.length > 0) {
    lines.push(
      "",
      "### Faults and admin actions",
      "",
      markdownTable(
        ["#", "At", "Engine", "Fault or action"],
        markers.map((m) => [
          String(m.number),
          formatInstant(m.at),
          m.engine ? ENGINE_LABEL[m.engine] : "both",
          cell(m.label),
        ]),
      ),
    );
  }
  return lines.join("\n");
}

function incidents(engines: Engines): string {
  const lines = ["## Incidents"];
  for (const [kind, e] of engines) {
    lines.push("", `### ${ENGINE_LABEL[kind]}`, "");
    if (e.incidents.length === 0) lines.push("No incidents.");
    else
      lines.push(
        markdownTable(
          ["At", "Kind", "Detail"],
          e.incidents.map((i) => [formatInstant(i.at), cell(i.kind), cell(i.detail)]),
        ),
      );
  }
  return lines.join("\n");
}

function events(engines: Engines): string {
  const rows = eventRows(engines).map((row) => [
    cell(row.index),
    cell(row.type),
    row.at === undefined ? "–" : formatInstant(row.at),
    ...row.fates.map((ev) => {
      if (!ev) return "–";
      const parts: string[] = [ev.status];
      if (ev.outcome) parts.push(ev.outcome);
      if (ev.latency !== null) parts.push(`after ${readableDuration(ev.latency)}`);
      return cell(parts.join(", ") + (ev.reason ? ` — ${ev.reason}` : ""));
    }),
  ]);
  if (rows.length === 0) return "";
  return `## Scripted events\n\n${markdownTable(["#", "Event", "At", ...engines.map(([k]) => ENGINE_LABEL[k])], rows)}`;
}

function unsupported(engines: Engines): string {
  const lines = ["## Requested but unsupported", ""];
  for (const [kind, e] of engines) {
    lines.push(
      `- ${ENGINE_LABEL[kind]}: ${e.unsupported.length > 0 ? e.unsupported.map((f) => text(f)).join(", ") : "none"}`,
    );
  }
  return lines.join("\n");
}

function capabilities(result: ComparisonResult, engines: Engines): string {
  const rows = capabilityRows(result);
  if (rows.length === 0) return "";
  const body = rows.map((row) => [
    cell(row.feature),
    ...engines.map(([kind]) => {
      const c = row.engines[kind];
      return c ? cell(`${c.supported ? "yes" : "no"} — ${c.reason}`) : "–";
    }),
  ]);
  return `## Capabilities\n\n${markdownTable(["Feature", ...engines.map(([k]) => ENGINE_LABEL[k])], body)}`;
}
