import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHANGE_KINDS,
  checkProperty,
  FAULT_FAMILIES,
  observeRun,
  scenarioArbitrary,
} from "../../src/testing/index.js";
import { CHANGES, DIRECTORY, ENV, expectNothingLost, TIMEOUT, WORKLOAD } from "./helpers.js";

/**
 * Property — writes from the cloud do not disturb the sync, and each settles. Scenarios as the
 * nothing-lost property draws them (every change kind, recoverable faults of every family), plus cloud
 * password resets, cloud groups and devices and Exchange Online settings with every writeback feature on:
 * every AD change is still applied or superseded, the tenant still equals AD's projection (nothing an
 * engine wrote to AD comes back as a synced object), and every cloud write ends applied, superseded,
 * failed or unsupported — none is left waiting.
 */
const FILE = "tests/properties/cloud-writes.test.ts";

const scenarios = scenarioArbitrary({
  directory: DIRECTORY,
  workload: WORKLOAD,
  changes: { ...CHANGES, kinds: CHANGE_KINDS },
  faults: { maxEvents: ENV.deep ? 12 : 6, families: FAULT_FAMILIES },
  recoverable: true,
  cloudWrites: { maxEvents: ENV.deep ? 12 : 5 },
});

const CLOUD_WRITES = new Set(["cloud-password-reset", "cloud-group", "cloud-device", "exchange-online"]);

describe("property: writes from the cloud", () => {
  for (const engine of ["connect", "cloudSync"] as const) {
    it(
      `${engine}: with cloud writes and recoverable faults, every change and every cloud write settles`,
      () => {
        checkProperty(
          fc.property(scenarios, (scenario) => {
            const run = observeRun(scenario, { engine });
            expectNothingLost(run);
            for (const event of run.engineResult.events) {
              if (!CLOUD_WRITES.has(event.type)) continue;
              const label = `${event.type} at ${event.at}: ${event.reason ?? ""}`;
              expect(["applied", "superseded", "failed", "unsupported"], label).toContain(event.status);
              if (event.status === "applied") expect(event.visibleAt, label).not.toBeNull();
            }
          }),
          { numRuns: 8, deepRuns: 100, file: FILE, testName: engine },
        );
      },
      TIMEOUT,
    );
  }
});
