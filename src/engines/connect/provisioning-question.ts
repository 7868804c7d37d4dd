import type { AdObject, AttributeValue } from "../../model/ad-object.js";
import type { Expression } from "../expression/index.js";
import { provisioning } from "./evaluation-scratch.js";
import { readRecord } from "./flow-values.js";
import { type FlowSelection, type SlotInbound, scanInbound } from "./inbound-evaluation.js";
import { resolveSlots } from "./precedence.js";
import type { RulePlan } from "./rule-compiler.js";
import { type AttributeGetter, type CompiledScope, compiledInScope, type MembershipTest } from "./scoping.js";
import type { AttributeFlow } from "./sync-rule.js";

/**
 * Whether an object is provisioned, answered without building what sync would keep: a Provision scope of an
 * outbound plan over metaverse attributes, and the engine's `inScope` question of an AD object (asked for
 * every change), which evaluates only the inbound flows those scopes read, chosen once per plan.
 */

/**
 * The flows of each rule of `plan` towards one of `targets`: what the provisioning question evaluates of
 * an object, chosen once per plan instead of testing every flow's target on every call. @internal
 */
export function flowsTowards(plan: RulePlan, targets: ReadonlySet<string>): FlowSelection {
  return plan.rules.map((planned) => {
    const out: number[] = [];
    planned.rule.flows.forEach((flow, f) => {
      if (targets.has(flow.target)) out.push(f);
    });
    return out;
  });
}

/**
 * The provisioning question of the engine's `inScope` (asked for every change), without building what
 * sync would keep: the inbound rules of `inbound` evaluate only the flows towards `targets` (what outbound
 * Provision scopes read) into the plan's reusable values, and the Provision rules of `outbound` read the
 * metaverse attributes precedence would make of them in place — the record {@link resolveSlots} would
 * build, read without building it. @internal
 */
export function inboundProvisions(
  inbound: RulePlan,
  outbound: RulePlan | undefined,
  expressions: ReadonlyMap<AttributeFlow, Expression>,
  object: AdObject,
  forest: string,
  memberOf: MembershipTest | undefined,
  only: FlowSelection,
): boolean {
  const scan = provisioning.scanFor(inbound);
  scanInbound(scan, expressions, object, forest, memberOf, undefined, only);
  if (!scan.provisioningRule) return false;
  // Merging flows combine values across slots: the general resolution builds the record.
  if (inbound.anyMerge) return planProvisions(outbound, resolveSlots(inbound, scan.values));
  return planProvisionsFrom(outbound, scan, readResolvedSlot);
}

/**
 * A metaverse attribute as {@link resolveSlots} would resolve it from an inbound evaluation: the first slot
 * towards it with a contribution decides (absent when that is an AuthoritativeNull).
 */
function readResolvedSlot(scan: SlotInbound, attribute: string): AttributeValue | undefined {
  const { plan, values } = scan;
  const targets = plan.targets;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== undefined && targets[i] === attribute) return value === null ? undefined : value;
  }
  return undefined;
}

/** True when a Provision rule of the plan has the metaverse object in scope. @internal */
export function planProvisions(
  plan: RulePlan | undefined,
  attributes: Readonly<Record<string, AttributeValue>>,
): boolean {
  return planProvisionsFrom(plan, attributes, readRecord);
}

/** {@link planProvisions} of metaverse attributes read from `source` by `get`. */
function planProvisionsFrom<T>(plan: RulePlan | undefined, source: T, get: AttributeGetter<T>): boolean {
  if (!plan) return false;
  let lastScope: CompiledScope | undefined;
  let lastInScope = false;
  for (const planned of plan.rules) {
    if (planned.rule.linkType !== "Provision") continue;
    if (planned.scope !== lastScope) {
      lastScope = planned.scope;
      lastInScope = compiledInScope(planned.scope, source, get);
    }
    if (lastInScope) return true;
  }
  return false;
}
