/** Test helpers for the report tests. */
import type { ComparisonResult } from "../../src/scenario/result.js";

/** Every string anywhere in a value (keys excluded), depth first. */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value !== null && typeof value === "object")
    for (const v of Object.values(value)) allStrings(v, out);
  return out;
}

/** The strings of a result that came from the hostile fixture. */
export function hostileStrings(result: ComparisonResult): string[] {
  return [...new Set(allStrings(result).filter((s) => s.includes("<script>")))];
}

/** The HTML of one `<figure data-chart="id">`. */
export function chartHtml(html: string, id: string): string {
  const open = html.indexOf(`data-chart="${id}"`);
  if (open < 0) throw new Error(`no chart ${id}`);
  const start = html.lastIndexOf("<figure", open);
  const end = html.indexOf("</figure>", open);
  return html.slice(start, end + "</figure>".length);
}

/** Counts `<circle data-point` in the `<g data-series="engine">` of a chart's HTML. */
export function seriesPoints(chart: string, engine: string): number {
  const open = chart.indexOf(`<g data-series="${engine}"`);
  if (open < 0) return 0;
  const end = chart.indexOf("</g>", open);
  return chart.slice(open, end).split("<circle data-point").length - 1;
}
