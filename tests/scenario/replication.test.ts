import { describe, expect, it } from "vitest";
import type { EngineKind } from "../../src/engines/engine.js";
import type { ComparisonResult, EventResult } from "../../src/scenario/result.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioEventInput, ScenarioInput } from "../../src/scenario/schema.js";
import { scenarioProblems } from "../../src/scenario/validate.js";

/**
 * Writes made on another domain controller than the one both engines read (reference.md C): the engines
 * see them once replicated — 15 s later from a DC of the same site, at the site link's next cycle (every
 * 180 minutes from the workload's start) from another site — and AD's conflict resolution keeps the later
 * originating write of an attribute.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;

const scenario = (events: ScenarioEventInput[], extra: Partial<ScenarioInput> = {}): ScenarioInput => ({
  name: "replication",
  seed: 2,
  duration: "8h",
  drain: "2h",
  directory: { users: 10 },
  events,
  ...extra,
});

const ENGINES: readonly EngineKind[] = ["connect", "cloudSync"];
const events = (result: ComparisonResult, engine: EngineKind): readonly EventResult[] =>
  result.engines[engine]?.events ?? [];

describe("writes made on another domain controller", () => {
  it("reach the engines once replicated: an other-site write shows in the cycle after the site link's next run", () => {
    const result = compareEngines(
      scenario([
        { type: "modify", at: "10m", object: "user-1", attributes: { department: "Sync DC" } },
        {
          type: "modify",
          at: "10m",
          dc: "same-site",
          object: "user-2",
          attributes: { department: "Same site" },
        },
        {
          type: "modify",
          at: "10m",
          dc: "other-site",
          object: "user-3",
          attributes: { department: "Remote" },
        },
        { type: "modify", at: "3h", object: "user-4", attributes: { department: "Sync DC at 3h" } },
      ]),
    );
    // Exact virtual times. Cloud Sync's 2-minute cycle takes the same-site write (arrived at 10m15s) in
    // the same cycle as the sync DC's; the other-site write arrives at 3h, the site link's first run after
    // 10m, and shows in the cycle that carries a write made on the sync DC at 3h.
    expect(events(result, "cloudSync").map((e) => [e.status, e.visibleAt, e.latency])).toEqual([
      ["applied", 660_026, 60_026],
      ["applied", 660_050, 60_050],
      ["applied", 10_860_050, 10_260_050],
      ["applied", 10_860_026, 60_026],
    ]);
    // Connect's 30-minute cycle: the same, a cycle later.
    expect(events(result, "connect").map((e) => [e.status, e.visibleAt, e.latency])).toEqual([
      ["applied", 1_641_020, 1_041_020],
      ["applied", 1_641_080, 1_041_080],
      ["applied", 12_440_280, 11_840_280],
      ["applied", 12_440_220, 1_640_220],
    ]);
    // The latency of the changes counts from when they were made, replication included.
    for (const engine of ENGINES) {
      const attribute = result.engines[engine]?.latency.attribute;
      expect(attribute?.max).toBe(events(result, engine)[2]?.latency);
    }
  });

  it("the result counts the changes by the DC their writes were made on, latency from the write", () => {
    const result = compareEngines(
      scenario([
        { type: "modify", at: "10m", object: "user-1", attributes: { department: "Sync DC" } },
        { type: "modify", at: "10m", dc: "same-site", object: "user-2", attributes: { department: "Near" } },
        {
          type: "modify",
          at: "10m",
          dc: "other-site",
          object: "user-3",
          attributes: { department: "Remote", title: "Far" },
        },
        // Overtaken on the sync DC before the site link runs: AD's conflict resolution keeps the later write.
        { type: "modify", at: "20m", dc: "other-site", object: "user-4", attributes: { department: "Old" } },
        { type: "modify", at: "30m", object: "user-4", attributes: { department: "New" } },
      ]),
    );
    for (const engine of ENGINES) {
      const byDc = result.engines[engine]?.replication;
      const latencies = events(result, engine).map((e) => e.latency);
      expect(byDc?.["sync-dc"]).toMatchObject({
        changes: { made: 2, applied: 2, superseded: 0 },
        latency: { count: 2, max: Math.max(latencies[0] as number, latencies[4] as number) },
      });
      expect(byDc?.["same-site"]).toMatchObject({
        changes: { made: 1, applied: 1 },
        latency: { count: 1, max: latencies[1] },
      });
      // Two attributes of one write, and the write that lost its conflict.
      expect(byDc?.["other-site"]).toMatchObject({
        changes: { made: 3, applied: 2, superseded: 1 },
        latency: { count: 2, max: latencies[2] },
      });
      const sum = Object.values(byDc ?? {}).reduce((n, o) => n + o.changes.made, 0);
      expect(sum).toBe(result.engines[engine]?.changes.made);
    }
    // Exact: Cloud Sync shows the remote write in the cycle after the site link's run at 3h.
    expect(result.engines.cloudSync?.replication?.["other-site"].latency.max).toBe(10_260_025);
    // Without replication there is no breakdown.
    const plain = compareEngines(
      scenario([{ type: "modify", at: "10m", object: "user-1", attributes: { department: "X" } }]),
    );
    expect(plain.engines.connect?.replication).toBeUndefined();
    expect(plain.engines.cloudSync?.replication).toBeUndefined();
  });

  it("the site link's interval is the scenario's (a multiple of 15 minutes)", () => {
    const result = compareEngines(
      scenario(
        [
          {
            type: "modify",
            at: "10m",
            dc: "other-site",
            object: "user-3",
            attributes: { department: "Remote" },
          },
        ],
        { directory: { users: 10, replication: { interSite: "15m" } } },
      ),
    );
    // Arrives at 15m; Cloud Sync's cycle then takes it.
    expect(events(result, "cloudSync")[0]?.visibleAt).toBe(15 * MINUTE + 25);
    expect(result.summary?.replication).toEqual({
      intraSite: 15_000,
      interSite: 15 * MINUTE,
      workload: { sameSite: 0, otherSite: 0 },
    });
  });

  it("AD keeps the later originating write: an other-site write a later sync-DC write overtook never shows", () => {
    const result = compareEngines(
      scenario([
        { type: "modify", at: "20m", dc: "other-site", object: "user-4", attributes: { department: "Old" } },
        { type: "modify", at: "30m", object: "user-4", attributes: { department: "New" } },
      ]),
    );
    for (const engine of ENGINES) {
      const [older, newer] = events(result, engine);
      expect(older?.status).toBe("superseded");
      expect(older?.reason).toContain(
        "a later write of department on the sync DC won AD's conflict resolution",
      );
      expect(newer?.status).toBe("applied");
      expect(result.engines[engine]?.changes).toMatchObject({ made: 2, applied: 1, superseded: 1 });
    }
  });

  it("an other-site write made after a sync-DC write wins when it arrives", () => {
    const result = compareEngines(
      scenario([
        { type: "modify", at: "20m", object: "user-4", attributes: { department: "Local" } },
        {
          type: "modify",
          at: "30m",
          dc: "other-site",
          object: "user-4",
          attributes: { department: "Remote" },
        },
      ]),
    );
    for (const engine of ENGINES) {
      const [local, remote] = events(result, engine);
      expect(local?.status).toBe("applied");
      expect(remote?.status).toBe("applied");
      expect(remote?.visibleAt).toBeGreaterThan(3 * HOUR);
    }
  });

  it("a write to an object deleted before it arrives is superseded by the delete", () => {
    const result = compareEngines(
      scenario([
        { type: "modify", at: "20m", dc: "other-site", object: "user-5", attributes: { title: "Late" } },
        { type: "delete", at: "1h", object: "user-5" },
      ]),
    );
    for (const engine of ENGINES) {
      const [write, remove] = events(result, engine);
      expect(write?.status).toBe("superseded");
      expect(write?.reason).toContain("refused when it reached the sync DC 2h40m after it was made");
      expect(remove?.status).toBe("applied");
    }
  });

  it("an object created on another site is not on the sync DC before its create arrives", () => {
    const result = compareEngines(
      scenario([
        { type: "create", at: "40m", dc: "other-site", object: "newbie" },
        { type: "modify", at: "50m", object: "newbie", attributes: { department: "IT" } },
      ]),
    );
    for (const engine of ENGINES) {
      const [create, modify] = events(result, engine);
      expect(create?.status).toBe("applied");
      expect(create?.visibleAt).toBeGreaterThan(3 * HOUR);
      expect(modify).toMatchObject({ status: "failed" });
      expect(modify?.reason).toBe(
        'object: "newbie" is not on the sync DC yet: its create, made on another domain controller, arrives at 3h',
      );
    }
  });

  it("a write still replicating when the run ends is pending, with when it was due", () => {
    const result = compareEngines(
      scenario(
        [
          {
            type: "modify",
            at: "7h",
            dc: "other-site",
            object: "user-3",
            attributes: { department: "Late" },
          },
        ],
        { drain: 0 },
      ),
    );
    for (const engine of ENGINES) {
      expect(events(result, engine)[0]).toMatchObject({
        status: "pending",
        reason:
          "made on a domain controller of another site; it had not reached the sync DC when the run ended (due at 9h)",
      });
    }
  });

  it("a password set on another site is the user's from then on, and the cloud's once it has replicated", () => {
    const result = compareEngines(
      scenario([
        { type: "password", at: "10m", dc: "other-site", object: "user-3" },
        { type: "sign-in", at: "20m", object: "user-3", password: "latest" },
        { type: "sign-in", at: "20m", object: "user-3", password: "previous" },
        { type: "sign-in", at: "4h", object: "user-3", password: "latest" },
      ]),
    );
    for (const engine of ENGINES) {
      const [change, early, old, late] = events(result, engine);
      expect(change?.status).toBe("applied");
      expect(change?.visibleAt).toBeGreaterThan(3 * HOUR);
      expect([early?.outcome, early?.reason]).toEqual(["failure", "password-mismatch"]);
      expect(old?.outcome).toBe("success");
      expect(late?.outcome).toBe("success");
    }
  });

  it("the drain waits for writes still replicating", () => {
    const result = compareEngines(
      scenario([{ type: "password", at: "7h", dc: "other-site", object: "user-3" }], { drain: "4h" }),
    );
    for (const engine of ENGINES) {
      expect(events(result, engine)[0]?.status).toBe("applied");
      expect(events(result, engine)[0]?.visibleAt).toBeGreaterThan(9 * HOUR);
    }
  });
});

describe("the random workload on other domain controllers", () => {
  const workload = (replication?: NonNullable<ScenarioInput["directory"]>["replication"]): ScenarioInput => ({
    name: "replicated workload",
    seed: 5,
    duration: "8h",
    drain: "12h",
    directory: { users: 200, groups: 10, membersPerGroup: 10, ...(replication ? { replication } : {}) },
    workload: {
      attributeChangesPerHour: 100,
      passwordChangesPerHour: 20,
      createsPerHour: 5,
      deletesPerHour: 3,
      movesPerHour: 3,
      membershipChangesPerHour: 20,
    },
  });

  it("is the same on both engines, deterministic, and conserved", () => {
    const input = workload({ workload: { sameSite: 0.3, otherSite: 0.2 } });
    const first = compareEngines(input);
    expect(JSON.stringify(compareEngines(input))).toBe(JSON.stringify(first));
    const made = ENGINES.map((engine) => first.engines[engine]?.changes.made);
    expect(made[0]).toBe(made[1]);
    for (const engine of ENGINES) {
      const c = first.engines[engine]?.changes;
      if (!c) throw new Error("no result");
      expect(c.applied + c.superseded + c.pending + c.lost + c.filtered + c.unsupported).toBe(c.made);
      expect(c.pending).toBe(0);
    }
  });

  it("slows what the engines see: the slowest change waits for the site link", () => {
    const local = compareEngines(workload());
    const remote = compareEngines(workload({ workload: { otherSite: 0.5 } }));
    for (const engine of ENGINES) {
      const before = local.engines[engine]?.latency.attribute.p90 ?? 0;
      const after = remote.engines[engine]?.latency.attribute.p90 ?? 0;
      expect(after).toBeGreaterThan(before);
      // An other-site write waits up to one site-link interval, then one engine cycle at most.
      expect(remote.engines[engine]?.latency.attribute.max).toBeLessThan(3 * HOUR + 40 * MINUTE);
    }
  });

  it("a replication block that sends nothing elsewhere changes nothing", () => {
    const without = compareEngines(workload());
    const withBlock = compareEngines(workload({ intraSite: "30s" }));
    const { summary: _a, ...rest } = without;
    const { summary: _b, ...restWith } = withBlock;
    // The breakdown by DC is the only addition, and it has every change on the sync DC.
    for (const engine of ENGINES) {
      const { replication, ...result } = restWith.engines[engine] ?? ({} as never);
      expect(replication?.["sync-dc"].changes).toEqual(result.changes);
      expect(replication?.["other-site"].changes.made).toBe(0);
      (restWith.engines as Record<string, unknown>)[engine] = result;
    }
    expect(JSON.stringify(restWith)).toBe(JSON.stringify(rest));
  });
});

describe("replication validation", () => {
  const problems = (directory: ScenarioInput["directory"], events: ScenarioEventInput[] = []) =>
    scenarioProblems({ name: "x", directory, events }).map((p) => `${p.path}: ${p.message}`);

  it("names each setting that is not one", () => {
    expect(problems({ users: 5, replication: { interSite: "20m" } })).toEqual([
      "directory.replication.interSite: 20m is not a site link interval (a multiple of 15m, from 15m to 7d)",
    ]);
    expect(problems({ users: 5, replication: { interSite: "8d" } })).toEqual([
      "directory.replication.interSite: 8d is not a site link interval (a multiple of 15m, from 15m to 7d)",
    ]);
    expect(problems({ users: 5, replication: { intraSite: "0s" } })).toEqual([
      'directory.replication.intraSite: "0s" must be above zero',
    ]);
    expect(problems({ users: 5, replication: { workload: { sameSite: 0.7, otherSite: 0.5 } } })).toEqual([
      "directory.replication.workload: sameSite + otherSite must be at most 1",
    ]);
  });

  it("an event's dc is one of three, and only AD writes have one", () => {
    expect(
      problems({ users: 5 }, [
        { type: "modify", at: "1m", object: "user-1", attributes: { title: "x" }, dc: "remote" as never },
        { type: "sign-in", at: "1m", object: "user-1", dc: "same-site" } as never,
      ]),
    ).toEqual([
      'events[0].dc: "remote" is not one of "sync-dc", "same-site", "other-site"',
      "events[1].dc: is not a known field",
    ]);
  });
});
