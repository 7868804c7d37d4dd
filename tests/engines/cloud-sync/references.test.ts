import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ProvisionedObjects } from "../../../src/engines/cloud-sync/configuration.js";
import {
  NOTHING_GONE,
  ReferenceResolver,
  type ReferenceScope,
} from "../../../src/engines/cloud-sync/references.js";
import { splicesBetween } from "../../../src/model/list-edits.js";
import { withMembers, withoutMember } from "../../../src/model/member-list.js";

const GUIDS = Array.from({ length: 14 }, (_, i) => `g${i}`);
const REFERRERS = ["G1", "G2", "G3"];

/**
 * The reverse links as the service kept them before (every changed write re-links its whole list), with
 * the order `referrersOf` gives: referrers in the order they last (re)named the object.
 */
class NaiveReferences {
  readonly out = new Map<string, readonly string[]>();
  readonly in = new Map<string, Set<string>>();

  set(referrer: string, referenced: readonly string[]): void {
    const before = this.out.get(referrer);
    if (before === undefined && referenced.length === 0) return;
    if (
      before !== undefined &&
      before.length === referenced.length &&
      before.every((g, i) => g === referenced[i])
    )
      return;
    for (const guid of before ?? []) {
      const set = this.in.get(guid);
      set?.delete(referrer);
      if (set?.size === 0) this.in.delete(guid);
    }
    if (referenced.length === 0) {
      this.out.delete(referrer);
      return;
    }
    this.out.set(referrer, referenced);
    for (const guid of referenced) {
      let set = this.in.get(guid);
      if (!set) this.in.set(guid, (set = new Set()));
      set.add(referrer);
    }
  }

  referrersOf(guid: string): string[] {
    return [...(this.in.get(guid) ?? [])];
  }
}

// Any list, or (mostly) a long list in one order with a few entries left out: consecutive writes of a
// group then share most entries, as a membership change leaves them.
const listArb = fc.oneof(
  fc.array(fc.constantFrom(...GUIDS), { maxLength: 12 }),
  fc.subarray(GUIDS.slice(0, 12), { minLength: 8 }),
  fc.subarray(GUIDS.slice(0, 12), { minLength: 8 }),
);

describe("ProvisionedObjects references", () => {
  test("setReferences keeps the same links, in the same order, as re-linking every list", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...REFERRERS), listArb), { maxLength: 40 }), (writes) => {
        const provisioned = new ProvisionedObjects();
        const naive = new NaiveReferences();
        for (const [referrer, list] of writes) {
          provisioned.setReferences(referrer, list);
          naive.set(referrer, list);
          for (const r of REFERRERS) expect(provisioned.referencesOf(r)).toEqual(naive.out.get(r) ?? []);
          for (const g of GUIDS) {
            expect(provisioned.referrersOf(g)).toEqual(naive.referrersOf(g));
            for (const r of REFERRERS)
              expect(provisioned.isReferencedBy(g, r)).toBe(naive.referrersOf(g).includes(r));
          }
        }
      }),
    );
  });
});

/**
 * How a write's references reach the resolver: one by one (`resolve`), as one list (`resolveList`, a
 * group's members), or a single reference and a list in either order (custom mappings).
 */
type How = "each" | "list" | "one+list" | "list+one";

type Step =
  | {
      kind: "write";
      referrer: string;
      list: readonly string[];
      gone: readonly string[];
      pending: readonly string[];
      how: How;
    }
  | { kind: "add"; guid: string; anchor: string }
  | { kind: "remove"; guid: string }
  | { kind: "stale-write"; referrer: string; list: readonly string[]; guid: string; anchor: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("write" as const),
    referrer: fc.constantFrom(...REFERRERS),
    list: listArb,
    gone: fc.subarray(GUIDS, { maxLength: 3 }),
    // Objects later in the reply: mostly ones not provisioned (g10 and up are not, at first).
    pending: fc.subarray(GUIDS.slice(8), { maxLength: 3 }),
    how: fc.constantFrom<How>("each", "list", "list", "one+list", "list+one"),
  }),
  fc.record({
    kind: fc.constant("add" as const),
    guid: fc.constantFrom(...GUIDS),
    anchor: fc.constantFrom("A", "B", "C"),
  }),
  fc.record({ kind: fc.constant("remove" as const), guid: fc.constantFrom(...GUIDS) }),
  // An object re-anchored between a write's resolution and its commit (a concurrent on-demand run).
  fc.record({
    kind: fc.constant("stale-write" as const),
    referrer: fc.constantFrom(...REFERRERS),
    list: listArb,
    guid: fc.constantFrom(...GUIDS),
    anchor: fc.constantFrom("A", "B", "C"),
  }),
);

/** What a write names when every reference is looked up afresh. */
function lookUp(provisioned: ProvisionedObjects, list: readonly string[], scope: ReferenceScope): string[] {
  const out: string[] = [];
  for (const guid of list) {
    if (scope.gone.has(guid)) continue;
    const anchor = provisioned.anchorOf(guid) ?? scope.pending(guid);
    if (anchor !== undefined) out.push(anchor);
  }
  return out;
}

/** The objectGUIDs of `list` that resolve, in order: what a write records as its references. */
function resolving(
  provisioned: ProvisionedObjects,
  list: readonly string[],
  scope: ReferenceScope,
): string[] {
  return list.filter(
    (guid) => !scope.gone.has(guid) && (provisioned.anchorOf(guid) ?? scope.pending(guid)) !== undefined,
  );
}

/**
 * Lists the resolver shares with others (AD values it takes in, anchor lists it hands out, which the
 * tenant stores), each with a copy taken when it was shared: none may change afterwards.
 */
let shared: Array<{ list: readonly string[]; copy: readonly string[] }> = [];

function expectSharedListsUnchanged(): void {
  for (const { list, copy } of shared) expect(list).toEqual(copy);
  shared = [];
}

/** Resolves `list` as the provisioning job does, returning the anchors and what to commit. */
function resolveWith(
  resolver: ReferenceResolver,
  referrer: string,
  list: readonly string[],
  scope: ReferenceScope,
  how: How = "each",
): { anchors: string[]; commit: (provisioned: ProvisionedObjects) => void } {
  resolver.begin(referrer, scope);
  const anchors: string[] = [];
  const one = (guid: string | undefined): void => {
    const anchor = guid === undefined ? undefined : resolver.resolve(guid);
    if (anchor !== undefined) anchors.push(anchor);
  };
  const many = (guids: readonly string[]): void => {
    const resolved = resolver.resolveList(Object.freeze(guids));
    shared.push({ list: resolved, copy: [...resolved] });
    anchors.push(...resolved);
  };
  if (how === "each") for (const guid of list) one(guid);
  else if (how === "list") many(list);
  else if (how === "one+list") {
    one(list[0]);
    many(list.slice(1));
  } else {
    many(list.slice(0, -1));
    one(list.at(-1));
  }
  const write = resolver.end();
  return {
    anchors,
    commit: (provisioned) =>
      provisioned.setReferences(referrer, write.guids, write.anchors, write.generation),
  };
}

describe("ReferenceResolver", () => {
  test("remembered anchors give the same result as looking every reference up", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const provisioned = new ProvisionedObjects();
        const resolver = new ReferenceResolver(provisioned);
        for (const guid of GUIDS.slice(0, 10)) provisioned.add(guid, `anchor-${guid}`);
        for (const step of steps) {
          if (step.kind === "add") provisioned.add(step.guid, `${step.anchor}-${step.guid}`);
          else if (step.kind === "remove") provisioned.remove(step.guid);
          else if (step.kind === "write") {
            const gone = new Set(step.gone);
            const scope: ReferenceScope = {
              gone,
              pending: (guid) => (step.pending.includes(guid) ? `pending-${guid}` : undefined),
            };
            const expected = lookUp(provisioned, step.list, scope);
            const guids = resolving(provisioned, step.list, scope);
            const list = Object.freeze([...step.list]);
            const { anchors, commit } = resolveWith(resolver, step.referrer, list, scope, step.how);
            expect(anchors).toEqual(expected);
            commit(provisioned);
            expect(provisioned.referencesOf(step.referrer)).toEqual(guids);
            shared.push({ list, copy: [...list] });
          } else {
            const scope: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };
            const { commit } = resolveWith(resolver, step.referrer, step.list, scope);
            provisioned.add(step.guid, `${step.anchor}-${step.guid}`);
            commit(provisioned);
          }
        }
        expectSharedListsUnchanged();
      }),
      { numRuns: 1_000 },
    );
  });

  test("a member re-anchored or deprovisioned after the group's write is looked up again", () => {
    const provisioned = new ProvisionedObjects();
    const resolver = new ReferenceResolver(provisioned);
    const members = GUIDS.slice(0, 10);
    for (const guid of members) provisioned.add(guid, `old-${guid}`);
    const scope: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };
    resolveWith(resolver, "G1", members, scope).commit(provisioned);
    expect(provisioned.resolvedReferencesOf("G1")?.anchors).toHaveLength(10);

    provisioned.add("g3", "new-g3");
    expect(provisioned.resolvedReferencesOf("G1")?.anchors).toBeUndefined();
    const second = resolveWith(resolver, "G1", members, scope);
    expect(second.anchors[3]).toBe("new-g3");
    second.commit(provisioned);

    provisioned.remove("g5");
    const third = resolveWith(resolver, "G1", members, scope);
    expect(third.anchors).not.toContain("old-g5");
    expect(third.anchors).toHaveLength(9);
  });

  test("a write resolved before a member was re-anchored does not remember its anchors", () => {
    const provisioned = new ProvisionedObjects();
    const resolver = new ReferenceResolver(provisioned);
    const members = GUIDS.slice(0, 10);
    for (const guid of members) provisioned.add(guid, `old-${guid}`);
    const scope: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };
    const first = resolveWith(resolver, "G1", members, scope);
    provisioned.add("g2", "new-g2");
    first.commit(provisioned);
    expect(provisioned.resolvedReferencesOf("G1")?.anchors).toBeUndefined();
    expect(resolveWith(resolver, "G1", members, scope).anchors[2]).toBe("new-g2");
  });

  test("a remembered member the cycle deprovisions is not referenced", () => {
    const provisioned = new ProvisionedObjects();
    const resolver = new ReferenceResolver(provisioned);
    const members = GUIDS.slice(0, 10);
    for (const guid of members) provisioned.add(guid, `a-${guid}`);
    const none: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };
    resolveWith(resolver, "G1", members, none).commit(provisioned);
    const cycle: ReferenceScope = { gone: new Set(["g4"]), pending: () => undefined };
    expect(resolveWith(resolver, "G1", members, cycle).anchors).not.toContain("a-g4");
  });
  test("a write naming the one reference its last write named keeps the recorded list", () => {
    const provisioned = new ProvisionedObjects();
    const resolver = new ReferenceResolver(provisioned);
    for (const guid of GUIDS.slice(0, 3)) provisioned.add(guid, `a-${guid}`);
    const scope: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };
    resolveWith(resolver, "U1", ["g1"], scope).commit(provisioned);
    const recorded = provisioned.referencesOf("U1");
    resolveWith(resolver, "U1", ["g1"], scope).commit(provisioned);
    expect(provisioned.referencesOf("U1")).toBe(recorded);
    // A second reference of the same write copies the shared list first; a new reference replaces it.
    const both = resolveWith(resolver, "U1", ["g1", "g2"], scope);
    expect(both.anchors).toEqual(["a-g1", "a-g2"]);
    expect(recorded).toEqual(["g1"]);
    both.commit(provisioned);
    expect(provisioned.referencesOf("U1")).toEqual(["g1", "g2"]);
    resolveWith(resolver, "U1", ["g2"], scope).commit(provisioned);
    expect(provisioned.referencesOf("U1")).toEqual(["g2"]);
    expect(provisioned.isReferencedBy("g1", "U1")).toBe(false);
    expect(provisioned.referrersOf("g2")).toEqual(["U1"]);
  });

  describe("a member list resolved at once", () => {
    const members = GUIDS.slice(0, 10);
    const none: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };
    const cases: Array<{
      name: string;
      first: readonly string[];
      second: readonly string[];
      scope?: ReferenceScope;
      firstScope?: ReferenceScope;
    }> = [
      { name: "the same list again", first: members, second: members },
      { name: "a member added at the end", first: members, second: [...members, "g10"] },
      { name: "a member removed", first: members, second: members.filter((g) => g !== "g4") },
      {
        name: "an unresolvable member added in the middle (dropped; the rest kept)",
        first: members,
        second: [...members.slice(0, 5), "g13", ...members.slice(5)],
      },
      {
        name: "a member resolved from the reply (pending) at the start, twice",
        first: ["g12", ...members],
        second: ["g12", ...members],
        firstScope: { gone: NOTHING_GONE, pending: (g) => (g === "g12" ? "pending-g12" : undefined) },
        scope: { gone: NOTHING_GONE, pending: (g) => (g === "g12" ? "pending-g12" : undefined) },
      },
      {
        name: "a member pending at the end first, not any more",
        first: [...members, "g12"],
        second: [...members, "g12"],
        firstScope: { gone: NOTHING_GONE, pending: (g) => (g === "g12" ? "pending-g12" : undefined) },
      },
      {
        name: "a remembered member the cycle deprovisions",
        first: members,
        second: [...members, "g11"],
        scope: { gone: new Set(["g2", "g11"]), pending: () => undefined },
      },
    ];
    for (const c of cases) {
      test(c.name, () => {
        const provisioned = new ProvisionedObjects();
        const resolver = new ReferenceResolver(provisioned);
        for (const guid of GUIDS.slice(0, 12)) provisioned.add(guid, `a-${guid}`);
        const firstScope = c.firstScope ?? none;
        const scope = c.scope ?? none;
        const first = resolveWith(resolver, "G1", c.first, firstScope, "list");
        expect(first.anchors).toEqual(lookUp(provisioned, c.first, firstScope));
        first.commit(provisioned);
        const second = resolveWith(resolver, "G1", c.second, scope, "list");
        expect(second.anchors).toEqual(lookUp(provisioned, c.second, scope));
        second.commit(provisioned);
        expect(provisioned.referencesOf("G1")).toEqual(resolving(provisioned, c.second, scope));
        // A member appended after the list (custom mappings) does not change the shared lists.
        const third = resolveWith(resolver, "G1", [...c.second, "g11"], scope, "list+one");
        expect(third.anchors).toEqual(lookUp(provisioned, [...c.second, "g11"], scope));
        expectSharedListsUnchanged();
      });
    }
  });
});

/**
 * A group's member list as AD writes it: each version made from the last by adding or removing members
 * (withMembers/withoutMember), which records the splices that made it (model/list-edits.ts).
 */
type Edit = { kind: "add-members"; guids: readonly string[] } | { kind: "remove-member"; pick: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant("add-members" as const),
    guids: fc.uniqueArray(fc.constantFrom(...GUIDS), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("remove-member" as const), pick: fc.nat() }),
);

function edited(list: readonly string[], edit: Edit): readonly string[] {
  if (edit.kind === "add-members") {
    const added = edit.guids.filter((guid) => !list.includes(guid));
    return added.length === 0 ? list : Object.freeze(withMembers(list, added));
  }
  if (list.length === 0) return list;
  return Object.freeze(withoutMember(list, list[edit.pick % list.length] as string));
}

describe("member lists AD made from the last write's list", () => {
  test("resolve, link and splice as looking every member up would", () => {
    const stepArb2 = fc.oneof(
      fc.record({
        kind: fc.constant("edits" as const),
        referrer: fc.constantFrom(...REFERRERS),
        edits: fc.array(editArb, { maxLength: 4 }),
        gone: fc.subarray(GUIDS, { maxLength: 2 }),
        pending: fc.subarray(GUIDS.slice(10), { maxLength: 2 }),
      }),
      fc.record({
        kind: fc.constant("add" as const),
        guid: fc.constantFrom(...GUIDS),
        anchor: fc.constantFrom("A", "B"),
      }),
      fc.record({ kind: fc.constant("remove" as const), guid: fc.constantFrom(...GUIDS) }),
    );
    fc.assert(
      fc.property(fc.array(stepArb2, { maxLength: 30 }), (steps) => {
        const provisioned = new ProvisionedObjects();
        const resolver = new ReferenceResolver(provisioned);
        const naive = new NaiveReferences();
        for (const guid of GUIDS.slice(0, 12)) provisioned.add(guid, `anchor-${guid}`);
        // Each group starts with the first nine objects (long enough for its anchors to be remembered).
        const lists = new Map(REFERRERS.map((r) => [r, Object.freeze(withMembers([], GUIDS.slice(0, 9)))]));
        const written = new Map<string, readonly string[]>();
        for (const step of steps) {
          if (step.kind === "add") provisioned.add(step.guid, `${step.anchor}-${step.guid}`);
          else if (step.kind === "remove") provisioned.remove(step.guid);
          else {
            let list = lists.get(step.referrer) as readonly string[];
            for (const edit of step.edits) list = edited(list, edit);
            lists.set(step.referrer, list);
            const scope: ReferenceScope = {
              gone: new Set(step.gone),
              pending: (guid) => (step.pending.includes(guid) ? `pending-${guid}` : undefined),
            };
            const { anchors, commit } = resolveWith(resolver, step.referrer, list, scope, "list");
            expect(anchors).toEqual(lookUp(provisioned, list, scope));
            // The written list, when made from the last one, says how: the splices rebuild it.
            const before = written.get(step.referrer);
            const splices = before === undefined ? undefined : splicesBetween(before, anchors);
            if (before !== undefined && splices !== undefined) {
              const rebuilt = [...before];
              for (const { at, removed, inserted } of splices)
                expect(rebuilt.splice(at, removed.length, ...inserted)).toEqual(removed);
              expect(rebuilt).toEqual(anchors);
            }
            written.set(step.referrer, anchors);
            commit(provisioned);
            const guids = resolving(provisioned, list, scope);
            naive.set(step.referrer, guids);
            expect(provisioned.referencesOf(step.referrer)).toEqual(guids);
          }
          for (const g of GUIDS) expect(provisioned.referrersOf(g)).toEqual(naive.referrersOf(g));
        }
      }),
      { numRuns: 500 },
    );
  });

  test("a write after a few AD edits looks up only the members added", () => {
    const provisioned = new ProvisionedObjects();
    const resolver = new ReferenceResolver(provisioned);
    for (const guid of GUIDS) provisioned.add(guid, `a-${guid}`);
    const none: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };
    const first = Object.freeze(withMembers([], GUIDS.slice(0, 10)));
    resolveWith(resolver, "G1", first, none, "list").commit(provisioned);
    // g3 leaves; g12 and g13 join, then g12 leaves again and g2 too: only g13 is looked up.
    let second: readonly string[] = Object.freeze(withoutMember(first, "g3"));
    second = Object.freeze(withMembers(second, ["g12", "g13"]));
    second = Object.freeze(withoutMember(second, "g12"));
    second = Object.freeze(withoutMember(second, "g2"));
    const looked: string[] = [];
    const anchorOf = provisioned.anchorOf.bind(provisioned);
    provisioned.anchorOf = (guid: string) => {
      looked.push(guid);
      return anchorOf(guid);
    };
    const { anchors, commit } = resolveWith(resolver, "G1", second, none, "list");
    expect(looked).toEqual(["g13"]);
    expect(anchors).toEqual(second.map((g) => `a-${g}`));
    commit(provisioned);
    expect(provisioned.isReferencedBy("g3", "G1")).toBe(false);
    expect(provisioned.isReferencedBy("g12", "G1")).toBe(false);
    expect(provisioned.referrersOf("g13")).toEqual(["G1"]);
  });
});
