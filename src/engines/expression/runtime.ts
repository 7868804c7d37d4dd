import { SimulationError, show } from "../../scheduler/errors.js";
import {
  EXPRESSION_LIMITS,
  type ExpressionBinary,
  type ExpressionDialect,
  type ExpressionNode,
  type ExpressionValue,
} from "./types.js";

/**
 * What a function implementation sees of one call: lazily evaluated arguments (so `IIF` evaluates only the
 * branch it takes) and typed accessors that turn a wrong argument type into an `expression-error` naming
 * the function, the argument and the value found.
 *
 * @public
 */
export interface FunctionCall {
  /** The function name. */
  readonly name: string;
  /** Position of the call in the expression text. */
  readonly position: number;
  /** The language being evaluated. */
  readonly dialect: ExpressionDialect;
  /** How many argument slots were written (Cloud Sync counts empty ones). */
  readonly count: number;
  /** True when argument `index` was written and is not an empty Cloud Sync slot. */
  has(index: number): boolean;
  /** The value of argument `index` (evaluated once, on first use); missing or empty → `null`. */
  value(index: number): ExpressionValue;
  /** Argument `index` as a single string (`null` when null). */
  str(index: number): string | null;
  /** Argument `index` as a number (`null` when null). */
  num(index: number): number | null;
  /** Argument `index` as an integer (`null` when null). */
  int(index: number): number | null;
  /** Argument `index` as a boolean (`null` when null). */
  bool(index: number): boolean | null;
  /** Argument `index` as a list of strings; a single value is a one-item list (`null` when null). */
  list(index: number): readonly string[] | null;
  /** Throws the `expression-error` for this call. */
  fail(message: string, value?: unknown): never;
}

/** Where an evaluation is: the expression's source label, dialect and the argument evaluator. @internal */
export interface EvaluationScope {
  readonly source: string;
  readonly dialect: ExpressionDialect;
  evaluate(node: ExpressionNode): ExpressionValue;
}

/** Throws an `expression-error` at `position`. @internal */
export function runtimeError(
  scope: { source: string },
  position: number,
  message: string,
  value?: unknown,
): never {
  throw new SimulationError("expression-error", `${scope.source}: position ${position}: ${message}`, {
    field: scope.source,
    position,
    ...(value === undefined ? {} : { value }),
  });
}

/** Names the type of a value for error messages, in the product's vocabulary. @internal */
export function typeName(value: ExpressionValue): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return `string ${show(value)}`;
  if (typeof value === "number") return `number ${value}`;
  if (typeof value === "boolean") return `boolean ${value ? "True" : "False"}`;
  if (Array.isArray(value)) return `multi-valued string with ${value.length} values`;
  const v = value as Exclude<ExpressionValue, null | string | number | boolean | readonly string[]>;
  return v.kind === "binary" ? `binary value of ${v.bytes.length} bytes` : v.name;
}

/** True for the multi-valued form. @internal */
export function isList(value: ExpressionValue): value is readonly string[] {
  return Array.isArray(value);
}

/** True for a binary value. @internal */
export function isBinary(value: ExpressionValue): value is ExpressionBinary {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as ExpressionBinary).kind === "binary"
  );
}

/** The VBA rendering of a boolean. @internal */
export const boolText = (b: boolean): string => (b ? "True" : "False");

/** Parses a decimal (or `&H` hexadecimal) number written as text; `undefined` when it is not one. @internal */
export function parseNumeric(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  if (/^&[Hh][0-9A-Fa-f]{1,13}$/.test(t)) return Number.parseInt(t.slice(2), 16);
  return undefined;
}

/** Fails when a built value is larger than {@link EXPRESSION_LIMITS} allows. @internal */
export function checkSize(
  scope: { source: string },
  position: number,
  value: ExpressionValue,
): ExpressionValue {
  if (typeof value === "string") {
    if (value.length > EXPRESSION_LIMITS.maxStringLength) {
      runtimeError(
        scope,
        position,
        `result of ${value.length} characters exceeds the ${EXPRESSION_LIMITS.maxStringLength}-character limit`,
      );
    }
  } else if (Array.isArray(value)) {
    if (value.length > EXPRESSION_LIMITS.maxValues) {
      runtimeError(
        scope,
        position,
        `result of ${value.length} values exceeds the ${EXPRESSION_LIMITS.maxValues}-value limit`,
      );
    }
    let total = 0;
    for (const item of value) total += item.length;
    if (total > EXPRESSION_LIMITS.maxStringLength) {
      runtimeError(
        scope,
        position,
        `result of ${total} characters exceeds the ${EXPRESSION_LIMITS.maxStringLength}-character limit`,
      );
    }
  }
  return value;
}

/** A multi-valued result: an empty list is NULL, as an attribute with no values is absent. @internal */
export function listValue(values: readonly string[]): ExpressionValue {
  return values.length === 0 ? null : values;
}

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"];

/** The evaluation-time view of one call node. @internal */
export class Call implements FunctionCall {
  readonly name: string;
  readonly position: number;
  readonly dialect: ExpressionDialect;
  readonly count: number;
  private readonly cache: (ExpressionValue | undefined)[] = [];

  constructor(
    private readonly scope: EvaluationScope,
    private readonly args: readonly ExpressionNode[],
    name: string,
    position: number,
  ) {
    this.name = name;
    this.position = position;
    this.dialect = scope.dialect;
    this.count = args.length;
  }

  has(index: number): boolean {
    const node = this.args[index];
    return node !== undefined && node.kind !== "omitted";
  }

  value(index: number): ExpressionValue {
    const cached = this.cache[index];
    if (cached !== undefined) return cached;
    const node = this.args[index];
    const value = node === undefined ? null : this.scope.evaluate(node);
    this.cache[index] = value;
    return value;
  }

  private argName(index: number): string {
    return `${ORDINALS[index] ?? `#${index + 1}`} argument of ${this.name}`;
  }

  private single(index: number, expected: string): ExpressionValue {
    const v = this.value(index);
    if (Array.isArray(v)) {
      if (v.length === 1) return v[0] as string;
      this.fail(`${this.argName(index)} must be a single ${expected} but found a ${typeName(v)}`, v);
    }
    return v;
  }

  str(index: number): string | null {
    const v = this.single(index, "string");
    if (v === null || typeof v === "string") return v;
    // Connect functions are strongly typed (`reference-connect-sync-functions-reference`): CStr converts.
    if (this.dialect === "cloudSync" && (typeof v === "number" || typeof v === "boolean")) {
      return typeof v === "number" ? String(v) : boolText(v);
    }
    return this.fail(`${this.argName(index)} must be a string but found ${typeName(v)}`, v);
  }

  num(index: number): number | null {
    const v = this.single(index, "number");
    if (v === null || typeof v === "number") return v;
    if (typeof v === "string" && this.dialect === "cloudSync") {
      const n = parseNumeric(v);
      if (n !== undefined) return n;
    }
    return this.fail(`${this.argName(index)} must be a number but found ${typeName(v)}`, v);
  }

  int(index: number): number | null {
    const n = this.num(index);
    if (n !== null && !Number.isSafeInteger(n))
      this.fail(`${this.argName(index)} must be a whole number but found ${n}`, n);
    return n;
  }

  bool(index: number): boolean | null {
    const v = this.single(index, "boolean");
    const b = toBoolean(v);
    if (b === undefined)
      return this.fail(`${this.argName(index)} must be a boolean but found ${typeName(v)}`, v);
    return b;
  }

  list(index: number): readonly string[] | null {
    const v = this.value(index);
    if (v === null || Array.isArray(v)) return v as readonly string[] | null;
    if (typeof v === "string") return [v];
    if (this.dialect === "cloudSync" && (typeof v === "number" || typeof v === "boolean")) {
      return [typeof v === "number" ? String(v) : boolText(v)];
    }
    return this.fail(
      `${this.argName(index)} must be a string or multi-valued string but found ${typeName(v)}`,
      v,
    );
  }

  fail(message: string, value?: unknown): never {
    return runtimeError(this.scope, this.position, `${this.name}: ${message}`, value);
  }
}

/**
 * A value read as a condition: booleans as is, numbers non-zero, the strings "True"/"False" (any case) and
 * NULL as False. `undefined` when the value cannot be a condition.
 *
 * @internal
 */
export function toBoolean(v: ExpressionValue): boolean | null | undefined {
  if (v === null) return null;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
    const n = parseNumeric(t);
    return n === undefined ? undefined : n !== 0;
  }
  return undefined;
}
