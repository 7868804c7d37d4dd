import type { AdObject } from "../../model/ad-object.js";
import { isEnabled } from "../../model/ad-object.js";
import { type CloudValue, STANDARD_FLOWS } from "../../model/cloud-schema.js";
import { isRecord, isSimulationError, SimulationError, show } from "../../scheduler/errors.js";
import { type ChangePreview, previewBetween } from "../change-preview.js";
import { type CompiledExpression, compileMappingExpression, IGNORE_FLOW } from "./expression-mapping.js";

/**
 * The object types a Cloud Sync configuration provisions (devices are not: hybrid join needs Connect).
 *
 * @public
 */
export type MappedObjectType = "user" | "group" | "contact";

/** The mapped types, in processing order. @public */
export const MAPPED_OBJECT_TYPES: readonly MappedObjectType[] = ["user", "group", "contact"];

/**
 * A direct mapping: the target takes the source attribute's value. It may carry one of the two built-in
 * transforms the default schema needs: `account-enabled` (from `userAccountControl`) and `reference`
 * (links carried as the referenced objects' source anchors).
 *
 * @public
 */
export interface DirectMapping {
  /** Discriminant. */
  readonly type: "direct";
  /** Cloud attribute. */
  readonly target: string;
  /** AD attribute. */
  readonly source: string;
  /** Built-in transform, if any. */
  readonly transform?: "account-enabled" | "reference";
}

/**
 * A constant mapping: the target always takes `value`.
 *
 * @public
 */
export interface ConstantMapping {
  /** Discriminant. */
  readonly type: "constant";
  /** Cloud attribute. */
  readonly target: string;
  /** The value. */
  readonly value: CloudValue;
}

/**
 * An expression mapping in the Cloud Sync function language (`functions-for-customizing-application-data`),
 * e.g. `Join(" ", [givenName], [sn])`.
 *
 * @public
 */
export interface ExpressionMapping {
  /** Discriminant. */
  readonly type: "expression";
  /** Cloud attribute. */
  readonly target: string;
  /** The expression text. */
  readonly expression: string;
}

/**
 * One attribute mapping, as Cloud Sync's mapping editor offers them: Direct, Constant or Expression
 * (cloud-sync `how-to-attribute-mapping`).
 *
 * @public
 */
export type AttributeMapping = DirectMapping | ConstantMapping | ExpressionMapping;

/**
 * Mapping overrides per object type: each entry replaces the default mapping of the same target, or adds
 * a new target.
 *
 * @public
 */
export type MappingOverrides = Partial<Record<MappedObjectType, readonly AttributeMapping[]>>;

/**
 * The default mappings, as data: {@link STANDARD_FLOWS} written as Cloud Sync direct mappings, so the
 * cloud state this engine produces equals `standardProjection`.
 *
 * @public
 */
export const DEFAULT_MAPPINGS: Readonly<Record<MappedObjectType, readonly AttributeMapping[]>> = {
  user: STANDARD_FLOWS.user.map(toMapping),
  group: STANDARD_FLOWS.group.map(toMapping),
  contact: STANDARD_FLOWS.contact.map(toMapping),
};

function toMapping(flow: (typeof STANDARD_FLOWS.user)[number]): AttributeMapping {
  return flow.transform === "direct"
    ? { type: "direct", target: flow.target, source: flow.source }
    : { type: "direct", target: flow.target, source: flow.source, transform: flow.transform };
}

/**
 * Merges overrides into the defaults and validates them.
 *
 * @throws SimulationError `invalid-argument` naming `mappings.<type>[i].<field>`
 * @internal
 */
export function resolveMappings(overrides: unknown): Record<MappedObjectType, readonly AttributeMapping[]> {
  const out: Record<MappedObjectType, AttributeMapping[]> = {
    user: [...DEFAULT_MAPPINGS.user],
    group: [...DEFAULT_MAPPINGS.group],
    contact: [...DEFAULT_MAPPINGS.contact],
  };
  if (overrides === undefined) return out;
  if (!isRecord(overrides)) {
    throw invalid("mappings", overrides, "an object keyed by user, group, contact");
  }
  for (const [type, list] of Object.entries(overrides)) {
    if (!(MAPPED_OBJECT_TYPES as readonly string[]).includes(type)) {
      throw invalid(`mappings.${type}`, type, "one of user, group, contact");
    }
    if (!Array.isArray(list)) throw invalid(`mappings.${type}`, list, "a list of mappings");
    const target = out[type as MappedObjectType];
    list.forEach((entry: unknown, i) => {
      const mapping = checkMapping(entry, `mappings.${type}[${i}]`);
      const at = target.findIndex((m) => m.target === mapping.target);
      if (at >= 0) target[at] = mapping;
      else target.push(mapping);
    });
  }
  return out;
}

function checkMapping(entry: unknown, path: string): AttributeMapping {
  if (!isRecord(entry)) throw invalid(path, entry, "a mapping object");
  const m = entry as Record<string, unknown>;
  if (typeof m.target !== "string" || m.target.length === 0)
    throw invalid(`${path}.target`, m.target, "a non-empty string");
  switch (m.type) {
    case "direct":
      if (typeof m.source !== "string" || m.source.length === 0)
        throw invalid(`${path}.source`, m.source, "an AD attribute name");
      if (m.transform !== undefined && m.transform !== "account-enabled" && m.transform !== "reference") {
        throw invalid(`${path}.transform`, m.transform, "account-enabled or reference");
      }
      return m.transform === undefined
        ? { type: "direct", target: m.target, source: m.source }
        : { type: "direct", target: m.target, source: m.source, transform: m.transform };
    case "constant":
      if (!isCloudValue(m.value))
        throw invalid(`${path}.value`, m.value, "a string, number, boolean or list of strings");
      return { type: "constant", target: m.target, value: m.value };
    case "expression":
      if (typeof m.expression !== "string" || m.expression.trim().length === 0) {
        throw invalid(`${path}.expression`, m.expression, "an expression text");
      }
      return { type: "expression", target: m.target, expression: m.expression };
    default:
      throw invalid(`${path}.type`, m.type, "direct, constant or expression");
  }
}

type CompiledMapping =
  | { readonly kind: "direct"; readonly target: string; readonly source: string }
  | { readonly kind: "account-enabled"; readonly target: string }
  | { readonly kind: "reference"; readonly target: string; readonly source: string }
  | { readonly kind: "constant"; readonly target: string; readonly value: CloudValue }
  | { readonly kind: "expression"; readonly target: string; readonly expression: CompiledExpression };

/**
 * The compiled attribute mappings of one configuration: turns a raw AD object (as the agent returned it)
 * into the cloud attributes the service writes. Expressions are parsed once, here, and interpreted per
 * object — never evaluated as code.
 *
 * @public
 */
export class AttributeMappings {
  private readonly compiled: Record<MappedObjectType, readonly CompiledMapping[]>;
  private readonly referenceTargetsOf: Record<MappedObjectType, readonly string[]>;
  // Per type whose every mapping always writes its target (no expression, which may leave one out): a
  // record with those targets in mapping order, all undefined. `project` starts from a copy of it, laid
  // out at its final size at once, instead of a record that grows (and is copied) property by property.
  private readonly shapes: Partial<Record<MappedObjectType, Readonly<Record<string, undefined>>>>;
  /** True when every type's mappings are the defaults ({@link DEFAULT_MAPPINGS}: no override). */
  readonly standard: boolean;

  /**
   * @param mappings - resolved mappings per type
   * @throws SimulationError `invalid-expression` naming the mapping, position and what was expected
   */
  constructor(mappings: Readonly<Record<MappedObjectType, readonly AttributeMapping[]>>) {
    const compile = (type: MappedObjectType): CompiledMapping[] =>
      mappings[type].map((m): CompiledMapping => {
        if (m.type === "constant") return { kind: "constant", target: m.target, value: m.value };
        if (m.type === "expression") {
          const source = `mappings.${type} "${m.target}"`;
          return {
            kind: "expression",
            target: m.target,
            expression: compileMappingExpression(m.expression, source),
          };
        }
        if (m.transform === "account-enabled") return { kind: "account-enabled", target: m.target };
        if (m.transform === "reference") return { kind: "reference", target: m.target, source: m.source };
        return { kind: "direct", target: m.target, source: m.source };
      });
    this.compiled = { user: compile("user"), group: compile("group"), contact: compile("contact") };
    // Asked once per object naming a deprovisioned one: listed once per type.
    this.referenceTargetsOf = {
      user: referenceTargetsIn(this.compiled.user),
      group: referenceTargetsIn(this.compiled.group),
      contact: referenceTargetsIn(this.compiled.contact),
    };
    // resolveMappings copies the default entries themselves: an override replaces or adds one.
    this.standard = MAPPED_OBJECT_TYPES.every(
      (type) =>
        mappings[type].length === DEFAULT_MAPPINGS[type].length &&
        mappings[type].every((m, i) => m === DEFAULT_MAPPINGS[type][i]),
    );
    this.shapes = {};
    for (const type of MAPPED_OBJECT_TYPES) {
      const compiled = this.compiled[type];
      if (compiled.some((m) => m.kind === "expression")) continue;
      // Object.fromEntries, not stores in a loop: an object given more than about a dozen properties by
      // keyed stores turns into a hash table (V8's dictionary mode), and so does every copy of it — with
      // the 37 user targets, projecting a user took ten times as long.
      this.shapes[type] = Object.fromEntries(compiled.map((m) => [m.target, undefined]));
    }
  }

  /** The cloud attributes of `type` that carry references (source anchors of other objects). */
  referenceTargets(type: MappedObjectType): readonly string[] {
    return this.referenceTargetsOf[type];
  }

  /** Every cloud attribute the mappings of `type` write. */
  targets(type: MappedObjectType): string[] {
    return this.compiled[type].map((m) => m.target);
  }

  /**
   * The full cloud attribute set of `object`: every mapped target, `undefined` where the value is absent
   * (so an update clears it). `anchorOf` resolves a referenced objectGUID to its source anchor when the
   * referenced object is provisioned; `anchorsOf`, when given, resolves a whole list at once (the anchors
   * of the entries that resolve, in order) — what `anchorOf` gives entry by entry.
   *
   * @throws SimulationError `expression-error` naming the mapping, for an expression that fails at run time
   */
  project(
    type: MappedObjectType,
    object: AdObject,
    anchorOf: (objectGUID: string) => string | undefined,
    anchorsOf: (objectGUIDs: readonly string[]) => string[] = (list) => resolveEach(list, anchorOf),
  ): Record<string, CloudValue | undefined> {
    // Every target of a shape is written below, in the shape's order: the copy ends as `{}` filled in would.
    const shape = this.shapes[type];
    const out: Record<string, CloudValue | undefined> = shape ? { ...shape } : {};
    for (const m of this.compiled[type]) {
      switch (m.kind) {
        case "direct":
          out[m.target] = object.attributes[m.source] as CloudValue | undefined;
          break;
        case "account-enabled":
          out[m.target] = isEnabled(object);
          break;
        case "constant":
          out[m.target] = m.value;
          break;
        case "reference": {
          const value = object.attributes[m.source];
          if (value === undefined) {
            out[m.target] = type === "group" && m.target === "members" ? [] : undefined;
            break;
          }
          out[m.target] = Array.isArray(value)
            ? anchorsOf(value as readonly string[])
            : anchorOf(value as string);
          break;
        }
        case "expression": {
          const value = m.expression.evaluate(object);
          if (value !== IGNORE_FLOW) out[m.target] = value;
          break;
        }
      }
    }
    return out;
  }
}

/**
 * What the mappings of `type` make of a change of `before` into `after`: the non-reference cloud
 * attributes it alters, or the expression error the object's write would fail on (a per-object sync error).
 *
 * @internal
 */
export function previewMapping(
  mappings: AttributeMappings,
  type: MappedObjectType,
  before: AdObject,
  after: AdObject,
): ChangePreview {
  const none = (): undefined => undefined;
  const projected = (object: AdObject) => {
    try {
      return mappings.project(type, object, none, () => []);
    } catch (error) {
      if (!isSimulationError(error, "expression-error")) throw error;
      return error;
    }
  };
  const was = projected(before);
  const is = projected(after);
  if (is instanceof SimulationError) return { changed: new Map(), error: is.message };
  if (was instanceof SimulationError) return previewBetween(undefined, is, mappings.referenceTargets(type));
  // `project` writes every target but one an IgnoreFlowIfNullOrEmpty left out: the service leaves that
  // target as it is in the cloud, so the change does nothing to it — and no earlier value of it that has
  // not been written yet will be.
  // (Every target the object had before and not after: one left out before too had no value to wait for.)
  let kept: Set<string> | undefined;
  for (const target of Object.keys(was)) {
    if (target in is) continue;
    delete was[target];
    (kept ??= new Set()).add(target);
  }
  const preview = previewBetween(was, is, mappings.referenceTargets(type));
  return kept ? { ...preview, kept } : preview;
}

/** The targets of the reference mappings among `compiled`, in order. */
function referenceTargetsIn(compiled: readonly CompiledMapping[]): readonly string[] {
  return Object.freeze(compiled.filter((m) => m.kind === "reference").map((m) => m.target));
}

/** The anchors of the entries of `list` that resolve, in order. */
function resolveEach(
  list: readonly string[],
  anchorOf: (objectGUID: string) => string | undefined,
): string[] {
  const anchors: string[] = [];
  for (const guid of list) {
    const anchor = anchorOf(guid);
    if (anchor !== undefined) anchors.push(anchor);
  }
  return anchors;
}

function isCloudValue(value: unknown): value is CloudValue {
  if (typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function invalid(field: string, value: unknown, expected: string): SimulationError {
  return new SimulationError("invalid-argument", `${field}: ${show(value)} is not ${expected}`, {
    field,
    value,
  });
}
