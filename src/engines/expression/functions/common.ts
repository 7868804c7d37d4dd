import {
  boolText,
  type FunctionCall,
  isBinary,
  isList,
  listValue,
  parseNumeric,
  toBoolean,
  typeName,
} from "../runtime.js";
import { wordOf } from "../text.js";
import { EXPRESSION_LIMITS, type ExpressionValue } from "../types.js";
import { mapString } from "./define.js";

/**
 * Implementations both languages share; where the two references differ, the dialect-specific table
 * passes the difference in. Comments cite the reference key the behaviour comes from.
 */

/** `IIF(condition, valueIfTrue, valueIfFalse)`: only the branch taken is evaluated. NULL condition → false. @internal */
export function iif(call: FunctionCall): ExpressionValue {
  return call.bool(0) === true ? call.value(1) : call.value(2);
}

/** `BitAnd` / `BitOr` on 64-bit integers. @internal */
export function bitwise(call: FunctionCall, op: "and" | "or"): ExpressionValue {
  const a = call.int(0);
  const b = call.int(1);
  if (a === null || b === null) return null;
  const x = BigInt.asIntN(64, BigInt(a));
  const y = BigInt.asIntN(64, BigInt(b));
  return Number(BigInt.asIntN(64, op === "and" ? x & y : x | y));
}

/** `CBool(expression)`: non-zero numbers and "True" are True (`reference-connect-sync-functions-reference`). @internal */
export function cbool(call: FunctionCall): ExpressionValue {
  return call.bool(0);
}

/** `CStr(value)`: numbers in decimal, booleans as `True`/`False`. @internal */
export function cstr(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  if (v === null || typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return boolText(v);
  if (isList(v) && v.length === 1) return v[0] as string;
  return call.fail(`cannot convert a ${typeName(v)} to a string`, v);
}

/** `CNum(value)`: a number, or a string holding one. @internal */
export function cnum(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  if (v === null || typeof v === "number") return v;
  const text = typeof v === "string" ? v : isList(v) && v.length === 1 ? (v[0] as string) : undefined;
  const n = text === undefined ? undefined : parseNumeric(text);
  if (n === undefined) return call.fail(`cannot convert a ${typeName(v)} to a number`, v);
  return n;
}

/** `ConvertToBase64`: a string's UTF-16LE bytes ("Unicode base64"), or a binary value's bytes. @internal */
export function convertToBase64(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  if (isBinary(v)) return Buffer.from(v.bytes).toString("base64");
  // reference-connect-sync-functions-reference: ConvertToBase64("Hello world!") = "SABlAGwAbABvACAAdwBvAHIAbABkACEA"
  return mapString(call, 0, null, (s) => Buffer.from(s, "utf16le").toString("base64"));
}

/** `ConvertToUTF8Hex`: upper-case hex of the UTF-8 bytes ("Hello world!" → `48656C6C6F20776F726C6421`). @internal */
export function convertToUtf8Hex(call: FunctionCall): ExpressionValue {
  return mapString(call, 0, null, (s) => Buffer.from(s, "utf8").toString("hex").toUpperCase());
}

/** `Count(attribute)`: number of values; NULL → 0, a single value → 1. @internal */
export function count(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  if (v === null) return 0;
  return isList(v) ? v.length : 1;
}

/** `Item(attribute, index)`: 1-based; out of range → error (Connect `Item`) or NULL (`ItemOrNull`, Cloud Sync). @internal */
export function item(call: FunctionCall, outOfRange: "error" | "null"): ExpressionValue {
  const values = call.list(0);
  const index = call.int(1);
  if (values === null || index === null) return null;
  if (index < 1 || index > values.length) {
    if (outOfRange === "null") return null;
    return call.fail(`index ${index} is out of range: the attribute has ${values.length} value(s)`, index);
  }
  return values[index - 1] as string;
}

/** `IsNull`. @internal */
export function isNull(call: FunctionCall): ExpressionValue {
  return call.value(0) === null;
}

/** `IsNullOrEmpty`: absent, or an empty string. @internal */
export function isNullOrEmpty(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  return v === null || v === "";
}

/** `IsPresent`: neither NULL nor empty — the inverse of `IsNullOrEmpty`. @internal */
export function isPresent(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  return !(v === null || v === "");
}

/** `IsString`: the value is (or can be read as) a string. @internal */
export function isString(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  return typeof v === "string" || isList(v);
}

/** `RemoveDuplicates`: first occurrence of each value, order kept, exact (case-sensitive) comparison. @internal */
export function removeDuplicates(call: FunctionCall): ExpressionValue {
  const values = call.list(0);
  if (values === null) return null;
  return listValue([...new Set(values)]);
}

/** `Left(string, n)`: n = 0 → "", n < 0 → the string, NULL → "" (`reference-connect-sync-functions-reference`). @internal */
export function left(call: FunctionCall): ExpressionValue {
  const n = call.int(1);
  return mapString(call, 0, "", (s) => (n === null ? null : n < 0 ? s : s.slice(0, n)));
}

/** `Right(string, n)`: as `Left`, from the end. @internal */
export function right(call: FunctionCall): ExpressionValue {
  const n = call.int(1);
  return mapString(call, 0, "", (s) =>
    n === null ? null : n < 0 ? s : n === 0 ? "" : s.slice(Math.max(0, s.length - n)),
  );
}

/**
 * `Mid(string, start, n)`: 1-based start; omitted n → rest of the string; n ≤ 0 or start past the end → "";
 * start < 1 reads from the first character (assumption); NULL → "".
 *
 * @internal
 */
export function mid(call: FunctionCall): ExpressionValue {
  const start = call.int(1);
  const n = call.has(2) ? call.int(2) : Number.POSITIVE_INFINITY;
  return mapString(call, 0, "", (s) => {
    if (start === null || n === null) return null;
    if (n <= 0) return "";
    const from = Math.max(1, start) - 1;
    return s.slice(from, n === Number.POSITIVE_INFINITY ? undefined : from + n);
  });
}

/** `Word(string, n, delimiters)`: NULL or out of range → "" (both references). @internal */
export function word(call: FunctionCall): ExpressionValue {
  const n = call.int(1);
  const delimiters = call.str(2) ?? "";
  return mapString(call, 0, "", (s) => (n === null ? "" : wordOf(s, n, delimiters)));
}

/** Upper/lower/trim-style mappings. @internal */
export function mapped(apply: (s: string) => string): (call: FunctionCall) => ExpressionValue {
  return (call) => mapString(call, 0, null, apply);
}

/** Folds case one UTF-16 unit at a time, so indexes in the folded text match the original. @internal */
export function foldCase(text: string): string {
  let out = "";
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}

/** Reads an optional enumeration argument; numbers 0/1 are VBA's vbBinaryCompare/vbTextCompare. @internal */
export function enumArg(
  call: FunctionCall,
  index: number,
  allowed: readonly string[],
  fallback: string,
): string {
  if (!call.has(index)) return fallback;
  const v = call.value(index);
  if (v === null) return fallback;
  if (typeof v === "number" && allowed.includes("vbTextCompare")) {
    if (v === 0) return "vbBinaryCompare";
    if (v === 1) return "vbTextCompare";
  }
  if (typeof v === "string") {
    const match = allowed.find((name) => name.toLowerCase() === v.trim().toLowerCase());
    if (match !== undefined) return match;
  }
  return call.fail(`expected one of ${allowed.join(", ")} but found ${typeName(v)}`, v);
}

/** `InStr(check, match[, start[, compare]])`: 1-based position of the first match at or after start, 0 if none. @internal */
export function inStr(call: FunctionCall): ExpressionValue {
  const check = call.str(0);
  const match = call.str(1);
  const start = call.has(2) ? call.int(2) : 1;
  const compare = enumArg(call, 3, ["vbBinaryCompare", "vbTextCompare"], "vbBinaryCompare");
  if (check === null || match === null || start === null) return null;
  if (start < 1) return call.fail(`start must be 1 or more but found ${start}`, start);
  const text = compare === "vbTextCompare" ? foldCase(check) : check;
  const find = compare === "vbTextCompare" ? foldCase(match) : match;
  if (start > text.length + 1) return 0;
  return text.indexOf(find, start - 1) + 1;
}

/** `InStrRev(check, match[, start[, compare]])`: 1-based position of the last match ending by start, 0 if none. @internal */
export function inStrRev(call: FunctionCall): ExpressionValue {
  const check = call.str(0);
  const match = call.str(1);
  const start = call.has(2) ? call.int(2) : -1;
  const compare = enumArg(call, 3, ["vbBinaryCompare", "vbTextCompare"], "vbBinaryCompare");
  if (check === null || match === null || start === null) return null;
  if (start === 0 || start < -1) return call.fail(`start must be -1 or 1 or more but found ${start}`, start);
  const text = compare === "vbTextCompare" ? foldCase(check) : check;
  const find = compare === "vbTextCompare" ? foldCase(match) : match;
  const last = start === -1 ? text.length : Math.min(start, text.length);
  const from = last - find.length;
  if (from < 0) return 0;
  return text.lastIndexOf(find, from) + 1;
}

/** Guards a length argument (PadLeft) against building an oversized string. @internal */
export function boundedLength(call: FunctionCall, n: number): number {
  if (n > EXPRESSION_LIMITS.maxStringLength) {
    return call.fail(`length ${n} exceeds the ${EXPRESSION_LIMITS.maxStringLength}-character limit`, n);
  }
  return n;
}

/** A condition value, for `Switch` (Connect) and `Not` (Cloud Sync). @internal */
export function conditionOf(v: ExpressionValue): boolean | null | undefined {
  return toBoolean(v);
}
