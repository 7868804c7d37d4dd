import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ExportEvent } from "../../src/engines/engine.js";
import { parseDuration } from "../../src/scheduler/duration.js";
import {
  checkProperty,
  directoryArbitrary,
  type GeneratedScenario,
  observeRun,
  type ScenarioEventInput,
} from "../../src/testing/index.js";
import { ENV, TIMEOUT } from "./helpers.js";

/**
 * Property 4 — thresholds. A burst of deletes against a small deletion threshold (set by an admin action),
 * with or without an `allow-deletes` approval somewhere: no export or cycle ever deletes more objects than
 * the threshold in force, unless an approval was given before it (and after the previous stop).
 */
const FILE = "tests/properties/thresholds.test.ts";

const burst = directoryArbitrary({
  users: { min: 3, max: ENV.deep ? 40 : 10 },
  groups: 0,
  contacts: 0,
  devices: 0,
}).chain((directory) =>
  fc.record({
    directory: fc.constant(directory),
    threshold: fc.integer({ min: 1, max: 5 }),
    deletes: fc.integer({ min: 1, max: directory.users }),
    approveAt: fc.option(fc.integer({ min: 2, max: 110 }), { nil: undefined }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    engine: fc.constantFrom("connect" as const, "cloudSync" as const),
  }),
);

type Burst = typeof burst extends fc.Arbitrary<infer B> ? B : never;

function scenarioOf(x: Burst): GeneratedScenario {
  const events: ScenarioEventInput[] = [
    { type: "admin", at: "1m", engine: x.engine, action: "set-threshold", value: x.threshold },
  ];
  for (let i = 1; i <= x.deletes; i++) events.push({ type: "delete", at: `61m${i}s`, object: `user-${i}` });
  if (x.approveAt !== undefined)
    events.push({ type: "admin", at: `${x.approveAt}m`, engine: x.engine, action: "allow-deletes" });
  events.sort((a, b) => parseDuration(a.at as string) - parseDuration(b.at as string));
  return {
    name: `threshold-${x.seed}`,
    seed: x.seed,
    duration: "2h",
    drain: "6h",
    directory: x.directory,
    events,
  } as GeneratedScenario;
}

describe("property: deletion thresholds", () => {
  it(
    "no export deletes more than the threshold without an approval before it",
    () => {
      checkProperty(
        fc.property(burst.map(scenarioOf), (scenario) => {
          const admin = scenario.events.filter((e) => e.type === "admin");
          const engine = (admin[0] as { engine: "connect" | "cloudSync" }).engine;
          const run = observeRun(scenario, { engine });
          const threshold = (admin[0] as { value: number }).value;
          const approvals = run.engineResult.events
            .filter(
              (e) =>
                e.type === "admin" &&
                e.status === "done" &&
                scenario.events[e.index]?.type === "admin" &&
                (scenario.events[e.index] as { action: string }).action === "allow-deletes",
            )
            .map((e) => e.at);
          let lastBigDelete = Number.NEGATIVE_INFINITY;
          for (const { name, payload } of run.trace.events) {
            if (name !== "export") continue;
            const e = payload as ExportEvent;
            if (e.at < 60_000 || e.deletes <= threshold) continue;
            const approved = approvals.some((at) => at <= e.at && at > lastBigDelete);
            expect(
              approved,
              `export at ${e.at} deleted ${e.deletes} > threshold ${threshold} without approval`,
            ).toBe(true);
            lastBigDelete = e.at;
          }
          // And the threshold did stop something whenever the burst was over it and nothing approved it.
          if (
            approvals.length === 0 &&
            scenario.events.filter((e) => e.type === "delete").length > threshold
          ) {
            expect(
              run.engineResult.incidents.some((i) => i.kind === "threshold-exceeded"),
              "threshold-exceeded incident",
            ).toBe(true);
          }
        }),
        { numRuns: 16, deepRuns: 200, file: FILE },
      );
    },
    TIMEOUT,
  );
});
