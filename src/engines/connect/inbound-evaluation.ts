import type { AdObject, AttributeValue } from "../../model/ad-object.js";
import type { Expression } from "../expression/index.js";
import { type InboundScan, newScan, reused } from "./evaluation-scratch.js";
import { adReader, expressionValue, type FlowError, IGNORED, parameterReader } from "./flow-expressions.js";
import { NONE, readAd, transform } from "./flow-values.js";
import {
  type FlowContribution,
  type PriorContribution,
  priorValue,
  slotContributions,
} from "./precedence.js";
import type { RulePlan } from "./rule-compiler.js";
import { type CompiledScope, compiledInScope, type MembershipTest } from "./scoping.js";
import type { AttributeFlow, SyncRule } from "./sync-rule.js";

/**
 * Inbound evaluation of one AD object: its class's rules scoped, the link and join rules in scope found, and
 * every in-scope flow's value put in its slot (one array per object), then read back by target. The rule
 * loop ({@link scanInbound}) also serves the provisioning question (provisioning-question.ts), which has it
 * evaluate only some flows.
 */

/** Inbound evaluation of one AD object, compact: one value per slot of the class's plan. @internal */
export interface SlotInbound {
  readonly plan: RulePlan;
  readonly values: (AttributeValue | null | undefined)[];
  readonly provisioningRule: SyncRule | undefined;
  readonly linkRule: SyncRule | undefined;
  readonly joinRules: readonly SyncRule[];
  readonly errors: readonly FlowError[];
}

/**
 * Inbound rules of one AD object: scope (per rule, compiled), link and join rules, and every in-scope
 * flow's value in its slot. With `reuse`, the result and its values are the reusable ones (see
 * {@link Scratch}): valid until the next such evaluation, so the caller must copy what it keeps. @internal
 */
export function evaluateInbound(
  plan: RulePlan,
  expressions: ReadonlyMap<AttributeFlow, Expression>,
  object: AdObject,
  forest: string,
  memberOf: MembershipTest | undefined,
  previous?: PriorContribution,
  reuse = false,
): SlotInbound {
  const scan = reuse
    ? reused.scanFor(plan)
    : newScan(plan, new Array<AttributeValue | null | undefined>(plan.flows.length).fill(undefined));
  scanInbound(scan, expressions, object, forest, memberOf, previous, undefined);
  return scan;
}

/**
 * Per rule of a plan (by index), the indexes of the flows an evaluation needs (see {@link flowsTowards}).
 * @internal
 */
export type FlowSelection = readonly (readonly number[])[];

/**
 * The rule loop of {@link evaluateInbound}: fills the scan's values, rules and errors. With `only`, just the
 * selected flows of each rule (and a rule with none that links nothing is passed over): values towards
 * other targets, join rules and errors are then not what a whole evaluation gives. @internal
 */
export function scanInbound(
  scan: InboundScan,
  expressions: ReadonlyMap<AttributeFlow, Expression>,
  object: AdObject,
  forest: string,
  memberOf: MembershipTest | undefined,
  previous: PriorContribution | undefined,
  only: FlowSelection | undefined,
): void {
  const { plan, values } = scan;
  // Rules sharing one compiled filter (rule-compiler.ts) test it once.
  let lastScope: CompiledScope | undefined;
  let lastInScope = false;
  // In-scope join rules: while they are the plan's first ones (all of them, usually), a count into the
  // plan's shared list; a list of the object's own only once one was out of scope.
  let joins = 0;
  let joinList: SyncRule[] | undefined;
  const rules = plan.rules;
  for (let r = 0; r < rules.length; r++) {
    const planned = rules[r] as RulePlan["rules"][number];
    const rule = planned.rule;
    // A rule none of whose flows is selected, and that links nothing, cannot change the answer: its scope
    // is not tested.
    const selected = only?.[r];
    if (selected !== undefined && selected.length === 0 && rule.linkType === undefined) continue;
    if (rule.forest !== undefined && rule.forest !== forest) continue;
    if (planned.scope !== lastScope) {
      lastScope = planned.scope;
      lastInScope = compiledInScope(planned.scope, object, readAd, memberOf);
    }
    if (!lastInScope) continue;
    if (rule.linkType !== undefined) {
      scan.linkRule ??= rule;
      if (rule.linkType === "Provision") scan.provisioningRule ??= rule;
    }
    if (planned.joins) {
      if (!joinList && plan.joinRules[joins] === rule) joins++;
      else (joinList ??= plan.joinRules.slice(0, joins)).push(rule);
    }
    const flows = rule.flows;
    // Every flow, or only the selected ones (their indexes in the rule).
    const count = selected === undefined ? flows.length : selected.length;
    for (let k = 0; k < count; k++) {
      const f = selected === undefined ? k : (selected[k] as number);
      const flow = flows[f] as AttributeFlow;
      let value: AttributeValue | null | undefined;
      switch (flow.kind) {
        case "direct":
          value = readAd(object, flow.source);
          break;
        case "constant":
          value = flow.value === null ? undefined : flow.value;
          break;
        case "transform":
          value = transform(
            flow.fn,
            readAd(object, flow.source),
            object,
            forest,
            undefined,
            // Only referenceIn reuses what the flow gave last time.
            flow.fn === "referenceIn" && previous ? priorValue(previous, planned.firstSlot + f) : undefined,
          );
          break;
        case "expression": {
          const v = expressionValue(
            rule,
            flow,
            expressions.get(flow),
            adReader(object),
            parameterReader(object, forest),
            scan,
          );
          value = v === IGNORED ? undefined : v;
          break;
        }
      }
      values[planned.firstSlot + f] = value;
    }
  }
  scan.joinRules =
    joinList ??
    (joins === 0 ? NONE : joins === plan.joinRules.length ? plan.joinRules : plan.joinRules.slice(0, joins));
}

/** The value an inbound evaluation gives `target` (the first contributing slot), or undefined. @internal */
export function slotValue(result: SlotInbound, target: string): AttributeValue | undefined {
  const { plan, values } = result;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== undefined && value !== null && plan.targets[i] === target) return value;
  }
  return undefined;
}

/** The contributions of an inbound evaluation as records (the public {@link InboundResult} form). @internal */
export function inboundContributions(result: SlotInbound): FlowContribution[] {
  return slotContributions(result.plan, result.values);
}
