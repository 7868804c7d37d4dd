/**
 * Types shared by the expression parser and interpreter: the AST (with character positions), the values an
 * expression produces, the special values the Connect engine tests for, and the evaluation context.
 */

/**
 * The two expression languages: `connect` is Entra Connect's declarative-provisioning expression language
 * used in sync rules (`concept-azure-ad-connect-sync-declarative-provisioning-expressions`,
 * `reference-connect-sync-functions-reference`); `cloudSync` is the attribute-mapping expression language of
 * Cloud Sync and app provisioning (`functions-for-customizing-application-data`).
 *
 * @public
 */
export type ExpressionDialect = "connect" | "cloudSync";

/** A binary value (Connect `bin`), e.g. the result of `CGuid`. Bytes are 0–255. @public */
export interface ExpressionBinary {
  /** Discriminant. */
  readonly kind: "binary";
  /** The bytes, in order. */
  readonly bytes: readonly number[];
}

/** One of the special flow values: `AuthoritativeNull` or `IgnoreThisFlow`. @public */
export interface ExpressionSpecial {
  /** Discriminant. */
  readonly kind: "special";
  /** The product's name for the value. */
  readonly name: "AuthoritativeNull" | "IgnoreThisFlow";
}

/**
 * `AuthoritativeNull` (Connect): the flow contributes a null that wins over lower-precedence rules' values
 * (`concept-azure-ad-connect-sync-declarative-provisioning`). Compare by identity.
 *
 * @public
 */
export const AUTHORITATIVE_NULL: ExpressionSpecial = Object.freeze({
  kind: "special",
  name: "AuthoritativeNull",
} as const);

/**
 * `IgnoreThisFlow` (Connect constant) and the result of Cloud Sync's `IgnoreFlowIfNullOrEmpty` on an empty
 * value: the flow contributes nothing and the target attribute is left to other flows. Compare by identity.
 *
 * @public
 */
export const IGNORE_THIS_FLOW: ExpressionSpecial = Object.freeze({
  kind: "special",
  name: "IgnoreThisFlow",
} as const);

/**
 * What an expression evaluates to: `null` (the product's NULL: absent value), a string, number or boolean,
 * a multi-valued string (never empty: an empty list is `null`), a binary value, or a special flow value.
 *
 * @public
 */
export type ExpressionValue =
  | null
  | string
  | number
  | boolean
  | readonly string[]
  | ExpressionBinary
  | ExpressionSpecial;

/**
 * What an expression can read while it is evaluated. `attribute` returns the source object's value
 * (`undefined` when absent; multi-valued attributes as string arrays); `parameter` answers `%name%`
 * references (Connect only, e.g. `%Domain.FQDN%`).
 *
 * @public
 */
export interface ExpressionContext {
  /** The value of attribute `name` on the object being evaluated, or `undefined` when absent. */
  attribute(name: string): unknown;
  /** The value of `%name%`; `undefined` (or no function) means the parameter is not defined. */
  parameter?(name: string): unknown;
}

/** Binary operators of the Connect language (`concept-azure-ad-connect-sync-declarative-provisioning-expressions`). @public */
export type ExpressionOperator =
  | "&"
  | "+"
  | "-"
  | "*"
  | "/"
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "&&"
  | "||";

/** Fields every AST node carries: its zero-based start and end (exclusive) character positions. @public */
export interface NodeSpan {
  /** Zero-based position of the node's first character (for operators: of the operator). */
  readonly position: number;
  /** Zero-based position just after the node's last character. */
  readonly end: number;
}

/** A string literal. @public */
export interface StringLiteralNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "string";
  /** The value, escapes resolved. */
  readonly value: string;
}

/** A number literal (decimal, or hexadecimal written `&HFF`). @public */
export interface NumberLiteralNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "number";
  /** The value. */
  readonly value: number;
}

/** A named constant: `NULL`, `True`, `CRLF`, `AuthoritativeNull`, `vbTextCompare`, ... @public */
export interface ConstantNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "constant";
  /** The constant's name, as written. */
  readonly name: string;
}

/** An attribute reference `[name]`. @public */
export interface AttributeNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "attribute";
  /** The attribute name (case-sensitive). */
  readonly name: string;
}

/** A parameter reference `%name%` (Connect). @public */
export interface ParameterNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "parameter";
  /** The parameter name, e.g. `Domain.FQDN`. */
  readonly name: string;
}

/** An argument left empty in a Cloud Sync call, e.g. the third one in `Replace([x], , "a", , "", , )`. @public */
export interface OmittedNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "omitted";
}

/** A function call. @public */
export interface CallNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "call";
  /** The function name (case-sensitive). */
  readonly name: string;
  /** The arguments, in order. */
  readonly args: readonly ExpressionNode[];
}

/** A binary operation; `position` is the operator's position. @public */
export interface BinaryNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "binary";
  /** The operator. */
  readonly operator: ExpressionOperator;
  /** Left operand. */
  readonly left: ExpressionNode;
  /** Right operand. */
  readonly right: ExpressionNode;
}

/** A parenthesised sub-expression (Connect), kept so positions and printing stay faithful. @public */
export interface GroupNode extends NodeSpan {
  /** Discriminant. */
  readonly kind: "group";
  /** The inner expression. */
  readonly inner: ExpressionNode;
}

/** Any AST node. @public */
export type ExpressionNode =
  | StringLiteralNode
  | NumberLiteralNode
  | ConstantNode
  | AttributeNode
  | ParameterNode
  | OmittedNode
  | CallNode
  | BinaryNode
  | GroupNode;

/**
 * A parsed expression: its AST plus the dialect, the source label used in error messages (e.g.
 * `rule "In from AD – User Custom"`) and the original text.
 *
 * @public
 */
export interface Expression {
  /** The language the text was parsed as. */
  readonly dialect: ExpressionDialect;
  /** Label naming where the expression comes from; errors start with it. */
  readonly source: string;
  /** The original text. */
  readonly text: string;
  /** The root node. */
  readonly root: ExpressionNode;
}

/**
 * Bounds that keep parsing and evaluation finite under fuzzing (issue 8): input size, nesting, node count
 * and the size of any string or list an expression builds. Values beyond them are typed errors.
 *
 * @public
 */
export const EXPRESSION_LIMITS = Object.freeze({
  /** Longest accepted expression text, in characters. */
  maxTextLength: 32_768,
  /** Deepest accepted nesting of calls, groups and operator chains. */
  maxDepth: 64,
  /** Most AST nodes in one expression. */
  maxNodes: 4_096,
  /** Most characters a string (or all values of a list) an expression builds may hold. */
  maxStringLength: 4_194_304,
  /** Most values a multi-valued result may hold. */
  maxValues: 100_000,
  /** Budget for a regular expression: (subject length + 1) ^ (quantifiers + 1) must stay below it. */
  maxRegexCost: 50_000_000,
});
