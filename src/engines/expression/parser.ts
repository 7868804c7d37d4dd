import { SimulationError, show } from "../../scheduler/errors.js";
import { CLOUD_SYNC_CONSTANTS, CONNECT_CONSTANTS } from "./constants.js";
import { functionsOf } from "./functions/tables.js";
import {
  EXPRESSION_LIMITS,
  type Expression,
  type ExpressionDialect,
  type ExpressionNode,
  type ExpressionOperator,
} from "./types.js";

/**
 * The recursive-descent parser for both expression languages. Connect
 * (`concept-azure-ad-connect-sync-declarative-provisioning-expressions`): nested calls, `[attribute]`,
 * `%parameter%`, `"strings"`, decimal and `&H` hexadecimal numbers, named constants, parentheses and the
 * documented operators — all of one priority, evaluated left to right, as the product documents. Cloud Sync
 * (`functions-for-customizing-application-data`): calls, `[attribute]`, `"strings"` with `\"`/`\\` escapes,
 * numbers, empty arguments, and the single `=` comparison the documentation's `IIF` examples use.
 */

/** Options for {@link parseExpression}. @public */
export interface ParseOptions {
  /** Which language the text is written in. */
  readonly dialect: ExpressionDialect;
  /**
   * Label naming where the text comes from, used verbatim at the start of every error message and as the
   * error's `field` (e.g. `rule "In from AD – User Custom"`, `mapping "displayName"`). Default `"expression"`.
   */
  readonly source?: string;
}

const OPERATORS: readonly ExpressionOperator[] = [
  "&&",
  "||",
  "<>",
  "<=",
  ">=",
  "&",
  "+",
  "-",
  "*",
  "/",
  "=",
  "<",
  ">",
];

const isSpace = (ch: string | undefined): boolean => ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= "0" && ch <= "9";
const isHexDigit = (ch: string | undefined): boolean => ch !== undefined && /^[0-9A-Fa-f]$/.test(ch);
const isIdentStart = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z_]$/.test(ch);
const isIdentPart = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z0-9_]$/.test(ch);

/**
 * Parses expression text into an AST with character positions. Malformed text throws
 * `SimulationError("invalid-expression")` whose message names the source, the zero-based position and what
 * was expected, e.g. `rule "X": position 14: expected ")" but found end of input`. Unknown function names and
 * wrong argument counts are parse errors; so is text longer, deeper or larger than {@link EXPRESSION_LIMITS}.
 *
 * @param text - the expression as written in the rule or mapping
 * @param options - the dialect and the source label
 * @public
 */
export function parseExpression(text: string, options: ParseOptions): Expression {
  const dialect: unknown = options?.dialect;
  const source = options?.source ?? "expression";
  if (dialect !== "connect" && dialect !== "cloudSync") {
    throw new SimulationError(
      "invalid-expression",
      `${source}: dialect ${show(dialect)} is not "connect" or "cloudSync"`,
      {
        field: source,
        value: dialect,
        position: 0,
      },
    );
  }
  if (typeof text !== "string") {
    throw new SimulationError("invalid-expression", `${source}: position 0: expected expression text`, {
      field: source,
      value: text,
      position: 0,
    });
  }
  const parser = new Parser(text, dialect, source);
  return { dialect, source, text, root: parser.parseWhole() };
}

class Parser {
  private pos = 0;
  private nodes = 0;
  private readonly functions;
  private readonly constants: ReadonlyMap<string, unknown>;

  constructor(
    private readonly text: string,
    private readonly dialect: ExpressionDialect,
    private readonly source: string,
  ) {
    this.functions = functionsOf(dialect);
    this.constants = dialect === "connect" ? CONNECT_CONSTANTS : CLOUD_SYNC_CONSTANTS;
  }

  parseWhole(): ExpressionNode {
    if (this.text.length > EXPRESSION_LIMITS.maxTextLength) {
      this.fail(
        EXPRESSION_LIMITS.maxTextLength,
        `expected at most ${EXPRESSION_LIMITS.maxTextLength} characters but found ${this.text.length}`,
      );
    }
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail(this.pos, "expected an expression but found end of input");
    const root = this.parseChain(0);
    this.skipSpace();
    if (this.pos < this.text.length) {
      const what = this.dialect === "connect" ? "an operator or end of input" : "end of input";
      this.fail(this.pos, `expected ${what} but found ${this.describe(this.pos)}`);
    }
    return root;
  }

  private parseChain(depth: number): ExpressionNode {
    let left = this.parseOperand(depth);
    let chain = 0;
    for (;;) {
      this.skipSpace();
      const at = this.pos;
      const op = this.peekOperator();
      if (op === undefined) return left;
      if (this.dialect === "cloudSync") {
        if (op !== "=" || chain > 0) {
          this.fail(
            at,
            `expected no operator but found ${JSON.stringify(op)} (Cloud Sync expressions have only a single "=" in a condition)`,
          );
        }
      }
      chain += 1;
      // Operator chains are left-deep trees; count them against the nesting limit so evaluation stays shallow.
      if (depth + chain > EXPRESSION_LIMITS.maxDepth) {
        this.fail(at, `expected at most ${EXPRESSION_LIMITS.maxDepth} levels of nesting but found more`);
      }
      this.pos += op.length;
      const right = this.parseOperand(depth + chain);
      left = this.node({ kind: "binary", operator: op, left, right, position: at, end: right.end });
    }
  }

  private peekOperator(): ExpressionOperator | undefined {
    for (const op of OPERATORS) {
      if (this.text.startsWith(op, this.pos)) return op;
    }
    if (this.text[this.pos] === "|") this.fail(this.pos, `expected "||" but found "|"`);
    return undefined;
  }

  private parseOperand(depth: number): ExpressionNode {
    if (depth > EXPRESSION_LIMITS.maxDepth) {
      this.fail(this.pos, `expected at most ${EXPRESSION_LIMITS.maxDepth} levels of nesting but found more`);
    }
    this.skipSpace();
    const start = this.pos;
    const ch = this.text[start];
    if (ch === undefined) this.fail(start, "expected an expression but found end of input");
    if (ch === '"') return this.parseString();
    if (ch === "“" || ch === "”") {
      this.fail(start, `expected an expression but found ${JSON.stringify(ch)} (use straight quotes "")`);
    }
    if (isDigit(ch)) return this.parseNumber(start, false);
    if (ch === "-" && isDigit(this.text[start + 1])) return this.parseNumber(start + 1, true);
    if (ch === "&" && /^[Hh]$/.test(this.text[start + 1] ?? "") && isHexDigit(this.text[start + 2])) {
      return this.parseHex(start);
    }
    if (ch === "[") return this.parseAttribute(start);
    if (ch === "%") return this.parseParameter(start);
    if (ch === "(") {
      if (this.dialect === "cloudSync") {
        this.fail(
          start,
          `expected an expression but found "(" (Cloud Sync expressions have no parentheses outside calls)`,
        );
      }
      this.pos += 1;
      const inner = this.parseChain(depth + 1);
      this.expect(")");
      return this.node({ kind: "group", inner, position: start, end: this.pos });
    }
    if (isIdentStart(ch)) return this.parseName(start, depth);
    return this.fail(start, `expected an expression but found ${this.describe(start)}`);
  }

  private parseString(): ExpressionNode {
    const start = this.pos;
    let value = "";
    let i = start + 1;
    for (;;) {
      const ch = this.text[i];
      if (ch === undefined) {
        this.fail(
          this.text.length,
          `expected '"' to close the string that starts at position ${start} but found end of input`,
        );
      }
      if (ch === '"') break;
      if (ch === "\\") {
        const next = this.text[i + 1];
        if (next === '"' || next === "\\") {
          value += next;
          i += 2;
          continue;
        }
      }
      value += ch;
      i += 1;
    }
    this.pos = i + 1;
    return this.node({ kind: "string", value, position: start, end: this.pos });
  }

  private parseNumber(digitsAt: number, negative: boolean): ExpressionNode {
    const start = negative ? digitsAt - 1 : digitsAt;
    const match = /^[0-9]+(\.[0-9]+)?/.exec(this.text.slice(digitsAt, digitsAt + 400));
    const digits = match?.[0] ?? "";
    if (digits.length >= 400 || !Number.isFinite(Number(digits))) {
      this.fail(start, "expected a number of at most 308 digits but found a longer one");
    }
    this.pos = digitsAt + digits.length;
    const value = Number(digits);
    return this.node({ kind: "number", value: negative ? -value : value, position: start, end: this.pos });
  }

  private parseHex(start: number): ExpressionNode {
    const match = /^[0-9A-Fa-f]+/.exec(this.text.slice(start + 2, start + 40));
    const digits = match?.[0] ?? "";
    if (digits.length > 13)
      this.fail(start, `expected at most 13 hexadecimal digits after "&H" but found ${digits.length}`);
    this.pos = start + 2 + digits.length;
    return this.node({ kind: "number", value: Number.parseInt(digits, 16), position: start, end: this.pos });
  }

  private parseAttribute(start: number): ExpressionNode {
    const close = this.text.indexOf("]", start + 1);
    const stop = close < 0 ? this.text.length : close;
    const name = this.text.slice(start + 1, stop);
    const bad = /[[\]"\r\n\t]/.exec(name);
    if (bad)
      this.fail(
        start + 1 + bad.index,
        `expected an attribute name followed by "]" but found ${JSON.stringify(bad[0])}`,
      );
    if (close < 0)
      this.fail(
        this.text.length,
        `expected "]" to close the attribute that starts at position ${start} but found end of input`,
      );
    if (name.trim().length === 0)
      this.fail(start + 1, `expected an attribute name but found ${this.describe(start + 1)}`);
    this.pos = close + 1;
    return this.node({ kind: "attribute", name, position: start, end: this.pos });
  }

  private parseParameter(start: number): ExpressionNode {
    if (this.dialect === "cloudSync") {
      this.fail(start, `expected an expression but found "%" (Cloud Sync expressions have no %parameters%)`);
    }
    const match = /^[A-Za-z0-9_.]+/.exec(this.text.slice(start + 1, start + 257));
    const name = match?.[0] ?? "";
    if (name.length === 0)
      this.fail(start + 1, `expected a parameter name but found ${this.describe(start + 1)}`);
    const close = start + 1 + name.length;
    if (this.text[close] !== "%")
      this.fail(close, `expected "%" to close the parameter but found ${this.describe(close)}`);
    this.pos = close + 1;
    return this.node({ kind: "parameter", name, position: start, end: this.pos });
  }

  private parseName(start: number, depth: number): ExpressionNode {
    let i = start;
    while (isIdentPart(this.text[i])) i += 1;
    const name = this.text.slice(start, i);
    this.pos = i;
    this.skipSpace();
    if (this.text[this.pos] !== "(") {
      if (this.constants.has(name)) return this.node({ kind: "constant", name, position: start, end: i });
      const hint = this.functions.has(name)
        ? ` (${name} is a function: expected "(" after it)`
        : this.caseHint(name);
      return this.fail(
        start,
        `expected a function call, [attribute], "string", number or constant but found unknown name ${JSON.stringify(name)}${hint}`,
      );
    }
    const fn = this.functions.get(name);
    if (fn === undefined) {
      const language = this.dialect === "connect" ? "Connect sync rule" : "Cloud Sync";
      this.fail(
        start,
        `expected a ${language} function but found unknown function ${JSON.stringify(name)}${this.caseHint(name)}`,
      );
    }
    this.pos += 1;
    const args = this.parseArguments(depth + 1);
    const end = this.pos;
    const count = args.length;
    if (count < fn.minArgs || count > fn.maxArgs) {
      this.fail(start, `expected ${describeArity(fn.minArgs, fn.maxArgs)} to ${name} but found ${count}`);
    }
    if (fn.pairedArgs === true && (count - fn.minArgs) % 2 !== 0) {
      this.fail(start, `expected ${name} arguments to come in pairs but found ${count} arguments`);
    }
    return this.node({ kind: "call", name, args, position: start, end });
  }

  private parseArguments(depth: number): ExpressionNode[] {
    const args: ExpressionNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ")") {
      this.pos += 1;
      return args;
    }
    for (;;) {
      this.skipSpace();
      const at = this.pos;
      const ch = this.text[at];
      if (this.dialect === "cloudSync" && (ch === "," || ch === ")")) {
        args.push(this.node({ kind: "omitted", position: at, end: at }));
      } else {
        args.push(this.parseChain(depth));
      }
      this.skipSpace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos += 1;
        continue;
      }
      if (next === ")") {
        this.pos += 1;
        return args;
      }
      this.fail(this.pos, `expected "," or ")" but found ${this.describe(this.pos)}`);
    }
  }

  private caseHint(name: string): string {
    const lower = name.toLowerCase();
    for (const candidate of [...this.functions.keys(), ...this.constants.keys()]) {
      if (candidate.toLowerCase() === lower)
        return ` (names are case-sensitive: did you mean ${JSON.stringify(candidate)}?)`;
    }
    return "";
  }

  private expect(token: string): void {
    this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) {
      this.fail(this.pos, `expected ${JSON.stringify(token)} but found ${this.describe(this.pos)}`);
    }
    this.pos += token.length;
  }

  private skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos += 1;
  }

  private describe(at: number): string {
    const ch = this.text[at];
    if (ch === undefined) return "end of input";
    if (isIdentStart(ch))
      return JSON.stringify(/^[A-Za-z0-9_]{1,40}/.exec(this.text.slice(at, at + 40))?.[0] ?? ch);
    if (isDigit(ch)) return JSON.stringify(/^[0-9.]{1,40}/.exec(this.text.slice(at, at + 40))?.[0] ?? ch);
    return JSON.stringify(String.fromCodePoint(this.text.codePointAt(at) ?? 0));
  }

  private node<T extends ExpressionNode>(node: T): T {
    this.nodes += 1;
    if (this.nodes > EXPRESSION_LIMITS.maxNodes) {
      this.fail(node.position, `expected at most ${EXPRESSION_LIMITS.maxNodes} terms but found more`);
    }
    return node;
  }

  private fail(position: number, what: string): never {
    throw new SimulationError("invalid-expression", `${this.source}: position ${position}: ${what}`, {
      field: this.source,
      value: this.text,
      position,
    });
  }
}

function describeArity(min: number, max: number): string {
  const noun = (n: number) => (n === 1 ? "argument" : "arguments");
  if (min === max) return `${min} ${noun(min)}`;
  if (max === Number.POSITIVE_INFINITY) return `at least ${min} ${noun(min)}`;
  return `${min} to ${max} arguments`;
}
