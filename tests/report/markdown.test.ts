import { describe, expect, it } from "vitest";
import { escapeMarkdownCell, escapeMarkdownText } from "../../src/report/escape.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { ComparisonResult } from "../../src/scenario/result.js";
import { sampleResult } from "../fixtures/sample-result.js";
import { hostileStrings } from "./helpers.js";

/** Cells of a table line, splitting on `|` not preceded by a backslash. */
function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** Every table in a Markdown text: its consecutive `|` lines. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of md.split("\n")) {
    if (line.startsWith("|")) current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

describe("renderMarkdown", () => {
  const result = sampleResult();
  const md = renderMarkdown(result);

  it("has every section, and ends with one newline", () => {
    for (const heading of [
      "# Office day with failovers",
      "## Scenario",
      "## Latency: from AD to the cloud",
      "## What became of the changes",
      "## Backlog",
      "### Faults and admin actions",
      "## Incidents",
      "### Connect Sync",
      "### Cloud Sync",
      "## Scripted events",
      "## Requested but unsupported",
      "## Capabilities",
    ]) {
      expect(md).toContain(`\n${heading}\n`.replace(/^\n# /, "# "));
    }
    expect(md.endsWith("|\n")).toBe(true);
    expect(md.endsWith("\n\n")).toBe(false);
  });

  it("puts the engines' latency side by side per category", () => {
    const line = md.split("\n").find((l) => l.startsWith("| Attribute changes |"));
    const l = result.engines.connect?.latency.attribute;
    const c = result.engines.cloudSync?.latency.attribute;
    expect(l && c).toBeTruthy();
    expect(line).toBe(
      "| Attribute changes | 7m44s | 24m21s | 30m11s | 30m11s | 60 | 59s | 2m22s | 2m48s | 2m48s | 60 |",
    );
    expect(md).toContain("| Moves \\(OU\\) | 7m40s | 27m17s | 27m17s | 27m17s | 4 | – | – | – | – | 0 |");
  });

  it("lists counts, backlog peaks, markers, incidents, events, unsupported features and capabilities", () => {
    expect(md).toContain("| Made in AD | 160 | 160 |");
    expect(md).toContain("| Unsupported | 0 | 4 |");
    expect(md).toContain("- Connect Sync: peak 38 pending at 03:30:00; 0 pending at 10:00:00");
    expect(md).toContain("| 2 | 03:45:00 | Connect Sync | admin promote staging |");
    expect(md).toContain("| 4 | 06:00:00 | both | fault link:cloud down |");
    expect(md).toContain("| 06:04:00 | quarantine | job entered quarantine after repeated export failures |");
    expect(md).toContain("| 3 | modify | 03:10:00 | applied, after 52m | applied, after 2m |");
    expect(md).toContain("| 4 | sign-in | 06:05:00 | done, success | done, failure — cloud link down |");
    expect(md).toContain("- Cloud Sync: device-writeback");
    expect(md).toContain("- Connect Sync: none");
    expect(md).toContain(
      "| staging-server | yes — Staging mode server \\(how-to-connect-sync-staging-server\\) | no — No staging mode; use several agents |",
    );
  });

  it("keeps every table rectangular and escapes every scenario string", () => {
    const hostile = sampleResult({ hostile: true });
    const out = renderMarkdown(hostile);
    expect(out).not.toMatch(/<script|<img/i);
    for (const t of tables(out)) {
      const width = cells(t[0] as string).length;
      for (const line of t) expect(cells(line), line).toHaveLength(width);
    }
    for (const s of hostileStrings(hostile)) {
      const asCell = escapeMarkdownCell(s);
      const asText = escapeMarkdownText(s);
      const asLines = s.split("\n").map((l) => escapeMarkdownText(l.trim()));
      const found = out.includes(asCell) || out.includes(asText) || asLines.every((l) => out.includes(l));
      expect(found, s).toBe(true);
    }
  });

  it("does not let a description line start a list, a heading or a code block", () => {
    const base = sampleResult();
    const tricky: ComparisonResult = {
      ...base,
      summary: {
        ...(base.summary as NonNullable<typeof base.summary>),
        description: "intro\n- not a list\n# not a heading\n    not code\n1. not ordered\n===",
      },
    };
    const out = renderMarkdown(tricky);
    expect(out).toContain("intro\n\\- not a list\n\\# not a heading\nnot code\n1\\. not ordered\n\\===\n");
  });

  it("is deterministic", () => {
    expect(renderMarkdown(sampleResult())).toBe(md);
  });
});

describe("Markdown escaping", () => {
  it("escapes pipes and line breaks in cells and HTML everywhere", () => {
    expect(escapeMarkdownCell("a|b\nc\r\nd")).toBe("a\\|b<br>c<br>d");
    expect(escapeMarkdownCell("<b>&</b>")).toBe("&lt;b&gt;&amp;&lt;/b&gt;");
    expect(escapeMarkdownText("*x* _y_ `z` [l](u)\nnext")).toBe(
      "\\*x\\* \\_y\\_ \\`z\\` \\[l\\]\\(u\\) next",
    );
  });
});
