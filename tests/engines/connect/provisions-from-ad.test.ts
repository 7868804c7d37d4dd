import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OUT_OF_BOX_RULES } from "../../../src/engines/connect/out-of-box-rules.js";
import { resolveSlots } from "../../../src/engines/connect/precedence.js";
import { RulePipeline } from "../../../src/engines/connect/rule-pipeline.js";
import type { SyncRule } from "../../../src/engines/connect/sync-rule.js";
import { World } from "../../../src/model/world.js";
import { ROOT } from "./fixtures.js";

/**
 * The engine's `inScope` asks `provisionsFromAd`, which evaluates only the flows towards attributes the
 * outbound Provision scopes read (chosen once per plan) and passes over rules with none of them that link
 * nothing, without testing their scope. Whatever the rules and the object, its answer must be the one a
 * whole inbound evaluation, resolved by precedence and put to the outbound Provision rules, gives.
 */

/** A custom inbound user rule: scoped on department, flowing cloudFiltered (read by Provision scopes) or not. */
interface CustomRule {
  readonly precedence: number;
  readonly scoped: boolean;
  readonly provision: boolean;
  readonly flow: "none" | "cloudFiltered-true" | "cloudFiltered-false" | "cloudFiltered-direct" | "title";
}

const customRule: fc.Arbitrary<CustomRule> = fc.record({
  precedence: fc.constantFrom(5, 50, 150),
  scoped: fc.boolean(),
  provision: fc.boolean(),
  flow: fc.constantFrom("none", "cloudFiltered-true", "cloudFiltered-false", "cloudFiltered-direct", "title"),
});

function toRule(input: CustomRule, i: number): SyncRule {
  const flows: SyncRule["flows"] =
    input.flow === "cloudFiltered-true"
      ? [{ kind: "constant", value: true, target: "cloudFiltered" }]
      : input.flow === "cloudFiltered-false"
        ? [{ kind: "constant", value: false, target: "cloudFiltered" }]
        : input.flow === "cloudFiltered-direct"
          ? [
              { kind: "direct", source: "title", target: "department" },
              { kind: "direct", source: "extensionAttribute1", target: "cloudFiltered" },
            ]
          : input.flow === "title"
            ? [{ kind: "direct", source: "title", target: "title" }]
            : [];
  return {
    name: `In from AD - Custom ${i}`,
    direction: "inbound",
    connector: "ad",
    sourceObjectType: "user",
    targetObjectType: "person",
    precedence: input.precedence + i,
    ...(input.provision ? { linkType: "Provision" as const } : {}),
    scope: input.scoped ? [[{ attribute: "department", operator: "EQUAL", value: "sales" }]] : [],
    join: [],
    flows,
  };
}

const user = fc.record({
  department: fc.constantFrom(undefined, "sales", "hr"),
  cloudFiltered: fc.constantFrom(undefined, true, false),
  extensionAttribute1: fc.constantFrom(undefined, "a", "b"),
  title: fc.constantFrom(undefined, "boss"),
});

describe("RulePipeline.provisionsFromAd", () => {
  it("answers what a whole inbound and outbound evaluation answers", () => {
    const world = new World({ seed: 3 });
    const ad = world.forest();
    fc.assert(
      fc.property(
        fc.array(customRule, { maxLength: 4 }),
        fc.array(user, { minLength: 1, maxLength: 6 }),
        (custom, users) => {
          const pipeline = new RulePipeline([...OUT_OF_BOX_RULES, ...custom.map(toRule)]);
          for (const attributes of users) {
            const defined = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined));
            const object = ad.create({
              objectClass: "user",
              parentDn: ROOT,
              name: `u${ad.size}`,
              attributes: defined,
            });
            const whole = pipeline.inboundSlots(object, ad.forest);
            const expected =
              whole.provisioningRule !== undefined &&
              pipeline.provisions("person", resolveSlots(whole.plan, whole.values));
            expect(pipeline.provisionsFromAd(object, ad.forest, "person")).toBe(expected);
          }
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });
});
