import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildRuleSet } from "../../src/engines/connect/rule-set.js";
import { createWorld } from "../../src/model/world.js";
import { renderJson } from "../../src/report/json.js";
import { applyOverrides } from "../../src/scenario/overrides.js";
import { scalePreset } from "../../src/scenario/presets.js";
import { parseDimension, parseSeeds, variantGrid } from "../../src/scenario/sweep-plan.js";
import { summarizeSweep } from "../../src/scenario/sweep-summary.js";
import { ScenarioError } from "../../src/scenario/validate.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import {
  changeSequenceArbitrary,
  checkAsyncProperty,
  checkProperty,
  cloudStateOf,
  cloudWriteArbitrary,
  describeFailure,
  diffCloudStates,
  directoryArbitrary,
  expectedCloudState,
  faultScheduleArbitrary,
  type GeneratedDirectory,
  observeRun,
  propertyEnvironment,
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

  it("createWorld: forests, tenant settings and latency of the right kinds (a TypeError, or a run, before)", () => {
    expect(message(() => createWorld({ seed: 1, forests: {} as never }))).toBe(
      "forests: {} is not a non-empty list of forests { name, domains? }",
    );
    expect(message(() => createWorld({ seed: 1, forests: [{} as never] }))).toBe(
      "forests[0].name: undefined is not a DNS name (contoso.com)",
    );
    expect(message(() => createWorld({ seed: 1, forests: [{ name: "x.com", domain: [] } as never] }))).toBe(
      "forests[0].domain: is not an option (the options are name, domains)",
    );
    expect(message(() => createWorld({ seed: 1, cloudLatencyMs: -5 }))).toBe(
      "cloudLatencyMs: -5 is not a number of milliseconds ≥ 0",
    );
    expect(message(() => createWorld({ seed: 1, tenant: { quota: -1 } }))).toBe(
      "tenant.quota: -1 is not a whole number ≥ 0",
    );
    expect(message(() => createWorld({ seed: 1, tenant: { blockSoftMatch: "yes" as never } }))).toBe(
      'tenant.blockSoftMatch: "yes" is not true or false',
    );
    const world = createWorld({
      seed: 1,
      forests: [{ name: "contoso.com", domains: ["contoso.com", "emea.contoso.com"] }],
      tenant: { quota: 10, initialDomain: "contoso.onmicrosoft.com" },
      cloudLatencyMs: 50,
    });
    expect(world.forest().domains).toEqual(["contoso.com", "emea.contoso.com"]);
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

describe("arguments of the scenario helpers", () => {
  it("applyOverrides: a scenario object and a list of path=value texts", () => {
    expect(() => applyOverrides(null as never, ["seed=2"])).toThrow(ScenarioError);
    expect(() => applyOverrides([1, 2] as never, [])).toThrow("(scenario): [1,2] is not an object");
    expect(message(() => applyOverrides({ name: "x" }, "seed=2" as never))).toBe(
      'assignments: "seed=2" is not a list of path=value texts',
    );
    expect(message(() => applyOverrides({ name: "x" }, ["seed=2", 3] as never))).toBe(
      "assignments[1]: 3 is not a path=value text",
    );
  });

  it("parseSeeds, parseDimension: text", () => {
    expect(message(() => parseSeeds(5 as never))).toBe(
      "seeds: 5 is not a text of seeds (e.g. 1..10 or 1,5,9)",
    );
    expect(message(() => parseDimension(undefined as never))).toBe(
      "vary: undefined is not a text path=value,value,…",
    );
  });

  it("renderJson: its options; scalePreset: a preset it can build", () => {
    expect(message(() => renderJson({}, null as never))).toBe("options: null is not an object");
    expect(message(() => renderJson({}, { sortkeys: true } as never))).toBe(
      "sortkeys: is not an option (the options are sortKeys)",
    );
    expect(message(() => renderJson({}, { sortKeys: "yes" as never }))).toBe(
      'sortKeys: "yes" is not true or false',
    );
    // A preset read back from JSON has no build function (a TypeError from inside before).
    expect(message(() => scalePreset({ name: "flagship" } as never, { users: 10 }))).toBe(
      'preset: {"name":"flagship"} is not a built-in scenario',
    );
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

  it("check the values of their options, not only the names: an unknown kind drew another kind silently", () => {
    const directory: GeneratedDirectory = {
      users: 5,
      groups: 1,
      membersPerGroup: 0,
      contacts: 0,
      devices: 0,
      forests: [{ name: "contoso.com", ous: ["OU=Sales"] }],
    };
    expect(message(() => cloudWriteArbitrary(directory, { kinds: ["cloud-pasword-reset" as never] }))).toBe(
      'kinds[0]: "cloud-pasword-reset" is not one of "cloud-password-reset", "cloud-group", "cloud-device", "exchange-online"',
    );
    expect(message(() => changeSequenceArbitrary(directory, { kinds: "modify" as never }))).toMatch(
      /^kinds: "modify" is not a list of "create", "modify", /,
    );
    expect(message(() => changeSequenceArbitrary(directory, { maxEvents: 1.5 }))).toBe(
      "maxEvents: 1.5 is not a whole number ≥ 0",
    );
    expect(message(() => changeSequenceArbitrary(directory, { unflowedAttributes: "no" as never }))).toBe(
      'unflowedAttributes: "no" is not true or false',
    );
    expect(() => cloudWriteArbitrary(directory, { from: "soon" })).toThrow('from: "soon" is not a duration');
    expect(message(() => faultScheduleArbitrary({ agents: 0 }))).toBe("agents: 0 is not a whole number ≥ 1");
    expect(message(() => faultScheduleArbitrary({ servers: [{ name: "" }] }))).toBe(
      'servers[0].name: "" is not a name',
    );
    expect(message(() => faultScheduleArbitrary({ forests: "contoso.com" as never }))).toBe(
      'forests: "contoso.com" is not a list of names',
    );
    // Nested in scenarioArbitrary, the field says where (these were only made as each scenario was drawn).
    expect(message(() => scenarioArbitrary({ faults: { families: ["dcs" as never] } }))).toMatch(
      /^faults\.families\[0\]: "dcs" is not one of "connect-server", /,
    );
    expect(message(() => scenarioArbitrary({ changes: { maxEvents: -1 } }))).toBe(
      "changes.maxEvents: -1 is not a whole number ≥ 0",
    );
    expect(message(() => scenarioArbitrary({ cloudWrites: { kinds: ["x" as never] } }))).toMatch(
      /^cloudWrites\.kinds\[0\]: "x" is not one of /,
    );
    // An empty list of kinds or families draws nothing (fast-check's constantFrom() refused it).
    expect(fc.sample(changeSequenceArbitrary(directory, { kinds: [] }), 3)).toEqual([[], [], []]);
    expect(fc.sample(faultScheduleArbitrary({ families: [], recoverable: true }), 3)).toEqual([[], [], []]);
  });

  it("check the directory a generator draws over", () => {
    expect(message(() => cloudWriteArbitrary(undefined as never))).toBe(
      "directory: undefined is not a generated directory (from directoryArbitrary)",
    );
    expect(message(() => changeSequenceArbitrary({ users: 3 } as never))).toBe(
      "directory.groups: undefined is not a whole number ≥ 0",
    );
    const noForests = { users: 1, groups: 0, membersPerGroup: 0, contacts: 0, devices: 0, forests: [] };
    expect(message(() => changeSequenceArbitrary(noForests))).toBe(
      "directory.forests: [] is not a non-empty list of forests",
    );
  });

  it("check the properties, states and runs they are given", async () => {
    // checkProperty ran an async property's promise unawaited: its failures passed.
    const failing = fc.asyncProperty(fc.nat(), async () => false);
    expect(message(() => checkProperty(failing as never))).toMatch(
      /^property: .* is an async property: run it with checkAsyncProperty$/,
    );
    await expect(checkAsyncProperty(failing, { numRuns: 1 })).rejects.toThrow(/./);
    expect(message(() => checkProperty({} as never))).toBe(
      "property: {} is not a fast-check property (fc.property, fc.asyncProperty)",
    );
    await expect(checkAsyncProperty(42 as never)).rejects.toThrow(
      "property: 42 is not a fast-check property (fc.property, fc.asyncProperty)",
    );
    expect(message(() => propertyEnvironment(null as never))).toBe(
      "env: null is not an environment (an object such as process.env)",
    );
    expect(message(() => describeFailure(undefined as never))).toBe(
      "details: undefined is not fast-check's run details (fc.check)",
    );
    expect(message(() => cloudStateOf({} as never))).toBe(
      "run: {} is not an observed run (observeRun's result)",
    );
    expect(message(() => expectedCloudState({} as never, { inScope: () => true }))).toMatch(
      /^world: \{\} is not a world/,
    );
    expect(message(() => diffCloudStates(new Map(), {} as never))).toBe(
      "right: {} is not a cloud state (a Map by anchor)",
    );
    expect(message(() => diffCloudStates(new Map(), new Map(), ["a"] as never))).toBe(
      'labels: ["a"] is not a pair of names',
    );
  });
});
