import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  isRecorded,
  MAX_VERSIONS,
  netChanges,
  splicesBetween,
  withoutEntryAt,
} from "../../src/model/list-edits.js";
import { withMembers, withoutMember } from "../../src/model/member-list.js";
import { POSITIONS_FROM, positionOf } from "../../src/model/member-positions.js";

const POOL = Array.from({ length: 700 }, (_, i) => `member-${i}`);

type Edit = { add: true; count: number; from: number } | { add: false; pick: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ add: fc.constant(true as const), count: fc.integer({ min: 1, max: 40 }), from: fc.nat() }),
  fc.record({ add: fc.constant(false as const), pick: fc.nat() }),
  fc.record({ add: fc.constant(false as const), pick: fc.nat() }),
);

/**
 * Applies `edits` as AD's membership writes do to a group of `initial` members, returning every version
 * (large groups find a member's place without a search: member-positions.ts).
 */
function versionsOf(edits: readonly Edit[], initial: number): Array<readonly string[]> {
  const versions: Array<readonly string[]> = [Object.freeze(withMembers([], POOL.slice(0, initial)))];
  let list = versions[0] as readonly string[];
  for (const edit of edits) {
    if (edit.add) {
      const held = new Set(list);
      const added = POOL.slice(edit.from % POOL.length)
        .filter((m) => !held.has(m))
        .slice(0, edit.count);
      if (added.length === 0) continue;
      list = Object.freeze(withMembers(list, added));
    } else {
      if (list.length === 0) continue;
      const member = list[edit.pick % list.length] as string;
      // The place found without a search is the place a search finds.
      expect(positionOf(list, member)).toBe(list.indexOf(member));
      const next = Object.freeze(withoutMember(list, member));
      expect(next).toEqual(list.filter((m) => m !== member));
      list = next;
    }
    versions.push(list);
  }
  return versions;
}

function rebuilt(old: readonly string[], splices: ReturnType<typeof splicesBetween>): string[] {
  const list = [...old];
  for (const { at, removed, inserted } of splices ?? []) {
    expect(list.splice(at, removed.length, ...inserted)).toEqual(removed);
  }
  return list;
}

describe("list edits", () => {
  test("the splices between two versions of a member list rebuild the newer one", () => {
    fc.assert(
      fc.property(
        fc.array(editArb, { minLength: 1, maxLength: 90 }),
        fc.nat(),
        fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: POSITIONS_FROM - 20, max: 600 })),
        fc.option(fc.nat(), { nil: undefined }),
        (edits, back, initial, side) => {
          const versions = versionsOf(edits, initial);
          const now = versions.at(-1) as readonly string[];
          const earlier = versions[
            Math.max(0, versions.length - 1 - (back % versions.length))
          ] as readonly string[];
          // Either an earlier version, or one made from it on the side (an entry dropped by position).
          const old =
            side === undefined || earlier.length === 0
              ? earlier
              : withoutEntryAt(earlier, side % earlier.length);
          const splices = splicesBetween(old, now);
          expect(splices).toBeDefined();
          expect(rebuilt(old, splices)).toEqual(now);
          const { removed, added } = netChanges(splices ?? []);
          expect(new Set(removed)).toEqual(new Set(old.filter((m) => !now.includes(m))));
          expect(new Set(added)).toEqual(new Set(now.filter((m) => !old.includes(m))));
          expect(removed.length + added.length).toBe(new Set(removed).size + new Set(added).size);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("lists not made from one another have no splices", () => {
    const first = Object.freeze(withMembers([], ["a", "b", "c"]));
    const second = Object.freeze(withoutMember(first, "b"));
    const copy = Object.freeze([...second]);
    expect(splicesBetween(first, second)).toEqual([{ at: 1, removed: ["b"], inserted: [] }]);
    expect(splicesBetween(first, first)).toEqual([]);
    // An older version is reached by undoing the splices.
    expect(splicesBetween(second, first)).toEqual([{ at: 1, removed: [], inserted: ["b"] }]);
    expect(splicesBetween(first, copy)).toBeUndefined();
    expect(isRecorded(copy)).toBe(false);
    expect(isRecorded(second)).toBe(true);
    const other = Object.freeze(withMembers([], ["a", "c"]));
    expect(splicesBetween(second, other)).toBeUndefined();
  });

  test("an entry removed by position is recorded as such", () => {
    const list = Object.freeze(withMembers([], ["a", "b", "c", "d"]));
    const without = withoutEntryAt(list, 2);
    expect(without).toEqual(["a", "b", "d"]);
    expect(splicesBetween(list, without)).toEqual([{ at: 2, removed: ["c"], inserted: [] }]);
  });

  test("a member taken out and put back is in neither net change", () => {
    expect(
      netChanges([
        { at: 1, removed: ["b"], inserted: [] },
        { at: 2, removed: [], inserted: ["b", "x"] },
        { at: 0, removed: ["x"], inserted: [] },
      ]),
    ).toEqual({ removed: [], added: [] });
  });

  test("a reader looks back at most MAX_VERSIONS versions", () => {
    let list: readonly string[] = Object.freeze(withMembers([], POOL.slice(0, 300)));
    const versions = [list];
    // A member taken out and put back at the end, over and over: two versions a round.
    for (let i = 0; i < 3 * MAX_VERSIONS; i++) {
      const first = list[0] as string;
      list = Object.freeze(withoutMember(list, first));
      versions.push(list);
      list = Object.freeze(withMembers(list, [first]));
      versions.push(list);
    }
    const back = (steps: number): readonly string[] =>
      versions[versions.length - 1 - steps] as readonly string[];
    expect(rebuilt(back(MAX_VERSIONS), splicesBetween(back(MAX_VERSIONS), list))).toEqual(list);
    expect(splicesBetween(back(MAX_VERSIONS + 1), list)).toBeUndefined();
    expect(splicesBetween(versions[0] as readonly string[], list)).toBeUndefined();
    // (Undoing counts the same.)
    expect(splicesBetween(list, back(MAX_VERSIONS + 1))).toBeUndefined();
  });
});
