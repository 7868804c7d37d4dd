import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConnectorSpace } from "../../../src/engines/connect/connector-space.js";
import { type SlotInbound, slotValue } from "../../../src/engines/connect/inbound-evaluation.js";
import { join } from "../../../src/engines/connect/join.js";
import { Metaverse, type MvObject } from "../../../src/engines/connect/metaverse.js";
import type { RulePlan } from "../../../src/engines/connect/rule-compiler.js";
import type { RunContext } from "../../../src/engines/connect/run-context.js";
import type { JoinCondition, SyncRule } from "../../../src/engines/connect/sync-rule.js";
import type { AdObject, AttributeValue } from "../../../src/model/ad-object.js";

/**
 * Join (join.ts) counts the candidates of each join group as it finds them instead of listing them. It
 * must pick exactly what listing every candidate and keeping a group with exactly one does.
 */

/** The join as first written: every candidate listed, then kept when it is the only one. */
function listingJoin(
  mv: Metaverse,
  connector: string,
  groupsOf: (rule: SyncRule) => readonly (readonly JoinCondition[])[],
  object: AdObject,
  result: SlotInbound,
): { object: MvObject; rule: SyncRule } | undefined {
  const valuesOf = (source: string): readonly string[] => {
    const own =
      source === "dn" ? object.dn : source === "objectGUID" ? object.objectGUID : object.attributes[source];
    const value = own ?? slotValue(result, source);
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? (value as readonly string[]) : [String(value)];
  };
  for (const rule of result.joinRules) {
    for (const group of groupsOf(rule)) {
      const [first, ...rest] = group;
      if (!first) continue;
      const found = new Map<string, MvObject>();
      for (const v of valuesOf(first.source))
        for (const hit of mv.findBy(rule.targetObjectType, first.target, v, first.caseInsensitive))
          found.set(hit.id, hit);
      const candidates = [...found.values()].filter(
        (candidate) =>
          candidate.links[connector] === undefined &&
          rest.every((cond) => {
            const want = valuesOf(cond.source);
            const have = candidate.attributes[cond.target];
            const list =
              cond.target === "sourceAnchor"
                ? [candidate.sourceAnchor]
                : have === undefined
                  ? []
                  : Array.isArray(have)
                    ? (have as readonly string[])
                    : [String(have)];
            const eq = (a: string, b: string): boolean =>
              cond.caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
            return want.some((w) => list.some((h) => eq(w, h)));
          }),
      );
      if (candidates.length === 1) return { object: candidates[0] as MvObject, rule };
    }
  }
  return undefined;
}

const text = fc.constantFrom("a", "A", "b", "c");
const value: fc.Arbitrary<AttributeValue> = fc.oneof(
  text,
  fc.array(text, { minLength: 1, maxLength: 3 }).map((list) => Object.freeze(list)),
);
const attribute = fc.constantFrom("mail", "upn", "sourceAnchor");
const condition: fc.Arbitrary<JoinCondition> = fc.record({
  source: fc.constantFrom("mail", "upn", "flowed", "dn"),
  target: attribute,
  caseInsensitive: fc.boolean(),
});
const rules = fc.array(
  fc.array(fc.array(condition, { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  { minLength: 1, maxLength: 2 },
);
const mvObjects = fc.array(
  fc.record({
    anchor: text,
    type: fc.constantFrom("person", "group"),
    mail: fc.option(value, { nil: undefined }),
    upn: fc.option(value, { nil: undefined }),
    linked: fc.boolean(),
  }),
  { maxLength: 8 },
);

describe("join", () => {
  it("picks what listing every candidate picks", () => {
    fc.assert(
      fc.property(
        mvObjects,
        rules,
        fc.record({
          mail: fc.option(value, { nil: undefined }),
          flowed: fc.option(text, { nil: undefined }),
        }),
        (objects, ruleGroups, ad) => {
          const mv = new Metaverse(["ad:x", "ad:y"]);
          objects.forEach((o, i) => {
            const id = mv.project(o.type, `${o.anchor}${i}`, "ad:y", `y${i}`).id;
            if (o.linked) mv.link(id, "ad:x", `x${i}`);
            const contributions = [
              ...(o.mail === undefined ? [] : [{ target: "mail", value: o.mail, precedence: 1 }]),
              ...(o.upn === undefined ? [] : [{ target: "upn", value: o.upn, precedence: 1 }]),
            ];
            mv.contribute(id, "ad:y", contributions, 1);
          });
          const syncRules = ruleGroups.map(
            (groups, r) =>
              ({ name: `r${r}`, targetObjectType: r === 0 ? "person" : "group", join: groups }) as never,
          ) as SyncRule[];
          const groupsOf = (rule: SyncRule): readonly (readonly JoinCondition[])[] =>
            rule.join as unknown as readonly (readonly JoinCondition[])[];
          const plan = { targets: ["flowed"] } as unknown as RulePlan;
          const result: SlotInbound = {
            plan,
            values: [ad.flowed],
            provisioningRule: undefined,
            linkRule: undefined,
            joinRules: syncRules,
            errors: [],
          };
          const object = {
            objectGUID: "g",
            dn: "a",
            attributes: ad.mail === undefined ? {} : { mail: ad.mail },
          } as unknown as AdObject;
          const ctx = {
            db: { metaverse: mv },
            pipeline: { joinGroupsOf: groupsOf },
          } as unknown as RunContext;
          const space = { name: "ad:x" } as ConnectorSpace;
          const got = join(ctx, space, object, result);
          const want = listingJoin(mv, "ad:x", groupsOf, object, result);
          expect(got?.object.id).toBe(want?.object.id);
          expect(got?.rule).toBe(want?.rule);
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});
