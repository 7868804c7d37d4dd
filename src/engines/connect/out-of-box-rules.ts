import { type CloudObjectType, STANDARD_FLOWS } from "../../model/cloud-schema.js";
import type { AttributeFlow, ScopeClause, SyncRule } from "./sync-rule.js";

// Default exclusions (concept-azure-ad-connect-sync-declarative-provisioning, reference.md "Sync rules"):
// critical system objects, conflict (CNF) objects, and for users: no sAMAccountName, MSOL_/AAD_ accounts.
const NOT_CRITICAL: ScopeClause = { attribute: "isCriticalSystemObject", operator: "NOTEQUAL", value: true };
const NOT_CNF: ScopeClause = { attribute: "dn", operator: "NOTCONTAINS", value: "CNF:" };
const USER_EXCLUSIONS: readonly ScopeClause[] = [
  NOT_CRITICAL,
  NOT_CNF,
  { attribute: "sAMAccountName", operator: "ISNOTNULL" },
  { attribute: "sAMAccountName", operator: "NOTSTARTSWITH", value: "MSOL_" },
  { attribute: "sAMAccountName", operator: "NOTSTARTSWITH", value: "AAD_" },
];

// Objects the engine itself wrote back to AD are not synced up again. Group writeback v1 names them
// Group_<id> (and stamps adminDescription, which the simulated schema lacks): the name prefix marks them.
const NOT_WRITTEN_BACK_GROUP: ScopeClause = {
  attribute: "sAMAccountName",
  operator: "NOTSTARTSWITH",
  value: "Group_",
};
const NOT_WRITTEN_BACK_DEVICE: ScopeClause = {
  attribute: "sAMAccountName",
  operator: "NOTSTARTSWITH",
  value: "Device_",
};

/** Inbound direct flows carry the AD attribute under its own name into the metaverse. */
function inboundFlows(type: CloudObjectType): AttributeFlow[] {
  return STANDARD_FLOWS[type].map((flow): AttributeFlow => {
    if (flow.transform === "account-enabled")
      return { kind: "transform", fn: "accountEnabled", source: flow.source, target: "accountEnabled" };
    if (flow.transform === "reference")
      return { kind: "transform", fn: "referenceIn", source: flow.source, target: flow.source };
    return { kind: "direct", source: flow.source, target: flow.source };
  });
}

/** Outbound flows give the cloud names (cloud-schema STANDARD_FLOWS). */
function outboundFlows(type: CloudObjectType): AttributeFlow[] {
  return STANDARD_FLOWS[type].map((flow): AttributeFlow => {
    if (flow.transform === "account-enabled")
      return { kind: "direct", source: "accountEnabled", target: flow.target };
    if (flow.transform === "reference")
      return { kind: "transform", fn: "referenceOut", source: flow.source, target: flow.target };
    return { kind: "direct", source: flow.source, target: flow.target };
  });
}

const anchorFlow: AttributeFlow = {
  kind: "transform",
  fn: "sourceAnchor",
  source: "objectGUID",
  target: "sourceAnchor",
};
const cloudFilteredFlow: AttributeFlow = { kind: "direct", source: "cloudFiltered", target: "cloudFiltered" };
const sourceTypeFlow = (adClass: string): AttributeFlow => ({
  kind: "constant",
  value: adClass,
  target: "sourceObjectType",
});
const joinOnAnchor = [{ source: "sourceAnchor", target: "sourceAnchor" }] as const;

function inboundPair(
  adClass: string,
  mvType: string,
  type: CloudObjectType,
  precedence: number,
  exclusions: readonly ScopeClause[],
): SyncRule[] {
  const label = adClass === "computer" ? "Device" : adClass[0]?.toUpperCase() + adClass.slice(1);
  return [
    {
      name: `In from AD - ${label} Join`,
      direction: "inbound",
      connector: "ad",
      sourceObjectType: adClass,
      targetObjectType: mvType,
      precedence,
      linkType: "Provision",
      scope: [exclusions],
      join: joinOnAnchor,
      flows: [anchorFlow, cloudFilteredFlow, sourceTypeFlow(adClass)],
    },
    {
      name: `In from AD - ${label} Common`,
      direction: "inbound",
      connector: "ad",
      sourceObjectType: adClass,
      targetObjectType: mvType,
      precedence: precedence + 1,
      scope: [exclusions],
      join: [],
      flows: inboundFlows(type),
    },
  ];
}

function outbound(mvType: string, adClass: string, type: CloudObjectType, precedence: number): SyncRule[] {
  const label = type[0]?.toUpperCase() + type.slice(1);
  // Attribute-based filtering: cloudFiltered=true keeps an object out of Entra ID (reference.md "Sync rules").
  const scope: ScopeClause[] = [
    { attribute: "sourceObjectType", operator: "EQUAL", value: adClass },
    { attribute: "cloudFiltered", operator: "NOTEQUAL", value: true },
  ];
  return [
    {
      name: `Out to AAD - ${label} Join`,
      direction: "outbound",
      connector: "entra",
      sourceObjectType: mvType,
      targetObjectType: type,
      precedence,
      linkType: "Provision",
      scope: [scope],
      join: joinOnAnchor,
      flows: [],
    },
    {
      name: `Out to AAD - ${label} Identity`,
      direction: "outbound",
      connector: "entra",
      sourceObjectType: mvType,
      targetObjectType: type,
      precedence: precedence + 1,
      scope: [scope],
      join: [],
      flows: outboundFlows(type),
    },
  ];
}

/**
 * The out-of-box rules of the core, as data: per class an inbound Join rule (scoping with the default
 * exclusions, join on source anchor, projection) and Common rule (attribute flows), and per cloud type an
 * outbound Join rule (provisioning) and Identity rule (the STANDARD_FLOWS attributes). Precedence from 100
 * (concept-azure-ad-connect-sync-declarative-provisioning).
 *
 * @public
 */
export const OUT_OF_BOX_RULES: readonly SyncRule[] = Object.freeze([
  ...inboundPair("user", "person", "user", 100, USER_EXCLUSIONS),
  ...inboundPair("contact", "person", "contact", 110, [NOT_CRITICAL, NOT_CNF]),
  ...inboundPair("group", "group", "group", 120, [NOT_CRITICAL, NOT_CNF, NOT_WRITTEN_BACK_GROUP]),
  ...inboundPair("computer", "device", "device", 130, [NOT_CRITICAL, NOT_CNF, NOT_WRITTEN_BACK_DEVICE]),
  ...outbound("person", "user", "user", 200),
  ...outbound("person", "contact", "contact", 210),
  ...outbound("group", "group", "group", 220),
  ...outbound("device", "computer", "device", 230),
]);

/**
 * Exchange hybrid attributes (reference-connect-sync-attributes-synchronized, "Exchange hybrid writeback"
 * and "Exchange Online" sets as far as the simulated AD schema holds them): one inbound and one outbound rule
 * per mail-enabled class, added when the `exchange-hybrid-writeback` feature is on.
 *
 * @public
 */
export const EXCHANGE_HYBRID_ATTRIBUTES: readonly string[] = Object.freeze([
  "targetAddress",
  "msExchRecipientTypeDetails",
  "msExchMailboxGuid",
  "msExchArchiveGUID",
  "msExchHideFromAddressLists",
  "legacyExchangeDN",
]);

/** The Exchange hybrid rules (precedence next to each class's out-of-box pair). @public */
export const EXCHANGE_HYBRID_RULES: readonly SyncRule[] = Object.freeze(
  (
    [
      ["user", "person", "user", 102, 202],
      ["contact", "person", "contact", 112, 212],
      ["group", "group", "group", 122, 222],
    ] as const
  ).flatMap(([adClass, mvType, type, inbound, outbound]): SyncRule[] => {
    const label = adClass[0]?.toUpperCase() + adClass.slice(1);
    const direct = EXCHANGE_HYBRID_ATTRIBUTES.map(
      (a): AttributeFlow => ({ kind: "direct", source: a, target: a }),
    );
    return [
      {
        name: `In from AD - ${label} Exchange`,
        direction: "inbound",
        connector: "ad",
        sourceObjectType: adClass,
        targetObjectType: mvType,
        precedence: inbound,
        scope: [],
        join: [],
        flows: direct,
      },
      {
        name: `Out to AAD - ${label} ExchangeOnline`,
        direction: "outbound",
        connector: "entra",
        sourceObjectType: mvType,
        targetObjectType: type,
        precedence: outbound,
        scope: [[{ attribute: "sourceObjectType", operator: "EQUAL", value: adClass }]],
        join: [],
        flows: direct,
      },
    ];
  }),
);
