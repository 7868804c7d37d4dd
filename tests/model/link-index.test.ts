import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LinkIndex } from "../../src/model/link-index.js";

/** The reference: a Set per key, dropped when empty (what LinkIndex replaces). */
function modelValues(model: Map<string, Set<string>>, key: string): string[] {
  return [...(model.get(key) ?? [])];
}

const KEYS = ["a", "b", "c"];
const VALUES = ["g1", "g2", "g3", "g4"];
const op = fc.record({
  add: fc.boolean(),
  key: fc.constantFrom(...KEYS),
  value: fc.constantFrom(...VALUES),
});

describe("LinkIndex", () => {
  it("keeps each key's values in link order, as a Set per key would", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const links = new LinkIndex();
        const model = new Map<string, Set<string>>();
        for (const { add, key, value } of ops) {
          let set = model.get(key);
          if (add) {
            links.add(key, value);
            if (!set) model.set(key, (set = new Set()));
            set.add(value);
          } else {
            links.delete(key, value);
            set?.delete(value);
            if (set?.size === 0) model.delete(key);
          }
          for (const k of KEYS) {
            expect(links.valuesOf(k)).toEqual(modelValues(model, k));
            for (const v of VALUES) expect(links.has(k, v)).toBe(model.get(k)?.has(v) ?? false);
          }
        }
      }),
    );
  });

  it("goes from a bare value to a set and back without losing order", () => {
    const links = new LinkIndex();
    links.add("m", "g1");
    links.add("m", "g1");
    expect(links.valuesOf("m")).toEqual(["g1"]);
    links.add("m", "g2");
    links.add("m", "g3");
    links.delete("m", "g1");
    links.delete("m", "g3");
    expect(links.valuesOf("m")).toEqual(["g2"]);
    links.add("m", "g1");
    expect(links.valuesOf("m")).toEqual(["g2", "g1"]);
    links.delete("m", "g2");
    links.delete("m", "g1");
    expect(links.valuesOf("m")).toEqual([]);
    expect(links.has("m", "g1")).toBe(false);
  });

  it("clones into an independent copy", () => {
    const links = new LinkIndex();
    links.add("m", "g1");
    links.add("n", "g1");
    links.add("n", "g2");
    const copy = links.clone();
    copy.add("m", "g3");
    copy.delete("n", "g1");
    links.add("n", "g4");
    expect(links.valuesOf("m")).toEqual(["g1"]);
    expect(links.valuesOf("n")).toEqual(["g1", "g2", "g4"]);
    expect(copy.valuesOf("m")).toEqual(["g1", "g3"]);
    expect(copy.valuesOf("n")).toEqual(["g2"]);
  });

  it("hands out fresh arrays", () => {
    const links = new LinkIndex();
    links.add("m", "g1");
    const values = links.valuesOf("m");
    values.push("x");
    expect(links.valuesOf("m")).toEqual(["g1"]);
  });
});
