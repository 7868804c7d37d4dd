import { type AdObject, type AttributeValue, isEnabled } from "../../model/ad-object.js";
import { sourceAnchorOf } from "../../model/anchor.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import { isSimulationError } from "../../scheduler/errors.js";
import {
  AUTHORITATIVE_NULL,
  type ExpressionValue,
  evaluateExpression,
  IGNORE_THIS_FLOW,
} from "../expression/index.js";
import { OUT_OF_BOX_RULES } from "./out-of-box-rules.js";
import { type FlowContribution, resolvePrecedence } from "./precedence.js";
import { type CompiledRules, compileRules } from "./rule-compiler.js";
import { type AttributeReader, inScope, type MembershipTest } from "./scoping.js";
import type { AttributeFlow, FlowFunctionName, SyncRule } from "./sync-rule.js";

export type { FlowContribution } from "./precedence.js";
export type { AttributeReader } from "./scoping.js";
export { inScope } from "./scoping.js";

/**
 * A runtime failure of one flow of one rule on one object (an expression's `Error("...")`, a wrong argument
 * type): recorded per object as the product records sync errors, never a crash.
 *
 * @public
 */
export interface FlowError {
  /** The rule. */
  readonly rule: string;
  /** The flow's target attribute. */
  readonly target: string;
  /** The interpreter's message (names the rule, the position and the cause). */
  readonly message: string;
}

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

/** How the outbound `referenceOut` transform turns a metaverse reference key into a source anchor. @public */
export type ReferenceResolver = (referenceKey: string) => string | undefined;

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

  /**
   * @param rules - the rule set (default: the out-of-box rules)
   * @throws SimulationError `invalid-argument` (a malformed rule, `field` = `rules[i]...`) or
   *   `invalid-expression` (message names the rule, the position and what was expected)
   */
  constructor(rules: readonly SyncRule[] = OUT_OF_BOX_RULES) {
    this.compiled = compileRules(rules);
    this.rules = this.compiled.rules;
    this.usesMembership = this.compiled.usesMembership;
  }

  /** True when the AD class has any inbound rule (for this forest, when given): the connector imports it. */
  handlesClass(objectClass: string, forest?: string): boolean {
    const list = this.compiled.inbound.get(objectClass);
    if (!list) return false;
    return forest === undefined || list.some((r) => r.forest === undefined || r.forest === forest);
  }

  /** Evaluates the inbound rules of an AD object (scope, then flows of every in-scope rule). */
  inbound(object: AdObject, forest: string, env: InboundEnvironment = {}): InboundResult {
    const read: AttributeReader = (attribute) =>
      attribute === "dn"
        ? object.dn
        : attribute === "objectGUID"
          ? object.objectGUID
          : object.attributes[attribute];
    let provisioningRule: SyncRule | undefined;
    let linkRule: SyncRule | undefined;
    const joinRules: SyncRule[] = [];
    const contributions: FlowContribution[] = [];
    const errors: FlowError[] = [];
    const flowEnv: FlowEnv = { object, forest, parameter: (name) => parameterOf(name, object, forest) };
    for (const rule of this.compiled.inbound.get(object.objectClass) ?? []) {
      if (rule.forest !== undefined && rule.forest !== forest) continue;
      if (!inScope(rule, read, env.memberOf)) continue;
      if (rule.linkType !== undefined) {
        linkRule ??= rule;
        if (rule.linkType === "Provision") provisioningRule ??= rule;
      }
      if (this.compiled.joinGroups.get(rule)?.length) joinRules.push(rule);
      for (const flow of rule.flows) {
        const value = this.flowValue(rule, flow, read, flowEnv, errors);
        if (value === undefined) continue;
        contributions.push({
          target: flow.target,
          value,
          precedence: rule.precedence,
          rule: rule.name,
          ...(flow.merge !== undefined ? { merge: flow.merge } : {}),
          ...(flow.applyOnce ? { applyOnce: true } : {}),
        });
      }
    }
    return { provisioningRule, linkRule, joinRules, contributions, errors };
  }

  /** Evaluates the outbound rules of a metaverse object; undefined when no Provision rule has it in scope. */
  outbound(
    mvType: string,
    attributes: Readonly<Record<string, AttributeValue>>,
    resolve: ReferenceResolver,
  ): OutboundResult | undefined {
    const read: AttributeReader = (attribute) => attributes[attribute];
    const rules = (this.compiled.outbound.get(mvType) ?? []).filter((rule) => inScope(rule, read));
    const provisioningRule = rules.find((rule) => rule.linkType === "Provision");
    if (!provisioningRule) return undefined;
    const contributions: FlowContribution[] = [];
    const errors: FlowError[] = [];
    const ignoredSeen = new Set<string>();
    const env: FlowEnv = { resolve };
    for (const rule of rules) {
      // Only rules towards the same cloud type as the provisioning rule flow into the object.
      if (rule.targetObjectType !== provisioningRule.targetObjectType) continue;
      for (const flow of rule.flows) {
        const value = this.flowValue(rule, flow, read, env, errors, ignoredSeen);
        if (value === undefined) continue;
        contributions.push({
          target: flow.target,
          value,
          precedence: rule.precedence,
          rule: rule.name,
          ...(flow.merge !== undefined ? { merge: flow.merge } : {}),
          ...(flow.applyOnce ? { applyOnce: true } : {}),
        });
      }
    }
    const resolved = resolvePrecedence(contributions);
    const applyOnce: string[] = [];
    const decided = new Set<string>();
    for (const c of contributions) {
      if (decided.has(c.target)) continue;
      decided.add(c.target);
      if (c.applyOnce) applyOnce.push(c.target);
    }
    const ignored = [...ignoredSeen].filter((t) => !decided.has(t));
    return {
      provisioningRule,
      attributes: resolved as Record<string, CloudValue>,
      applyOnce,
      ignored,
      errors,
    };
  }

  /** True when an outbound Provision rule would have this metaverse object in scope (cheap: no flows). */
  provisions(mvType: string, attributes: Readonly<Record<string, AttributeValue>>): boolean {
    const read: AttributeReader = (attribute) => attributes[attribute];
    return (this.compiled.outbound.get(mvType) ?? []).some(
      (rule) => rule.linkType === "Provision" && inScope(rule, read),
    );
  }

  /** The join groups of a rule (top to bottom). */
  joinGroupsOf(
    rule: SyncRule,
  ): readonly (readonly { source: string; target: string; caseInsensitive?: boolean }[])[] {
    return this.compiled.joinGroups.get(rule) ?? [];
  }

  /**
   * One flow's value: `undefined` when it contributes nothing (NULL, IgnoreThisFlow, an error), `null`
   * for AuthoritativeNull.
   */
  private flowValue(
    rule: SyncRule,
    flow: AttributeFlow,
    read: AttributeReader,
    env: FlowEnv,
    errors: FlowError[],
    ignored?: Set<string>,
  ): AttributeValue | null | undefined {
    switch (flow.kind) {
      case "direct":
        return read(flow.source);
      case "constant":
        return flow.value === null ? undefined : flow.value;
      case "transform":
        return FLOW_FUNCTIONS[flow.fn](read(flow.source), env);
      case "expression": {
        const expression = this.compiled.expressions.get(flow);
        if (!expression) return undefined;
        let result: ExpressionValue;
        try {
          result = evaluateExpression(expression, {
            attribute: (name) => read(name),
            ...(env.parameter ? { parameter: env.parameter } : {}),
          });
        } catch (error) {
          if (!isSimulationError(error)) throw error;
          errors.push({ rule: rule.name, target: flow.target, message: error.message });
          return undefined;
        }
        if (result === AUTHORITATIVE_NULL) return null;
        if (result === IGNORE_THIS_FLOW) {
          ignored?.add(flow.target);
          return undefined;
        }
        return toAttributeValue(result);
      }
    }
  }
}

/** An expression result as an attribute value (binary as base64, the form a string attribute holds). */
function toAttributeValue(value: ExpressionValue): AttributeValue | undefined {
  if (value === null) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : Object.freeze([...(value as string[])]);
  const v = value as Exclude<ExpressionValue, null | string | number | boolean | readonly string[]>;
  if (v.kind === "binary") return Buffer.from(v.bytes).toString("base64");
  return undefined;
}

/**
 * `%parameters%` of the AD connector (reference-connect-sync-functions-reference examples use
 * `%Domain.Netbios%`, `%Domain.FQDN%`, `%Forest.FQDN%`, `%Domain.LDAP%`, `%Forest.LDAP%`).
 * Assumption: the NetBIOS name is the first DNS label in upper case.
 */
function parameterOf(name: string, object: AdObject, forest: string): string | undefined {
  const ldap = (dns: string): string =>
    dns
      .split(".")
      .map((p) => `DC=${p}`)
      .join(",");
  switch (name) {
    case "Domain.FQDN":
      return object.domain;
    case "Domain.Netbios":
      return (object.domain.split(".")[0] ?? "").toUpperCase();
    case "Domain.LDAP":
      return ldap(object.domain);
    case "Forest.FQDN":
      return forest;
    case "Forest.Netbios":
      return (forest.split(".")[0] ?? "").toUpperCase();
    case "Forest.LDAP":
      return ldap(forest);
    default:
      return undefined;
  }
}

interface FlowEnv {
  readonly object?: AdObject;
  readonly forest?: string;
  readonly resolve?: ReferenceResolver;
  readonly parameter?: (name: string) => unknown;
}

/** Metaverse reference key of an AD object: forest and objectGUID. @internal */
export function referenceKey(forest: string, objectGUID: string): string {
  return `${forest}|${objectGUID}`;
}

const FLOW_FUNCTIONS: Readonly<
  Record<FlowFunctionName, (value: AttributeValue | undefined, env: FlowEnv) => AttributeValue | undefined>
> = {
  accountEnabled: (_value, env) => (env.object ? isEnabled(env.object) : undefined),
  sourceAnchor: (_value, env) => (env.object ? sourceAnchorOf(env.object) : undefined),
  referenceIn: (value, env) => {
    if (value === undefined || env.forest === undefined) return undefined;
    const forest = env.forest;
    return Array.isArray(value)
      ? (value as readonly string[]).map((guid) => referenceKey(forest, guid))
      : referenceKey(forest, String(value));
  },
  referenceOut: (value, env) => {
    if (value === undefined || !env.resolve) return undefined;
    const resolve = env.resolve;
    // Only references to objects that are themselves synced flow (cloud-schema standardProjection).
    if (Array.isArray(value))
      return (value as readonly string[]).map(resolve).filter((a): a is string => a !== undefined);
    return resolve(String(value));
  },
};

/** Number of reference values of an AD object (sync cost grows with them, plan-connect-performance-factors). @internal */
export function referenceCount(object: AdObject): number {
  const member = object.attributes.member;
  return (Array.isArray(member) ? member.length : 0) + (object.attributes.manager === undefined ? 0 : 1);
}
