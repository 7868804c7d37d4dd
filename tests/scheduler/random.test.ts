import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/scheduler/random.js";

function draws(seed: number, name: string, count: number): number[] {
  const stream = new RandomStreams(seed).stream(name);
  return Array.from({ length: count }, () => stream.uint32());
}

describe("RandomStreams", () => {
  it("gives the same sequence for the same seed and name, and caches the stream", () => {
    const a = new RandomStreams(7);
    const b = new RandomStreams(7);
    expect(a.stream("workload")).toBe(a.stream("workload"));
    const seqA = Array.from({ length: 20 }, () => a.stream("workload").float());
    const seqB = Array.from({ length: 20 }, () => b.stream("workload").float());
    expect(seqA).toEqual(seqB);
    expect(a.seed).toBe(7);
  });

  it("differs between names and between seeds, including neighbouring and large seeds", () => {
    expect(draws(1, "workload", 8)).not.toEqual(draws(1, "faults", 8));
    expect(draws(1, "workload", 8)).not.toEqual(draws(2, "workload", 8));
    expect(draws(2 ** 40, "workload", 8)).not.toEqual(draws(0, "workload", 8));
    // Neighbouring seeds must not start almost alike (xoroshiro's plain seeding would).
    const first = draws(1, "w", 1)[0] as number;
    const second = draws(2, "w", 1)[0] as number;
    expect(Math.abs(first - second)).toBeGreaterThan(1_000);
  });

  it("drawing from one stream never shifts another", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.nat({ max: 50 }), (seed, noise) => {
        const quiet = new RandomStreams(seed);
        const busy = new RandomStreams(seed);
        const other = busy.stream("engine:connect");
        for (let i = 0; i < noise; i++) other.float();
        busy.stream("faults").guid();
        const expected = Array.from({ length: 5 }, () => quiet.stream("workload").int(0, 1_000));
        const actual = Array.from({ length: 5 }, () => busy.stream("workload").int(0, 1_000));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it("refuses a non-integer seed", () => {
    expect(() => new RandomStreams(1.5)).toThrow(expect.objectContaining({ code: "invalid-argument" }));
    expect(() => new RandomStreams(Number.NaN)).toThrow(
      expect.objectContaining({ code: "invalid-argument" }),
    );
  });

  it("helpers stay in range", () => {
    const r = new RandomStreams(3).stream("x");
    for (let i = 0; i < 500; i++) {
      const f = r.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      const n = r.int(-3, 3);
      expect(Number.isInteger(n) && n >= -3 && n <= 3).toBe(true);
      expect(["a", "b", "c"]).toContain(r.pick(["a", "b", "c"]));
      expect(r.exponential(1 / 1_000)).toBeGreaterThanOrEqual(1);
      const u = r.uint32();
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
    }
    expect(r.int(5, 5)).toBe(5);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
  });

  it("exponential has roughly the requested mean", () => {
    const r = new RandomStreams(11).stream("arrivals");
    let total = 0;
    for (let i = 0; i < 4_000; i++) total += r.exponential(1 / 500);
    expect(total / 4_000).toBeGreaterThan(450);
    expect(total / 4_000).toBeLessThan(550);
  });

  it("hex and guid have the right shape", () => {
    const r = new RandomStreams(5).stream("ids");
    expect(r.hex(0)).toBe("");
    expect(r.hex(3)).toMatch(/^[0-9a-f]{6}$/);
    expect(r.hex(10)).toMatch(/^[0-9a-f]{20}$/);
    const guids = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const guid = r.guid();
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
      guids.add(guid);
    }
    expect(guids.size).toBe(1_000);
  });

  it("refuses bad arguments with invalid-argument", () => {
    const r = new RandomStreams(5).stream("x");
    for (const bad of [
      () => r.int(3, 1),
      () => r.int(0.5, 2),
      () => r.pick([]),
      () => r.exponential(0),
      () => r.exponential(Number.NaN),
      () => r.hex(-1),
    ]) {
      expect(bad).toThrow(expect.objectContaining({ code: "invalid-argument" }));
    }
  });
});
