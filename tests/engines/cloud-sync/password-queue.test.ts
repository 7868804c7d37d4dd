import { describe, expect, test } from "vitest";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { cloudOf, ROOT, setup, watchPassword } from "./fixtures.js";

/**
 * The password hash job looks only at the queued changes whose outcome can have changed since its last
 * look (new, user written, user provisioned); these tests pin that it behaves exactly like a full pass
 * over the queue on every run, in order, with the state of the moment each change is reached.
 */

type Run = { at: number; ok: boolean; counts: unknown };

function passwordRuns(engine: ReturnType<typeof setup>["engine"]): Run[] {
  const runs: Run[] = [];
  engine.events.on("cycle:end", (e) => {
    if (e.cycle.endsWith("password-hash")) runs.push({ at: e.at, ok: e.ok, counts: e.counts });
  });
  return runs;
}

describe("password hash job queue", () => {
  test("users provisioned while a run is writing are written in the same run, in queue order", () => {
    const { world, engine, users } = setup({ users: 150, start: false });
    for (const user of users) world.forest().setPassword(user.objectGUID, `Pass-${user.dn.length}-x`);
    const runs = passwordRuns(engine);
    engine.start();
    world.scheduler.run({ until: 3 * MINUTE });
    // The first run reads 150 changes (1 ms each); user-k is in the cloud at 150 ms + k × 1.2 s, so users
    // 1–99 are at 2 min. While the run writes their hashes at 50 ms each, users 100–104 are created (the
    // last at 124.95 s) and reached before the run ends at 2 min + 104 × 50 ms.
    expect(runs).toEqual([
      { at: 150, ok: true, counts: { synced: 0, held: 0, retrying: 150, failed: 0 } },
      { at: 2 * MINUTE + 104 * 50, ok: true, counts: { synced: 104, held: 0, retrying: 46, failed: 0 } },
    ]);
  });

  test("a run that fails mid-way counts as retried only the changes before the failed one", () => {
    const { world, engine, users } = setup({ users: 150, start: false });
    const dir = world.forest();
    const [a, b] = [users[0]!, users[1]!];
    // Queue order: a, then b. Provisioning order (USN): b first, the other users, a last (180.15 s).
    dir.setPassword(a.objectGUID, "Pass-A-1");
    dir.setPassword(b.objectGUID, "Pass-B-1");
    for (const user of users.slice(2)) dir.modify(user.objectGUID, { department: "IT" });
    dir.modify(a.objectGUID, { department: "IT" });
    const runs = passwordRuns(engine);
    const visible = watchPassword(world, b, 1);
    engine.start();
    // The tenant goes down while the 2-minute run waits to write b's hash (a is not in the cloud yet).
    world.scheduler.schedule(2 * MINUTE + 20, () => world.tenant.setAvailable(false));
    world.scheduler.schedule(3 * MINUTE, () => world.tenant.setAvailable(true));
    world.scheduler.run({ until: 5 * MINUTE });
    expect(runs.slice(0, 3)).toEqual([
      { at: 2, ok: true, counts: { synced: 0, held: 0, retrying: 2, failed: 0 } },
      { at: 2 * MINUTE + 50, ok: false, counts: { synced: 0, held: 0, retrying: 1, failed: 0 } },
      { at: 4 * MINUTE + 50, ok: true, counts: { synced: 1, held: 0, retrying: 1, failed: 0 } },
    ]);
    expect(visible()).toBe(4 * MINUTE + 50);
  });

  test("a waiting user that leaves the scope is dropped, and its hash does not follow it back", () => {
    const { world, engine, users, ou } = setup({
      users: 200,
      start: false,
      config: { scope: { ous: [`OU=Sync,${ROOT}`] } },
    });
    const dir = world.forest();
    const other = dir.create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Other" });
    const user = users[199]!;
    dir.setPassword(user.objectGUID, "Waiting-Pass-1");
    const visible = watchPassword(world, user, 1);
    const runs = passwordRuns(engine);
    engine.start();
    world.scheduler.run({ until: MINUTE });
    dir.move(user.objectGUID, other.dn);
    world.scheduler.run({ until: 3 * MINUTE });
    dir.move(user.objectGUID, ou.dn);
    world.scheduler.run({ until: 20 * MINUTE });
    expect(cloudOf(world, user)).toBeDefined();
    expect(visible()).toBeUndefined();
    expect(runs.slice(0, 3).map((r) => r.counts)).toEqual([
      { synced: 0, held: 0, retrying: 1, failed: 0 },
      { synced: 0, held: 0, retrying: 0, failed: 0 },
      { synced: 0, held: 0, retrying: 0, failed: 0 },
    ]);
    expect(engine.status().configurations).toMatchObject([{ passwordHash: { retrying: 0, synced: 0 } }]);
  });

  test("a renamed scoped OU takes its waiting users out of scope (no write of their own)", () => {
    const { world, engine, users, ou } = setup({
      users: 200,
      start: false,
      config: { scope: { ous: [`OU=Sync,${ROOT}`] } },
    });
    const dir = world.forest();
    const user = users[199]!;
    dir.setPassword(user.objectGUID, "Waiting-Pass-1");
    const runs = passwordRuns(engine);
    engine.start();
    world.scheduler.run({ until: MINUTE });
    dir.rename(ou.objectGUID, "Renamed");
    world.scheduler.run({ until: 3 * MINUTE });
    expect(runs.map((r) => r.counts)).toEqual([
      { synced: 0, held: 0, retrying: 1, failed: 0 },
      { synced: 0, held: 0, retrying: 0, failed: 0 },
    ]);
  });

  test("a waiting user deleted before it reaches the cloud is dropped from the queue", () => {
    const { world, engine, users } = setup({ users: 200, start: false });
    const user = users[199]!;
    world.forest().setPassword(user.objectGUID, "Doomed-Pass-1");
    const runs = passwordRuns(engine);
    engine.start();
    world.scheduler.run({ until: MINUTE });
    world.forest().delete(user.objectGUID);
    world.scheduler.run({ until: 5 * MINUTE });
    expect(runs.map((r) => r.counts)).toEqual([
      { synced: 0, held: 0, retrying: 1, failed: 0 },
      { synced: 0, held: 0, retrying: 0, failed: 0 },
      { synced: 0, held: 0, retrying: 0, failed: 0 },
    ]);
  });
});
