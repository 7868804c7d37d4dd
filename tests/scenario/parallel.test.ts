import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { EngineKind } from "../../src/engines/engine.js";
import { createEngine } from "../../src/scenario/engines.js";
import {
  compareEnginesInParallel,
  EngineThreads,
  expectedWork,
  PARALLEL_FROM_WORK,
  runEnginesInParallel,
  runOnThread,
  withoutRefused,
  workerExecArgv,
} from "../../src/scenario/parallel.js";
import { errorFromData, errorToData } from "../../src/scenario/parallel-messages.js";
import { compareEngines, runEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import {
  defaultEngineThreadOldSpaceMb,
  ENGINE_THREAD_DEFAULT_MAX_WEIGHT,
  ENGINE_THREAD_OLD_SPACE_MB,
  scenarioWeight,
} from "../../src/scenario/thread-heap.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { isSimulationError, SimulationError } from "../../src/scheduler/errors.js";

// Each engine's run in its own worker thread gives the same JSON, byte for byte, as the sequential
// comparison (the worker runs from the TypeScript sources here, through tsx's loader).
const scenario: ScenarioInput = {
  name: "parallel",
  seed: 5,
  duration: "2h",
  drain: "4h",
  directory: { users: 60, groups: 4, membersPerGroup: 5, contacts: 2, devices: 2 },
  workload: {
    attributeChangesPerHour: 40,
    passwordChangesPerHour: 10,
    createsPerHour: 4,
    deletesPerHour: 2,
    movesPerHour: 2,
    membershipChangesPerHour: 6,
  },
  events: [
    { type: "modify", at: "10m", object: "user-3", attributes: { department: "IT" } },
    { type: "fault", at: "40m", target: "connect:primary", fault: "crash" },
    { type: "fault", at: "70m", target: "connect:primary", fault: "restart" },
    { type: "fault", at: "30m", target: "cloud-sync:agent-1", fault: "crash" },
    { type: "sign-in", at: "90m", object: "user-3", password: "latest" },
  ],
};

describe("compareEnginesInParallel", () => {
  it("gives the sequential comparison's JSON, byte for byte, and reports progress per engine", async () => {
    const seen = new Map<EngineKind, number[]>();
    const parallel = await compareEnginesInParallel(scenario, {
      onProgress: (engine, now, horizon, phase) => {
        expect(horizon).toBe(6 * 3_600_000);
        if (phase !== "warm-up") seen.set(engine, [...(seen.get(engine) ?? []), now]);
      },
    });
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(compareEngines(scenario)));
    for (const kind of ["connect", "cloudSync"] as const) {
      const times = seen.get(kind) ?? [];
      expect(times.at(-1)).toBe(6 * 3_600_000);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  }, 60_000);

  it("keeps the order asked for and honours the seed", async () => {
    const kinds: EngineKind[] = ["cloudSync", "connect"];
    const parallel = await runEnginesInParallel(scenario, kinds, { seed: 99 });
    expect(Object.keys(parallel.engines)).toEqual(kinds);
    expect(parallel.seed).toBe(99);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(runEngines(scenario, kinds, { seed: 99 })));
  }, 60_000);

  it("rejects an invalid scenario before any thread starts, with every problem by path", async () => {
    const error = await compareEnginesInParallel({ ...scenario, duration: "5x" }).catch((e: unknown) => e);
    expect(isSimulationError(error, "invalid-scenario")).toBe(true);
    expect((error as Error).message).toContain('duration: "5x" is not a duration');
  });

  it("runs in this thread when the engines come from a factory (a function cannot cross threads)", async () => {
    const made: EngineKind[] = [];
    const result = await compareEnginesInParallel(scenario, {
      engineFactory: (kind, config) => {
        made.push(kind);
        return createEngine(kind, config);
      },
    });
    expect(made.sort()).toEqual(["cloudSync", "connect"]);
    expect(JSON.stringify(result)).toBe(JSON.stringify(compareEngines(scenario)));
  }, 60_000);
});

describe("the engine threads' heap", () => {
  it("gives the same JSON under Node's own limit and under one given", async () => {
    const sequential = JSON.stringify(compareEngines(scenario));
    expect(JSON.stringify(await compareEnginesInParallel(scenario, { threadOldSpaceMb: "node" }))).toBe(
      sequential,
    );
    expect(JSON.stringify(await compareEnginesInParallel(scenario, { threadOldSpaceMb: 512 }))).toBe(
      sequential,
    );
  }, 60_000);

  it("runs a thread out of memory under the default limit again under Node's own, with the same result", async () => {
    const data = { scenario, kind: "connect" as const, seed: 5, progress: false };
    const threads = new EngineThreads();
    try {
      // 4 MB is too little to even load the engine: the first worker dies of it.
      const result = await runOnThread(data, 4, threads, undefined, true);
      expect(threads.started).toBe(2);
      expect(JSON.stringify(result)).toBe(JSON.stringify(runEngines(scenario, ["connect"])));
      // A limit the caller chose is kept: out of memory is the comparison's failure.
      const kept = await runOnThread(data, 4, threads, undefined, false).catch((e: unknown) => e);
      expect((kept as { code?: string }).code).toBe("ERR_WORKER_OUT_OF_MEMORY");
      expect(threads.started).toBe(3);
    } finally {
      threads.stop();
    }
  }, 60_000);

  it("starts no rerun once the comparison is over (the other engine failed meanwhile)", async () => {
    const data = { scenario, kind: "connect" as const, seed: 5, progress: false };
    const threads = new EngineThreads();
    const run = runOnThread(data, 4, threads, undefined, true).catch((e: unknown) => e);
    threads.stop();
    const error = await run;
    expect(threads.started).toBe(1);
    expect(error).toBeInstanceOf(Error);
    const late = await runOnThread(data, undefined, threads).catch((e: unknown) => e);
    expect((late as Error).message).toBe("the comparison stopped before the connect engine's thread started");
    expect(threads.started).toBe(1);
  }, 60_000);

  it("rejects an unknown engine or a bad seed, before any thread starts", async () => {
    const unknown = await runEnginesInParallel(scenario, ["connect", "bogus" as EngineKind]).catch(
      (e: unknown) => e,
    );
    expect(isSimulationError(unknown, "invalid-argument")).toBe(true);
    expect((unknown as Error).message).toBe('kinds[1]: "bogus" is not one of "connect", "cloudSync"');
    const seed = await compareEnginesInParallel(scenario, { seed: Number.NaN }).catch((e: unknown) => e);
    expect((seed as Error).message).toBe("seed: NaN is not an integer");
    const misspelt = await compareEnginesInParallel(scenario, { threadOldSpaceMB: 512 } as never).catch(
      (e: unknown) => e,
    );
    expect(isSimulationError(misspelt, "invalid-argument")).toBe(true);
    expect((misspelt as Error).message).toBe(
      "threadOldSpaceMB: is not an option (the options are seed, onProgress, engineFactory, threadOldSpaceMb, cpuPlacement)",
    );
  });

  it("rejects a limit that is not a whole number of MB, before any thread starts", async () => {
    for (const threadOldSpaceMb of [0, 15, 100.5, -1, Number.NaN, "big"]) {
      const error = await compareEnginesInParallel(scenario, {
        threadOldSpaceMb: threadOldSpaceMb as number,
      }).catch((e: unknown) => e);
      expect(isSimulationError(error, "invalid-argument")).toBe(true);
      expect((error as Error).message).toMatch(/^threadOldSpaceMb: .* is not "node" or a whole number of MB/);
    }
  });

  it("limits a scenario of up to 300,000 objects by default, unless the process chose its heap", () => {
    const of = (directory: ScenarioInput["directory"], workload: ScenarioInput["workload"] = {}) =>
      validateScenario({ name: "w", duration: "10h", directory, workload });
    const bench = of({ users: 150_000, groups: 1_000, membersPerGroup: 50 }, { createsPerHour: 300 });
    // 150,000 users + 1,000 groups + 3,000 hires + 50,000 memberships / 10.
    expect(scenarioWeight(bench)).toBe(159_000);
    expect(defaultEngineThreadOldSpaceMb(bench, 4_144, "")).toBe(ENGINE_THREAD_OLD_SPACE_MB);
    const merger = of({
      users: 100,
      sharedUsers: 40,
      contacts: 3,
      devices: 2,
      forests: [{ name: "a.com" }, { name: "b.com" }, { name: "c.com" }],
    });
    expect(scenarioWeight(merger)).toBe(100 + 80 + 3 + 2);
    const large = of({ users: ENGINE_THREAD_DEFAULT_MAX_WEIGHT + 1 });
    expect(defaultEngineThreadOldSpaceMb(large, 4_144, "")).toBeUndefined();
    expect(defaultEngineThreadOldSpaceMb(of({ users: ENGINE_THREAD_DEFAULT_MAX_WEIGHT }), 4_144, "")).toBe(
      2_047,
    );
    // A process whose own limit is at or below it, or that was given a heap size, keeps its own.
    expect(defaultEngineThreadOldSpaceMb(bench, 2_047, "")).toBeUndefined();
    expect(defaultEngineThreadOldSpaceMb(bench, 4_144, "--max-old-space-size=3000")).toBeUndefined();
    expect(
      defaultEngineThreadOldSpaceMb(bench, 4_144, "--import tsx --max_old_space_size=900"),
    ).toBeUndefined();
    expect(defaultEngineThreadOldSpaceMb(bench, 4_144, "--max-heap-size=5000")).toBeUndefined();
    expect(defaultEngineThreadOldSpaceMb(bench, 4_144, "--max-old-space-size 3000")).toBeUndefined();
    expect(defaultEngineThreadOldSpaceMb(bench, 4_144, '"--max-old-space-size=3000"')).toBeUndefined();
    expect(defaultEngineThreadOldSpaceMb(bench, 4_144, "--max-semi-space-size=64")).toBe(2_047);
    // heap_size_limit counts the young generation too: an old space of 2,000 MB is not above the default.
    expect(defaultEngineThreadOldSpaceMb(bench, 2_048, "")).toBeUndefined();
    // Each Connect server keeps a staging database of its own on Connect's thread.
    const staged = validateScenario({
      name: "w",
      duration: "10h",
      directory: { users: 150_000, groups: 1_000, membersPerGroup: 50 },
      workload: { createsPerHour: 300 },
      engines: { connect: { servers: [{ name: "primary" }, { name: "standby", staging: true }] } },
    });
    expect(scenarioWeight(staged)).toBe(2 * 159_000);
    expect(defaultEngineThreadOldSpaceMb(staged, 4_144, "")).toBeUndefined();
  });
});

describe("expectedWork: when threads pay", () => {
  const of = (input: Partial<ScenarioInput>) => expectedWork(validateScenario({ name: "w", ...input }));

  it("counts the directory's objects, the workload's expected changes and the scripted events", () => {
    const bench = of({
      duration: "24h",
      directory: { users: 150_000, groups: 1_000, membersPerGroup: 50 },
      workload: {
        attributeChangesPerHour: 7_000,
        passwordChangesPerHour: 1_500,
        createsPerHour: 300,
        deletesPerHour: 200,
        movesPerHour: 200,
        membershipChangesPerHour: 800,
      },
    });
    expect(bench).toBe(150_000 + 1_000 + 24 * 10_000);
    // 1.5 h of 4 changes an hour (3 creates, 1 password change), and two scripted events.
    const small = of({
      duration: "90m",
      directory: { users: 10, groups: 2, contacts: 3, devices: 4 },
      workload: { createsPerHour: 3, passwordChangesPerHour: 1 },
      events: [
        { type: "modify", at: "10m", object: "user-1", attributes: { department: "IT" } },
        { type: "password", at: "20m", object: "user-2" },
      ],
    });
    expect(small).toBe(10 + 2 + 3 + 4 + 6 + 2);
    // The merger's shared people are in every forest.
    const merger = of({
      directory: {
        users: 100,
        sharedUsers: 40,
        forests: [{ name: "a.com" }, { name: "b.com" }, { name: "c.com" }],
      },
    });
    expect(merger).toBe(100 + 80);
  });

  it("puts long runs on threads, short ones of a large directory not", () => {
    const changes = (users: number, perHour: number, duration: string) =>
      of({ duration, directory: { users }, workload: { attributeChangesPerHour: perHour } });
    // Measured on two CPUs: 5,000 users with 25,000 changes were faster on one thread, with 50,000 even,
    // 10,000 users with 120,000 changes ~17 % faster on two.
    expect(changes(5_000, 10_000, "2h30m")).toBeLessThan(PARALLEL_FROM_WORK);
    expect(changes(5_000, 10_000, "5h")).toBeGreaterThanOrEqual(PARALLEL_FROM_WORK);
    expect(changes(10_000, 10_000, "12h")).toBeGreaterThanOrEqual(PARALLEL_FROM_WORK);
    // The office day at 30,000 users (~3,000 changes) was faster on one thread.
    expect(changes(30_000, 375, "8h")).toBeLessThan(PARALLEL_FROM_WORK);
  });
});

describe("errors across the thread boundary", () => {
  it("a SimulationError keeps its class, code, message and details; anything else its name and message", () => {
    const original = new SimulationError("no-such-object", 'object: "user-9" does not exist', {
      field: "object",
      value: "user-9",
    });
    const revived = errorFromData(structuredClone(errorToData(original)));
    expect(revived).toBeInstanceOf(SimulationError);
    expect(revived).toMatchObject({
      code: "no-such-object",
      message: original.message,
      details: original.details,
    });
    const other = errorFromData(structuredClone(errorToData(new RangeError("too deep"))));
    expect(other).toMatchObject({ name: "RangeError", message: "too deep" });
    // Details that cannot be copied to another thread are dropped, not thrown over.
    const odd = new SimulationError("refused", "no", { value: () => 1 });
    expect(errorFromData(structuredClone(errorToData(odd)))).toMatchObject({ code: "refused", details: {} });
  });
});

describe("workerExecArgv", () => {
  it("keeps the process's Node options but not its own entry point (-e/-p script, --input-type)", () => {
    expect(
      workerExecArgv([
        "--input-type=module",
        "-e",
        "console.log(1)",
        "--max-old-space-size=1200",
        "--import",
        "tsx",
      ]),
    ).toEqual(["--max-old-space-size=1200", "--import", "tsx"]);
    expect(workerExecArgv(["--print=1", "--expose-gc", "-p", "2", "--eval=3"])).toEqual(["--expose-gc"]);
  });
});

describe("engine workers under V8 options", () => {
  it("start in a process given V8 options, which a worker refuses but has in force already", () => {
    expect(
      withoutRefused(
        ["--max-old-space-size=900", "--import", "tsx", "--expose-gc"],
        "Initiated Worker with invalid execArgv flags: --max-old-space-size=900, --expose-gc",
      ),
    ).toEqual(["--import", "tsx"]);
    const parallel = fileURLToPath(new URL("../../src/scenario/parallel.ts", import.meta.url));
    const script = [
      `const { compareEnginesInParallel } = await import(${JSON.stringify(parallel)});`,
      `const result = await compareEnginesInParallel({ name: "v8", seed: 3, duration: "1h", directory: { users: 20 } });`,
      "console.log(Object.keys(result.engines).join(), typeof result.engines.connect.changes.made);",
    ].join("\n");
    const run = spawnSync(
      process.execPath,
      ["--max-old-space-size=900", "--expose-gc", "--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("connect,cloudSync number");
  }, 60_000);
});
