import type { AttributeValue } from "../../model/ad-object.js";
import { sameValue } from "../../model/values.js";
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

/**
 * The static side of compact contributions: per slot the target, precedence, rule, merge type and
 * apply-once flag (a {@link RulePlan} of the rule compiler satisfies it). @internal
 */
export interface ContributionSlots {
  readonly targets: readonly string[];
  readonly precedence: readonly number[];
  readonly slotRule: readonly { readonly name: string }[];
  readonly merge: readonly (MergeType | undefined)[];
  readonly applyOnce: readonly boolean[];
  readonly targetIds: Int32Array;
  readonly targetCount: number;
  readonly anyMerge: boolean;
  readonly anyApplyOnce: boolean;
}

/** One value per slot: `undefined` = no contribution, `null` = AuthoritativeNull. @internal */
export type SlotValues = readonly (AttributeValue | null | undefined)[];

/**
 * A connector's last contribution to a metaverse object: its slots, and its values — as stored, or, when
 * the metaverse keeps them only in the object's attributes (connector-contributions.ts `derivable`), read from
 * `attributes` by target. @internal
 */
export interface PriorContribution {
  readonly slots: ContributionSlots;
  readonly values: SlotValues | undefined;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** One slot's value of a prior contribution. @internal */
export function priorValue(prior: PriorContribution, slot: number): AttributeValue | null | undefined {
  if (prior.values) return prior.values[slot];
  const target = prior.slots.targets[slot] as string;
  return Object.hasOwn(prior.attributes, target) ? prior.attributes[target] : undefined;
}

/** The contributions of compact slots as {@link FlowContribution} records (for the general path). @internal */
export function slotContributions(slots: ContributionSlots, values: SlotValues): FlowContribution[] {
  const out: FlowContribution[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined) continue;
    const merge = slots.merge[i];
    out.push({
      target: slots.targets[i] as string,
      value,
      precedence: slots.precedence[i] as number,
      rule: (slots.slotRule[i] as { name: string }).name,
      ...(merge !== undefined ? { merge } : {}),
      ...(slots.applyOnce[i] ? { applyOnce: true } : {}),
    });
  }
  return out;
}

const stamps = new WeakMap<ContributionSlots, Int32Array>();
let generation = 0;

/**
 * {@link resolvePrecedence} for one set of slots already in winner-first order, without allocating a
 * record per contribution: the first slot with a value decides its target. Falls back to the general
 * resolution when some flow merges.
 *
 * @internal
 */
export function resolveSlots(slots: ContributionSlots, values: SlotValues): Record<string, AttributeValue> {
  if (slots.anyMerge) return resolvePrecedence(slotContributions(slots, values));
  const stamp = freshStamp(slots);
  const out: Record<string, AttributeValue> = {};
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined || !decides(slots, stamp, i)) continue;
    if (value !== null) out[slots.targets[i] as string] = value;
  }
  return out;
}

/**
 * True when slot `i`, which has a value, is the first of this resolution to give its target one (the slot
 * that decides the target: slots come winner first); marks the target decided.
 */
function decides(slots: ContributionSlots, stamp: Int32Array, i: number): boolean {
  const id = slots.targetIds[i] as number;
  if (stamp[id] === generation) return false;
  stamp[id] = generation;
  return true;
}

/** The slots' "target decided" marks, made current: a mark equal to {@link generation} is set. */
function freshStamp(slots: ContributionSlots): Int32Array {
  let stamp = stamps.get(slots);
  if (!stamp) stamps.set(slots, (stamp = new Int32Array(slots.targetCount)));
  generation = generation === 0x7fffffff ? 1 : generation + 1;
  return stamp;
}

/**
 * {@link resolveSlots}, or `same` itself when the resolution would hold exactly its attributes, each with
 * a value equal to `same`'s (the comparison a store makes to decide whether a write changes anything,
 * model/values.ts sameValue): an evaluation that changes nothing — a password change, a group evaluated
 * again because a member's link moved — builds no record only to find it equal to the last. @internal
 */
export function resolveSlotsOr(
  slots: ContributionSlots,
  values: SlotValues,
  same: Readonly<Record<string, AttributeValue>> | undefined,
): Record<string, AttributeValue> {
  if (same === undefined || slots.anyMerge) return resolveSlots(slots, values);
  const stamp = freshStamp(slots);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined || !decides(slots, stamp, i) || value === null) continue;
    if (!sameValue(same[slots.targets[i] as string], value)) return resolveSlots(slots, values);
    count++;
  }
  // Every attribute resolved is in `same` with that value: the same record when it holds no other.
  let held = 0;
  for (const _ in same) held++;
  return held === count ? (same as Record<string, AttributeValue>) : resolveSlots(slots, values);
}
