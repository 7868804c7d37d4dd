import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ComparisonResult } from "../../src/scenario/result.js";
import { cli, cliReadOnce, node, smallScenario } from "./cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "entra-sync-sim-cli-"));

const small = smallScenario("cli-small");
const good = join(dir, "good.json");
writeFileSync(good, JSON.stringify(small));
const bad = join(dir, "bad.json");
writeFileSync(
  bad,
  JSON.stringify({
    ...small,
    events: [{ type: "modify", at: "5x", object: "user-99", attributes: { title: "x" } }],
  }),
);
const broken = join(dir, "broken.json");
writeFileSync(broken, "{ not json");

describe("entra-sync-sim CLI", () => {
  it("--version prints the package version and exits 0", async () => {
    const r = await cli("--version");
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("presets lists the built-in scenarios one per line", async () => {
    const r = await cli("presets");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^office-day\s+\S/m);
  });

  it("validate: 0 for a good file, 2 naming every bad field without a stack trace", async () => {
    const [ok, r] = await Promise.all([cli("validate", good), cli("validate", bad)]);
    expect(ok.status).toBe(0);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('events[0].at: "5x" is not a duration');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("bad input exits 2: missing file, broken JSON, unknown option, bad seed", async () => {
    const [missing, notJson, option, seed, engine] = await Promise.all([
      cli("run", join(dir, "nope.json")),
      cli("validate", broken),
      cli("run", good, "--colour"),
      cli("run", good, "--engine", "both", "--seed", "x1"),
      cli("run", good, "--engine", "mainframe"),
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("is neither a preset");
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toContain("is not valid JSON");
    expect(option.status).toBe(2);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toContain('--seed: "x1" is not an integer');
    expect(engine.status).toBe(2);
  });

  it("--set runs a variant of the scenario; a bad assignment or value exits 2 naming it", async () => {
    const out = join(dir, "variant.json");
    const [variant, plain, noEquals, badValue, valid] = await Promise.all([
      cli(
        "run",
        good,
        "--quiet",
        "--json",
        out,
        "--set",
        "engines.connect.cycleInterval=60m",
        "--set",
        "seed=11",
      ),
      cli("run", good, "--quiet", "--json", join(dir, "plain.json")),
      cli("run", good, "--set", "seed"),
      cli("validate", good, "--set", "directory.users=lots"),
      cli("validate", good, "--set", 'events[0].attributes.title="Chief"'),
    ]);
    expect(variant.status).toBe(0);
    const result = JSON.parse(readFileSync(out, "utf8")) as ComparisonResult;
    const base = JSON.parse(readFileSync(join(dir, "plain.json"), "utf8")) as ComparisonResult;
    expect(plain.status).toBe(0);
    expect(result.seed).toBe(11);
    expect(result.scenario).toBe("cli-small [engines.connect.cycleInterval=60m, seed=11]");
    // An hourly cycle: Connect's latest attribute change takes longer than under the 30-minute default.
    expect(result.engines.connect?.latency.attribute.max).toBeGreaterThan(30 * 60_000);
    expect(base.engines.connect?.latency.attribute.max).toBeLessThanOrEqual(31 * 60_000);
    expect(noEquals.status).toBe(2);
    expect(noEquals.stderr).toBe('error: --set "seed": is not path=value\n');
    expect(badValue.status).toBe(2);
    expect(badValue.stderr).toContain('directory.users: "lots" is not a number');
    expect(valid.status).toBe(0);
  });

  it("--users builds a preset at another size, rates, events and description scaled; files and bad sizes exit 2", async () => {
    const [valid, one, run, zero, huge, file] = await Promise.all([
      cli("validate", "office-day", "--users", "300", "--set", "duration=4h"),
      cli("validate", "large-tenant", "--users", "1000"),
      cli("run", "office-day", "--users", "40", "--engine", "cloud-sync", "--json", "-"),
      cli("validate", "office-day", "--users", "0"),
      cli("run", "office-day", "--users", "2e6"),
      cli("run", good, "--users", "10"),
    ]);
    expect(valid.stdout).toBe("office-day: valid (office-day [users=300, duration=4h], 7 scripted events)\n");
    expect(one.stdout).toBe("large-tenant: valid (large-tenant [users=1000], 1 scripted event)\n");
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as ComparisonResult;
    expect(result.scenario).toBe("office-day [users=40]");
    expect(result.summary?.description).toMatch(/^An 8-hour working day in a 40-user forest: /);
    expect(result.summary?.directory.users).toBe(40);
    for (const r of [zero, huge]) {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /^error: --users: "(0|2e6)" is not a whole number of users from 1 to 2,000,000\n$/,
      );
    }
    expect(file.status).toBe(2);
    expect(file.stderr).toMatch(
      new RegExp(
        `^error: --users: "${good.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" is not a preset \\(flagship, .*\\); to resize a file's directory alone, --set directory.users=10\n$`,
      ),
    );
  }, 30_000);

  it("an internal failure exits 1 with one line, and the stack only when ENTRA_SYNC_SIM_DEBUG is set", async () => {
    // tests/fixtures/internal-fault.mjs makes the presets listing throw a plain Error (not bad input).
    const args = [
      "--import",
      "./tests/fixtures/internal-fault.mjs",
      "--import",
      "tsx",
      "src/cli/main.ts",
      "presets",
    ];
    const [plain, debug] = await Promise.all([node(args), node(args, { ENTRA_SYNC_SIM_DEBUG: "1" })]);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toBe("internal error: injected internal fault\n");
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(
      /^internal error: injected internal fault\nError: injected internal fault\n\s+at /,
    );
  });

  it("run prints the table and writes the result JSON", async () => {
    const out = join(dir, "result.json");
    const [r, quiet] = await Promise.all([
      cli("run", good, "--seed", "9", "--json", out),
      cli("run", good, "--engine", "cloud-sync", "--quiet"),
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Connect Sync");
    expect(r.stdout).toContain("Cloud Sync");
    expect(r.stdout).toMatch(/^attribute\s/m);
    const result = JSON.parse(readFileSync(out, "utf8")) as ComparisonResult;
    expect(result.seed).toBe(9);
    expect(Object.keys(result.engines)).toEqual(["connect", "cloudSync"]);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe("");
  });
});

describe("entra-sync-sim run --parallel", () => {
  it("writes the same JSON with the engines on worker threads as one after the other", async () => {
    const threads = join(dir, "threads.json");
    const inline = join(dir, "inline.json");
    const unplaced = join(dir, "unplaced.json");
    const [a, b, c, bad] = await Promise.all([
      cli("run", good, "--parallel", "--quiet", "--json", threads),
      cli("run", good, "--no-parallel", "--quiet", "--json", inline),
      cli("run", good, "--parallel", "--cpu-placement", "off", "--quiet", "--json", unplaced),
      cli("run", good, "--parallel", "--cpu-placement", "fastest"),
    ]);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(c.status).toBe(0);
    expect(readFileSync(threads, "utf8")).toBe(readFileSync(inline, "utf8"));
    expect(readFileSync(unplaced, "utf8")).toBe(readFileSync(inline, "utf8"));
    // A mode that is not one names the option and the value, without a stack trace.
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--cpu-placement <mode>.*fastest/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("entra-sync-sim run: reports", () => {
  it("--html and --markdown write the reports next to the table", async () => {
    const html = join(dir, "report.html");
    const md = join(dir, "report.md");
    const r = await cli("run", good, "--html", html, "--markdown", md);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^attribute\s/m);
    expect(r.stdout).toContain(`html report written to ${html}`);
    const page = readFileSync(html, "utf8");
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain("cli-small");
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/i);
    expect(readFileSync(md, "utf8")).toMatch(/^# /m);
  });

  it("--markdown - writes Markdown to stdout instead of the table; an unwritable file exits 2", async () => {
    const [md, unwritable] = await Promise.all([
      cli("run", good, "--engine", "connect", "--markdown", "-"),
      cli("run", good, "--engine", "connect", "--html", join(dir, "no", "such", "dir", "r.html")),
    ]);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/^# /m);
    expect(md.stdout).not.toMatch(/^attribute\s{2,}/m);
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toBe(
      `error: --html: cannot write ${JSON.stringify(join(dir, "no", "such", "dir", "r.html"))}: no directory ${JSON.stringify(join(dir, "no", "such", "dir"))}\n`,
    );
  });

  it("stops quietly when the reader of stdout stops early (| head): exit 0, no EPIPE stack trace", async () => {
    // flagship's HTML report (~280 KB) is over four pipe buffers: the process still writes when the reader
    // has gone (its JSON, ~128 KB, fits in the buffer freed by the first read and ends without noticing).
    const result = await cliReadOnce("run", "flagship", "--html", "-", "--quiet");
    expect(result.stdout.startsWith("<!doctype html>")).toBe(true);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 60_000);

  it("checks every report path before the run: two stdouts, a directory, a missing folder exit 2 at once", async () => {
    // The large-tenant preset takes many seconds to run: each answer here comes before any of it.
    const [twoStdouts, directory, missing, html] = await Promise.all([
      cli("run", "large-tenant", "--json", "-", "--markdown", "-"),
      cli("run", "large-tenant", "--json", dir),
      cli("run", "large-tenant", "--markdown", join(dir, "nope", "r.md")),
      cli("run", good, "--engine", "connect", "--html", "-"),
    ]);
    expect(twoStdouts.status).toBe(2);
    expect(twoStdouts.stderr).toBe("error: --json and --markdown: only one report can go to stdout (-)\n");
    expect(directory.status).toBe(2);
    expect(directory.stderr).toBe(`error: --json: cannot write ${JSON.stringify(dir)}: it is a directory\n`);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: --markdown: cannot write .*: no directory /);
    for (const r of [twoStdouts, directory, missing]) expect(r.stdout).toBe("");
    // The HTML report goes to stdout, alone, like the other two.
    expect(html.status).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).not.toMatch(/^attribute\s{2,}/m);
  }, 30_000);
});
