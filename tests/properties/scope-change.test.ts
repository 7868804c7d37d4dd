import fc from "fast-check";
import { describe, it } from "vitest";
import { domainToDn } from "../../src/model/dn.js";
import type { ScenarioEventInput } from "../../src/scenario/schema.js";
import { parseDuration } from "../../src/scheduler/duration.js";
import { checkProperty, type GeneratedScenario, observeRun } from "../../src/testing/index.js";
import { expectNothingLost, recoverableScenarios, TIMEOUT } from "./helpers.js";

/**
 * Property — an admin changes the engine's scope mid-run (`set-scope`), once or several times, to any set
 * of the first forest's OUs (or back to everything), amid any recoverable scenario: after the drain every
 * change is applied or superseded, each object that came into the scope or left it included, and the
 * tenant equals AD's projection under the last scope. Run on each engine with its own scope events.
 */
const FILE = "tests/properties/scope-change.test.ts";

/** A recoverable scenario with 1 to 3 scope changes for `engine`. */
function rescoped(engine: "connect" | "cloudSync"): fc.Arbitrary<GeneratedScenario> {
  return recoverableScenarios().chain((scenario) => {
    const forest = scenario.directory.forests?.[0];
    const root = domainToDn(forest?.name ?? "contoso.com");
    const ous = (forest?.ous ?? []).map((ou) => `${ou},${root}`);
    const hours = Number.parseInt(scenario.duration, 10);
    const change = fc.record({
      minute: fc.integer({ min: 1, max: hours * 60 - 1 }),
      // Empty: no OU filter (every object of the forests in the engine's reach).
      ous: fc.subarray(ous),
    });
    return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
      const events: ScenarioEventInput[] = changes.map(({ minute, ous: chosen }) => ({
        type: "admin",
        at: `${minute}m`,
        engine,
        action: "set-scope",
        value: { ous: chosen },
      }));
      return {
        ...scenario,
        events: [...scenario.events, ...events].sort(
          (a, b) => parseDuration(a.at) - parseDuration(b.at),
        ) as ScenarioEventInput[],
      };
    });
  });
}

describe("property: scope changes", () => {
  for (const engine of ["connect", "cloudSync"] as const) {
    it(
      `${engine}: after scope changes amid recoverable faults, nothing is lost and the tenant is AD's projection`,
      () => {
        checkProperty(
          fc.property(rescoped(engine), (scenario) => {
            expectNothingLost(observeRun(scenario, { engine }));
          }),
          { numRuns: 6, deepRuns: 80, file: FILE, testName: engine },
        );
      },
      TIMEOUT,
    );
  }
});
