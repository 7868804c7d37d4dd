/**
 * The two sync expression languages — Entra Connect's sync-rule expressions and Cloud Sync's
 * attribute-mapping expressions — as one parser and interpreter with a dialect switch. Parsed and
 * interpreted, never `eval`. Public here: parse/evaluate, the AST and value types, the special values the
 * Connect engine tests for, the per-dialect function and constant tables (for the docs), and the limits.
 * Internal (may change): the runtime coercions, text helpers and regex guard.
 */
export { CLOUD_SYNC_CONSTANTS, CONNECT_CONSTANTS } from "./constants.js";
export { evaluateExpression } from "./evaluate.js";
export { CLOUD_SYNC_FUNCTIONS } from "./functions/cloud-sync.js";
export { CONNECT_FUNCTIONS } from "./functions/connect.js";
export type { ExpressionFunction } from "./functions/define.js";
export { type ParseOptions, parseExpression } from "./parser.js";
export { attributesReferenced, parametersReferenced } from "./references.js";
export type { FunctionCall } from "./runtime.js";
export {
  type AttributeNode,
  AUTHORITATIVE_NULL,
  type BinaryNode,
  type CallNode,
  type ConstantNode,
  EXPRESSION_LIMITS,
  type Expression,
  type ExpressionBinary,
  type ExpressionContext,
  type ExpressionDialect,
  type ExpressionNode,
  type ExpressionOperator,
  type ExpressionSpecial,
  type ExpressionValue,
  type GroupNode,
  IGNORE_THIS_FLOW,
  type NodeSpan,
  type NumberLiteralNode,
  type OmittedNode,
  type ParameterNode,
  type StringLiteralNode,
} from "./types.js";
