import { describe, expect, it } from "vitest";
import { enginesOf, originRows } from "../../src/report/format.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderTable } from "../../src/report/table.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";

/** The reports' table of where the writes were made (replication between domain controllers). */
const scenario: ScenarioInput = {
  name: "where writes are made",
  seed: 3,
  duration: "4h",
  drain: "2h",
  directory: { users: 10 },
  events: [
    { type: "modify", at: "10m", object: "user-1", attributes: { department: "Hub" } },
    { type: "modify", at: "10m", dc: "other-site", object: "user-2", attributes: { department: "Branch" } },
  ],
};

describe("where the writes were made, in the reports", () => {
  const result = compareEngines(scenario);

  it("has a row per kind of DC a change came from, each engine's figures", () => {
    const rows = originRows(enginesOf(result));
    // Nothing was written on another DC of the sync DC's site: no row for it.
    expect(rows.map((r) => [r.origin, r.title])).toEqual([
      ["sync-dc", "the sync DC"],
      ["other-site", "a DC in another site"],
    ]);
    const remote = result.engines.cloudSync?.events[1]?.latency;
    expect(rows[1]?.engines[1]?.latency).toMatchObject({ count: 1, p50: remote, max: remote });
  });

  it("the HTML, Markdown and console reports carry it, and leave it out without replication", () => {
    const html = renderHtml(result);
    expect(html).toContain('<section id="origins"');
    expect(html).toContain("<td>a DC in another site</td><td>1</td><td>1</td>");
    const md = renderMarkdown(result);
    expect(md).toContain("## Where the writes were made");
    expect(md).toMatch(/\| the sync DC \| 1 \| 1 \| [^|]+ \| [^|]+ \| [^|]+ \| 1 \| 1 \|/);
    const table = renderTable(result);
    expect(table).toMatch(/written on +n applied +p50 +p90 +max +n applied/);
    expect(table).toMatch(/a DC in another site +1 +1 +\S+ +\S+ +\S+ +1 +1 +\S+ +\S+ +\S+\n/);
    const none = compareEngines({ ...scenario, events: [scenario.events?.[0] as never] });
    expect(renderHtml(none)).not.toContain('id="origins"');
    expect(renderMarkdown(none)).not.toContain("## Where the writes were made");
    expect(renderTable(none)).not.toContain("written on");
  });
});
