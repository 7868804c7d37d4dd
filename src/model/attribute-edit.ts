import { SimulationError, show } from "../scheduler/errors.js";
import { type AdObjectClass, type AttributeValue, normaliseAttribute } from "./ad-object.js";
import type { AttributeEdit } from "./directory-types.js";
import { sameValue } from "./values.js";

/**
 * Attribute edits as LDAP applies them to the attributes of one object being written: replace (or clear),
 * add values to a multi-valued attribute, remove values from it — each value checked against the schema.
 */

const EMPTY_LIST: readonly string[] = Object.freeze([]);

/**
 * Applies one edit to `next` (the attributes being built), noting the attribute in `changed` if it changed.
 *
 * @throws SimulationError `invalid-attribute` for a malformed edit or a value the schema refuses
 * @internal
 */
export function applyEdit(
  objectClass: AdObjectClass,
  next: Record<string, AttributeValue>,
  edit: AttributeEdit,
  changed: string[],
): void {
  if (edit === null || typeof edit !== "object" || typeof edit.attribute !== "string") {
    throw new SimulationError("invalid-attribute", `edit: ${show(edit)} is not an attribute edit`, {
      field: "edit",
      value: edit,
    });
  }
  const name = edit.attribute;
  let value: AttributeValue | undefined;
  if (edit.op === "replace") {
    value = normaliseAttribute(objectClass, name, edit.value);
  } else if (edit.op === "add" || edit.op === "remove") {
    const given = normaliseAttribute(objectClass, name, edit.values);
    if (given !== undefined && !Array.isArray(given)) {
      throw new SimulationError("invalid-attribute", `${name}: add/remove needs a multi-valued attribute`, {
        field: name,
        value: edit.values,
      });
    }
    const values = (given ?? EMPTY_LIST) as readonly string[];
    const existing = next[name];
    const base = (Array.isArray(existing) ? existing : EMPTY_LIST) as readonly string[];
    const list =
      edit.op === "add" ? [...new Set([...base, ...values])] : base.filter((v) => !values.includes(v));
    value = list.length === 0 ? undefined : Object.freeze(list);
  } else {
    throw new SimulationError(
      "invalid-attribute",
      `${name}: edit op ${show((edit as { op: unknown }).op)} is not replace, add or remove`,
      {
        field: name,
        value: (edit as { op: unknown }).op,
      },
    );
  }
  store(next, name, value, changed);
}

/**
 * Applies `{ op: "replace", attribute, value }` to `next` — the record form of a modify, which names each
 * attribute once — without building the edit.
 *
 * @throws SimulationError `invalid-attribute` for a value the schema refuses
 * @internal
 */
export function applyReplace(
  objectClass: AdObjectClass,
  next: Record<string, AttributeValue>,
  attribute: string,
  value: unknown,
  changed: string[],
): void {
  store(next, attribute, normaliseAttribute(objectClass, attribute, value), changed);
}

/** Writes a normalised value into the attributes being built, noting the attribute if it changed. */
function store(
  next: Record<string, AttributeValue>,
  name: string,
  value: AttributeValue | undefined,
  changed: string[],
): void {
  if (sameValue(next[name], value)) return;
  if (!changed.includes(name)) changed.push(name);
  if (value === undefined) delete next[name];
  else next[name] = value;
}
