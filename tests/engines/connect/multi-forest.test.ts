import { describe, expect, it } from "vitest";
import {
  ConnectEngine,
  OUT_OF_BOX_RULES,
  RulePipeline,
  type SyncRule,
} from "../../../src/engines/connect/index.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { World } from "../../../src/model/world.js";
import { MINUTE } from "../../../src/scheduler/duration.js";

function twoForests() {
  const world = new World({ seed: 7, forests: [{ name: "contoso.com" }, { name: "fabrikam.com" }] });
  const contoso = world.forest("contoso.com");
  const fabrikam = world.forest("fabrikam.com");
  const account = contoso.create({
    objectClass: "user",
    parentDn: "DC=contoso,DC=com",
    name: "ann",
    attributes: { userPrincipalName: "ann@contoso.com", employeeID: "E1", department: "Sales", title: "Rep" },
  });
  const mailbox = fabrikam.create({
    objectClass: "user",
    parentDn: "DC=fabrikam,DC=com",
    name: "ann-mbx",
    attributes: {
      userPrincipalName: "ann@fabrikam.com",
      employeeID: "E1",
      department: "Ops",
      mail: "ann@fabrikam.com",
      msExchMailboxGuid: "0f0e0d0c-0b0a-0908-0706-050403020100",
      userAccountControl: 0x202,
    },
  });
  const orphan = fabrikam.create({
    objectClass: "user",
    parentDn: "DC=fabrikam,DC=com",
    name: "bob-mbx",
    attributes: { userPrincipalName: "bob@fabrikam.com", employeeID: "E2" },
  });
  return { world, account, mailbox, orphan };
}

const mailFromFabrikam: SyncRule = {
  name: "In from AD - User Mail (fabrikam)",
  direction: "inbound",
  connector: "ad",
  forest: "fabrikam.com",
  sourceObjectType: "user",
  targetObjectType: "person",
  precedence: 50,
  scope: [],
  join: [],
  flows: [{ kind: "direct", source: "mail", target: "mail" }],
};

describe("Connect multi-forest: a rule change", () => {
  it("forces a full sync of the connector whose rule changed only; a rule of every forest, of each", () => {
    const { world } = twoForests();
    const engine = new ConnectEngine({ userJoin: { attribute: "employeeID" } });
    engine.attach(world);
    engine.start();
    const syncs: string[] = [];
    engine.connectEvents.on("run:start", (e) => {
      if (e.profile.endsWith("sync") && e.connector !== "entra") syncs.push(`${e.profile}:${e.connector}`);
    });
    world.scheduler.run({ until: 10 * MINUTE });
    syncs.length = 0;
    // reference.md A "Scheduler": sync-rule change → full sync of that connector.
    engine.setCustomRules([mailFromFabrikam]);
    world.scheduler.run({ until: 40 * MINUTE });
    expect(syncs).toEqual(["delta-sync:ad:contoso.com", "full-sync:ad:fabrikam.com"]);
    // The cycle after it is a delta again on both.
    syncs.length = 0;
    world.scheduler.run({ until: 70 * MINUTE });
    expect(syncs).toEqual(["delta-sync:ad:contoso.com", "delta-sync:ad:fabrikam.com"]);
    // The same rule for every forest: each AD connector.
    syncs.length = 0;
    const { forest: _, ...everyForest } = mailFromFabrikam;
    engine.setCustomRules([everyForest]);
    world.scheduler.run({ until: 100 * MINUTE });
    expect(syncs).toEqual(["full-sync:ad:contoso.com", "full-sync:ad:fabrikam.com"]);
  });
});

describe("Connect multi-forest", () => {
  it("a person present in two forests becomes one cloud user with the precedence-winning values", () => {
    const { world, account, mailbox } = twoForests();
    const engine = new ConnectEngine({ userJoin: { attribute: "employeeID" } });
    engine.attach(world);
    engine.setCustomRules([mailFromFabrikam]);
    engine.start();
    world.scheduler.run({ until: 10 * MINUTE });
    const users = [...world.tenant.objects("user")];
    // Ann is one user; bob (only in fabrikam, Provision there) is another.
    expect(users).toHaveLength(2);
    const ann = world.tenant.getByAnchor(sourceAnchorOf(account))!;
    // The source anchor comes from the projecting (account) forest.
    expect(world.tenant.getByAnchor(sourceAnchorOf(mailbox))).toBeUndefined();
    // Precedence 50 (custom) beats the out-of-box rules; at equal precedence the first forest wins.
    expect(ann.attributes.mail).toBe("ann@fabrikam.com");
    expect(ann.attributes.department).toBe("Sales");
    expect(ann.attributes.userPrincipalName).toBe("ann@contoso.com");
    expect(ann.attributes.accountEnabled).toBe(true);
    const server = engine.servers.get("primary")!;
    const mv = server.db.metaverse.findByAnchor(sourceAnchorOf(account))!;
    expect(Object.keys(mv.links).sort()).toEqual(["ad:contoso.com", "ad:fabrikam.com", "entra"]);
  });

  it("resource forest: mailboxes only join an account, bring Exchange attributes, and an orphan stays out", () => {
    const { world, account, orphan } = twoForests();
    const engine = new ConnectEngine({
      userJoin: { attribute: "employeeID", resourceForests: ["fabrikam.com"] },
    });
    engine.attach(world);
    expect(engine.enableFeatures(["multi-forest-merge", "exchange-hybrid-writeback"])).toEqual([]);
    engine.start();
    world.scheduler.run({ until: 10 * MINUTE });
    expect([...world.tenant.objects("user")]).toHaveLength(1);
    const ann = world.tenant.getByAnchor(sourceAnchorOf(account))!;
    expect(ann.attributes.msExchMailboxGuid).toBe("0f0e0d0c-0b0a-0908-0706-050403020100");
    expect(engine.inScope(world.forest("fabrikam.com").get(orphan.objectGUID)!)).toBe(false);
    expect(engine.outOfScopeReason(world.forest("fabrikam.com").get(orphan.objectGUID)!)).toBe(
      "a user of resource forest fabrikam.com: it joins its account-forest user (userJoin), it is not provisioned on its own",
    );
    // The orphan mailbox joins once its account appears.
    world.forest("contoso.com").create({
      objectClass: "user",
      parentDn: "DC=contoso,DC=com",
      name: "bob",
      attributes: { userPrincipalName: "bob@contoso.com", employeeID: "E2" },
    });
    world.scheduler.run({ until: 40 * MINUTE });
    expect([...world.tenant.objects("user")]).toHaveLength(2);
  });

  it("join groups: top to bottom, the first group with exactly one match wins; no match with Join stays a disconnector", () => {
    const { world, mailbox } = twoForests();
    const contoso = world.forest("contoso.com");
    world.forest("fabrikam.com").modify(mailbox.objectGUID, { department: "Sales" });
    // Two contoso users share department "Sales": a join on department is ambiguous, on employeeID exact.
    contoso.create({
      objectClass: "user",
      parentDn: "DC=contoso,DC=com",
      name: "cy",
      attributes: { userPrincipalName: "cy@contoso.com", employeeID: "E9", department: "Sales" },
    });
    const base = OUT_OF_BOX_RULES.filter((r) => r.name !== "In from AD - User Join");
    const joinRule = (forest: string, linkType: SyncRule["linkType"]): SyncRule => ({
      ...(OUT_OF_BOX_RULES.find((r) => r.name === "In from AD - User Join") as SyncRule),
      name: `Join ${forest}`,
      forest,
      linkType,
      joinGroups: [
        [{ source: "department", target: "department" }],
        [{ source: "employeeID", target: "employeeID" }],
      ],
    });
    const engine = new ConnectEngine();
    engine.attach(world);
    engine.setSyncRules([...base, joinRule("contoso.com", "Provision"), joinRule("fabrikam.com", "Join")]);
    engine.start();
    world.scheduler.run({ until: 10 * MINUTE });
    // Ann's mailbox: group 1 (department Sales) matches two objects, so group 2 (employeeID) decides; bob has no match.
    const server = engine.servers.get("primary")!;
    const joined = [...server.db.metaverse.values()].filter((o) => Object.keys(o.links).length === 3);
    expect(joined).toHaveLength(1);
    expect(joined[0]!.attributes.employeeID).toBe("E1");
    expect(server.db.adSpaces.get("fabrikam.com")!.joinRetryAnchors()).toHaveLength(1);
    expect(new RulePipeline([...base, joinRule("contoso.com", "StickyJoin")]).rules.length).toBe(
      base.length + 1,
    );
  });
});
