import type { AttributeValue } from "../../model/ad-object.js";
import type { CloudObjectType } from "../../model/cloud-schema.js";

/**
 * Scoping operators of a sync rule, the documented set (concept-azure-ad-connect-sync-declarative-provisioning):
 * comparisons, string tests and their NOT forms, presence, list membership, bit tests and group membership.
 *
 * @public
 */
export type ScopeOperator =
  | "EQUAL"
  | "NOTEQUAL"
  | "LESSTHAN"
  | "LESSTHAN_OR_EQUAL"
  | "GREATERTHAN"
  | "GREATERTHAN_OR_EQUAL"
  | "ISNULL"
  | "ISNOTNULL"
  | "STARTSWITH"
  | "NOTSTARTSWITH"
  | "ENDSWITH"
  | "NOTENDSWITH"
  | "CONTAINS"
  | "NOTCONTAINS"
  | "ISIN"
  | "ISNOTIN"
  | "ISBITSET"
  | "ISNOTBITSET"
  | "ISMEMBEROF"
  | "ISNOTMEMBEROF";

/**
 * One clause of a scoping filter group.
 *
 * @public
 */
export interface ScopeClause {
  /** Attribute of the source object (`dn` reads the object's distinguished name). */
  readonly attribute: string;
  /** Operator. */
  readonly operator: ScopeOperator;
  /**
   * Operand (ignored by ISNULL / ISNOTNULL). ISIN / ISNOTIN take a list (or a `;`-separated string);
   * ISMEMBEROF / ISNOTMEMBEROF take the DN of a group (or a list of DNs: member of any).
   */
  readonly value?: string | number | boolean | readonly string[];
}

/**
 * How a multi-valued target combines the values of several rules (concept-azure-ad-connect-sync-declarative-provisioning):
 * `Update` (default) takes the winning rule's value; `Merge` unions the values of every rule that flows
 * with Merge; `MergeCaseInsensitive` does the same ignoring case. Single values always behave as Update.
 *
 * @public
 */
export type MergeType = "Update" | "Merge" | "MergeCaseInsensitive";

/** Options every flow may carry. @public */
export interface FlowOptions {
  /** Target attribute. */
  readonly target: string;
  /** Merge type (default Update). */
  readonly merge?: MergeType;
  /** Apply once: the value flows when the target is first linked / created, never again. */
  readonly applyOnce?: boolean;
}

/**
 * An attribute flow: direct (copy), constant (`null` is NULL), a named transform from the
 * {@link FlowFunctionName} registry, or an expression in the product's syntax (`[attribute]`, nested
 * function calls, `%parameter%`), parsed when the rule set is built and interpreted, never eval'd.
 *
 * @public
 */
export type AttributeFlow =
  | (FlowOptions & {
      /** Direct flow: copies the source attribute. */
      readonly kind: "direct";
      /** Source attribute. */
      readonly source: string;
    })
  | (FlowOptions & {
      /** Constant flow. */
      readonly kind: "constant";
      /** The value (`null` is NULL: the target is cleared). */
      readonly value: AttributeValue | null;
    })
  | (FlowOptions & {
      /** Named transform of the out-of-box rules. */
      readonly kind: "transform";
      /** The transform. */
      readonly fn: FlowFunctionName;
      /** Source attribute it reads. */
      readonly source: string;
    })
  | (FlowOptions & {
      /** Expression flow. */
      readonly kind: "expression";
      /** The expression, in the sync-rule expression syntax. */
      readonly expression: string;
    });

/**
 * Named transforms of the out-of-box rules.
 * - `accountEnabled`: `userAccountControl` without the ACCOUNTDISABLE bit → boolean
 * - `sourceAnchor`: the source anchor (ms-DS-ConsistencyGuid else objectGUID, as ImmutableId)
 * - `referenceIn`: AD reference GUIDs → metaverse reference keys (`forest|guid`)
 * - `referenceOut`: metaverse reference keys → source anchors of referenced objects that are synced
 *
 * @public
 */
export type FlowFunctionName = "accountEnabled" | "sourceAnchor" | "referenceIn" | "referenceOut";

/**
 * How a rule links objects when it applies (concept-azure-ad-connect-sync-declarative-provisioning):
 * Provision projects / provisions when no join matches; Join only joins; StickyJoin only joins and keeps the
 * link when the object later leaves the rule's scope.
 *
 * @public
 */
export type LinkType = "Provision" | "Join" | "StickyJoin";

/**
 * One join condition: the connector-space attribute `source` equals the metaverse attribute `target`.
 *
 * @public
 */
export interface JoinCondition {
  /** Attribute of the connector-space object (inbound) / metaverse object (outbound). */
  readonly source: string;
  /** Attribute of the metaverse object (inbound) / target object (outbound). */
  readonly target: string;
  /** Compare case-insensitively (default false: exact). */
  readonly caseInsensitive?: boolean;
}

/**
 * A declarative sync rule, as data.
 *
 * @public
 */
export interface SyncRule {
  /** Display name, as the Synchronization Rules Editor shows it. */
  readonly name: string;
  /** Inbound (connector space → metaverse) or outbound (metaverse → connector space). */
  readonly direction: "inbound" | "outbound";
  /** Connector kind the rule belongs to: `ad` (every AD connector) or `entra`. */
  readonly connector: "ad" | "entra";
  /** For an `ad` rule: only this forest's connector (default every AD connector). */
  readonly forest?: string;
  /** Object type the rule reads: an AD class for inbound, a metaverse type for outbound. */
  readonly sourceObjectType: string;
  /** Object type it writes: a metaverse type for inbound, a cloud type for outbound. */
  readonly targetObjectType: string;
  /** Lower wins (out-of-box rules from 100, custom 1–99). */
  readonly precedence: number;
  /** Link type, when the rule may connect objects. Rules without one only flow attributes. */
  readonly linkType?: LinkType;
  /** Scoping filter: clauses AND inside a group, groups OR; empty = every object of the type. */
  readonly scope: readonly (readonly ScopeClause[])[];
  /** Join criteria of a single join group (conditions AND); see {@link SyncRule.joinGroups}. */
  readonly join: readonly JoinCondition[];
  /**
   * Join groups, evaluated top to bottom; the first group with exactly one match wins. When given it
   * replaces {@link SyncRule.join}; when absent, `join` is the one group.
   */
  readonly joinGroups?: readonly (readonly JoinCondition[])[];
  /** Attribute flows. */
  readonly flows: readonly AttributeFlow[];
  /** False turns the rule off without removing it. */
  readonly enabled?: boolean;
}

/** The join groups of a rule, top to bottom. @internal */
export function joinGroupsOf(rule: SyncRule): readonly (readonly JoinCondition[])[] {
  if (rule.joinGroups !== undefined) return rule.joinGroups.filter((g) => g.length > 0);
  return rule.join.length > 0 ? [rule.join] : [];
}

/** Metaverse object type of each syncable AD class. @internal */
export const MV_TYPE_OF: Readonly<Record<string, string>> = {
  user: "person",
  group: "group",
  contact: "person",
  computer: "device",
};

/** Cloud object type of each outbound rule's target. @internal */
export function cloudTypeOfRule(rule: SyncRule): CloudObjectType {
  return rule.targetObjectType as CloudObjectType;
}
