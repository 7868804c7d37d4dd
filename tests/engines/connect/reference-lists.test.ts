import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConnectEngine } from "../../../src/engines/connect/index.js";
import type { AdObject } from "../../../src/model/ad-object.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine } from "./fixtures.js";

/**
 * Reference lists (group members) are evaluated incrementally: the inbound keys and the outbound anchors of
 * the unchanged head and tail of a member list are taken from the group's last evaluation
 * (flow-values.ts `referenceKeys`, reference-cache.ts `resolveList`). After every AD sync, every metaverse
 * object must hold what a from-scratch evaluation gives: its member keys those of its AD object's members,
 * and its desired cloud values those of the outbound rules with every reference resolved afresh.
 */

/** Every way a test step changes the directory. */
type Step =
  | { readonly kind: "add" | "remove"; readonly group: number; readonly user: number }
  | { readonly kind: "filter" | "unfilter" | "park" | "unpark" | "delete"; readonly user: number }
  | { readonly kind: "manager"; readonly user: number; readonly manager: number }
  | { readonly kind: "create" | "hide" | "show"; readonly group: number };

const USERS = 8;
const GROUPS = 3;

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("add" as const, "remove" as const),
    group: fc.nat(GROUPS - 1),
    user: fc.nat(USERS - 1),
  }),
  fc.record({
    kind: fc.constantFrom(
      "filter" as const,
      "unfilter" as const,
      "park" as const,
      "unpark" as const,
      "delete" as const,
    ),
    user: fc.nat(USERS - 1),
  }),
  fc.record({ kind: fc.constant("manager" as const), user: fc.nat(USERS - 1), manager: fc.nat(USERS - 1) }),
  fc.record({
    kind: fc.constantFrom("create" as const, "hide" as const, "show" as const),
    group: fc.nat(GROUPS - 1),
  }),
);

/** What a metaverse reference key resolves to, from scratch (no memo): the anchor of a provisioned object. */
function resolveAfresh(engine: ConnectEngine, key: string): string | undefined {
  const { db } = [...engine.servers.values()][0]!;
  const bar = key.indexOf("|");
  const held = db.adSpaces.get(key.slice(0, bar))?.get(key.slice(bar + 1));
  const target = held?.mvId === undefined ? undefined : db.metaverse.get(held.mvId);
  return target && engine.pipeline.provisions(target.objectType, target.attributes)
    ? target.sourceAnchor
    : undefined;
}

/** Mismatches between what sync stored and a from-scratch evaluation, for every metaverse object. */
function mismatches(engine: ConnectEngine, forest: string, everyone: readonly string[] = []): string[] {
  const { db } = [...engine.servers.values()][0]!;
  const space = db.adSpaces.get(forest)!;
  const out: string[] = [];
  for (const object of db.metaverse.values()) {
    const anchor = object.links[`ad:${forest}`];
    const held = anchor === undefined ? undefined : space.get(anchor);
    const members = held?.object.attributes.member;
    if (Array.isArray(members)) {
      const keys = (members as readonly string[]).map((guid) => `${forest}|${guid}`);
      const stored = object.attributes.member ?? [];
      if (JSON.stringify(stored) !== JSON.stringify(keys)) out.push(`${object.id} member keys`);
    }
    // The reverse index names exactly the objects holding each key (member lists changed by splices
    // move only the keys the splices name: reference-index.ts).
    for (const name of ["member", "manager"]) {
      const value = object.attributes[name];
      for (const key of Array.isArray(value) ? (value as readonly string[]) : value ? [String(value)] : [])
        if (!db.metaverse.referrersOf(key).includes(object.id))
          out.push(`${object.id} not a referrer of ${key}`);
    }
    const fresh = engine.pipeline.outbound(object.objectType, object.attributes, (key) =>
      resolveAfresh(engine, key),
    );
    if (!fresh) continue;
    const desired = db.entra.get(object.sourceAnchor)?.desired;
    if (JSON.stringify(desired) !== JSON.stringify(fresh.attributes))
      out.push(`${object.id} desired ${JSON.stringify(desired)} != ${JSON.stringify(fresh.attributes)}`);
  }
  // …and no object it does not hold (`everyone`: the objectGUIDs of every object the test made).
  for (const guid of everyone) {
    const full = `${forest}|${guid}`;
    for (const id of db.metaverse.referrersOf(full)) {
      const attributes = db.metaverse.get(id)?.attributes ?? {};
      const member = attributes.member;
      if (!(Array.isArray(member) && member.includes(full)) && attributes.manager !== full)
        out.push(`${id} still a referrer of ${full}`);
    }
  }
  return out;
}

describe("Connect: incremental reference lists", () => {
  it("match a from-scratch evaluation after every sync, whatever the member, scope and link changes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stepArbitrary, fc.integer({ min: 1, max: 45 })), { minLength: 1, maxLength: 25 }),
        (steps) => {
          const { world, sales, parked, people } = smallWorld(USERS, 3);
          const ad = world.forest();
          const forest = [...world.forests.keys()][0]!;
          const groups: AdObject[] = [];
          for (let g = 0; g < GROUPS; g++) {
            const group = ad.create({ objectClass: "group", parentDn: sales, name: `group${g}` });
            groups.push(
              ad.addMembers(
                group.objectGUID,
                people.slice(g, g + 5).map((p) => p.objectGUID),
              ),
            );
          }
          const everyone = [...people, ...groups].map((o) => o.objectGUID);
          const engine = startEngine(world, { scope: { ous: [sales] } });
          const problems: string[] = [];
          engine.connectEvents.on("run:end", (event) => {
            if (event.connector.startsWith("ad:") && event.profile.endsWith("sync"))
              problems.push(...mismatches(engine, forest, everyone));
          });
          let made = 0;
          for (const [step, gap] of steps) {
            const live = (i: number): AdObject | undefined => {
              const object = ad.get(people[i]!.objectGUID);
              return object && !object.isDeleted ? object : undefined;
            };
            switch (step.kind) {
              case "add":
              case "remove": {
                const group = groups[step.group]!;
                const user = live(step.user);
                const members = (ad.get(group.objectGUID)?.attributes.member ?? []) as readonly string[];
                if (!user || members.includes(user.objectGUID) === (step.kind === "add")) break;
                if (step.kind === "add") ad.addMember(group.objectGUID, user.objectGUID);
                else ad.removeMember(group.objectGUID, user.objectGUID);
                break;
              }
              case "filter":
              case "unfilter": {
                const user = live(step.user);
                if (user) ad.modify(user.objectGUID, { cloudFiltered: step.kind === "filter" });
                break;
              }
              case "park":
              case "unpark": {
                const user = live(step.user);
                if (user) ad.move(user.objectGUID, step.kind === "park" ? parked : sales);
                break;
              }
              case "manager": {
                const user = live(step.user);
                const manager = live(step.manager);
                if (user && manager && user !== manager)
                  ad.modify(user.objectGUID, { manager: manager.objectGUID });
                break;
              }
              case "delete": {
                const user = live(step.user);
                if (user && people.filter((_, i) => live(i)).length > 2) ad.delete(user.objectGUID);
                break;
              }
              case "hide":
              case "show":
                // A group out of Entra ID's scope for a while: its member list is not evaluated meanwhile.
                ad.modify(groups[step.group]!.objectGUID, { cloudFiltered: step.kind === "hide" });
                break;
              case "create": {
                // A new user, straight into a group: its key resolves only once it is synced.
                const user = ad.create({
                  objectClass: "user",
                  parentDn: sales,
                  name: `new${made++}`,
                  attributes: { userPrincipalName: `new${made}@contoso.com`, displayName: `New ${made}` },
                });
                ad.addMember(groups[step.group]!.objectGUID, user.objectGUID);
                everyone.push(user.objectGUID);
                break;
              }
            }
            world.scheduler.run({ until: world.scheduler.now + gap * MINUTE });
          }
          world.scheduler.run({ until: world.scheduler.now + 70 * MINUTE });
          expect(problems).toEqual([]);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it("a group's remaining members keep their keys, in order, when one member leaves", () => {
    const { world, sales, people } = smallWorld(6);
    const ad = world.forest();
    const group = ad.create({ objectClass: "group", parentDn: sales, name: "team" });
    ad.addMembers(
      group.objectGUID,
      people.map((p) => p.objectGUID),
    );
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    const { db } = [...engine.servers.values()][0]!;
    const mvId = db.adSpaces.get([...world.forests.keys()][0]!)!.get(group.objectGUID)!.mvId!;
    const before = db.metaverse.get(mvId)!.attributes.member as readonly string[];
    ad.removeMember(group.objectGUID, people[2]!.objectGUID);
    world.scheduler.run({ until: 40 * MINUTE });
    const after = db.metaverse.get(mvId)!.attributes.member as readonly string[];
    expect(after).toHaveLength(5);
    expect(after).toEqual([...before.slice(0, 2), ...before.slice(3)]);
    expect(mismatches(engine, [...world.forests.keys()][0]!)).toEqual([]);
  });

  it("forgets a group's lists while it is out of scope: a member filtered meanwhile is not sent again", () => {
    const { world, sales, people } = smallWorld(3);
    const ad = world.forest();
    const forest = [...world.forests.keys()][0]!;
    const [u0, u1, u2] = people.map((p) => p.objectGUID) as [string, string, string];
    const group = ad.create({ objectClass: "group", parentDn: sales, name: "team" }).objectGUID;
    ad.addMembers(group, [u0, u2, u1]);
    const engine = startEngine(world);
    const cycle = (at: number): void => {
      world.scheduler.run({ until: at * 30 * MINUTE + 10 * MINUTE });
    };
    cycle(0);
    ad.modify(group, { cloudFiltered: true });
    cycle(1);
    ad.removeMember(group, u1);
    cycle(2);
    // u1 leaves Entra ID's scope while the group, out of scope itself, does not hold it.
    ad.modify(u1, { cloudFiltered: true });
    cycle(3);
    ad.addMember(group, u1);
    ad.modify(group, { cloudFiltered: false });
    cycle(4);
    expect(mismatches(engine, forest)).toEqual([]);
    const { db } = [...engine.servers.values()][0]!;
    const anchor = db.metaverse.get(db.adSpaces.get(forest)!.get(group)!.mvId!)!.sourceAnchor;
    expect(db.entra.get(anchor)?.desired?.members).toHaveLength(2);
  });
});

describe("Connect: member lists AD changed by a few edits", () => {
  it("resolve only the members added; one that does not resolve is left out, and comes in once it does", () => {
    const { world, sales, people } = smallWorld(12);
    const ad = world.forest();
    const forest = [...world.forests.keys()][0]!;
    const group = ad.create({ objectClass: "group", parentDn: sales, name: "team" });
    ad.addMembers(
      group.objectGUID,
      people.slice(0, 8).map((p) => p.objectGUID),
    );
    ad.modify(people[9]!.objectGUID, { cloudFiltered: true });
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    const desired = (): readonly string[] => {
      const { db } = [...engine.servers.values()][0]!;
      const mvId = db.adSpaces.get(forest)!.get(group.objectGUID)!.mvId!;
      return db.entra.get(db.metaverse.get(mvId)!.sourceAnchor)?.desired?.members as readonly string[];
    };
    const anchorOf = (i: number): string => {
      const { db } = [...engine.servers.values()][0]!;
      const mvId = db.adSpaces.get(forest)!.get(people[i]!.objectGUID)!.mvId!;
      return db.metaverse.get(mvId)!.sourceAnchor;
    };
    expect(desired()).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map(anchorOf));
    ad.removeMember(group.objectGUID, people[3]!.objectGUID);
    ad.addMember(group.objectGUID, people[9]!.objectGUID);
    ad.addMember(group.objectGUID, people[10]!.objectGUID);
    world.scheduler.run({ until: 40 * MINUTE });
    expect(desired()).toEqual([0, 1, 2, 4, 5, 6, 7, 10].map(anchorOf));
    expect(mismatches(engine, forest)).toEqual([]);
    ad.modify(people[9]!.objectGUID, { cloudFiltered: false });
    ad.removeMember(group.objectGUID, people[0]!.objectGUID);
    world.scheduler.run({ until: 70 * MINUTE });
    expect(desired()).toEqual([1, 2, 4, 5, 6, 7, 9, 10].map(anchorOf));
    expect(mismatches(engine, forest)).toEqual([]);
  });
});
