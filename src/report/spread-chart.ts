/**
 * The sweep report's chart: per change category and engine, how far the p99 latency moved over the seeds
 * (a bar from the smallest to the largest, a dot at the median) and the median p50 (a ring), on a log
 * time axis — Connect's half-hour cycle and Cloud Sync's two minutes on one page. Inline SVG, geometry
 * from d3-scale.
 */
import { scaleBand } from "d3-scale";
import type { EngineKind } from "../engines/engine.js";
import type { Spread } from "../scenario/sweep-summary.js";
import { formatDuration } from "../scheduler/duration.js";
import { type Box, GREY, gridAndAxes, legend, logTimeAxis, r } from "./charts.js";
import { escapeHtml as esc } from "./escape.js";
import { ENGINE_COLOR, ENGINE_LABEL, readableDuration } from "./format.js";

/** One row of the chart: a category's figures for one engine. @internal */
export interface SpreadRow {
  /** The category's title (escaped when drawn). */
  readonly category: string;
  /** Which engine. */
  readonly engine: EngineKind;
  /** The p99s over the seeds. */
  readonly p99: Spread;
  /** The median p50. */
  readonly p50: number;
  /** Runs the figures cover. */
  readonly runs: number;
}

const ROW = 16;

/** The chart's own styles, added to the report's (html-style.ts). @internal */
export const SPREAD_CSS = `
.spread { stroke: var(--c); stroke-width: 6; stroke-linecap: round; opacity: 0.55; }
circle[data-p99-median] { fill: var(--c); stroke: #fff; stroke-width: 1.5; }
circle[data-p50-median] { fill: #fff; stroke: var(--c); stroke-width: 1.8; }
`;

/**
 * The chart of one variant.
 *
 * @param id - the `data-chart` value
 * @param title - the caption (escaped)
 * @param engines - the engines of the sweep, in report order (for the legend)
 * @param rows - the rows, grouped by category in the order given
 * @internal
 */
export function renderSpreadChart(
  id: string,
  title: string,
  engines: readonly EngineKind[],
  rows: readonly SpreadRow[],
): string {
  const legendHtml = legend(engines.map((engine) => ({ engine, text: "" })));
  const note = `<p class="muted">Bar: p99 from the smallest to the largest over the seeds; dot: its median; ring: the median p50.</p>`;
  const head = `<figure class="chart" data-chart="${esc(id)}"><figcaption>${esc(title)}</figcaption>${legendHtml}${note}`;
  if (rows.length === 0)
    return `${head}<p class="empty">No change reached the cloud in any run.</p></figure>`;

  const categories = [...new Set(rows.map((row) => row.category))];
  const perCategory = engines.length * ROW + 10;
  const box: Box = {
    width: 560,
    height: 12 + categories.length * perCategory + 46,
    top: 12,
    right: 24,
    bottom: 46,
    left: 124,
  };
  const { x, from, ticks } = logTimeAxis(
    rows.flatMap((row) => [row.p50, row.p99.min, row.p99.max]),
    box,
  );
  const band = scaleBand<string>()
    .domain(categories)
    .range([box.top, box.height - box.bottom])
    .paddingInner(0.1);
  const at = (ms: number): string => r(x(Math.max(ms, from)));

  const parts: string[] = [
    gridAndAxes(
      box,
      ticks.map((t) => ({ at: x(t), label: formatDuration(t) })),
      [],
    ),
  ];
  parts.push(
    `<text class="axis-title" x="${r((box.left + box.width - box.right) / 2)}" y="${box.height - 8}" text-anchor="middle">latency (log scale)</text>`,
  );
  for (const category of categories) {
    const top = band(category) ?? box.top;
    parts.push(
      `<text x="${box.left - 8}" y="${r(top + (engines.length * ROW) / 2 + 4)}" text-anchor="end" fill="${GREY}">${esc(category)}</text>`,
    );
    engines.forEach((engine, i) => {
      const row = rows.find((candidate) => candidate.category === category && candidate.engine === engine);
      if (!row) return;
      const y = r(top + i * ROW + ROW / 2);
      const tip = `${ENGINE_LABEL[engine]}, ${category}: p99 ${readableDuration(row.p99.min)} to ${readableDuration(row.p99.max)}, median ${readableDuration(row.p99.median)}; p50 median ${readableDuration(row.p50)} (${row.runs} run${row.runs === 1 ? "" : "s"})`;
      parts.push(
        `<g data-series="${esc(engine)}" data-category="${esc(category)}" style="--c:${ENGINE_COLOR[engine]}"><title>${esc(tip)}</title>` +
          `<line class="spread" x1="${at(row.p99.min)}" x2="${at(row.p99.max)}" y1="${y}" y2="${y}"/>` +
          `<circle data-p99-median cx="${at(row.p99.median)}" cy="${y}" r="4"/>` +
          `<circle data-p50-median cx="${at(row.p50)}" cy="${y}" r="4"/></g>`,
      );
    });
  }
  return `${head}<svg class="plot" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-label="${esc(title)}">${parts.join("")}</svg></figure>`;
}
