import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EngineKind } from "../../src/engines/engine.js";
import {
  allowedCpuList,
  CpuPlacement,
  currentThreadId,
  engineBehind,
  parseCpuList,
  SWITCH_MARGIN,
} from "../../src/scenario/cpu-placement.js";
import { compareEnginesInParallel } from "../../src/scenario/parallel.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { isSimulationError } from "../../src/scheduler/errors.js";

// The engine given the CPU when `current` has it and the engines have done these fractions of the horizon.
const behind = (current: EngineKind, connect: number, cloudSync: number): EngineKind =>
  engineBehind(
    current,
    new Map<EngineKind, number>([
      ["connect", connect],
      ["cloudSync", cloudSync],
    ]),
  );

describe("which engine gets a CPU of its own", () => {
  it("keeps the current engine until another falls behind it by more than the margin", () => {
    expect(behind("connect", 0.5, 0.5)).toBe("connect");
    expect(behind("connect", 0.5, 0.49)).toBe("connect");
    expect(behind("connect", 0.5, 0.5 - SWITCH_MARGIN - 0.001)).toBe("cloudSync");
    // Ahead is never a reason to take it.
    expect(behind("cloudSync", 0.9, 0.2)).toBe("cloudSync");
  });

  it("reads Linux CPU lists", () => {
    expect(parseCpuList("0-1")).toEqual([0, 1]);
    expect(parseCpuList("0,2-3\n")).toEqual([0, 2, 3]);
    expect(parseCpuList("7")).toEqual([7]);
    expect(parseCpuList("a-b")).toBeUndefined();
    expect(parseCpuList("")).toBeUndefined();
  });
});

describe("a placement's taskset calls", () => {
  // A process of four threads: main (100), a helper (101), the two engines (201, 202). `ended` threads are
  // gone; taskset fails for them, and for any thread `fail` names.
  const placement = (calls: string[][], options: { ended?: number[]; fail?: number[] } = {}) =>
    new CpuPlacement(
      [0, 1],
      "0-1",
      ["connect", "cloudSync"],
      (args) => {
        calls.push([...args]);
        const tid = Number(args.at(-1));
        if (options.ended?.includes(tid) || options.fail?.includes(tid)) throw new Error("taskset failed");
      },
      { all: () => [100, 101, 201, 202], alive: (tid) => !options.ended?.includes(tid) },
    );
  const pin = (cpus: string, ...tids: number[]) => tids.map((tid) => ["-p", "-c", cpus, String(tid)]);

  it("places once both engines have a thread, moves with the engine behind, and gives everything back", () => {
    const calls: string[][] = [];
    const p = placement(calls);
    p.threadStarted("connect", 201);
    expect(calls).toEqual([]);
    p.threadStarted("cloudSync", 202);
    // The first engine (expected slower) to the first CPU, everyone else to the second.
    expect(calls).toEqual([...pin("0", 201), ...pin("1", 100, 101, 202)]);
    // Cloud Sync in its warm-up, Connect running: Cloud Sync is behind.
    p.progressed("connect", 600_000, 10 * 3_600_000, "run");
    p.progressed("cloudSync", 60_000, 10 * 3_600_000, "warm-up");
    p.progressed("connect", 3_600_000, 10 * 3_600_000);
    expect(calls.slice(4)).toEqual([...pin("0", 202), ...pin("1", 100, 101, 201)]);
    // No move while the one placed stays behind.
    p.progressed("connect", 5 * 3_600_000, 10 * 3_600_000);
    expect(calls).toHaveLength(8);
    p.release();
    expect(calls.slice(8)).toEqual(pin("0-1", 100, 101, 201, 202));
    // Over: nothing more, however the engines progress.
    p.progressed("cloudSync", 0, 10 * 3_600_000, "run");
    p.release();
    expect(calls).toHaveLength(12);
  });

  it("skips threads that ended, asks nothing when it never placed, and stops quietly when taskset fails", () => {
    const gone: string[][] = [];
    const exiting = placement(gone, { ended: [101] });
    exiting.threadStarted("connect", 201);
    exiting.threadStarted("cloudSync", 202);
    exiting.progressed("cloudSync", 0, 1, "warm-up");
    // Placed despite the thread that ended: Connect stays where it is.
    expect(gone).toEqual([...pin("0", 201), ...pin("1", 100, 101, 202)]);

    const idle: string[][] = [];
    const never = placement(idle);
    never.threadStarted("connect", 201);
    never.release();
    expect(idle).toEqual([]);

    const calls: string[][] = [];
    const failing = placement(calls, { fail: [100] });
    failing.threadStarted("connect", 201);
    failing.threadStarted("cloudSync", 202);
    // The failed pinning is followed by giving every thread the process's CPUs back, and then nothing.
    expect(calls).toEqual([...pin("0", 201), ...pin("1", 100), ...pin("0-1", 100, 101, 201, 202)]);
    failing.progressed("cloudSync", 0, 1, "warm-up");
    failing.release();
    expect(calls).toHaveLength(6);
  });

  it("does not place a thread it has no id for", () => {
    const calls: string[][] = [];
    const p = placement(calls);
    p.threadStarted("connect", undefined);
    p.threadStarted("cloudSync", 202);
    expect(calls).toEqual([]);
  });
});

describe("placement in a comparison", () => {
  const scenario: ScenarioInput = {
    name: "placed",
    seed: 9,
    duration: "2h",
    drain: "2h",
    directory: { users: 80, groups: 3, membersPerGroup: 5 },
    workload: { attributeChangesPerHour: 30, passwordChangesPerHour: 6, membershipChangesPerHour: 4 },
  };

  it("rejects an unknown mode before any thread starts", async () => {
    const error = await compareEnginesInParallel(scenario, {
      cpuPlacement: "fast" as unknown as "auto",
    }).catch((e: unknown) => e);
    expect(isSimulationError(error, "invalid-argument")).toBe(true);
    expect((error as Error).message).toBe('cpuPlacement: "fast" is not "auto" or "off"');
  });

  const cpus = allowedCpuList();
  let taskset = false;
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    taskset = true;
  } catch {
    taskset = false;
  }
  const twoCpus = process.platform === "linux" && cpus !== undefined && parseCpuList(cpus)?.length === 2;
  // The CPU list of every thread of this process (allowedCpuList(tid) is undefined for a thread that has
  // ended since it was listed — a finished engine's worker, say).
  const threadCpus = (): string[] =>
    readdirSync("/proc/self/task")
      .map((tid) => allowedCpuList(tid))
      .filter((list): list is string => list !== undefined);

  it.runIf(twoCpus && taskset)(
    "pins for real on a two-CPU Linux machine, gives every thread its CPUs back, and changes no result",
    async () => {
      const before = threadCpus();
      const placed = await compareEnginesInParallel(scenario);
      expect(threadCpus().every((list) => list === cpus)).toBe(true);
      const unplaced = await compareEnginesInParallel(scenario, { cpuPlacement: "off" });
      expect(JSON.stringify(placed)).toBe(JSON.stringify(unplaced));
      expect(before.every((list) => list === cpus)).toBe(true);

      // The kernel's view while placed: this thread (standing in for an engine's) on the first CPU, the
      // others on the second.
      const [first, second] = parseCpuList(cpus as string) as number[];
      const p = CpuPlacement.forThisProcess("auto", ["connect", "cloudSync"]);
      expect(p).toBeDefined();
      // Only one placement at a time in a process.
      expect(CpuPlacement.forThisProcess("auto", ["connect", "cloudSync"])).toBeUndefined();
      try {
        const me = currentThreadId() as number;
        p?.threadStarted("connect", me);
        p?.threadStarted("cloudSync", me);
        expect(allowedCpuList(me)).toBe(String(first));
        const others = readdirSync("/proc/self/task").filter((tid) => Number(tid) !== me);
        expect(others.length).toBeGreaterThan(0);
        for (const tid of others) expect(allowedCpuList(tid) ?? String(second)).toBe(String(second));
      } finally {
        p?.release();
      }
      expect(threadCpus().every((list) => list === cpus)).toBe(true);
    },
    60_000,
  );

  it("is off where it cannot apply", () => {
    expect(CpuPlacement.forThisProcess("off", ["connect", "cloudSync"])).toBeUndefined();
    expect(CpuPlacement.forThisProcess("auto", ["connect"])).toBeUndefined();
  });
});
