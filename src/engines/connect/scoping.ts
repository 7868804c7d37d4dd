import type { AttributeValue } from "../../model/ad-object.js";
import type { ScopeClause, ScopeOperator, SyncRule } from "./sync-rule.js";

/** Reads one attribute of the object a rule looks at. @internal */
export type AttributeReader = (attribute: string) => AttributeValue | undefined;

/**
 * Answers ISMEMBEROF for the object being scoped: true when it is a direct member of the group with this
 * DN in its own connector space (group-based filtering counts direct members only, reference.md "Sync rules").
 *
 * @public
 */
export type MembershipTest = (groupDn: string) => boolean;

/**
 * A scoping clause compiled once per rule set: the operand's text, number and list forms are computed
 * here so that testing an object allocates nothing. @internal
 */
export interface CompiledClause {
  /** Attribute read. */
  readonly attribute: string;
  /** Operator. */
  readonly operator: ScopeOperator;
  /** Operand lower-cased (`String(operand).toLowerCase()`). */
  readonly text: string;
  /** Operand as a number (NaN when it is not one). */
  readonly number: number;
  /** ISIN / ISNOTIN: the operand list, lower-cased; ISMEMBEROF: the group DNs. */
  readonly list: readonly string[];
  /** ISIN / ISNOTIN: the lower-cased list as a set. */
  readonly set: ReadonlySet<string>;
}

/**
 * A compiled scoping filter: groups (OR) of clauses (AND); empty = everything in scope. Its arrays are left
 * unfrozen (the type makes them read-only): on the V8 of Node 20, iterating a frozen array allocates a result
 * object per element and reads its elements on a slow path — in the filter every object is tested against.
 * @internal
 */
export type CompiledScope = readonly (readonly CompiledClause[])[];

/** ISIN / ISMEMBEROF operands: a list, or a `;`-separated string. */
function operandList(operand: ScopeClause["value"]): string[] {
  if (operand === undefined) return [];
  if (Array.isArray(operand)) return operand.map(String);
  return String(operand)
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Compiles one clause. @internal */
export function compileClause(clause: ScopeClause): CompiledClause {
  const operand = clause.value;
  const members = clause.operator === "ISMEMBEROF" || clause.operator === "ISNOTMEMBEROF";
  const list = members ? operandList(operand) : operandList(operand).map((v) => v.toLowerCase());
  return Object.freeze({
    attribute: clause.attribute,
    operator: clause.operator,
    text: String(operand).toLowerCase(),
    number: typeof operand === "number" ? operand : Number(operand),
    list,
    set: new Set(members ? [] : list),
  });
}

/** Compiles a rule's scoping filter. @internal */
export function compileScope(scope: SyncRule["scope"]): CompiledScope {
  return scope.map((group) => group.map(compileClause));
}

/**
 * Scoping filter: clauses AND inside a group, groups OR; no group = everything in scope
 * (concept-azure-ad-connect-sync-declarative-provisioning).
 *
 * @internal
 */
export function inScope(rule: SyncRule, read: AttributeReader, memberOf?: MembershipTest): boolean {
  if (rule.scope.length === 0) return true;
  return compiledInScope(compileScope(rule.scope), read, callReader, memberOf);
}

/** Reads an attribute of a source object (an AD object, a metaverse attribute record, a reader). @internal */
export type AttributeGetter<T> = (source: T, attribute: string) => AttributeValue | undefined;

/**
 * {@link inScope} on a compiled filter (what the pipeline runs per object): the source and its getter are
 * passed apart so that no closure is made per object. @internal
 */
export function compiledInScope<T>(
  scope: CompiledScope,
  source: T,
  get: AttributeGetter<T>,
  memberOf?: MembershipTest,
): boolean {
  if (scope.length === 0) return true;
  for (let g = 0; g < scope.length; g++) {
    const group = scope[g] as readonly CompiledClause[];
    let all = true;
    for (let c = 0; c < group.length; c++) {
      const clause = group[c] as CompiledClause;
      if (!testClause(clause, get(source, clause.attribute), memberOf)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

function callReader(read: AttributeReader, attribute: string): AttributeValue | undefined {
  return read(attribute);
}

/**
 * One clause. Values compare case-insensitively (the product's scoping filters do); a multi-valued
 * attribute satisfies a positive test when any value does, and a NOT test when no value does.
 *
 * @internal
 */
export function clauseHolds(
  clause: ScopeClause,
  value: AttributeValue | undefined,
  memberOf?: MembershipTest,
): boolean {
  return testClause(compileClause(clause), value, memberOf);
}

/** Numeric order when both sides are numbers (or numeric text), else case-insensitive text order. */
function compare(value: string | number | boolean, clause: CompiledClause): number {
  const a = typeof value === "number" ? value : Number(value);
  const b = clause.number;
  if (typeof value !== "boolean" && !Number.isNaN(a) && !Number.isNaN(b) && String(value).trim() !== "")
    return a - b;
  const x = String(value).toLowerCase();
  const y = clause.text;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * True when `text` from `at` reads `lower` (lower-case) ignoring ASCII case: `text` holds only ASCII, so
 * this is what `text.toLowerCase()` would show there, without building that copy for every object tested.
 */
function foldedAt(text: string, lower: string, at: number): boolean {
  if (at < 0 || at + lower.length > text.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const c = text.charCodeAt(at + i);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** True when every character of `text` is ASCII (its lower case is then a matter of A-Z only). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * The text tests of a scoping clause, as on `String(v).toLowerCase()` against the lower-cased operand.
 * ASCII text (DNs, account names, object types) is compared in place; other text is lower-cased with
 * JavaScript's Unicode rules, as before.
 */
function textTest(operator: ScopeOperator, v: string | number | boolean, lower: string): boolean {
  const text = String(v);
  if (!isAscii(text)) {
    const folded = text.toLowerCase();
    if (operator === "EQUAL" || operator === "NOTEQUAL") return folded === lower;
    if (operator === "STARTSWITH" || operator === "NOTSTARTSWITH") return folded.startsWith(lower);
    if (operator === "ENDSWITH" || operator === "NOTENDSWITH") return folded.endsWith(lower);
    return folded.includes(lower);
  }
  switch (operator) {
    case "EQUAL":
    case "NOTEQUAL":
      return text.length === lower.length && foldedAt(text, lower, 0);
    case "STARTSWITH":
    case "NOTSTARTSWITH":
      return foldedAt(text, lower, 0);
    case "ENDSWITH":
    case "NOTENDSWITH":
      return foldedAt(text, lower, text.length - lower.length);
    default:
      for (let at = 0; at + lower.length <= text.length; at++) if (foldedAt(text, lower, at)) return true;
      return false;
  }
}

/** The positive form of an operator on one value (NOT forms negate "any value holds"). */
function holdsFor(operator: ScopeOperator, v: string | number | boolean, clause: CompiledClause): boolean {
  switch (operator) {
    case "EQUAL":
    case "NOTEQUAL":
      return textTest(operator, v, clause.text);
    case "LESSTHAN":
      return compare(v, clause) < 0;
    case "LESSTHAN_OR_EQUAL":
      return compare(v, clause) <= 0;
    case "GREATERTHAN":
      return compare(v, clause) > 0;
    case "GREATERTHAN_OR_EQUAL":
      return compare(v, clause) >= 0;
    case "STARTSWITH":
    case "NOTSTARTSWITH":
    case "ENDSWITH":
    case "NOTENDSWITH":
    case "CONTAINS":
    case "NOTCONTAINS":
      return textTest(operator, v, clause.text);
    case "ISIN":
    case "ISNOTIN":
      return clause.set.has(String(v).toLowerCase());
    case "ISBITSET":
    case "ISNOTBITSET": {
      const n = typeof v === "number" ? v : Number(v);
      return Number.isInteger(n) && (n & clause.number) !== 0;
    }
    default:
      return false;
  }
}

/** Does any value of the attribute satisfy the operator's positive form? */
function anyHolds(clause: CompiledClause, value: AttributeValue | undefined): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) {
    // Indexed: attribute lists are frozen (see CompiledScope).
    const list = value as readonly (string | number | boolean)[];
    for (let i = 0; i < list.length; i++)
      if (holdsFor(clause.operator, list[i] as string | number | boolean, clause)) return true;
    return false;
  }
  return holdsFor(clause.operator, value as string | number | boolean, clause);
}

function memberOfAny(clause: CompiledClause, memberOf: MembershipTest): boolean {
  const list = clause.list;
  for (let i = 0; i < list.length; i++) if (memberOf(list[i] as string)) return true;
  return false;
}

/** One compiled clause against one attribute value. @internal */
export function testClause(
  clause: CompiledClause,
  value: AttributeValue | undefined,
  memberOf?: MembershipTest,
): boolean {
  switch (clause.operator) {
    case "ISNULL":
      return value === undefined || (Array.isArray(value) && value.length === 0);
    case "ISNOTNULL":
      return value !== undefined && !(Array.isArray(value) && value.length === 0);
    case "NOTEQUAL":
    case "NOTSTARTSWITH":
    case "NOTENDSWITH":
    case "NOTCONTAINS":
    case "ISNOTIN":
    case "ISNOTBITSET":
      return !anyHolds(clause, value);
    case "ISMEMBEROF":
      return memberOf !== undefined && memberOfAny(clause, memberOf);
    case "ISNOTMEMBEROF":
      return memberOf === undefined || !memberOfAny(clause, memberOf);
    default:
      return anyHolds(clause, value);
  }
}

/** True when any clause of the rule tests group membership (its members must be re-scoped when the group changes). @internal */
export function usesMembership(rule: SyncRule): boolean {
  return rule.scope.some((group) =>
    group.some((c) => c.operator === "ISMEMBEROF" || c.operator === "ISNOTMEMBEROF"),
  );
}
