import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { formatDuration, MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine } from "./fixtures.js";

describe("Connect database loss", () => {
  it("a rebuilt database deletes the cloud objects whose AD object went meanwhile", () => {
    const { world, people } = smallWorld(3);
    const engine = startEngine(world);
    world.scheduler.run({ until: MINUTE });
    expect(world.tenant.size).toBe(3);
    const gone = people[0]!;
    world.forest().delete(gone.objectGUID);
    expect(engine.fault("primary", "lose-database")).toEqual({ status: "done" });
    let deletedAt: number | undefined;
    world.tenant.events.on("delete", (e) => {
      if (e.anchor === sourceAnchorOf(gone)) deletedAt = e.at;
    });
    world.scheduler.run({ until: 40 * MINUTE });
    // The 30-min cycle is an initial one: full import of 2 AD objects, full import of the 3 cloud objects
    // (one a disconnector, deprovisioned), 2 + 3 synced, 4 run overheads, then the delete first in the
    // export queue.
    expect(deletedAt).toBe(30 * MINUTE + 2 * 60 + 3 * 60 + 2 * 20 + 3 * 20 + 4 * 5 * SECOND + 60);
    expect(world.tenant.getByAnchor(sourceAnchorOf(gone))).toBeUndefined();
    expect(world.tenant.size).toBe(2);
    // The next import confirms the delete: nothing left to export.
    world.scheduler.run({ until: 70 * MINUTE });
    const run = engine.status().servers as { pendingExports: Record<string, number> }[];
    expect(run[0]!.pendingExports.entra).toBe(0);
  });

  it("says when the rebuild is done and how long after the loss, once", () => {
    const { world } = smallWorld(3);
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    engine.fault("primary", "lose-database");
    world.scheduler.run({ until: 70 * MINUTE });
    const rebuilt = engine.incidents.filter((i) => i.kind === "database-rebuilt");
    const last = (engine.status().servers as { lastCycle: { end: number } }[])[0]!.lastCycle;
    expect(rebuilt).toHaveLength(1);
    // The rebuild is the next scheduled cycle (30 min), an initial one; the incident comes at its end.
    expect(rebuilt[0]!.at).toBeGreaterThan(30 * MINUTE);
    expect(rebuilt[0]!.at).toBeLessThan(40 * MINUTE);
    expect(rebuilt[0]!.detail).toBe(
      `primary: database rebuilt by a full import and sync of every connector, ${formatDuration(Math.round((rebuilt[0]!.at - 10 * MINUTE) / SECOND) * SECOND)} after it was lost (3 metaverse objects)`,
    );
    // Later cycles are deltas again: nothing more to say.
    expect(last.end).toBeGreaterThan(60 * MINUTE);
  });

  it("deprovisioning after a rebuild is subject to the deletion threshold", () => {
    const { world, people } = smallWorld(4);
    const engine = startEngine(world, { deletionThreshold: 2 });
    world.scheduler.run({ until: MINUTE });
    for (const person of people.slice(0, 3)) world.forest().delete(person.objectGUID);
    engine.fault("primary", "lose-database");
    world.scheduler.run({ until: 40 * MINUTE });
    // The syncs rebuilt the database; the export stopped at the threshold.
    expect(engine.incidents.map((i) => i.kind)).toEqual(["threshold-exceeded", "database-rebuilt"]);
    expect(world.tenant.size).toBe(4);
    engine.perform({ action: "allow-deletes" });
    world.scheduler.run({ until: 70 * MINUTE });
    expect(world.tenant.size).toBe(1);
  });

  it("a rebuild whose AD import fails deletes nothing until AD has been read", () => {
    const { world, people } = smallWorld(3);
    const engine = startEngine(world);
    world.scheduler.run({ until: MINUTE });
    world.forest().delete(people[1]!.objectGUID);
    engine.fault("primary", "lose-database");
    const dc = world.hosts.get("dc:contoso.com")!;
    dc.crash();
    world.scheduler.run({ until: 40 * MINUTE });
    expect(world.tenant.size).toBe(3);
    dc.restart();
    world.scheduler.run({ until: 70 * MINUTE });
    expect(world.tenant.size).toBe(2);
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[1]!))).toBeUndefined();
  });

  it("`down` and `up` on a server are a crash and a restart", () => {
    const { world, people } = smallWorld(2);
    const engine = startEngine(world);
    world.scheduler.run({ until: MINUTE });
    expect(engine.fault("primary", "down")).toEqual({ status: "done" });
    world.forest().modify(people[0]!.objectGUID, { title: "Later" });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[0]!))?.attributes.jobTitle).toBeUndefined();
    expect(engine.fault("primary", "up")).toEqual({ status: "done" });
    world.scheduler.run({ until: 45 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[0]!))?.attributes.jobTitle).toBe("Later");
  });
});
