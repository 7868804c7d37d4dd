import { describe, expect, test } from "vitest";
import {
  CloudSyncEngine,
  DEFAULT_MAPPINGS,
  QUARANTINE_SCHEDULES,
  Quarantine,
  quarantineDelay,
  resolveCloudSyncConfig,
  TIMING_PROFILES,
} from "../../../src/engines/cloud-sync/index.js";
import { STANDARD_FLOWS } from "../../../src/model/cloud-schema.js";
import { DAY, HOUR, MINUTE } from "../../../src/scheduler/duration.js";

describe("configuration", () => {
  test("defaults follow reference.md part B", () => {
    const config = resolveCloudSyncConfig();
    expect(config).toMatchObject({
      agents: 1,
      agentMode: "single-active",
      timingProfile: "documented",
      capabilities: "current",
      deleteThreshold: 500,
      quarantineAfterFailures: 3,
      quarantineDisableAfter: 28 * DAY,
      objectLimit: 150_000,
      groupMemberLimit: 50_000,
      scope: { ous: [], groups: [] },
      domains: undefined,
    });
    expect(config.timing).toEqual(TIMING_PROFILES.documented);
    expect(config.timing).toMatchObject({
      cycleInterval: 2 * MINUTE,
      passwordCycleInterval: 2 * MINUTE,
      matchCost: 600,
      createCost: 1_200,
      requestTimeout: 10 * MINUTE,
      ldapTimeout: 30_000,
      bootstrapInterval: 10 * MINUTE,
      failoverDetection: 10 * MINUTE,
    });
    expect(TIMING_PROFILES.field).toMatchObject({ cycleInterval: 20 * MINUTE, matchCost: 360 });
  });

  test("any timing figure can be overridden with a duration", () => {
    const config = resolveCloudSyncConfig({
      timing: "field",
      cycleInterval: "5m",
      failoverDetection: 90_000,
      quarantineSchedule: ["1h", "3h"],
    });
    expect(config.timing.cycleInterval).toBe(5 * MINUTE);
    expect(config.timing.failoverDetection).toBe(90_000);
    expect(config.timing.matchCost).toBe(360);
    expect(config.quarantineSchedule.delays).toEqual([HOUR, 3 * HOUR]);
  });

  test.each([
    [{ agents: -1 }, "agents"],
    [{ agents: 1.5 }, "agents"],
    [{ agentMode: "active-active" }, "agentMode"],
    [{ timing: "fast" }, "timing"],
    [{ cycleInterval: "soon" }, "cycleInterval"],
    [{ cycleInterval: 0 }, "cycleInterval"],
    [{ capabilities: "future" }, "capabilities"],
    [{ deleteThreshold: 0 }, "deleteThreshold"],
    [{ quarantineSchedule: "weekly" }, "quarantineSchedule"],
    [{ quarantineSchedule: ["1h", "x"] }, "quarantineSchedule[1]"],
    [{ scope: { ous: [""] } }, "scope.ous[0]"],
    [{ scope: { groups: "Pilot" } }, "scope.groups"],
    [{ mappings: { device: [] } }, "mappings.device"],
    [{ mappings: { user: [{ type: "direct", target: "x" }] } }, "mappings.user[0].source"],
    [{ mappings: { user: [{ type: "magic", target: "x" }] } }, "mappings.user[0].type"],
    [{ mappings: { group: [{ type: "constant", target: "x", value: null }] } }, "mappings.group[0].value"],
    [{ domains: [""] }, "domains[0]"],
    [{ groupMemberLimit: 0 }, "groupMemberLimit"],
    [{ groupProvisioningInterval: 0 }, "groupProvisioningInterval"],
    [{ groupProvisioningContainer: "Groups" }, "groupProvisioningContainer"],
    [{ cycleIntervall: "2m" }, "cycleIntervall"],
  ])("invalid %j → invalid-argument at %s", (input, field) => {
    expect(() => new CloudSyncEngine(input as never)).toThrow(
      expect.objectContaining({ code: "invalid-argument", details: expect.objectContaining({ field }) }),
    );
  });

  test.each([
    [
      { agentMode: "active-active" },
      'agentMode: "active-active" is not "single-active" or "load-distribution"',
    ],
    [{ timing: "fast" }, 'timing: "fast" is not "documented" or "field"'],
    [
      { groupProvisioningContainer: 7 },
      "groupProvisioningContainer: 7 is not a distinguished name such as OU=Groups,DC=contoso,DC=com",
    ],
    [{ capabilities: "future" }, 'capabilities: "future" is not "current" or "article"'],
    [
      { quarantineSchedule: "weekly" },
      'quarantineSchedule: "weekly" is not "current", "older", "staff" or a list of durations',
    ],
  ])("a named choice not among them (%j) says which names there are, quoted", (input, message) => {
    expect(() => new CloudSyncEngine(input as never)).toThrow(message);
  });

  test("the default mappings are the standard flows, as data", () => {
    for (const type of ["user", "group", "contact"] as const) {
      expect(DEFAULT_MAPPINGS[type].map((m) => m.target)).toEqual(STANDARD_FLOWS[type].map((f) => f.target));
    }
    expect(DEFAULT_MAPPINGS.user.find((m) => m.target === "accountEnabled")).toEqual({
      type: "direct",
      target: "accountEnabled",
      source: "userAccountControl",
      transform: "account-enabled",
    });
  });
});

describe("quarantine schedules", () => {
  test("current: 6 h, 12 h, 24 h, then every 24 h; older: 2 h … 168 h; staff: 30 min doubling", () => {
    expect([0, 1, 2, 3, 4].map((i) => quarantineDelay(QUARANTINE_SCHEDULES.current, i) / HOUR)).toEqual([
      6, 12, 24, 24, 24,
    ]);
    expect(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => quarantineDelay(QUARANTINE_SCHEDULES.older, i) / HOUR),
    ).toEqual([2, 6, 12, 24, 48, 96, 168, 168]);
    expect([0, 1, 2, 3].map((i) => quarantineDelay(QUARANTINE_SCHEDULES.staff, i) / MINUTE)).toEqual([
      30, 60, 120, 240,
    ]);
    expect(quarantineDelay(QUARANTINE_SCHEDULES.staff, 30)).toBe(24 * HOUR);
  });

  test("a quarantine is disabled 28 days after it began; every retry before that runs", () => {
    const q = new Quarantine(QUARANTINE_SCHEDULES.current, 28 * DAY);
    let at = q.enter(0, "ConsistentFailures", "no active agents") as number;
    const attempts: number[] = [at];
    for (;;) {
      const next = q.retryFailed(at);
      if (next === undefined) break;
      attempts.push(next);
      at = next;
    }
    expect(attempts.map((t) => t / HOUR)).toEqual([
      6,
      18,
      42,
      ...Array.from({ length: 26 }, (_, i) => 66 + 24 * i),
    ]);
    // The last retry (666 h) failed: no retry fits before 672 h, the job is disabled at 672 h, not before.
    expect(q.disabled).toBe(false);
    expect(q.nextAttemptAt).toBeUndefined();
    expect(q.nextDueAt).toBe(28 * DAY);
    expect(q.disableIfDue(28 * DAY - 1)).toBe(false);
    expect(q.disableIfDue(28 * DAY)).toBe(true);
    expect(q.disabled).toBe(true);
    expect(q.nextDueAt).toBeUndefined();
    q.lift();
    expect(q.active).toBe(false);
  });
});
