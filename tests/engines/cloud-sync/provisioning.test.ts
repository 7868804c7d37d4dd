import { describe, expect, test } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { standardProjection } from "../../../src/model/cloud-schema.js";
import { HOUR, MINUTE } from "../../../src/scheduler/duration.js";
import { addUsers, cloudOf, ROOT, setup, watchAttribute, watchPassword } from "./fixtures.js";

describe("initial cycle (documented profile)", () => {
  test("puts every in-scope object in the tenant; duration = agent read + creates at 2 × 0.01 min each", () => {
    const { world, engine, users } = setup({
      users: 10,
      start: false,
      config: { scope: { ous: [`OU=Sync,${ROOT}`] } },
    });
    const other = world.forest().create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Other" });
    addUsers(world, other.dn, 2, "outside");
    const ends: Array<{ at: number; cycle: string; counts: unknown }> = [];
    engine.events.on("cycle:end", (e) => e.cycle.endsWith("initial") && ends.push(e));
    const writes: number[] = [];
    world.tenant.events.on("write", (e) => writes.push(e.at));
    engine.start();
    world.scheduler.run({ until: MINUTE });
    // 12 users read by the agent at 1 ms each (scope applied by the agent), then 10 creates at 1.2 s.
    expect(writes).toEqual(Array.from({ length: 10 }, (_, i) => 12 + (i + 1) * 1_200));
    expect(ends).toEqual([
      {
        at: 12_012,
        cycle: "contoso.com:initial",
        ok: true,
        counts: expect.objectContaining({ read: 12, created: 10 }),
      },
    ]);
    expect(world.tenant.size).toBe(10);
    for (const user of users) expect(cloudOf(world, user)?.writer).toBe("cloud-sync:contoso.com");
  });

  test("with a scope, out-of-scope objects stay out and inScope() says so", () => {
    const { world, engine, ou } = setup({ start: false, config: { scope: { ous: [`OU=Sync,${ROOT}`] } } });
    const inside = addUsers(world, ou.dn, 3);
    const other = world.forest().create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Other" });
    const outside = addUsers(world, other.dn, 2, "outside");
    engine.start();
    world.scheduler.run({ until: MINUTE });
    for (const user of inside) expect(engine.inScope(user)).toBe(true);
    for (const user of outside) {
      expect(engine.inScope(user)).toBe(false);
      expect(cloudOf(world, user)).toBeUndefined();
    }
    expect(engine.inScope(other)).toBe(false);
  });

  test("cloud attributes equal the standard projection, references as anchors of provisioned objects", () => {
    const { world, engine, users } = setup({ users: 3, start: false });
    const dir = world.forest();
    dir.modify(users[0]!.objectGUID, { manager: users[1]!.objectGUID, title: "Lead" });
    const group = dir.create({
      objectClass: "group",
      parentDn: `OU=Sync,${ROOT}`,
      name: "Team",
      attributes: { description: "d" },
    });
    dir.addMember(group.objectGUID, users[0]!.objectGUID);
    dir.addMember(group.objectGUID, users[2]!.objectGUID);
    dir.disable(users[2]!.objectGUID);
    engine.start();
    world.scheduler.run({ until: 10 * MINUTE });
    const anchorOf = (guid: string): string | undefined => {
      const o = dir.get(guid);
      return o ? sourceAnchorOf(o) : undefined;
    };
    for (const object of [...dir.list("user"), ...dir.list("group")]) {
      expect(world.tenant.getByAnchor(sourceAnchorOf(object))?.attributes).toEqual(
        standardProjection(object, anchorOf),
      );
    }
  });
});

describe("latency of a change", () => {
  test("documented: an attribute change is visible within one 2-minute cycle plus processing", () => {
    const { world, users } = setup({ users: 10 });
    const visible = watchAttribute(world, users[0]!, "department", "IT");
    world.scheduler.run({ until: 3 * MINUTE });
    world.forest().modify(users[0]!.objectGUID, { department: "IT" });
    world.scheduler.run({ until: 10 * MINUTE });
    // Cycle at 4 min: 1 object read (1 ms), one incremental update of a provisioned object (24 ms: one
    // 2-minute cycle absorbs ~5,000 changes).
    expect(visible()).toBe(4 * MINUTE + 1 + 24);
  });

  test("documented: a password change is visible within one 2-minute password cycle", () => {
    const { world, users } = setup({ users: 10 });
    const visible = watchPassword(world, users[0]!, 1);
    world.scheduler.run({ until: 3 * MINUTE });
    world.forest().setPassword(users[0]!.objectGUID, "Correct-Horse-1");
    world.scheduler.run({ until: 10 * MINUTE });
    expect(visible()).toBe(4 * MINUTE + 1 + 50);
    expect(world.tenant.signIn("user-1@contoso.com", "Correct-Horse-1").success).toBe(true);
  });

  test("field: the 20-minute schedule and the ~20k-in-2h per-object cost", () => {
    const { world, users } = setup({ users: 10, config: { timing: "field" } });
    const created = watchAttribute(world, users[9]!, "department", "Sales");
    const changed = watchAttribute(world, users[0]!, "department", "IT");
    const password = watchPassword(world, users[0]!, 1);
    world.scheduler.run({ until: 3 * MINUTE });
    world.forest().modify(users[0]!.objectGUID, { department: "IT" });
    world.forest().setPassword(users[0]!.objectGUID, "Correct-Horse-1");
    world.scheduler.run({ until: HOUR });
    expect(created()).toBe(10 + 10 * 720);
    expect(changed()).toBe(20 * MINUTE + 1 + 360);
    expect(password()).toBe(20 * MINUTE + 1 + 50);
  });

  test("a timing figure can be overridden on top of a profile", () => {
    const { world, users } = setup({
      users: 1,
      config: { timing: "field", cycleInterval: "5m", updateCost: 1000 },
    });
    const visible = watchAttribute(world, users[0]!, "department", "IT");
    world.scheduler.run({ until: 3 * MINUTE });
    world.forest().modify(users[0]!.objectGUID, { department: "IT" });
    world.scheduler.run({ until: HOUR });
    expect(visible()).toBe(5 * MINUTE + 1 + 1000);
  });
});

describe("password hash job", () => {
  test("a user not yet in the cloud fails the first runs and is retried until created", () => {
    const { world, engine, users } = setup({ users: 200, start: false });
    world.forest().setPassword(users[199]!.objectGUID, "First-Pass-1");
    const runs: Array<{ at: number; counts: unknown }> = [];
    engine.events.on(
      "cycle:end",
      (e) => e.cycle.endsWith("password-hash") && runs.push({ at: e.at, counts: e.counts }),
    );
    const visible = watchPassword(world, users[199]!, 1);
    engine.start();
    world.scheduler.run({ until: 10 * MINUTE });
    // user-200 is created at 200 ms + 200 × 1.2 s = 240.2 s: the runs at 0, 2 and 4 min retry it.
    expect(cloudOf(world, users[199]!)?.createdAt).toBe(240_200);
    expect(runs.slice(0, 4)).toEqual([
      { at: 1 + 0, counts: { synced: 0, held: 0, retrying: 1, failed: 0 } },
      { at: 2 * MINUTE, counts: { synced: 0, held: 0, retrying: 1, failed: 0 } },
      { at: 4 * MINUTE, counts: { synced: 0, held: 0, retrying: 1, failed: 0 } },
      { at: 6 * MINUTE + 50, counts: { synced: 1, held: 0, retrying: 0, failed: 0 } },
    ]);
    expect(visible()).toBe(6 * MINUTE + 50);
  });

  test("must change at next logon: the hash is held until the user changes it", () => {
    const { world, users } = setup({ users: 1 });
    const first = watchPassword(world, users[0]!, 1);
    const second = watchPassword(world, users[0]!, 2);
    world.scheduler.run({ until: 3 * MINUTE });
    world.forest().setPassword(users[0]!.objectGUID, "Temporary-1", { mustChangeAtNextLogon: true });
    world.scheduler.run({ until: 5 * MINUTE });
    world.forest().setPassword(users[0]!.objectGUID, "Chosen-By-User-2");
    world.scheduler.run({ until: 10 * MINUTE });
    expect(first()).toBeUndefined();
    expect(second()).toBe(6 * MINUTE + 1 + 50);
  });
});

describe("admin actions", () => {
  test("pause holds changes until resume; resume runs a cycle at once from the watermark", () => {
    const { world, engine, users } = setup({ users: 1 });
    const visible = watchAttribute(world, users[0]!, "department", "IT");
    world.scheduler.run({ until: MINUTE });
    expect(engine.perform({ action: "pause" })).toEqual({ status: "done" });
    world.forest().modify(users[0]!.objectGUID, { department: "IT" });
    world.scheduler.run({ until: 10 * MINUTE });
    expect(visible()).toBeUndefined();
    expect(
      (engine.status().configurations as Array<{ provisioning: { state: string } }>)[0]?.provisioning.state,
    ).toBe("Paused");
    engine.perform({ action: "resume" });
    world.scheduler.run({ until: 20 * MINUTE });
    expect(visible()).toBe(10 * MINUTE + 1 + 24);
  });

  test("restart clears the watermark: the next cycle is an initial one, at once", () => {
    const { world, engine } = setup({ users: 2 });
    const cycles: string[] = [];
    engine.events.on("cycle:start", (e) => cycles.push(`${e.at}:${e.cycle}`));
    world.scheduler.run({ until: 3 * MINUTE });
    engine.perform({ action: "restart" });
    world.scheduler.run({ until: 3 * MINUTE + 10_000 });
    expect(cycles.filter((c) => !c.includes("password"))).toEqual([
      "0:contoso.com:initial",
      "120000:contoso.com:incremental",
      "180000:contoso.com:initial",
    ]);
  });

  test("Connect-only actions and unknown agents are ignored with a reason", () => {
    const { engine } = setup();
    expect(engine.perform({ action: "promote" }).status).toBe("ignored");
    expect(engine.perform({ action: "start-cycle" }).status).toBe("ignored");
    expect(engine.fault("connect:primary", "crash").status).toBe("ignored");
    expect(engine.fault("agent-1", "lose-database").status).toBe("ignored");
    expect(engine.perform({ action: "clear-quarantine" }).status).toBe("refused");
    expect(engine.perform({ action: "set-threshold", value: -1 }).status).toBe("refused");
  });
});
