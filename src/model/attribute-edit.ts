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
 * The attributes of one object being written. Until an edit changes a value it reads the record's own
 * (frozen) attributes; the first change copies them. A write that changes nothing — the harness's
 * workload makes many — then copies nothing and lists nothing.
 *
 * @internal
 */
export class AttributeDraft {
  private readonly base: Readonly<Record<string, AttributeValue>>;
  private copy: Record<string, AttributeValue> | undefined;
  private names: string[] | undefined;

  /** @param base - the attributes of the record being written */
  constructor(base: Readonly<Record<string, AttributeValue>>) {
    this.base = base;
  }

  /** The value of `name` with the edits so far applied. */
  get(name: string): AttributeValue | undefined {
    return (this.copy ?? this.base)[name];
  }

  /** Sets (or, for undefined, clears) `name`, noting it as changed when the value differs. */
  set(name: string, value: AttributeValue | undefined): void {
    if (sameValue(this.get(name), value)) return;
    // A list made at the first change holds just that name: most writes change one attribute.
    if (this.names === undefined) this.names = [name];
    else if (!this.names.includes(name)) this.names.push(name);
    this.copy ??= { ...this.base };
    if (value === undefined) delete this.copy[name];
    else this.copy[name] = value;
  }

  /** The attributes after the edits: undefined when no edit changed a value. */
  get attributes(): Record<string, AttributeValue> | undefined {
    return this.copy;
  }

  /** The attributes an edit changed, in the order first changed (undefined when none). */
  get changed(): string[] | undefined {
    return this.names;
  }
}

/**
 * Applies one edit to `draft`.
 *
 * @throws SimulationError `invalid-attribute` for a malformed edit or a value the schema refuses
 */
function applyEdit(objectClass: AdObjectClass, draft: AttributeDraft, edit: AttributeEdit): void {
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
    const existing = draft.get(name);
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
  draft.set(name, value);
}

/**
 * Applies `{ op: "replace", attribute, value }` to `draft` — the record form of a modify, which names each
 * attribute once — without building the edit.
 *
 * @throws SimulationError `invalid-attribute` for a value the schema refuses
 */
function applyReplace(
  objectClass: AdObjectClass,
  draft: AttributeDraft,
  attribute: string,
  value: unknown,
): void {
  draft.set(attribute, normaliseAttribute(objectClass, attribute, value));
}

/**
 * The draft of one write: `edits` applied to `base`, the attributes of an object of `objectClass`. A
 * record is shorthand for replacing each attribute (`undefined` clears).
 *
 * @throws SimulationError `invalid-attribute` for edits that are neither a list nor a record, a malformed
 * edit or a value the schema refuses
 * @internal
 */
export function editedDraft(
  objectClass: AdObjectClass,
  base: Readonly<Record<string, AttributeValue>>,
  edits: readonly AttributeEdit[] | Readonly<Record<string, unknown>>,
): AttributeDraft {
  if (edits === null || typeof edits !== "object") {
    throw new SimulationError(
      "invalid-attribute",
      `edits: ${show(edits)} is not a list of edits or a record`,
      { field: "edits", value: edits },
    );
  }
  const draft = new AttributeDraft(base);
  if (Array.isArray(edits)) {
    for (const edit of edits as readonly AttributeEdit[]) applyEdit(objectClass, draft, edit);
  } else {
    // A record's keys are distinct: each is a replace, applied without an edit object per attribute. The
    // own keys in Object.keys order, without the array of them.
    const record = edits as Readonly<Record<string, unknown>>;
    for (const attribute in record)
      if (Object.hasOwn(record, attribute)) applyReplace(objectClass, draft, attribute, record[attribute]);
  }
  return draft;
}
