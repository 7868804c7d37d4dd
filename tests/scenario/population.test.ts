import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { domainToDn } from "../../src/model/dn.js";
import { createWorld, type World } from "../../src/model/world.js";
import { LiveSet, Population } from "../../src/scenario/population.js";

function world(): World {
  return createWorld({ seed: 1, forests: [{ name: "contoso.com" }, { name: "fabrikam.com" }] });
}

function members(set: LiveSet): string[] {
  return Array.from({ length: set.size }, (_, i) => set.at(i) as string);
}

describe("Population", () => {
  it("finds generated names by index and other names by map; a later registration of a name wins", () => {
    const w = world();
    const population = new Population(w, new Set());
    const home = w.forest();
    const other = w.forest("fabrikam.com");
    const create = (name: string, objectClass: "user" | "group" = "user", directory = home) =>
      directory.create({ objectClass, parentDn: domainToDn(directory.forest), name }).objectGUID;
    const u1 = create("user-1");
    const u2 = create("user-2");
    population.register("user-1", "user", home, u1);
    population.register("User-2", "user", home, u2);
    const hire = create("hire-1", "user", other);
    population.register("hire-1", "user", other, hire);
    expect(population.byName("user-1")).toEqual({ kind: "user", directory: home, objectGUID: u1 });
    expect(population.byName("USER-2")?.objectGUID).toBe(u2);
    expect(population.byName("hire-1")).toEqual({ kind: "user", directory: other, objectGUID: hire });
    expect(population.byName("user-3")).toBeUndefined();
    expect(population.byName("nobody")).toBeUndefined();
    // A name registered again (a create reusing it, a restore) points at the object registered last.
    population.register("user-1", "user", home, u2);
    expect(population.byName("user-1")?.objectGUID).toBe(u2);
    population.register("user-1", "user", home, u1);
    expect(population.byName("user-1")?.objectGUID).toBe(u1);
    const group = create("group-1", "group");
    population.register("group-1", "group", home, group);
    expect(population.byName("group-1")?.kind).toBe("group");
    const copy = population.fork(w.fork());
    expect(copy.byName("user-2")?.objectGUID).toBe(u2);
    expect(copy.byName("hire-1")?.directory.forest).toBe("fabrikam.com");
  });

  it("starts every user at serial 1 and stores only the serials that moved on", () => {
    const w = world();
    const population = new Population(w, new Set());
    expect(population.initialSerial()).toBe(1);
    expect(population.serialOf("g1")).toBe(1);
    expect(population.nextSerial("g1")).toBe(2);
    expect(population.nextSerial("g1")).toBe(3);
    expect(population.serialOf("g2")).toBe(1);
    const copy = population.fork(w.fork());
    expect(copy.serialOf("g1")).toBe(3);
    population.nextSerial("g1");
    expect(copy.serialOf("g1")).toBe(3);
  });

  it("keeps the disposable sets exactly as sets kept apart from the start would be", () => {
    type Op =
      | { kind: "register"; guid: number; reserved: boolean; workload: boolean }
      | { kind: "unregister"; guid: number }
      | { kind: "keep"; guid: number }
      | { kind: "fork" };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        kind: fc.constant("register" as const),
        guid: fc.nat(12),
        reserved: fc.boolean(),
        workload: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("unregister" as const), guid: fc.nat(12) }),
      fc.record({ kind: fc.constant("keep" as const), guid: fc.nat(12) }),
      fc.constant({ kind: "fork" as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const w = world();
        const reserved = new Set([
          "r-0",
          "r-1",
          "r-2",
          "r-3",
          "r-4",
          "r-5",
          "r-6",
          "r-7",
          "r-8",
          "r-9",
          "r-10",
          "r-11",
          "r-12",
        ]);
        let population = new Population(w, reserved);
        // The reference: live and disposable kept as two sets from the start (the former implementation).
        const live = new LiveSet();
        const disposable = new LiveSet();
        for (const o of ops) {
          if (o.kind === "fork") {
            population = population.fork(w.fork());
            continue;
          }
          const guid = `g${o.guid}`;
          if (o.kind === "register") {
            const name = o.reserved ? `r-${o.guid}` : `n-${o.guid}`;
            population.register(name, "user", w.forest(), guid, { workload: o.workload });
            if (o.workload) {
              live.add(guid);
              if (!o.reserved) disposable.add(guid);
            }
          } else if (o.kind === "unregister") {
            population.unregister("user", guid);
            live.remove(guid);
            disposable.remove(guid);
          } else {
            population.keepFromDisposal("user", guid);
            disposable.remove(guid);
          }
          expect(members(population.live.user)).toEqual(members(live));
          expect(members(population.disposable.user)).toEqual(members(disposable));
        }
      }),
    );
  });
});
