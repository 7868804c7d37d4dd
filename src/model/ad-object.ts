import { SimulationError, show } from "../scheduler/errors.js";

/**
 * The object classes the directory holds.
 *
 * @public
 */
export type AdObjectClass = "user" | "group" | "contact" | "computer" | "organizationalUnit" | "domainDNS";

/**
 * An attribute value: single-valued attributes hold a string, number or boolean; multi-valued ones a list
 * of strings. Reference attributes (`manager`, `member`) hold the target objects' `objectGUID`s — the model
 * resolves links by GUID, as AD does internally, so a rename or move never breaks them.
 *
 * @public
 */
export type AttributeValue = string | number | boolean | readonly string[];

/**
 * An immutable directory object (immer-frozen). A deleted object keeps its record with `isDeleted` set;
 * {@link Directory.changesSince} returns it stripped, as a tombstone.
 *
 * @public
 */
export interface AdObject {
  /** Immutable identity, kept across renames, moves, delete and restore. */
  readonly objectGUID: string;
  /** Object class. */
  readonly objectClass: AdObjectClass;
  /** Current distinguished name. */
  readonly dn: string;
  /** DNS name of the object's domain. */
  readonly domain: string;
  /** USN of the write that created it. */
  readonly uSNCreated: number;
  /** USN of the last write to it. */
  readonly uSNChanged: number;
  /** Virtual time of the last write. */
  readonly whenChanged: number;
  /** True once deleted (tombstone or recycle-bin state). */
  readonly isDeleted: boolean;
  /** Attributes by LDAP display name. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** How an attribute is stored. @public */
export interface AttributeSpec {
  /** Multi-valued (a list of strings). */
  readonly multi: boolean;
  /** Value kind for single-valued attributes. */
  readonly kind: "string" | "number" | "boolean" | "reference";
}

const str: AttributeSpec = { multi: false, kind: "string" };
const num: AttributeSpec = { multi: false, kind: "number" };
const multi: AttributeSpec = { multi: true, kind: "string" };
const ref: AttributeSpec = { multi: false, kind: "reference" };

const extensionAttributes: Record<string, AttributeSpec> = Object.fromEntries(
  Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, str]),
);

// Exchange hybrid attributes (`reference-connect-sync-attributes-synchronized`, Exchange hybrid writeback).
const exchange: Record<string, AttributeSpec> = {
  mailNickname: str,
  targetAddress: str,
  msExchRecipientTypeDetails: num,
  msExchMailboxGuid: str,
  msExchArchiveGUID: str,
  msExchHideFromAddressLists: str,
  legacyExchangeDN: str,
};

// Exchange hybrid writeback: what Exchange Online's settings are written to on a user (model/exchange-online.ts).
const exchangeWriteback: Record<string, AttributeSpec> = {
  msExchArchiveStatus: num,
  msExchBlockedSendersHash: str,
  msExchSafeRecipientsHash: str,
  msExchSafeSendersHash: str,
  msExchUCVoiceMailSettings: multi,
  msExchUserHoldPolicies: multi,
};

const mailable: Record<string, AttributeSpec> = {
  displayName: str,
  description: str,
  mail: str,
  proxyAddresses: multi,
  ...exchange,
  ...extensionAttributes,
};

const person: Record<string, AttributeSpec> = {
  ...mailable,
  givenName: str,
  sn: str,
  initials: str,
  company: str,
  department: str,
  title: str,
  physicalDeliveryOfficeName: str,
  telephoneNumber: str,
  mobile: str,
  streetAddress: str,
  l: str,
  st: str,
  postalCode: str,
  c: str,
  co: str,
  employeeID: str,
  employeeType: str,
  manager: ref,
};

/**
 * The attributes each class accepts, and how each is stored. Attributes the system owns (`objectGUID`,
 * `uSNChanged`, `member` — use add/remove member, `pwdLastSet`) are not writable through `modify`.
 *
 * @public
 */
export const ATTRIBUTE_SCHEMA: Readonly<Record<AdObjectClass, Readonly<Record<string, AttributeSpec>>>> = {
  user: {
    ...person,
    sAMAccountName: str,
    userPrincipalName: str,
    userAccountControl: num,
    "mS-DS-ConsistencyGuid": str,
    isCriticalSystemObject: { multi: false, kind: "boolean" },
    adminCount: num,
    userCertificate: multi,
    cloudFiltered: { multi: false, kind: "boolean" },
    ...exchangeWriteback,
  },
  group: {
    ...mailable,
    sAMAccountName: str,
    groupType: num,
    managedBy: ref,
    "mS-DS-ConsistencyGuid": str,
    isCriticalSystemObject: { multi: false, kind: "boolean" },
    cloudFiltered: { multi: false, kind: "boolean" },
  },
  contact: { ...person, "mS-DS-ConsistencyGuid": str, cloudFiltered: { multi: false, kind: "boolean" } },
  computer: {
    displayName: str,
    description: str,
    sAMAccountName: str,
    dNSHostName: str,
    operatingSystem: str,
    operatingSystemVersion: str,
    userAccountControl: num,
    userCertificate: multi,
    "mS-DS-ConsistencyGuid": str,
    cloudFiltered: { multi: false, kind: "boolean" },
  },
  organizationalUnit: { description: str },
  domainDNS: { description: str },
};

/** System-maintained attributes: readable in records, never set through `modify`. @public */
export const SYSTEM_ATTRIBUTES: ReadonlySet<string> = new Set([
  "member",
  "pwdLastSet",
  "cn",
  "name",
  "objectGUID",
]);

/** `userAccountControl` bit for a disabled account (ADS_UF_ACCOUNTDISABLE). @public */
export const UAC_ACCOUNT_DISABLE = 0x2;
/** `userAccountControl` of a normal enabled account (NORMAL_ACCOUNT). @public */
export const UAC_NORMAL_ACCOUNT = 0x200;

/** True when a user or computer is enabled (`userAccountControl` without the disable bit). @public */
export function isEnabled(object: AdObject): boolean {
  const uac = object.attributes.userAccountControl;
  return typeof uac !== "number" || (uac & UAC_ACCOUNT_DISABLE) === 0;
}

/** `groupType` bit for a security group. @public */
export const GROUP_TYPE_SECURITY = 0x80000000 | 0;

/**
 * The writable attributes of each class (the schema less the system-owned ones), as one map lookup per
 * value written: every attribute of every object a 150,000-user build creates is checked here.
 */
const WRITABLE: ReadonlyMap<string, ReadonlyMap<string, AttributeSpec>> = new Map(
  Object.entries(ATTRIBUTE_SCHEMA).map(([objectClass, schema]) => [
    objectClass,
    new Map(Object.entries(schema).filter(([name]) => !SYSTEM_ATTRIBUTES.has(name))),
  ]),
);

/**
 * Checks one attribute value against the schema and returns it in stored form (lists copied, frozen and
 * trimmed of duplicates). `undefined`, `null` and an empty list mean "clear" (AD has no empty
 * multi-valued attribute: removing the last value removes the attribute).
 *
 * @throws SimulationError `invalid-attribute` naming the attribute and the value
 * @public
 */
export function normaliseAttribute(
  objectClass: AdObjectClass,
  name: string,
  value: unknown,
): AttributeValue | undefined {
  const spec = WRITABLE.get(objectClass)?.get(name);
  if (spec === undefined) {
    const schema = ATTRIBUTE_SCHEMA[objectClass] as Readonly<Record<string, AttributeSpec>> | undefined;
    const known = schema !== undefined && Object.hasOwn(schema, name);
    throw new SimulationError(
      "invalid-attribute",
      `${name}: not a writable attribute of a ${String(objectClass)}${known ? " (system-owned)" : ""}`,
      { field: name, value },
    );
  }
  if (value === undefined || value === null) return undefined;
  if (spec.multi) {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list)) return invalidValue(name, spec, value);
    for (const item of list)
      if (typeof item !== "string" || item.length === 0) return invalidValue(name, spec, value);
    if (list.length === 0) return undefined;
    return Object.freeze(list.length === 1 ? [list[0] as string] : [...new Set(list as string[])]);
  }
  switch (spec.kind) {
    case "string":
    case "reference":
      if (typeof value !== "string" || value.length === 0 || value.length > 1024)
        return invalidValue(name, spec, value);
      return value;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return invalidValue(name, spec, value);
      return value;
    case "boolean":
      if (typeof value !== "boolean") return invalidValue(name, spec, value);
      return value;
  }
}

// A plain function rather than a closure in normaliseAttribute: this is on the path of every write.
function invalidValue(name: string, spec: AttributeSpec, value: unknown): never {
  throw new SimulationError(
    "invalid-attribute",
    `${name}: ${show(value)} is not a valid ${spec.multi ? "list of strings" : spec.kind}`,
    { field: name, value },
  );
}
