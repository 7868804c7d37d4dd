import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderTimelineChart, timeStep } from "../../src/report/charts.js";
import { escapeHtml } from "../../src/report/escape.js";
import {
  countOf,
  directoryPhrase,
  formatCount,
  readableDuration,
  TIME_STEPS,
} from "../../src/report/format.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { cdfData, timelineData } from "../../src/report/series.js";
import { renderTable } from "../../src/report/table.js";
import { DAY, HOUR, MINUTE, SECOND } from "../../src/scheduler/duration.js";
import { sampleResult } from "../fixtures/sample-result.js";

describe("report formats", () => {
  it("rounds durations to what matters at their size", () => {
    expect(readableDuration(0)).toBe("0s");
    expect(readableDuration(850)).toBe("850ms");
    expect(readableDuration(1_500)).toBe("1.5s");
    expect(readableDuration(2_000)).toBe("2s");
    expect(readableDuration(2 * MINUTE + 5_400)).toBe("2m5s");
    expect(readableDuration(HOUR + 30 * MINUTE + 45 * SECOND)).toBe("1h31m");
    expect(readableDuration(26 * HOUR + 5 * MINUTE)).toBe("1d2h");
    expect(readableDuration(Number.NaN)).toBe("–");
  });

  it("groups thousands without depending on the locale", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(-1000)).toBe("-1,000");
    expect(formatCount(999)).toBe("999");
  });

  it("escapes every HTML-significant character", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    expect(escapeHtml(42)).toBe("42");
  });
});

describe("chart data", () => {
  it("makes one CDF step per distinct latency, at the fraction after the last equal one", () => {
    const data = cdfData([10, 20, 20, 30], undefined);
    expect(data).toEqual({
      exact: true,
      count: 4,
      points: [
        { x: 10, y: 0.25 },
        { x: 20, y: 0.75 },
        { x: 30, y: 1 },
      ],
    });
    expect(cdfData([30, 10], undefined).points.map((p) => p.x)).toEqual([10, 30]);
  });

  it("falls back to the summary percentiles, merging equal ones", () => {
    const data = cdfData([], { count: 5, mean: 1, p50: 100, p90: 200, p99: 200, max: 300 });
    expect(data.exact).toBe(false);
    expect(data.points).toEqual([
      { x: 100, y: 0.5 },
      { x: 200, y: 0.99 },
      { x: 300, y: 1 },
    ]);
    expect(cdfData(undefined, { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 }).points).toEqual([]);
  });

  it("thins a distribution by rank, keeping the first and the last", () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1);
    const data = cdfData(samples, undefined, 11);
    expect(data.points).toHaveLength(11);
    expect(data.points[0]).toEqual({ x: 1, y: 0.001 });
    expect(data.points[10]).toEqual({ x: 1000, y: 1 });
  });

  it("thins a backlog keeping each bucket's peak, the first and the last sample", () => {
    const timeline = Array.from({ length: 1000 }, (_, i) => ({ at: i, pending: i === 500 ? 99 : 1 }));
    const points = timelineData(timeline, 10);
    expect(points).toHaveLength(10);
    expect(points[0]).toEqual({ x: 0, y: 1 });
    expect(points[9]).toEqual({ x: 999, y: 1 });
    expect(points.some((p) => p.x === 500 && p.y === 99)).toBe(true);
    expect(timelineData(timeline.slice(0, 5), 10)).toHaveLength(5);
  });

  it("counts in the singular for one: 1 forest, 2 forests", () => {
    expect(countOf(1, "forests")).toBe("1 forest");
    expect(countOf(2, "forests")).toBe("2 forests");
    expect(countOf(5000, "users")).toBe("5,000 users");
    expect(directoryPhrase({ users: 1, groups: 0, forests: 1 })).toBe("1 user · 0 groups · 1 forest");
    const table = renderTable({
      scenario: "one",
      seed: 1,
      version: "0",
      engines: {},
      summary: {
        description: "",
        duration: HOUR,
        directory: { users: 1, groups: 2, contacts: 0, devices: 0, forests: 1 },
        authentication: "phs",
        features: [],
        markers: [],
      },
    });
    expect(table.split("\n")[0]).toBe("one  ·  seed 1  ·  1h workload  ·  1 user, 2 groups  ·  auth phs");
  });

  it("puts the drain's label before its line when the drain is too short to hold it", () => {
    const points = [
      { x: 0, y: 0 },
      { x: 8 * HOUR + 5 * MINUTE, y: 0 },
    ];
    const series = [{ engine: "connect" as const, points }];
    const short = renderTimelineChart(series, [], 8 * HOUR, 8 * HOUR + 5 * MINUTE);
    expect(short).toMatch(
      /<text class="drain-label" x="[\d.]+" text-anchor="end" y="\d+">drain \(workload ended at 8h\)/,
    );
    const long = renderTimelineChart(series, [], 4 * HOUR, 8 * HOUR + 5 * MINUTE);
    expect(long).toMatch(/<text class="drain-label" x="[\d.]+" y="\d+">drain \(workload ended at 4h\)/);
  });

  it("cuts long lists of incidents and scripted events short in the table, saying where every one is", () => {
    const result = sampleResult();
    const connect = result.engines.connect;
    if (!connect || connect.incidents.length < 2 || connect.events.length < 2)
      throw new Error("a richer sample");
    const table = renderTable(result, { maxIncidents: 1, maxEvents: 1 });
    const hint = "(the Markdown and HTML reports list every one)";
    expect(table).toContain(`  … ${connect.incidents.length - 1} more ${hint}`);
    expect(table).toContain(`  … ${connect.events.length - 1} more ${hint}`);
    // And they do.
    const markdown = renderMarkdown(result);
    for (const incident of connect.incidents) expect(markdown).toContain(incident.kind);
    expect(markdown).toContain(`| ${connect.events.length - 1} |`);
  });

  it("gives a time axis a dozen ticks at most, a run of years too (round numbers of weeks past 12 weeks)", () => {
    const WEEK = 7 * DAY;
    expect(timeStep(8 * HOUR)).toBe(HOUR);
    expect(timeStep(84 * DAY)).toBe(WEEK);
    expect(timeStep(85 * DAY)).toBe(2 * WEEK);
    expect(timeStep(1_000 * DAY)).toBe(20 * WEEK);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (maxEnd) => {
        const step = timeStep(maxEnd);
        expect(Math.floor(maxEnd / step) + 1).toBeLessThanOrEqual(13);
        expect(TIME_STEPS.includes(step) || step % WEEK === 0).toBe(true);
      }),
    );
    // A thousand-day run's timeline: 8 ticks, where it had 143 (one a week) before.
    const points = [
      { x: 0, y: 5 },
      { x: 1_000 * DAY, y: 0 },
    ];
    const chart = renderTimelineChart([{ engine: "connect", points }], [], 999 * DAY, 1_000 * DAY);
    const labels = [...chart.matchAll(/y="\d+" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels.filter((l) => l !== "virtual time since start")).toEqual([
      "0",
      "140d",
      "280d",
      "420d",
      "560d",
      "700d",
      "840d",
      "980d",
    ]);
  });

  it("lines each engine's column of scripted-event fates up under its heading, from the second day on too", () => {
    const result = sampleResult();
    const connect = result.engines.connect;
    const cloudSync = result.engines.cloudSync;
    if (!connect || !cloudSync) throw new Error("the sample has both engines");
    const late = {
      index: connect.events.length,
      type: "modify",
      at: DAY + 2 * HOUR,
      status: "pending",
      visibleAt: null,
      latency: null,
    } as const;
    const lines = renderTable({
      ...result,
      engines: {
        connect: { ...connect, events: [...connect.events, late] },
        cloudSync: {
          ...cloudSync,
          events: [...cloudSync.events, { ...late, status: "ignored", reason: "aimed at Connect Sync" }],
        },
      },
    }).split("\n");
    const heading = lines.find((l) => l.startsWith("scripted events")) as string;
    const row = lines.find((l) => l.includes("1+02:00:00")) as string;
    expect(row.indexOf("pending")).toBe(heading.indexOf("Connect Sync"));
    expect(row.indexOf("ignored (aimed at Connect Sync)")).toBe(heading.indexOf("Cloud Sync"));
  });
});
