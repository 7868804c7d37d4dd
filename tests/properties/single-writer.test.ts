import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkProperty, observeRun, scenarioArbitrary } from "../../src/testing/index.js";
import { DIRECTORY, ENV, TIMEOUT, WORKLOAD } from "./helpers.js";

/**
 * Property 5 — single writer. Two or three Connect servers (one active, the rest staging) through crashes,
 * restarts, database loss, promotions and demotions: every tenant write comes from the one active, running
 * server, and never are two servers active. Two or three Cloud Sync agents in single-active mode through
 * crashes, restarts and link cuts: every request goes to the configuration's active agent.
 */
const FILE = "tests/properties/single-writer.test.ts";

describe("property: single writer", () => {
  it(
    "connect: only the active server exports; cloudSync: only the active agent serves",
    () => {
      checkProperty(
        fc.property(
          scenarioArbitrary({
            directory: DIRECTORY,
            workload: WORKLOAD,
            changes: { maxEvents: 4 },
            connectServers: { min: 2, max: 3 },
            agents: { min: 2, max: 3 },
            faults: {
              maxEvents: ENV.deep ? 14 : 8,
              families: ["connect-server", "connect-admin", "cloud-sync-agent", "link"],
            },
            recoverable: true,
          }),
          (scenario) => {
            for (const engine of ["connect", "cloudSync"] as const) {
              const run = observeRun(scenario, { engine });
              expect(run.trace.singleWriterViolations, `${engine} single writer`).toEqual([]);
            }
          },
        ),
        { numRuns: 10, deepRuns: 120, file: FILE },
      );
    },
    TIMEOUT,
  );
});
