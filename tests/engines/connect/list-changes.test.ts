import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinctListChanges, listChanges } from "../../../src/engines/connect/list-changes.js";

/** The set differences, in list order and without repeats: what the changes must amount to. */
const difference = (from: readonly string[], to: readonly string[]): string[] => [
  ...new Set(from.filter((v) => !to.includes(v))),
];

describe("listChanges", () => {
  it("finds one member added to or removed from a list", () => {
    expect(listChanges(["a", "b", "c"], ["a", "b", "x", "c"])).toEqual({ removed: [], added: ["x"] });
    expect(listChanges(["a", "b", "c"], ["a", "c"])).toEqual({ removed: ["b"], added: [] });
    expect(listChanges(["a"], ["a"])).toEqual({ removed: [], added: [] });
  });

  it("amounts to the set differences whatever the lists (or gives up on wide differences)", () => {
    const list = fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 12 });
    fc.assert(
      fc.property(list, list, (old, now) => {
        const changes = listChanges(old, now);
        if (!changes) return;
        expect([...new Set(changes.removed)]).toEqual(difference(old, now));
        expect([...new Set(changes.added)]).toEqual(difference(now, old));
      }),
    );
  });

  it("gives up (undefined) when the lists differ too widely for searching them to be cheap", () => {
    const old = Array.from({ length: 200 }, (_, i) => `o${i}`);
    const now = Array.from({ length: 200 }, (_, i) => `n${i}`);
    expect(listChanges(old, now)).toBeUndefined();
  });

  it("answers a large list edited here and there without sets (a big group synced after several edits)", () => {
    const old = Array.from({ length: 5_000 }, (_, i) => `m${i}`);
    const now = old.filter((_, i) => i !== 7 && i !== 2_500 && i !== 4_990).concat(["x1", "x2"]);
    expect(listChanges(old, now)).toEqual({ removed: ["m7", "m2500", "m4990"], added: ["x1", "x2"] });
  });

  it("finds the same differences as the sets when entries move inside a large list", () => {
    const old = Array.from({ length: 1_000 }, (_, i) => `m${i}`);
    const now = ["m999", ...old.slice(0, 999).filter((v) => v !== "m500"), "y"];
    const changes = listChanges(old, now);
    if (changes) expect(changes).toEqual({ removed: ["m500"], added: ["y"] });
  });
});

describe("distinctListChanges", () => {
  it("is the set differences, in list order, of lists that name each value once, however they differ", () => {
    const list = fc.uniqueArray(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), { maxLength: 26 });
    fc.assert(
      fc.property(list, list, (old, now) => {
        const changes = distinctListChanges(old, now);
        expect(changes.removed).toEqual(difference(old, now));
        expect(changes.added).toEqual(difference(now, old));
      }),
    );
  });

  it("answers lists far apart (a big group synced after a hundred edits) as the sets would", () => {
    const old = Array.from({ length: 5_000 }, (_, i) => `m${i}`);
    const gone = new Set(Array.from({ length: 100 }, (_, i) => `m${i * 37}`));
    const joined = Array.from({ length: 100 }, (_, i) => `x${i}`);
    const now = [...old.filter((v) => !gone.has(v)), ...joined];
    expect(distinctListChanges(old, now)).toEqual({ removed: [...gone], added: joined });
    expect(distinctListChanges(old, old.slice())).toEqual({ removed: [], added: [] });
    // A member moved from the start to the end is no change.
    expect(distinctListChanges(old, [...old.slice(1), "m0"])).toEqual({ removed: [], added: [] });
  });
});
