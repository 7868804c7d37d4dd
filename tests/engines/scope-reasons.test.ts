import { describe, expect, it } from "vitest";
import { setup as cloudSyncSetup, ROOT } from "./cloud-sync/fixtures.js";
import { smallWorld, startEngine } from "./connect/fixtures.js";

/**
 * `outOfScopeReason` names the first test of the engine's `inScope` an object fails, and is undefined
 * exactly when `inScope` is true (the observer gives it to a change it files as `filtered`).
 */
describe("Connect: outOfScopeReason", () => {
  it("is undefined in scope, and names the class, the OU filter and attribute-based filtering", () => {
    const { world, sales, parked, people } = smallWorld(2);
    const ad = world.forest();
    const engine = startEngine(world, { scope: { ous: [sales] } });
    const user = people[0]!;
    expect(engine.inScope(user)).toBe(true);
    expect(engine.outOfScopeReason(user)).toBeUndefined();
    const laptop = ad.create({ objectClass: "computer", parentDn: sales, name: "LAPTOP-1" });
    expect(engine.outOfScopeReason(laptop)).toBeUndefined();
    const ou = ad.get(ad.getByDn(parked)!.objectGUID)!;
    expect(engine.outOfScopeReason(ou)).toBe("no inbound sync rule handles organizationalUnit objects");
    const moved = ad.move(user.objectGUID, parked);
    expect(engine.inScope(moved)).toBe(false);
    expect(engine.outOfScopeReason(moved)).toBe(
      `outside the AD connector's domain and OU filtering (OUs ${sales})`,
    );
    const filtered = ad.modify(people[1]!.objectGUID, { cloudFiltered: true });
    expect(engine.outOfScopeReason(filtered)).toBe(
      "no sync rule provisions it: a rule's scoping filter leaves it out (cloudFiltered, or a custom rule's filter)",
    );
    ad.delete(user.objectGUID);
    expect(engine.outOfScopeReason(ad.get(user.objectGUID)!)).toBe("deleted in AD");
  });
});

describe("Cloud Sync: outOfScopeReason", () => {
  it("is undefined in scope, and names devices, critical system objects, the scoped OUs and groups", () => {
    const { world, engine, ou, users } = cloudSyncSetup({
      users: 2,
      config: { scope: { ous: [`OU=Sync,${ROOT}`] } },
    });
    const ad = world.forest();
    const user = users[0]!;
    expect(engine.inScope(user)).toBe(true);
    expect(engine.outOfScopeReason(user)).toBeUndefined();
    const laptop = ad.create({ objectClass: "computer", parentDn: ou.dn, name: "LAPTOP-1" });
    expect(engine.outOfScopeReason(laptop)).toBe(
      "Cloud Sync does not provision computer objects (users, groups and contacts only; device sync and hybrid join need Connect)",
    );
    const critical = ad.modify(users[1]!.objectGUID, { isCriticalSystemObject: true });
    expect(engine.outOfScopeReason(critical)).toBe("a critical system object, never provisioned");
    const outside = ad.create({ objectClass: "user", parentDn: ROOT, name: "outside" });
    expect(engine.inScope(outside)).toBe(false);
    expect(engine.outOfScopeReason(outside)).toBe(`outside the configuration's scoped OUs (OU=Sync,${ROOT})`);
    const piloted = cloudSyncSetup({ users: 1, config: { scope: { groups: ["pilot"] } } });
    piloted.world.forest().create({ objectClass: "group", parentDn: piloted.ou.dn, name: "pilot" });
    expect(piloted.engine.outOfScopeReason(piloted.users[0]!)).toBe(
      "not a direct member of a scoping group (pilot)",
    );
  });
});
