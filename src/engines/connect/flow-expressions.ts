import type { AdObject, AttributeValue } from "../../model/ad-object.js";
import { isSimulationError } from "../../scheduler/errors.js";
import { evaluateParsed } from "../expression/evaluate.js";
import {
  AUTHORITATIVE_NULL,
  type Expression,
  type ExpressionValue,
  IGNORE_THIS_FLOW,
} from "../expression/index.js";
import { NONE, readAd } from "./flow-values.js";
import type { AttributeFlow, SyncRule } from "./sync-rule.js";

/**
 * Expression flows: a flow's parsed expression evaluated over an object's attributes (and, inbound, the AD
 * connector's `%parameters%`), its result made an attribute value, AuthoritativeNull or IgnoreThisFlow, and a
 * runtime failure recorded as the object's flow error instead of thrown. Apart from flow-values.ts because
 * only these flows need the expression interpreter.
 */

/**
 * A runtime failure of one flow of one rule on one object (an expression's `Error("...")`, a wrong argument
 * type): recorded per object as the product records sync errors, never a crash.
 *
 * @public
 */
export interface FlowError {
  /** The rule. */
  readonly rule: string;
  /** The flow's target attribute. */
  readonly target: string;
  /** The interpreter's message (names the rule, the position and the cause). */
  readonly message: string;
}

/**
 * `%parameters%` of the AD connector (reference-connect-sync-functions-reference examples use
 * `%Domain.Netbios%`, `%Domain.FQDN%`, `%Forest.FQDN%`, `%Domain.LDAP%`, `%Forest.LDAP%`).
 * Assumption: the NetBIOS name is the first DNS label in upper case.
 */
function parameterOf(name: string, object: AdObject, forest: string): string | undefined {
  const ldap = (dns: string): string =>
    dns
      .split(".")
      .map((p) => `DC=${p}`)
      .join(",");
  switch (name) {
    case "Domain.FQDN":
      return object.domain;
    case "Domain.Netbios":
      return (object.domain.split(".")[0] ?? "").toUpperCase();
    case "Domain.LDAP":
      return ldap(object.domain);
    case "Forest.FQDN":
      return forest;
    case "Forest.Netbios":
      return (forest.split(".")[0] ?? "").toUpperCase();
    case "Forest.LDAP":
      return ldap(forest);
    default:
      return undefined;
  }
}

/** An expression result as an attribute value (binary as base64, the form a string attribute holds). */
function toAttributeValue(value: ExpressionValue): AttributeValue | undefined {
  if (value === null) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : Object.freeze([...(value as string[])]);
  const v = value as Exclude<ExpressionValue, null | string | number | boolean | readonly string[]>;
  if (v.kind === "binary") return Buffer.from(v.bytes).toString("base64");
  return undefined;
}

/*
 * The readers an expression flow is given, made by functions of their own: a closure written inside an
 * evaluation would put the evaluation's variables in a context object on every call, expression flow or not.
 */

/** An expression's attribute reader over an AD object. @internal */
export function adReader(object: AdObject): (name: string) => unknown {
  return (name) => readAd(object, name);
}

/** An expression's `%parameter%` reader for an AD object of a forest. @internal */
export function parameterReader(object: AdObject, forest: string): (name: string) => unknown {
  return (name) => parameterOf(name, object, forest);
}

/** An expression's attribute reader over a metaverse attribute record. @internal */
export function recordReader(
  attributes: Readonly<Record<string, AttributeValue>>,
): (name: string) => unknown {
  return (name) => attributes[name];
}

/**
 * Where an evaluation collects its flow errors: none (the shared empty list) until the first one.
 * @internal
 */
export interface ErrorSink {
  errors: readonly FlowError[];
}

/**
 * What an expression flow's value was: a value, AuthoritativeNull (`null`), nothing, or IgnoreThisFlow.
 * @internal
 */
export const IGNORED = Symbol("ignore-this-flow");

/**
 * The value of an expression flow (undefined when the rule set has no expression for it); a runtime failure
 * goes to `sink` and gives undefined. @internal
 */
export function expressionValue(
  rule: SyncRule,
  flow: AttributeFlow,
  expression: Expression | undefined,
  attribute: (name: string) => unknown,
  parameter: ((name: string) => unknown) | undefined,
  sink: ErrorSink,
): AttributeValue | null | undefined | typeof IGNORED {
  if (!expression) return undefined;
  let result: ExpressionValue;
  try {
    result = evaluateParsed(expression, parameter ? { attribute, parameter } : { attribute });
  } catch (error) {
    if (!isSimulationError(error)) throw error;
    const failure: FlowError = { rule: rule.name, target: flow.target, message: error.message };
    if (sink.errors === NONE) sink.errors = [failure];
    else (sink.errors as FlowError[]).push(failure);
    return undefined;
  }
  if (result === AUTHORITATIVE_NULL) return null;
  if (result === IGNORE_THIS_FLOW) return IGNORED;
  return toAttributeValue(result);
}
