import { describe, expect, it } from "vitest";
import { World } from "../../src/model/world.js";
import { SimulationError } from "../../src/scheduler/errors.js";
import { stateOf } from "./fixtures.js";

/** A two-forest world with users, a group, a password and a deleted object: everything a fork must copy. */
function builtWorld(): World {
  const world = new World({ seed: 7, forests: [{ name: "contoso.com" }, { name: "fabrikam.com" }] });
  for (const directory of world.forests.values()) {
    const root = directory.snapshot().objects[0]?.dn as string;
    const ou = directory.create({ objectClass: "organizationalUnit", parentDn: root, name: "Staff" });
    const users = [1, 2, 3].map(
      (i) =>
        directory.create({
          objectClass: "user",
          parentDn: ou.dn,
          name: `user-${i}`,
          attributes: { userPrincipalName: `user-${i}@${directory.forest}`, manager: undefined },
        }).objectGUID,
    );
    const group = directory.create({ objectClass: "group", parentDn: ou.dn, name: "team" });
    directory.addMember(group.objectGUID, users[0] as string);
    directory.modify(users[1] as string, { manager: users[0] });
    directory.setPassword(users[0] as string, "Initial-1!");
    directory.delete(users[2] as string);
  }
  world.random.stream("directory").int(0, 100);
  return world;
}

function parentOf(dn: string | undefined): string {
  return (dn ?? "").slice((dn ?? "").indexOf(",") + 1);
}

describe("World.fork", () => {
  it("copies every forest's state, so the fork reads exactly as the original", () => {
    const world = builtWorld();
    const fork = world.fork();
    for (const [name, directory] of world.forests) {
      expect(stateOf(fork.forest(name))).toEqual(stateOf(directory));
      expect(fork.forest(name).get(directory.snapshot().objects[1]?.objectGUID as string)).toBe(
        directory.snapshot().objects[1],
      );
    }
    expect(fork.scheduler.now).toBe(0);
    expect(fork.tenant.size).toBe(0);
    expect([...fork.hosts.keys()]).toEqual([...world.hosts.keys()]);
  });

  it("continues every random stream where the original stands, independently", () => {
    const world = builtWorld();
    const fork = world.fork();
    const draws = (w: World) => [
      w.random.stream("directory").int(0, 1_000_000),
      w.random.stream("ad:contoso.com").guid(),
      w.random.stream("never-drawn").int(0, 1_000_000),
    ];
    const fromFork = draws(fork);
    expect(draws(world)).toEqual(fromFork);
  });

  it("keeps the two apart: writes, memberships, passwords and new objects in one never show in the other", () => {
    const world = builtWorld();
    const before = stateOf(world.forest());
    const fork = world.fork();
    const forked = fork.forest();
    const [user1, user2] = [...forked.objects("user")].map((o) => o.objectGUID) as [string, string];
    const group = forked.objects("group").next().value?.objectGUID as string;
    forked.modify(user1, { department: "Sales" });
    forked.addMember(group, user2);
    forked.removeMember(group, user1);
    forked.setPassword(user2, "Changed-2!");
    const staff = parentOf(forked.get(user1)?.dn);
    forked.create({ objectClass: "user", parentDn: staff, name: "new-hire" });
    expect(stateOf(world.forest())).toEqual(before);
    expect(world.forest().get(user1)?.attributes.department).toBeUndefined();
    // Reverse links are copied, not shared: the original still knows user-1 as a member.
    expect(world.forest().get(group)?.attributes.member).toEqual([user1]);
    // The original draws its own GUIDs: what the fork drew did not move the original's stream.
    const untouched = builtWorld().forest();
    const original = world.forest();
    const next = (d: typeof original) =>
      d.create({ objectClass: "user", parentDn: staff, name: "next-hire" }).objectGUID;
    expect(next(original)).toBe(next(untouched));
  });

  it("refuses once the world has started (time moved, events queued or the tenant written)", () => {
    const moved = builtWorld();
    moved.scheduler.run({ until: 1 });
    expect(() => moved.fork()).toThrow(SimulationError);
    const queued = builtWorld();
    queued.scheduler.after(5, () => {});
    expect(() => queued.fork()).toThrowError(/only a world that has not started/);
    const written = builtWorld();
    written.tenant.upsert({ anchor: "a1", objectType: "user", attributes: {}, writer: "test" });
    try {
      written.fork();
      expect.unreachable();
    } catch (error) {
      expect((error as SimulationError).code).toBe("refused");
    }
  });
});
