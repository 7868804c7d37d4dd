import { describe, expect, it } from "vitest";
import { createEngine, type EngineFactory } from "../../src/scenario/engines.js";
import type { EngineResult } from "../../src/scenario/result.js";
import { compareEngines, runScenario } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { MINUTE } from "../../src/scheduler/duration.js";

// initialSync: "before-start" (default) warms each engine up until its initial sync is done; times in the
// result stay relative to the workload's start.

const base: ScenarioInput = {
  name: "warm",
  seed: 3,
  duration: "1h",
  drain: "2h",
  directory: { users: 1_000, forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT"] }] },
  events: [
    { type: "modify", at: "5m", object: "user-1000", attributes: { department: "Legal" } },
    { type: "password", at: "6m", object: "user-999" },
  ],
};

describe("warm-up", () => {
  const warm = compareEngines(base);
  const cold = runScenario({ ...base, initialSync: "during-run" }, { engine: "cloudSync" });

  it("records the warm-up per engine: Cloud Sync's initial cycle (1.2 s per create) takes ~20 min", () => {
    const c = warm.engines.connect as EngineResult;
    const s = warm.engines.cloudSync as EngineResult;
    // reference.md B: 1,000 creates × 1.2 s = 20 min, plus the read and the first password cycle.
    expect(s.warmup).toBeGreaterThanOrEqual(20 * MINUTE);
    expect(s.warmup).toBeLessThan(40 * MINUTE);
    expect((c.warmup ?? 0) % MINUTE).toBe(0);
    expect(c.warmup).toBeGreaterThan(0);
    expect(cold.engines.cloudSync?.warmup).toBe(0);
  });

  it("before-start measures day-to-day latency; during-run measures the initial sync", () => {
    const s = warm.engines.cloudSync as EngineResult;
    expect(s.events[0]).toMatchObject({ status: "applied", at: 5 * MINUTE });
    expect(s.events[0]?.latency).toBeLessThanOrEqual(4 * MINUTE);
    expect(s.events[1]?.latency).toBeLessThanOrEqual(4 * MINUTE);
    const during = cold.engines.cloudSync as EngineResult;
    expect(during.events[0]?.status).toBe("applied");
    expect(during.events[0]?.latency).toBeGreaterThan(10 * MINUTE);
  });

  it("keeps every time relative to the workload's start", () => {
    for (const r of Object.values(warm.engines)) {
      expect(r?.timeline[0]).toEqual({ at: 0, pending: 0 });
      expect(r?.endedAt).toBeGreaterThanOrEqual(60 * MINUTE);
      expect(r?.endedAt).toBeLessThanOrEqual(3 * 60 * MINUTE);
      for (const incident of r?.incidents ?? []) expect(incident.at).toBeGreaterThanOrEqual(0);
    }
  });

  it("ends with no cycle running: Connect's export confirmation belongs to the warm-up", () => {
    // 20,000 objects: the initial cycle overruns the 30-min interval, so the next delta cycle starts as it
    // ends, and its Entra import confirms the 20,000 exports (reference.md A: linear, ~1 min per 1,000
    // objects). The tenant is full and the hashes are in while that cycle still runs: the warm-up waits
    // for it, so the workload meets Connect in its steady state, not behind an import of every object.
    const cycles: { kind: string; start: number; end?: number }[] = [];
    const engineFactory: EngineFactory = (kind, config) => {
      const engine = createEngine(kind, config);
      engine.events.on("cycle:start", (e) => {
        cycles.push({ kind: e.cycle, start: e.at });
      });
      engine.events.on("cycle:end", (e) => {
        const open = cycles.find((c) => c.end === undefined);
        if (open) open.end = e.at;
      });
      return engine;
    };
    const big = { ...base, directory: { users: 20_000 }, engines: { connect: { database: "sql" } } };
    const r = runScenario(big, { engine: "connect", engineFactory }).engines.connect as EngineResult;
    const origin = r.warmup ?? 0;
    const [initial, confirm] = cycles;
    expect(initial).toMatchObject({ kind: "initial" });
    expect(confirm).toMatchObject({ kind: "delta", start: initial?.end });
    expect(confirm?.end).toBeLessThanOrEqual(origin);
    // No cycle straddles the workload's start.
    expect(cycles.filter((c) => c.start < origin && (c.end ?? Infinity) > origin)).toEqual([]);
    expect(origin).toBe(76 * MINUTE);
  });

  it("gives up after warmupLimit with a warm-up-timeout incident and runs the workload anyway", () => {
    const r = runScenario({ ...base, warmupLimit: "10m" }, { engine: "cloudSync" }).engines
      .cloudSync as EngineResult;
    expect(r.warmup).toBe(10 * MINUTE);
    expect(r.incidents[0]).toMatchObject({ at: 0, kind: "warm-up-timeout" });
    expect(r.incidents[0]?.detail).toMatch(/not finished within the warm-up limit of 10m/);
    expect(r.events[0]?.status).toBe("applied");
  });
});
