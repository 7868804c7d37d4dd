import { SimulationError, show } from "../../scheduler/errors.js";
import { CLOUD_SYNC_CONSTANTS, CONNECT_CONSTANTS } from "./constants.js";
import { functionsOf } from "./functions/tables.js";
import {
  boolText,
  Call,
  checkSize,
  type EvaluationScope,
  isBinary,
  isList,
  parseNumeric,
  runtimeError,
  toBoolean,
  typeName,
} from "./runtime.js";
import {
  type BinaryNode,
  EXPRESSION_LIMITS,
  type Expression,
  type ExpressionContext,
  type ExpressionDialect,
  type ExpressionNode,
  type ExpressionValue,
} from "./types.js";

/**
 * Evaluates a parsed expression against one object. Runtime failures — `Error("...")`, an argument of the
 * wrong type, `CGuid` of a non-GUID, a result over the size limits — throw
 * `SimulationError("expression-error")` with the source as `field` and the zero-based `position` of the
 * failing call or operator; the Connect engine records them per object as sync errors.
 *
 * @param expression - from {@link parseExpression}
 * @param context - the object's attributes and the connector's parameters
 * @throws SimulationError `invalid-argument` when `expression` is not a parse or `context` has no
 *   `attribute` function
 * @public
 */
export function evaluateExpression(expression: Expression, context: ExpressionContext): ExpressionValue {
  // Two checks of what a caller passed (text instead of a parse, a record instead of a context), so that
  // neither surfaces as a TypeError from deep inside the evaluation.
  if (typeof expression !== "object" || expression === null || typeof expression.root !== "object") {
    throw new SimulationError(
      "invalid-argument",
      `expression: ${show(expression)} is not a parsed expression (parse it with parseExpression)`,
      { field: "expression", value: expression },
    );
  }
  if (typeof context !== "object" || context === null || typeof context.attribute !== "function") {
    throw new SimulationError(
      "invalid-argument",
      `context: ${show(context)} is not an expression context (an object with an attribute(name) function)`,
      { field: "context", value: context },
    );
  }
  return evaluateParsed(expression, context);
}

/**
 * {@link evaluateExpression} without its checks of the arguments: what the engines call, per object and
 * flow, with a parse and a context of their own making (the checks are for callers of the public API).
 *
 * @internal
 */
export function evaluateParsed(expression: Expression, context: ExpressionContext): ExpressionValue {
  const evaluation = new Evaluation(expression, context);
  try {
    return evaluation.evaluate(expression.root);
  } catch (error) {
    // A string or list too large for the JavaScript engine itself surfaces as a RangeError: still bad input.
    if (error instanceof RangeError) {
      return runtimeError(
        evaluation,
        expression.root.position,
        `evaluation exceeded the simulator's limits (${error.message})`,
      );
    }
    throw error;
  }
}

class Evaluation implements EvaluationScope {
  readonly source: string;
  readonly dialect: ExpressionDialect;
  private readonly constants: ReadonlyMap<string, ExpressionValue>;

  constructor(
    expression: Expression,
    private readonly context: ExpressionContext,
  ) {
    this.source = expression.source;
    this.dialect = expression.dialect;
    this.constants = this.dialect === "connect" ? CONNECT_CONSTANTS : CLOUD_SYNC_CONSTANTS;
  }

  evaluate(node: ExpressionNode): ExpressionValue {
    switch (node.kind) {
      case "string":
      case "number":
        return node.value;
      case "omitted":
        return null;
      case "group":
        return this.evaluate(node.inner);
      case "constant": {
        const value = this.constants.get(node.name);
        if (value === undefined) return runtimeError(this, node.position, `unknown constant ${node.name}`);
        return value;
      }
      case "attribute":
        return this.attribute(node.name, node.position);
      case "parameter":
        return this.parameter(node.name, node.position);
      case "call": {
        const fn = functionsOf(this.dialect).get(node.name);
        if (fn === undefined) return runtimeError(this, node.position, `unknown function ${node.name}`);
        const value = fn.evaluate(new Call(this, node.args, node.name, node.position));
        return checkSize(this, node.position, value);
      }
      case "binary":
        return checkSize(this, node.position, this.binary(node));
    }
  }

  private attribute(name: string, position: number): ExpressionValue {
    return this.external(this.context.attribute(name), `attribute [${name}]`, position);
  }

  private parameter(name: string, position: number): ExpressionValue {
    const raw = this.context.parameter?.(name);
    if (raw === undefined) return runtimeError(this, position, `parameter %${name}% is not defined`, name);
    return this.external(raw, `parameter %${name}%`, position);
  }

  /** Reads a value supplied by the engine: absent and empty lists are NULL. */
  private external(raw: unknown, what: string, position: number): ExpressionValue {
    if (raw === undefined || raw === null) return null;
    if (typeof raw === "string" || typeof raw === "boolean") return raw;
    if (typeof raw === "number" && Number.isFinite(raw)) return raw;
    if (Array.isArray(raw) && raw.every((v) => typeof v === "string"))
      return raw.length === 0 ? null : (raw as string[]);
    return runtimeError(this, position, `${what} holds an unsupported value`, raw);
  }

  private binary(node: BinaryNode): ExpressionValue {
    const op = node.operator;
    if (op === "&&" || op === "||") {
      const left = this.condition(node.left, op);
      if (op === "&&" ? left === false : left === true) return left;
      return this.condition(node.right, op);
    }
    const left = this.evaluate(node.left);
    const right = this.evaluate(node.right);
    switch (op) {
      case "&":
        return this.concat(left, right, node.position);
      case "+":
      case "-":
      case "*":
      case "/":
        return this.arithmetic(op, left, right, node.position);
      default:
        return this.compare(op, left, right, node.position);
    }
  }

  private condition(node: ExpressionNode, op: string): boolean {
    const v = this.evaluate(node);
    const b = toBoolean(v);
    if (b === undefined)
      return runtimeError(
        this,
        node.position,
        `operand of ${op} must be a boolean but found ${typeName(v)}`,
        v,
      );
    return b === true;
  }

  private text(v: ExpressionValue, position: number): string {
    if (v === null) return "";
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    if (typeof v === "boolean") return boolText(v);
    return runtimeError(this, position, `operand of & must be a single value but found ${typeName(v)}`, v);
  }

  /** `&` concatenates; NULL reads as "" (VBA); a multi-valued operand concatenates with each value. */
  private concat(left: ExpressionValue, right: ExpressionValue, position: number): ExpressionValue {
    if (isList(left) && isList(right)) {
      if (left.length === 1 && right.length === 1) return (left[0] as string) + (right[0] as string);
      return runtimeError(this, position, "operands of & cannot both be multi-valued", [
        left.length,
        right.length,
      ]);
    }
    if (isList(left)) {
      const r = this.text(right, position);
      this.bound(left, r, position);
      return left.map((v) => v + r);
    }
    if (isList(right)) {
      const l = this.text(left, position);
      this.bound(right, l, position);
      return right.map((v) => l + v);
    }
    return this.text(left, position) + this.text(right, position);
  }

  private bound(values: readonly string[], extra: string, position: number): void {
    let total = 0;
    for (const v of values) total += v.length + extra.length;
    const max = EXPRESSION_LIMITS.maxStringLength;
    if (total > max)
      runtimeError(this, position, `result of ${total} characters exceeds the ${max}-character limit`);
  }

  private number(v: ExpressionValue, op: string, position: number): number | null {
    if (v === null || typeof v === "number") return v;
    return runtimeError(this, position, `operand of ${op} must be a number but found ${typeName(v)}`, v);
  }

  private arithmetic(
    op: "+" | "-" | "*" | "/",
    lv: ExpressionValue,
    rv: ExpressionValue,
    position: number,
  ): ExpressionValue {
    const a = this.number(lv, op, position);
    const b = this.number(rv, op, position);
    if (a === null || b === null) return null;
    if (op === "/" && b === 0) return runtimeError(this, position, "division by zero");
    const result = op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : a / b;
    if (!Number.isFinite(result)) return runtimeError(this, position, `result of ${op} is out of range`);
    return result;
  }

  private scalar(v: ExpressionValue, op: string, position: number): ExpressionValue {
    if (isList(v)) {
      if (v.length === 1) return v[0] as string;
      return runtimeError(
        this,
        position,
        `operand of ${op} must be a single value but found ${typeName(v)}`,
        v,
      );
    }
    if (typeof v === "object" && v !== null && !isBinary(v)) {
      return runtimeError(this, position, `operand of ${op} cannot be ${v.name}`, v.name);
    }
    return v;
  }

  /**
   * Comparison: NULL equals only NULL and orders with nothing; strings compare ordinally (binary compare);
   * a number and a numeric string compare as numbers; other mixed types are a type error.
   */
  private compare(
    op: "=" | "<>" | "<" | "<=" | ">" | ">=",
    lv: ExpressionValue,
    rv: ExpressionValue,
    position: number,
  ): boolean {
    const a = this.scalar(lv, op, position);
    const b = this.scalar(rv, op, position);
    if (a === null || b === null) {
      if (op === "=") return a === b;
      if (op === "<>") return a !== b;
      return false;
    }
    let order: number;
    if (isBinary(a) || isBinary(b)) {
      if (!(isBinary(a) && isBinary(b)) || (op !== "=" && op !== "<>")) {
        return runtimeError(this, position, `cannot compare ${typeName(a)} with ${typeName(b)} using ${op}`);
      }
      const same = a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
      return op === "=" ? same : !same;
    }
    if (typeof a === typeof b) {
      if (typeof a === "boolean" && op !== "=" && op !== "<>") {
        return runtimeError(this, position, `cannot order booleans using ${op}`);
      }
      order = a === b ? 0 : (a as string | number) < (b as string | number) ? -1 : 1;
    } else {
      const x = typeof a === "number" ? a : typeof a === "string" ? parseNumeric(a) : undefined;
      const y = typeof b === "number" ? b : typeof b === "string" ? parseNumeric(b) : undefined;
      if (x === undefined || y === undefined || typeof a === "boolean" || typeof b === "boolean") {
        return runtimeError(this, position, `cannot compare ${typeName(a)} with ${typeName(b)} using ${op}`);
      }
      order = x === y ? 0 : x < y ? -1 : 1;
    }
    switch (op) {
      case "=":
        return order === 0;
      case "<>":
        return order !== 0;
      case "<":
        return order < 0;
      case "<=":
        return order <= 0;
      case ">":
        return order > 0;
      case ">=":
        return order >= 0;
    }
  }
}
