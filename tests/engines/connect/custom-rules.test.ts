import { describe, expect, it } from "vitest";
import {
  ConnectEngine,
  OUT_OF_BOX_RULES,
  RulePipeline,
  type SyncRule,
  type SyncRuleInput,
} from "../../../src/engines/connect/index.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine } from "./fixtures.js";

const inbound = (name: string, precedence: number, flows: SyncRuleInput["flows"]): SyncRuleInput => ({
  name,
  direction: "inbound",
  sourceObjectType: "user",
  targetObjectType: "person",
  precedence,
  flows,
});

describe("Connect custom rules in the expression syntax", () => {
  it("produces the expected cloud value, and a changed rule re-flows every object at the next cycle", () => {
    const { world, people } = smallWorld(3);
    const engine = startEngine(world, {
      rules: [
        inbound("In from AD - User Custom", 50, [
          { target: "displayName", expression: 'UCase([department]) & " - " & Word([displayName], 2, " ")' },
        ]),
      ],
    });
    world.scheduler.run({ until: 10 * MINUTE });
    const names = () =>
      people.map((p) => world.tenant.getByAnchor(sourceAnchorOf(p))?.attributes.displayName);
    expect(names()).toEqual(["SALES - 0", "SALES - 1", "SALES - 2"]);
    const syncs: string[] = [];
    engine.connectEvents.on("run:end", (e) => {
      if (e.connector !== "entra") syncs.push(`${e.profile}@${e.at}`);
    });
    const writes: number[] = [];
    world.tenant.events.on("write", (e) => writes.push(e.at));
    engine.reconfigure({
      rules: [
        inbound("In from AD - User Custom", 50, [
          {
            target: "displayName",
            expression: 'IIF(IsPresent([title]), [title], "n/a") & "/" & Left([sAMAccountName], 4)',
          },
        ]),
      ],
    });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(names()).toEqual(["n/a/user", "n/a/user", "n/a/user"]);
    expect(syncs.some((s) => s.startsWith("full-sync@"))).toBe(true);
    // Every object was re-flowed and exported at the 30-minute cycle.
    expect(writes).toHaveLength(3);
    expect(writes.every((at) => at > 30 * MINUTE)).toBe(true);
  });

  it("rejects a malformed expression at construction, naming rule, position and expectation", () => {
    const bad = () =>
      new ConnectEngine({
        rules: [inbound("Broken", 40, [{ target: "displayName", expression: "Left([givenName], " }])],
      });
    expect(bad).toThrow(/rule "Broken" flow "displayName": position 18: expected an expression/);
    expect(() => new ConnectEngine({ rules: [inbound("Oob", 100, [])] })).toThrow(/1 to 99/);
    expect(() => new ConnectEngine({ rules: [inbound("NoKind", 10, [{ target: "x" } as never])] })).toThrow(
      /rules\[0\]\.flows\[0\]/,
    );
    const unknown = () =>
      new RulePipeline([
        ...OUT_OF_BOX_RULES,
        {
          ...(OUT_OF_BOX_RULES[0] as SyncRule),
          name: "X",
          flows: [{ kind: "expression", expression: "Nope([a])", target: "t" }],
        },
      ]);
    expect(unknown).toThrow(/rule "X"/);
  });

  it("records a runtime error per object as a sync error, not a crash, and clears it once fixed", () => {
    const { world, people } = smallWorld(2);
    const ad = world.forest();
    ad.modify(people[1]!.objectGUID, { title: "bad" });
    const engine = startEngine(world, {
      rules: [
        inbound("In from AD - User Guard", 30, [
          { target: "jobTitle", expression: 'IIF([title] = "bad", Error("title is bad"), [title])' },
        ]),
      ],
    });
    world.scheduler.run({ until: 10 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[0]!))).toBeDefined();
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[1]!))).toBeUndefined();
    const errors = engine.syncErrors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      connector: "ad:contoso.com",
      object: people[1]!.dn,
      rule: "In from AD - User Guard",
      target: "jobTitle",
    });
    expect(errors[0]!.message).toMatch(/title is bad/);
    const details = engine.incidents.filter((i) => i.kind === "sync-error").map((i) => i.detail);
    expect(details).toHaveLength(1);
    // The rule is named once (the evaluator's message names it with the flow).
    expect(details[0]).toMatch(
      /^primary: CN=[^ ]+ \(ad:contoso\.com\): rule "In from AD - User Guard" flow "jobTitle": .*title is bad$/,
    );
    expect(details[0]?.split("In from AD - User Guard")).toHaveLength(2);
    const status = engine.status() as { servers: { syncErrorCount: number }[] };
    expect(status.servers[0]!.syncErrorCount).toBe(1);
    ad.modify(people[1]!.objectGUID, { title: "good" });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(engine.syncErrors()).toHaveLength(0);
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[1]!))).toBeDefined();
  });

  it("an outbound flow error is a sync error on entra, named by the person's UPN", () => {
    const { world, people } = smallWorld(1);
    const engine = startEngine(world, {
      rules: [
        {
          name: "Out to AAD - User Guard",
          direction: "outbound",
          sourceObjectType: "person",
          targetObjectType: "user",
          precedence: 10,
          flows: [{ target: "companyName", expression: 'Error("no company")' }],
        },
      ],
    });
    world.scheduler.run({ until: 10 * MINUTE });
    const upn = world.forest().get(people[0]!.objectGUID)?.attributes.userPrincipalName;
    expect(engine.incidents.filter((i) => i.kind === "sync-error").map((i) => i.detail)).toEqual([
      `primary: ${upn} (entra): rule "Out to AAD - User Guard" flow "companyName": position 0: Error: no company`,
    ]);
  });

  it("NULL gives way, AuthoritativeNull wins, IgnoreThisFlow leaves the target alone", () => {
    const { world, people } = smallWorld(1);
    const ad = world.forest();
    ad.modify(people[0]!.objectGUID, { title: "Dev", telephoneNumber: "+1 555" });
    const rules: SyncRuleInput[] = [
      inbound("In from AD - User Nulls", 20, [
        { target: "title", value: null }, // NULL: the out-of-box value is used
        { target: "telephoneNumber", expression: "AuthoritativeNull" }, // no value, whatever lower rules say
      ]),
      {
        name: "Out to AAD - User Ignore",
        direction: "outbound",
        sourceObjectType: "person",
        targetObjectType: "user",
        precedence: 10,
        flows: [{ target: "companyName", expression: "IgnoreThisFlow" }],
      },
    ];
    const engine = startEngine(world, { rules });
    world.scheduler.run({ until: 10 * MINUTE });
    const cloud = () => world.tenant.getByAnchor(sourceAnchorOf(people[0]!))!.attributes;
    expect(cloud().jobTitle).toBe("Dev");
    expect(cloud().telephoneNumber).toBeUndefined();
    expect(engine.syncErrors()).toEqual([]);
  });

  it("apply-once keeps the first value; Merge unions multi-valued contributions", () => {
    const { world, people } = smallWorld(1);
    const ad = world.forest();
    ad.modify(people[0]!.objectGUID, { proxyAddresses: ["SMTP:a@contoso.com"], employeeType: "first" });
    const rules: SyncRuleInput[] = [
      inbound("In from AD - User Extra", 40, [
        {
          target: "proxyAddresses",
          expression: 'Split("smtp:alias@contoso.com", ",")',
          merge: "MergeCaseInsensitive",
        },
        { target: "proxyAddresses", source: "proxyAddresses", merge: "MergeCaseInsensitive" },
        { target: "department", source: "employeeType", applyOnce: true },
      ]),
    ];
    startEngine(world, { rules });
    world.scheduler.run({ until: 10 * MINUTE });
    const cloud = () => world.tenant.getByAnchor(sourceAnchorOf(people[0]!))!.attributes;
    expect(cloud().proxyAddresses).toEqual(["smtp:alias@contoso.com", "SMTP:a@contoso.com"]);
    expect(cloud().department).toBe("first");
    ad.modify(people[0]!.objectGUID, { employeeType: "second" });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(cloud().department).toBe("first");
  });

  it("takes %parameters% and the typed API (setCustomRules) the same way", () => {
    const { world, people } = smallWorld(1);
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    const rule: SyncRule = {
      name: "In from AD - User Domain",
      direction: "inbound",
      connector: "ad",
      sourceObjectType: "user",
      targetObjectType: "person",
      precedence: 60,
      scope: [[{ attribute: "department", operator: "EQUAL", value: "sales" }]],
      join: [],
      flows: [
        { kind: "expression", expression: '%Domain.Netbios% & "/" & [sAMAccountName]', target: "title" },
      ],
    };
    engine.setCustomRules([rule]);
    world.scheduler.run({ until: 40 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[0]!))!.attributes.jobTitle).toBe("CONTOSO/user0");
  });
});
