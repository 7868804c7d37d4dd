import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkProperty,
  cloudStateOf,
  diffCloudStates,
  expectedCloudState,
  FAULT_FAMILIES,
  type FaultFamily,
  observeRun,
} from "../../src/testing/index.js";
import { recoverableScenarios, TIMEOUT, unexplainedFilters } from "./helpers.js";

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
            const run = observeRun(scenario, { engine });
            const c = run.engineResult.changes;
            expect(c.made, "conservation").toBe(
              c.applied + c.superseded + c.pending + c.lost + c.filtered + c.unsupported,
            );
            expect(unexplainedFilters(run.engineResult), "a filtered scripted event says why").toEqual([]);
            expect(
              diffCloudStates(cloudStateOf(run), expectedCloudState(run.world, run.engine), [
                "tenant",
                "AD projection",
              ]),
              "tenant = AD",
            ).toEqual([]);
            expect({ pending: c.pending, lost: c.lost }, "pending and lost").toEqual({
              pending: 0,
              lost: 0,
            });
          }),
          { numRuns: 12, deepRuns: 150, file: FILE, testName: engine },
        );
      },
      TIMEOUT,
    );
  }
});
