import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LARGE_LIST, MemberLookup } from "../../src/scenario/member-lookup.js";

/** One step of a group's life: a new member list made from the last (or the same list asked again). */
const step = fc.record({
  group: fc.constantFrom("g1", "g2"),
  drop: fc.array(fc.nat(), { maxLength: 4 }),
  add: fc.array(fc.integer({ min: 0, max: LARGE_LIST * 3 }), { maxLength: 4 }),
  shuffle: fc.boolean(),
  shrink: fc.boolean(),
  asks: fc.array(fc.integer({ min: 0, max: LARGE_LIST * 3 }), { minLength: 1, maxLength: 6 }),
});

describe("MemberLookup", () => {
  it("answers as the current list does while groups gain, lose, reorder and repeat members", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const lookup = new MemberLookup();
        const lists = new Map<string, readonly string[]>();
        const start = Object.freeze(Array.from({ length: LARGE_LIST + 20 }, (_, i) => `m${i}`));
        for (const s of steps) {
          let next = [...(lists.get(s.group) ?? start)];
          for (const d of s.drop) if (next.length > 0) next.splice(d % next.length, 1);
          for (const a of s.add) next.push(`m${a}`); // may repeat a member already there
          if (s.shuffle && next.length > 2) next = [next[next.length - 1] as string, ...next.slice(0, -1)];
          if (s.shrink) next = next.slice(0, LARGE_LIST - 1);
          const list = Object.freeze(next);
          lists.set(s.group, list);
          for (const a of s.asks) {
            expect(lookup.has(s.group, list, `m${a}`)).toBe(list.includes(`m${a}`));
            const present = list[a % Math.max(list.length, 1)];
            if (present !== undefined) expect(lookup.has(s.group, list, present)).toBe(true);
          }
        }
      }),
    );
  });

  it("carries a large group's counts across versions: a removed member is gone, a repeated one stays", () => {
    const lookup = new MemberLookup();
    const v1 = Object.freeze(Array.from({ length: LARGE_LIST + 10 }, (_, i) => `g${i}`));
    expect(lookup.has("group", v1, "g5")).toBe(true);
    const v2 = Object.freeze([...v1.filter((m) => m !== "g5"), "g7", "new"]);
    expect(lookup.has("group", v2, "g5")).toBe(false);
    expect(lookup.has("group", v2, "new")).toBe(true);
    const v3 = Object.freeze(v2.filter((m, i) => !(m === "g7" && i < 10)));
    // g7 was named twice in v2; v3 still names it once.
    expect(lookup.has("group", v3, "g7")).toBe(true);
    expect(lookup.has("group", v3, "absent")).toBe(false);
  });
});
