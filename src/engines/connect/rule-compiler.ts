import { invalidArgument } from "../../scheduler/errors.js";
import { type Expression, parseExpression } from "../expression/index.js";
import { transformReads } from "./flow-values.js";
import { type CompiledScope, compileScope, usesMembership } from "./scoping.js";
import {
  type AttributeFlow,
  type JoinCondition,
  joinGroupsOf,
  type ScopeOperator,
  type SyncRule,
} from "./sync-rule.js";

/** A validated rule set, indexed for the pipeline. @internal */
export interface CompiledRules {
  readonly rules: readonly SyncRule[];
  readonly inbound: ReadonlyMap<string, readonly SyncRule[]>;
  readonly outbound: ReadonlyMap<string, readonly SyncRule[]>;
  readonly expressions: ReadonlyMap<AttributeFlow, Expression>;
  readonly joinGroups: ReadonlyMap<SyncRule, readonly (readonly JoinCondition[])[]>;
  readonly usesMembership: boolean;
  /** Per AD class (inbound) / metaverse type (outbound): the rules with their filters and flows compiled. */
  readonly inboundPlans: ReadonlyMap<string, RulePlan>;
  readonly outboundPlans: ReadonlyMap<string, RulePlan>;
}

/** One rule, compiled: its scoping filter and where its flows sit in the plan's slots. @internal */
export interface PlannedRule {
  readonly rule: SyncRule;
  readonly scope: CompiledScope;
  /** True when the rule has join groups. */
  readonly joins: boolean;
  /** First slot of the rule's flows. */
  readonly firstSlot: number;
}

/**
 * The rules of one object type in precedence order with every flow laid out as a numbered slot, so that an
 * object's contributions are one array of values (one per slot) instead of one record per flow. Built
 * once per rule set. @internal
 */
export interface RulePlan {
  readonly rules: readonly PlannedRule[];
  /** Per slot: the flow, its rule, target, precedence, merge type and apply-once flag. */
  readonly flows: readonly AttributeFlow[];
  readonly slotRule: readonly SyncRule[];
  readonly targets: readonly string[];
  readonly precedence: readonly number[];
  readonly merge: readonly (AttributeFlow["merge"] | undefined)[];
  readonly applyOnce: readonly boolean[];
  /** Dense id of each slot's target (for allocation-free "already decided" marks). */
  readonly targetIds: Int32Array;
  readonly targetCount: number;
  /** Some flow merges (the general precedence resolution is needed). */
  readonly anyMerge: boolean;
  /** Some flow is apply-once. */
  readonly anyApplyOnce: boolean;
  /** Some rule scopes on group membership. */
  readonly usesMembership: boolean;
  /**
   * The rules with join groups, in order: an object that has all of them in scope (the usual case) shares
   * this list rather than getting one of its own.
   */
  readonly joinRules: readonly SyncRule[];
  /**
   * What sync needs to carry a change of attributes read only by direct flows into an object's last
   * evaluation instead of evaluating it again (sync.ts); undefined when the plan cannot be patched that way:
   * an expression flow (it may read any attribute, and may fail or IgnoreThisFlow), a merging or apply-once
   * flow (a value depends on more than one slot or on the past), or ISMEMBEROF scoping (it reads other
   * objects).
   */
  readonly patch: PatchPlan | undefined;
}

/**
 * The attribute dependencies of a {@link RulePlan}'s slots, for patching an evaluation (sync.ts). @internal
 */
export interface PatchPlan {
  /**
   * Every attribute the plan reads: one read otherwise than by a direct flow — by a scope (which rules
   * apply) or a transform: a change to it needs the whole evaluation — → -1; one only direct flows read →
   * its index in `sourceSlots`.
   */
  readonly reads: ReadonlyMap<string, number>;
  /** Per attribute only direct flows read: the slots of those flows. */
  readonly sourceSlots: readonly (readonly number[])[];
  /**
   * Per target object type whose rules' slots have a target each: those targets in slot order (the key
   * order of a resolution of them).
   */
  readonly typeTargets: ReadonlyMap<string, readonly string[]>;
}

/** Builds the plan of one object type's rules (already in precedence order). @internal */
export function planRules(rules: readonly SyncRule[]): RulePlan {
  const planned: PlannedRule[] = [];
  const flows: AttributeFlow[] = [];
  const slotRule: SyncRule[] = [];
  const targets: string[] = [];
  const precedence: number[] = [];
  const merge: (AttributeFlow["merge"] | undefined)[] = [];
  const applyOnce: boolean[] = [];
  const ids = new Map<string, number>();
  const targetIds: number[] = [];
  const scopes: { readonly source: SyncRule["scope"]; readonly compiled: CompiledScope }[] = [];
  for (const rule of rules) {
    planned.push(
      Object.freeze({
        rule,
        scope: sharedScope(scopes, rule.scope),
        joins: joinGroupsOf(rule).length > 0,
        firstSlot: flows.length,
      }),
    );
    for (const flow of rule.flows) {
      flows.push(flow);
      slotRule.push(rule);
      targets.push(flow.target);
      precedence.push(rule.precedence);
      merge.push(flow.merge);
      applyOnce.push(flow.applyOnce === true);
      let id = ids.get(flow.target);
      if (id === undefined) ids.set(flow.target, (id = ids.size));
      targetIds.push(id);
    }
  }
  const anyMerge = merge.some((m) => m !== undefined && m !== "Update");
  const anyApplyOnce = applyOnce.some(Boolean);
  const membership = rules.some(usesMembership);
  return Object.freeze({
    rules: planned,
    flows,
    slotRule,
    targets,
    precedence,
    merge,
    applyOnce,
    targetIds: Int32Array.from(targetIds),
    targetCount: ids.size,
    anyMerge,
    anyApplyOnce,
    usesMembership: membership,
    joinRules: planned.filter((p) => p.joins).map((p) => p.rule),
    // Merging, apply-once and ISMEMBEROF plans are never patched (see RulePlan.patch).
    patch: anyMerge || anyApplyOnce || membership ? undefined : patchPlan(rules, flows, slotRule, targets),
  });
}

/**
 * The {@link PatchPlan} of a plan's rules and slots (none merges, applies once or reads membership), or
 * undefined when an expression flow keeps the plan from being patched.
 */
function patchPlan(
  rules: readonly SyncRule[],
  flows: readonly AttributeFlow[],
  slotRule: readonly SyncRule[],
  targets: readonly string[],
): PatchPlan | undefined {
  if (flows.some((f) => f.kind === "expression")) return undefined;
  const sensitive = new Set<string>();
  for (const rule of rules)
    for (const group of rule.scope) for (const clause of group) sensitive.add(clause.attribute);
  const sources: string[] = [];
  const sourceSlots: number[][] = [];
  flows.forEach((flow, slot) => {
    if (flow.kind === "transform")
      for (const name of transformReads(flow.fn, flow.source)) sensitive.add(name);
    if (flow.kind !== "direct") return;
    const at = sources.indexOf(flow.source);
    if (at >= 0) (sourceSlots[at] as number[]).push(slot);
    else {
      sources.push(flow.source);
      sourceSlots.push([slot]);
    }
  });
  const typeTargets = new Map<string, string[]>();
  const shared = new Set<string>();
  targets.forEach((target, slot) => {
    const type = (slotRule[slot] as SyncRule).targetObjectType;
    const list = typeTargets.get(type) ?? [];
    if (list.includes(target)) shared.add(type);
    list.push(target);
    typeTargets.set(type, list);
  });
  for (const type of shared) typeTargets.delete(type);
  const reads = new Map<string, number>(sources.map((source, i) => [source, i]));
  for (const name of sensitive) reads.set(name, -1);
  return Object.freeze({ reads, sourceSlots, typeTargets });
}

/**
 * The compiled filter of a rule, shared with an earlier rule whose filter is made of the very same clause
 * groups (the out-of-box Join and Common rules of a class scope on one exclusion list): evaluation tests
 * such a filter once per object, not once per rule.
 */
function sharedScope(
  scopes: { readonly source: SyncRule["scope"]; readonly compiled: CompiledScope }[],
  scope: SyncRule["scope"],
): CompiledScope {
  const same = scopes.find(
    (s) => s.source.length === scope.length && s.source.every((group, g) => group === scope[g]),
  );
  if (same) return same.compiled;
  const compiled = compileScope(scope);
  scopes.push({ source: scope, compiled });
  return compiled;
}

/** Every documented scoping operator (concept-azure-ad-connect-sync-declarative-provisioning). @internal */
export const SCOPE_OPERATORS: ReadonlySet<ScopeOperator> = new Set<ScopeOperator>([
  "EQUAL",
  "NOTEQUAL",
  "LESSTHAN",
  "LESSTHAN_OR_EQUAL",
  "GREATERTHAN",
  "GREATERTHAN_OR_EQUAL",
  "ISNULL",
  "ISNOTNULL",
  "STARTSWITH",
  "NOTSTARTSWITH",
  "ENDSWITH",
  "NOTENDSWITH",
  "CONTAINS",
  "NOTCONTAINS",
  "ISIN",
  "ISNOTIN",
  "ISBITSET",
  "ISNOTBITSET",
  "ISMEMBEROF",
  "ISNOTMEMBEROF",
]);

const LINK_TYPES = new Set(["Provision", "Join", "StickyJoin"]);
const MERGE_TYPES = new Set(["Update", "Merge", "MergeCaseInsensitive"]);

/**
 * Validates a rule set and parses every expression flow once (the interpreter then walks the AST per
 * object). Names are unique; precedence is a positive integer; ISMEMBEROF only on inbound rules (it reads
 * the AD connector space). `paths` names rules in messages (default `rules[i]`, the place in `input`).
 *
 * @throws SimulationError `invalid-argument` / `invalid-expression`
 * @internal
 */
export function compileRules(
  input: readonly SyncRule[],
  paths?: ReadonlyMap<SyncRule, string>,
): CompiledRules {
  if (!Array.isArray(input)) throw invalidArgument("rules", input, "is not a list of sync rules");
  const seen = new Set<string>();
  const expressions = new Map<AttributeFlow, Expression>();
  const joinGroups = new Map<SyncRule, readonly (readonly JoinCondition[])[]>();
  input.forEach((rule, i) => {
    // A custom rule is named where the config has it (`rules[0]`), not by its place among the out-of-box ones.
    const at = paths?.get(rule) ?? `rules[${i}]`;
    if (rule === null || typeof rule !== "object") throw invalidArgument(at, rule, "is not a sync rule");
    if (typeof rule.name !== "string" || rule.name.trim().length === 0)
      throw invalidArgument(`${at}.name`, rule.name, "is not a rule name");
    if (seen.has(rule.name)) throw invalidArgument(`${at}.name`, rule.name, "is used twice");
    seen.add(rule.name);
    if (rule.direction !== "inbound" && rule.direction !== "outbound")
      throw invalidArgument(`${at}.direction`, rule.direction, 'is not "inbound" or "outbound"');
    if (rule.connector !== "ad" && rule.connector !== "entra")
      throw invalidArgument(`${at}.connector`, rule.connector, 'is not "ad" or "entra"');
    // The pipeline runs inbound rules on AD objects and outbound rules to Entra ID; rules from Entra ID or
    // to AD would be taken silently as the other kind (writeback is the features').
    if (rule.direction === "inbound" && rule.connector !== "ad")
      throw invalidArgument(
        `${at}.connector`,
        rule.connector,
        'is not "ad": inbound rules from Entra ID are not modelled',
      );
    if (rule.direction === "outbound" && rule.connector !== "entra")
      throw invalidArgument(
        `${at}.connector`,
        rule.connector,
        'is not "entra": outbound rules to AD are not modelled (writeback is a feature)',
      );
    if (!Number.isInteger(rule.precedence) || rule.precedence < 1)
      throw invalidArgument(`${at}.precedence`, rule.precedence, "is not a precedence >= 1");
    if (rule.linkType !== undefined && !LINK_TYPES.has(rule.linkType))
      throw invalidArgument(`${at}.linkType`, rule.linkType, "is not Provision, Join or StickyJoin");
    if (!Array.isArray(rule.scope))
      throw invalidArgument(`${at}.scope`, rule.scope, "is not a list of clause groups");
    (rule.scope as SyncRule["scope"]).forEach((group, g) => {
      if (!Array.isArray(group))
        throw invalidArgument(`${at}.scope[${g}]`, group, "is not a list of clauses");
      group.forEach((clause, c) => {
        const cat = `${at}.scope[${g}][${c}]`;
        if (typeof clause?.attribute !== "string" || clause.attribute.length === 0)
          throw invalidArgument(`${cat}.attribute`, clause?.attribute, "is not an attribute name");
        if (!SCOPE_OPERATORS.has(clause.operator))
          throw invalidArgument(`${cat}.operator`, clause.operator, "is not a scoping operator");
        if (
          (clause.operator === "ISMEMBEROF" || clause.operator === "ISNOTMEMBEROF") &&
          rule.direction !== "inbound"
        )
          throw invalidArgument(`${cat}.operator`, clause.operator, "is only meaningful on an inbound rule");
      });
    });
    const groups = joinGroupsOf(rule);
    groups.forEach((group, g) => {
      group.forEach((cond, c) => {
        if (typeof cond?.source !== "string" || typeof cond.target !== "string")
          throw invalidArgument(`${at}.join[${g}][${c}]`, cond, "is not a join condition {source, target}");
      });
    });
    joinGroups.set(rule, groups);
    if (!Array.isArray(rule.flows))
      throw invalidArgument(`${at}.flows`, rule.flows, "is not a list of flows");
    (rule.flows as SyncRule["flows"]).forEach((flow, f) => {
      const fat = `${at}.flows[${f}]`;
      if (typeof flow?.target !== "string" || flow.target.length === 0)
        throw invalidArgument(`${fat}.target`, flow?.target, "is not an attribute name");
      if (flow.merge !== undefined && !MERGE_TYPES.has(flow.merge))
        throw invalidArgument(`${fat}.merge`, flow.merge, "is not Update, Merge or MergeCaseInsensitive");
      if (flow.kind === "expression") {
        // A malformed expression fails the whole rule set; the message names rule, flow, position, expectation.
        expressions.set(
          flow,
          parseExpression(flow.expression, {
            dialect: "connect",
            source: `rule ${JSON.stringify(rule.name)} flow ${JSON.stringify(flow.target)}`,
          }),
        );
      } else if (flow.kind !== "direct" && flow.kind !== "constant" && flow.kind !== "transform") {
        throw invalidArgument(
          `${fat}.kind`,
          (flow as { kind: unknown }).kind,
          "is not direct, constant, transform or expression",
        );
      }
    });
  });
  const rules = [...input].filter((r) => r.enabled !== false).sort((a, b) => a.precedence - b.precedence);
  const inbound = new Map<string, SyncRule[]>();
  const outbound = new Map<string, SyncRule[]>();
  for (const rule of rules) {
    const map = rule.direction === "inbound" ? inbound : outbound;
    const list = map.get(rule.sourceObjectType) ?? [];
    list.push(rule);
    map.set(rule.sourceObjectType, list);
  }
  const plans = (map: Map<string, SyncRule[]>): Map<string, RulePlan> =>
    new Map([...map].map(([type, list]) => [type, planRules(list)]));
  return {
    rules,
    inbound,
    outbound,
    expressions,
    joinGroups,
    usesMembership: rules.some((r) => r.direction === "inbound" && usesMembership(r)),
    inboundPlans: plans(inbound),
    outboundPlans: plans(outbound),
  };
}
