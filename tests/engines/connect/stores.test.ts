import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectorSpace } from "../../../src/engines/connect/connector-space.js";
import { Metaverse } from "../../../src/engines/connect/metaverse.js";
import { ReferenceIndex } from "../../../src/engines/connect/reference-index.js";
import type { AdObject } from "../../../src/model/ad-object.js";

/** A bare AD object record (the connector space only reads these fields). */
/** The record `space` holds for `anchor` (there must be one). */
function heldRecord(space: ConnectorSpace, anchor: string) {
  const record = space.get(anchor);
  if (!record) throw new Error(`${anchor} is not held`);
  return record;
}

function adObject(guid: string, dn: string, usn: number, member?: readonly string[]): AdObject {
  return Object.freeze({
    objectGUID: guid,
    objectClass: member ? "group" : "user",
    dn,
    domain: "contoso.com",
    isDeleted: false,
    attributes: Object.freeze(member ? { member: Object.freeze([...member]) } : {}),
    uSNChanged: usn,
  }) as unknown as AdObject;
}

describe("ConnectorSpace DN index (built on first use, then kept up to date)", () => {
  it("finds objects staged before and after the first look-up, through renames and deletes", () => {
    const space = new ConnectorSpace("contoso.com");
    space.stage(adObject("g1", "CN=One,OU=Sales,DC=contoso,DC=com", 1));
    // First look-up builds the index from what is held (case-insensitive).
    expect(space.getByDn("cn=one,ou=sales,dc=contoso,dc=com")?.anchor).toBe("g1");
    // Staged after the index exists: indexed at once.
    space.stage(adObject("g2", "CN=Two,OU=Sales,DC=contoso,DC=com", 2));
    expect(space.getByDn("CN=Two,OU=Sales,DC=contoso,DC=com")?.anchor).toBe("g2");
    // A rename moves the entry.
    space.stage(adObject("g1", "CN=Uno,OU=IT,DC=contoso,DC=com", 3));
    expect(space.getByDn("CN=One,OU=Sales,DC=contoso,DC=com")).toBeUndefined();
    expect(space.getByDn("CN=Uno,OU=IT,DC=contoso,DC=com")?.anchor).toBe("g1");
    // A synced delete removes it.
    space.commit(heldRecord(space, "g2"), "mv-2");
    space.stageDelete("g2");
    space.commit(heldRecord(space, "g2"), undefined);
    expect(space.getByDn("CN=Two,OU=Sales,DC=contoso,DC=com")).toBeUndefined();
    // Emptied (database loss): nothing is found, and the index is rebuilt from what is staged next.
    space.clear();
    expect(space.getByDn("CN=Uno,OU=IT,DC=contoso,DC=com")).toBeUndefined();
    space.stage(adObject("g3", "CN=Three,DC=contoso,DC=com", 4));
    expect(space.getByDn("CN=Three,DC=contoso,DC=com")?.anchor).toBe("g3");
  });

  it("answers as an index kept from the start would, whatever the order of changes and look-ups", () => {
    const dns = ["CN=A,DC=x", "CN=B,DC=x", "CN=C,DC=x", "CN=D,DC=x"];
    const step = fc.oneof(
      fc.record({
        op: fc.constant("stage" as const),
        guid: fc.integer({ min: 0, max: 3 }),
        dn: fc.integer({ min: 0, max: 3 }),
      }),
      fc.record({ op: fc.constant("delete" as const), guid: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ op: fc.constant("look" as const), dn: fc.integer({ min: 0, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const space = new ConnectorSpace("x");
        // The model: each held object's current DN; DNs are unique in a forest, so a stage that would
        // take another held object's DN is skipped.
        const held = new Map<string, string>();
        let usn = 0;
        for (const s of steps) {
          if (s.op === "stage") {
            const guid = `g${s.guid}`;
            const dn = dns[s.dn] as string;
            const owner = [...held].find(([, d]) => d === dn)?.[0];
            if (owner !== undefined && owner !== guid) continue;
            space.stage(adObject(guid, dn, ++usn));
            held.set(guid, dn);
          } else if (s.op === "delete") {
            const guid = `g${s.guid}`;
            // A never-synced add and its delete cancel out; a staged delete waits for its sync.
            if (space.stageDelete(guid)) {
              const staged = space.get(guid);
              if (staged) space.commit(staged, undefined);
            }
            held.delete(guid);
          } else {
            const dn = dns[s.dn] as string;
            const want = [...held].find(([, d]) => d === dn)?.[0];
            expect(space.getByDn(dn.toLowerCase())?.anchor).toBe(want);
          }
        }
      }),
    );
  });
});

describe("Metaverse shared contribution records", () => {
  const slotsFor = (targets: string[]) => targets.map((target) => ({ target, precedence: 100 }));

  it("objects sharing a derivable record keep their own attributes through later changes", () => {
    const mv = new Metaverse(["ad:x"]);
    const a = mv.project("person", "A", "ad:x", "ga");
    const b = mv.project("person", "B", "ad:x", "gb");
    const flows = slotsFor(["displayName", "department"]);
    mv.contribute(
      a.id,
      "ad:x",
      flows.map((f, i) => ({ ...f, value: `a${i}` })),
      1,
    );
    mv.contribute(
      b.id,
      "ad:x",
      flows.map((f, i) => ({ ...f, value: `b${i}` })),
      2,
    );
    expect(mv.contributionOf(a.id, "ad:x")?.values).toBeUndefined();
    // A second connector joins one of them: its record is spelled out, the other object is untouched.
    mv.link(b.id, "ad:y", "gy");
    mv.contribute(b.id, "ad:y", [{ target: "title", value: "y", precedence: 50 }], 3);
    expect(mv.get(a.id)?.attributes).toEqual({ displayName: "a0", department: "a1" });
    expect(mv.get(b.id)?.attributes).toEqual({ displayName: "b0", department: "b1", title: "y" });
    mv.disconnect(b.id, "ad:y");
    expect(mv.get(b.id)?.attributes).toEqual({ displayName: "b0", department: "b1" });
    expect(mv.get(a.id)?.attributes).toEqual({ displayName: "a0", department: "a1" });
  });
});

describe("ReferenceIndex referrers (one id, or a set from the second on)", () => {
  it("lists referrers in first-referred order as a set of every referrer would", () => {
    const step = fc.record({
      id: fc.integer({ min: 0, max: 3 }),
      keys: fc.subarray(["k1", "k2", "k3"]),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const index = new ReferenceIndex();
        const attributes = new Map<string, Readonly<Record<string, readonly string[]>>>();
        const model = new Map<string, Set<string>>();
        for (const { id, keys } of steps) {
          const name = `mv-${id}`;
          const before = attributes.get(name) ?? {};
          const after: Readonly<Record<string, readonly string[]>> = keys.length > 0 ? { member: keys } : {};
          index.update(name, before, after);
          attributes.set(name, after);
          for (const key of ["k1", "k2", "k3"]) {
            const set = model.get(key) ?? new Set<string>();
            model.set(key, set);
            if (keys.includes(key)) set.add(name);
            else set.delete(name);
          }
          for (const [key, set] of model) {
            expect(index.referrersOf(key)).toEqual([...set]);
            expect(index.has(key)).toBe(set.size > 0);
          }
        }
      }),
    );
  });
});
