/**
 * Shared wording, colours and number formats of the reports, so the Markdown and the HTML say the same
 * thing in the same words. Internal: the public surface is the renderers.
 */
import type { EngineKind } from "../engines/engine.js";
import type {
  ChangeCounts,
  ComparisonResult,
  EngineResult,
  EventResult,
  OriginSummary,
} from "../scenario/result.js";
import type { WriteOrigin } from "../scenario/scenario-types.js";
import { DAY, formatDuration, HOUR, MINUTE, SECOND } from "../scheduler/duration.js";
import { formatCount } from "../scheduler/errors.js";

/** Report order of the engines. @internal */
export const ENGINE_ORDER: readonly EngineKind[] = ["connect", "cloudSync"];

/** The product names an identity engineer knows. @internal */
export const ENGINE_LABEL: Readonly<Record<EngineKind, string>> = {
  connect: "Connect Sync",
  cloudSync: "Cloud Sync",
};

/** One colour per engine, a blue / orange pair that stays distinct for colour-blind readers and in greyscale. @internal */
export const ENGINE_COLOR: Readonly<Record<EngineKind, string>> = {
  connect: "#1f5fa8",
  cloudSync: "#d9651b",
};

/** Rows of the change-count table, in the order a reader follows a change's fate. @internal */
export const COUNT_ROWS: ReadonlyArray<{ readonly key: keyof ChangeCounts; readonly label: string }> = [
  { key: "made", label: "Made in AD" },
  { key: "applied", label: "Applied in the cloud" },
  { key: "superseded", label: "Superseded" },
  { key: "pending", label: "Pending at end" },
  { key: "lost", label: "Lost" },
  { key: "filtered", label: "Filtered" },
  { key: "unsupported", label: "Unsupported" },
];

/** The engines present in a result, in report order, with their results. @internal */
export function enginesOf(result: ComparisonResult): Array<[EngineKind, EngineResult]> {
  const out: Array<[EngineKind, EngineResult]> = [];
  for (const kind of ENGINE_ORDER) {
    const engine = result.engines[kind];
    if (engine) out.push([kind, engine]);
  }
  return out;
}

/**
 * A latency or duration for a reader: rounded to what matters at its size and cut to two units
 * (`"1h31m"`, `"2m5s"`, `"850ms"`). Built on {@link formatDuration}.
 *
 * @internal
 */
export function readableDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  const abs = Math.abs(ms);
  const unit = abs >= HOUR ? MINUTE : abs >= 10 * SECOND ? SECOND : abs >= SECOND ? 100 : 1;
  const rounded = Math.round(ms / unit) * unit;
  const parts = formatDuration(rounded).match(/-?\d+(?:ms|d|h|m|s)/g) ?? ["0s"];
  // 1s500ms reads better as 1.5s.
  if (abs >= SECOND && abs < 10 * SECOND) return `${(rounded / SECOND).toFixed(1).replace(/\.0$/, "")}s`;
  return parts.slice(0, 2).join("");
}

// Counts with thousands separators: the one formatter the messages below the report use too.
export { formatCount };

/** A capitalised category name for headings (`"Attribute changes"`). @internal */
export function categoryTitle(category: string): string {
  const names: Readonly<Record<string, string>> = {
    create: "Creates",
    attribute: "Attribute changes",
    password: "Password changes",
    delete: "Deletes",
    move: "Moves (OU)",
    membership: "Group membership",
  };
  return names[category] ?? category;
}

/** Nice durations for a log time axis: a reader thinks in 30s, 2m, 30m, 2h, not in powers of ten. @internal */
export const DURATION_TICKS: readonly number[] = [
  1,
  10,
  100,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  30 * DAY,
];

/** Nice steps for a linear time axis. @internal */
export const TIME_STEPS: readonly number[] = [
  SECOND,
  5 * SECOND,
  15 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

/** A scripted-event row: the event as the first engine that has it reports it, and each engine's fate. @internal */
export interface EventRow {
  /** Position in the scenario's `events`. */
  readonly index: number;
  /** Event type (empty when no engine reports the event). */
  readonly type: string;
  /** When it was scheduled, if any engine reports it. */
  readonly at: number | undefined;
  /** Each engine's result for the event, in the engines' order (undefined: not reported). */
  readonly fates: readonly (EventResult | undefined)[];
}

/** The scripted events of the engines side by side, one row per position. @internal */
export function eventRows(engines: ReadonlyArray<readonly [EngineKind, EngineResult]>): EventRow[] {
  const count = Math.max(0, ...engines.map(([, e]) => e.events.length));
  const rows: EventRow[] = [];
  for (let i = 0; i < count; i++) {
    const fates = engines.map(([, e]) => e.events[i]);
    const first = fates.find((ev) => ev !== undefined);
    rows.push({ index: first?.index ?? i, type: first?.type ?? "", at: first?.at, fates });
  }
  return rows;
}

/** The scripted events that write from the cloud to AD, with their report titles, in report order. @internal */
export const CLOUD_WRITE_TITLES: ReadonlyArray<readonly [type: string, title: string]> = [
  ["cloud-password-reset", "Password resets (SSPR)"],
  ["cloud-group", "Groups made in the cloud"],
  ["cloud-device", "Devices registered in the cloud"],
  ["exchange-online", "Exchange Online settings"],
];

/** One engine's writes of one kind from the cloud to AD. @internal */
export interface CloudWriteCell {
  /** Events of the kind. */
  readonly count: number;
  /** How many AD showed. */
  readonly applied: number;
  /** Median and longest time until AD showed one (nearest rank), undefined when none did. */
  readonly p50: number | undefined;
  readonly max: number | undefined;
}

/** A row of the writes-from-the-cloud table: one kind, each engine's figures in the engines' order. @internal */
export interface CloudWriteRow {
  readonly type: string;
  readonly title: string;
  readonly engines: readonly CloudWriteCell[];
}

/** The writes from the cloud to AD, one row per kind the scenario scripts. @internal */
export function cloudWriteRows(engines: ReadonlyArray<readonly [EngineKind, EngineResult]>): CloudWriteRow[] {
  const rows: CloudWriteRow[] = [];
  for (const [type, title] of CLOUD_WRITE_TITLES) {
    const cells = engines.map(([, e]): CloudWriteCell => {
      const events = e.events.filter((ev) => ev.type === type);
      const latencies = events
        .filter((ev) => ev.status === "applied" && ev.latency !== null)
        .map((ev) => ev.latency as number)
        .sort((a, b) => a - b);
      return {
        count: events.length,
        applied: latencies.length,
        p50: latencies[Math.ceil(latencies.length / 2) - 1],
        max: latencies.at(-1),
      };
    });
    if (cells.some((cell) => cell.count > 0)) rows.push({ type, title, engines: cells });
  }
  return rows;
}

/** The kinds of domain controller a write can be made on, with their report titles, in report order. @internal */
export const ORIGIN_TITLES: ReadonlyArray<readonly [origin: WriteOrigin, title: string]> = [
  ["sync-dc", "the sync DC"],
  ["same-site", "another DC, same site"],
  ["other-site", "a DC in another site"],
];

/** A row of the where-writes-were-made table: one kind of DC, each engine's figures in the engines' order. @internal */
export interface OriginRow {
  readonly origin: WriteOrigin;
  readonly title: string;
  /** Per engine; undefined for an engine whose result has no breakdown. */
  readonly engines: readonly (OriginSummary | undefined)[];
}

/**
 * The changes by the kind of DC their writes were made on, one row per kind some engine saw a change from;
 * empty when no result has the breakdown (the run modelled no replication).
 *
 * @internal
 */
export function originRows(engines: ReadonlyArray<readonly [EngineKind, EngineResult]>): OriginRow[] {
  if (engines.every(([, e]) => e.replication === undefined)) return [];
  return ORIGIN_TITLES.flatMap(([origin, title]) => {
    const cells = engines.map(([, e]) => e.replication?.[origin]);
    return cells.some((c) => (c?.changes.made ?? 0) > 0) ? [{ origin, title, engines: cells }] : [];
  });
}

/**
 * One engine's cells of a where-writes-were-made row: changes made and applied, then the p50, p90 and max
 * latency of those applied, each through `time`; `missing` for what there is none of.
 *
 * @internal
 */
export function originCells(
  cell: OriginSummary | undefined,
  time: (ms: number) => string,
  missing: string,
): string[] {
  if (!cell) return [missing, missing, missing, missing, missing];
  const l = cell.latency;
  const times = l.count === 0 ? [missing, missing, missing] : [l.p50, l.p90, l.max].map(time);
  return [formatCount(cell.changes.made), formatCount(cell.changes.applied), ...times];
}

/** A capability row: one feature, each engine's answer. @internal */
export interface CapabilityRow {
  /** The feature name. */
  readonly feature: string;
  /** Per engine: supported and why; absent when the engine's table does not list the feature. */
  readonly engines: Partial<Record<EngineKind, { readonly supported: boolean; readonly reason: string }>>;
}

/** The capability tables of a result merged by feature, in order of first appearance. @internal */
export function capabilityRows(result: ComparisonResult): CapabilityRow[] {
  const rows = new Map<string, CapabilityRow>();
  const tables = result.summary?.capabilities ?? {};
  for (const kind of ENGINE_ORDER) {
    for (const cap of tables[kind] ?? []) {
      let row = rows.get(cap.feature);
      if (!row) {
        row = { feature: cap.feature, engines: {} };
        rows.set(cap.feature, row);
      }
      row.engines[kind] = { supported: cap.supported, reason: cap.reason };
    }
  }
  return [...rows.values()];
}

/**
 * A count and what it counts, singular for one: `1 forest`, `2 forests`, `5,000 users` (`plural` is a
 * noun that takes an "s", as the summary's keys do). @internal
 */
export function countOf(n: number, plural: string): string {
  return `${formatCount(n)} ${n === 1 ? plural.replace(/s$/, "") : plural}`;
}

/** The directory sizes as one phrase: `5,000 users · 200 groups · 1 forest`. @internal */
export function directoryPhrase(directory: Readonly<Record<string, number>>): string {
  const parts = Object.entries(directory).map(([kind, n]) => countOf(n, kind));
  return parts.length > 0 ? parts.join(" · ") : "–";
}

/** The tenant at the end of a run, in the result's words. @internal */
interface CloudEnd {
  readonly cloud?: Readonly<Record<string, number>>;
  readonly duplicateAttributes?: Readonly<Record<"userPrincipalName" | "proxyAddresses", number>>;
}

/** Values an engine's tenant still held set aside at the end (duplicate attribute resiliency). @internal */
export function setAsideCount(result: CloudEnd): number {
  const d = result.duplicateAttributes;
  return d ? d.userPrincipalName + d.proxyAddresses : 0;
}

/**
 * Whether a report shows what the cloud held at the end: when the engines end with different numbers of
 * cloud users (a join, a scope) or a tenant set values aside (two objects wanting one address). @internal
 */
export function showsCloudEnd(results: readonly CloudEnd[]): boolean {
  const users = new Set(results.map((r) => r.cloud?.user));
  return (results.length > 1 && users.size > 1) || results.some((r) => setAsideCount(r) > 0);
}

/** What the cloud held at the end: `4,000 users · 1,000 proxy addresses set aside`. @internal */
export function cloudEndPhrase(result: CloudEnd): string {
  const parts = [countOf(result.cloud?.user ?? 0, "users")];
  const d = result.duplicateAttributes;
  if (d && d.proxyAddresses > 0)
    parts.push(
      `${formatCount(d.proxyAddresses)} proxy ${d.proxyAddresses === 1 ? "address" : "addresses"} set aside`,
    );
  if (d && d.userPrincipalName > 0) parts.push(`${countOf(d.userPrincipalName, "UPNs")} replaced`);
  return parts.join(" · ");
}
