/**
 * Inline SVG charts for the HTML report: the latency CDF of one category (log time axis, a line per
 * engine) and the backlog timeline (pending over virtual time, a line per engine, faults and admin actions
 * as labelled vertical lines). Geometry comes from d3-scale and d3-shape; this file only lays out.
 *
 * Every plotted point is a `<circle data-point>` inside a `<g data-series="<engine>">`, and every chart is a
 * `<figure data-chart="...">`, so tests (and curious readers) can find and count them.
 */
import { type ScaleLogarithmic, scaleLinear, scaleLog } from "d3-scale";
import { curveStepAfter, line } from "d3-shape";
import type { EngineKind } from "../engines/engine.js";
import { DAY, formatDuration } from "../scheduler/duration.js";
import { escapeHtml as esc } from "./escape.js";
import {
  DURATION_TICKS,
  ENGINE_COLOR,
  ENGINE_LABEL,
  formatCount,
  readableDuration,
  TIME_STEPS,
} from "./format.js";
import type { CdfData, ChartPoint } from "./series.js";

const WEEK = 7 * DAY;

/** One engine's line in a CDF chart. @internal */
export interface CdfSeries {
  /** Which engine. */
  readonly engine: EngineKind;
  /** Its distribution. */
  readonly data: CdfData;
}

/** One engine's line in the backlog chart. @internal */
export interface TimelineSeries {
  /** Which engine. */
  readonly engine: EngineKind;
  /** Pending changes over virtual time. */
  readonly points: readonly ChartPoint[];
}

/** A vertical line on the backlog chart. @internal */
export interface ChartMarker {
  /** Virtual time. */
  readonly at: number;
  /** Label from the scenario (escaped when drawn). */
  readonly label: string;
  /** The engine it concerns, if only one. */
  readonly engine?: EngineKind;
}

/** A chart's size and margins, px. @internal */
export interface Box {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** Neutral ink of axes and notes. @internal */
export const GREY = "#5f6670";
const CHAR_WIDTH = 6.4; // average advance of an 11px sans-serif glyph, for label placement

/** A coordinate to one decimal. @internal */
export const r = (n: number): string => String(Math.round(n * 10) / 10);

/** A legend: one swatch per engine with a note. @internal */
export function legend(items: ReadonlyArray<{ engine: EngineKind; text: string; dashed?: boolean }>): string {
  const entries = items.map(
    ({ engine, text, dashed }) =>
      `<span class="legend-item"><span class="swatch${dashed ? " dashed" : ""}" style="--c:${ENGINE_COLOR[engine]}"></span>${esc(ENGINE_LABEL[engine])} <span class="muted">${esc(text)}</span></span>`,
  );
  return `<div class="legend">${entries.join("")}</div>`;
}

function pointRadius(count: number): number {
  return count <= 40 ? 3 : count <= 120 ? 2 : 1.3;
}

/**
 * A latency CDF for one category on a log time axis, a step line per engine.
 *
 * @param id - the `data-chart` value (e.g. `cdf-attribute`)
 * @param title - the caption (escaped)
 * @param series - one entry per engine; empty distributions are listed in the legend, not drawn
 * @internal
 */
export function renderCdfChart(id: string, title: string, series: readonly CdfSeries[]): string {
  const box: Box = { width: 560, height: 280, top: 12, right: 24, bottom: 46, left: 52 };
  const plotted = series.filter((s) => s.data.points.length > 0);
  const legendHtml = legend(
    series.map((s) => ({
      engine: s.engine,
      text:
        s.data.count === 0
          ? "(no changes)"
          : `(n = ${formatCount(s.data.count)}${s.data.exact ? "" : ", p50/p90/p99/max only"})`,
      dashed: s.data.count > 0 && !s.data.exact,
    })),
  );
  const head = `<figure class="chart" data-chart="${esc(id)}"><figcaption>${esc(title)}</figcaption>${legendHtml}`;
  if (plotted.length === 0) {
    return `${head}<p class="empty">No changes of this kind were measured in this run.</p></figure>`;
  }

  const {
    x,
    from,
    to,
    ticks: xTicks,
  } = logTimeAxis(
    plotted.flatMap((s) => s.data.points.map((p) => p.x)),
    box,
  );
  const y = scaleLinear()
    .domain([0, 1])
    .range([box.height - box.bottom, box.top]);
  const yTicks = y.ticks(5);

  const parts: string[] = [];
  parts.push(
    gridAndAxes(
      box,
      xTicks.map((t) => ({ at: x(t), label: formatDuration(t) })),
      yTicks.map((t) => ({ at: y(t), label: `${Math.round(t * 100)}%` })),
    ),
  );
  parts.push(
    `<text class="axis-title" x="${r((box.left + box.width - box.right) / 2)}" y="${box.height - 8}" text-anchor="middle">latency (log scale)</text>`,
    `<text class="axis-title" transform="translate(13 ${r((box.top + box.height - box.bottom) / 2)}) rotate(-90)" text-anchor="middle">share of changes visible</text>`,
  );

  const path = line<ChartPoint>()
    .x((p) => x(Math.max(p.x, from)))
    .y((p) => y(p.y))
    .curve(curveStepAfter)
    .digits(1);
  for (const s of plotted) {
    const points = s.data.points;
    const first = points[0] as ChartPoint;
    const last = points[points.length - 1] as ChartPoint;
    // Rise from 0 at the first latency and run on to the right edge at the final fraction.
    const d = path([{ x: first.x, y: 0 }, ...points, { x: to, y: last.y }]) ?? "";
    const color = ENGINE_COLOR[s.engine];
    const radius = pointRadius(points.length);
    const circles = points.map(
      (p) =>
        `<circle data-point cx="${r(x(Math.max(p.x, from)))}" cy="${r(y(p.y))}" r="${radius}"><title>${esc(ENGINE_LABEL[s.engine])}: ${r(p.y * 100)}% within ${esc(readableDuration(p.x))}</title></circle>`,
    );
    parts.push(
      `<g data-series="${esc(s.engine)}" style="--c:${color}"><path class="series${s.data.exact ? "" : " estimated"}" d="${d}"/>${circles.join("")}</g>`,
    );
  }
  return `${head}<svg class="plot" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-label="${esc(title)}">${parts.join("")}</svg></figure>`;
}

/**
 * The drain's label beside the line where the workload ended: inside the shaded drain when it fits there,
 * else ending just before the line (a short drain at the right edge would cut it off).
 */
function drainLabel(lineX: number, y: number, text: string, width: number): string {
  const fitsRight = lineX + 6 + text.length * CHAR_WIDTH <= width - 4;
  const place = fitsRight ? `x="${r(lineX + 6)}"` : `x="${r(lineX - 6)}" text-anchor="end"`;
  return `<text class="drain-label" ${place} y="${y}">${esc(text)}</text>`;
}

/**
 * The backlog of pending changes over virtual time, a step line per engine, with the scenario's faults
 * and admin actions as numbered vertical lines (labelled where there is room) and the drain period shaded.
 *
 * @param series - one entry per engine
 * @param markers - faults and admin actions
 * @param workloadEnd - end of the workload (ms); after it the run only drains
 * @param end - end of the axis (ms), normally the last engine's end of run
 * @internal
 */
export function renderTimelineChart(
  series: readonly TimelineSeries[],
  markers: readonly ChartMarker[],
  workloadEnd: number | undefined,
  end: number,
): string {
  const sorted = numberMarkers(markers);
  const maxEnd = Math.max(
    end,
    ...series.flatMap((s) => s.points.map((p) => p.x)),
    ...sorted.map((m) => m.at),
    1,
  );
  const width = 1120;
  const plotLeft = 60;
  const plotRight = width - 24;
  const x = scaleLinear().domain([0, maxEnd]).range([plotLeft, plotRight]);

  // Marker labels: greedy rows above the plot; a label that fits nowhere keeps only its number.
  const rowEnds: number[] = [];
  const maxRows = 4;
  const placed = sorted.map((m) => {
    const px = x(m.at);
    const text = `${m.number} ${m.label}`;
    const w = Math.min(text.length, 48) * CHAR_WIDTH;
    const anchorEnd = px + 4 + w > width - 4;
    const left = anchorEnd ? px - 4 - w : px + 4;
    let row = rowEnds.findIndex((e) => e < left - 6);
    if (row === -1 && rowEnds.length < maxRows) {
      row = rowEnds.length;
      rowEnds.push(-Infinity);
    }
    if (row !== -1) rowEnds[row] = left + w;
    return { ...m, px, row, anchorEnd, text: text.length > 48 ? `${text.slice(0, 47)}…` : text };
  });
  const labelRows = Math.max(rowEnds.length, 1);
  const box: Box = {
    width,
    height: 300 + labelRows * 15,
    top: 10 + labelRows * 15,
    right: width - plotRight,
    bottom: 46,
    left: plotLeft,
  };
  const plotBottom = box.height - box.bottom;

  const maxPending = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.y)));
  const y = scaleLinear().domain([0, maxPending]).nice().range([plotBottom, box.top]);
  const yTicks = y.ticks(5).filter((t) => Number.isInteger(t));
  const step = timeStep(maxEnd);
  const xTicks: number[] = [];
  for (let t = 0; t <= maxEnd; t += step) xTicks.push(t);

  const parts: string[] = [];
  if (workloadEnd !== undefined && workloadEnd > 0 && workloadEnd < maxEnd) {
    parts.push(
      `<rect class="drain" x="${r(x(workloadEnd))}" y="${box.top}" width="${r(x(maxEnd) - x(workloadEnd))}" height="${r(plotBottom - box.top)}"/>`,
      drainLabel(
        x(workloadEnd),
        box.top + 14,
        `drain (workload ended at ${readableDuration(workloadEnd)})`,
        width,
      ),
    );
  }
  parts.push(
    gridAndAxes(
      box,
      xTicks.map((t) => ({ at: x(t), label: t === 0 ? "0" : formatDuration(t) })),
      yTicks.map((t) => ({ at: y(t), label: formatCount(t) })),
    ),
  );
  parts.push(
    `<text class="axis-title" x="${r((plotLeft + plotRight) / 2)}" y="${box.height - 8}" text-anchor="middle">virtual time since start</text>`,
    `<text class="axis-title" transform="translate(14 ${r((box.top + plotBottom) / 2)}) rotate(-90)" text-anchor="middle">pending changes</text>`,
  );

  for (const m of placed) {
    const color = m.engine ? ENGINE_COLOR[m.engine] : GREY;
    const labelY = 10 + (m.row === -1 ? 0 : m.row) * 15 + 11;
    const label =
      m.row === -1
        ? `<text class="marker-label" x="${r(m.px)}" y="${box.top - 3}" text-anchor="middle">${m.number}</text>`
        : `<text class="marker-label" x="${r(m.anchorEnd ? m.px - 4 : m.px + 4)}" y="${labelY}" text-anchor="${m.anchorEnd ? "end" : "start"}">${esc(m.text)}</text>`;
    parts.push(
      `<g data-marker style="--c:${color}"><title>${esc(readableDuration(m.at))}: ${esc(m.label)}</title><line class="marker" x1="${r(m.px)}" x2="${r(m.px)}" y1="${m.row === -1 ? box.top : labelY - 10}" y2="${plotBottom}"/>${label}</g>`,
    );
  }

  const path = line<ChartPoint>()
    .x((p) => x(p.x))
    .y((p) => y(p.y))
    .curve(curveStepAfter)
    .digits(1);
  for (const s of series) {
    if (s.points.length === 0) continue;
    const radius = pointRadius(s.points.length) - 0.5;
    const circles = s.points.map(
      (p) =>
        `<circle data-point cx="${r(x(p.x))}" cy="${r(y(p.y))}" r="${radius}"><title>${esc(ENGINE_LABEL[s.engine])} at ${esc(readableDuration(p.x))}: ${formatCount(p.y)} pending</title></circle>`,
    );
    parts.push(
      `<g data-series="${esc(s.engine)}" style="--c:${ENGINE_COLOR[s.engine]}"><path class="series" d="${path(s.points) ?? ""}"/>${circles.join("")}</g>`,
    );
  }

  const legendHtml = legend(
    series.map((s) => ({ engine: s.engine, text: s.points.length === 0 ? "(no samples)" : "" })),
  );
  return `<figure class="chart wide" data-chart="timeline"><figcaption>Pending changes over time</figcaption>${legendHtml}<svg class="plot" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-label="Pending changes over time">${parts.join("")}</svg></figure>`;
}

/**
 * A log time axis over some latencies (ms), its domain snapped to the human ticks around them so that it
 * starts and ends on a label; at most eight ticks. @internal
 */
export function logTimeAxis(
  values: readonly number[],
  box: Box,
): { x: ScaleLogarithmic<number, number>; from: number; to: number; ticks: number[] } {
  const positive = values.filter((v) => v > 0);
  const lo = positive.length > 0 ? Math.min(...positive) : 1;
  const hi = Math.max(...values, lo);
  let from = [...DURATION_TICKS].reverse().find((t) => t <= lo) ?? lo;
  let to = DURATION_TICKS.find((t) => t >= hi) ?? hi;
  if (to <= from) to = DURATION_TICKS.find((t) => t > from) ?? from * 10;
  if (from <= 0) from = 1;
  const x = scaleLog()
    .domain([from, to])
    .range([box.left, box.width - box.right])
    .clamp(true);
  let ticks = DURATION_TICKS.filter((t) => t >= from && t <= to);
  while (ticks.length > 8) ticks = ticks.filter((_, i) => i % 2 === 0 || i === ticks.length - 1);
  return { x, from, to, ticks };
}

/**
 * Markers in time order (stable for equal times), numbered from 1 as the backlog chart labels them, so a
 * table beside the chart can use the same numbers.
 *
 * @internal
 */
export function numberMarkers(
  markers: readonly ChartMarker[],
): Array<ChartMarker & { readonly number: number }> {
  return markers
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.at - b.m.at || a.i - b.i)
    .map(({ m }, i) => ({ ...m, number: i + 1 }));
}

/** Grid lines and both axes with their labels. @internal */
export function gridAndAxes(
  box: Box,
  xTicks: ReadonlyArray<{ at: number; label: string }>,
  yTicks: ReadonlyArray<{ at: number; label: string }>,
): string {
  const left = box.left;
  const right = box.width - box.right;
  const top = box.top;
  const bottom = box.height - box.bottom;
  const out: string[] = ['<g class="grid">'];
  for (const t of xTicks) out.push(`<line x1="${r(t.at)}" x2="${r(t.at)}" y1="${top}" y2="${bottom}"/>`);
  for (const t of yTicks) out.push(`<line x1="${left}" x2="${right}" y1="${r(t.at)}" y2="${r(t.at)}"/>`);
  out.push("</g>", '<g class="axis">');
  out.push(
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"/><line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}"/>`,
  );
  for (const t of xTicks)
    out.push(`<text x="${r(t.at)}" y="${bottom + 16}" text-anchor="middle">${esc(t.label)}</text>`);
  for (const t of yTicks)
    out.push(`<text x="${left - 6}" y="${r(t.at + 4)}" text-anchor="end">${esc(t.label)}</text>`);
  out.push("</g>");
  return out.join("");
}

/** The most ticks a time axis has. */
const MAX_TIME_TICKS = 12;

/**
 * The tick step of a time axis from 0 to `maxEnd` ms: the smallest of {@link TIME_STEPS} that gives at most
 * a dozen ticks or, for a run longer than twelve weeks, a round number of weeks (1, 2, 5, 10, 20, … as
 * d3's ticks count), so that a run of years still gets a dozen ticks, not hundreds of overlapping ones.
 * @internal
 */
export function timeStep(maxEnd: number): number {
  const fitting = TIME_STEPS.find((s) => maxEnd / s <= MAX_TIME_TICKS);
  if (fitting !== undefined) return fitting;
  const weeks = maxEnd / MAX_TIME_TICKS / WEEK;
  const power = 10 ** Math.floor(Math.log10(weeks));
  const multiple = [1, 2, 5, 10].find((m) => m * power >= weeks) ?? 10;
  return Math.max(1, Math.round(multiple * power)) * WEEK;
}
