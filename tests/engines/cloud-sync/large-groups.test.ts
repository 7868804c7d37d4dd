import { describe, expect, test } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { cloudOf, ROOT, setup } from "./fixtures.js";

/**
 * A large group's writes read what AD changed in its member list (the splices model/list-edits.ts records),
 * not the whole list; a member leaving scope leaves the cloud group through the deprovisioning write,
 * which takes out the one entry. Whatever path a write takes, the cloud group names exactly the anchors of
 * its AD members in scope, in AD's order.
 */
describe("Cloud Sync: large groups", () => {
  test("edits, members leaving scope, deletes and a restore keep the cloud group equal to the AD group", () => {
    const sync = `OU=Sync,${ROOT}`;
    const { world, users } = setup({ users: 400, config: { scope: { ous: [sync] } } });
    const dir = world.forest();
    const elsewhere = dir.create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Elsewhere" });
    const group = dir.create({ objectClass: "group", parentDn: sync, name: "All Staff" });
    dir.addMembers(
      group.objectGUID,
      users.slice(0, 300).map((u) => u.objectGUID),
    );
    const user = (i: number): string => users[i]?.objectGUID as string;
    const expectInStep = (): void => {
      const members = dir.get(group.objectGUID)?.attributes.member as readonly string[];
      const inScope = members.map((guid) => dir.get(guid)).filter((o) => o?.dn.endsWith(sync));
      expect(cloudOf(world, group)?.attributes.members).toEqual(inScope.map((o) => sourceAnchorOf(o!)));
    };
    let until = 10 * MINUTE;
    const cycle = (): void => {
      world.scheduler.run({ until });
      until += 10 * MINUTE;
      expectInStep();
    };
    cycle();
    // A few edits between two cycles, anywhere in the list.
    for (const i of [5, 150, 299]) dir.removeMember(group.objectGUID, user(i));
    for (const i of [310, 320]) dir.addMember(group.objectGUID, user(i));
    cycle();
    // Members moved out of scope: deprovisioned, their entries dropped from the cloud group first.
    dir.move(user(40), elsewhere.dn);
    dir.move(user(200), elsewhere.dn);
    cycle();
    expect(cloudOf(world, group)?.attributes.members).toHaveLength(297);
    // The entry after a dropped one leaves scope too (its link survived the drop).
    dir.move(user(201), elsewhere.dn);
    cycle();
    // Later edits splice from the list the drops left.
    dir.removeMember(group.objectGUID, user(41));
    dir.addMember(group.objectGUID, user(330));
    cycle();
    // One back in scope; one deleted; one restored.
    dir.move(user(40), sync);
    dir.delete(user(60));
    cycle();
    dir.restore(user(60));
    dir.removeMember(group.objectGUID, user(0));
    cycle();
    dir.addMember(group.objectGUID, user(60));
    cycle();
  });
});
