import type { AdObject } from "../../model/ad-object.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import { evaluateParsed } from "../expression/evaluate.js";
import { type ExpressionValue, parseExpression } from "../expression/index.js";

/**
 * What an expression mapping contributes: a value, `undefined` (clear the target), or
 * {@link IGNORE_FLOW} (leave the target as it is — `IgnoreFlowIfNullOrEmpty` on an empty value).
 *
 * @internal
 */
export const IGNORE_FLOW: unique symbol = Symbol("ignore-flow");

/**
 * An expression mapping, parsed once and interpreted per object.
 *
 * @internal
 */
export interface CompiledExpression {
  /** The cloud value for `object`. @throws SimulationError `expression-error` naming the mapping */
  evaluate(object: AdObject): CloudValue | undefined | typeof IGNORE_FLOW;
}

/**
 * Parses an expression mapping in the Cloud Sync dialect (`functions-for-customizing-application-data`)
 * with the shared parser: text is parsed and interpreted, never evaluated as code.
 *
 * @param source - names the mapping in error messages (`mappings.user[3] (displayName)`)
 * @throws SimulationError `invalid-expression` naming the mapping, the position and what was expected
 * @internal
 */
export function compileMappingExpression(text: string, source: string): CompiledExpression {
  const expression = parseExpression(text, { dialect: "cloudSync", source });
  return {
    evaluate(object: AdObject) {
      return toCloudValue(evaluateParsed(expression, { attribute: (name) => attributeOf(object, name) }));
    },
  };
}

/** An AD attribute as an expression reads it: by LDAP name, case-insensitively, plus the system ones. */
function attributeOf(object: AdObject, name: string): unknown {
  const direct = object.attributes[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  if (lower === "objectguid") return object.objectGUID;
  if (lower === "distinguishedname") return object.dn;
  if (lower === "objectclass") return object.objectClass;
  for (const key of Object.keys(object.attributes))
    if (key.toLowerCase() === lower) return object.attributes[key];
  return undefined;
}

function toCloudValue(value: ExpressionValue): CloudValue | undefined | typeof IGNORE_FLOW {
  if (value === null) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value as readonly string[];
  const special = value as Exclude<ExpressionValue, null | string | number | boolean | readonly string[]>;
  if (special.kind === "special") return special.name === "IgnoreThisFlow" ? IGNORE_FLOW : undefined;
  // A binary result is carried as base64, the way Entra ID shows binary values.
  return Buffer.from(special.bytes).toString("base64");
}
