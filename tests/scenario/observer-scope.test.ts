import { describe, expect, it } from "vitest";
import { Observer } from "../../src/scenario/observer.js";
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
