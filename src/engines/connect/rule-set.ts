import { checkedOptionsObject, invalidArgument, optionNames } from "../../scheduler/errors.js";
import { EXCHANGE_HYBRID_RULES, OUT_OF_BOX_RULES } from "./out-of-box-rules.js";
import type { ScopeClause, SyncRule } from "./sync-rule.js";

/**
 * Multi-forest user join: users present in several forests become one metaverse object.
 *
 * @public
 */
export interface UserJoin {
  /** The attribute users are joined on, e.g. `mail` or `employeeID`. */
  readonly attribute: string;
  /** Forests whose users only join an account-forest user and are never synced on their own. */
  readonly resourceForests: readonly string[];
}

/**
 * What shapes the rule set an engine runs: the wizard's choices (pilot group, how users are joined across
 * forests, Exchange hybrid) and the custom rules.
 *
 * @public
 */
export interface RuleSetOptions {
  /** Forests, in declaration order (one AD connector each). */
  readonly forests: readonly string[];
  /** Custom rules (precedence 1–99). */
  readonly custom: readonly SyncRule[];
  /** Group-based filtering: only direct members of these groups (DNs) are synced (pilot). */
  readonly pilotGroups: readonly string[];
  /** Users present in several forests are joined on this attribute; resource forests only join. */
  readonly userJoin: UserJoin | undefined;
  /** Exchange hybrid attribute rules. */
  readonly exchangeHybrid: boolean;
}

const RULE_SET_OPTION_NAMES = optionNames<RuleSetOptions>()(
  "forests",
  "custom",
  "pilotGroups",
  "userJoin",
  "exchangeHybrid",
);

const INBOUND_LINKED_CLASSES = new Set(["user", "group", "contact", "computer"]);

/**
 * Builds the rule set: the out-of-box rules, adjusted as the wizard would adjust them, plus the custom rules.
 * - pilot: an ISMEMBEROF clause in every out-of-box inbound rule (reference.md "Sync rules": group-based
 *   filtering, pilot only);
 * - user join across forests: one user Join rule per forest, join groups top to bottom [sourceAnchor],
 *   then [attribute]; Provision in account forests, Join in resource forests (a resource-forest mailbox
 *   without an account stays a disconnector). At equal precedence the earlier forest's value wins.
 *
 * @public
 */
export function buildRuleSet(options: RuleSetOptions): SyncRule[] {
  checkedOptionsObject(options, RULE_SET_OPTION_NAMES);
  for (const field of ["forests", "custom", "pilotGroups"] as const)
    if (!Array.isArray(options[field])) throw invalidArgument(field, options[field], "is not a list");
  const out: SyncRule[] = [];
  const pilot: ScopeClause | undefined =
    options.pilotGroups.length > 0
      ? { attribute: "dn", operator: "ISMEMBEROF", value: [...options.pilotGroups] }
      : undefined;
  for (const rule of OUT_OF_BOX_RULES) {
    let next: SyncRule = rule;
    if (pilot && rule.direction === "inbound" && INBOUND_LINKED_CLASSES.has(rule.sourceObjectType))
      next = { ...next, scope: next.scope.map((group) => [...group, pilot]) };
    if (options.userJoin && rule.name === "In from AD - User Join") {
      const { attribute, resourceForests } = options.userJoin;
      for (const forest of options.forests)
        out.push({
          ...next,
          name: `${rule.name} (${forest})`,
          forest,
          linkType: resourceForests.includes(forest) ? "Join" : "Provision",
          joinGroups: [
            [{ source: "sourceAnchor", target: "sourceAnchor" }],
            [{ source: attribute, target: attribute, caseInsensitive: true }],
          ],
        });
      continue;
    }
    out.push(next);
  }
  if (options.exchangeHybrid) out.push(...EXCHANGE_HYBRID_RULES);
  out.push(...options.custom);
  return out;
}
