import { describe, expect, it } from "vitest";
import { copyOfList, withMembers, withoutMember } from "../../src/model/member-list.js";

/** A group's member list, version after version: plain copies of frozen lists. */
describe("member lists", () => {
  const frozen = Object.freeze(["a", "b", "c", "d"]);

  it("copies a frozen list into a plain one, all of it or its first entries", () => {
    const all = copyOfList(frozen);
    expect(all).toEqual(["a", "b", "c", "d"]);
    expect(Object.isFrozen(all)).toBe(false);
    all.push("e");
    expect(frozen).toHaveLength(4);
    expect(copyOfList(frozen, 2)).toEqual(["a", "b"]);
    expect(copyOfList(frozen, 0)).toEqual([]);
    // A count past the end copies the whole list, no holes.
    expect(copyOfList(frozen, 9)).toEqual(["a", "b", "c", "d"]);
  });

  it("adds and removes members in a new list, the old one left as it was", () => {
    expect(withMembers(frozen, ["e", "f"])).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(withoutMember(frozen, "b")).toEqual(["a", "c", "d"]);
    expect(frozen).toEqual(["a", "b", "c", "d"]);
  });
});
