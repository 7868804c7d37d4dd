import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, cliWithInput, smallScenario } from "./cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "entra-sync-sim-report-"));

const scenario = join(dir, "small.json");
writeFileSync(scenario, JSON.stringify(smallScenario("cli-report <small>")));
const file = (name: string): string => join(dir, name);

describe("entra-sync-sim report", () => {
  it("renders a saved run's JSON as the run itself did: the same table, HTML and Markdown", async () => {
    const saved = file("run.json");
    const [run, table] = await Promise.all([
      cli(
        "run",
        scenario,
        "--quiet",
        "--json",
        saved,
        "--html",
        file("run.html"),
        "--markdown",
        file("run.md"),
      ),
      cli("run", scenario),
    ]);
    expect(run.status).toBe(0);
    const report = await cli("report", saved, "--html", file("again.html"), "--markdown", file("again.md"));
    expect(report.stderr).toBe("");
    expect(report.status).toBe(0);
    expect(report.stdout).toBe(
      `${table.stdout}markdown report written to ${file("again.md")}\nhtml report written to ${file("again.html")}\n`,
    );
    expect(readFileSync(file("again.html"), "utf8")).toBe(readFileSync(file("run.html"), "utf8"));
    expect(readFileSync(file("again.md"), "utf8")).toBe(readFileSync(file("run.md"), "utf8"));
    // One report to stdout, alone; --quiet prints nothing.
    const [markdown, quiet] = await Promise.all([
      cli("report", saved, "--markdown", "-"),
      cli("report", saved, "--quiet"),
    ]);
    expect(markdown.stdout).toBe(readFileSync(file("run.md"), "utf8"));
    expect(quiet.stdout).toBe("");
  }, 60_000);

  it("reads the result, or a scenario, from standard input for -", async () => {
    const [run, table] = await Promise.all([cli("run", scenario, "--json", "-"), cli("run", scenario)]);
    const [report, validate, broken, mixUp] = await Promise.all([
      cliWithInput(run.stdout, "report", "-"),
      cliWithInput(readFileSync(scenario, "utf8"), "validate", "-"),
      cliWithInput("{ not json", "validate", "-"),
      cliWithInput(readFileSync(scenario, "utf8"), "report", "-"),
    ]);
    expect(report.status).toBe(0);
    expect(report.stdout).toBe(table.stdout);
    expect(validate.stdout).toBe("-: valid (cli-report <small>, 1 scripted event)\n");
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^error: scenario: standard input is not valid JSON: /);
    expect(mixUp.status).toBe(2);
    expect(mixUp.stderr).toBe(
      "error: result: standard input is a scenario, not a result: run it (entra-sync-sim run - --json result.json), then report that\n",
    );
  }, 60_000);

  it("renders a saved sweep's JSON (a shard's too) as the sweep's own table", async () => {
    const grid = ["--seeds", "1,2", "--threads", "1"];
    const [sweep, shard] = await Promise.all([
      cli("sweep", scenario, ...grid, "--json", file("sweep.json")),
      cli("sweep", scenario, ...grid, "--shard", "2/2", "--quiet", "--json", file("shard.json")),
    ]);
    expect(sweep.status).toBe(0);
    expect(shard.status).toBe(0);
    const [whole, part] = await Promise.all([
      cli("report", file("sweep.json"), "--html", file("sweep.html")),
      cli("report", file("shard.json")),
    ]);
    expect(whole.status).toBe(0);
    expect(whole.stdout).toBe(
      sweep.stdout.replace(
        `json report written to ${file("sweep.json")}\n`,
        `html report written to ${file("sweep.html")}\n`,
      ),
    );
    expect(readFileSync(file("sweep.html"), "utf8")).toContain("cli-report &lt;small&gt;");
    expect(part.status).toBe(0);
    expect(part.stdout).toContain("shard 2/2: 1 of 2 points");
  }, 60_000);

  it("exits 2 naming the file and its first wrong field for anything but a saved result", async () => {
    const write = (name: string, value: unknown): string => {
      writeFileSync(file(name), typeof value === "string" ? value : JSON.stringify(value));
      return file(name);
    };
    const run = await cli("run", scenario, "--engine", "connect", "--quiet", "--json", file("connect.json"));
    expect(run.status).toBe(0);
    const edited = JSON.parse(readFileSync(file("connect.json"), "utf8"));
    edited.engines.connect.latency.create.p99 = "x";
    const cases: Array<[args: string[], message: string]> = [
      [[file("nowhere.json")], `error: result: cannot read ${JSON.stringify(file("nowhere.json"))}: ENOENT`],
      [
        [write("broken.json", "{ not json")],
        `error: result: ${JSON.stringify(file("broken.json"))} is not valid JSON`,
      ],
      [
        [write("list.json", [1])],
        `error: result: ${JSON.stringify(file("list.json"))} holds a list, not the JSON`,
      ],
      [
        [scenario],
        `error: result: ${JSON.stringify(scenario)} is a scenario, not a result: run it (entra-sync-sim run ${JSON.stringify(scenario)} --json result.json)`,
      ],
      [
        [write("edited.json", edited)],
        `error: ${file("edited.json")}: engines.connect.latency.create.p99: "x" is not a number: not a run's result`,
      ],
      [
        [write("sweepish.json", { sweep: "x" })],
        `error: ${file("sweepish.json")}: version: is required (string) (and 5 more): not a sweep result`,
      ],
      [
        [file("connect.json"), "--html", "-", "--markdown", "-"],
        "error: --markdown and --html: only one report",
      ],
      [
        [file("connect.json"), "--html", dir],
        `error: --html: cannot write ${JSON.stringify(dir)}: it is a directory`,
      ],
    ];
    const answers = await Promise.all(cases.map(([args]) => cli("report", ...args)));
    answers.forEach((r, i) => {
      const [args, message] = cases[i] as (typeof cases)[number];
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.startsWith(message), `${r.stderr} should start with ${message}`).toBe(true);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
    });
  }, 60_000);
});
