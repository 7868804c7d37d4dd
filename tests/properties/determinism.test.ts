import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparisonResultSchema } from "../../src/scenario/result-schema.js";
import { compareEngines } from "../../src/scenario/run.js";
import { checkProperty, observeRun, scenarioArbitrary } from "../../src/testing/index.js";
import { CHANGES, DIRECTORY, TIMEOUT, WORKLOAD } from "./helpers.js";

/**
 * Property 6 — determinism. The same scenario and seed give byte-identical result JSON; and the AD history
 * (every directory write, with its time) is identical whichever engine runs (no writeback features are
 * requested, so every AD write comes from the workload or the script). Every result, read back as JSON,
 * is a comparison result by the published schema.
 */
const FILE = "tests/properties/determinism.test.ts";

describe("property: determinism", () => {
  it(
    "same scenario and seed → identical JSON; AD history identical across engines",
    () => {
      checkProperty(
        fc.property(
          scenarioArbitrary({
            directory: DIRECTORY,
            workload: WORKLOAD,
            changes: CHANGES,
            faults: { maxEvents: 3 },
          }),
          (scenario) => {
            const json = JSON.stringify(compareEngines(scenario));
            expect(json).toBe(JSON.stringify(compareEngines(structuredClone(scenario))));
            const read = comparisonResultSchema.safeParse(JSON.parse(json));
            expect(read.error?.issues ?? []).toEqual([]);
            const connect = observeRun(scenario, { engine: "connect" });
            const cloud = observeRun(scenario, { engine: "cloudSync" });
            expect(connect.trace.directory).toEqual(cloud.trace.directory);
          },
        ),
        { numRuns: 8, deepRuns: 100, file: FILE },
      );
    },
    TIMEOUT,
  );
});
