import fc from "fast-check";
import { describe, it } from "vitest";
import { checkProperty, FAULT_FAMILIES, type FaultFamily, observeRun } from "../../src/testing/index.js";
import { expectNothingLost, recoverableScenarios, TIMEOUT } from "./helpers.js";

/**
 * Property 3 — nothing lost. Any fault schedule from the catalogue (server, agent, DC, link and tenant
 * faults, database loss, promotions, restarts, threshold and scheduler admin actions), ending recoverable:
 * after the drain every change is applied or superseded (pending = lost = 0), the conservation identity
 * holds, and the tenant equals AD's projection.
 */
const FILE = "tests/properties/nothing-lost.test.ts";
// The engine bugs this property found are fixed and pinned as regressions in known-bugs.test.ts.
const FULL: readonly FaultFamily[] = FAULT_FAMILIES;

describe("property: nothing lost", () => {
  for (const [engine, families, run] of [
    ["connect", FULL, it],
    ["cloudSync", FULL, it],
  ] as const) {
    run(
      `${engine}: after recoverable faults (${families.join(", ")}) every change is applied or superseded`,
      () => {
        checkProperty(
          fc.property(recoverableScenarios(), (scenario) => {
            expectNothingLost(observeRun(scenario, { engine }));
          }),
          { numRuns: 12, deepRuns: 150, file: FILE, testName: engine },
        );
      },
      TIMEOUT,
    );
  }
});
