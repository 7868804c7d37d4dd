import type { AdObject } from "../../model/ad-object.js";
import type { ConnectorSpace } from "./connector-space.js";
import { type SlotInbound, slotValue } from "./inbound-evaluation.js";
import type { Metaverse, MvObject } from "./metaverse.js";
import type { RunContext } from "./run-context.js";
import type { JoinCondition, SyncRule } from "./sync-rule.js";

/**
 * Join: the in-scope rules' join groups, rule by rule in precedence order and group by group top to
 * bottom; the first group with exactly one candidate wins (concept-azure-ad-connect-sync-declarative-provisioning).
 * A candidate already linked to another object of this connector cannot be joined again. A source value
 * the object does not hold is read from what the rules flow (the out-of-box rules join on the flowed
 * `sourceAnchor`).
 *
 * @internal
 */
export function join(
  ctx: RunContext,
  space: ConnectorSpace,
  object: AdObject,
  result: SlotInbound,
): { object: MvObject; rule: SyncRule } | undefined {
  for (const rule of result.joinRules) {
    for (const group of ctx.pipeline.joinGroupsOf(rule)) {
      const match = soleCandidate(ctx.db.metaverse, space.name, rule, group, object, result);
      if (match) return { object: match, rule };
    }
  }
  return undefined;
}

/**
 * The one metaverse object a join group finds, if exactly one: objects of the rule's type matching the
 * group's first condition (any value), not linked to this connector yet, that meet every other condition.
 * Counted as they are found (no list of hits or candidates per object synced: every new object of an
 * initial sync tries its join).
 */
function soleCandidate(
  mv: Metaverse,
  connector: string,
  rule: SyncRule,
  group: readonly JoinCondition[],
  object: AdObject,
  result: SlotInbound,
): MvObject | undefined {
  const first = group[0];
  if (!first) return undefined;
  const values = joinValues(object, result, first.source);
  // One object found through several values counts once.
  const seen = values.length > 1 ? new Set<string>() : undefined;
  let sole: MvObject | undefined;
  for (const value of values)
    for (const hit of mv.findBy(rule.targetObjectType, first.target, value, first.caseInsensitive)) {
      if (seen) {
        if (seen.has(hit.id)) continue;
        seen.add(hit.id);
      }
      if (hit.links[connector] !== undefined || !meetsConditions(hit, group, object, result)) continue;
      if (sole) return undefined;
      sole = hit;
    }
  return sole;
}

/** True when a join candidate meets every condition of the group after the first. */
function meetsConditions(
  candidate: MvObject,
  group: readonly JoinCondition[],
  object: AdObject,
  result: SlotInbound,
): boolean {
  for (let c = 1; c < group.length; c++) {
    const cond = group[c] as JoinCondition;
    const want = joinValues(object, result, cond.source);
    const have = candidate.attributes[cond.target];
    const list =
      cond.target === "sourceAnchor"
        ? [candidate.sourceAnchor]
        : have === undefined
          ? []
          : Array.isArray(have)
            ? (have as readonly string[])
            : [String(have)];
    const same = cond.caseInsensitive
      ? want.some((w) => list.some((h) => w.toLowerCase() === h.toLowerCase()))
      : want.some((w) => list.includes(w));
    if (!same) return false;
  }
  return true;
}

/**
 * The values a join condition looks up for an object: its own attribute, or else what the rules flow
 * (the out-of-box rules join on the flowed `sourceAnchor`).
 */
function joinValues(object: AdObject, result: SlotInbound, source: string): readonly string[] {
  const own =
    source === "dn" ? object.dn : source === "objectGUID" ? object.objectGUID : object.attributes[source];
  const value = own ?? slotValue(result, source);
  if (value === undefined || value === null) return NO_VALUES;
  return Array.isArray(value) ? (value as readonly string[]) : [String(value)];
}

const NO_VALUES: readonly string[] = Object.freeze([]);
