import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine } from "./fixtures.js";

function credentials(
  world: ReturnType<typeof smallWorld>["world"],
): { anchor: string | undefined; at: number; version: number }[] {
  const out: { anchor: string | undefined; at: number; version: number }[] = [];
  world.tenant.events.on("credential", (e) => out.push({ anchor: e.anchor, at: e.at, version: e.version }));
  return out;
}

describe("Connect password hash sync", () => {
  it("delivers a password change within one PHS interval plus the PBKDF2 cost", () => {
    const { world, people } = smallWorld(3);
    const engine = startEngine(world);
    const sent = credentials(world);
    const batches: number[] = [];
    engine.connectEvents.on("phs:batch", (e) => batches.push(e.sent));
    world.scheduler.run({ until: 10 * MINUTE + SECOND });
    world.forest().setPassword(people[1]!.objectGUID, "Pa55word!");
    world.scheduler.run({ until: 15 * MINUTE });
    expect(sent).toEqual([{ anchor: sourceAnchorOf(people[1]!), at: 12 * MINUTE + 10, version: 1 }]);
    expect(sent[0]!.at - (10 * MINUTE + SECOND)).toBeLessThanOrEqual(2 * MINUTE + 10);
    expect(world.tenant.signIn("user1@contoso.com", "Pa55word!").success).toBe(true);
  });

  it("is paused until the first full cycle completes, then sends in USN order", () => {
    const { world, people } = smallWorld(3);
    world.forest().setPassword(people[2]!.objectGUID, "first-C");
    world.forest().setPassword(people[0]!.objectGUID, "first-A");
    // A slow initial cycle: 3 users × 1 min import ends after the 2-minute tick.
    startEngine(world, { timing: { importPerObjectMs: "1m" } });
    const sent = credentials(world);
    world.scheduler.run({ until: 10 * MINUTE });
    const cycleEnd = 3 * MINUTE + 25 * SECOND + 3 * 80;
    expect(cycleEnd).toBeGreaterThan(2 * MINUTE);
    // First tick after the initial cycle: 4 min; C changed before A, so C goes first.
    expect(sent.map((s) => [s.anchor, s.at])).toEqual([
      [sourceAnchorOf(people[2]!), 4 * MINUTE + 10],
      [sourceAnchorOf(people[0]!), 4 * MINUTE + 20],
    ]);
  });

  it("retries a user not yet exported ('target not exported') on later passes", () => {
    const { world } = smallWorld(1);
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    const newcomer = world.forest().create({
      objectClass: "user",
      parentDn: "OU=Sales,DC=contoso,DC=com",
      name: "newcomer",
      attributes: { userPrincipalName: "newcomer@contoso.com" },
    });
    world.forest().setPassword(newcomer.objectGUID, "Welcome1!");
    const sent = credentials(world);
    const retried: [number, number][] = [];
    engine.connectEvents.on("phs:batch", (e) => retried.push([e.at, e.retried]));
    world.scheduler.run({ until: 35 * MINUTE });
    expect(retried.slice(0, 2)).toEqual([
      [12 * MINUTE, 1],
      [14 * MINUTE, 1],
    ]);
    // Exported by the 30-min cycle (at 30 min + ~20 s), sent at the 32-min pass.
    expect(sent).toEqual([{ anchor: sourceAnchorOf(newcomer), at: 32 * MINUTE + 10, version: 1 }]);
  });

  it("does not run on a staging server", () => {
    const { world, people } = smallWorld(1);
    world.forest().setPassword(people[0]!.objectGUID, "x-Passw0rd");
    const engine = startEngine(world, { servers: [{ name: "primary" }, { name: "standby", staging: true }] });
    const by: string[] = [];
    world.tenant.events.on("credential", (e) => by.push(e.writer));
    engine.fault("primary", "crash");
    world.scheduler.run({ until: 30 * MINUTE });
    expect(by).toEqual([]);
  });
});

describe("Connect password hash sync: the retry list", () => {
  /** Users on the retry list of the only server's first forest. */
  const retryList = (engine: ReturnType<typeof startEngine>): ReadonlySet<string> => {
    const { db } = [...engine.servers.values()][0]!;
    return db.phsRetry.values().next().value ?? new Set();
  };

  it("keeps a user that is never exported until it is deleted in AD, whatever else changes", () => {
    const { world, sales, parked, people } = smallWorld(3);
    const ad = world.forest();
    // Out of the connector's OU scope: never exported, so its hash waits on the retry list.
    ad.move(people[2]!.objectGUID, parked);
    ad.setPassword(people[2]!.objectGUID, "Parked-1");
    const engine = startEngine(world, { scope: { ous: [sales] } });
    const retried: [number, number][] = [];
    engine.connectEvents.on("phs:batch", (e) => retried.push([e.at, e.retried]));
    world.scheduler.run({ until: 9 * MINUTE });
    // Other AD writes between passes: the parked user stays.
    ad.modify(people[0]!.objectGUID, { title: "Lead" });
    world.scheduler.run({ until: 11 * MINUTE });
    ad.modify(people[1]!.objectGUID, { title: "Lead" });
    world.scheduler.run({ until: 13 * MINUTE });
    ad.delete(people[2]!.objectGUID);
    world.scheduler.run({ until: 17 * MINUTE });
    expect(retried.filter(([at]) => at >= 8 * MINUTE)).toEqual([
      [8 * MINUTE, 1],
      [10 * MINUTE, 1],
      [12 * MINUTE, 1],
      // Counted before the pass cleans the list up.
      [14 * MINUTE, 1],
      [16 * MINUTE, 0],
    ]);
    expect(retryList(engine).size).toBe(0);
  });

  it("never keeps a deleted user on the list after a pass", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("password", "delete", "restore", "modify"),
            fc.nat(5),
            fc.integer({ min: 1, max: 7 }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        (steps) => {
          const { world, sales, parked, people } = smallWorld(6, 5);
          const ad = world.forest();
          // Half the users out of scope: they stay on the retry list.
          for (const person of people.slice(3)) ad.move(person.objectGUID, parked);
          const engine = startEngine(world, { scope: { ous: [sales] } });
          const kept: string[] = [];
          engine.connectEvents.on("phs:batch", () => {
            for (const guid of retryList(engine)) if (ad.get(guid)?.isDeleted) kept.push(guid);
          });
          for (const [kind, index, gap] of steps) {
            const guid = people[index]!.objectGUID;
            const deleted = ad.get(guid)?.isDeleted === true;
            if (kind === "password" && !deleted) ad.setPassword(guid, `Pw-${world.scheduler.now}!`);
            if (kind === "delete" && !deleted) ad.delete(guid);
            if (kind === "restore" && deleted) ad.restore(guid);
            if (kind === "modify" && !deleted) ad.modify(guid, { title: `T${world.scheduler.now}` });
            world.scheduler.run({ until: world.scheduler.now + gap * MINUTE });
          }
          expect(kept).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });
});
