/**
 * The HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core; CI installs
 * it with .ci/install-system-deps). Never downloads a browser: a missing Chromium is a clear failure.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/html.js";
import { renderSweepHtml } from "../../src/report/sweep-html.js";
import { CHANGE_CATEGORIES, type ComparisonResult } from "../../src/scenario/result.js";
import { MINUTE, SECOND } from "../../src/scheduler/duration.js";
import { sampleResult } from "../fixtures/sample-result.js";
import { attributeRun } from "../fixtures/sweep-runs.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCREENSHOT_COPY = join(REPO, ".tmp", "report-screenshot.png");

let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with .ci/install-system-deps (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), "entra-sync-sim-report-"));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Loaded {
  readonly page: Page;
  readonly problems: string[];
  readonly dialogs: string[];
  readonly requests: string[];
}

/** Opens a report from a file:// URL and records console errors, page errors, dialogs and requests. */
async function open(result: ComparisonResult, name: string): Promise<Loaded> {
  return openHtml(renderHtml(result), name);
}

/** Opens a page of HTML from a file:// URL, recording as {@link open} does. */
async function openHtml(html: string, name: string): Promise<Loaded> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning")
      problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(`file://${file}`, { waitUntil: "load" });
  return { page, problems, dialogs, requests };
}

/**
 * Each chart's laid-out size, how many marks (`selector`) it holds, and how many of them fall outside it.
 */
async function chartBoxes(
  page: Page,
  selector: string,
): Promise<Array<{ width: number; height: number; marks: number; outside: number }>> {
  return page.locator("svg.plot").evaluateAll(
    (svgs, marksSelector) =>
      svgs.map((svg) => {
        const rect = svg.getBoundingClientRect();
        const marks = [...svg.querySelectorAll(marksSelector)];
        const outside = marks.filter((c) => {
          const r = c.getBoundingClientRect();
          return (
            r.left < rect.left - 4 ||
            r.right > rect.right + 4 ||
            r.top < rect.top - 4 ||
            r.bottom > rect.bottom + 4
          );
        }).length;
        return { width: rect.width, height: rect.height, marks: marks.length, outside };
      }),
    selector,
  );
}

describe("HTML report in Chromium", () => {
  it("loads cleanly, draws every data point, and looks right", async () => {
    const result = sampleResult();
    const { page, problems, dialogs, requests } = await open(result, "report");

    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    // Only the page itself: no fonts, images or scripts fetched.
    expect(requests.filter((url) => !url.endsWith("/report.html"))).toEqual([]);
    expect(await page.locator("script").count()).toBe(0);

    for (const category of CHANGE_CATEGORIES) {
      const chart = page.locator(`[data-chart="cdf-${category}"]`);
      expect(await chart.count()).toBe(1);
      for (const engine of ["connect", "cloudSync"] as const) {
        const samples = result.engines[engine]?.samples?.[category] ?? [];
        const points = chart.locator(`[data-series="${engine}"] circle[data-point]`);
        expect(await points.count(), `${category} / ${engine}`).toBe(new Set(samples).size);
      }
    }
    const timeline = page.locator('[data-chart="timeline"]');
    for (const engine of ["connect", "cloudSync"] as const) {
      const points = timeline.locator(`[data-series="${engine}"] circle[data-point]`);
      expect(await points.count()).toBe(result.engines[engine]?.timeline.length);
    }
    expect(await timeline.locator("[data-marker]").count()).toBe(result.summary?.markers.length);

    // Every chart is laid out with a real size, and its points fall inside the drawing.
    for (const box of await chartBoxes(page, "circle[data-point]")) {
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(150);
      expect(box.outside).toBe(0);
    }

    const shot = join(dir, "report.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    mkdirSync(dirname(SCREENSHOT_COPY), { recursive: true });
    copyFileSync(shot, SCREENSHOT_COPY);
    await page.close();
  });

  it("shows a hostile scenario name as text and runs nothing from it", async () => {
    const result = sampleResult({ hostile: true, name: "<script>alert(1)</script> day" });
    const { page, problems, dialogs } = await open(result, "hostile");

    expect(await page.locator("[data-scenario-name]").textContent()).toBe("<script>alert(1)</script> day");
    expect(await page.title()).toContain("<script>alert(1)</script> day");
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("img").count()).toBe(0);
    // The markup in every other string arrives as text too: the description, a marker label, a detail.
    const body = (await page.locator("body").textContent()) ?? "";
    expect(body).toContain('<img src=x onerror="alert(2)">');
    expect(await page.locator("[data-marker] title").first().textContent()).toContain(
      "<script>alert(1)</script>",
    );
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("falls back to the percentile points when a result carries no samples", async () => {
    const result = sampleResult({ withSamples: false });
    const { page, problems } = await open(result, "no-samples");
    expect(problems).toEqual([]);
    const points = page.locator('[data-chart="cdf-attribute"] [data-series="connect"] circle[data-point]');
    const l = result.engines.connect?.latency.attribute;
    expect(await points.count()).toBe(new Set([l?.p50, l?.p90, l?.p99, l?.max]).size);
    expect(await page.locator('[data-chart="cdf-move"] [data-series="cloudSync"]').count()).toBe(0);
    await page.close();
  });

  it("draws a sweep's spreads inside the chart, and shows hostile names as text", async () => {
    const hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)">';
    const html = renderSweepHtml({
      sweep: hostile,
      version: "0.1.0",
      engines: ["connect", "cloudSync"],
      seeds: [1, 2, 3],
      variants: [
        { name: "as written", assignments: [] },
        { name: `name=${hostile}`, assignments: [`name=${hostile}`] },
      ],
      points: 6,
      runs: [0, 1, 2, 3, 4, 5].map((point) => ({
        point,
        variant: Math.floor(point / 3),
        seed: (point % 3) + 1,
        engines: {
          connect: attributeRun((25 + point) * MINUTE, point === 0 ? [hostile] : []),
          cloudSync: attributeRun((100 + point * 5) * SECOND),
        },
      })),
    });
    const { page, problems, dialogs, requests } = await openHtml(html, "sweep");
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(requests.filter((url) => !url.endsWith("/sweep.html"))).toEqual([]);
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("[data-scenario-name]").textContent()).toBe(hostile);
    expect(await page.locator("h2").nth(1).textContent()).toBe(`Variant 2 of 2: name=${hostile}`);
    expect(await page.locator('[data-chart^="spread-"]').count()).toBe(2);
    for (const box of await chartBoxes(page, "circle, line.spread")) {
      expect(box.width).toBeGreaterThan(300);
      expect(box.height).toBeGreaterThan(80);
      expect(box.marks).toBe(6); // two engines: bar, p99 median dot, p50 ring each
      expect(box.outside).toBe(0);
    }
    // Connect's p99 moves 2 minutes over the seeds, Cloud Sync's 10 s: every bar is drawn with a length.
    const bars = await page
      .locator("line.spread")
      .evaluateAll((lines) => lines.map((l) => l.getBoundingClientRect().width));
    expect(bars).toHaveLength(4);
    for (const width of bars) expect(width).toBeGreaterThan(6);
    await page.close();
  });
});
