import { compileBoundedRegex } from "../regex-guard.js";
import { type FunctionCall, listValue, toBoolean } from "../runtime.js";
import { normalizeDiacritics, occurrences, properCase } from "../text.js";
import { EXPRESSION_LIMITS, type ExpressionValue, IGNORE_THIS_FLOW } from "../types.js";
import {
  bitwise,
  cbool,
  convertToBase64,
  convertToUtf8Hex,
  count,
  cstr,
  iif,
  inStr,
  isNull,
  isNullOrEmpty,
  isPresent,
  isString,
  item,
  left,
  mapped,
  mid,
  removeDuplicates,
  word,
} from "./common.js";
import { type ExpressionFunction, fn, mapString, table } from "./define.js";

/**
 * Cloud Sync / app-provisioning attribute-mapping functions (`functions-for-customizing-application-data`).
 * Left out on purpose: the date functions (`CDate`, `DateAdd`, `DateDiff`, `DateFromNum`, `FormatDateTime`,
 * `Now`, `NumFromDate`) — no wall clock in virtual time; `Guid` and `RandomString` — non-deterministic;
 * `AppRoleAssignmentsComplex`, `SingleAppRoleAssignment`, `Redact` — app-provisioning only.
 */

function append(call: FunctionCall): ExpressionValue {
  const suffix = call.str(1) ?? "";
  // Assumption: a NULL source stays NULL (the reference is silent); the flow then has no value.
  return mapString(call, 0, null, (s) => s + suffix);
}

function coalesce(call: FunctionCall): ExpressionValue {
  // "Returns the first source value that isn't NULL"; the last argument doubles as the default value.
  for (let i = 0; i < call.count; i += 1) {
    const v = call.value(i);
    if (v !== null) return v;
  }
  return null;
}

function ignoreFlowIfNullOrEmpty(call: FunctionCall): ExpressionValue {
  const v = call.value(0);
  return v === null || v === "" ? IGNORE_THIS_FLOW : v;
}

function join(call: FunctionCall): ExpressionValue {
  const separator = call.str(0) ?? "";
  const values: string[] = [];
  // "If one of the source values is a multi-value attribute, then every value in that attribute is joined."
  for (let i = 1; i < call.count; i += 1) values.push(...(call.list(i) ?? []));
  if (values.length === 0) return null;
  return values.join(separator);
}

function not(call: FunctionCall): ExpressionValue {
  // "If source value is True, returns False. Otherwise, returns True."
  return toBoolean(call.value(0)) !== true;
}

function selectUniqueValue(call: FunctionCall): ExpressionValue {
  // The simulator checks no target for uniqueness: the first candidate with a value is returned.
  for (let i = 0; i < call.count; i += 1) {
    const v = call.value(i);
    if (v !== null && v !== "") return v;
  }
  return null;
}

function split(call: FunctionCall): ExpressionValue {
  const source = call.str(0);
  const delimiter = call.str(1);
  if (source === null || delimiter === null) return null;
  if (source === "") return null;
  return listValue(delimiter === "" ? [source] : source.split(delimiter));
}

function switchCloud(call: FunctionCall): ExpressionValue {
  // Switch(source, defaultValue, key1, value1, ...): exact, case-sensitive match of source against each key.
  const source = call.str(0);
  if (source !== null) {
    for (let i = 2; i + 1 < call.count; i += 2) {
      if (call.str(i) === source) return call.value(i + 1);
    }
  }
  return call.value(1);
}

function pcase(call: FunctionCall): ExpressionValue {
  const separators = call.has(1) ? call.str(1) : null;
  if (separators !== null) {
    const set = new Set(separators);
    return mapString(call, 0, null, (s) => properCase(s, (ch) => set.has(ch), false));
  }
  // Without wordSeparators the product uses .NET ToTitleCase: non-letters separate words, all-caps words stay.
  return mapString(call, 0, null, (s) => properCase(s, (ch) => !/[\p{L}\p{N}'’]/u.test(ch), true));
}

function boundedSize(call: FunctionCall, size: number): void {
  if (size > EXPRESSION_LIMITS.maxStringLength) {
    call.fail(
      `result of ${size} characters exceeds the ${EXPRESSION_LIMITS.maxStringLength}-character limit`,
    );
  }
}

function literalReplace(call: FunctionCall, text: string, find: string, by: string): string {
  if (find === "") return text;
  boundedSize(call, text.length + occurrences(text, find) * (by.length - find.length));
  return text.split(find).join(by);
}

function regexOf(call: FunctionCall, pattern: string, subject: string): RegExp {
  const compiled = compileBoundedRegex(pattern, subject.length);
  if (typeof compiled === "string")
    return call.fail(`regexPattern ${JSON.stringify(pattern)}: ${compiled}`, pattern);
  return compiled;
}

function regexReplace(
  call: FunctionCall,
  text: string,
  pattern: string,
  group: string | null,
  by: string,
): string {
  const re = regexOf(call, pattern, text);
  let out = "";
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === "") re.lastIndex += 1;
    let from = m.index;
    let to = m.index + m[0].length;
    if (group !== null) {
      const span = m.indices?.groups?.[group];
      if (span === undefined) continue;
      [from, to] = span;
    }
    out += text.slice(last, from) + by;
    last = to;
    boundedSize(call, out.length);
    if (re.lastIndex > text.length) break;
  }
  return out + text.slice(last);
}

/**
 * `Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName,
 * template)`, in the order the reference lists its cases: oldValue + replacementValue; oldValue + template;
 * regexPattern + regexGroupName + replacementValue; regexPattern + regexGroupName +
 * replacementAttributeName (only when source is empty); regexPattern + replacementValue.
 */
function replace(call: FunctionCall): ExpressionValue {
  const oldValue = call.str(1);
  const pattern = call.str(2);
  const group = call.str(3);
  const replacement = call.str(4);
  const template = call.str(6);
  if (oldValue !== null && replacement === null && template !== null) {
    const source = call.str(0);
    return source === null ? null : literalReplace(call, template, oldValue, source);
  }
  if (pattern !== null && group !== null && replacement === null && call.has(5)) {
    const source = call.str(0);
    if (source !== null && source !== "") return source;
    const other = call.str(5);
    if (other === null) return null;
    const m = regexOf(call, pattern, other).exec(other);
    return m?.groups?.[group] ?? null;
  }
  if (replacement === null || (oldValue === null && pattern === null)) {
    return call.fail(
      "expected oldValue or regexPattern together with replacementValue, template or replacementAttributeName",
    );
  }
  return mapString(call, 0, null, (s) =>
    oldValue !== null
      ? literalReplace(call, s, oldValue, replacement)
      : regexReplace(call, s, pattern as string, group, replacement),
  );
}

/**
 * The Cloud Sync attribute-mapping functions by name (case-sensitive), with signatures from
 * `functions-for-customizing-application-data`.
 *
 * @public
 */
export const CLOUD_SYNC_FUNCTIONS: ReadonlyMap<string, ExpressionFunction> = table([
  fn("Append", 2, 2, "Append(source, suffix)", "source followed by suffix (NULL source → NULL).", append),
  fn("BitAnd", 2, 2, "BitAnd(value1, value2)", "Bitwise AND of two integers.", (c) => bitwise(c, "and")),
  fn("CBool", 1, 1, "CBool(Expression)", "True when the value is True or non-zero.", cbool),
  fn(
    "Coalesce",
    1,
    Number.POSITIVE_INFINITY,
    "Coalesce(source1, source2, …, defaultValue)",
    "The first value that is not NULL.",
    coalesce,
  ),
  fn(
    "ConvertToBase64",
    1,
    1,
    "ConvertToBase64(source)",
    "Text → Unicode (UTF-16LE) base64.",
    convertToBase64,
  ),
  fn(
    "ConvertToUTF8Hex",
    1,
    1,
    "ConvertToUTF8Hex(source)",
    "Text → upper-case hex of its UTF-8 bytes.",
    convertToUtf8Hex,
  ),
  fn("Count", 1, 1, "Count(attribute)", "Number of values (NULL → 0).", count),
  fn("CStr", 1, 1, "CStr(value)", "Value → string.", cstr),
  fn(
    "IgnoreFlowIfNullOrEmpty",
    1,
    1,
    "IgnoreFlowIfNullOrEmpty(expression)",
    "IgnoreThisFlow when the value is NULL or empty, else the value.",
    ignoreFlowIfNullOrEmpty,
  ),
  fn(
    "IIF",
    3,
    3,
    "IIF(condition, valueIfTrue, valueIfFalse)",
    "valueIfTrue when the condition is True, else valueIfFalse; only the chosen branch is evaluated.",
    iif,
  ),
  fn(
    "InStr",
    2,
    4,
    "InStr(value1, value2, start, compareType)",
    "1-based position of value2 in value1, 0 if absent.",
    inStr,
  ),
  fn("IsNull", 1, 1, "IsNull(Expression)", "True when NULL.", isNull),
  fn("IsNullOrEmpty", 1, 1, "IsNullOrEmpty(Expression)", "True when NULL or empty.", isNullOrEmpty),
  fn("IsPresent", 1, 1, "IsPresent(Expression)", "True when neither NULL nor empty.", isPresent),
  fn("IsString", 1, 1, "IsString(Expression)", "True when the value is a string.", isString),
  fn(
    "Item",
    2,
    2,
    "Item(attribute, index)",
    "The index-th value (1-based); out of range → NULL (assumption).",
    (c) => item(c, "null"),
  ),
  fn(
    "Join",
    2,
    Number.POSITIVE_INFINITY,
    "Join(separator, source1, source2, …)",
    "All values of all sources joined by separator; NULL sources skipped.",
    join,
  ),
  fn(
    "Left",
    2,
    2,
    "Left(String, NumChars)",
    'First NumChars characters; 0 → "", negative → the string, NULL → "".',
    left,
  ),
  fn("Mid", 3, 3, "Mid(source, start, length)", "length characters from the 1-based start.", mid),
  fn(
    "NormalizeDiacritics",
    1,
    1,
    "NormalizeDiacritics(source)",
    "Accented letters → plain letters.",
    mapped(normalizeDiacritics),
  ),
  fn("Not", 1, 1, "Not(source)", "False when source is True, otherwise True.", not),
  fn(
    "PCase",
    1,
    2,
    "PCase(source, wordSeparators)",
    "Proper case; words split by wordSeparators when given.",
    pcase,
  ),
  fn(
    "RemoveDuplicates",
    1,
    1,
    "RemoveDuplicates(attribute)",
    "Values without repeats, first occurrence kept.",
    removeDuplicates,
  ),
  fn(
    "Replace",
    5,
    7,
    "Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)",
    "Literal or regular-expression replacement, per the documented argument combinations; patterns that could backtrack without bound are refused.",
    replace,
  ),
  fn(
    "SelectUniqueValue",
    2,
    Number.POSITIVE_INFINITY,
    "SelectUniqueValue(uniqueValueRule1, uniqueValueRule2, …)",
    "The first candidate with a value (the simulator checks no target for uniqueness).",
    selectUniqueValue,
  ),
  fn(
    "Split",
    2,
    2,
    "Split(source, delimiter)",
    "Splits source on delimiter into a multi-valued string.",
    split,
  ),
  fn(
    "StripSpaces",
    1,
    1,
    "StripSpaces(source)",
    "Removes every space character.",
    mapped((s) => s.replaceAll(" ", "")),
  ),
  fn(
    "Switch",
    4,
    Number.POSITIVE_INFINITY,
    "Switch(source, defaultValue, key1, value1, key2, value2, …)",
    "The value of the key equal to source, else defaultValue.",
    switchCloud,
    { pairedArgs: true },
  ),
  fn(
    "ToLower",
    1,
    2,
    "ToLower(source, culture)",
    "Lower case (culture ignored: invariant rules).",
    mapped((s) => s.toLowerCase()),
  ),
  fn(
    "ToUpper",
    1,
    2,
    "ToUpper(source, culture)",
    "Upper case (culture ignored: invariant rules).",
    mapped((s) => s.toUpperCase()),
  ),
  fn(
    "Trim",
    1,
    1,
    "Trim(source)",
    "Removes leading and trailing white space.",
    mapped((s) => s.trim()),
  ),
  fn(
    "Word",
    3,
    3,
    "Word(String, WordNumber, Delimiters)",
    'The WordNumber-th word; out of range → "".',
    word,
  ),
]);
