import type { AttributeValue } from "../../model/ad-object.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import type { Expression } from "../expression/index.js";
import { reused } from "./evaluation-scratch.js";
import {
  type ErrorSink,
  expressionValue,
  type FlowError,
  IGNORED,
  recordReader,
} from "./flow-expressions.js";
import {
  NONE,
  type ReferenceListResolver,
  type ReferenceResolver,
  readRecord,
  transform,
} from "./flow-values.js";
import { resolvePrecedence, resolveSlots, resolveSlotsOr, slotContributions } from "./precedence.js";
import type { RulePlan } from "./rule-compiler.js";
import { type CompiledScope, compiledInScope } from "./scoping.js";
import type { AttributeFlow, SyncRule } from "./sync-rule.js";

/**
 * Outbound evaluation of one metaverse object towards Entra ID: the first in-scope Provision rule decides the
 * cloud type, the in-scope rules towards that type flow, and precedence resolves the export values, reusing
 * the record they equal when nothing changed.
 */

/**
 * Outcome of evaluating the outbound rules of one metaverse object towards Entra ID.
 *
 * @public
 */
export interface OutboundResult {
  /** The Provision rule in scope; decides the cloud object type. */
  readonly provisioningRule: SyncRule;
  /** Cloud attributes after precedence (absent = not set). */
  readonly attributes: Readonly<Record<string, CloudValue>>;
  /** Targets whose winning flow is apply-once (set on creation, then kept). */
  readonly applyOnce: readonly string[];
  /** Targets only IgnoreThisFlow reached: left as they are in the target. */
  readonly ignored: readonly string[];
  /** Flow errors; when any, the object's export values are not changed. */
  readonly errors: readonly FlowError[];
}

/**
 * Outbound rules of one metaverse object: the first in-scope Provision rule decides the cloud type; every
 * in-scope rule towards that type flows; precedence resolves. Undefined when nothing provisions it. When
 * the attributes resolved equal those of `unchanged` (what the object's export values were), the result's
 * attributes are that record. With `into`, the result is that record, filled (valid until its next use);
 * with `reuse`, the flow values go to the plan's reusable array (resolvers must not evaluate again).
 * @internal
 */
export function evaluateOutbound(
  plan: RulePlan | undefined,
  expressions: ReadonlyMap<AttributeFlow, Expression>,
  attributes: Readonly<Record<string, AttributeValue>>,
  resolve: ReferenceResolver,
  resolveList?: ReferenceListResolver,
  unchanged?: Readonly<Record<string, CloudValue>>,
  into?: OutboundRecord,
  reuse = false,
): OutboundResult | undefined {
  if (!plan) return undefined;
  const rules = plan.rules;
  // Which rules have the object in scope, one bit per rule rather than an array per object: a type has a
  // handful of rules (rules past the 32nd are tested again in the flow pass below).
  let scopedBits = 0;
  let provisioningRule: SyncRule | undefined;
  let lastScope: CompiledScope | undefined;
  let yes = false;
  for (let r = 0; r < rules.length; r++) {
    const planned = rules[r] as RulePlan["rules"][number];
    if (planned.scope !== lastScope) {
      lastScope = planned.scope;
      yes = compiledInScope(planned.scope, attributes, readRecord);
    }
    if (yes && r < 32) scopedBits |= 1 << r;
    if (yes && !provisioningRule && planned.rule.linkType === "Provision") provisioningRule = planned.rule;
  }
  if (!provisioningRule) return undefined;
  // The values only live through this call (precedence copies what wins): with `reuse`, the plan's
  // reusable array — for sync, whose resolvers evaluate nothing; a caller's own resolver might call back in.
  const values = reuse
    ? reused.valuesFor(plan)
    : new Array<AttributeValue | null | undefined>(plan.flows.length).fill(undefined);
  let sink: ErrorSink | undefined;
  let ignoredSeen: string[] | undefined;
  for (let r = 0; r < rules.length; r++) {
    const planned = rules[r] as RulePlan["rules"][number];
    const scoped =
      r < 32 ? (scopedBits & (1 << r)) !== 0 : compiledInScope(planned.scope, attributes, readRecord);
    if (!scoped) continue;
    const rule = planned.rule;
    // Only rules towards the same cloud type as the provisioning rule flow into the object.
    if (rule.targetObjectType !== provisioningRule.targetObjectType) continue;
    const flows = rule.flows;
    for (let f = 0; f < flows.length; f++) {
      const flow = flows[f] as AttributeFlow;
      let value: AttributeValue | null | undefined;
      switch (flow.kind) {
        case "direct":
          value = attributes[flow.source];
          break;
        case "constant":
          value = flow.value === null ? undefined : flow.value;
          break;
        case "transform":
          value = transform(
            flow.fn,
            attributes[flow.source],
            undefined,
            undefined,
            resolve,
            undefined,
            resolveList,
            planned.firstSlot + f,
          );
          break;
        case "expression": {
          const v = expressionValue(
            rule,
            flow,
            expressions.get(flow),
            recordReader(attributes),
            undefined,
            (sink ??= { errors: NONE }),
          );
          if (v === IGNORED) {
            (ignoredSeen ??= []).push(flow.target);
            value = undefined;
          } else value = v;
          break;
        }
      }
      values[planned.firstSlot + f] = value;
    }
  }
  // Values equal to `unchanged` give that very record (unless apply-once or IgnoreThisFlow targets will be
  // patched into a copy of the result).
  const resolved = plan.anyMerge
    ? resolvePrecedence(slotContributions(plan, values))
    : plan.anyApplyOnce || ignoredSeen
      ? resolveSlots(plan, values)
      : resolveSlotsOr(plan, values, unchanged);
  let applyOnce: string[] | undefined;
  let decided: Set<string> | undefined;
  if (plan.anyApplyOnce || ignoredSeen) {
    decided = new Set<string>();
    for (let i = 0; i < values.length; i++) {
      if (values[i] === undefined) continue;
      const target = plan.targets[i] as string;
      if (decided.has(target)) continue;
      decided.add(target);
      if (plan.applyOnce[i]) (applyOnce ??= []).push(target);
    }
  }
  const ignored = ignoredSeen ? [...new Set(ignoredSeen)].filter((t) => !decided?.has(t)) : NONE;
  if (!into)
    return {
      provisioningRule,
      attributes: resolved as Record<string, CloudValue>,
      applyOnce: applyOnce ?? NONE,
      ignored,
      errors: sink?.errors ?? NONE,
    };
  into.provisioningRule = provisioningRule;
  into.attributes = resolved as Record<string, CloudValue>;
  into.applyOnce = applyOnce ?? NONE;
  into.ignored = ignored;
  into.errors = sink?.errors ?? NONE;
  return into;
}

/** An {@link OutboundResult} an evaluation may fill instead of making a new one. @internal */
export type OutboundRecord = { -readonly [K in keyof OutboundResult]: OutboundResult[K] };
