import type { AdObject, AttributeValue } from "../../model/ad-object.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import { sameValue } from "../../model/values.js";
import { NONE } from "./flow-values.js";
import type { RulePlan } from "./rule-compiler.js";
import type { SyncRule } from "./sync-rule.js";

/**
 * Patched evaluation: an update that changed only attributes that direct flows read becomes a patch of the
 * object's metaverse attributes and export values, instead of its inbound and outbound evaluation again
 * (sync.ts `patchInbound`, entra-provisioning.ts `patchExport`; docs/engines/connect.md "Performance model").
 */

/**
 * One attribute of an object that a patched evaluation changes: its value before and after (both present:
 * an attribute that appears or disappears moves in the record's key order, and takes the whole evaluation).
 * @internal
 */
export interface AttributePatch {
  /** The attribute. */
  readonly target: string;
  /** Its value before the change. */
  readonly before: AttributeValue;
  /** Its value after the change. */
  readonly after: AttributeValue;
}

/**
 * The inbound evaluation of `after` as a patch of the evaluation of `before` (the state the object's
 * contribution was made from; `attributes` are the metaverse attributes holding that contribution exactly,
 * one slot per target): the metaverse attributes whose value changes. Undefined when the evaluation must be
 * done again whole: the plan cannot be patched, the DN or class changed, an attribute read by a scope or a
 * transform changed, or an attribute appears or disappears. Only direct flows of rules with the object in
 * scope carry a change (scopes read nothing that changed: the rules in scope are those of last time). @internal
 */
export function inboundPatch(
  plan: RulePlan,
  before: AdObject,
  after: AdObject,
  attributes: Readonly<Record<string, AttributeValue>>,
): readonly AttributePatch[] | undefined {
  const patch = plan.patch;
  if (!patch) return undefined;
  if (before.dn !== after.dn || before.objectClass !== after.objectClass) return undefined;
  const was = before.attributes;
  const now = after.attributes;
  if (was === now) return NONE;
  // The attributes that changed, found by walking the new record once (the directory keeps an unchanged
  // value as the very same value): one comparison per attribute the object has, not two reads per
  // attribute the rules read. An attribute gone is seen in the count alone: it takes the whole evaluation.
  let changes: AttributePatch[] | undefined;
  let count = 0;
  let added = 0;
  for (const name in now) {
    count++;
    const value = now[name] as AttributeValue;
    const old = was[name];
    if (old === value) continue;
    if (old === undefined) added++;
    const at = patch.reads.get(name);
    if (at === undefined) continue;
    // Read by a scope or a transform, or present only now: the whole evaluation.
    if (at < 0 || old === undefined) return undefined;
    for (const slot of patch.sourceSlots[at] as readonly number[]) {
      const target = plan.targets[slot] as string;
      const held = attributes[target];
      // The slot's target is its alone (one slot per target, one connector): the attribute holds the old
      // value when the flow's rule had the object in scope, nothing when it had not — and nothing a scope
      // reads changed, so it still has, or still has not, without testing the scope again.
      if (held === undefined) continue;
      if (held !== old && !sameValue(held, old)) return undefined;
      if (sameValue(old, value)) continue;
      (changes ??= []).push({ target, before: old, after: value });
    }
  }
  for (const _ in was) count--;
  if (count !== added) return undefined;
  return changes ?? NONE;
}

/**
 * The outbound evaluation of a metaverse object whose attributes changed by `changes` (nothing else: no
 * reference it holds resolves differently) as a patch of its last one, which provisioned it as a `type`
 * with export values `desired`: `desired` itself when nothing changes, else a copy with the changed targets
 * (keys in the same order). Nothing a scope reads changed, so the rules in scope, the Provision rule among
 * them and the cloud type are those of last time: no scope is tested. Undefined when the evaluation must be
 * done again whole: the plan cannot be patched, a changed attribute is read by a scope or a transform, or a
 * changed target is shared with another flow. @internal
 */
export function outboundPatch(
  plan: RulePlan | undefined,
  changes: readonly AttributePatch[],
  desired: Readonly<Record<string, CloudValue>>,
  type: string,
): Readonly<Record<string, CloudValue>> | undefined {
  const patch = plan?.patch;
  if (!plan || !patch) return undefined;
  const order = patch.typeTargets.get(type);
  if (!order) return undefined;
  let changed: AttributePatch[] | undefined;
  for (const change of changes) {
    const at = patch.reads.get(change.target);
    if (at === undefined) continue;
    if (at < 0) return undefined;
    for (const slot of patch.sourceSlots[at] as readonly number[]) {
      if ((plan.slotRule[slot] as SyncRule).targetObjectType !== type) continue;
      const target = plan.targets[slot] as string;
      // The type's targets are one per slot: the export values hold the flow's old value when its rule had
      // the object in scope, nothing when it had not (nothing a scope reads changed: it still has, or still
      // has not). Anything else: they are not that evaluation's.
      const held = desired[target];
      if (held === undefined) continue;
      if (!sameValue(held, change.before)) return undefined;
      (changed ??= []).push({ target, before: change.before, after: change.after });
    }
  }
  return changed ? resolvedInOrder(order, desired, changed) : desired;
}

/**
 * The record a resolution of a type's slots would build (keys in slot order: the export values the
 * connector space holds may be the cloud's record, in its order) of the values in `desired` with the
 * `changed` targets changed (`targets`: the type's, one per slot). Undefined when `desired` holds a key
 * none of them is.
 */
function resolvedInOrder(
  targets: readonly string[],
  desired: Readonly<Record<string, CloudValue>>,
  changed: readonly AttributePatch[],
): Record<string, CloudValue> | undefined {
  const out: Record<string, CloudValue> = {};
  let count = 0;
  for (const target of targets) {
    if (!Object.hasOwn(desired, target)) continue;
    count++;
    out[target] = desired[target] as CloudValue;
  }
  for (const change of changed) out[change.target] = change.after as CloudValue;
  for (const _ in desired) count--;
  return count === 0 ? out : undefined;
}
