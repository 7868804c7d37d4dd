import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { standardProjection } from "../../../src/model/cloud-schema.js";
import { MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine, watchAttribute } from "./fixtures.js";

// Default cost model: 60 ms per imported/exported object, 20 ms per synced object, 5 s per run profile.
const initialCycleMs = (n: number): number => 25 * SECOND + 140 * n;
/** A delta cycle with one changed user whose export lands `exportAt` after start; c = objects to confirm. */
const oneChangeVisibleAfter = (confirm: number): number => 20 * SECOND + 60 + 20 + 60 + 80 * confirm;

describe("Connect initial cycle", () => {
  it("ends with every in-scope object in the tenant, in a time linear in N", () => {
    const durations: number[] = [];
    for (const n of [10, 20, 40]) {
      const { world, people } = smallWorld(n);
      const engine = startEngine(world);
      const ends: { at: number; cycle: string }[] = [];
      engine.events.on("cycle:end", (e) => ends.push(e));
      world.scheduler.run({ until: 10 * MINUTE });
      expect(ends[0]).toMatchObject({ at: initialCycleMs(n), cycle: "initial" });
      durations.push(ends[0]!.at);
      expect(world.tenant.size).toBe(n);
      for (const person of people) {
        const cloud = world.tenant.getByAnchor(sourceAnchorOf(person));
        expect(cloud?.attributes).toEqual(
          standardProjection(world.forest().get(person.objectGUID)!, () => undefined),
        );
        expect(cloud?.writer).toBe("connect:primary");
      }
    }
    // Linear: equal increments per added object.
    expect((durations[1]! - durations[0]!) / 10).toBe((durations[2]! - durations[1]!) / 20);
  });

  it("carries a change made just after a cycle starts at the next cycle, one made just before in that cycle", () => {
    const { world, people } = smallWorld(3);
    const [ann, bob, cal] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    startEngine(world);
    const annSeen = watchAttribute(world, () => sourceAnchorOf(ann), "jobTitle", "Lead");
    const bobSeen = watchAttribute(world, () => sourceAnchorOf(bob), "jobTitle", "Chief");
    const calSeen = watchAttribute(world, () => sourceAnchorOf(cal), "jobTitle", "Late");
    world.scheduler.schedule(1, () => world.forest().modify(ann.objectGUID, { title: "Lead" }));
    world.scheduler.schedule(30 * MINUTE - 1, () =>
      world.forest().modify(bob.objectGUID, { title: "Chief" }),
    );
    world.scheduler.schedule(30 * MINUTE + 1, () => world.forest().modify(cal.objectGUID, { title: "Late" }));
    world.scheduler.run({ until: 90 * MINUTE });
    // Cycle 2 at 30 min reads both earlier changes; its Entra import confirms the 3 initial exports.
    // Two changes: import 2×60, sync 2×20, export 60 then 120.
    const cycle2 = 30 * MINUTE + 20 * SECOND + 2 * 60 + 3 * 80 + 2 * 20;
    expect(annSeen()).toBe(cycle2 + 60);
    expect(bobSeen()).toBe(cycle2 + 120);
    // Cal changed just after cycle 2 started: cycle 3, which confirms the 2 exports of cycle 2.
    expect(calSeen()).toBe(60 * MINUTE + oneChangeVisibleAfter(2));
  });

  it("runs delta cycles every 30 minutes and a manual cycle on demand, refusing one while busy", () => {
    const { world } = smallWorld(2);
    const engine = startEngine(world);
    const starts: [number, string][] = [];
    engine.events.on("cycle:start", (e) => starts.push([e.at, e.cycle]));
    world.scheduler.schedule(SECOND, () => {
      expect(engine.perform({ action: "start-cycle", value: "delta" })).toEqual({
        status: "refused",
        reason: "busy",
      });
    });
    world.scheduler.schedule(40 * MINUTE, () => {
      expect(engine.perform({ action: "start-cycle", value: "initial" })).toEqual({ status: "done" });
    });
    world.scheduler.run({ until: 61 * MINUTE });
    expect(starts).toEqual([
      [0, "initial"],
      [30 * MINUTE, "delta"],
      [40 * MINUTE, "initial"],
      [60 * MINUTE, "delta"],
    ]);
  });

  it("delays the next cycle while one overruns, without overlap or catch-up", () => {
    const { world } = smallWorld(40);
    // 40 users × 1 min import = 40 min: longer than the interval.
    const engine = startEngine(world, { timing: { importPerObjectMs: "1m" } });
    const spans: [number, number][] = [];
    engine.events.on("cycle:start", (e) => spans.push([e.at, -1]));
    engine.events.on("cycle:end", (e) => {
      spans[spans.length - 1]![1] = e.at;
    });
    world.scheduler.run({ until: 3 * 60 * MINUTE });
    const firstEnd = spans[0]![1];
    expect(firstEnd).toBe(40 * MINUTE + 25 * SECOND + 80 * 40);
    expect(spans[1]![0]).toBe(firstEnd); // due at 30 min, started when the first ended
    expect(spans[2]![0]).toBe(spans[1]![0] + 30 * MINUTE); // previous (actual) start + interval
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it("can be disabled and re-enabled; the interval is raised to the 30-minute minimum", () => {
    const { world } = smallWorld(1);
    const engine = startEngine(world, { cycleInterval: "10m" });
    expect(engine.config.cycleIntervalMs).toBe(30 * MINUTE);
    const starts: number[] = [];
    engine.events.on("cycle:start", (e) => starts.push(e.at));
    world.scheduler.schedule(MINUTE, () => engine.perform({ action: "disable-scheduler" }));
    world.scheduler.schedule(100 * MINUTE, () => engine.perform({ action: "enable-scheduler" }));
    world.scheduler.run({ until: 140 * MINUTE });
    expect(starts).toEqual([0, 100 * MINUTE, 130 * MINUTE]);
  });

  it("set-cycle-interval takes effect at once, and a value below 30 minutes is raised to it (how-to-connect-sync-feature-scheduler)", () => {
    const { world } = smallWorld(1);
    const engine = startEngine(world);
    const starts: number[] = [];
    engine.events.on("cycle:start", (e) => starts.push(e.at / MINUTE));
    world.scheduler.schedule(45 * MINUTE, () => {
      expect(engine.perform({ action: "set-cycle-interval", value: "2h" })).toEqual({ status: "done" });
    });
    world.scheduler.schedule(200 * MINUTE, () =>
      engine.perform({ action: "set-cycle-interval", value: "5m" }),
    );
    world.scheduler.run({ until: 300 * MINUTE });
    // 0, 30; from 45m the next start is the previous (30m) + 2h = 150m; from 200m, 150m + 30m is past: at once.
    expect(starts).toEqual([0, 30, 150, 200, 230, 260, 290]);
    expect(engine.perform({ action: "set-cycle-interval", value: "soon" })).toMatchObject({
      status: "refused",
    });
  });

  it("an upgrade suspends scheduled cycles while password hash sync carries on (how-to-connect-sync-feature-scheduler)", () => {
    const { world } = smallWorld(1);
    const engine = startEngine(world);
    const starts: number[] = [];
    const passes: number[] = [];
    engine.events.on("cycle:start", (e) => starts.push(e.at / MINUTE));
    engine.connectEvents.on("phs:batch", (e) => passes.push(e.at / MINUTE));
    world.scheduler.schedule(45 * MINUTE, () => {
      expect(engine.perform({ action: "upgrade" })).toEqual({ status: "done" });
      expect(engine.perform({ action: "upgrade" })).toEqual({
        status: "refused",
        reason: "primary is already being upgraded",
      });
      expect(engine.perform({ action: "start-cycle" })).toEqual({
        status: "refused",
        reason: "primary is being upgraded: the scheduler is suspended",
      });
    });
    world.scheduler.run({ until: 200 * MINUTE });
    // Due at 60m, held until the 2-hour upgrade ends at 165m, then every 30 minutes from that start.
    expect(starts).toEqual([0, 30, 165, 195]);
    expect(passes.filter((at) => at > 45 && at < 165)).toHaveLength(60);
    expect(engine.perform({ action: "upgrade", value: "forever" })).toMatchObject({ status: "refused" });
  });

  it("a scheduler switched with a target is that server's only (Set-ADSyncScheduler runs on one server)", () => {
    const { world } = smallWorld(1);
    const engine = startEngine(world, { servers: [{ name: "primary" }, { name: "standby", staging: true }] });
    const starts: string[] = [];
    engine.connectEvents.on("run:start", (e) => {
      if (e.profile === "delta-import" && e.connector !== "entra")
        starts.push(`${e.server}@${e.at / MINUTE}`);
    });
    expect(engine.perform({ action: "disable-scheduler", target: "standby" })).toEqual({ status: "done" });
    expect(engine.perform({ action: "disable-scheduler", target: "nosuch" })).toEqual({
      status: "refused",
      reason: 'no server named "nosuch"',
    });
    world.scheduler.run({ until: 70 * MINUTE });
    expect(starts).toEqual(["primary@30", "primary@60"]);
    expect(
      (engine.status().servers as { schedulerEnabled: boolean }[]).map((s) => s.schedulerEnabled),
    ).toEqual([true, false]);
  });
});
