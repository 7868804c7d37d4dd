import { type AdObject, type AttributeValue, isEnabled } from "../../model/ad-object.js";
import { sourceAnchorOf } from "../../model/anchor.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import { SimulationError, show } from "../../scheduler/errors.js";
import { OUT_OF_BOX_RULES } from "./out-of-box-rules.js";
import type { AttributeFlow, FlowFunctionName, ScopeClause, SyncRule } from "./sync-rule.js";

/** Reads one attribute of the object a rule looks at. @internal */
export type AttributeReader = (attribute: string) => AttributeValue | undefined;

/**
 * One attribute value a rule offers, with the rule's precedence: the metaverse keeps the lowest.
 *
 * @public
 */
export interface FlowContribution {
  /** Target attribute. */
  readonly target: string;
  /** Value (never undefined: a NULL flow contributes nothing, so the next rule's value is used). */
  readonly value: AttributeValue;
  /** Precedence of the rule that flowed it. */
  readonly precedence: number;
}

/**
 * Outcome of evaluating the inbound rules of one connector-space object.
 *
 * @public
 */
export interface InboundResult {
  /** The Provision rule in scope (the object projects / stays joined), if any. */
  readonly provisioningRule: SyncRule | undefined;
  /** Attribute contributions of every in-scope rule. */
  readonly contributions: readonly FlowContribution[];
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
}

/** How the outbound `referenceOut` transform turns a metaverse reference key into a source anchor. @public */
export type ReferenceResolver = (referenceKey: string) => string | undefined;

/**
 * The sync-rule pipeline: scope → join → transform → precedence
 * (concept-azure-ad-connect-sync-declarative-provisioning). Rules are data; this class interprets them.
 * The rule-language issue plugs in an `expression` flow kind and more scoping operators here.
 *
 * @public
 */
export class RulePipeline {
  /** Every rule, in precedence order. */
  readonly rules: readonly SyncRule[];
  private readonly inboundByType = new Map<string, SyncRule[]>();
  private readonly outboundByType = new Map<string, SyncRule[]>();

  /** @param rules - the rule set (default: the out-of-box rules) */
  constructor(rules: readonly SyncRule[] = OUT_OF_BOX_RULES) {
    const seen = new Set<string>();
    rules.forEach((rule, i) => {
      if (seen.has(rule.name))
        throw new SimulationError("invalid-argument", `rules[${i}].name: ${show(rule.name)} is used twice`, {
          field: `rules[${i}].name`,
          value: rule.name,
        });
      seen.add(rule.name);
    });
    this.rules = [...rules].filter((r) => r.enabled !== false).sort((a, b) => a.precedence - b.precedence);
    for (const rule of this.rules) {
      const map = rule.direction === "inbound" ? this.inboundByType : this.outboundByType;
      const list = map.get(rule.sourceObjectType) ?? [];
      list.push(rule);
      map.set(rule.sourceObjectType, list);
    }
  }

  /** True when the AD class has any inbound rule (the connector imports and syncs it). */
  handlesClass(objectClass: string): boolean {
    return this.inboundByType.has(objectClass);
  }

  /** Evaluates the inbound rules of an AD object (scope, then flows of every in-scope rule). */
  inbound(object: AdObject, forest: string): InboundResult {
    const read: AttributeReader = (attribute) =>
      attribute === "dn"
        ? object.dn
        : attribute === "objectGUID"
          ? object.objectGUID
          : object.attributes[attribute];
    let provisioningRule: SyncRule | undefined;
    const contributions: FlowContribution[] = [];
    for (const rule of this.inboundByType.get(object.objectClass) ?? []) {
      if (!inScope(rule, read)) continue;
      if (rule.linkType === "Provision" && !provisioningRule) provisioningRule = rule;
      for (const flow of rule.flows) {
        const value = flowValue(flow, read, { object, forest });
        if (value !== undefined)
          contributions.push({ target: flow.target, value, precedence: rule.precedence });
      }
    }
    return { provisioningRule, contributions };
  }

  /** Evaluates the outbound rules of a metaverse object; undefined when no Provision rule has it in scope. */
  outbound(
    mvType: string,
    attributes: Readonly<Record<string, AttributeValue>>,
    resolve: ReferenceResolver,
  ): OutboundResult | undefined {
    const read: AttributeReader = (attribute) => attributes[attribute];
    const rules = (this.outboundByType.get(mvType) ?? []).filter((rule) => inScope(rule, read));
    const provisioningRule = rules.find((rule) => rule.linkType === "Provision");
    if (!provisioningRule) return undefined;
    const out: Record<string, CloudValue> = {};
    for (const rule of rules) {
      // Only rules towards the same cloud type as the provisioning rule flow into the object.
      if (rule.targetObjectType !== provisioningRule.targetObjectType) continue;
      for (const flow of rule.flows) {
        if (flow.target in out) continue; // precedence: rules are sorted, the first value wins
        const value = flowValue(flow, read, { resolve });
        if (value !== undefined) out[flow.target] = value as CloudValue;
      }
    }
    return { provisioningRule, attributes: out };
  }

  /** True when an outbound Provision rule would have this metaverse object in scope (cheap: no flows). */
  provisions(mvType: string, attributes: Readonly<Record<string, AttributeValue>>): boolean {
    const read: AttributeReader = (attribute) => attributes[attribute];
    return (this.outboundByType.get(mvType) ?? []).some(
      (rule) => rule.linkType === "Provision" && inScope(rule, read),
    );
  }
}

/** Scoping filter: clauses AND inside a group, groups OR; no group = everything in scope. @internal */
export function inScope(rule: SyncRule, read: AttributeReader): boolean {
  if (rule.scope.length === 0) return true;
  return rule.scope.some((group) => group.every((clause) => clauseHolds(clause, read(clause.attribute))));
}

function clauseHolds(clause: ScopeClause, value: AttributeValue | undefined): boolean {
  const text = (v: unknown): string => String(v).toLowerCase();
  const operand = clause.value;
  const values: readonly (string | number | boolean)[] =
    value === undefined
      ? []
      : Array.isArray(value)
        ? (value as readonly string[])
        : [value as string | number | boolean];
  const any = (test: (v: string | number | boolean) => boolean): boolean => values.some(test);
  switch (clause.operator) {
    case "ISNULL":
      return values.length === 0;
    case "ISNOTNULL":
      return values.length > 0;
    case "EQUAL":
      return any((v) => text(v) === text(operand));
    case "NOTEQUAL":
      return !any((v) => text(v) === text(operand));
    case "STARTSWITH":
      return any((v) => text(v).startsWith(text(operand)));
    case "NOTSTARTSWITH":
      return !any((v) => text(v).startsWith(text(operand)));
    case "ENDSWITH":
      return any((v) => text(v).endsWith(text(operand)));
    case "NOTENDSWITH":
      return !any((v) => text(v).endsWith(text(operand)));
    case "CONTAINS":
      return any((v) => text(v).includes(text(operand)));
    case "NOTCONTAINS":
      return !any((v) => text(v).includes(text(operand)));
    case "ISBITSET":
      return any((v) => typeof v === "number" && (v & Number(operand)) !== 0);
    case "ISNOTBITSET":
      return !any((v) => typeof v === "number" && (v & Number(operand)) !== 0);
  }
}

interface FlowEnv {
  readonly object?: AdObject;
  readonly forest?: string;
  readonly resolve?: ReferenceResolver;
}

/** Metaverse reference key of an AD object: forest and objectGUID. @internal */
export function referenceKey(forest: string, objectGUID: string): string {
  return `${forest}|${objectGUID}`;
}

function flowValue(flow: AttributeFlow, read: AttributeReader, env: FlowEnv): AttributeValue | undefined {
  switch (flow.kind) {
    case "direct":
      return read(flow.source);
    case "constant":
      return flow.value;
    case "transform":
      return FLOW_FUNCTIONS[flow.fn](read(flow.source), env);
  }
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
