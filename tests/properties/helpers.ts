import { expect } from "vitest";
import type { EngineResult, EventResult } from "../../src/scenario/result.js";
import {
  CHANGE_KINDS,
  cloudStateOf,
  diffCloudStates,
  expectedCloudState,
  FAULT_FAMILIES,
  type ObservedRun,
  propertyEnvironment,
  scenarioArbitrary,
} from "../../src/testing/index.js";

/**
 * Shared knobs of the property suite: `npm test` runs few cases on small worlds; `DEEP=1` (npm run
 * test:deep) runs many more on larger worlds; `FC_NUM_RUNS`, `FC_SEED` and `FC_PATH` override or replay.
 */
export const ENV = propertyEnvironment();

/** Directory sizes: small for CI, larger for deep runs. */
export const DIRECTORY = ENV.deep
  ? {
      users: { min: 1, max: 30 },
      groups: { min: 0, max: 5 },
      membersPerGroup: { min: 0, max: 8 },
      contacts: { min: 0, max: 4 },
      devices: { min: 0, max: 4 },
    }
  : {
      users: { min: 1, max: 6 },
      groups: { min: 0, max: 2 },
      membersPerGroup: { min: 0, max: 3 },
      contacts: { min: 0, max: 2 },
      devices: { min: 0, max: 2 },
    };

/** Workload rates per hour. */
export const WORKLOAD = { maxPerHour: ENV.deep ? 30 : 10 };

/** Most scripted changes per scenario. */
export const CHANGES = { maxEvents: ENV.deep ? 25 : 8 };

/** Vitest timeout of a property test (deep runs take longer). */
export const TIMEOUT = ENV.deep ? 1_800_000 : 60_000;

/**
 * Scenarios with every change kind (scripted restores included: the observer's delete-then-restore bug is
 * fixed and pinned in known-bugs.test.ts) and recoverable faults of every family: what the nothing-lost
 * properties draw.
 */
export function recoverableScenarios() {
  return scenarioArbitrary({
    directory: DIRECTORY,
    workload: WORKLOAD,
    changes: { ...CHANGES, kinds: CHANGE_KINDS },
    faults: { maxEvents: ENV.deep ? 12 : 6, families: FAULT_FAMILIES },
    recoverable: true,
  });
}

/** The scripted events of a result filed `filtered` with no reason (the observer gives every one a reason). */
export function unexplainedFilters(result: EngineResult): EventResult[] {
  return result.events.filter((event) => event.status === "filtered" && event.reason === undefined);
}

/**
 * The nothing-lost assertions on a run: the conservation identity, a reason for every filtered scripted
 * event, the tenant equal to AD's projection, and no change pending or lost.
 */
export function expectNothingLost(run: ObservedRun): void {
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
  expect({ pending: c.pending, lost: c.lost }, "pending and lost").toEqual({ pending: 0, lost: 0 });
}
