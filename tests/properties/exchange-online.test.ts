import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import { EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES } from "../../src/model/exchange-online.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { MINUTE } from "../../src/scheduler/duration.js";
import { checkProperty, observeRun } from "../../src/testing/index.js";
import { ENV, TIMEOUT } from "./helpers.js";

/**
 * Property — Exchange Online's settings reach AD. Any set of `exchange-online` events (any user, any of the
 * writeback attributes, a value of its own or the default, at any time) over any workload, no faults: each
 * is `applied` within the engine's schedule (Connect: its 30-minute cycle plus the cycle's run; Cloud Sync:
 * its 20-minute writeback job plus one run), or `superseded` by a later event on the same setting before
 * AD showed it; at the end each user's AD object holds the last value set for each setting, and no cloud
 * user carries them among its synced attributes.
 */
const FILE = "tests/properties/exchange-online.test.ts";
const USERS = ENV.deep ? 30 : 8;

const setting = fc.record({
  minute: fc.integer({ min: 5, max: 170 }),
  user: fc.integer({ min: 1, max: USERS }),
  attribute: fc.constantFrom(...EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES),
  custom: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
});

/** A value of the attribute's kind made of `n`. */
function settingValue(attribute: string, n: number): string | number | string[] {
  if (attribute === "msExchArchiveStatus") return n;
  if (attribute === "msExchUCVoiceMailSettings" || attribute === "msExchUserHoldPolicies")
    return Array.from({ length: (n % 3) + 1 }, (_, i) => `v${n}-${i}`);
  return `aGFzaC${n}`;
}

const scenarios = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    settings: fc.array(setting, { minLength: 1, maxLength: ENV.deep ? 12 : 4 }),
    edits: fc.integer({ min: 0, max: ENV.deep ? 60 : 10 }),
  })
  .map(
    ({ seed, settings, edits }): ScenarioInput => ({
      name: "exchange-online-property",
      seed,
      duration: "3h",
      drain: "2h",
      directory: {
        users: USERS,
        groups: 2,
        membersPerGroup: 3,
        forests: [{ name: "contoso.com", ous: ["OU=Staff"] }],
      },
      workload: { attributeChangesPerHour: edits, passwordChangesPerHour: 2, createsPerHour: 2 },
      features: ["exchange-hybrid-writeback"],
      // In time order, so "the last value set" is the last event of a setting.
      events: [...settings]
        .sort((a, b) => a.minute - b.minute)
        .map((s) => ({
          type: "exchange-online" as const,
          at: `${s.minute}m`,
          object: `user-${s.user}`,
          attribute: s.attribute,
          ...(s.custom === undefined ? {} : { value: settingValue(s.attribute, s.custom) }),
        })),
    }),
  );

describe("property: Exchange Online's settings reach AD", () => {
  for (const engine of ["connect", "cloudSync"] as const) {
    it(
      `${engine}: every setting arrives within its schedule, and AD ends with the last value of each`,
      () => {
        checkProperty(
          fc.property(scenarios, (scenario) => {
            const run = observeRun(scenario, { engine });
            const ad = run.world.forest();
            const bound = engine === "connect" ? 30 * MINUTE + 5 * MINUTE : 20 * MINUTE + MINUTE;
            const last = new Map<string, unknown>();
            scenario.events?.forEach((event, i) => {
              if (event.type !== "exchange-online") return;
              const result = run.engineResult.events[i];
              const label = `${event.object} ${event.attribute}: ${result?.reason ?? ""}`;
              expect(["applied", "superseded"], label).toContain(result?.status);
              if (result?.status === "applied")
                expect(result.latency ?? Number.POSITIVE_INFINITY, label).toBeLessThanOrEqual(bound);
              const value = event.value ?? (event.attribute === "msExchArchiveStatus" ? 1 : undefined);
              last.set(`${event.object}|${event.attribute}`, value ?? "(default)");
            });
            for (const [key, value] of last) {
              const [name, attribute] = key.split("|") as [string, string];
              const held = ad.find(name)?.attributes[attribute];
              if (value === "(default)") expect(held, key).toBeDefined();
              else expect(held, key).toEqual(value);
              const cloud = run.world.tenant.getByAnchor(sourceAnchorOf(ad.find(name)!));
              expect(
                Object.keys(cloud?.attributes ?? {}).filter((k) => /msExch/i.test(k)),
                key,
              ).toEqual([]);
            }
          }),
          { numRuns: 6, deepRuns: 60, file: FILE, testName: engine },
        );
      },
      TIMEOUT,
    );
  }
});
