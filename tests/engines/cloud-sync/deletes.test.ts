import { describe, expect, test } from "vitest";
import { AccidentalDeleteThreshold } from "../../../src/engines/cloud-sync/index.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { addUsers, cloudOf, ROOT, setup } from "./fixtures.js";

describe("accidental delete prevention", () => {
  test("at the threshold the execution stops; below it the deletes go (at 500, at most 499)", () => {
    const guids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `guid-${from + i}`);
    const threshold = new AccidentalDeleteThreshold(500);
    expect(threshold.exceeded(guids(499))).toBe(false);
    expect(threshold.exceeded(guids(500))).toBe(true);
    // Nothing stopped yet: there is nothing to allow.
    expect(threshold.allowStopped()).toBe(false);
    threshold.stop(guids(600));
    expect(threshold.allowStopped()).toBe(true);
    // The allowance covers the stopped execution's 600 deletes; others still count against the threshold.
    expect(threshold.exceeded(guids(600))).toBe(false);
    expect(threshold.exceeded([...guids(600), ...guids(499, 600)])).toBe(false);
    expect(threshold.exceeded([...guids(600), ...guids(500, 600)])).toBe(true);
    threshold.completed();
    expect(threshold.allowed).toBe(false);
    expect(threshold.exceeded(guids(600))).toBe(true);
    expect(new AccidentalDeleteThreshold(false).exceeded(guids(10_000))).toBe(false);
  });

  /** 600 users provisioned (initial cycle ends at 600 ms + 600 × 1.2 s = 12 min 0.6 s), all deleted at 15 min. */
  function massDelete() {
    const ctx = setup({ users: 600 });
    const { world, engine, users } = ctx;
    const stops: unknown[] = [];
    engine.events.on("threshold:exceeded", (e) => stops.push(e));
    world.scheduler.run({ until: 15 * MINUTE });
    expect(world.tenant.size).toBe(600);
    for (const user of users) world.forest().delete(user.objectGUID);
    world.scheduler.run({ until: 30 * MINUTE });
    return { ...ctx, stops };
  }

  test("600 deletes trip the threshold: quarantine TooManyDeletes, nothing deleted", () => {
    const { world, engine, stops } = massDelete();
    // Cycles run at 12:00.6 (overdue), 14:00.6 and 16:00.6; the last one reads the 600 tombstones.
    expect(stops).toEqual([{ at: 16 * MINUTE + 600 + 600, deletes: 600, threshold: 500 }]);
    expect(world.tenant.size).toBe(600);
    const status = engine.status() as {
      configurations: Array<{
        provisioning: { state: string; pendingDeletes: number; quarantine: { reason: string } };
      }>;
    };
    expect(status.configurations[0]?.provisioning).toMatchObject({
      state: "Quarantine",
      pendingDeletes: 600,
      quarantine: { reason: "TooManyDeletes" },
    });
    expect(engine.incidents.map((i) => i.kind)).toEqual(
      expect.arrayContaining(["threshold-exceeded", "quarantine"]),
    );
  });

  test("allow-deletes processes them at once and the next cycle is healthy", () => {
    const { world, engine } = massDelete();
    const ends: Array<{ at: number; ok: boolean }> = [];
    engine.events.on("cycle:end", (e) => !e.cycle.includes("password") && ends.push({ at: e.at, ok: e.ok }));
    expect(engine.perform({ action: "allow-deletes" })).toEqual({ status: "done" });
    world.scheduler.run({ until: 45 * MINUTE });
    expect(world.tenant.size).toBe(0);
    // 600 tombstones read (600 ms), then 600 incremental deletes at the update cost (24 ms) each.
    expect(ends[0]).toEqual({ at: 30 * MINUTE + 600 + 600 * 24, ok: true });
    expect(ends[1]?.ok).toBe(true);
    expect(engine.incidents.map((i) => i.kind)).toContain("quarantine-lifted");
  });

  test("allow-deletes with no stopped execution is refused and arms nothing: a mass delete stops", () => {
    const { world, engine, users } = setup({ users: 600 });
    const stops: unknown[] = [];
    engine.events.on("threshold:exceeded", (e) => stops.push(e));
    world.scheduler.run({ until: 15 * MINUTE });
    expect(engine.perform({ action: "allow-deletes" })).toEqual({
      status: "refused",
      reason: "no job is stopped by the delete threshold",
    });
    for (const user of users) world.forest().delete(user.objectGUID);
    world.scheduler.run({ until: 30 * MINUTE });
    expect(stops).toEqual([{ at: 16 * MINUTE + 600 + 600, deletes: 600, threshold: 500 }]);
    expect(world.tenant.size).toBe(600);
  });

  /** 20 users, threshold 5: provisioned by 24.02 s; cycles every 2 min. */
  function smallThreshold() {
    const ctx = setup({ users: 20, config: { deleteThreshold: 5 } });
    const stops: Array<{ at: number; deletes: number }> = [];
    ctx.engine.events.on("threshold:exceeded", (e) => stops.push({ at: e.at, deletes: e.deletes }));
    ctx.world.scheduler.run({ until: 3 * MINUTE });
    expect(ctx.world.tenant.size).toBe(20);
    return { ...ctx, stops };
  }

  test("an allowance covers the stopped execution's deletes only: more deletes stop it again", () => {
    const { world, engine, users, stops } = smallThreshold();
    const dir = world.forest();
    for (const user of users.slice(0, 6)) dir.delete(user.objectGUID);
    world.scheduler.run({ until: 5 * MINUTE });
    // The 4-min cycle reads 6 tombstones (6 ms) and stops.
    expect(stops).toEqual([{ at: 4 * MINUTE + 6, deletes: 6 }]);
    for (const user of users.slice(6, 11)) dir.delete(user.objectGUID);
    world.scheduler.run({ until: 6 * MINUTE });
    expect(engine.perform({ action: "allow-deletes" })).toEqual({ status: "done" });
    world.scheduler.run({ until: 7 * MINUTE });
    // The allowed execution (6 min) has 11 deletes: the 5 made after the stop reach the threshold alone.
    expect(stops).toEqual([
      { at: 4 * MINUTE + 6, deletes: 6 },
      { at: 6 * MINUTE + 11, deletes: 11 },
    ]);
    expect(world.tenant.size).toBe(20);
    // Allowing that stopped execution lets its 11 deletes go (11 ms read, 11 × 24 ms).
    const deleted: number[] = [];
    world.tenant.events.on("delete", (e) => deleted.push(e.at));
    expect(engine.perform({ action: "allow-deletes" })).toEqual({ status: "done" });
    world.scheduler.run({ until: 10 * MINUTE });
    expect(world.tenant.size).toBe(9);
    expect(deleted.at(-1)).toBe(7 * MINUTE + 11 + 11 * 24);
  });

  test("an allowance ends with the execution it was for, even one under the threshold", () => {
    const { world, engine, users, stops } = smallThreshold();
    const dir = world.forest();
    for (const user of users.slice(0, 6)) dir.delete(user.objectGUID);
    world.scheduler.run({ until: 5 * MINUTE });
    expect(stops).toEqual([{ at: 4 * MINUTE + 6, deletes: 6 }]);
    // The admin restores two users, then allows: the execution has 4 deletes and completes.
    dir.restore(users[0]!.objectGUID);
    dir.restore(users[1]!.objectGUID);
    expect(engine.perform({ action: "allow-deletes" })).toEqual({ status: "done" });
    world.scheduler.run({ until: 11 * MINUTE });
    expect(world.tenant.size).toBe(16);
    // A later mass delete is stopped again: the allowance did not stay armed. (The allowed execution ran
    // at 5 min, so cycles start at odd minutes; the 11-min one has run.)
    for (const user of users.slice(10, 16)) dir.delete(user.objectGUID);
    world.scheduler.run({ until: 15 * MINUTE });
    expect(stops.at(-1)).toEqual({ at: 13 * MINUTE + 6, deletes: 6 });
    expect(world.tenant.size).toBe(16);
    expect(engine.perform({ action: "restart" })).toEqual({ status: "done" });
    // restart rejects the pending deletes: nothing is left to allow until an execution stops again.
    expect(engine.perform({ action: "allow-deletes" })).toMatchObject({ status: "refused" });
  });

  test("restart rejects the pending deletes; its initial cycle finds them again while the cause stays", () => {
    const { world, engine, stops } = massDelete();
    engine.perform({ action: "restart" });
    world.scheduler.run({ until: 45 * MINUTE });
    // The initial cycle at 30 min reads no user: the 600 it provisioned are gone, and are 600 deletes.
    expect(stops.at(-1)).toEqual({ at: 30 * MINUTE, deletes: 600, threshold: 500 });
    expect(world.tenant.size).toBe(600);
    const status = engine.status() as { configurations: Array<{ provisioning: { state: string } }> };
    expect(status.configurations[0]?.provisioning.state).toBe("Quarantine");
  });

  test("fix the cause, then restart: a new initial cycle that deletes nothing", () => {
    const { world, engine, users } = massDelete();
    for (const user of users) world.forest().restore(user.objectGUID);
    engine.perform({ action: "restart" });
    world.scheduler.run({ until: 60 * MINUTE });
    expect(world.tenant.size).toBe(600);
    expect(world.tenant.getDeletedByAnchor(sourceAnchorOf(users[0]!))).toBeUndefined();
    const status = engine.status() as { configurations: Array<{ provisioning: { state: string } }> };
    expect(status.configurations[0]?.provisioning.state).toBe("Active");
  });

  test("set-threshold false lets a mass delete through", () => {
    const { world, engine, users } = setup({ users: 20, config: { deleteThreshold: 5 } });
    world.scheduler.run({ until: MINUTE });
    engine.perform({ action: "set-threshold", value: false });
    for (const user of users) world.forest().delete(user.objectGUID);
    world.scheduler.run({ until: 5 * MINUTE });
    expect(world.tenant.size).toBe(0);
  });
});

describe("deprovisioning", () => {
  test("a delete soft-deletes the cloud user at the next cycle", () => {
    const { world, users } = setup({ users: 2 });
    const deleted: number[] = [];
    world.tenant.events.on("delete", (e) => deleted.push(e.at));
    world.scheduler.run({ until: 3 * MINUTE });
    world.forest().delete(users[0]!.objectGUID);
    world.scheduler.run({ until: 10 * MINUTE });
    expect(deleted).toEqual([4 * MINUTE + 1 + 24]);
    expect(world.tenant.getDeletedByAnchor(sourceAnchorOf(users[0]!))).toBeDefined();
  });

  test("moving out of scope deletes; moving back within 30 days restores the same cloud object", () => {
    const { world, users, ou } = setup({ users: 1, config: { scope: { ous: [`OU=Sync,${ROOT}`] } } });
    const other = world
      .forest()
      .create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Connect" });
    world.scheduler.run({ until: 3 * MINUTE });
    const cloudId = cloudOf(world, users[0]!)?.cloudId;
    world.forest().move(users[0]!.objectGUID, other.dn);
    world.scheduler.run({ until: 10 * MINUTE });
    expect(cloudOf(world, users[0]!)).toBeUndefined();
    world.forest().move(users[0]!.objectGUID, ou.dn);
    world.scheduler.run({ until: 20 * MINUTE });
    expect(cloudOf(world, users[0]!)?.cloudId).toBe(cloudId);
  });

  test("coexistence: objects another writer owns (outside the scope) are never touched by Cloud Sync", () => {
    const { world, engine, ou } = setup({ start: false, config: { scope: { ous: [`OU=Sync,${ROOT}`] } } });
    const connectOu = world
      .forest()
      .create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "ConnectUsers" });
    const [legacy] = addUsers(world, connectOu.dn, 1, "legacy");
    const mine = addUsers(world, ou.dn, 2);
    const anchor = sourceAnchorOf(legacy!);
    world.tenant.upsert({
      anchor,
      objectType: "user",
      attributes: { userPrincipalName: "legacy-1@contoso.com" },
      writer: "connect:primary",
    });
    engine.start();
    world.scheduler.run({ until: 3 * MINUTE });
    world.forest().delete(legacy!.objectGUID);
    world.scheduler.run({ until: 10 * MINUTE });
    expect(world.tenant.getByAnchor(anchor)?.writer).toBe("connect:primary");
    for (const user of mine) expect(cloudOf(world, user)?.writer).toBe("cloud-sync:contoso.com");
  });
});
