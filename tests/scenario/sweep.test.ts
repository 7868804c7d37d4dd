import { describe, expect, it } from "vitest";
import { renderSweepTable } from "../../src/report/sweep-table.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { runOnThreads, runSweep, type SweepEngineRun, type SweepResult } from "../../src/scenario/sweep.js";
import { mergeSweeps } from "../../src/scenario/sweep-merge.js";
import {
  parseDimension,
  parseSeeds,
  parseShard,
  planSweep,
  variantGrid,
} from "../../src/scenario/sweep-plan.js";
import { summarizeSweep } from "../../src/scenario/sweep-summary.js";
import { ScenarioError } from "../../src/scenario/validate.js";
import { MINUTE } from "../../src/scheduler/duration.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { attributeRun } from "../fixtures/sweep-runs.js";

/** Sweeps: one scenario over seeds and variants, in shards if need be (design.md "Scale beyond one machine"). */
const small: ScenarioInput = {
  name: "sweep-small",
  seed: 4,
  duration: "2h",
  drain: "2h",
  directory: { users: 50, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
  workload: { attributeChangesPerHour: 30, passwordChangesPerHour: 4 },
};
const CYCLES = [["engines.connect.cycleInterval=30m"], ["engines.connect.cycleInterval=60m"]];

/** The error `f` throws, which must be a SimulationError with `code`. */
function errorOf(f: () => unknown, code: string): Error {
  try {
    f();
  } catch (error) {
    expect(isSimulationError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    return error as Error;
  }
  throw new Error("did not throw");
}

describe("planSweep", () => {
  it("numbers the points variant by variant, seed by seed; shards take them round robin, each once", () => {
    const { plan, scenarios } = planSweep(small, { seeds: [7, 8, 9], variants: CYCLES });
    expect(plan.variants.map((v) => v.name)).toEqual([
      "engines.connect.cycleInterval=30m",
      "engines.connect.cycleInterval=60m",
    ]);
    expect(plan.points).toEqual([
      { point: 0, variant: 0, seed: 7 },
      { point: 1, variant: 0, seed: 8 },
      { point: 2, variant: 0, seed: 9 },
      { point: 3, variant: 1, seed: 7 },
      { point: 4, variant: 1, seed: 8 },
      { point: 5, variant: 1, seed: 9 },
    ]);
    expect(plan.engines).toEqual(["connect", "cloudSync"]);
    expect(scenarios.map((s) => s.engines.connect?.cycleInterval)).toEqual(["30m", "60m"]);
    for (const count of [1, 2, 4, 6, 7]) {
      const taken = Array.from({ length: count }, (_, i) =>
        planSweep(small, {
          seeds: [7, 8, 9],
          variants: CYCLES,
          shard: { index: i + 1, count },
        }).plan.mine.map((p) => p.point),
      );
      expect(taken.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(taken[0]).toEqual([0, 1, 2, 3, 4, 5].filter((p) => p % count === 0));
    }
  });

  it("defaults to the scenario as written, its own seed and both engines", () => {
    const { plan } = planSweep(small);
    expect(plan.variants).toEqual([{ name: "as written", assignments: [] }]);
    expect(plan.points).toEqual([{ point: 0, variant: 0, seed: 4 }]);
    expect(plan.mine).toEqual(plan.points);
    expect(plan.shard).toBeUndefined();
  });

  it("rejects bad options naming the field and value", () => {
    expect(errorOf(() => planSweep(small, null as never), "invalid-argument").message).toBe(
      "options: null is not an object",
    );
    // runSweep's own options are not planSweep's.
    expect(errorOf(() => planSweep(small, { threads: 2 } as never), "invalid-argument").message).toBe(
      "threads: is not an option (the options are seeds, variants, engines, shard)",
    );
    expect(errorOf(() => planSweep(small, { seeds: [] }), "invalid-argument").message).toBe(
      "seeds: [] is not a non-empty list of seeds",
    );
    expect(errorOf(() => planSweep(small, { seeds: [1, 2, 1] }), "invalid-argument").message).toBe(
      "seeds[2]: 1 is given twice",
    );
    expect(errorOf(() => planSweep(small, { seeds: [1.5] }), "invalid-argument").message).toBe(
      "seeds[0]: 1.5 is not a whole number",
    );
    expect(
      errorOf(() => planSweep(small, { shard: { index: 3, count: 2 } }), "invalid-argument").message,
    ).toMatch(/^shard: .*"index": ?3.* is not \{ index, count \} with 1 ≤ index ≤ count$/);
    expect(
      errorOf(() => planSweep(small, { engines: ["nope" as "connect"] }), "invalid-argument").message,
    ).toMatch(/^engines\[0\]: "nope" is not one of/);
    expect(errorOf(() => planSweep(small, { engines: [] }), "invalid-argument").message).toBe(
      "engines: [] is not a non-empty list of engines",
    );
    expect(errorOf(() => planSweep(small, { variants: [] }), "invalid-argument").message).toMatch(
      /^variants: /,
    );
    expect(errorOf(() => planSweep(small, { variants: [[], ["seed=5"]] }), "invalid-argument").message).toBe(
      `variants[1]: "seed=5" sets the seed, which the sweep's seeds choose (give them as seeds)`,
    );
    expect(
      errorOf(() => planSweep(small, { variants: [["no equals sign"]] }), "invalid-argument").message,
    ).toMatch(/no equals sign/);
  });

  it("validates every variant before anything runs, naming the variant of each problem", () => {
    const error = errorOf(
      () =>
        planSweep(small, {
          variants: [["engines.connect.cycleInterval=5x"], ["directory.users=-1"], ["directory.users=20"]],
        }),
      "invalid-scenario",
    ) as ScenarioError;
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error.problems.map((p) => p.path)).toEqual(["engines.connect.cycleInterval", "directory.users"]);
    expect(error.problems[0]?.message).toMatch(/"5x".*\(variant engines\.connect\.cycleInterval=5x\)$/);
    expect(error.problems[1]?.message).toMatch(/-1.*\(variant directory\.users=-1\)$/);
  });
});

describe("the CLI's sweep arguments", () => {
  it("reads seeds, shards, grid dimensions, and builds the grid", () => {
    expect(parseSeeds("1..4,9, 12")).toEqual([1, 2, 3, 4, 9, 12]);
    expect(parseSeeds("-2..1")).toEqual([-2, -1, 0, 1]);
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseDimension('features=[],["password-writeback"],"a,b"')).toEqual([
      "features",
      ["[]", '["password-writeback"]', '"a,b"'],
    ]);
    expect(
      variantGrid([
        ["engines.connect.cycleInterval", ["30m", "60m"]],
        ["engines.cloudSync.agents", ["1", "2"]],
      ]),
    ).toEqual([
      ["engines.connect.cycleInterval=30m", "engines.cloudSync.agents=1"],
      ["engines.connect.cycleInterval=30m", "engines.cloudSync.agents=2"],
      ["engines.connect.cycleInterval=60m", "engines.cloudSync.agents=1"],
      ["engines.connect.cycleInterval=60m", "engines.cloudSync.agents=2"],
    ]);
    expect(variantGrid([])).toEqual([[]]);
  });

  it("names the bad part of each", () => {
    expect(errorOf(() => parseSeeds("1..x"), "invalid-argument").message).toBe(
      'seeds: "1..x" has "1..x", which is not a seed (a whole number) or a range (1..10)',
    );
    expect(errorOf(() => parseSeeds("5..1"), "invalid-argument").message).toMatch(/has the range "5\.\.1"/);
    expect(errorOf(() => parseSeeds("1..20000"), "invalid-argument").message).toMatch(/at most 10,000 seeds/);
    expect(errorOf(() => parseShard("3/2"), "invalid-argument").message).toBe(
      'shard: "3/2" is not i/n with 1 ≤ i ≤ n (e.g. 2/4)',
    );
    expect(errorOf(() => parseShard("0/2"), "invalid-argument").message).toMatch(/^shard: "0\/2"/);
    expect(errorOf(() => parseDimension("cycle"), "invalid-argument").message).toBe(
      'vary: "cycle" is not path=value,value,…',
    );
    expect(errorOf(() => parseDimension("a=1,,2"), "invalid-argument").message).toBe(
      'vary: "a=1,,2" has an empty value',
    );
  });
});

describe("runSweep", () => {
  it("keeps each engine's figures of each point, as the point's own comparison has them", async () => {
    const result = await runSweep(small, { seeds: [1, 2], variants: CYCLES, threads: 1 });
    expect(result.points).toBe(4);
    expect(result.runs.map((r) => [r.point, r.variant, r.seed])).toEqual([
      [0, 0, 1],
      [1, 0, 2],
      [2, 1, 1],
      [3, 1, 2],
    ]);
    for (const run of result.runs) {
      const variant = {
        ...small,
        engines: { connect: { cycleInterval: run.variant === 0 ? "30m" : "60m" } },
      };
      const alone = compareEngines(variant, { seed: run.seed });
      for (const kind of ["connect", "cloudSync"] as const) {
        const r = alone.engines[kind];
        expect(run.engines[kind]).toEqual({
          latency: r?.latency,
          changes: r?.changes,
          incidents: r?.incidents,
          unsupported: r?.unsupported,
        });
      }
    }
    // The documented difference holds in every seed: Connect's attribute p99 follows its cycle interval,
    // Cloud Sync's its ~2-minute cycle (reference.md A "Scheduler", B "Timing").
    const [thirty, sixty] = result.summary ?? [];
    const connect30 = thirty?.engines.connect?.latency.attribute;
    const connect60 = sixty?.engines.connect?.latency.attribute;
    const cloud = thirty?.engines.cloudSync?.latency.attribute;
    expect(connect30?.p99.max).toBeLessThanOrEqual(31 * MINUTE);
    expect(connect30?.p99.min).toBeGreaterThan(25 * MINUTE);
    expect(connect60?.p99.min).toBeGreaterThan(50 * MINUTE);
    expect(cloud?.p99.max).toBeLessThanOrEqual(3 * MINUTE);
    expect(thirty?.lowerP99?.attribute).toEqual({ connect: 0, cloudSync: 2, tie: 0 });
  });

  it("gives the same JSON on worker threads, in shards merged, and run again", async () => {
    const options = { seeds: [1, 2, 3], variants: CYCLES };
    const whole = JSON.stringify(await runSweep(small, { ...options, threads: 1 }));
    expect(JSON.stringify(await runSweep(small, { ...options, threads: 1 }))).toBe(whole);
    // Worker threads (from the sources here, each loading them: a short sweep).
    const two = { seeds: [1, 2] };
    expect(JSON.stringify(await runSweep(small, { ...two, threads: 2 }))).toBe(
      JSON.stringify(await runSweep(small, { ...two, threads: 1 })),
    );
    const shards = await Promise.all(
      [1, 2, 3, 4].map((index) => runSweep(small, { ...options, threads: 1, shard: { index, count: 4 } })),
    );
    for (const shard of shards) {
      expect(shard.summary).toBeUndefined();
      expect(shard.shard?.count).toBe(4);
    }
    // Through JSON, as shards travel between machines, and in any order.
    const parts = shards.map((s) => JSON.parse(JSON.stringify(s)) as unknown).reverse();
    expect(JSON.stringify(mergeSweeps(parts))).toBe(whole);
  }, 120_000);

  it("runs one engine when asked, and rejects bad threads before running", async () => {
    const result = await runSweep(small, { seeds: [1], engines: ["cloudSync"], threads: 1 });
    expect(Object.keys(result.runs[0]?.engines ?? {})).toEqual(["cloudSync"]);
    expect(result.summary?.[0]?.lowerP99).toBeUndefined();
    await expect(runSweep(small, { threads: 0 })).rejects.toThrow("threads: 0 is not a whole number ≥ 1");
    await expect(runSweep(small, { onProgress: 3 as unknown as () => void })).rejects.toThrow(
      "onProgress: 3 is not a function",
    );
    await expect(runSweep(small, null as unknown as object)).rejects.toThrow(
      "options: null is not an object",
    );
    await expect(runSweep(small, { seed: [1] } as never)).rejects.toThrow(
      "seed: is not an option (the options are seeds, variants, engines, shard, threads, threadOldSpaceMb, onProgress)",
    );
    let progress = 0;
    await runSweep(small, {
      seeds: [1, 2],
      threads: 1,
      onProgress: (done, total) => (progress = done * 10 + total),
    });
    expect(progress).toBe(44);
  });
});

describe("a sweep's threads and their memory", () => {
  const swept = planSweep(small, { seeds: [1, 2] });
  const tasks = swept.plan.mine.flatMap((point) => swept.plan.engines.map((kind) => ({ point, kind })));

  it("replaces a thread out of memory under the default limit by one under Node's own, with the same runs", async () => {
    const got = new Map<string, string>();
    // 4 MB is too little to even load the engine: every first thread dies of it.
    await runOnThreads(swept, tasks, { threads: 2, limit: 4, retryUnlimited: true }, (task, result) =>
      got.set(`${task.point.seed}:${task.kind}`, JSON.stringify(result.engines[task.kind])),
    );
    const expected = new Map<string, string>();
    for (const seed of [1, 2]) {
      const result = compareEngines(small, { seed });
      for (const kind of swept.plan.engines)
        expected.set(`${seed}:${kind}`, JSON.stringify(result.engines[kind]));
    }
    expect(got).toEqual(expected);
  }, 120_000);

  it("keeps a limit the caller chose: a thread over it fails the sweep; a bad limit is refused", async () => {
    const kept = await runOnThreads(
      swept,
      tasks,
      { threads: 2, limit: 4, retryUnlimited: false },
      () => {},
    ).catch((e: unknown) => e);
    expect((kept as { code?: unknown }).code).toBe("ERR_WORKER_OUT_OF_MEMORY");
    // A limit the sweep's runs fit in, or Node's own: the same JSON as on one thread.
    const one = JSON.stringify(await runSweep(small, { seeds: [1, 2], threads: 1 }));
    for (const threadOldSpaceMb of [16, "node"] as const)
      expect(JSON.stringify(await runSweep(small, { seeds: [1, 2], threads: 2, threadOldSpaceMb }))).toBe(
        one,
      );
    await expect(runSweep(small, { threadOldSpaceMb: 3 })).rejects.toThrow(
      'threadOldSpaceMb: 3 is not "node" or a whole number of MB (at least 16)',
    );
  }, 120_000);
});

describe("mergeSweeps", () => {
  const parts = async (): Promise<SweepResult[]> =>
    Promise.all(
      [1, 2].map((index) => runSweep(small, { seeds: [1, 2, 3], threads: 1, shard: { index, count: 2 } })),
    );

  it("refuses a point twice, a missing shard, parts of different sweeps and what is not a sweep", async () => {
    const [one, two] = (await parts()) as [SweepResult, SweepResult];
    expect(errorOf(() => mergeSweeps([one, two, one]), "invalid-argument").message).toBe(
      "parts[2]: runs[0]: 0 is a point parts[0] holds already",
    );
    expect(errorOf(() => mergeSweeps([two], { names: ["b.json"] }), "invalid-argument").message).toBe(
      "parts: points 0, 2 of 3 are in none of the parts: a shard is missing",
    );
    expect(
      errorOf(
        () => mergeSweeps([one, { ...two, seeds: [1, 2, 4] }], { names: ["a.json", "b.json"] }),
        "invalid-argument",
      ).message,
    ).toBe("b.json: seeds: [1,2,4] differs from a.json's [1,2,3]: not the same sweep");
    expect(
      errorOf(() => mergeSweeps([one, { ...two, version: "0.0.1" }]), "invalid-argument").message,
    ).toMatch(/^parts\[1\]: version: "0\.0\.1" differs from parts\[0\]'s/);
    const halved = { ...two, runs: [{ ...two.runs[0], engines: { connect: two.runs[0]?.engines.connect } }] };
    expect(errorOf(() => mergeSweeps([one, halved]), "invalid-argument").message).toBe(
      `parts[1]: runs[0].engines: ["connect"] are not the sweep's engines ["connect","cloudSync"]`,
    );
    const moved = { ...two, runs: [{ ...two.runs[0], seed: 9 }] };
    expect(errorOf(() => mergeSweeps([one, moved]), "invalid-argument").message).toMatch(
      /^parts\[1\]: runs\[0\]: .* is not point 1 of this sweep \(variant 0, seed 2\)$/,
    );
    expect(
      errorOf(() => mergeSweeps([one, { ...two, runs: [{ point: "1" }] }]), "invalid-argument").message,
    ).toMatch(
      /^parts\[1\]: runs\[0\]\.point: "1" is not a number \(and \d+ more\): not part of a sweep result$/,
    );
    expect(errorOf(() => mergeSweeps([42]), "invalid-argument").message).toBe(
      "parts[0]: 42 is not an object: not part of a sweep result",
    );
    // A part that is other JSON altogether (a scenario, a comparison): its first missing field.
    expect(errorOf(() => mergeSweeps([{}], { names: ["a.json"] }), "invalid-argument").message).toBe(
      "a.json: sweep: is required (string) (and 6 more): not part of a sweep result",
    );
    expect(errorOf(() => mergeSweeps([]), "invalid-argument").message).toMatch(
      /^parts: \[\] is not a non-empty/,
    );
  });
});

describe("summarizeSweep", () => {
  const run = (p99: number, kinds: string[] = []): SweepEngineRun =>
    attributeRun(p99, kinds, kinds.length > 0 ? ["password-writeback"] : []);

  it("spreads each figure over the seeds (lower median), adds counts up, and tallies the lower p99", () => {
    const [summary] = summarizeSweep({
      engines: ["connect", "cloudSync"],
      variants: [{ name: "as written", assignments: [] }],
      runs: [40, 10, 30, 20].map((p99, i) => ({
        point: i,
        variant: 0,
        seed: i,
        engines: {
          connect: run(p99, i === 0 ? ["quarantine", "failover"] : []),
          cloudSync: run(20, ["failover"]),
        },
      })),
    });
    const connect = summary?.engines.connect;
    expect(connect?.latency.attribute).toEqual({
      runs: 4,
      p50: { min: 5, median: 10, max: 20 },
      p99: { min: 10, median: 20, max: 40 },
      max: { min: 20, median: 40, max: 80 },
    });
    expect(connect?.latency.create).toBeNull();
    expect(connect?.changes).toEqual({
      made: 40,
      applied: 36,
      superseded: 4,
      pending: 0,
      lost: 0,
      filtered: 0,
      unsupported: 0,
    });
    expect(connect?.incidents).toEqual({ failover: 1, quarantine: 1 });
    expect(summary?.engines.cloudSync?.incidents).toEqual({ failover: 4 });
    expect(connect?.unsupported).toEqual(["password-writeback"]);
    expect(summary?.lowerP99?.attribute).toEqual({ connect: 1, cloudSync: 2, tie: 1 });
    expect(summary?.lowerP99?.create).toEqual({ connect: 0, cloudSync: 0, tie: 0 });
  });

  it("is what the table shows, and a shard's table says it is one shard's", async () => {
    const whole = await runSweep(small, { seeds: [1, 2], variants: CYCLES, threads: 1 });
    const table = renderSweepTable(whole);
    expect(table).toMatch(
      /^sweep-small sweep {2}· {2}2 seeds \(1, 2\) {2}· {2}2 variants {2}· {2}8 engine runs\n/,
    );
    expect(table).toContain("variant 2 of 2: engines.connect.cycleInterval=60m  (2 runs)");
    expect(table).toMatch(/attribute .* 0\/2\/0\n/);
    expect(table).not.toMatch(/^move /m);
    const shard = await runSweep(small, { seeds: [1, 2], threads: 1, shard: { index: 2, count: 2 } });
    expect(renderSweepTable(shard)).toContain("shard 2/2: 1 of 2 points; the figures below are this shard's");
  });
});
