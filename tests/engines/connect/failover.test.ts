import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine, watchAttribute } from "./fixtures.js";

const TWO = { servers: [{ name: "primary" }, { name: "standby", staging: true }] };

describe("Connect staging mode and faults", () => {
  it("a staging server exports nothing; promotion is refused while the active server is up", () => {
    const { world } = smallWorld(5);
    const engine = startEngine(world, TWO);
    const writers = new Set<string>();
    world.tenant.events.on("write", (e) => writers.add(e.writer));
    world.scheduler.run({ until: 35 * MINUTE });
    expect([...writers]).toEqual(["connect:primary"]);
    expect(engine.perform({ action: "promote", target: "standby" }).status).toBe("refused");
    const standby = (
      engine.status().servers as { name: string; pendingExports: Record<string, number> }[]
    )[1]!;
    // The standby's Entra import saw what the primary exported: nothing pending.
    expect(standby.pendingExports.entra).toBe(0);
  });

  it("primary crash + promotion of the staging server loses no change, and PHS resumes there", () => {
    const { world, people } = smallWorld(3);
    const engine = startEngine(world, TWO);
    const ann = people[0]!;
    const bob = people[1]!;
    world.scheduler.run({ until: 40 * MINUTE });
    world.forest().modify(ann.objectGUID, { title: "Before crash" }); // read by neither server yet
    engine.fault("primary", "crash");
    world.forest().modify(bob.objectGUID, { title: "After crash" });
    world.forest().setPassword(bob.objectGUID, "S3cret!pass");
    const annSeen = watchAttribute(world, () => sourceAnchorOf(ann), "jobTitle", "Before crash");
    const bobSeen = watchAttribute(world, () => sourceAnchorOf(bob), "jobTitle", "After crash");
    let credentialAt: number | undefined;
    world.tenant.events.on("credential", (e) => {
      if (e.anchor === sourceAnchorOf(bob)) credentialAt ??= e.at;
    });
    world.scheduler.run({ until: 45 * MINUTE });
    expect(engine.perform({ action: "promote", target: "standby" })).toEqual({ status: "done" });
    expect(engine.incidents.find((i) => i.kind === "promotion")?.detail).toBe(
      "standby promoted to active; primary, active but down, put in staging mode first",
    );
    world.scheduler.run({ until: 50 * MINUTE });
    // Promotion starts a delta cycle at once: 2 changes, nothing unconfirmed on the standby.
    expect(annSeen()).toBe(45 * MINUTE + 20 * SECOND + 2 * 60 + 2 * 20 + 60);
    expect(bobSeen()).toBe(45 * MINUTE + 20 * SECOND + 2 * 60 + 2 * 20 + 120);
    expect(world.tenant.getByAnchor(sourceAnchorOf(bob))?.writer).toBe("connect:standby");
    // PHS on the standby: its loop ticks every 2 min from its start (t=0), first tick after promotion 46 min.
    expect(credentialAt).toBe(46 * MINUTE + 10);
  });

  it("a crash without a staging server leaves changes pending until restart, then delivers them", () => {
    const { world, people } = smallWorld(3);
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    engine.fault("primary", "crash");
    world.forest().modify(people[2]!.objectGUID, { title: "Waiting" });
    const seen = watchAttribute(world, () => sourceAnchorOf(people[2]!), "jobTitle", "Waiting");
    world.scheduler.run({ until: 120 * MINUTE });
    expect(seen()).toBeUndefined();
    expect(engine.status()).toMatchObject({ servers: [{ up: false }] });
    engine.fault("primary", "restart");
    world.scheduler.run({ until: 130 * MINUTE });
    // Overdue: the cycle starts at once on restart (it confirms the 3 initial exports first).
    expect(seen()).toBe(120 * MINUTE + 20 * SECOND + 60 + 20 + 60 + 3 * 80);
  });

  it("a crash mid-cycle abandons it; the watermark only moves for completed imports", () => {
    const { world, people } = smallWorld(3);
    const engine = startEngine(world, { timing: { importPerObjectMs: "1m" } });
    world.scheduler.run({ until: 60 * MINUTE });
    world.forest().modify(people[0]!.objectGUID, { title: "Mid" });
    world.scheduler.run({ until: 90 * MINUTE + 30 * SECOND }); // the delta import of the 90-min cycle is running
    engine.fault("primary", "crash");
    expect(engine.incidents.at(-1)?.kind).toBe("cycle-failed");
    engine.fault("primary", "restart");
    const seen = watchAttribute(world, () => sourceAnchorOf(people[0]!), "jobTitle", "Mid");
    world.scheduler.run({ until: 130 * MINUTE });
    // The restart does not re-run the abandoned cycle (the next is due at 90 + 30 min); the 120-min cycle
    // reads the change again from the unmoved watermark.
    expect(seen()).toBe(120 * MINUTE + MINUTE + 20 * SECOND + 20 + 60);
  });

  it("database loss forces an initial cycle whose length grows with the object count, without re-exporting", () => {
    const runs: number[] = [];
    for (const n of [5, 10]) {
      const { world } = smallWorld(n);
      const engine = startEngine(world);
      world.scheduler.run({ until: 40 * MINUTE });
      engine.fault("primary", "lose-database");
      const starts: string[] = [];
      let end = 0;
      engine.events.on("cycle:start", (e) => starts.push(e.cycle));
      engine.events.on("cycle:end", (e) => (end ||= e.at));
      let writes = 0;
      world.tenant.events.on("write", () => writes++);
      world.scheduler.run({ until: 61 * MINUTE });
      expect(starts[0]).toBe("initial");
      expect(writes).toBe(0); // rejoined on source anchor by the Entra full import
      runs.push(end - 60 * MINUTE);
    }
    // Full AD import + Entra full import of the cloud objects + full sync: 60 + 60 + 20 + 20 ms per object.
    expect(runs[1]! - runs[0]!).toBe(5 * 160);
  });

  it("two servers never export at the same time", () => {
    const { world, people } = smallWorld(4);
    const engine = startEngine(world, TWO);
    const active = new Map<string, string>([
      ["primary", "active"],
      ["standby", "staging"],
    ]);
    engine.connectEvents.on("mode", (e) => active.set(e.server, e.mode));
    const violations: string[] = [];
    world.tenant.events.on("write", (e) => {
      const name = e.writer.slice("connect:".length);
      if (active.get(name) !== "active") violations.push(`${e.at} ${e.writer}`);
    });
    for (let t = 5; t < 300; t += 7) {
      world.scheduler.schedule(t * MINUTE, () =>
        world.forest().modify(people[t % 4]!.objectGUID, { title: `t${t}` }),
      );
    }
    world.scheduler.schedule(100 * MINUTE, () => {
      engine.perform({ action: "demote", target: "primary" });
      engine.perform({ action: "promote", target: "standby" });
    });
    world.scheduler.schedule(200 * MINUTE, () => {
      engine.perform({ action: "demote", target: "standby" });
      engine.perform({ action: "promote", target: "primary" });
    });
    world.scheduler.run({ until: 330 * MINUTE });
    expect(violations).toEqual([]);
    const last = world.forest().get(people[3]!.objectGUID)!;
    expect(world.tenant.getByAnchor(sourceAnchorOf(last))?.attributes.jobTitle).toBe(last.attributes.title);
  });
});
