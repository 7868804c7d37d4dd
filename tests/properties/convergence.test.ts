import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkProperty,
  cloudStateOf,
  diffCloudStates,
  expectedCloudState,
  observeRun,
  scenarioArbitrary,
} from "../../src/testing/index.js";
import { CHANGES, DIRECTORY, TIMEOUT, WORKLOAD } from "./helpers.js";

/**
 * Property 1 — convergence. No faults: after the drain, each engine's tenant equals the standard projection
 * of AD for the objects it has in scope, and the two tenants are equal except where the products
 * documentedly differ: Cloud Sync does not synchronise computer objects (devices), Connect does.
 */
const FILE = "tests/properties/convergence.test.ts";

describe("property: convergence", () => {
  it(
    "both engines converge to the standard projection of AD and agree with each other",
    () => {
      checkProperty(
        fc.property(
          scenarioArbitrary({
            directory: DIRECTORY,
            workload: WORKLOAD,
            changes: CHANGES,
            connectServers: 1,
          }),
          (scenario) => {
            const connect = observeRun(scenario, { engine: "connect" });
            const cloud = observeRun(scenario, { engine: "cloudSync" });
            const connectState = cloudStateOf(connect);
            const cloudState = cloudStateOf(cloud);
            // Each engine against its own expected projection (its own scope).
            expect(
              diffCloudStates(connectState, expectedCloudState(connect.world, connect.engine), [
                "tenant",
                "AD projection",
              ]),
            ).toEqual([]);
            expect(
              diffCloudStates(cloudState, expectedCloudState(cloud.world, cloud.engine), [
                "tenant",
                "AD projection",
              ]),
            ).toEqual([]);
            // The engines against each other, devices aside…
            expect(
              diffCloudStates(
                connectState,
                cloudState,
                ["connect", "cloudSync"],
                (o) => o.objectType !== "device",
              ),
            ).toEqual([]);
            // …and the documented difference itself: every live AD computer is a device in Connect's tenant
            // and absent from Cloud Sync's (reference.md part B: Cloud Sync does not sync devices).
            const devices = (state: ReturnType<typeof cloudStateOf>) =>
              [...state.values()].filter((o) => o.objectType === "device").length;
            const liveComputers = [...connect.world.forests.values()].reduce(
              (n, d) => n + d.list("computer").length,
              0,
            );
            expect(devices(connectState)).toBe(liveComputers);
            expect(devices(cloudState)).toBe(0);
            // Nothing left behind without faults.
            expect(connect.engineResult.changes.pending).toBe(0);
            expect(cloud.engineResult.changes.pending).toBe(0);
          },
        ),
        { numRuns: 15, deepRuns: 200, file: FILE },
      );
    },
    TIMEOUT,
  );
});
