/**
 * A property-based comparison with the shipped arbitraries (docs/testing.md): for any small directory
 * and scripted changes with no faults, both engines leave the tenant equal to the standard projection of
 * AD, and agree with each other except for devices, which only Connect syncs.
 *
 * Run: npx tsx examples/property-comparison.ts
 */
import fc from "fast-check";
import {
  checkProperty,
  cloudStateOf,
  diffCloudStates,
  expectedCloudState,
  observeRun,
  scenarioArbitrary,
} from "../src/testing/index.js";

const property = fc.property(
  scenarioArbitrary({ directory: { users: { max: 5 } }, changes: { maxEvents: 6 } }),
  (scenario) => {
    const connect = observeRun(scenario, { engine: "connect" });
    const cloudSync = observeRun(scenario, { engine: "cloudSync" });
    const problems = [
      ...diffCloudStates(cloudStateOf(connect), expectedCloudState(connect.world, connect.engine), [
        "connect",
        "AD",
      ]),
      ...diffCloudStates(cloudStateOf(cloudSync), expectedCloudState(cloudSync.world, cloudSync.engine), [
        "cloudSync",
        "AD",
      ]),
      ...diffCloudStates(
        cloudStateOf(connect),
        cloudStateOf(cloudSync),
        ["connect", "cloudSync"],
        (o) => o.objectType !== "device",
      ),
    ];
    if (problems.length > 0) throw new Error(problems.join("\n"));
  },
);

// Throws with fast-check's seed and path, the scenario seed and JSON, and replay one-liners on failure.
checkProperty(property, { numRuns: 10, file: "examples/property-comparison.ts" });
console.log("10 generated scenarios: both engines converged to AD's projection and agree (devices aside).");
