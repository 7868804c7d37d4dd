import type { AttributeValue } from "../../model/ad-object.js";
import type { ScopeClause, SyncRule } from "./sync-rule.js";

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
 * Scoping filter: clauses AND inside a group, groups OR; no group = everything in scope
 * (concept-azure-ad-connect-sync-declarative-provisioning).
 *
 * @internal
 */
export function inScope(rule: SyncRule, read: AttributeReader, memberOf?: MembershipTest): boolean {
  if (rule.scope.length === 0) return true;
  return rule.scope.some((group) =>
    group.every((clause) => clauseHolds(clause, read(clause.attribute), memberOf)),
  );
}

const text = (v: unknown): string => String(v).toLowerCase();

/** ISIN / ISMEMBEROF operands: a list, or a `;`-separated string. */
function operandList(operand: ScopeClause["value"]): string[] {
  if (operand === undefined) return [];
  if (Array.isArray(operand)) return operand.map(String);
  return String(operand)
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Numeric order when both sides are numbers (or numeric text), else case-insensitive text order. */
function compare(value: string | number | boolean, operand: ScopeClause["value"]): number {
  const a = typeof value === "number" ? value : Number(value);
  const b = typeof operand === "number" ? operand : Number(operand);
  if (typeof value !== "boolean" && !Number.isNaN(a) && !Number.isNaN(b) && String(value).trim() !== "")
    return a - b;
  const x = text(value);
  const y = text(operand);
  return x < y ? -1 : x > y ? 1 : 0;
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
  const operand = clause.value;
  const values: readonly (string | number | boolean)[] =
    value === undefined
      ? []
      : Array.isArray(value)
        ? (value as readonly string[])
        : [value as string | number | boolean];
  const any = (test: (v: string | number | boolean) => boolean): boolean => values.some(test);
  const bit = (v: string | number | boolean): boolean => {
    const n = typeof v === "number" ? v : Number(v);
    return Number.isInteger(n) && (n & Number(operand)) !== 0;
  };
  switch (clause.operator) {
    case "ISNULL":
      return values.length === 0;
    case "ISNOTNULL":
      return values.length > 0;
    case "EQUAL":
      return any((v) => text(v) === text(operand));
    case "NOTEQUAL":
      return !any((v) => text(v) === text(operand));
    case "LESSTHAN":
      return any((v) => compare(v, operand) < 0);
    case "LESSTHAN_OR_EQUAL":
      return any((v) => compare(v, operand) <= 0);
    case "GREATERTHAN":
      return any((v) => compare(v, operand) > 0);
    case "GREATERTHAN_OR_EQUAL":
      return any((v) => compare(v, operand) >= 0);
    case "STARTSWITH":
      return any((v) => text(v).startsWith(text(operand)));
    case "NOTSTARTSWITH":
      return !any((v) => text(v).startsWith(text(operand)));
    case "ENDSWITH":
      return any((v) => text(v).endsWith(text(operand)));
    case "NOTENDSWITH":
      return !any((v) => text(v).endsWith(text(operand)));
    case "CONTAINS":
      return any((v) => text(v).includes(text(operand)));
    case "NOTCONTAINS":
      return !any((v) => text(v).includes(text(operand)));
    case "ISIN": {
      const list = operandList(operand).map(text);
      return any((v) => list.includes(text(v)));
    }
    case "ISNOTIN": {
      const list = operandList(operand).map(text);
      return !any((v) => list.includes(text(v)));
    }
    case "ISBITSET":
      return any(bit);
    case "ISNOTBITSET":
      return !any(bit);
    case "ISMEMBEROF":
      return memberOf !== undefined && operandList(operand).some((dn) => memberOf(dn));
    case "ISNOTMEMBEROF":
      return memberOf === undefined || !operandList(operand).some((dn) => memberOf(dn));
  }
}

/** True when any clause of the rule tests group membership (its members must be re-scoped when the group changes). @internal */
export function usesMembership(rule: SyncRule): boolean {
  return rule.scope.some((group) =>
    group.some((c) => c.operator === "ISMEMBEROF" || c.operator === "ISNOTMEMBEROF"),
  );
}
