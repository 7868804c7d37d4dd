import type { AdObject, AttributeValue } from "../../model/ad-object.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import { type ChangePreview, previewBetween } from "../change-preview.js";
import { type ContributionSlots, resolveSlots, type SlotValues } from "./precedence.js";
import type { RulePipeline } from "./rule-pipeline.js";
import type { MembershipTest } from "./scoping.js";

/**
 * Connect's preview of one AD change through its sync rules, the question the Synchronization Service
 * Manager's Preview answers for one object: the inbound rules of the object's connector make metaverse
 * attributes (precedence as sync resolves it), the outbound rules make the export values, for the object
 * before and after the change. What differs is what the change does in the cloud.
 *
 * An object joined to a metaverse object other forests contribute to (a merger's person) is previewed
 * with their contributions as the active server holds them, so precedence across forests decides as in
 * sync (a forest-specific custom rule of the other forest may win an attribute). References (`manager`,
 * `members`) are left out: only a sync resolves them to the referenced objects' anchors; so are apply-once
 * targets and those only IgnoreThisFlow reached, which a change of an object already in the cloud never
 * updates.
 */

/** No reference resolves in a preview (see above). */
const UNRESOLVED = (): undefined => undefined;
const NO_REFERENCES: readonly string[] = [];

/**
 * The metaverse attributes of the object's joined metaverse object, were the object's contribution these
 * slot values (the other forests' contributions kept); undefined when nothing else contributes.
 *
 * @internal
 */
export type JoinedResolution = (
  slots: ContributionSlots,
  values: SlotValues,
) => Record<string, AttributeValue> | undefined;

/**
 * The preview of a change of `before` into `after` (the same object of `forest`, metaverse type
 * `mvType`) through `rules`; `joined`, when the object is joined to a metaverse object other forests
 * contribute to, resolves precedence with their contributions.
 *
 * @internal
 */
export function previewThroughRules(
  rules: RulePipeline,
  before: AdObject,
  after: AdObject,
  forest: string,
  mvType: string,
  memberOf: MembershipTest | undefined,
  joined?: JoinedResolution,
): ChangePreview {
  const was = exportValues(rules, before, forest, mvType, memberOf, joined);
  const is = exportValues(rules, after, forest, mvType, memberOf, joined);
  if (typeof is === "string") return { changed: new Map(), error: is };
  return previewBetween(typeof was === "string" ? undefined : was, is, NO_REFERENCES);
}

/**
 * The export values sync would make of `object` alone, undefined when no rule provisions it, or the
 * message of the first flow error (sync stops on it: nothing of the object is applied).
 */
function exportValues(
  rules: RulePipeline,
  object: AdObject,
  forest: string,
  mvType: string,
  memberOf: MembershipTest | undefined,
  joined: JoinedResolution | undefined,
): Readonly<Record<string, CloudValue>> | string | undefined {
  const inbound = rules.inboundSlots(object, forest, memberOf);
  const inError = inbound.errors[0];
  if (inError) return inError.message;
  // A joined object counts with the other contributions even without a Provision rule of its own (a
  // resource forest's mailbox joined to an account).
  const merged = joined?.(inbound.plan, inbound.values);
  if (!merged && !inbound.provisioningRule) return undefined;
  const metaverse: Record<string, AttributeValue> = merged ?? resolveSlots(inbound.plan, inbound.values);
  const outbound = rules.outbound(mvType, metaverse, UNRESOLVED);
  if (!outbound) return undefined;
  const outError = outbound.errors[0];
  if (outError) return outError.message;
  if (outbound.applyOnce.length === 0 && outbound.ignored.length === 0) return outbound.attributes;
  // A change never reaches what an apply-once flow set at creation, nor a target only IgnoreThisFlow
  // reached (left as it is): neither is part of what the change does.
  const values: Record<string, CloudValue> = { ...outbound.attributes };
  for (const target of outbound.applyOnce) delete values[target];
  for (const target of outbound.ignored) delete values[target];
  return values;
}
