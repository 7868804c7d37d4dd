/**
 * The values of the generators' options, checked (their names are checked by `checkedOptionsObject`).
 * A generator's arbitraries are built as each case is drawn: a value of the wrong kind would surface later
 * as a fast-check error ("fc.integer maximum value should be an integer"), a TypeError, or — for an unknown
 * kind — a draw of some other kind without a word. Checked at the call, each is an `invalid-argument`
 * naming the option (`changes.maxEvents` when it is nested in `scenarioArbitrary`'s options).
 */
import { parseDuration } from "../scheduler/duration.js";
import { invalidArgument, isRecord, isWholeNumber, show } from "../scheduler/errors.js";
import type { GeneratedDirectory } from "./directory.js";

/** `prefix.field`, or `field` at the top level. @internal */
export function optionField(prefix: string | undefined, field: string): string {
  return prefix === undefined ? field : `${prefix}.${field}`;
}

/** A duration option (`from`, `duration`): absent, or what `parseDuration` reads. @internal */
export function checkDuration(value: unknown, field: string): void {
  if (value !== undefined) parseDuration(value as number | string, field);
}

/** A list of kinds to draw from: absent, or a list of some of `all`. @internal */
export function checkKinds(value: unknown, all: readonly string[], field: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw invalidArgument(field, value, `is not a list of ${showAll(all)}`);
  value.forEach((kind, i) => {
    if (!all.includes(kind)) throw invalidArgument(`${field}[${i}]`, kind, `is not one of ${showAll(all)}`);
  });
}

/** A name (a forest's, a server's): a non-empty string. @internal */
export function checkName(value: unknown, field: string): void {
  if (typeof value !== "string" || value === "") throw invalidArgument(field, value, "is not a name");
}

/** A list of names (`forests`): absent, or a list of non-empty strings. @internal */
export function checkNames(value: unknown, field: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw invalidArgument(field, value, "is not a list of names");
  value.forEach((name, i) => {
    checkName(name, `${field}[${i}]`);
  });
}

/**
 * The directory a change or cloud-write generator draws over: what `directoryArbitrary` makes — every count
 * a whole number ≥ 0, and forests with names and lists of OUs. @internal
 */
export function checkGeneratedDirectory(directory: unknown, field = "directory"): void {
  if (!isRecord(directory))
    throw invalidArgument(field, directory, "is not a generated directory (from directoryArbitrary)");
  const d = directory as Partial<Record<keyof GeneratedDirectory, unknown>>;
  for (const count of ["users", "groups", "membersPerGroup", "contacts", "devices"] as const) {
    if (!isWholeNumber(d[count]))
      throw invalidArgument(`${field}.${count}`, d[count], "is not a whole number ≥ 0");
  }
  if (!Array.isArray(d.forests) || d.forests.length === 0)
    throw invalidArgument(`${field}.forests`, d.forests, "is not a non-empty list of forests");
  d.forests.forEach((forest: unknown, i) => {
    const at = `${field}.forests[${i}]`;
    if (!isRecord(forest)) throw invalidArgument(at, forest, "is not a forest { name, ous }");
    const f = forest as { name?: unknown; ous?: unknown };
    checkName(f.name, `${at}.name`);
    checkNames(f.ous, `${at}.ous`);
    if (f.ous === undefined) throw invalidArgument(`${at}.ous`, f.ous, "is not a list of OUs");
  });
}

function showAll(all: readonly string[]): string {
  return all.map((kind) => show(kind)).join(", ");
}
