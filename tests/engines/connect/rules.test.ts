import { describe, expect, it } from "vitest";
import type { SyncRule } from "../../../src/engines/connect/index.js";
import { OUT_OF_BOX_RULES, RulePipeline } from "../../../src/engines/connect/index.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { standardProjection } from "../../../src/model/cloud-schema.js";
import { MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine } from "./fixtures.js";

describe("Connect sync rules", () => {
  it("flows groups, contacts and references as the standard projection, only to synced objects", () => {
    const { world, sales, people } = smallWorld(3);
    const ad = world.forest();
    const outsider = ad.create({ objectClass: "user", parentDn: "DC=contoso,DC=com", name: "outsider" });
    const group = ad.create({
      objectClass: "group",
      parentDn: sales,
      name: "team",
      attributes: { displayName: "Team" },
    });
    for (const p of [...people, outsider]) ad.addMember(group.objectGUID, p.objectGUID);
    ad.modify(people[0]!.objectGUID, { manager: people[1]!.objectGUID });
    ad.modify(people[2]!.objectGUID, { manager: outsider.objectGUID });
    const contact = ad.create({
      objectClass: "contact",
      parentDn: sales,
      name: "vendor",
      attributes: { mail: "v@x.com" },
    });
    const engine = startEngine(world, { scope: { ous: [sales] } });
    world.scheduler.run({ until: 10 * MINUTE });
    const anchorOf = (guid: string): string | undefined => {
      const o = ad.get(guid);
      return o && engine.inScope(o) ? sourceAnchorOf(o) : undefined;
    };
    for (const o of [...people, group, contact]) {
      const now = ad.get(o.objectGUID)!;
      expect(world.tenant.getByAnchor(sourceAnchorOf(now))?.attributes).toEqual(
        standardProjection(now, anchorOf),
      );
    }
    expect(world.tenant.getByAnchor(sourceAnchorOf(group))?.attributes.members).toHaveLength(3);
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[2]!))?.attributes.manager).toBeUndefined();
  });

  it("re-evaluates a group whose member comes into scope later", () => {
    const { world, sales, parked } = smallWorld(0);
    const ad = world.forest();
    const late = ad.create({ objectClass: "user", parentDn: parked, name: "late" });
    const group = ad.create({ objectClass: "group", parentDn: sales, name: "g" });
    ad.addMember(group.objectGUID, late.objectGUID);
    startEngine(world, { scope: { ous: [sales] } });
    world.scheduler.run({ until: 10 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(group))?.attributes.members).toEqual([]);
    ad.move(late.objectGUID, sales);
    world.scheduler.run({ until: 40 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(group))?.attributes.members).toEqual([
      sourceAnchorOf(late),
    ]);
  });

  it("charges sync per reference value: a change in a large group costs more", () => {
    const costOfDeltaSync = (members: number): number => {
      const { world, sales, people } = smallWorld(members);
      const ad = world.forest();
      const group = ad.create({ objectClass: "group", parentDn: sales, name: "big" });
      for (const p of people) ad.addMember(group.objectGUID, p.objectGUID);
      const engine = startEngine(world);
      world.scheduler.run({ until: 10 * MINUTE });
      ad.removeMember(group.objectGUID, people[0]!.objectGUID);
      let start = 0;
      let cost = 0;
      engine.connectEvents.on(
        "run:start",
        (e) => e.profile === "delta-sync" && e.connector !== "entra" && (start = e.at),
      );
      engine.connectEvents.on(
        "run:end",
        (e) => e.profile === "delta-sync" && e.connector !== "entra" && (cost = e.at - start),
      );
      world.scheduler.run({ until: 40 * MINUTE });
      return cost - 5 * SECOND;
    };
    expect(costOfDeltaSync(10)).toBe(20 + 9);
    expect(costOfDeltaSync(100)).toBe(20 + 99);
  });

  it("takes the lowest precedence value and lets a NULL give way", () => {
    const custom: SyncRule = {
      name: "In from AD - User Custom",
      direction: "inbound",
      connector: "ad",
      sourceObjectType: "user",
      targetObjectType: "person",
      precedence: 50,
      scope: [],
      join: [],
      flows: [
        { kind: "constant", value: "Everyone", target: "department" },
        { kind: "direct", source: "employeeType", target: "title" },
      ],
    };
    const pipeline = new RulePipeline([...OUT_OF_BOX_RULES, custom]);
    const { world, people } = smallWorld(1);
    const user = world.forest().modify(people[0]!.objectGUID, { title: "Dev" });
    const inbound = pipeline.inbound(user, "contoso.com");
    const best = (target: string) =>
      inbound.contributions.filter((c) => c.target === target).sort((a, b) => a.precedence - b.precedence)[0]
        ?.value;
    expect(best("department")).toBe("Everyone");
    expect(best("title")).toBe("Dev"); // employeeType is NULL: the out-of-box value wins
    expect(() => new RulePipeline([custom, custom])).toThrow(/used twice/);
  });

  it("an initial cycle names every connector's sync a full sync in the run history, the Entra connector's too", () => {
    const { world } = smallWorld(2);
    const engine = startEngine(world);
    const profiles: string[] = [];
    engine.connectEvents.on("run:start", (e) => profiles.push(`${e.profile}:${e.connector}`));
    world.scheduler.run({ until: 10 * MINUTE });
    expect(profiles).toEqual([
      "full-import:ad:contoso.com",
      "full-import:entra",
      "full-sync:ad:contoso.com",
      "full-sync:entra",
      "export:entra",
    ]);
  });

  it("a rule change forces a full sync, a scope change a full import, on the next cycle", () => {
    const { world, sales } = smallWorld(2);
    const engine = startEngine(world);
    const profiles: string[] = [];
    engine.connectEvents.on("run:start", (e) => profiles.push(`${e.profile}:${e.connector}`));
    world.scheduler.run({ until: 10 * MINUTE });
    profiles.length = 0;
    // The same rules again change nothing: the next cycle is a delta.
    engine.setSyncRules(OUT_OF_BOX_RULES);
    world.scheduler.run({ until: 40 * MINUTE });
    expect(profiles).toContain("delta-sync:ad:contoso.com");
    profiles.length = 0;
    // One rule changed (an outbound rule: every AD connector's objects are evaluated again).
    const [first, ...rest] = OUT_OF_BOX_RULES.filter((rule) => rule.connector === "entra");
    const others = OUT_OF_BOX_RULES.filter((rule) => rule.connector !== "entra");
    engine.setSyncRules([...others, { ...(first as SyncRule), precedence: 99 }, ...rest]);
    world.scheduler.run({ until: 70 * MINUTE });
    expect(profiles).toEqual([
      "delta-import:ad:contoso.com",
      "delta-import:entra",
      "full-sync:ad:contoso.com",
      "delta-sync:entra",
      "export:entra",
    ]);
    profiles.length = 0;
    engine.reconfigure({ scope: { ous: [sales] } });
    world.scheduler.run({ until: 100 * MINUTE });
    expect(profiles).toEqual([
      "full-import:ad:contoso.com",
      "delta-import:entra",
      "full-sync:ad:contoso.com",
      "delta-sync:entra",
      "export:entra",
    ]);
  });
});
