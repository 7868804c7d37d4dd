import type { AttributeValue } from "../../model/ad-object.js";
import type { MergeType } from "./sync-rule.js";

/**
 * One attribute value a rule offers, with the rule's precedence: the lowest precedence number wins.
 *
 * @public
 */
export interface FlowContribution {
  /** Target attribute. */
  readonly target: string;
  /**
   * Value. `null` is AuthoritativeNull: a null that wins at its precedence (concept-azure-ad-connect-sync-declarative-provisioning).
   * A NULL or IgnoreThisFlow contributes nothing, so the next rule's value is used.
   */
  readonly value: AttributeValue | null;
  /** Precedence of the rule that flowed it. */
  readonly precedence: number;
  /** Merge type of the flow (default Update). */
  readonly merge?: MergeType;
  /** The flow is apply-once: its first value is kept. */
  readonly applyOnce?: boolean;
  /** Name of the rule that flowed it (for sync errors and the docs' "which rule won"). */
  readonly rule?: string;
}

/**
 * Resolves contributions already sorted winner-first (precedence, then connector order) into final values:
 * the first contribution decides; AuthoritativeNull leaves the attribute absent; a winning Merge /
 * MergeCaseInsensitive flow unions the values of every merging contribution, in order, without repeats.
 *
 * @internal
 */
export function resolvePrecedence(sorted: readonly FlowContribution[]): Record<string, AttributeValue> {
  const byTarget = new Map<string, FlowContribution[]>();
  for (const c of sorted) {
    const list = byTarget.get(c.target);
    if (list) list.push(c);
    else byTarget.set(c.target, [c]);
  }
  const out: Record<string, AttributeValue> = {};
  for (const [target, list] of byTarget) {
    const winner = list[0] as FlowContribution;
    if (winner.value === null) continue;
    const merge = winner.merge ?? "Update";
    if (merge === "Update") {
      out[target] = winner.value;
      continue;
    }
    const seen = new Set<string>();
    const merged: string[] = [];
    for (const c of list) {
      if (c.value === null || (c.merge ?? "Update") === "Update") continue;
      for (const v of Array.isArray(c.value) ? (c.value as readonly string[]) : [String(c.value)]) {
        const key = merge === "MergeCaseInsensitive" ? v.toLowerCase() : v;
        if (seen.has(key)) continue;
        seen.add(key);
        merged.push(v);
      }
    }
    out[target] = Array.isArray(winner.value) || merged.length > 1 ? Object.freeze(merged) : winner.value;
  }
  return out;
}
