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

/** A compiled scoping filter: groups (OR) of clauses (AND); empty = everything in scope. @internal */
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
    list: Object.freeze(list),
    set: new Set(members ? [] : list),
  });
}

/** Compiles a rule's scoping filter. @internal */
export function compileScope(scope: SyncRule["scope"]): CompiledScope {
  return Object.freeze(scope.map((group) => Object.freeze(group.map(compileClause))));
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
  for (const group of scope) {
    let all = true;
    for (const clause of group) {
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

/** The positive form of an operator on one value (NOT forms negate "any value holds"). */
function holdsFor(operator: ScopeOperator, v: string | number | boolean, clause: CompiledClause): boolean {
  switch (operator) {
    case "EQUAL":
    case "NOTEQUAL":
      return String(v).toLowerCase() === clause.text;
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
      return String(v).toLowerCase().startsWith(clause.text);
    case "ENDSWITH":
    case "NOTENDSWITH":
      return String(v).toLowerCase().endsWith(clause.text);
    case "CONTAINS":
    case "NOTCONTAINS":
      return String(v).toLowerCase().includes(clause.text);
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
    for (const v of value as readonly (string | number | boolean)[])
      if (holdsFor(clause.operator, v, clause)) return true;
    return false;
  }
  return holdsFor(clause.operator, value as string | number | boolean, clause);
}

function memberOfAny(clause: CompiledClause, memberOf: MembershipTest): boolean {
  for (const dn of clause.list) if (memberOf(dn)) return true;
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
