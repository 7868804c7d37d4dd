import { describe, expect, test } from "vitest";
import { DAY, HOUR, MINUTE } from "../../../src/scheduler/duration.js";
import { setup, watchAttribute } from "./fixtures.js";

const SIX_HOURS = 6 * HOUR;
/** An incremental update of a provisioned object (documented profile: 2 min / 5,000 changes = 24 ms). */
const UPDATE = 24;

describe("high availability", () => {
  test("two agents, the active one crashes: failover within the detection time, nothing lost", () => {
    const { world, engine, users } = setup({ users: 5, config: { agents: 2 } });
    const failovers: unknown[] = [];
    engine.events.on("failover", (e) => failovers.push(e));
    const visible = watchAttribute(world, users[0]!, "department", "IT");
    world.scheduler.run({ until: 11 * MINUTE });
    expect(engine.fault("agent-1", "crash")).toEqual({ status: "done" });
    world.forest().modify(users[0]!.objectGUID, { department: "IT" });
    world.scheduler.run({ until: HOUR });
    // agent-1 last reported at 10 min; the 12-min request waits until it misses its status window
    // (10 min after its last report), then the service fails over and re-sends to agent-2.
    expect(failovers).toEqual([{ at: 20 * MINUTE + 1, from: "agent-1", to: "agent-2" }]);
    expect(20 * MINUTE + 1 - 11 * MINUTE).toBeLessThanOrEqual(engine.config.timing.failoverDetection + 1);
    expect(visible()).toBe(20 * MINUTE + 1 + 1 + UPDATE);
    expect(engine.incidents.filter((i) => i.kind === "failover")).toHaveLength(1);
    const status = engine.status() as {
      agents: Array<{ up: boolean }>;
      configurations: Array<{ provisioning: { activeAgent: string } }>;
    };
    expect(status.agents.map((a) => a.up)).toEqual([false, true]);
    expect(status.configurations[0]?.provisioning.activeAgent).toBe("agent-2");
  });

  test("50 ms of link latency: two healthy agents are never taken as gone over hours", () => {
    const { world, engine, users } = setup({
      users: 5,
      config: { agents: 2 },
      world: { cloudLatencyMs: 50 },
    });
    const ends: Array<{ at: number; ok: boolean }> = [];
    engine.events.on("cycle:end", (e) => e.cycle.includes("initial") && ends.push({ at: e.at, ok: e.ok }));
    const visible = watchAttribute(world, users[0]!, "department", "IT");
    world.scheduler.run({ until: 3 * HOUR });
    world.forest().modify(users[0]!.objectGUID, { department: "IT" });
    world.scheduler.run({ until: 8 * HOUR });
    expect(engine.incidents).toEqual([]);
    // The first cycle waits for the first bootstrap (50 ms), the request and reply cross the link (50 ms
    // each) around the 5-ms read, then 5 creates at 1.2 s.
    expect(ends).toEqual([{ at: 50 + 50 + 5 + 50 + 5 * 1_200, ok: true }]);
    // Cycles start every 2 min from 0: the 3:00 one's request reaches the agent after the change (50 ms),
    // which reads it (1 ms) and replies (50 ms); then the update.
    expect(visible()).toBe(3 * HOUR + 50 + 1 + 50 + UPDATE);
    const status = engine.status() as { agents: Array<{ healthy: boolean }> };
    expect(status.agents.map((a) => a.healthy)).toEqual([true, true]);
  });

  test("50 ms of link latency: a crashed agent is still detected, one latency later", () => {
    const { world, engine } = setup({ users: 1, config: { agents: 2 }, world: { cloudLatencyMs: 50 } });
    const failovers: unknown[] = [];
    engine.events.on("failover", (e) => failovers.push(e));
    world.scheduler.run({ until: 11 * MINUTE });
    // agent-1's reports arrived at 50 ms and 10:00.100 (send, then wait 10 min).
    engine.fault("agent-1", "crash");
    world.scheduler.run({ until: HOUR });
    expect(failovers).toEqual([
      {
        at: 10 * MINUTE + 100 + engine.config.timing.failoverDetection + 50 + 1,
        from: "agent-1",
        to: "agent-2",
      },
    ]);
  });

  test("50 ms of link latency, no agent up at start: the first cycle fails once the bootstrap is due", () => {
    const { world, engine } = setup({
      users: 1,
      config: { agents: 1 },
      world: { cloudLatencyMs: 50 },
      start: false,
    });
    world.hosts.get("cloud-sync:agent-1")!.crash();
    engine.start();
    world.scheduler.run({ until: MINUTE });
    expect(
      engine.incidents.filter((i) => i.kind === "cycle-failed").map((i) => `${i.at} ${i.detail}`),
    ).toEqual(["50 contoso.com:initial: no active agents", "50 contoso.com:password-hash: no active agents"]);
  });

  test("load distribution: requests rotate over the healthy agents", () => {
    const { world } = setup({ users: 1, config: { agents: 2, agentMode: "load-distribution" } });
    world.scheduler.run({ until: 7 * MINUTE });
    const processes: string[] = [];
    world.scheduler.trace((r) => r.label?.includes("object query") && processes.push(r.label));
    world.scheduler.run({ until: 11 * MINUTE });
    expect(new Set(processes)).toEqual(new Set(["agent-1:object query", "agent-2:object query"]));
  });

  test("load distribution: an agent lost under both jobs' requests is one failover per outage", () => {
    const { world, engine } = setup({ users: 1, config: { agents: 3, agentMode: "load-distribution" } });
    world.scheduler.run({ until: 11 * MINUTE });
    engine.fault("agent-1", "down");
    world.scheduler.run({ until: 40 * MINUTE });
    engine.fault("agent-1", "up");
    world.scheduler.run({ until: 60 * MINUTE });
    engine.fault("agent-1", "down");
    world.scheduler.run({ until: 90 * MINUTE });
    const failovers = engine.incidents.filter((i) => i.kind === "failover").map((i) => `${i.at} ${i.detail}`);
    // The object and password jobs each had a request waiting on agent-1 when it missed its status window;
    // each outage is reported once.
    expect(failovers).toEqual([
      `${20 * MINUTE + 1} contoso.com: agent-1 → agent-2 (agent-1 stopped reporting status)`,
      `${70 * MINUTE + 1} contoso.com: agent-1 → agent-2 (agent-1 stopped reporting status)`,
    ]);
  });

  test.each(["single-active", "load-distribution"] as const)(
    "%s: a configuration left without an agent says when one reports again",
    (agentMode) => {
      const { world, engine } = setup({ users: 1, config: { agents: 1, agentMode } });
      world.scheduler.run({ until: 11 * MINUTE });
      engine.fault("agent-1", "down");
      world.scheduler.run({ until: 40 * MINUTE });
      // The agent bootstraps when it comes up: its report reaches the service at once.
      engine.fault("agent-1", "up");
      world.scheduler.run({ until: 60 * MINUTE });
      const failovers = engine.incidents
        .filter((i) => i.kind === "failover")
        .map((i) => `${i.at} ${i.detail}`);
      expect(failovers).toEqual([
        `${20 * MINUTE + 1} contoso.com: agent-1 → none (agent-1 stopped reporting status)`,
        `${40 * MINUTE} contoso.com: none → agent-1 (agent-1 reported again)`,
      ]);
    },
  );

  test("a restarted agent loses only the request in flight and bootstraps at once", () => {
    const { world, engine } = setup({ users: 1, config: { agents: 1 } });
    const boots: number[] = [];
    engine.cloudEvents.on("agent:bootstrap", (e) => boots.push(e.at));
    world.scheduler.run({ until: 25 * MINUTE });
    engine.fault("agent-1", "restart");
    world.scheduler.run({ until: 40 * MINUTE });
    expect(boots).toEqual([0, 10 * MINUTE, 20 * MINUTE, 25 * MINUTE, 35 * MINUTE]);
  });

  test("auto-update restarts the agents one at a time for the update outage", () => {
    const { world, engine } = setup({ config: { agents: 2, updateFirstAt: "1h", updateOutage: "3m" } });
    const updates: string[] = [];
    engine.cloudEvents.on("agent:update", (e) => updates.push(`${e.at / MINUTE}:${e.agent}:${e.phase}`));
    world.scheduler.run({ until: 2 * HOUR });
    expect(updates).toEqual(["60:agent-1:start", "63:agent-1:end", "63:agent-2:start", "66:agent-2:end"]);
  });

  test("an unreachable DC fails the cycle after the agent's 30 s LDAP timeout, without failover", () => {
    const { world, engine } = setup({ users: 1, config: { agents: 2 } });
    const ends: Array<{ at: number; ok: boolean }> = [];
    engine.events.on("cycle:end", (e) => !e.cycle.includes("password") && ends.push({ at: e.at, ok: e.ok }));
    world.scheduler.run({ until: 3 * MINUTE });
    world.hosts.get("dc:contoso.com")!.crash();
    world.scheduler.run({ until: 5 * MINUTE });
    expect(ends.at(-1)).toEqual({ at: 4 * MINUTE + 30_000, ok: false });
    expect(engine.incidents.some((i) => i.kind === "failover")).toBe(false);
  });
});

describe("quarantine", () => {
  /** One agent, crashed at 61 min (its last report was at 60 min); a change made at 62 min. */
  function outage(config: Record<string, unknown> = {}) {
    const ctx = setup({ users: 5, config: { agents: 1, ...config } });
    const { world, engine, users } = ctx;
    const quarantine: Array<{ at: number; entered: boolean; nextAttemptAt: number | undefined }> = [];
    engine.events.on("quarantine", (e) =>
      quarantine.push({ at: e.at, entered: e.entered, nextAttemptAt: e.nextAttemptAt }),
    );
    const visible = watchAttribute(world, users[0]!, "department", "IT");
    world.scheduler.run({ until: 61 * MINUTE });
    engine.fault("agent-1", "crash");
    world.scheduler.run({ until: 62 * MINUTE });
    world.forest().modify(users[0]!.objectGUID, { department: "IT" });
    return { ...ctx, quarantine, visible };
  }
  // The 62-min cycle waits until the agent misses its window (70 min + 1 ms) and fails with "no active
  // agents"; the overdue 64-min cycle fails at once; the 72-min one is the third failure → quarantine.
  const ENTERED = 72 * MINUTE + 1;

  test("an agent down 5 h: quarantine at the third failed cycle, changes arrive at the 6 h retry", () => {
    const { world, engine, quarantine, visible } = outage();
    world.scheduler.run({ until: 61 * MINUTE + 5 * HOUR });
    engine.fault("agent-1", "up");
    world.scheduler.run({ until: 12 * HOUR });
    expect(
      engine.incidents
        .filter((i) => i.kind === "cycle-failed" && i.detail.includes("initial") === false)
        .map((i) => i.at)
        .slice(0, 3),
    ).toEqual([70 * MINUTE + 1, 70 * MINUTE + 1, 70 * MINUTE + 1]);
    expect(quarantine[0]).toEqual({ at: ENTERED, entered: true, nextAttemptAt: ENTERED + SIX_HOURS });
    expect(visible()).toBe(ENTERED + SIX_HOURS + 1 + UPDATE);
    expect(quarantine.at(-1)).toEqual({
      at: ENTERED + SIX_HOURS + 1 + UPDATE,
      entered: false,
      nextAttemptAt: undefined,
    });
    expect(engine.incidents.map((i) => i.kind)).toContain("quarantine-lifted");
  });

  test("clear-quarantine after the agent is back: the changes arrive at once", () => {
    const { world, engine, visible } = outage();
    world.scheduler.run({ until: 61 * MINUTE + 5 * HOUR });
    engine.fault("agent-1", "up");
    world.scheduler.run({ until: 6 * HOUR + 10 * MINUTE });
    expect(engine.perform({ action: "clear-quarantine" })).toEqual({ status: "done" });
    world.scheduler.run({ until: 12 * HOUR });
    expect(visible()).toBe(6 * HOUR + 10 * MINUTE + 1 + UPDATE);
  });

  test("an outage that outlasts the first retry waits for the next one (6 h, 12 h, 24 h, then 24 h)", () => {
    const { world, engine, quarantine, visible } = outage();
    world.scheduler.run({ until: 61 * MINUTE + 7 * HOUR });
    engine.fault("agent-1", "up");
    world.scheduler.run({ until: 3 * 24 * HOUR });
    const retries = quarantine.filter((q) => q.entered).map((q) => q.nextAttemptAt);
    expect(retries).toEqual([ENTERED + SIX_HOURS, ENTERED + 18 * HOUR]);
    expect(visible()).toBe(ENTERED + 18 * HOUR + 1 + UPDATE);
  });

  test("the retry schedule grows and the job is disabled after the limit", () => {
    const { world, engine, quarantine } = outage({ quarantineDisableAfter: "3d" });
    world.scheduler.run({ until: 6 * 24 * HOUR });
    const retries = quarantine.map((q) =>
      q.nextAttemptAt === undefined ? undefined : q.nextAttemptAt - ENTERED,
    );
    expect(retries).toEqual([6 * HOUR, 18 * HOUR, 42 * HOUR, 66 * HOUR, undefined]);
    // No retry fits between 66 h and the 3-day limit: the job is disabled at 72 h.
    const disabled = engine.incidents.filter((i) => i.detail.endsWith("job disabled")).map((i) => i.at);
    expect(disabled).toEqual([ENTERED + 3 * DAY]);
    const status = engine.status() as { configurations: Array<{ provisioning: { state: string } }> };
    expect(status.configurations[0]?.provisioning.state).toBe("Disabled");
  });

  test.each([
    // 6 h, 12 h, 24 h, then every 24 h: retries at 6, 18, 42, 66 … 666 h.
    ["current", [6, 18, 42, ...Array.from({ length: 26 }, (_, i) => 66 + 24 * i)]],
    // 2, 6, 12, 24, 48, 96, 168 h, then every 168 h: the retry after 524 h (21.8 days) would be at 692 h.
    ["older", [2, 8, 20, 44, 92, 188, 356, 524]],
  ] as const)(
    "%s schedule: every retry before 28 days runs; the job is disabled at 28 days",
    (schedule, hours) => {
      const { world, engine, quarantine } = outage({ quarantineSchedule: schedule });
      const state = () =>
        (engine.status() as { configurations: Array<{ provisioning: { state: string } }> }).configurations[0]
          ?.provisioning.state;
      world.scheduler.run({ until: ENTERED + 28 * DAY - 1 });
      expect(state()).toBe("Quarantine");
      world.scheduler.run({ until: ENTERED + 30 * DAY });
      expect(state()).toBe("Disabled");
      const retries = quarantine.map((q) =>
        q.nextAttemptAt === undefined ? undefined : q.nextAttemptAt - ENTERED,
      );
      expect(retries).toEqual([...hours.map((h) => h * HOUR), undefined]);
      const disabled = engine.incidents.filter((i) => i.detail.endsWith("job disabled")).map((i) => i.at);
      expect(disabled).toEqual([ENTERED + 28 * DAY]);
    },
  );

  test("the older schedule (2 h first) is selectable", () => {
    const { world, quarantine } = outage({ quarantineSchedule: "older" });
    world.scheduler.run({ until: 10 * HOUR });
    expect(quarantine.map((q) => q.nextAttemptAt! - ENTERED)).toEqual([2 * HOUR, 8 * HOUR, 20 * HOUR]);
  });

  test("restart resets the error-rate counters (from 5,000 failures, over 40 % failing)", () => {
    // Every user fails its mapping: 3,000 failures per initial cycle, under the 5,000 the rule starts at.
    const { world, engine } = setup({
      users: 3_000,
      config: {
        mappings: {
          user: [{ type: "expression", target: "jobTitle", expression: "Left([displayName], [department])" }],
        },
      },
    });
    const ends: Array<{ at: number; ok: boolean }> = [];
    engine.events.on("cycle:end", (e) => e.cycle.includes("initial") && ends.push({ at: e.at, ok: e.ok }));
    world.scheduler.run({ until: 10 * MINUTE });
    engine.perform({ action: "restart" });
    world.scheduler.run({ until: 20 * MINUTE });
    // Each initial cycle reads 3,000 users (3 s); each failure costs nothing.
    expect(ends).toEqual([
      { at: 3_000, ok: true },
      { at: 10 * MINUTE + 3_000, ok: true },
    ]);
    // 6,000 failures counted across the restart would quarantine (EncounteredEscrowProportionThreshold).
    expect(engine.incidents.filter((i) => i.kind === "quarantine")).toEqual([]);
    const status = engine.status() as { configurations: Array<{ provisioning: { state: string } }> };
    expect(status.configurations[0]?.provisioning.state).toBe("Active");
  });

  test("restart clears quarantine and watermark", () => {
    const { world, engine, visible } = outage();
    world.scheduler.run({ until: 3 * HOUR });
    engine.fault("agent-1", "up");
    engine.perform({ action: "restart" });
    world.scheduler.run({ until: 4 * HOUR });
    const status = engine.status() as {
      configurations: Array<{ provisioning: { state: string; quarantine: unknown } }>;
    };
    expect(status.configurations[0]?.provisioning.state).toBe("Active");
    // The initial cycle re-reads all 5 users (5 ms) in USN order and matches each at 0.01 min; user-1,
    // changed last, comes last.
    expect(visible()).toBe(3 * HOUR + 5 + 5 * 600);
  });

  test("a cut link fails the requests; agents are used again once they report", () => {
    const { world, engine, users } = setup({ users: 1 });
    const visible = watchAttribute(world, users[0]!, "department", "IT");
    world.scheduler.run({ until: 3 * MINUTE });
    world.cloudLink.cut();
    world.forest().modify(users[0]!.objectGUID, { department: "IT" });
    world.scheduler.run({ until: 5 * MINUTE });
    world.cloudLink.restore();
    world.scheduler.run({ until: HOUR });
    expect(engine.incidents.filter((i) => i.kind === "cycle-failed")).toHaveLength(2);
    expect(visible()).toBe(6 * MINUTE + 1 + UPDATE);
  });
});
