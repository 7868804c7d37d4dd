import { type FunctionCall, isBinary, listValue, parseNumeric, typeName } from "../runtime.js";
import {
  base64Bytes,
  dnParts,
  guidBytes,
  guidString,
  hexBytes,
  occurrences,
  replaceMonikers,
} from "../text.js";
import { EXPRESSION_LIMITS, type ExpressionValue } from "../types.js";
import { bitwise, boundedLength, conditionOf, enumArg, foldCase } from "./common.js";
import { mapString } from "./define.js";

/**
 * Implementations of the Connect-only functions (`reference-connect-sync-functions-reference`); the table
 * is in connect.ts.
 */

/** Connect `replace` implementation. @internal */
export function replace(call: FunctionCall): ExpressionValue {
  const oldValue = call.str(1);
  const newValue = call.str(2) ?? "";
  return mapString(call, 0, null, (s) => {
    if (oldValue === null || oldValue === "") return s;
    const find = replaceMonikers(oldValue);
    const by = replaceMonikers(newValue);
    const size = s.length + occurrences(s, find) * (by.length - find.length);
    if (size > EXPRESSION_LIMITS.maxStringLength) {
      call.fail(
        `result of ${size} characters exceeds the ${EXPRESSION_LIMITS.maxStringLength}-character limit`,
      );
    }
    return s.split(find).join(by);
  });
}

/** Connect `contains` implementation. @internal */
export function contains(call: FunctionCall): ExpressionValue {
  const values = call.list(0);
  const search = call.str(1);
  // Contains(mvstr, str) is case-sensitive unless CaseInsensitive is given.
  const mode = enumArg(call, 2, ["CaseSensitive", "CaseInsensitive"], "CaseSensitive");
  if (values === null || search === null) return 0;
  const find = mode === "CaseInsensitive" ? foldCase(search) : search;
  const index = values.findIndex((v) => (mode === "CaseInsensitive" ? foldCase(v) : v).includes(find));
  return index + 1;
}

/** Connect `join` implementation. @internal */
export function join(call: FunctionCall): ExpressionValue {
  const values = call.list(0);
  // Assumption: no delimiter joins with a space, as VBA's Join does.
  const delimiter = call.has(1) ? (call.str(1) ?? "") : " ";
  if (values === null) return null;
  return values.join(delimiter);
}

/** Connect `split` implementation. @internal */
export function split(call: FunctionCall): ExpressionValue {
  const value = call.str(0);
  const delimiter = call.str(1);
  const limit = call.has(2) ? call.int(2) : null;
  if (value === null || delimiter === null) return null;
  // "Split can only separate strings using a single character delimiter."
  if (delimiter.length !== 1)
    return call.fail(
      `delimiter must be a single character but found ${JSON.stringify(delimiter)}`,
      delimiter,
    );
  if (limit !== null && limit < 1) return call.fail(`limit must be 1 or more but found ${limit}`, limit);
  if (value === "") return null;
  const parts = value.split(delimiter);
  if (limit !== null && parts.length > limit) {
    return listValue([...parts.slice(0, limit - 1), parts.slice(limit - 1).join(delimiter)]);
  }
  return listValue(parts);
}

/** Connect `switchConnect` implementation. @internal */
export function switchConnect(call: FunctionCall): ExpressionValue {
  for (let i = 0; i + 1 < call.count; i += 2) {
    const condition = conditionOf(call.value(i));
    if (condition === undefined)
      call.fail(`condition ${i / 2 + 1} must be a boolean but found ${typeName(call.value(i))}`);
    if (condition === true) return call.value(i + 1);
  }
  return null;
}

/** Connect `dnComponent` implementation. @internal */
export function dnComponent(call: FunctionCall, reverse: boolean): ExpressionValue {
  const dn = call.str(0);
  const n = call.int(1);
  const option = call.has(2) ? enumArg(call, 2, ["DC"], "DC") : undefined;
  if (dn === null || n === null) return null;
  let parts = dnParts(dn);
  if (parts === undefined) return call.fail(`${JSON.stringify(dn)} is not a distinguished name`, dn);
  if (reverse) {
    parts = [...parts].reverse();
    if (option === "DC") parts = parts.filter((p) => p.type.toLowerCase() !== "dc");
  }
  return parts[n - 1]?.value ?? null;
}

/** Connect `cguid` implementation. @internal */
export function cguid(call: FunctionCall): ExpressionValue {
  const text = call.str(0);
  if (text === null) return null;
  const bytes = guidBytes(text);
  if (bytes === undefined) return call.fail(`${JSON.stringify(text)} is not a GUID`, text);
  return Object.freeze({ kind: "binary", bytes: Object.freeze(bytes) });
}

/** Connect `stringFromGuid` implementation. @internal */
export function stringFromGuid(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  if (v === null) return null;
  if (isBinary(v) && v.bytes.length === 16) return guidString(v.bytes);
  return call.fail(`expected a 16-byte binary GUID but found ${typeName(v)}`, v);
}

/** Connect `convertFromBase64` implementation. @internal */
export function convertFromBase64(call: FunctionCall): ExpressionValue {
  const encoding = enumArg(call, 1, ["Unicode", "UTF8", "ASCII"], "Unicode");
  return mapString(call, 0, null, (s) => {
    const bytes = base64Bytes(s);
    if (bytes === undefined) return call.fail(`${JSON.stringify(s.slice(0, 40))} is not base64`, s);
    return bytes.toString(encoding === "Unicode" ? "utf16le" : encoding === "UTF8" ? "utf8" : "ascii");
  });
}

/** Connect `convertFromUtf8Hex` implementation. @internal */
export function convertFromUtf8Hex(call: FunctionCall): ExpressionValue {
  return mapString(call, 0, null, (s) => {
    const bytes = hexBytes(s);
    if (bytes === undefined) return call.fail(`${JSON.stringify(s.slice(0, 40))} is not hexadecimal`, s);
    return bytes.toString("utf8");
  });
}

/** Connect `pad` implementation. @internal */
export function pad(call: FunctionCall, side: "left" | "right"): ExpressionValue {
  const length = call.int(1);
  const padChar = call.str(2);
  if (length !== null) boundedLength(call, length);
  return mapString(call, 0, null, (s) => {
    if (length === null || padChar === null || padChar === "" || length <= s.length) return s;
    const fill = (padChar[0] as string).repeat(length - s.length);
    return side === "left" ? fill + s : s + fill;
  });
}

/** Connect `isBitSet` implementation. @internal */
export function isBitSet(call: FunctionCall): ExpressionValue {
  const and = bitwise(call, "and");
  return and === null ? null : and !== 0;
}

/** Connect `isNumeric` implementation. @internal */
export function isNumeric(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  return typeof v === "number" || (typeof v === "string" && parseNumeric(v) !== undefined);
}

/** Connect `isGuid` implementation. @internal */
export function isGuid(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  return (typeof v === "string" && guidBytes(v) !== undefined) || (isBinary(v) && v.bytes.length === 16);
}
