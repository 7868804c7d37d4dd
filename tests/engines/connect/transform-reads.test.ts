import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readAd, transform, transformReads } from "../../../src/engines/connect/flow-values.js";
import type { FlowFunctionName } from "../../../src/engines/connect/sync-rule.js";
import type { AdObject, AttributeValue } from "../../../src/model/ad-object.js";

/**
 * A patched delta sync (sync.ts) re-evaluates a transform flow only when an attribute in its
 * `transformReads` list changed. That list must name everything `transform` reads: if it missed one, an
 * edit of that attribute would leave the metaverse (and the cloud) with a stale value. Here every
 * transform is evaluated before and after random edits of attributes outside its list; the value must not
 * move. (Drop `userAccountControl` from accountEnabled's list, or `mS-DS-ConsistencyGuid` from
 * sourceAnchor's, and this fails.)
 */

const FOREST = "contoso.com";
const FUNCTIONS: readonly FlowFunctionName[] = [
  "accountEnabled",
  "sourceAnchor",
  "referenceIn",
  "referenceOut",
];
const SOURCES = ["objectGUID", "manager", "member", "userAccountControl", "department", "dn"] as const;
/** Attributes an edit may touch, `objectGUID` and `dn` (the object's own fields) included. */
const EDITABLE = [
  "objectGUID",
  "dn",
  "userAccountControl",
  "mS-DS-ConsistencyGuid",
  "manager",
  "member",
  "department",
  "displayName",
  "proxyAddresses",
] as const;

const guid = fc.uuid({ version: 4 });
/** A value of the right kind for the attribute (what AD would hold there). */
function valueFor(attribute: (typeof EDITABLE)[number]): fc.Arbitrary<AttributeValue | undefined> {
  switch (attribute) {
    case "userAccountControl":
      return fc.option(fc.constantFrom(512, 514, 66048, 66050), { nil: undefined });
    case "objectGUID":
      return guid;
    case "mS-DS-ConsistencyGuid":
    case "manager":
      return fc.option(guid, { nil: undefined });
    case "member":
      return fc.option(
        fc.array(guid, { maxLength: 3 }).map((list): AttributeValue => Object.freeze(list)),
        { nil: undefined },
      );
    case "dn":
      return fc.constantFrom("CN=a,OU=Sales,DC=contoso,DC=com", "CN=b,OU=IT,DC=contoso,DC=com");
    case "proxyAddresses":
      return fc.option(fc.constant(Object.freeze(["SMTP:a@contoso.com"])), { nil: undefined });
    default:
      return fc.option(fc.constantFrom("Sales", "IT", "x"), { nil: undefined });
  }
}

const edit = fc
  .constantFrom(...EDITABLE)
  .chain((attribute) => valueFor(attribute).map((value) => ({ attribute, value })));

/** A user record with these identity and attributes (nothing else a transform could read). */
function userRecord(objectGUID: string, attributes: Readonly<Record<string, AttributeValue>> = {}): AdObject {
  return {
    objectGUID,
    objectClass: "user",
    dn: "CN=u,OU=Sales,DC=contoso,DC=com",
    domain: FOREST,
    uSNCreated: 1,
    uSNChanged: 1,
    whenChanged: 0,
    isDeleted: false,
    attributes,
  };
}

const user: fc.Arbitrary<AdObject> = fc
  .tuple(guid, fc.array(edit, { maxLength: 6 }))
  .map(([id, edits]) => edits.reduce(applyEdit, userRecord(id)));

function applyEdit(object: AdObject, { attribute, value }: { attribute: string; value: unknown }): AdObject {
  if (attribute === "objectGUID") return { ...object, objectGUID: value as string };
  if (attribute === "dn") return { ...object, dn: value as string };
  const attributes: Record<string, AttributeValue> = { ...object.attributes };
  if (value === undefined) delete attributes[attribute];
  else attributes[attribute] = value as AttributeValue;
  return { ...object, attributes };
}

/** The flow's value, as sync evaluates it: the source read from the object, then the transform. */
function evaluate(fn: FlowFunctionName, source: string, object: AdObject): AttributeValue | undefined {
  // A resolver that depends only on the key it is given (what the reference cache answers from).
  const resolve = (key: string): string | undefined => `anchor:${key}`;
  return transform(fn, readAd(object, source), object, FOREST, resolve);
}

describe("transformReads", () => {
  it("names everything a transform reads: edits of anything else leave its value as it was", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FUNCTIONS),
        fc.constantFrom(...SOURCES),
        user,
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        (fn, source, object, edits) => {
          const reads = new Set(transformReads(fn, source));
          const outside = edits.filter((e) => !reads.has(e.attribute));
          const after = outside.reduce(applyEdit, object);
          expect(evaluate(fn, source, after)).toEqual(evaluate(fn, source, object));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("is not trivially safe: each transform's value does move with what it names", () => {
    const base = userRecord("6f9619ff-8b86-d011-b42d-00c04fc964ff", {
      userAccountControl: 512,
      manager: "11111111-2222-4333-8444-555555555555",
    });
    const moved = (fn: FlowFunctionName, source: string, attribute: string, value: unknown): boolean =>
      JSON.stringify(evaluate(fn, source, applyEdit(base, { attribute, value }))) !==
      JSON.stringify(evaluate(fn, source, base));
    expect(moved("accountEnabled", "department", "userAccountControl", 514)).toBe(true);
    expect(
      moved("sourceAnchor", "department", "mS-DS-ConsistencyGuid", "0b7e0ffe-94c1-4f77-8a52-1d1b40b4e3a6"),
    ).toBe(true);
    expect(moved("sourceAnchor", "department", "objectGUID", "0b7e0ffe-94c1-4f77-8a52-1d1b40b4e3a6")).toBe(
      true,
    );
    expect(moved("referenceIn", "manager", "manager", "0b7e0ffe-94c1-4f77-8a52-1d1b40b4e3a6")).toBe(true);
    expect(moved("referenceOut", "manager", "manager", "x")).toBe(true);
    for (const fn of FUNCTIONS) expect(transformReads(fn, "department")).toContain("department");
  });
});
