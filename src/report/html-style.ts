/**
 * The report's stylesheet, inlined into every page. Legible on screen (system fonts, tabular figures,
 * generous line height) and on paper (no backgrounds that matter, charts never split across pages).
 */

/** CSS of the HTML report. @internal */
export const REPORT_CSS = `
:root { --ink: #1d2329; --muted: #5f6670; --rule: #d8dce1; --soft: #f4f6f8; --good: #1a7f37; --bad: #b42318; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 28px 40px; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 12px; margin-bottom: 8px; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); }
h1 { margin: 4px 0 6px; font-size: 28px; line-height: 1.2; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 34px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 16px; margin: 18px 0 6px; }
.meta, .muted { color: var(--muted); }
.intro { color: var(--muted); max-width: 820px; margin: 0 0 12px; }
.engine { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; white-space: nowrap; }
.engine::before { content: ""; width: 11px; height: 11px; border-radius: 3px; background: var(--c); }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; }
dl.summary dt { color: var(--muted); }
dl.summary dd { margin: 0; overflow-wrap: anywhere; }
.prose { white-space: pre-line; }
.chip { display: inline-block; padding: 0 8px; border-radius: 10px; background: var(--soft); border: 1px solid var(--rule);
  font-size: 13px; margin: 1px 0; }
.chip.bad { border-color: #f1b5ad; background: #fdf0ee; color: var(--bad); }
table { border-collapse: collapse; margin: 6px 0 14px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 10px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; white-space: nowrap; }
thead th.group { text-align: center; border-bottom: 1px solid var(--rule); }
tbody tr:nth-child(even) { background: #fafbfc; }
table.numeric td:not(:first-child), table.numeric th:not(:first-child) { text-align: right; font-variant-numeric: tabular-nums; }
table.numeric thead th.group { text-align: center; }
table.latency td:nth-child(5n + 2), table.latency th:nth-child(5n + 2) { border-left: 1px solid var(--rule); }
td .reason, .reason { color: var(--muted); font-size: 13px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 4px; background: var(--soft); border: 1px solid var(--rule);
  white-space: nowrap; font-size: 12.5px; font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.status { font-weight: 600; font-size: 13px; }
.s-applied, .s-done, .s-success { color: var(--good); }
.s-pending, .s-superseded, .s-filtered, .s-ignored { color: #9a6700; }
.s-lost, .s-refused, .s-failed, .s-failure, .s-unsupported { color: var(--bad); }
.yes { color: var(--good); font-weight: 700; }
.no { color: var(--bad); font-weight: 700; }
code { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 28px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 18px 26px; margin-top: 10px; }
figure.chart { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart.wide { margin-top: 6px; }
figcaption { font-weight: 600; font-size: 15px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; margin: 2px 0 4px; }
.legend-item { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 22px; height: 0; border-top: 3px solid var(--c); }
.swatch.dashed { border-top-style: dashed; }
.empty { color: var(--muted); font-style: italic; border: 1px dashed var(--rule); padding: 28px; text-align: center; }
svg.plot { display: block; width: 100%; height: auto; overflow: visible; }
svg.plot text { font-size: 11px; fill: #3a4047; font-family: inherit; }
svg.plot .axis-title { fill: var(--muted); font-size: 11.5px; }
.grid line { stroke: #e9ecef; stroke-width: 1; }
.axis line { stroke: #8a9199; stroke-width: 1; }
.series { fill: none; stroke: var(--c); stroke-width: 2.2; stroke-linejoin: round; }
.series.estimated { stroke-dasharray: 6 4; }
circle[data-point] { fill: #fff; stroke: var(--c); stroke-width: 1.4; }
.marker { stroke: var(--c); stroke-width: 1.3; stroke-dasharray: 4 3; }
svg.plot .marker-label { fill: var(--c); font-weight: 600; }
.drain { fill: #f3f4f6; }
svg.plot .drain-label { fill: var(--muted); font-style: italic; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 13px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { break-inside: auto; }
  table, figure { break-inside: avoid; page-break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
  tbody tr:nth-child(even) { background: none; }
}
@page { margin: 14mm; }
`;
