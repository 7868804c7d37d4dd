import { describe, expect, it } from "vitest";
import { cloudWriteRows, enginesOf } from "../../src/report/format.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderTable } from "../../src/report/table.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";

/** The reports' summary of the writes from the cloud to AD: how many AD showed, and how long after. */
const scenario: ScenarioInput = {
  name: "writes from the cloud",
  seed: 5,
  duration: "2h",
  drain: "1h",
  directory: { users: 10, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
  features: ["password-writeback", "group-writeback", "group-provisioning-to-ad", "device-writeback"],
  events: [
    { type: "cloud-password-reset", at: "10m", object: "user-1" },
    { type: "cloud-password-reset", at: "20m", object: "user-2" },
    { type: "cloud-password-reset", at: "30m", object: "user-3" },
    { type: "cloud-group", at: "10m", object: "Falcon", groupType: "microsoft365", members: ["user-4"] },
    { type: "cloud-device", at: "10m", object: "LAPTOP-ANN" },
  ],
};

describe("writes from the cloud to AD, summarised", () => {
  const result = compareEngines(scenario);
  const rows = cloudWriteRows(enginesOf(result));

  it("counts each kind per engine, with the median and longest time until AD showed it", () => {
    expect(rows.map((r) => r.title)).toEqual([
      "Password resets (SSPR)",
      "Groups made in the cloud",
      "Devices registered in the cloud",
    ]);
    // Connect first, Cloud Sync second; resets take the 2 s relay on both.
    expect(rows[0]?.engines).toEqual([
      { count: 3, applied: 3, p50: 2_000, max: 2_000 },
      { count: 3, applied: 3, p50: 2_000, max: 2_000 },
    ]);
    // Cloud Sync has no device writeback: none of its devices reaches AD.
    expect(rows[2]?.engines[1]).toEqual({ count: 1, applied: 0, p50: undefined, max: undefined });
    const connectGroup = result.engines.connect?.events[3];
    expect(rows[1]?.engines[0]).toEqual({
      count: 1,
      applied: 1,
      p50: connectGroup?.latency,
      max: connectGroup?.latency,
    });
  });

  it("the HTML, Markdown and console reports carry the table, and leave it out when nothing is written from the cloud", () => {
    const html = renderHtml(result);
    expect(html).toContain('<section id="cloud-writes"');
    expect(html).toContain("<td>Devices registered in the cloud</td><td>1</td><td>1</td>");
    const md = renderMarkdown(result);
    expect(md).toContain("## Writes from the cloud to AD");
    expect(md).toContain("| Password resets (SSPR) | 3 | 3 | 2s | 2s | 3 | 3 | 2s | 2s |");
    const table = renderTable(result);
    expect(table).toContain(
      "cloud-password-reset         3      3      2s      2s       3      3      2s      2s",
    );
    expect(table).toMatch(/cloud-device +1 +1 +\S+ +\S+ +1 +0 +- +-\n/);
    const none = compareEngines({ ...scenario, events: [] });
    expect(renderHtml(none)).not.toContain("cloud-writes");
    expect(renderMarkdown(none)).not.toContain("## Writes from the cloud");
    expect(renderTable(none)).not.toContain("cloud → AD");
  });
});
