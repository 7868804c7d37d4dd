import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SweepResult } from "../../src/scenario/sweep.js";
import { cli, smallScenario } from "./cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "entra-sync-sim-sweep-"));

const scenario = join(dir, "small.json");
writeFileSync(scenario, JSON.stringify(smallScenario("cli-sweep", false)));
const grid = ["--seeds", "1..3", "--vary", "engines.connect.cycleInterval=30m,60m", "--threads", "1"];

describe("entra-sync-sim sweep and merge", () => {
  it("runs shards that merge into the JSON of the sweep run whole, and prints the spread per variant", async () => {
    const whole = join(dir, "whole.json");
    const markdown = join(dir, "sweep.md");
    const run = await cli("sweep", scenario, ...grid, "--json", whole, "--markdown", markdown);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("cli-sweep sweep  ·  3 seeds (1..3)  ·  2 variants  ·  12 engine runs");
    expect(run.stdout).toContain("variant 1 of 2: engines.connect.cycleInterval=30m  (3 runs)");
    expect(run.stdout).toContain(`json report written to ${whole}`);
    expect(run.stdout).toContain(`markdown report written to ${markdown}`);
    expect(readFileSync(markdown, "utf8")).toContain("## Variant 2 of 2: engines.connect.cycleInterval=60m");
    const shards = [1, 2].map((i) => join(dir, `shard-${i}.json`));
    for (const [i, file] of shards.entries()) {
      const shard = await cli("sweep", scenario, ...grid, "--shard", `${i + 1}/2`, "--json", file, "--quiet");
      expect(shard.status).toBe(0);
      expect(shard.stdout).toBe("");
      expect((JSON.parse(readFileSync(file, "utf8")) as SweepResult).shard).toEqual({
        index: i + 1,
        count: 2,
      });
    }
    const merged = await cli("merge", shards[1] as string, shards[0] as string, "--json", "-");
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(readFileSync(whole, "utf8"));
    const page = join(dir, "sweep.html");
    const table = await cli("merge", ...shards, "--html", page);
    expect(readFileSync(page, "utf8")).toContain("<h1 data-scenario-name>cli-sweep</h1>");
    expect(table.stdout).toContain(`html report written to ${page}`);
    expect(table.stdout).toContain("variant 2 of 2: engines.connect.cycleInterval=60m  (3 runs)");
  }, 120_000);

  it("exits 2 naming the bad argument: seeds, shard, threads, a variant's value, a missing or foreign shard", async () => {
    const bad = async (args: string[], message: string | RegExp): Promise<void> => {
      const r = await cli(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    };
    await bad(
      ["sweep", scenario, "--seeds", "1..x"],
      /^error: seeds: "1\.\.x" has "1\.\.x", which is not a seed/,
    );
    await bad(["sweep", scenario, "--shard", "3/2"], /^error: shard: "3\/2" is not i\/n/);
    await bad(["sweep", scenario, "--threads", "0"], /^error: --threads: "0" is not a whole number ≥ 1/);
    await bad(
      ["sweep", scenario, "--vary", "engines.connect.cycleInterval=30m,5x"],
      /engines\.connect\.cycleInterval: .*"5x".*\(variant engines\.connect\.cycleInterval=5x\)/,
    );
    const one = join(dir, "one.json");
    expect(
      (await cli("sweep", scenario, "--seeds", "1,2", "--shard", "1/2", "--threads", "1", "-q", "-j", one))
        .status,
    ).toBe(0);
    await bad(["merge", one], /^error: parts: point 1 of 2 is in none of the parts: a shard is missing/);
    const other = join(dir, "other.json");
    expect(
      (await cli("sweep", scenario, "--seeds", "1,3", "--shard", "2/2", "--threads", "1", "-q", "-j", other))
        .status,
    ).toBe(0);
    await bad(
      ["merge", one, other],
      new RegExp(`^error: ${other.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: seeds: `),
    );
    await bad(["merge", one, join(dir, "nowhere.json")], /^error: files\[1\]: cannot read/);
    await bad(
      ["merge", scenario],
      /: sweep: is required \(string\) \(and \d+ more\): not part of a sweep result$/m,
    );
  }, 120_000);
});
