import type { AttributeValue } from "../../model/ad-object.js";
import type { CloudObjectType } from "../../model/cloud-schema.js";

/**
 * Scoping operators of a sync rule (concept-azure-ad-connect-sync-declarative-provisioning). The core
 * evaluates the ones its out-of-box rules need plus the common comparisons; the rule-language issue
 * completes the list (ISMEMBEROF, LESSTHAN...).
 *
 * @public
 */
export type ScopeOperator =
  | "EQUAL"
  | "NOTEQUAL"
  | "ISNULL"
  | "ISNOTNULL"
  | "STARTSWITH"
  | "NOTSTARTSWITH"
  | "ENDSWITH"
  | "NOTENDSWITH"
  | "CONTAINS"
  | "NOTCONTAINS"
  | "ISBITSET"
  | "ISNOTBITSET";

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
  /** Operand (ignored by ISNULL / ISNOTNULL). */
  readonly value?: string | number | boolean;
}

/**
 * An attribute flow: direct (copy), constant, or a named transform from the {@link FlowFunctionName}
 * registry. The rule-language issue adds an `expression` kind parsed from the product syntax.
 *
 * @public
 */
export type AttributeFlow =
  | { readonly kind: "direct"; readonly source: string; readonly target: string }
  | { readonly kind: "constant"; readonly value: AttributeValue; readonly target: string }
  | {
      readonly kind: "transform";
      readonly fn: FlowFunctionName;
      readonly source: string;
      readonly target: string;
    };

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
 * Provision projects / provisions when no join matches; Join only joins.
 *
 * @public
 */
export type LinkType = "Provision" | "Join";

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
  /** Join criteria: metaverse attribute = source attribute (both on `sourceAnchor` out of the box). */
  readonly join: readonly { readonly source: string; readonly target: string }[];
  /** Attribute flows. */
  readonly flows: readonly AttributeFlow[];
  /** False turns the rule off without removing it. */
  readonly enabled?: boolean;
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
