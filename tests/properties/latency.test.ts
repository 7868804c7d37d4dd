import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CloudSyncEngine } from "../../src/engines/cloud-sync/index.js";
import { ConnectEngine } from "../../src/engines/connect/index.js";
import { CHANGE_CATEGORIES } from "../../src/scenario/result.js";
import {
  checkProperty,
  type EngineEventRecord,
  observeRun,
  scenarioArbitrary,
} from "../../src/testing/index.js";
import { CHANGES, DIRECTORY, TIMEOUT, WORKLOAD } from "./helpers.js";

/**
 * Property 2 — latency bounds, no faults. Every applied change is visible no earlier than it was made, and
 * no later than the engine's bound from its config: Connect — cycle interval + the longest cycle's
 * processing time; Cloud Sync — provisioning cycle interval + the longest cycle. Password changes are
 * bounded by the password loop: Connect PHS interval (2 min) + its longest pass, Cloud Sync password cycle
 * + its longest cycle. Creates are left out of the workload so no password waits for its user's export.
 */
const FILE = "tests/properties/latency.test.ts";

/** Longest start→end span of cycles whose name passes `keep`, from the trace. */
function longestCycle(events: readonly EngineEventRecord[], keep: (cycle: string) => boolean): number {
  const open = new Map<string, number>();
  let longest = 0;
  for (const { name, payload } of events) {
    const p = payload as { at: number; cycle?: string };
    if (p.cycle === undefined || !keep(p.cycle)) continue;
    if (name === "cycle:start") open.set(p.cycle, p.at);
    if (name === "cycle:end") {
      const start = open.get(p.cycle);
      if (start !== undefined) longest = Math.max(longest, p.at - start);
      open.delete(p.cycle);
    }
  }
  return longest;
}

/** Longest PHS pass of Connect: time between consecutive `phs:batch` events is the loop; a pass is short. */
function bounds(run: ReturnType<typeof observeRun>): { change: number; password: number } {
  const engine = run.engine;
  if (engine instanceof ConnectEngine) {
    const cycle = longestCycle(run.trace.events, () => true);
    const timing = engine.config.timing;
    // A PHS pass: one run-profile overhead plus the users it carries (password-hash-sync.ts cost model).
    const users = [...run.world.forests.values()].reduce((n, d) => n + d.list("user").length, 0) + 10;
    return {
      change: engine.config.cycleIntervalMs + cycle,
      password: engine.config.phsIntervalMs + timing.runProfileOverheadMs + users * timing.phsPerUserMs,
    };
  }
  const config = (engine as CloudSyncEngine).config;
  const isPassword = (c: string) => c.includes("password");
  return {
    change: config.timing.cycleInterval + longestCycle(run.trace.events, (c) => !isPassword(c)),
    password: config.timing.passwordCycleInterval + longestCycle(run.trace.events, isPassword),
  };
}

describe("property: latency bounds", () => {
  for (const engine of ["connect", "cloudSync"] as const) {
    it(
      `${engine}: every applied change is within the engine's bound and never early`,
      () => {
        checkProperty(
          fc.property(
            scenarioArbitrary({
              directory: DIRECTORY,
              workload: {
                ...WORKLOAD,
                categories: [
                  "attributeChangesPerHour",
                  "passwordChangesPerHour",
                  "deletesPerHour",
                  "movesPerHour",
                  "membershipChangesPerHour",
                ],
              },
              changes: {
                ...CHANGES,
                kinds: ["modify", "password", "delete", "move", "add-member", "remove-member"],
              },
            }),
            (scenario) => {
              const run = observeRun(scenario, { engine });
              const bound = bounds(run);
              for (const event of run.engineResult.events) {
                if (event.visibleAt !== null)
                  expect(
                    event.visibleAt,
                    `event ${event.index} visible before it was made`,
                  ).toBeGreaterThanOrEqual(event.at);
              }
              for (const category of CHANGE_CATEGORIES) {
                const summary = run.engineResult.latency[category];
                if (summary.count === 0) continue;
                expect(
                  Math.min(...(run.engineResult.samples?.[category] ?? [0])),
                  `${category} latency < 0`,
                ).toBeGreaterThanOrEqual(0);
                const limit = category === "password" ? bound.password : bound.change;
                expect(summary.max, `${category} max latency vs bound ${limit} ms`).toBeLessThanOrEqual(
                  limit,
                );
              }
            },
          ),
          { numRuns: 12, deepRuns: 150, file: FILE, testName: engine },
        );
      },
      TIMEOUT,
    );
  }
});
void CloudSyncEngine;
