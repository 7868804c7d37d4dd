import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LARGE_LIST, MemberLookup, SCANS_BEFORE_SET } from "../../src/scenario/member-lookup.js";

describe("MemberLookup", () => {
  it("answers as the list does, small or large, before and after a large list gets its set", () => {
    const member = fc.integer({ min: 0, max: LARGE_LIST * 2 }).map((i) => `m${i}`);
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(member, { maxLength: LARGE_LIST * 2 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(), member), { maxLength: SCANS_BEFORE_SET * 3 }),
        (lists, asks) => {
          const frozen = lists.map((list) => Object.freeze(list));
          const lookup = new MemberLookup();
          for (const [which, asked] of asks) {
            const list = frozen[which % frozen.length] as readonly string[];
            expect(lookup.has(list, asked)).toBe(list.includes(asked));
          }
        },
      ),
    );
  });

  it("keeps answering correctly once a large list was asked about often enough to get a set", () => {
    const list = Object.freeze(Array.from({ length: LARGE_LIST + 10 }, (_, i) => `g${i}`));
    const lookup = new MemberLookup();
    for (let i = 0; i < SCANS_BEFORE_SET * 2; i++) {
      expect(lookup.has(list, `g${i}`)).toBe(true);
      expect(lookup.has(list, `x${i}`)).toBe(false);
    }
    // A new version of the group is a new list: it is answered from itself, never from the old one's set.
    const next = Object.freeze(list.filter((m) => m !== "g0"));
    expect(lookup.has(next, "g0")).toBe(false);
    expect(lookup.has(list, "g0")).toBe(true);
  });
});
