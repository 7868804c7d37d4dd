import { invalidArgument } from "../../scheduler/errors.js";
import type { AttributeFlow, JoinCondition, ScopeClause, SyncRule } from "./sync-rule.js";

/**
 * A custom sync rule as a scenario writes it (JSON): like {@link SyncRule}, with defaults — `connector`
 * follows the direction, `scope`/`join`/`flows` default to empty — and flows written by their fields:
 * `{ target, source }` direct, `{ target, value }` constant (`null` = NULL), `{ target, expression }` in
 * the product's expression syntax, each with optional `merge` and `applyOnce`.
 *
 * @public
 */
export interface SyncRuleInput {
  /** Rule name (unique). */
  readonly name: string;
  /** `inbound` (AD → metaverse) or `outbound` (metaverse → Entra ID). */
  readonly direction: "inbound" | "outbound";
  /** Connector kind (default `ad` for inbound, `entra` for outbound). */
  readonly connector?: "ad" | "entra";
  /** Only this forest's AD connector (inbound). */
  readonly forest?: string;
  /** Source type: AD class (inbound) or metaverse type (outbound). */
  readonly sourceObjectType: string;
  /** Target type: metaverse type (inbound) or cloud type (outbound). */
  readonly targetObjectType: string;
  /** Precedence: custom rules 1–99 (concept-azure-ad-connect-sync-declarative-provisioning). */
  readonly precedence: number;
  /** Link type. */
  readonly linkType?: "Provision" | "Join" | "StickyJoin";
  /** Scoping groups (OR) of clauses (AND). */
  readonly scope?: readonly (readonly ScopeClause[])[];
  /** Join groups, top to bottom. */
  readonly joinGroups?: readonly (readonly JoinCondition[])[];
  /** Flows. */
  readonly flows?: readonly SyncRuleFlowInput[];
  /** False turns the rule off. */
  readonly enabled?: boolean;
}

/**
 * One flow of a {@link SyncRuleInput}: exactly one of `source`, `value` or `expression`.
 *
 * @public
 */
export interface SyncRuleFlowInput {
  /** Target attribute. */
  readonly target: string;
  /** Direct flow: the source attribute. */
  readonly source?: string;
  /** Constant flow (`null` = NULL). */
  readonly value?: string | number | boolean | readonly string[] | null;
  /** Expression flow, in the product's syntax. */
  readonly expression?: string;
  /** Merge type (default Update). */
  readonly merge?: "Update" | "Merge" | "MergeCaseInsensitive";
  /** Apply once. */
  readonly applyOnce?: boolean;
}

const RULE_KEYS = new Set([
  "name",
  "direction",
  "connector",
  "forest",
  "sourceObjectType",
  "targetObjectType",
  "precedence",
  "linkType",
  "scope",
  "joinGroups",
  "flows",
  "enabled",
]);
const FLOW_KEYS = new Set(["target", "source", "value", "expression", "merge", "applyOnce"]);

/**
 * Turns scenario rules into {@link SyncRule}s, checking the shape (the pipeline then checks operators and
 * parses expressions). Custom rules take precedence 1–99, below the out-of-box rules' 100 and up.
 *
 * @param input - the `rules` list of a Connect config
 * @param field - path of the list in the config, for messages
 * @throws SimulationError `invalid-argument` naming `rules[i].<field>` and the value
 * @public
 */
export function customRulesFromConfig(input: unknown, field = "rules"): SyncRule[] {
  if (!Array.isArray(input)) throw invalidArgument(field, input, "is not a list of sync rules");
  // Array.from: a hole in a sparse list becomes undefined and is refused (map would skip it).
  return Array.from(input).map((raw, i): SyncRule => {
    const at = `${field}[${i}]`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw))
      throw invalidArgument(at, raw, "is not a sync rule");
    const rule = raw as SyncRuleInput;
    for (const key of Object.keys(rule))
      if (!RULE_KEYS.has(key))
        throw invalidArgument(`${at}.${key}`, (rule as never)[key], "is not a sync-rule field");
    if (!Number.isInteger(rule.precedence) || rule.precedence < 1 || rule.precedence > 99)
      throw invalidArgument(`${at}.precedence`, rule.precedence, "must be a custom precedence from 1 to 99");
    for (const key of ["sourceObjectType", "targetObjectType"] as const)
      if (typeof rule[key] !== "string" || rule[key].length === 0)
        throw invalidArgument(`${at}.${key}`, rule[key], "is not an object type");
    const flows = Array.from(rule.flows ?? []).map((flow, f): AttributeFlow => {
      const fat = `${at}.flows[${f}]`;
      if (flow === null || typeof flow !== "object") throw invalidArgument(fat, flow, "is not a flow");
      for (const key of Object.keys(flow))
        if (!FLOW_KEYS.has(key))
          throw invalidArgument(`${fat}.${key}`, (flow as never)[key], "is not a flow field");
      const kinds = ["source", "value", "expression"].filter((k) => k in flow);
      if (kinds.length !== 1)
        throw invalidArgument(
          fat,
          flow,
          "needs exactly one of source (direct), value (constant) or expression",
        );
      const options = {
        target: flow.target,
        ...(flow.merge !== undefined ? { merge: flow.merge } : {}),
        ...(flow.applyOnce !== undefined ? { applyOnce: flow.applyOnce } : {}),
      };
      if (flow.expression !== undefined) {
        if (typeof flow.expression !== "string")
          throw invalidArgument(`${fat}.expression`, flow.expression, "is not expression text");
        return { kind: "expression", expression: flow.expression, ...options };
      }
      if (flow.source !== undefined) {
        if (typeof flow.source !== "string")
          throw invalidArgument(`${fat}.source`, flow.source, "is not an attribute name");
        return { kind: "direct", source: flow.source, ...options };
      }
      return { kind: "constant", value: (flow.value ?? null) as never, ...options };
    });
    return {
      name: rule.name,
      direction: rule.direction,
      connector: rule.connector ?? (rule.direction === "outbound" ? "entra" : "ad"),
      ...(rule.forest !== undefined ? { forest: rule.forest } : {}),
      sourceObjectType: rule.sourceObjectType,
      targetObjectType: rule.targetObjectType,
      precedence: rule.precedence,
      ...(rule.linkType !== undefined ? { linkType: rule.linkType } : {}),
      scope: rule.scope ?? [],
      join: [],
      ...(rule.joinGroups !== undefined ? { joinGroups: rule.joinGroups } : {}),
      flows,
      ...(rule.enabled !== undefined ? { enabled: rule.enabled } : {}),
    };
  });
}
