import type { EngineKind } from "../engines/engine.js";
import {
  CHANGE_CATEGORIES,
  type ChangeCounts,
  type ComparisonResult,
  type EngineResult,
  type EventResult,
} from "../scenario/result.js";
import { checkedComparisonResult } from "../scenario/result-schema.js";
import { formatDuration, formatInstant, HOUR, MINUTE, SECOND } from "../scheduler/duration.js";
import { checkedOptionsObject, optionNames } from "../scheduler/errors.js";
import {
  cloudWriteRows,
  countOf,
  formatCount,
  originCells,
  originRows,
  setAsideCount,
  showsCloudEnd,
} from "./format.js";

/**
 * The console report: the engines side by side — latency per change category (p50/p90/p99/max as
 * readable durations), change counts, incidents, unsupported features and each scripted event's fate.
 * A pure function of the result JSON; plain text, no colour codes, fits 120 columns.
 */

const LABEL: Readonly<Record<EngineKind, string>> = { connect: "Connect Sync", cloudSync: "Cloud Sync" };
const ORDER: readonly EngineKind[] = ["connect", "cloudSync"];
const COUNTS: ReadonlyArray<[keyof ChangeCounts, string]> = [
  ["made", "made in AD"],
  ["applied", "applied in cloud"],
  ["superseded", "superseded"],
  ["pending", "pending at end"],
  ["lost", "lost"],
  ["filtered", "filtered"],
  ["unsupported", "unsupported"],
];

/**
 * Options of {@link renderTable}.
 *
 * @public
 */
export interface TableOptions {
  /** Most incidents listed per engine (default 8; the rest are counted). */
  readonly maxIncidents?: number;
  /** Most scripted events listed (default 40). */
  readonly maxEvents?: number;
}

/** Where a list the table cuts short is whole. */
const EVERY_ONE_ELSEWHERE = " (the Markdown and HTML reports list every one)";

const TABLE_OPTION_NAMES = optionNames<TableOptions>()("maxIncidents", "maxEvents");

/**
 * A latency for a reader: two units at most, rounded to what matters at its size (`1h31m`, `2m5s`,
 * `1.5s`, `850ms`).
 *
 * @public
 */
export function readableLatency(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  const abs = Math.abs(ms);
  if (abs >= SECOND && abs < 10 * SECOND) return `${(Math.round(ms / 100) / 10).toString()}s`;
  const unit = abs >= HOUR ? MINUTE : abs >= 10 * SECOND ? SECOND : 1;
  const parts = formatDuration(Math.round(ms / unit) * unit).match(/-?\d+(?:ms|d|h|m|s)/g) ?? ["0s"];
  return parts.slice(0, 2).join("");
}

const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + " ".repeat(width - text.length);
const lpad = (text: string, width: number): string =>
  text.length >= width ? text : " ".repeat(width - text.length) + text;

/**
 * A block of rows with each engine's columns side by side under its name, then a blank line; nothing when
 * there are no rows. `rows`: a label, and per engine its cells in the order of `columns`.
 */
function sideBySide(
  lines: string[],
  engines: ReadonlyArray<readonly [EngineKind, EngineResult]>,
  title: string,
  columns: ReadonlyArray<readonly [head: string, width: number]>,
  rows: ReadonlyArray<readonly [label: string, cells: ReadonlyArray<readonly string[]>]>,
): void {
  if (rows.length === 0) return;
  const width = columns.reduce((sum, [, w]) => sum + w, 2);
  const head = `  ${columns.map(([h, w]) => lpad(h, w)).join("")}`;
  lines.push((pad("", 22) + engines.map(([kind]) => pad(`  ${LABEL[kind]}`, width)).join("")).trimEnd());
  lines.push(pad(title, 22) + engines.map(() => head).join(""));
  for (const [label, cells] of rows) {
    const line = cells.map((values) => `  ${values.map((v, i) => lpad(v, columns[i]?.[1] ?? 0)).join("")}`);
    lines.push((pad(label, 22) + line.join("")).trimEnd());
  }
  lines.push("");
}

/**
 * Renders a result as a side-by-side console table.
 *
 * @public
 */
export function renderTable(result: ComparisonResult, options: TableOptions = {}): string {
  checkedComparisonResult(result);
  checkedOptionsObject(options, TABLE_OPTION_NAMES);
  const engines = ORDER.flatMap((kind) => {
    const r = result.engines[kind];
    return r ? [[kind, r] as [EngineKind, EngineResult]] : [];
  });
  const lines: string[] = [];
  const s = result.summary;
  const header = [`${result.scenario}`, `seed ${result.seed}`];
  if (s) {
    header.push(`${formatDuration(s.duration)} workload`);
    const d = s.directory;
    header.push(
      Object.entries(d)
        .filter(([key, n]) => n > 0 && key !== "forests")
        .map(([key, n]) => countOf(n, key))
        .join(", ") + ((d.forests ?? 1) > 1 ? ` in ${d.forests} forests` : ""),
    );
    header.push(`auth ${s.authentication}`);
  }
  lines.push(header.filter((h) => h.length > 0).join("  ·  "));
  if (s?.description) lines.push(s.description);
  lines.push("");

  // Latency.
  const cell = 8;
  const block = 6 + cell * 4 + 2;
  lines.push((pad("", 12) + engines.map(([kind]) => pad(`  ${LABEL[kind]}`, block)).join("")).trimEnd());
  lines.push(
    pad("latency", 12) +
      engines
        .map(() => `  ${lpad("n", 6)}${["p50", "p90", "p99", "max"].map((h) => lpad(h, cell)).join("")}`)
        .join(""),
  );
  for (const category of CHANGE_CATEGORIES) {
    let row = pad(category, 12);
    for (const [, r] of engines) {
      const l = r.latency[category];
      row += `  ${lpad(formatCount(l.count), 6)}`;
      row += (l.count === 0 ? ["-", "-", "-", "-"] : [l.p50, l.p90, l.p99, l.max].map(readableLatency))
        .map((v) => lpad(v, cell))
        .join("");
    }
    lines.push(row.trimEnd());
  }
  lines.push("");

  // Writes from the cloud to AD, when the scenario scripts any.
  sideBySide(
    lines,
    engines,
    "cloud → AD",
    [
      ["n", 6],
      ["in AD", 7],
      ["p50", cell],
      ["max", cell],
    ],
    cloudWriteRows(engines).map((row) => [
      row.type,
      row.engines.map((c) => [
        formatCount(c.count),
        formatCount(c.applied),
        ...[c.p50, c.max].map((v) => (v === undefined ? "-" : readableLatency(v))),
      ]),
    ]),
  );
  // Where the writes were made, when the run modelled replication between DCs.
  sideBySide(
    lines,
    engines,
    "written on",
    [
      ["n", 6],
      ["applied", 8],
      ["p50", cell],
      ["p90", cell],
      ["max", cell],
    ],
    originRows(engines).map((row) => [
      row.title,
      row.engines.map((c) => originCells(c, readableLatency, "-")),
    ]),
  );

  // Changes.
  lines.push(pad("changes", 20) + engines.map(([kind]) => lpad(LABEL[kind], 16)).join(""));
  for (const [key, label] of COUNTS) {
    if (key === "unsupported" && engines.every(([, r]) => r.changes.unsupported === 0)) continue;
    lines.push(pad(label, 20) + engines.map(([, r]) => lpad(formatCount(r.changes[key]), 16)).join(""));
  }
  lines.push(
    pad("run ended at", 20) +
      engines.map(([, r]) => lpad(r.endedAt === undefined ? "-" : formatInstant(r.endedAt), 16)).join(""),
  );
  // Times are relative to the workload's start; the warm-up (initial sync) came before it.
  if (engines.some(([, r]) => (r.warmup ?? 0) > 0)) {
    lines.push(
      pad("warm-up before t=0", 20) +
        engines.map(([, r]) => lpad(readableLatency(r.warmup ?? 0), 16)).join(""),
    );
  }
  // What the cloud holds at the end, when the engines differ on it (a join) or a tenant set values aside.
  if (showsCloudEnd(engines.map(([, r]) => r))) {
    lines.push(
      pad("cloud users at end", 20) +
        engines.map(([, r]) => lpad(formatCount(r.cloud?.user ?? 0), 16)).join(""),
    );
    if (engines.some(([, r]) => setAsideCount(r) > 0))
      lines.push(
        pad("values set aside", 20) +
          engines.map(([, r]) => lpad(formatCount(setAsideCount(r)), 16)).join(""),
      );
  }
  lines.push("");

  // Incidents.
  const maxIncidents = options.maxIncidents ?? 8;
  for (const [kind, r] of engines) {
    if (r.incidents.length === 0) {
      lines.push(`incidents ${LABEL[kind]}: none`);
      continue;
    }
    const byKind = new Map<string, number>();
    for (const incident of r.incidents) byKind.set(incident.kind, (byKind.get(incident.kind) ?? 0) + 1);
    lines.push(`incidents ${LABEL[kind]}: ${[...byKind].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
    for (const incident of r.incidents.slice(0, maxIncidents)) {
      lines.push(`  ${formatInstant(incident.at)}  ${pad(incident.kind, 20)} ${oneLine(incident.detail)}`);
    }
    if (r.incidents.length > maxIncidents)
      lines.push(`  … ${r.incidents.length - maxIncidents} more${EVERY_ONE_ELSEWHERE}`);
  }
  const unsupported = engines.filter(([, r]) => r.unsupported.length > 0);
  lines.push(
    unsupported.length === 0
      ? "unsupported features: none"
      : `unsupported features: ${unsupported.map(([kind, r]) => `${LABEL[kind]}: ${r.unsupported.join(", ")}`).join("; ")}`,
  );

  // Scripted events.
  const events = engines[0]?.[1].events ?? [];
  if (events.length > 0) {
    const maxEvents = options.maxEvents ?? 40;
    const shown = events.slice(0, maxEvents);
    // Each engine's column starts where its heading does: after the index, the instant (longer from the
    // second day on, `1+02:00:00`) and the event type.
    const at = Math.max(8, ...shown.map((e) => formatInstant(e.at).length));
    const lead = 4 + 2 + at + 2 + 24;
    lines.push("");
    lines.push(
      `${pad("scripted events", lead)}${engines.map(([kind]) => pad(LABEL[kind], FATE_WIDTH)).join("")}`.trimEnd(),
    );
    for (const event of shown) {
      let row = `${lpad(`#${event.index}`, 4)}  ${pad(formatInstant(event.at), at)}  ${pad(event.type, 24)}`;
      for (const [, r] of engines) row += pad(fate(r.events[event.index]), FATE_WIDTH);
      lines.push(row.trimEnd());
    }
    if (events.length > maxEvents) lines.push(`  … ${events.length - maxEvents} more${EVERY_ONE_ELSEWHERE}`);
  }
  return `${lines.join("\n")}\n`;
}

function fate(event: EventResult | undefined): string {
  if (!event) return "-";
  let text: string = event.status;
  if (event.outcome)
    text = `${event.outcome}${event.reason && event.reason !== "ok" ? ` (${event.reason})` : ""}`;
  else if (event.latency !== null) text += ` +${readableLatency(event.latency)}`;
  else if (event.reason && event.status !== "done") text += ` (${event.reason})`;
  return text.length > FATE_WIDTH - 1 ? `${text.slice(0, FATE_WIDTH - 2)}…` : text;
}

/** Width of an engine's column of scripted-event fates (two of them and the lead fit 120 columns). */
const FATE_WIDTH = 36;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
