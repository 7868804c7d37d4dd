import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { setup } from "./fixtures.js";

/**
 * Group provisioning to AD (reference.md B "Limits and features": cloud security groups as universal
 * groups, a job every 20 min).
 */
function provisioned() {
  const { world, engine, users } = setup({ users: 3, start: false });
  expect(engine.enableFeatures(["group-provisioning-to-ad"])).toEqual([]);
  engine.start();
  world.scheduler.run({ until: 5 * MINUTE });
  const group = world.tenant.createCloudObject({
    objectType: "group",
    cloudId: "00000000-0000-0000-0000-0000000000aa",
    attributes: {
      displayName: "Project Falcon",
      securityEnabled: true,
      members: users.slice(0, 2).map(sourceAnchorOf),
    },
  });
  const ad = world.forest();
  const written = () => [...ad.objects("group")].find((g) => g.attributes.displayName === "Project Falcon");
  return { world, engine, users, group, ad, written };
}

describe("Cloud Sync: group provisioning to AD", () => {
  it("writes a cloud security group to AD on its 20-minute job, with the members it provisioned", () => {
    const { world, users, ad, written } = provisioned();
    const writes: number[] = [];
    ad.events.on("change", (change) => {
      if (change.objectClass === "group") writes.push(change.at);
    });
    world.scheduler.run({ until: 20 * MINUTE - 1 });
    expect(written()).toBeUndefined();
    world.scheduler.run({ until: 21 * MINUTE });
    const group = written()!;
    expect(group.dn).toBe("CN=Project Falcon_0000000000aa,DC=contoso,DC=com");
    expect(group.attributes.groupType).toBe(0x8 | 0x80000000 | 0);
    expect([...(group.attributes.member as string[])].sort()).toEqual(
      users
        .slice(0, 2)
        .map((u) => u.objectGUID)
        .sort(),
    );
    // Created and given its two members at 20m plus one update (24 ms); the next run finds nothing to do.
    world.scheduler.run({ until: 41 * MINUTE });
    expect(writes).toEqual(Array(3).fill(20 * MINUTE + 24));
  });

  it("puts back members removed in AD, and the group itself when it is deleted there, at the next run", () => {
    const { world, users, ad, written } = provisioned();
    world.scheduler.run({ until: 21 * MINUTE });
    const first = written()!;
    ad.removeMember(first.objectGUID, users[0]!.objectGUID);
    world.scheduler.run({ until: 41 * MINUTE });
    expect(written()?.attributes.member).toContain(users[0]!.objectGUID);
    ad.delete(first.objectGUID);
    world.scheduler.run({ until: 61 * MINUTE });
    const again = written()!;
    expect(again.objectGUID).not.toBe(first.objectGUID);
    expect(again.attributes.member).toHaveLength(2);
  });

  it("leaves Microsoft 365 groups alone, and never syncs its own groups back", () => {
    const { world, engine, ad, written } = provisioned();
    world.tenant.createCloudObject({
      objectType: "group",
      attributes: { displayName: "All Hands", groupTypes: ["Unified"], members: [] },
    });
    world.scheduler.run({ until: 45 * MINUTE });
    const groups = [...ad.objects("group")].map((g) => g.attributes.displayName);
    expect(groups).toEqual(["Project Falcon"]);
    expect(engine.inScope(written()!)).toBe(false);
    expect([...world.tenant.objects("group")].filter((g) => g.dirSyncEnabled)).toHaveLength(0);
  });

  it("with no agent up the run fails with an incident; the next run after the restart writes the group", () => {
    const { world, engine, written } = provisioned();
    engine.fault("agent-1", "crash");
    world.scheduler.run({ until: 21 * MINUTE });
    expect(written()).toBeUndefined();
    expect(engine.incidents.at(-1)).toMatchObject({
      kind: "writeback-failed",
      detail: "contoso.com: group provisioning to AD failed: no active agents",
    });
    engine.fault("agent-1", "restart");
    world.scheduler.run({ until: 41 * MINUTE });
    expect(written()).toBeDefined();
  });
});
