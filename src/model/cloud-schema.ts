import type { AdObject, AdObjectClass } from "./ad-object.js";
import { isEnabled } from "./ad-object.js";

/**
 * Object types in the cloud tenant.
 *
 * @public
 */
export type CloudObjectType = "user" | "group" | "contact" | "device";

/**
 * A cloud attribute value. `null` is never stored: an absent attribute is simply missing.
 *
 * @public
 */
export type CloudValue = string | number | boolean | readonly string[];

/**
 * The cloud object type an AD class syncs to, if any.
 *
 * @public
 */
export function cloudTypeOf(objectClass: AdObjectClass): CloudObjectType | undefined {
  switch (objectClass) {
    case "user":
    case "group":
    case "contact":
      return objectClass;
    case "computer":
      return "device";
    default:
      return undefined;
  }
}

/**
 * One standard attribute flow, AD → Entra ID.
 *
 * @public
 */
export interface StandardFlow {
  /** AD attribute. */
  readonly source: string;
  /** Entra ID attribute. */
  readonly target: string;
  /** How the value is carried: as is, as an enabled flag from `userAccountControl`, or as anchors of references. */
  readonly transform: "direct" | "account-enabled" | "reference";
}

const direct = (source: string, target = source): StandardFlow => ({ source, target, transform: "direct" });

// A person's phones and office address, which users and contacts share.
const CONTACT_DETAILS: readonly StandardFlow[] = [
  direct("telephoneNumber"),
  direct("mobile", "mobilePhone"),
  direct("physicalDeliveryOfficeName", "officeLocation"),
  direct("streetAddress"),
  direct("l", "city"),
  direct("st", "state"),
  direct("postalCode"),
  direct("co", "country"),
];

// extensionAttribute1 … 15: Exchange's custom attributes, which Entra ID holds as onPremisesExtensionAttributes.
const EXTENSION_ATTRIBUTES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`);

/**
 * The attributes both products sync by default, per class, with their Entra ID names
 * (`reference-connect-sync-attributes-synchronized`; Cloud Sync's default mappings carry the same set).
 * This is the shared vocabulary of the tenant and the oracle the tests compare against; each engine
 * expresses it in its own rule or mapping format.
 *
 * @public
 */
export const STANDARD_FLOWS: Readonly<Record<CloudObjectType, readonly StandardFlow[]>> = {
  user: [
    direct("userPrincipalName"),
    direct("displayName"),
    direct("givenName"),
    direct("sn", "surname"),
    direct("mail"),
    direct("mailNickname"),
    direct("proxyAddresses"),
    direct("department"),
    direct("title", "jobTitle"),
    direct("company", "companyName"),
    direct("employeeID", "employeeId"),
    ...CONTACT_DETAILS,
    direct("c", "usageLocation"),
    ...EXTENSION_ATTRIBUTES.map((name) => direct(name)),
    direct("sAMAccountName", "onPremisesSamAccountName"),
    { source: "userAccountControl", target: "accountEnabled", transform: "account-enabled" },
    { source: "manager", target: "manager", transform: "reference" },
  ],
  group: [
    direct("displayName"),
    direct("description"),
    direct("mail"),
    direct("mailNickname"),
    direct("proxyAddresses"),
    direct("sAMAccountName", "onPremisesSamAccountName"),
    { source: "member", target: "members", transform: "reference" },
  ],
  contact: [
    direct("displayName"),
    direct("givenName"),
    direct("sn", "surname"),
    direct("mail"),
    direct("mailNickname"),
    direct("proxyAddresses"),
    direct("department"),
    direct("title", "jobTitle"),
    direct("company", "companyName"),
    ...CONTACT_DETAILS,
    ...EXTENSION_ATTRIBUTES.map((name) => direct(name)),
  ],
  device: [
    direct("displayName"),
    direct("operatingSystem"),
    direct("operatingSystemVersion"),
    { source: "userAccountControl", target: "accountEnabled", transform: "account-enabled" },
  ],
};

/**
 * The cloud attributes the standard flows make of an AD object: the expected projection a converged
 * engine must produce. `anchorOf` turns a referenced objectGUID into its source anchor, or undefined when
 * the target is not synced (the reference is then dropped, as both products do).
 *
 * @public
 */
export function standardProjection(
  object: AdObject,
  anchorOf: (objectGUID: string) => string | undefined,
): Record<string, CloudValue> {
  const type = cloudTypeOf(object.objectClass);
  const out: Record<string, CloudValue> = {};
  if (!type) return out;
  for (const flow of STANDARD_FLOWS[type]) {
    const value = projectFlow(object, flow, anchorOf);
    if (value !== undefined) out[flow.target] = value;
  }
  return out;
}

/**
 * The value one standard flow makes of an AD object (undefined: the flow sets nothing), as in
 * {@link standardProjection} — which the observer asks for the attributes of one write only.
 *
 * @internal
 */
export function projectFlow(
  object: AdObject,
  flow: StandardFlow,
  anchorOf: (objectGUID: string) => string | undefined,
): CloudValue | undefined {
  if (flow.transform === "account-enabled") return isEnabled(object);
  const value = object.attributes[flow.source];
  if (flow.transform === "direct") return value as CloudValue | undefined;
  // A group without members still has a member list in the cloud: an empty one.
  if (value === undefined) return flow.target === "members" ? [] : undefined;
  const list = (Array.isArray(value) ? value : [value]) as string[];
  const anchors = list.map(anchorOf).filter((a): a is string => a !== undefined);
  return Array.isArray(value) ? anchors : anchors[0];
}
