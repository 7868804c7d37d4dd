import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScopeClause, ScopeOperator, SyncRule } from "../../../src/engines/connect/index.js";
import { clauseHolds, inScope } from "../../../src/engines/connect/scoping.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { smallWorld, startEngine } from "./fixtures.js";

const holds = (
  operator: ScopeOperator,
  value: ScopeClause["value"],
  attribute: string | number | boolean | readonly string[] | undefined,
  memberOf?: (dn: string) => boolean,
): boolean => clauseHolds({ attribute: "a", operator, value }, attribute, memberOf);

describe("Connect scoping operators", () => {
  it("EQUAL / NOTEQUAL compare case-insensitively; multi-valued: any value", () => {
    expect(holds("EQUAL", "Sales", "sales")).toBe(true);
    expect(holds("EQUAL", "Sales", "Ops")).toBe(false);
    expect(holds("EQUAL", "b", ["a", "B"])).toBe(true);
    expect(holds("EQUAL", "x", undefined)).toBe(false);
    expect(holds("NOTEQUAL", "Sales", "Ops")).toBe(true);
    expect(holds("NOTEQUAL", "Sales", "SALES")).toBe(false);
    expect(holds("NOTEQUAL", true, undefined)).toBe(true);
    expect(holds("EQUAL", true, true)).toBe(true);
  });

  it("LESSTHAN / GREATERTHAN (and _OR_EQUAL) compare numbers numerically, text by text order", () => {
    expect(holds("LESSTHAN", 10, 9)).toBe(true);
    expect(holds("LESSTHAN", 10, 10)).toBe(false);
    expect(holds("LESSTHAN_OR_EQUAL", 10, 10)).toBe(true);
    expect(holds("GREATERTHAN", 10, 11)).toBe(true);
    expect(holds("GREATERTHAN", 10, 10)).toBe(false);
    expect(holds("GREATERTHAN_OR_EQUAL", 10, 10)).toBe(true);
    expect(holds("LESSTHAN", "10", "9")).toBe(true); // numeric text compares as numbers
    expect(holds("LESSTHAN", "b", "Apple")).toBe(true);
    expect(holds("GREATERTHAN", 1, undefined)).toBe(false);
  });

  it("STARTSWITH / ENDSWITH / CONTAINS and their NOT forms", () => {
    expect(holds("STARTSWITH", "MSOL_", "msol_abc")).toBe(true);
    expect(holds("NOTSTARTSWITH", "MSOL_", "msol_abc")).toBe(false);
    expect(holds("NOTSTARTSWITH", "MSOL_", undefined)).toBe(true);
    expect(holds("ENDSWITH", ".com", "a@B.COM")).toBe(true);
    expect(holds("NOTENDSWITH", ".com", "a@b.org")).toBe(true);
    expect(holds("CONTAINS", "CNF:", "CN=x\\0ACNF:123")).toBe(true);
    expect(holds("NOTCONTAINS", "CNF:", "CN=x")).toBe(true);
    expect(holds("CONTAINS", "x", ["a", "bx"])).toBe(true);
  });

  it("ISNULL / ISNOTNULL test presence", () => {
    expect(holds("ISNULL", undefined, undefined)).toBe(true);
    expect(holds("ISNULL", undefined, "v")).toBe(false);
    expect(holds("ISNOTNULL", undefined, "v")).toBe(true);
    expect(holds("ISNOTNULL", undefined, undefined)).toBe(false);
  });

  it("ISIN / ISNOTIN take a list or a ;-separated string", () => {
    expect(holds("ISIN", ["Sales", "Ops"], "ops")).toBe(true);
    expect(holds("ISIN", "Sales;Ops", "Sales")).toBe(true);
    expect(holds("ISIN", "Sales;Ops", "HR")).toBe(false);
    expect(holds("ISNOTIN", "Sales;Ops", "HR")).toBe(true);
    expect(holds("ISNOTIN", ["Sales"], "sales")).toBe(false);
  });

  it("ISBITSET / ISNOTBITSET test bits of a number", () => {
    expect(holds("ISBITSET", 2, 514)).toBe(true);
    expect(holds("ISBITSET", 2, 512)).toBe(false);
    expect(holds("ISNOTBITSET", 2, 512)).toBe(true);
    expect(holds("ISBITSET", 2, "514")).toBe(true);
    expect(holds("ISNOTBITSET", 2, undefined)).toBe(true);
  });

  it("ISMEMBEROF / ISNOTMEMBEROF ask the connector space for direct membership", () => {
    const member = (dn: string): boolean => dn === "CN=Pilot,DC=contoso,DC=com";
    expect(holds("ISMEMBEROF", "CN=Pilot,DC=contoso,DC=com", "x", member)).toBe(true);
    expect(holds("ISMEMBEROF", ["CN=Other", "CN=Pilot,DC=contoso,DC=com"], "x", member)).toBe(true);
    expect(holds("ISMEMBEROF", "CN=Other", "x", member)).toBe(false);
    expect(holds("ISNOTMEMBEROF", "CN=Other", "x", member)).toBe(true);
    expect(holds("ISMEMBEROF", "CN=Pilot,DC=contoso,DC=com", "x")).toBe(false);
  });

  it("ANDs clauses inside a group and ORs the groups", () => {
    const rule = (scope: SyncRule["scope"]): SyncRule => ({
      name: "r",
      direction: "inbound",
      connector: "ad",
      sourceObjectType: "user",
      targetObjectType: "person",
      precedence: 50,
      scope,
      join: [],
      flows: [],
    });
    const attrs: Record<string, string> = { department: "Sales", c: "NO" };
    const read = (a: string) => attrs[a];
    const sales: ScopeClause = { attribute: "department", operator: "EQUAL", value: "Sales" };
    const se: ScopeClause = { attribute: "c", operator: "EQUAL", value: "SE" };
    const no: ScopeClause = { attribute: "c", operator: "EQUAL", value: "NO" };
    expect(inScope(rule([]), read)).toBe(true);
    expect(inScope(rule([[sales, se]]), read)).toBe(false);
    expect(inScope(rule([[sales, no]]), read)).toBe(true);
    expect(inScope(rule([[sales, se], [no]]), read)).toBe(true);
    expect(inScope(rule([[se], [{ ...sales, value: "HR" }]]), read)).toBe(false);
  });

  it("group-based filtering (pilot): only direct members sync, and joining the group brings a user in", () => {
    const { world, sales, people } = smallWorld(3);
    const ad = world.forest();
    const pilot = ad.create({ objectClass: "group", parentDn: sales, name: "Pilot" });
    ad.addMember(pilot.objectGUID, people[0]!.objectGUID);
    const engine = startEngine(world, { pilotGroup: pilot.dn });
    world.scheduler.run({ until: 10 * MINUTE });
    const inCloud = () => people.map((p) => world.tenant.getByAnchor(sourceAnchorOf(p)) !== undefined);
    expect(inCloud()).toEqual([true, false, false]);
    expect(engine.inScope(ad.get(people[1]!.objectGUID)!)).toBe(false);
    ad.addMember(pilot.objectGUID, people[2]!.objectGUID);
    world.scheduler.run({ until: 40 * MINUTE });
    expect(inCloud()).toEqual([true, false, true]);
    expect(engine.inScope(ad.get(people[2]!.objectGUID)!)).toBe(true);
    ad.removeMember(pilot.objectGUID, people[0]!.objectGUID);
    world.scheduler.run({ until: 70 * MINUTE });
    expect(inCloud()).toEqual([false, false, true]);
  });

  it("cloudFiltered=true keeps an object out of Entra ID, and false brings it back", () => {
    const { world, people } = smallWorld(2);
    const ad = world.forest();
    ad.modify(people[1]!.objectGUID, { cloudFiltered: true });
    const engine = startEngine(world);
    world.scheduler.run({ until: 10 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[1]!))).toBeUndefined();
    expect(engine.inScope(ad.get(people[1]!.objectGUID)!)).toBe(false);
    ad.modify(people[1]!.objectGUID, { cloudFiltered: false });
    world.scheduler.run({ until: 40 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(people[1]!))).toBeDefined();
  });
});

describe("Connect scoping text tests", () => {
  it("compare as the lower-cased texts would, ASCII or not, without lower-casing a copy", () => {
    const text = fc
      .array(fc.constantFrom("a", "B", "c", "C", "=", ",", "İ", "ß", "Σ", "é", "É", "1"), { maxLength: 8 })
      .map((chars) => chars.join(""));
    const operators = [
      "EQUAL",
      "NOTEQUAL",
      "STARTSWITH",
      "NOTSTARTSWITH",
      "ENDSWITH",
      "NOTENDSWITH",
      "CONTAINS",
      "NOTCONTAINS",
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...operators), text, text, (operator, operand, value) => {
        const lower = operand.toLowerCase();
        const folded = value.toLowerCase();
        const positive = operator.replace(/^NOT/, "");
        const want =
          positive === "EQUAL"
            ? folded === lower
            : positive === "STARTSWITH"
              ? folded.startsWith(lower)
              : positive === "ENDSWITH"
                ? folded.endsWith(lower)
                : folded.includes(lower);
        expect(holds(operator, operand, value)).toBe(operator.startsWith("NOT") ? !want : want);
      }),
    );
  });
});
