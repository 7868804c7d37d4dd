import { type FunctionCall, isList, listValue } from "../runtime.js";
import { EXPRESSION_LIMITS, type ExpressionValue } from "../types.js";

/**
 * One function of an expression language: its name, the argument counts the parser enforces, a signature
 * and a one-line summary (for the docs), and its implementation.
 *
 * @public
 */
export interface ExpressionFunction {
  /** Case-sensitive name, as the product spells it. */
  readonly name: string;
  /** Fewest arguments accepted. */
  readonly minArgs: number;
  /** Most arguments accepted (`Infinity` for repeating arguments). */
  readonly maxArgs: number;
  /** Arguments after the first `minArgs - 2` come in pairs (`Switch`). */
  readonly pairedArgs?: boolean;
  /** Signature in the product reference's notation, e.g. `str Left(str string, num NumChars)`. */
  readonly signature: string;
  /** What the function does, and any documented or assumed edge behaviour. */
  readonly summary: string;
  /** Evaluates one call. */
  readonly evaluate: (call: FunctionCall) => ExpressionValue;
}

/** Builds a table from definitions, keyed by name in the order given. @internal */
export function table(defs: readonly ExpressionFunction[]): ReadonlyMap<string, ExpressionFunction> {
  return new Map(defs.map((def) => [def.name, Object.freeze(def)]));
}

/** Shorthand for a definition. @internal */
export function fn(
  name: string,
  minArgs: number,
  maxArgs: number,
  signature: string,
  summary: string,
  evaluate: (call: FunctionCall) => ExpressionValue,
  extra: { pairedArgs?: boolean } = {},
): ExpressionFunction {
  return { name, minArgs, maxArgs, signature, summary, evaluate, ...extra };
}

/**
 * Applies a string → string function to argument `index`: once for a single value, to every value of a
 * multi-valued one ("functions with str work on both single-valued and multi-valued attributes",
 * `reference-connect-sync-functions-reference`). NULL gives `nullResult`.
 *
 * @internal
 */
export function mapString(
  call: FunctionCall,
  index: number,
  nullResult: ExpressionValue,
  apply: (text: string) => string | null,
): ExpressionValue {
  const v = call.value(index);
  if (isList(v) && v.length > 1) {
    const out: string[] = [];
    let total = 0;
    for (const item of v) {
      const r = apply(item);
      if (r === null) continue;
      total += r.length;
      checkTotal(call, total);
      out.push(r);
    }
    return listValue(out);
  }
  const s = call.str(index);
  return s === null ? nullResult : apply(s);
}

function checkTotal(call: FunctionCall, total: number): void {
  const max = EXPRESSION_LIMITS.maxStringLength;
  if (total > max) call.fail(`result of more than ${max} characters exceeds the ${max}-character limit`);
}
