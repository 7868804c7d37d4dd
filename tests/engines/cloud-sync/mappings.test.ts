import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  AttributeMappings,
  DEFAULT_MAPPINGS,
  type MappedObjectType,
  resolveMappings,
} from "../../../src/engines/cloud-sync/mappings.js";
import type { AdObject, AttributeValue } from "../../../src/model/ad-object.js";

function adObject(objectClass: MappedObjectType, attributes: Record<string, AttributeValue>): AdObject {
  return {
    objectGUID: "guid-1",
    objectClass,
    dn: "CN=x,DC=contoso,DC=com",
    domain: "contoso.com",
    uSNCreated: 1,
    uSNChanged: 1,
    whenChanged: 0,
    isDeleted: false,
    attributes,
  };
}

const anchorOf = (guid: string): string | undefined => (guid.startsWith("x") ? undefined : `a-${guid}`);

/** What `project` gives, written out naively: a record filled in mapping order. */
function naiveDefault(type: MappedObjectType, object: AdObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of DEFAULT_MAPPINGS[type]) {
    if (m.type !== "direct") throw new Error("defaults are direct mappings");
    const value = object.attributes[m.source];
    if (m.transform === "account-enabled") {
      const uac = object.attributes.userAccountControl;
      out[m.target] = typeof uac !== "number" || (uac & 2) === 0;
    } else if (m.transform === "reference") {
      if (value === undefined) out[m.target] = type === "group" && m.target === "members" ? [] : undefined;
      else if (Array.isArray(value))
        out[m.target] = value.map(anchorOf).filter((a): a is string => a !== undefined);
      else out[m.target] = anchorOf(value as string);
    } else out[m.target] = value;
  }
  return out;
}

describe("AttributeMappings.project", () => {
  const mappings = new AttributeMappings(resolveMappings(undefined));

  test("every mapped target, in mapping order, undefined where AD has no value", () => {
    const attributeArb = fc.record(
      {
        displayName: fc.string(),
        department: fc.string(),
        proxyAddresses: fc.array(fc.string(), { maxLength: 3 }),
        userAccountControl: fc.constantFrom(512, 514),
        manager: fc.constantFrom("m1", "x2"),
        member: fc.array(fc.constantFrom("m1", "m2", "x3"), { maxLength: 4 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.constantFrom<MappedObjectType>("user", "group", "contact"),
        attributeArb,
        (type, attrs) => {
          const object = adObject(type, attrs as Record<string, AttributeValue>);
          const projected = mappings.project(type, object, anchorOf);
          const expected = naiveDefault(type, object);
          expect(Object.keys(projected)).toEqual(Object.keys(expected));
          expect(projected).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  test("a record of its own per object (the shape it starts from is never handed out)", () => {
    const a = mappings.project("user", adObject("user", { displayName: "A" }), anchorOf);
    a.displayName = "changed";
    const b = mappings.project("user", adObject("user", {}), anchorOf);
    expect(b.displayName).toBeUndefined();
    expect(Object.keys(b)).toEqual(DEFAULT_MAPPINGS.user.map((m) => m.target));
  });

  test("an expression that leaves its target out leaves it out; the other targets keep their order", () => {
    const custom = new AttributeMappings(
      resolveMappings({
        user: [
          { type: "expression", target: "department", expression: "IgnoreFlowIfNullOrEmpty([department])" },
          { type: "constant", target: "extra", value: "x" },
        ],
      }),
    );
    const without = custom.project("user", adObject("user", { displayName: "A" }), anchorOf);
    expect("department" in without).toBe(false);
    const targets = DEFAULT_MAPPINGS.user.map((m) => m.target);
    expect(Object.keys(without)).toEqual([...targets.filter((t) => t !== "department"), "extra"]);
    const withValue = custom.project("user", adObject("user", { department: "Sales" }), anchorOf);
    expect(Object.keys(withValue)).toEqual([...targets, "extra"]);
    expect(withValue.department).toBe("Sales");
  });

  test("reference targets per type", () => {
    expect(mappings.referenceTargets("user")).toEqual(["manager"]);
    expect(mappings.referenceTargets("group")).toEqual(["members"]);
    expect(mappings.referenceTargets("contact")).toEqual([]);
  });
});
