import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/report/escape.js";
import { renderHtml } from "../../src/report/html.js";
import { CHANGE_CATEGORIES, type ComparisonResult } from "../../src/scenario/result.js";
import { HOUR } from "../../src/scheduler/duration.js";
import { sampleResult } from "../fixtures/sample-result.js";
import { chartHtml, hostileStrings, seriesPoints } from "./helpers.js";

describe("renderHtml", () => {
  const result = sampleResult();
  const html = renderHtml(result);

  it("is one self-contained document: no script, no external reference", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html.endsWith("</html>\n")).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain("<style>");
  });

  it("is deterministic", () => {
    expect(renderHtml(sampleResult())).toBe(html);
  });

  it("has every section", () => {
    for (const id of ["summary", "latency", "backlog", "changes", "incidents", "events", "capabilities"]) {
      expect(html).toContain(`data-section="${id}"`);
    }
    expect(html).toContain("2,000 users · 80 groups · 20 contacts · 0 devices");
    expect(html).toContain("password-writeback");
    expect(html).toContain("Workload duration</dt><dd>8h</dd>");
    expect(html).toContain('<span class="chip bad">device-writeback</span>');
    expect(html).toContain("job entered quarantine after repeated export failures");
  });

  it("draws a CDF per category with one point per distinct sample and a line per engine", () => {
    for (const category of CHANGE_CATEGORIES) {
      const chart = chartHtml(html, `cdf-${category}`);
      for (const engine of ["connect", "cloudSync"] as const) {
        const samples = result.engines[engine]?.samples?.[category] ?? [];
        expect(seriesPoints(chart, engine), `${category}/${engine}`).toBe(new Set(samples).size);
        if (samples.length > 0)
          expect(chart).toMatch(new RegExp(`data-series="${engine}"[^>]*><path class="series" d="M`));
      }
    }
  });

  it("labels the log latency axis with readable durations", () => {
    const chart = chartHtml(html, "cdf-attribute");
    const labels = [...chart.matchAll(/text-anchor="middle">([^<]+)<\/text>/g)].map((m) => m[1]);
    const ticks = labels.filter((l) => l !== "latency (log scale)" && l !== "share of changes visible");
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    for (const t of ticks) expect(t).toMatch(/^\d+(ms|s|m|h|d)$/);
    expect(ticks).toContain("30s");
    expect(ticks).toContain("30m");
  });

  it("draws the backlog per engine with every sample, each marker and the drain", () => {
    const chart = chartHtml(html, "timeline");
    for (const engine of ["connect", "cloudSync"] as const) {
      expect(seriesPoints(chart, engine)).toBe(result.engines[engine]?.timeline.length);
    }
    expect(chart.split("<g data-marker").length - 1).toBe(result.summary?.markers.length);
    expect(chart).toContain("drain (workload ended at 8h)");
    // Engine-specific markers take the engine's colour; shared ones are grey.
    expect(chart).toContain('<g data-marker style="--c:#1f5fa8"><title>3h: fault connect:primary crash');
    expect(chart).toContain('<g data-marker style="--c:#5f6670"><title>6h: fault link:cloud down');
    expect(chart).toMatch(/>0<\/text>.*>2h<\/text>.*>10h<\/text>/);
  });

  it("thins long series to the cap, keeping the maximum latency and the backlog peak", () => {
    const samples = Array.from({ length: 10_000 }, (_, i) => 1000 + i * 37);
    const timeline = Array.from({ length: 5_000 }, (_, i) => ({
      at: i * 60_000,
      pending: i === 2_777 ? 999 : i % 7,
    }));
    const base = sampleResult();
    const connect = base.engines.connect;
    if (!connect) throw new Error("fixture has connect");
    const big: ComparisonResult = {
      ...base,
      engines: { connect: { ...connect, samples: { ...connect.samples, attribute: samples }, timeline } },
    };
    const out = renderHtml(big, { maxPointsPerSeries: 100 });
    const cdf = chartHtml(out, "cdf-attribute");
    expect(seriesPoints(cdf, "connect")).toBe(100);
    expect(cdf).toContain("100% within 6m11s");
    const backlog = chartHtml(out, "timeline");
    expect(seriesPoints(backlog, "connect")).toBe(100);
    expect(backlog).toContain("999 pending");
  });

  it("escapes every string that came from the scenario, in text and in attributes", () => {
    const hostile = sampleResult({ hostile: true });
    const out = renderHtml(hostile);
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<img/i);
    expect(out).not.toMatch(/onerror="/i);
    const strings = hostileStrings(hostile);
    expect(strings.length).toBeGreaterThanOrEqual(15);
    for (const s of strings) expect(out, s).toContain(escapeHtml(s));
    // In the <title> and in the chart's <title> tooltips too.
    expect(out).toContain(`<title>entra-sync-sim — ${escapeHtml(hostile.scenario)}</title>`);
  });

  it("falls back to the percentile points, dashed, when the result has no samples", () => {
    const bare = sampleResult({ withSamples: false });
    const out = renderHtml(bare);
    const chart = chartHtml(out, "cdf-password");
    const l = bare.engines.connect?.latency.password;
    expect(seriesPoints(chart, "connect")).toBe(new Set([l?.p50, l?.p90, l?.p99, l?.max]).size);
    expect(chart).toContain('class="series estimated"');
    expect(chart).toContain("p50/p90/p99/max only");
    expect(chartHtml(out, "cdf-move")).toContain("(no changes)");
  });

  it("renders a single-engine result without a summary", () => {
    const base = sampleResult();
    const single: ComparisonResult = {
      scenario: "solo",
      seed: 1,
      version: "0.1.0",
      engines: { cloudSync: base.engines.cloudSync as NonNullable<typeof base.engines.cloudSync> },
    };
    const out = renderHtml(single);
    expect(out).toContain("The result carries no scenario summary.");
    expect(out).not.toContain('data-series="connect"');
    expect(seriesPoints(chartHtml(out, "cdf-attribute"), "cloudSync")).toBe(60);
    expect(out).toContain("No faults or admin actions in this scenario.");
  });

  it("shows an empty chart message when no engine measured a category", () => {
    const base = sampleResult();
    const empty: ComparisonResult = {
      ...base,
      engines: {
        connect: {
          ...(base.engines.connect as NonNullable<typeof base.engines.connect>),
          samples: {},
          latency: {
            ...(base.engines.connect as NonNullable<typeof base.engines.connect>).latency,
            move: { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
          },
        },
      },
    };
    const chart = chartHtml(renderHtml(empty), "cdf-move");
    expect(chart).toContain("No changes of this kind");
    expect(chart).not.toContain("<svg");
  });

  it("formats long runs on the timeline axis in hours or days", () => {
    const base = sampleResult();
    const connect = base.engines.connect as NonNullable<typeof base.engines.connect>;
    const long: ComparisonResult = {
      ...base,
      engines: {
        connect: {
          ...connect,
          endedAt: 72 * HOUR,
          timeline: [
            { at: 0, pending: 0 },
            { at: 72 * HOUR, pending: 3 },
          ],
        },
      },
    };
    const chart = chartHtml(renderHtml(long), "timeline");
    expect(chart).toContain(">1d</text>");
    expect(chart).toContain(">3d</text>");
  });
});
