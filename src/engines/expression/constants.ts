import { AUTHORITATIVE_NULL, type ExpressionValue, IGNORE_THIS_FLOW } from "./types.js";

/**
 * Built-in constants and literals, written by name only
 * (`concept-azure-ad-connect-sync-declarative-provisioning-expressions`: "NULL, CRLF, IgnoreThisFlow";
 * booleans `True`, `False`). Enumeration constants that functions take (`CaseSensitive`, `vbTextCompare`,
 * `UTF8`, ...) evaluate to their own name; the function checks the name.
 *
 * @public
 */
export const CONNECT_CONSTANTS: ReadonlyMap<string, ExpressionValue> = new Map<string, ExpressionValue>([
  ["NULL", null],
  ["AuthoritativeNull", AUTHORITATIVE_NULL],
  ["IgnoreThisFlow", IGNORE_THIS_FLOW],
  ["CRLF", "\r\n"],
  ["True", true],
  ["False", false],
  ["CaseSensitive", "CaseSensitive"],
  ["CaseInsensitive", "CaseInsensitive"],
  ["vbTextCompare", "vbTextCompare"],
  ["vbBinaryCompare", "vbBinaryCompare"],
  ["UTF8", "UTF8"],
  ["Unicode", "Unicode"],
  ["ASCII", "ASCII"],
]);

/**
 * Constants of the Cloud Sync language: only the `InStr` comparison kinds its reference shows
 * (`functions-for-customizing-application-data`: `InStr("repEated","e",3,vbBinaryCompare)`).
 *
 * @public
 */
export const CLOUD_SYNC_CONSTANTS: ReadonlyMap<string, ExpressionValue> = new Map<string, ExpressionValue>([
  ["vbTextCompare", "vbTextCompare"],
  ["vbBinaryCompare", "vbBinaryCompare"],
]);
