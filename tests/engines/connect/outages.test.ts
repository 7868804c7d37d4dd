import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { World } from "../../../src/model/world.js";
import { MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine } from "./fixtures.js";

describe("Connect under outages and limits", () => {
  it("a DC outage fails the import (incident) and the next cycle catches up", () => {
    const { world, people } = smallWorld(2);
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    world.hosts.get("dc:contoso.com")!.crash();
    world.forest().modify(people[0]!.objectGUID, { title: "Pending" });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(engine.incidents.map((i) => i.kind)).toEqual(["import-failed"]);
    world.hosts.get("dc:contoso.com")!.restart();
    world.scheduler.run({ until: 70 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[0]!))?.attributes.jobTitle).toBe("Pending");
  });

  it("a cut cloud link fails the export (incident); it is retried at the next cycle", () => {
    const { world, people } = smallWorld(2);
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    world.cloudLink.cut();
    world.forest().modify(people[1]!.objectGUID, { department: "Ops" });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(engine.incidents.map((i) => i.kind)).toEqual(["import-failed", "export-failed"]);
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[1]!))?.attributes.department).toBe("Sales");
    world.cloudLink.restore();
    world.scheduler.run({ until: 70 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[1]!))?.attributes.department).toBe("Ops");
  });

  it("backs off when the tenant throttles and finishes the export after the window", () => {
    const small = smallWorld(12, 2);
    startEngine(small.world);
    small.world.tenant.setForcedThrottle(true);
    small.world.scheduler.schedule(7 * MINUTE, () => small.world.tenant.setForcedThrottle(false));
    small.world.scheduler.run({ until: 20 * MINUTE });
    // First write refused at 20 s + 12×80 ms + 60 ms; told to wait a 5-min window twice (forced until 7 min).
    expect(small.world.tenant.size).toBe(12);
    const firstTry = 20 * SECOND + 12 * 80 + 60;
    const lastWrite = [...small.world.tenant.objects()].map((o) => o.createdAt).sort((a, b) => b - a)[0];
    expect(lastWrite).toBe(firstTry + 2 * 5 * MINUTE + 11 * 60);
  });

  it("a tenant outage fails the export; nothing is lost", () => {
    const { world } = smallWorld(3);
    const engine = startEngine(world);
    world.tenant.setAvailable(false);
    world.scheduler.run({ until: 10 * MINUTE });
    expect(world.tenant.size).toBe(0);
    expect(engine.incidents.map((i) => i.kind)).toEqual(["import-failed", "export-failed"]);
    world.tenant.setAvailable(true);
    world.scheduler.run({ until: 40 * MINUTE });
    expect(world.tenant.size).toBe(3);
  });

  it("LocalDB stops runs beyond its object limit; full SQL Server does not", () => {
    const { world } = smallWorld(12);
    const engine = startEngine(world, { localDbObjectLimit: 10 });
    world.scheduler.run({ until: 10 * MINUTE });
    expect(engine.incidents.map((i) => i.kind)).toEqual(["database-full"]);
    expect(world.tenant.size).toBe(0);
    const other = smallWorld(12);
    startEngine(other.world, { localDbObjectLimit: 10, database: "sql" });
    other.world.scheduler.run({ until: 10 * MINUTE });
    expect(other.world.tenant.size).toBe(12);
  });

  it("the LocalDB limit counts the whole database, every forest's connector space", () => {
    // Found by review: each forest's import counted only its own objects, so two forests of 6 users went
    // through a limit of 10.
    const world = new World({ seed: 3, forests: [{ name: "contoso.com" }, { name: "fabrikam.com" }] });
    for (const forest of ["contoso.com", "fabrikam.com"])
      for (let i = 0; i < 6; i++)
        world.forest(forest).create({
          objectClass: "user",
          parentDn: forest === "contoso.com" ? "DC=contoso,DC=com" : "DC=fabrikam,DC=com",
          name: `u${i}`,
          attributes: { userPrincipalName: `u${i}@${forest}` },
        });
    const engine = startEngine(world, { localDbObjectLimit: 10 });
    world.scheduler.run({ until: 10 * MINUTE });
    // contoso's 6 fit; fabrikam's full import would make 12.
    expect(engine.incidents.map((i) => [i.kind, /\((\d+) needed\)/.exec(i.detail)?.[1]])).toEqual([
      ["database-full", "12"],
    ]);
  });

  it("objects the tenant's quota refuses are said once, not at every cycle while it lasts", () => {
    const world = new World({ seed: 3, tenant: { quota: 4 } });
    for (let i = 0; i < 6; i++)
      world.forest().create({
        objectClass: "user",
        parentDn: "DC=contoso,DC=com",
        name: `u${i}`,
        attributes: { userPrincipalName: `u${i}@contoso.com` },
      });
    const engine = startEngine(world);
    world.scheduler.run({ until: 95 * MINUTE });
    // Four cycles each refuse the same 2 adds: one incident.
    expect(engine.incidents.filter((i) => i.kind === "limit-exceeded").map((i) => i.detail)).toEqual([
      "primary: 2 objects not exported, the tenant's object quota of 4 reached; retried each export",
    ]);
    expect(world.tenant.size).toBe(4);
  });

  it("a delta import that would take LocalDB past its limit stops, naming the objects needed", () => {
    const { world, sales } = smallWorld(8);
    const engine = startEngine(world, { localDbObjectLimit: 10 });
    world.scheduler.run({ until: 10 * MINUTE });
    expect(engine.incidents).toEqual([]);
    for (let i = 0; i < 3; i++)
      world.forest().create({ objectClass: "user", parentDn: sales, name: `late${i}` });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(engine.incidents.map((i) => [i.kind, /\((\d+) needed\)/.exec(i.detail)?.[1]])).toEqual([
      ["database-full", "11"],
    ]);
  });
});
