import { describe, expect, it } from "vitest";
import { Observer } from "../../src/scenario/observer.js";
import type { EngineResult } from "../../src/scenario/result.js";
import { compareEngines } from "../../src/scenario/run.js";
import { smallWorld, startEngine } from "../engines/connect/fixtures.js";

/**
 * The observer asks the engine's `inScope` at every change and keeps no answer per AD record: an object's
 * scope can change while its record stays the same version — a write to another object (the pilot
 * group's member list) or an engine setting (the OU filter) decides it — so an answer remembered per
 * record would go stale.
 */
describe("Observer: scope asked afresh at every change", () => {
  it("a user whose record is unchanged comes into scope when the pilot group gains it, and leaves with the OU filter", () => {
    const { world, sales, people } = smallWorld(2);
    const ad = world.forest();
    const pilot = ad.create({ objectClass: "group", parentDn: sales, name: "Pilot" });
    const engine = startEngine(world, { pilotGroup: pilot.dn });
    const observer = new Observer(world, engine);
    const user = people[1]!;
    ad.setPassword(user.objectGUID, "first-secret");
    const record = ad.get(user.objectGUID)!;
    expect(observer.recordPassword(record, 1).status).toBe("filtered");
    // A write of the group, not of the user: the user's record is the same object as before.
    ad.addMember(pilot.objectGUID, user.objectGUID);
    expect(ad.get(user.objectGUID)).toBe(record);
    expect(observer.recordPassword(record, 1).status).toBe("pending");
    // An engine setting, no AD write at all.
    engine.reconfigure({ scope: { ous: ["OU=Parked,DC=contoso,DC=com"] } });
    expect(ad.get(user.objectGUID)).toBe(record);
    expect(observer.recordPassword(record, 1).status).toBe("filtered");
  });
});

describe("a pilot or scoping group's membership", () => {
  it("is the member's arrival in the cloud, and its removal there (the group itself not synced)", () => {
    const result = compareEngines({
      name: "pilot",
      duration: "3h",
      drain: "3h",
      directory: { users: 8, groups: 2, forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT"] }] },
      events: [
        { type: "add-member", at: "10m", object: "group-1", member: "user-3" },
        { type: "remove-member", at: "1h", object: "group-1", member: "user-3" },
        // A member whose scope does not change: a plain, unsynced membership change.
        { type: "add-member", at: "1h10m", object: "group-2", member: "user-4" },
      ],
      engines: {
        // Connect's group filter takes the group itself out of scope (it is not its own member).
        connect: { pilotGroup: "CN=group-1,OU=Sales,DC=contoso,DC=com" },
        cloudSync: { scope: { groups: ["group-1"] } },
      },
    });
    const connect = result.engines.connect as EngineResult;
    const cloudSync = result.engines.cloudSync as EngineResult;
    for (const r of [connect, cloudSync]) {
      expect(r.events[0]).toMatchObject({ status: "applied" });
      expect(r.events[0]?.latency).toBeGreaterThan(0);
      expect(r.events[2]).toMatchObject({ status: "filtered" });
      expect(r.latency.membership.count).toBeGreaterThanOrEqual(1);
    }
    // Connect's delta sync re-evaluates the member and deprovisions it; Cloud Sync returns a scoping group's
    // current members only, so the removed member leaves when it changes itself (docs/engines/cloud-sync.md).
    expect(connect.events[1]).toMatchObject({ status: "applied" });
    expect(cloudSync.events[1]).toMatchObject({ status: "pending" });
    expect(connect.cloud?.user).toBe(0);
    expect(cloudSync.cloud?.user).toBe(1);
  });
});
