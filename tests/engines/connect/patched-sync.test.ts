import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ConnectorSpace } from "../../../src/engines/connect/connector-space.js";
import type { ConnectEngine } from "../../../src/engines/connect/index.js";
import { Metaverse } from "../../../src/engines/connect/metaverse.js";
import { resolveSlots } from "../../../src/engines/connect/precedence.js";
import { RulePipeline } from "../../../src/engines/connect/rule-pipeline.js";
import { type AdObject, isEnabled } from "../../../src/model/ad-object.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine, syncState } from "./fixtures.js";

/**
 * A delta sync carries a change of attributes only direct flows read into the object's last evaluation
 * (sync.ts patchInbound / patchExport) instead of evaluating it again. These tests hold the patched state
 * against evaluating everything from scratch and against a full sync, over random edits.
 */

const ATTRIBUTES = ["department", "title", "displayName", "telephoneNumber", "company", "givenName"] as const;
const VALUES = ["Sales", "Ops", "x", "Finance", ""] as const;

type Command =
  | { kind: "modify"; user: number; attribute: (typeof ATTRIBUTES)[number]; value: number }
  | { kind: "clear"; user: number; attribute: (typeof ATTRIBUTES)[number] }
  | { kind: "password"; user: number }
  | { kind: "disable"; user: number }
  | { kind: "manager"; user: number; manager: number }
  | { kind: "member"; user: number; add: boolean }
  | { kind: "move"; user: number }
  | { kind: "groupDescription"; value: number }
  | { kind: "cycle" };

const USERS = 6;
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("modify" as const),
      user: fc.nat(USERS - 1),
      attribute: fc.constantFrom(...ATTRIBUTES),
      value: fc.nat(VALUES.length - 1),
    }),
  },
  fc.record({
    kind: fc.constant("clear" as const),
    user: fc.nat(USERS - 1),
    attribute: fc.constantFrom(...ATTRIBUTES),
  }),
  fc.record({ kind: fc.constant("password" as const), user: fc.nat(USERS - 1) }),
  fc.record({ kind: fc.constant("disable" as const), user: fc.nat(USERS - 1) }),
  fc.record({ kind: fc.constant("manager" as const), user: fc.nat(USERS - 1), manager: fc.nat(USERS - 1) }),
  fc.record({ kind: fc.constant("member" as const), user: fc.nat(USERS - 1), add: fc.boolean() }),
  fc.record({ kind: fc.constant("move" as const), user: fc.nat(USERS - 1) }),
  fc.record({ kind: fc.constant("groupDescription" as const), value: fc.nat(VALUES.length - 1) }),
  { weight: 3, arbitrary: fc.constant({ kind: "cycle" as const }) },
);

/** Every server's state against evaluating every object's rules from scratch. */
function expectFromScratch(engine: ConnectEngine): void {
  for (const server of engine.servers.values()) {
    const { db, pipeline } = server;
    for (const space of db.adSpaces.values())
      for (const held of space.values()) {
        if (held.mvId === undefined) continue;
        const object = db.metaverse.get(held.mvId);
        expect(object).toBeDefined();
        const fresh = pipeline.inboundSlots(held.object, space.forest);
        expect(object?.attributes).toEqual(resolveSlots(fresh.plan, fresh.values));
      }
    const resolve = (key: string): string | undefined => {
      const bar = key.indexOf("|");
      const held = db.adSpaces.get(key.slice(0, bar))?.get(key.slice(bar + 1));
      const target = held?.mvId === undefined ? undefined : db.metaverse.get(held.mvId);
      return target && pipeline.provisions(target.objectType, target.attributes)
        ? target.sourceAnchor
        : undefined;
    };
    for (const object of db.metaverse.values()) {
      const outbound = pipeline.outbound(object.objectType, object.attributes, resolve);
      const held = db.entra.get(object.sourceAnchor);
      if (!outbound) {
        expect(held?.desired).toBeUndefined();
        continue;
      }
      // (Values: an export leaves the cloud's record, in its key order, as the connector space's.)
      expect(held?.desired).toEqual(outbound.attributes);
    }
  }
}

const patches = vi.spyOn(Metaverse.prototype, "patchAttributes");
const outboundPatches = vi.spyOn(RulePipeline.prototype, "outboundPatch");
afterAll(() => {
  patches.mockRestore();
  outboundPatches.mockRestore();
});

/**
 * Plays the commands on a small world (six users in scope, one group, a manager link) and returns the state
 * after every cycle, and after a full sync at the end. With `fromScratch`, checks each cycle's state
 * against evaluating every object from scratch.
 */
function play(commands: readonly Command[], fromScratch: boolean): string[] {
  const { world, sales, parked, people } = smallWorld(USERS);
  const ad = world.forest();
  const group = ad.create({
    objectClass: "group",
    parentDn: sales,
    name: "team",
    attributes: { description: "Team" },
  });
  ad.addMember(group.objectGUID, (people[0] as AdObject).objectGUID);
  ad.modify((people[1] as AdObject).objectGUID, { manager: (people[0] as AdObject).objectGUID });
  // Every attribute set (one that appears or disappears takes the whole evaluation).
  for (const person of people)
    ad.modify(person.objectGUID, Object.fromEntries(ATTRIBUTES.map((a) => [a, `${a} 0`])));
  const engine = startEngine(world, { scope: { ous: [sales] } });
  let until = 10 * MINUTE;
  const states: string[] = [];
  const cycle = (): void => {
    until += 30 * MINUTE;
    world.scheduler.run({ until });
    if (fromScratch) expectFromScratch(engine);
    states.push(syncState(engine, world));
  };
  world.scheduler.run({ until });
  const guid = (i: number): string => (people[i] as AdObject).objectGUID;
  for (const c of commands) {
    switch (c.kind) {
      case "modify":
        ad.modify(guid(c.user), { [c.attribute]: VALUES[c.value] || undefined });
        break;
      case "clear":
        ad.modify(guid(c.user), { [c.attribute]: undefined });
        break;
      case "password":
        ad.setPassword(guid(c.user), "Secret-1234!");
        break;
      case "disable":
        if (isEnabled(ad.get(guid(c.user)) as AdObject)) ad.disable(guid(c.user));
        else ad.enable(guid(c.user));
        break;
      case "manager":
        ad.modify(guid(c.user), { manager: c.user === c.manager ? undefined : guid(c.manager) });
        break;
      case "member": {
        const members = ad.get(group.objectGUID)?.attributes.member;
        const has = Array.isArray(members) && members.includes(guid(c.user));
        if (c.add && !has) ad.addMember(group.objectGUID, guid(c.user));
        if (!c.add && has) ad.removeMember(group.objectGUID, guid(c.user));
        break;
      }
      case "move": {
        const object = ad.get(guid(c.user)) as AdObject;
        ad.move(guid(c.user), object.dn.endsWith(sales) ? parked : sales);
        break;
      }
      case "groupDescription":
        ad.modify(group.objectGUID, { description: VALUES[c.value] || undefined });
        break;
      case "cycle":
        cycle();
        break;
    }
  }
  cycle();
  // A full sync evaluates everything again.
  for (const server of engine.servers.values()) server.db.forceFullSync = true;
  cycle();
  return states;
}

describe("Connect patched delta sync", () => {
  it("gives what evaluating every object again gives, over random edits", () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 25 }), (commands) => {
        const patched = play(commands, true);
        // A full sync finds nothing to change.
        expect(patched.at(-1)).toBe(patched.at(-2));
        // The same commands with no patching: every object evaluated whole, as before patches existed.
        const whole = vi.spyOn(Metaverse.prototype, "soleContributionOf").mockReturnValue(undefined);
        try {
          expect(play(commands, false)).toEqual(patched);
        } finally {
          whole.mockRestore();
        }
      }),
      { numRuns: 40, seed: 7 },
    );
    // Both patched paths were taken (and so held against the others above).
    expect(patches.mock.calls.length).toBeGreaterThan(50);
    expect(outboundPatches.mock.results.some((r) => r.type === "return" && r.value !== undefined)).toBe(true);
  });

  it("a disabled user and a manager change are evaluated whole, not patched", () => {
    const { world, sales, people } = smallWorld(2);
    const ad = world.forest();
    startEngine(world, { scope: { ous: [sales] } });
    world.scheduler.run({ until: 10 * MINUTE });
    patches.mockClear();
    ad.disable((people[0] as AdObject).objectGUID);
    ad.modify((people[1] as AdObject).objectGUID, { manager: (people[0] as AdObject).objectGUID });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(patches).not.toHaveBeenCalled();
    ad.modify((people[1] as AdObject).objectGUID, { department: "Ops" });
    world.scheduler.run({ until: 70 * MINUTE });
    expect(patches).toHaveBeenCalledTimes(1);
  });
});

describe("ConnectorSpace: the state last synced", () => {
  it("is kept while a newer state is pending, set by a commit that links, kept by a failed one", () => {
    const { world, people } = smallWorld(1);
    const ad = world.forest();
    const space = new ConnectorSpace(ad.forest);
    const user = people[0] as AdObject;
    space.stage(user);
    expect(space.get(user.objectGUID)?.synced).toBeUndefined();
    space.commit(space.get(user.objectGUID)!, "mv-1");
    expect(space.get(user.objectGUID)?.synced).toBe(user);
    const changed = ad.modify(user.objectGUID, { department: "Ops" });
    space.stage(changed);
    expect(space.get(user.objectGUID)?.object).toBe(changed);
    expect(space.get(user.objectGUID)?.synced).toBe(user);
    space.commitFailed(space.get(user.objectGUID)!);
    expect(space.get(user.objectGUID)?.synced).toBe(user);
    expect(space.isPending(user.objectGUID)).toBe(false);
    space.stage(ad.modify(user.objectGUID, { department: "Sales" }));
    space.commit(space.get(user.objectGUID)!, "mv-1");
    expect(space.get(user.objectGUID)?.synced).toBe(ad.get(user.objectGUID));
    space.commit(space.get(user.objectGUID)!, undefined);
    expect(space.get(user.objectGUID)?.synced).toBeUndefined();
  });
});
