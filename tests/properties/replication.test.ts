import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChangeCounts } from "../../src/scenario/result.js";
import { AD_CHANGE_TYPES, type ScenarioEventInput, type WriteOrigin } from "../../src/scenario/schema.js";
import { MINUTE, parseDuration, SECOND } from "../../src/scheduler/duration.js";
import { checkProperty, type GeneratedScenario, observeRun } from "../../src/testing/index.js";
import { expectNothingLost, recoverableScenarios, TIMEOUT } from "./helpers.js";

/**
 * Property — replication between domain controllers (reference.md C). Any recoverable scenario whose AD
 * writes are made on the sync DC, another DC of its site or a DC of another site (scripted events drawn
 * one by one, the random workload by shares), with any notification delay and site link interval:
 * - nothing is lost: after the drain every change is applied or superseded and the tenant equals AD's
 *   projection, on both engines;
 * - the random workload is the same on both engines (as many changes made);
 * - no scripted write shows before it could have reached the sync DC: 15 s (or the scenario's delay) after
 *   it was made from the same site, the site link's next run from another site — worked out here from the
 *   scenario alone.
 */
const FILE = "tests/properties/replication.test.ts";

const AD_WRITES: ReadonlySet<string> = new Set(AD_CHANGE_TYPES);
const ORIGINS: readonly WriteOrigin[] = ["sync-dc", "same-site", "other-site"];

/** A recoverable scenario whose writes are spread over domain controllers. */
const replicated = recoverableScenarios().chain((scenario: GeneratedScenario) =>
  fc
    .record({
      intraSeconds: fc.integer({ min: 1, max: 120 }),
      interQuarters: fc.integer({ min: 1, max: 12 }),
      sameSite: fc.constantFrom(0, 0.2, 0.5),
      otherSite: fc.constantFrom(0, 0.2, 0.5),
      origins: fc.array(fc.constantFrom(...ORIGINS), {
        minLength: scenario.events.length,
        maxLength: scenario.events.length,
      }),
    })
    .map(({ intraSeconds, interQuarters, sameSite, otherSite, origins }) => ({
      ...scenario,
      drain: "48h",
      directory: {
        ...scenario.directory,
        replication: {
          intraSite: `${intraSeconds}s`,
          interSite: `${interQuarters * 15}m`,
          workload: { sameSite, otherSite },
        },
      },
      events: scenario.events.map((event, i) =>
        AD_WRITES.has(event.type) && origins[i] !== "sync-dc"
          ? ({ ...event, dc: origins[i] } as ScenarioEventInput)
          : event,
      ),
    })),
);

describe("property: replication between domain controllers", () => {
  it(
    "loses nothing, keeps the workload identical, and shows no write before it could have arrived",
    () => {
      checkProperty(
        fc.property(replicated, (scenario) => {
          const replication = scenario.directory.replication as {
            intraSite: string;
            interSite: string;
          };
          const intra = parseDuration(replication.intraSite);
          const inter = parseDuration(replication.interSite);
          const made: number[] = [];
          const madeOn: string[] = [];
          for (const engine of ["connect", "cloudSync"] as const) {
            const run = observeRun(scenario, { engine });
            expectNothingLost(run);
            made.push(run.engineResult.changes.made);
            // The breakdown by DC adds up to the changes, fate by fate.
            const byDc = Object.values(run.engineResult.replication ?? {});
            for (const fate of Object.keys(run.engineResult.changes) as (keyof ChangeCounts)[])
              expect(
                byDc.reduce((n, o) => n + o.changes[fate], 0),
                `${engine} ${fate} by DC`,
              ).toBe(run.engineResult.changes[fate]);
            madeOn.push(JSON.stringify(byDc.map((o) => o.changes.made)));
            run.engineResult.events.forEach((result, i) => {
              const event = scenario.events[i] as ScenarioEventInput & { dc?: WriteOrigin };
              if (result.visibleAt === null || result.status !== "applied" || !AD_WRITES.has(event.type))
                return;
              const at = result.at;
              const arrival =
                event.dc === "same-site"
                  ? at + intra
                  : event.dc === "other-site"
                    ? Math.ceil(at / inter) * inter
                    : at;
              expect(result.visibleAt, `events[${i}] (${event.dc ?? "sync-dc"})`).toBeGreaterThanOrEqual(
                arrival,
              );
            });
          }
          expect(made[0], "the same workload on both engines").toBe(made[1]);
          expect(madeOn[0], "written on the same DCs on both engines").toBe(madeOn[1]);
        }),
        { numRuns: 6, deepRuns: 80, file: FILE },
      );
    },
    TIMEOUT,
  );

  it("a write made on another site waits for the site link: its latency is at least the wait", () => {
    // The bound above, made concrete once: a 15-minute link and a write at 1 minute.
    const scenario = {
      name: "one write",
      duration: "1h",
      directory: { users: 2, replication: { interSite: "15m" } },
      events: [
        {
          type: "modify",
          at: "1m",
          dc: "other-site",
          object: "user-1",
          attributes: { department: "x" },
        },
      ],
    } as const;
    for (const engine of ["connect", "cloudSync"] as const) {
      const event = observeRun(scenario as never, { engine }).engineResult.events[0];
      expect(event?.status).toBe("applied");
      expect(event?.latency ?? 0).toBeGreaterThanOrEqual(14 * MINUTE);
      expect(event?.latency ?? 0).toBeLessThan(14 * MINUTE + 31 * MINUTE + SECOND);
    }
  });
});
