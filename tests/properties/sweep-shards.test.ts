import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runSweep } from "../../src/scenario/sweep.js";
import { mergeSweeps } from "../../src/scenario/sweep-merge.js";
import { checkAsyncProperty, scenarioArbitrary } from "../../src/testing/index.js";
import { CHANGES, DIRECTORY, TIMEOUT, WORKLOAD } from "./helpers.js";

/**
 * Property — a sweep does not depend on how it is split (design.md "Scale beyond one machine": shards run
 * by any batch system, joined by a merge step). For any scenario, seeds and shard count, the shards' JSON,
 * sent through JSON and merged in any order, is the sweep run whole, byte for byte; and merging refuses the
 * parts with one shard left out.
 */
const FILE = "tests/properties/sweep-shards.test.ts";

describe("property: sweep shards", () => {
  it(
    "shards merged in any order = the sweep run whole; a missing shard is refused",
    async () => {
      await checkAsyncProperty(
        fc.asyncProperty(
          scenarioArbitrary({
            directory: DIRECTORY,
            workload: WORKLOAD,
            changes: CHANGES,
            faults: { maxEvents: 2 },
          }),
          fc.uniqueArray(fc.integer({ min: -1_000, max: 1_000 }), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 1, max: 4 }),
          fc.boolean(),
          async (scenario, seeds, count, reverse) => {
            const options = { seeds, variants: [[], ["engines.connect.cycleInterval=60m"]], threads: 1 };
            const whole = await runSweep(scenario, options);
            const shards = await Promise.all(
              Array.from({ length: count }, (_, i) =>
                runSweep(scenario, { ...options, shard: { index: i + 1, count } }),
              ),
            );
            const parts = shards.map((s) => JSON.parse(JSON.stringify(s)) as unknown);
            if (reverse) parts.reverse();
            expect(JSON.stringify(mergeSweeps(parts))).toBe(JSON.stringify(whole));
            // Leave out a shard that holds points (with more shards than points, some hold none).
            const held = shards.findIndex((s) => s.runs.length > 0);
            const without = shards.filter((_, i) => i !== held);
            if (count > 1) expect(() => mergeSweeps(without)).toThrow(/a shard is missing/);
          },
        ),
        { numRuns: 3, deepRuns: 30, file: FILE },
      );
    },
    TIMEOUT,
  );
});
