import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { MINUTE } from "../../src/scheduler/duration.js";
import { checkProperty, observeRun } from "../../src/testing/index.js";
import { ENV, TIMEOUT } from "./helpers.js";

/**
 * Property — groups made in the cloud reach AD. Any set of `cloud-group` events (members drawn from the
 * generated users, security or Microsoft 365, at any time) over any workload, no faults: Connect writes
 * every Microsoft 365 group back within its cycle (30 min) plus the cycle's own run, and reports security
 * groups `unsupported` (group writeback v2 is retired); Cloud Sync provisions every security group within
 * its 20-minute job plus the writes of one run, and reports Microsoft 365 groups `unsupported`. AD's copy holds exactly the members, and no written group comes back to the cloud as a
 * synced one.
 */
const FILE = "tests/properties/cloud-groups.test.ts";
const USERS = ENV.deep ? 30 : 8;

const groupEvent = fc.record({
  minute: fc.integer({ min: 5, max: 170 }),
  members: fc.uniqueArray(fc.integer({ min: 1, max: USERS }), { maxLength: 6 }),
  microsoft365: fc.boolean(),
});

const scenarios = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    groups: fc.array(groupEvent, { minLength: 1, maxLength: ENV.deep ? 8 : 3 }),
    edits: fc.integer({ min: 0, max: ENV.deep ? 60 : 10 }),
    memberships: fc.integer({ min: 0, max: ENV.deep ? 30 : 5 }),
  })
  .map(
    ({ seed, groups, edits, memberships }): ScenarioInput => ({
      name: "cloud-groups-property",
      seed,
      duration: "3h",
      drain: "2h",
      directory: {
        users: USERS,
        groups: 2,
        membersPerGroup: 3,
        forests: [{ name: "contoso.com", ous: ["OU=Staff"] }],
      },
      workload: { attributeChangesPerHour: edits, membershipChangesPerHour: memberships, createsPerHour: 2 },
      features: ["group-writeback", "group-provisioning-to-ad"],
      events: groups.map((g, i) => ({
        type: "cloud-group" as const,
        at: `${g.minute}m`,
        object: `Cloud Team ${i + 1}`,
        groupType: g.microsoft365 ? ("microsoft365" as const) : ("security" as const),
        members: g.members.map((n) => `user-${n}`),
      })),
    }),
  );

describe("property: groups made in the cloud reach AD", () => {
  for (const engine of ["connect", "cloudSync"] as const) {
    it(
      `${engine}: every group it brings to AD arrives within its schedule, with exactly its members`,
      () => {
        checkProperty(
          fc.property(scenarios, (scenario) => {
            const run = observeRun(scenario, { engine });
            const ad = run.world.forest();
            const bound = engine === "connect" ? 30 * MINUTE + 5 * MINUTE : 20 * MINUTE + MINUTE;
            scenario.events?.forEach((event, i) => {
              if (event.type !== "cloud-group") return;
              const result = run.engineResult.events[i];
              const kind = engine === "connect" ? "microsoft365" : "security";
              if ((event.groupType ?? "security") !== kind) {
                expect(result?.status, event.object).toBe("unsupported");
                return;
              }
              expect(result?.status, `${event.object}: ${result?.reason ?? ""}`).toBe("applied");
              expect(result?.latency ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(bound);
              const written = [...ad.objects("group")].filter(
                (g) => g.attributes.displayName === event.object,
              );
              expect(written).toHaveLength(1);
              const wanted = (event.members ?? []).map((name) => ad.find(name)?.objectGUID).sort();
              expect([...((written[0]?.attributes.member ?? []) as string[])].sort()).toEqual(wanted);
            });
            const names = new Set(scenario.events?.map((e) => ("object" in e ? e.object : "")));
            const synced = [...run.world.tenant.objects("group")].filter(
              (g) => g.dirSyncEnabled && names.has(String(g.attributes.displayName)),
            );
            expect(synced, "written groups synced back").toEqual([]);
          }),
          { numRuns: 6, deepRuns: 60, file: FILE, testName: engine },
        );
      },
      TIMEOUT,
    );
  }
});
