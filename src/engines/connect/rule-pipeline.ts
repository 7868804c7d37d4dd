import type { AdObject, AttributeValue } from "../../model/ad-object.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import type { FlowError } from "./flow-expressions.js";
import type { ReferenceResolver } from "./flow-values.js";
import {
  evaluateInbound,
  type FlowSelection,
  inboundContributions,
  type SlotInbound,
} from "./inbound-evaluation.js";
import { OUT_OF_BOX_RULES } from "./out-of-box-rules.js";
import { evaluateOutbound, type OutboundRecord, type OutboundResult } from "./outbound-evaluation.js";
import { type AttributePatch, inboundPatch, outboundPatch } from "./patched-evaluation.js";
import type { FlowContribution, PriorContribution } from "./precedence.js";
import { flowsTowards, inboundProvisions, planProvisions } from "./provisioning-question.js";
import { type CompiledRules, compileRules, type RulePlan } from "./rule-compiler.js";
import type { MembershipTest } from "./scoping.js";
import type { JoinCondition, SyncRule } from "./sync-rule.js";

export type { FlowError } from "./flow-expressions.js";
export type { ReferenceResolver } from "./flow-values.js";
export { referenceCount, referenceKey } from "./flow-values.js";
export type { OutboundResult } from "./outbound-evaluation.js";
export type { FlowContribution } from "./precedence.js";
export type { AttributeReader } from "./scoping.js";
export { inScope } from "./scoping.js";

/**
 * Outcome of evaluating the inbound rules of one connector-space object.
 *
 * @public
 */
export interface InboundResult {
  /** The Provision rule in scope (the object projects / stays joined), if any. */
  readonly provisioningRule: SyncRule | undefined;
  /** The first in-scope rule with any link type (Provision, Join or StickyJoin), if any. */
  readonly linkRule: SyncRule | undefined;
  /** In-scope rules with join groups, in precedence order (joins are tried rule by rule). */
  readonly joinRules: readonly SyncRule[];
  /** Attribute contributions of every in-scope rule. */
  readonly contributions: readonly FlowContribution[];
  /** Flow errors; when any, the object's sync fails and nothing of it is applied. */
  readonly errors: readonly FlowError[];
}

/**
 * What inbound evaluation may consult beyond the object: group membership for ISMEMBEROF and the
 * connector's `%parameters%` for expressions.
 *
 * @public
 */
export interface InboundEnvironment {
  /** ISMEMBEROF answers for this object. */
  readonly memberOf?: MembershipTest;
}

/**
 * The sync-rule pipeline: scope → join → transform → precedence
 * (concept-azure-ad-connect-sync-declarative-provisioning). Rules are data; this class validates them
 * (expressions are parsed here, so a malformed one fails the rule set, naming rule, position and
 * expectation) and interprets them.
 *
 * @public
 */
export class RulePipeline {
  /** Every enabled rule, in precedence order. */
  readonly rules: readonly SyncRule[];
  /** True when some inbound rule tests group membership (group changes re-scope their members). */
  readonly usesMembership: boolean;
  private readonly compiled: CompiledRules;
  /** Metaverse attributes the scopes of outbound Provision rules read. */
  private readonly provisioningAttributes: ReadonlySet<string>;
  /**
   * Per inbound plan, the flows towards {@link RulePipeline.provisioningAttributes} (both fixed for the
   * pipeline's life: a rule change builds a new pipeline).
   */
  private readonly provisioningFlows = new Map<RulePlan, FlowSelection>();

  /**
   * @param rules - the rule set (default: the out-of-box rules)
   * @param paths - where messages say a rule is (default `rules[i]`, its place in `rules`)
   * @throws SimulationError `invalid-argument` (a malformed rule, `field` = `rules[i]...`) or
   *   `invalid-expression` (message names the rule, the position and what was expected)
   */
  constructor(rules: readonly SyncRule[] = OUT_OF_BOX_RULES, paths?: ReadonlyMap<SyncRule, string>) {
    this.compiled = compileRules(rules, paths);
    this.rules = this.compiled.rules;
    this.usesMembership = this.compiled.usesMembership;
    const read = new Set<string>();
    for (const plan of this.compiled.outboundPlans.values())
      for (const planned of plan.rules)
        if (planned.rule.linkType === "Provision")
          for (const group of planned.scope) for (const clause of group) read.add(clause.attribute);
    this.provisioningAttributes = read;
    for (const plan of [...this.compiled.inboundPlans.values(), EMPTY_PLAN])
      this.provisioningFlows.set(plan, flowsTowards(plan, read));
  }

  /** True when the AD class has any inbound rule (for this forest, when given): the connector imports it. */
  handlesClass(objectClass: string, forest?: string): boolean {
    const list = this.compiled.inbound.get(objectClass);
    if (!list) return false;
    return forest === undefined || list.some((r) => r.forest === undefined || r.forest === forest);
  }

  /** Evaluates the inbound rules of an AD object (scope, then flows of every in-scope rule). */
  inbound(object: AdObject, forest: string, env: InboundEnvironment = {}): InboundResult {
    const result = this.inboundSlots(object, forest, env.memberOf);
    return {
      provisioningRule: result.provisioningRule,
      linkRule: result.linkRule,
      joinRules: result.joinRules,
      contributions: inboundContributions(result),
      errors: result.errors,
    };
  }

  /**
   * {@link RulePipeline.inbound} in compact form: one value per slot of the class's rule plan (what sync
   * stores in the metaverse). `previous` is what the object contributed last time (its plan and values):
   * reference keys equal to the previous ones are reused (one string per key). With `reuse` the result
   * and its values array are the reusable ones, valid until the next such evaluation (what sync does: the
   * metaverse copies the values it keeps). @internal
   */
  inboundSlots(
    object: AdObject,
    forest: string,
    memberOf?: MembershipTest,
    previous?: PriorContribution,
    reuse = false,
  ): SlotInbound {
    const plan = this.inboundPlan(object.objectClass);
    // Slots line up only within one plan (a new rule set numbers them afresh).
    const before = previous?.slots === plan ? previous : undefined;
    return evaluateInbound(plan, this.compiled.expressions, object, forest, memberOf, before, reuse);
  }

  /**
   * True when sync would project this AD object into a metaverse object of type `mvType` that an outbound
   * Provision rule has in scope: an inbound Provision rule has it in scope, and the metaverse attributes
   * precedence would give it satisfy an outbound Provision scope. Only the flows towards attributes those
   * scopes read are evaluated (the rest cannot change the answer), and nothing sync would keep is built:
   * for the engine's `inScope`, asked for every change. @internal
   */
  provisionsFromAd(object: AdObject, forest: string, mvType: string, memberOf?: MembershipTest): boolean {
    const plan = this.inboundPlan(object.objectClass);
    return inboundProvisions(
      plan,
      this.compiled.outboundPlans.get(mvType),
      this.compiled.expressions,
      object,
      forest,
      memberOf,
      this.provisioningFlows.get(plan) as FlowSelection,
    );
  }

  /**
   * Evaluates the outbound rules of a metaverse object; undefined when no Provision rule has it in scope.
   * `resolveList`, when given, resolves reference lists: the anchors of the keys that resolve, in order;
   * `slot` numbers the flow in the rule plan (by default each key goes through `resolve`).
   */
  outbound(
    mvType: string,
    attributes: Readonly<Record<string, AttributeValue>>,
    resolve: ReferenceResolver,
    resolveList?: (referenceKeys: readonly string[], slot: number) => string[],
  ): OutboundResult | undefined {
    // A fresh values array: the caller's resolvers may evaluate again (sync's share one, see outboundInto).
    return evaluateOutbound(
      this.compiled.outboundPlans.get(mvType),
      this.compiled.expressions,
      attributes,
      resolve,
      resolveList,
    );
  }

  /**
   * {@link RulePipeline.outbound} for sync, whose resolvers evaluate nothing: its values go to a reusable
   * array. When the attributes resolved equal those of `unchanged` (the
   * object's current export values), the result holds that very record rather than an equal copy. With
   * `into`, the result is that record, filled: valid until it is filled again. @internal
   */
  outboundInto(
    mvType: string,
    attributes: Readonly<Record<string, AttributeValue>>,
    resolve: ReferenceResolver,
    resolveList: ((referenceKeys: readonly string[], slot: number) => string[]) | undefined,
    unchanged: Readonly<Record<string, CloudValue>> | undefined,
    into: OutboundRecord | undefined,
  ): OutboundResult | undefined {
    return evaluateOutbound(
      this.compiled.outboundPlans.get(mvType),
      this.compiled.expressions,
      attributes,
      resolve,
      resolveList,
      unchanged,
      into,
      true,
    );
  }

  /** The rule plan of an AD class's inbound rules (the slots its objects' contributions are made of). @internal */
  inboundPlan(objectClass: string): RulePlan {
    return this.compiled.inboundPlans.get(objectClass) ?? EMPTY_PLAN;
  }

  /**
   * The changes to the metaverse attributes (`attributes`, holding exactly the contribution the inbound
   * rules made of `before`) that evaluating `after` instead would make, or undefined when the inbound
   * evaluation must be made again whole (see {@link inboundPatch}). @internal
   */
  inboundPatch(
    before: AdObject,
    after: AdObject,
    attributes: Readonly<Record<string, AttributeValue>>,
  ): readonly AttributePatch[] | undefined {
    return inboundPatch(this.inboundPlan(after.objectClass), before, after, attributes);
  }

  /**
   * The export values an outbound evaluation of a metaverse object would give after `changes` to its
   * attributes, patched into its last ones (`desired`, of cloud type `type`), or undefined when it must be
   * made again whole (see {@link outboundPatch}). @internal
   */
  outboundPatch(
    mvType: string,
    changes: readonly AttributePatch[],
    desired: Readonly<Record<string, CloudValue>>,
    type: string,
  ): Readonly<Record<string, CloudValue>> | undefined {
    return outboundPatch(this.compiled.outboundPlans.get(mvType), changes, desired, type);
  }

  /** True when a Provision scope of an outbound rule reads one of the changed attributes. @internal */
  provisioningReadsAny(changes: readonly AttributePatch[]): boolean {
    for (const change of changes) if (this.provisioningAttributes.has(change.target)) return true;
    return false;
  }

  /** True when an outbound Provision rule would have this metaverse object in scope (cheap: no flows). */
  provisions(mvType: string, attributes: Readonly<Record<string, AttributeValue>>): boolean {
    return planProvisions(this.compiled.outboundPlans.get(mvType), attributes);
  }

  /** The join groups of a rule (top to bottom). */
  joinGroupsOf(rule: SyncRule): readonly (readonly JoinCondition[])[] {
    return this.compiled.joinGroups.get(rule) ?? [];
  }
}

const EMPTY_PLAN: RulePlan = planRulesEmpty();

function planRulesEmpty(): RulePlan {
  return Object.freeze({
    rules: [],
    flows: [],
    slotRule: [],
    targets: [],
    precedence: [],
    merge: [],
    applyOnce: [],
    targetIds: new Int32Array(0),
    targetCount: 0,
    anyMerge: false,
    anyApplyOnce: false,
    usesMembership: false,
    joinRules: [],
    patch: undefined,
  });
}
