import { describe, expect, it } from "vitest";
import { applyOverrides } from "../../src/scenario/overrides.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ScenarioError, validateScenario } from "../../src/scenario/validate.js";
import { SimulationError } from "../../src/scheduler/errors.js";

/** `--set path=value`: a variant of a scenario without a copy of its file. */
describe("applyOverrides", () => {
  const base: ScenarioInput = {
    name: "base",
    seed: 1,
    directory: { users: 10, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    events: [{ type: "modify", at: "1h", object: "user-1", attributes: { title: "A" } }],
  };

  it("sets fields by path, reading JSON values as JSON and anything else as text; the input is left alone", () => {
    const variant = applyOverrides(base, [
      "seed=7",
      "engines.connect.cycleInterval=60m",
      'engines.cloudSync.scope={"ous":["OU=Sales,DC=contoso,DC=com"]}',
      "events[0].at=2h",
      'events[0].attributes.title="42"',
      "directory.forests[0].ous[1]=OU=IT",
      "directory.replication.interSite=15m",
    ]);
    expect(variant).toMatchObject({
      seed: 7,
      engines: {
        connect: { cycleInterval: "60m" },
        cloudSync: { scope: { ous: ["OU=Sales,DC=contoso,DC=com"] } },
      },
      events: [{ at: "2h", attributes: { title: "42" } }],
      directory: { forests: [{ ous: ["OU=Sales", "OU=IT"] }], replication: { interSite: "15m" } },
    });
    expect(base.seed).toBe(1);
    expect(base.events?.[0]).toMatchObject({ at: "1h", attributes: { title: "A" } });
    expect(base.engines).toBeUndefined();
    // A variant is validated as any scenario: the override's value is checked at its path.
    expect(validateScenario(variant).directory.replication?.interSite).toBe(15 * 60_000);
    expect(() => validateScenario(applyOverrides(base, ["directory.users=-1"]))).toThrow(
      "directory.users: -1 must be at least 0",
    );
  });

  it("refuses what is not an assignment to a scenario field, naming it", () => {
    const refused = (assignment: string): string => {
      try {
        applyOverrides(base, [assignment]);
      } catch (error) {
        expect(error).toBeInstanceOf(SimulationError);
        expect((error as SimulationError).code).toBe("invalid-argument");
        return (error as Error).message;
      }
      throw new Error(`${assignment} was accepted`);
    };
    expect(refused("seed")).toBe('--set "seed": is not path=value');
    expect(refused("=3")).toBe('--set "=3": is not path=value');
    expect(refused("seed.x=1")).toBe('--set "seed.x=1": goes through seed, which is not an object');
    expect(refused("events.at=1h")).toBe('--set "events.at=1h": goes through events, which is not an object');
    expect(refused("directory[0]=1")).toBe('--set "directory[0]=1": indexes directory, which is not a list');
    expect(refused("events[5].at=1h")).toBe('--set "events[5].at=1h": indexes events past its end (1 items)');
    expect(refused("[0]=1")).toBe('--set "[0]=1": does not start with a field');
    expect(refused("engines..connect=1")).toBe(
      '--set "engines..connect=1": has no field name at position 8 of its path',
    );
    expect(refused("__proto__.polluted=1")).toBe(
      '--set "__proto__.polluted=1": names "__proto__", which is not a scenario field',
    );
    expect(refused("engines.constructor.prototype=1")).toContain('names "constructor"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a scenario object holding what is not data, naming where, before any assignment", () => {
    const problems = (input: unknown): readonly { path: string; message: string }[] => {
      try {
        applyOverrides(input as ScenarioInput, ["seed=2"]);
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        expect((error as ScenarioError).code).toBe("invalid-scenario");
        return (error as ScenarioError).problems;
      }
      throw new Error("accepted");
    };
    expect(problems({ ...base, description: () => "a day" })).toEqual([
      { path: "description", message: "a function is not scenario data" },
    ]);
    const looped: Record<string, unknown> = {
      ...base,
      events: [{ ...base.events?.[0], attributes: { title: Symbol("t") } }],
    };
    looped.self = looped;
    expect(problems(looped)).toEqual([
      { path: "events[0].attributes.title", message: "a symbol is not scenario data" },
    ]);
    expect(problems({ ...base, directory: { users: 1, extra: new WeakMap() } })).toEqual([
      { path: "", message: expect.stringMatching(/^the scenario cannot be copied: /) },
    ]);
  });
});
