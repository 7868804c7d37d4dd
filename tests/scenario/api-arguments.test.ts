import { describe, expect, it } from "vitest";
import { buildRuleSet } from "../../src/engines/connect/rule-set.js";
import { createWorld } from "../../src/model/world.js";
import { variantGrid } from "../../src/scenario/sweep-plan.js";
import { summarizeSweep } from "../../src/scenario/sweep-summary.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import {
  checkProperty,
  directoryArbitrary,
  faultScheduleArbitrary,
  observeRun,
  propertyParameters,
  scenarioArbitrary,
  workloadArbitrary,
} from "../../src/testing/index.js";

/**
 * The building blocks a JavaScript caller reaches past the run entry points: bad arguments get a typed
 * error naming the field and value, not a TypeError from inside (each of these was one).
 */
function message(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(isSimulationError(error, "invalid-argument"), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected a throw");
}

describe("arguments of the building blocks", () => {
  it("createWorld: an options object of its own options", () => {
    expect(message(() => createWorld(null as never))).toBe("options: null is not an object");
    expect(message(() => createWorld({ seed: 1, forest: [] } as never))).toBe(
      "forest: is not an option (the options are seed, forests, tenant, cloudLatencyMs)",
    );
    expect(createWorld({ seed: 1 }).forests.size).toBe(1);
  });

  it("buildRuleSet: its options, and lists where it takes lists", () => {
    const valid = {
      forests: ["contoso.com"],
      custom: [],
      pilotGroups: [],
      userJoin: undefined,
      exchangeHybrid: false,
    };
    expect(buildRuleSet(valid).length).toBeGreaterThan(0);
    expect(message(() => buildRuleSet(null as never))).toBe("options: null is not an object");
    expect(message(() => buildRuleSet({ ...valid, pilotGroups: "g" } as never))).toBe(
      'pilotGroups: "g" is not a list',
    );
    expect(message(() => buildRuleSet({ ...valid, forest: [] } as never))).toMatch(
      /^forest: is not an option/,
    );
  });

  it("variantGrid: a list of [path, values] pairs", () => {
    expect(message(() => variantGrid(null as never))).toBe("dimensions: null is not a list");
    expect(message(() => variantGrid([["seed", "1"]] as never))).toBe(
      'dimensions[0]: ["seed","1"] is not a [path, values] pair (values a list of text)',
    );
    expect(message(() => variantGrid([["a", [1]]] as never))).toMatch(/^dimensions\[0\]: /);
    expect(variantGrid([["engines.connect.cycleInterval", ["30m", "60m"]]])).toEqual([
      ["engines.connect.cycleInterval=30m"],
      ["engines.connect.cycleInterval=60m"],
    ]);
  });

  it("summarizeSweep: a sweep's engines, variants and runs", () => {
    expect(message(() => summarizeSweep(null as never))).toBe("result: null is not an object");
    expect(message(() => summarizeSweep({ engines: ["connect"], variants: [], runs: [] }))).toBe(
      "result.variants: [] must have at least 1 item",
    );
    expect(
      summarizeSweep({ engines: ["connect"], variants: [{ name: "v", assignments: [] }], runs: [] }),
    ).toHaveLength(1);
  });
});

describe("arguments of the testing helpers (entra-sync-sim/testing)", () => {
  it("refuse an option they do not take: a misspelt one would weaken the property without a word", () => {
    expect(message(() => scenarioArbitrary({ recoverabl: true } as never))).toMatch(
      /^recoverabl: is not an option \(the options are directory, workload, changes, cloudWrites, faults, recoverable, /,
    );
    expect(message(() => scenarioArbitrary({ faults: { maxEvent: 3 } } as never))).toMatch(
      /^faults\.maxEvent: is not an option \(the options are maxEvents, families, recoverable\)$/,
    );
    expect(message(() => directoryArbitrary({ user: 3 } as never))).toMatch(/^user: is not an option/);
    expect(message(() => faultScheduleArbitrary(null as never))).toBe("options: null is not an object");
    expect(message(() => propertyParameters({ numRun: 3 } as never))).toMatch(/^numRun: is not an option/);
    expect(message(() => checkProperty(null as never, { runs: 3 } as never))).toMatch(
      /^runs: is not an option/,
    );
    expect(message(() => observeRun({ name: "x" }, { engine: "connect", sed: 1 } as never))).toMatch(
      /^sed: is not an option \(the options are engine, seed, engineFactory\)$/,
    );
  });

  it("name the range or rate that is not one (a RangeError or fast-check's own error before)", () => {
    expect(message(() => scenarioArbitrary({ hours: { min: 5, max: 1 } }))).toBe(
      'hours: {"min":5,"max":1} is not a whole number ≥ 0 or a range { min, max } with 0 ≤ min ≤ max',
    );
    expect(message(() => directoryArbitrary({ users: -2 }))).toBe(
      "users: -2 is not a whole number ≥ 0 or a range { min, max } with 0 ≤ min ≤ max",
    );
    expect(message(() => workloadArbitrary({ maxPerHour: -1 }))).toBe(
      "maxPerHour: -1 is not a whole number ≥ 0",
    );
  });
});
