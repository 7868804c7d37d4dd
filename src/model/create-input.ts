import { SimulationError, show } from "../scheduler/errors.js";
import {
  type AdObject,
  type AdObjectClass,
  type AttributeValue,
  normaliseAttribute,
  UAC_NORMAL_ACCOUNT,
} from "./ad-object.js";

/**
 * What a directory create is given, checked and made ready to store: a class it creates, an RDN value
 * (a rename's new name is checked the same way), the attributes the new object starts with — the class's
 * defaults, then the given ones in stored form — and a caller's own objectGUID.
 */

const CREATABLE_CLASSES: ReadonlySet<string> = new Set([
  "user",
  "group",
  "contact",
  "computer",
  "organizationalUnit",
]);
const INVALID_RDN = /[,=+<>#;"\\]/;

/** @throws SimulationError `invalid-argument` unless a create makes objects of `objectClass`. @internal */
export function checkCreatable(objectClass: string): void {
  if (!CREATABLE_CLASSES.has(objectClass)) {
    throw new SimulationError("invalid-argument", `objectClass: ${show(objectClass)} cannot be created`, {
      field: "objectClass",
      value: objectClass,
    });
  }
}

/**
 * Whether `name` can be an RDN value (`CN=<name>`, `OU=<name>`): not blank, and none of `, = + < > # ; " \`,
 * which a DN would have to escape (the model keeps DNs unescaped). Scenario validation asks the same, so a
 * name it accepts is one a run can create. @internal
 */
export function isRdnValue(name: unknown): name is string {
  return typeof name === "string" && name.trim().length > 0 && !INVALID_RDN.test(name);
}

/** @throws SimulationError `invalid-dn` unless `name` is a valid RDN value (of a create or a rename). @internal */
export function checkRdnValue(name: string): void {
  if (!isRdnValue(name)) {
    throw new SimulationError("invalid-dn", `name: ${show(name)} is not a valid RDN value`, {
      field: "name",
      value: name,
    });
  }
}

/**
 * The attributes a new object named `name` starts with: users default to an enabled account, and users,
 * groups and computers to `sAMAccountName` = name (`name$` for a computer); then the `given` ones, each
 * in stored form (an undefined one clears a default).
 *
 * @throws SimulationError `invalid-attribute` when `given` is not a record or holds a value the schema refuses
 * @internal
 */
export function initialAttributes(
  objectClass: Exclude<AdObjectClass, "domainDNS">,
  name: string,
  given: Readonly<Record<string, unknown>> | undefined,
): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  if (objectClass === "user" || objectClass === "computer")
    attributes.userAccountControl = UAC_NORMAL_ACCOUNT;
  if (objectClass === "user" || objectClass === "group" || objectClass === "computer") {
    attributes.sAMAccountName = objectClass === "computer" ? `${name}$` : name;
  }
  if (given !== undefined && (given === null || typeof given !== "object" || Array.isArray(given))) {
    throw new SimulationError("invalid-attribute", `attributes: ${show(given)} is not a record`, {
      field: "attributes",
      value: given,
    });
  }
  if (given) {
    // The own keys in Object.keys order, without the array of them (a bulk load creates 150,000 users).
    for (const key in given) {
      if (!Object.hasOwn(given, key)) continue;
      const stored = normaliseAttribute(objectClass, key, given[key]);
      if (stored === undefined) delete attributes[key];
      else attributes[key] = stored;
    }
  }
  return attributes;
}

/**
 * @param objects - the directory, whose `get` answers for live and deleted objects alike
 * @throws SimulationError `invalid-attribute` unless `givenGuid` is a GUID, `duplicate-identity` when an
 * object, live or deleted, has it already
 * @internal
 */
export function checkNewGuid(
  givenGuid: string,
  objects: { get(objectGUID: string): AdObject | undefined },
): void {
  if (typeof givenGuid !== "string" || givenGuid.length === 0) {
    throw new SimulationError("invalid-attribute", `objectGUID: ${show(givenGuid)} is not a GUID`, {
      field: "objectGUID",
      value: givenGuid,
    });
  }
  if (objects.get(givenGuid)) {
    throw new SimulationError("duplicate-identity", `objectGUID: ${show(givenGuid)} already exists`, {
      field: "objectGUID",
      value: givenGuid,
    });
  }
}
