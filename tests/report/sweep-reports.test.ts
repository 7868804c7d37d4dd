import { describe, expect, it } from "vitest";
import { renderSweepHtml } from "../../src/report/sweep-html.js";
import { renderSweepMarkdown } from "../../src/report/sweep-markdown.js";
import { renderSweepTable } from "../../src/report/sweep-table.js";
import type { SweepResult } from "../../src/scenario/sweep.js";
import { MINUTE, SECOND } from "../../src/scheduler/duration.js";
import { attributeRun } from "../fixtures/sweep-runs.js";

/** A sweep whose scenario name and variant carry Markdown and HTML. */
const sweep: SweepResult = {
  sweep: "Day | <script>alert(1)</script>",
  version: "0.1.0",
  engines: ["connect", "cloudSync"],
  seeds: [1, 2, 3],
  variants: [{ name: 'engines.connect.notes="a|b<i>"', assignments: ['engines.connect.notes="a|b<i>"'] }],
  points: 3,
  runs: [30, 29, 31].map((minutes, i) => ({
    point: i,
    variant: 0,
    seed: i + 1,
    engines: {
      connect: attributeRun(minutes * MINUTE, i === 0 ? ["cycle-failed"] : []),
      cloudSync: attributeRun(110 * SECOND),
    },
  })),
};

describe("sweep reports", () => {
  it("Markdown: a table per variant with the spread and the lower-p99 tally; scenario strings escaped", () => {
    const md = renderSweepMarkdown(sweep);
    expect(md).toContain("# Day | &lt;script&gt;alert\\(1\\)&lt;/script&gt;: sweep");
    expect(md).not.toContain("<script>");
    expect(md).toContain('## Variant 1 of 1: engines.connect.notes="a|b&lt;i&gt;"');
    expect(md).toContain(
      "| Change | Connect Sync p50 | Connect Sync p99 (min – median – max) | Cloud Sync p50 | Cloud Sync p99 (min – median – max) | Lower p99 in (Connect / Cloud Sync / tie) |",
    );
    expect(md).toContain(
      "| Attribute changes | 15m | 29m – 30m – 31m | 55s | 1m50s – 1m50s – 1m50s | 0 / 3 / 0 |",
    );
    expect(md).toContain(
      "- Changes applied: Connect Sync: 27 of 30 (0 pending, 0 lost); Cloud Sync: 27 of 30 (0 pending, 0 lost)",
    );
    expect(md).toContain("- Incidents: Connect Sync: cycle-failed 1; Cloud Sync: none");
    expect(md).not.toMatch(/\| Creates? /);
  });

  it("the console table shows the same figures", () => {
    const table = renderSweepTable(sweep);
    expect(table).toMatch(/^attribute +15m +29m +30m +31m +55s +1m50s +1m50s +1m50s +0\/3\/0$/m);
    expect(table).toContain("incidents     Connect Sync: cycle-failed 1\n              Cloud Sync: none");
  });

  it("HTML: one self-contained page, a spread chart and table per variant, every scenario string escaped", () => {
    const html = renderSweepHtml(sweep);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<img|<link|https?:/);
    expect(html).toContain(
      "<title>entra-sync-sim — Day | &lt;script&gt;alert(1)&lt;/script&gt; sweep</title>",
    );
    expect(html).toContain("<h1 data-scenario-name>Day | &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    expect(html).toContain("Variant 1 of 1: engines.connect.notes=&quot;a|b&lt;i&gt;&quot;");
    // One row per engine of the one category with changes: bar, median dot, p50 ring.
    expect(html.match(/<g data-series="connect" data-category="Attribute changes"/g)).toHaveLength(1);
    expect(html.match(/<g data-series="cloudSync"/g)).toHaveLength(1);
    expect(html.match(/<line class="spread"/g)).toHaveLength(2);
    expect(html).toContain(
      "Connect Sync, Attribute changes: p99 29m to 31m, median 30m; p50 median 15m (3 runs)",
    );
    expect(html).toContain("<td>29m – 30m – 31m</td>");
    expect(html).toContain("<td>0 / 3 / 0</td>");
    expect(html).toContain("cycle-failed 1");
    expect(html).not.toContain("data-shard");
    const shard = renderSweepHtml({ ...sweep, shard: { index: 2, count: 3 }, runs: sweep.runs.slice(1, 2) });
    expect(shard).toContain("Shard 2 of 3: 1 of 3 points.");
    expect(renderSweepHtml(sweep)).toBe(html);
  });
});
