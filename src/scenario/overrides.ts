import { invalidArgument, isRecord, SimulationError, show } from "../scheduler/errors.js";
import type { ScenarioInput } from "./schema.js";
import { formatPath } from "./schema-problems.js";
import { ScenarioError } from "./validate.js";

/**
 * Scenario overrides: `path=value` assignments applied to a scenario before it is validated, so that a
 * variant (a 60-minute Connect cycle, a 15-minute site link, two agents) can be run from the command line
 * (`run office-day --set engines.connect.cycleInterval=60m`) without a copy of the file. The value is read
 * as JSON when it is JSON (`2`, `true`, `["OU=IT"]`, `{"ous":["OU=IT"]}`, `"42"`), else as the string
 * itself (`60m`). The result is validated as any scenario is: a wrong value is reported at its path.
 */

/** Keys that would reach an object's prototype: never a scenario field. */
const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

/**
 * A copy of `input` with each assignment applied, in order. Objects on the path that do not exist are
 * made; the input is not changed.
 *
 * @param input - a scenario as written (not yet validated)
 * @param assignments - `path=value`, the path in dots and indexes (`events[2].at`, `directory.users`)
 * @throws SimulationError `invalid-argument` when `assignments` is not a list of strings, or naming the
 * assignment when it has no `=`, its path is not one, or it goes through a value that is not an object or a
 * list (`seed.x`), or past a list's end; ScenarioError (`invalid-scenario`) when the input is not an object,
 * or naming the place when it holds something that is not data (a function, a symbol) and so cannot be copied
 * @public
 */
export function applyOverrides(input: ScenarioInput, assignments: readonly string[]): ScenarioInput {
  // As validation words it: overrides come before validation (the CLI's --set, a sweep's variants).
  if (!isRecord(input)) throw new ScenarioError([{ path: "", message: `${show(input)} is not an object` }]);
  if (!Array.isArray(assignments))
    throw invalidArgument("assignments", assignments, "is not a list of path=value texts");
  assignments.forEach((assignment, i) => {
    if (typeof assignment !== "string")
      throw invalidArgument(`assignments[${i}]`, assignment, "is not a path=value text");
  });
  const copy = copied(input) as unknown as Record<string, unknown>;
  for (const assignment of assignments) {
    const equals = assignment.indexOf("=");
    if (equals <= 0) throw invalid(assignment, "is not path=value");
    const path = parsePath(assignment.slice(0, equals), assignment);
    setAt(copy, path, assignedValue(assignment.slice(equals + 1)), assignment);
  }
  return copy as unknown as ScenarioInput;
}

/** A deep copy of the scenario as written; what cannot be copied is reported where it is. */
function copied(input: ScenarioInput): ScenarioInput {
  try {
    return structuredClone(input);
  } catch (error) {
    const found = notData(input, [], new Set());
    throw new ScenarioError([
      found
        ? { path: formatPath(found.path), message: `${found.kind} is not scenario data` }
        : { path: "", message: `the scenario cannot be copied: ${String((error as Error).message)}` },
    ]);
  }
}

/** The first function or symbol in `value` (what `structuredClone` refuses in plain data), if any. */
function notData(
  value: unknown,
  path: (string | number)[],
  seen: Set<object>,
): { path: (string | number)[]; kind: string } | undefined {
  if (typeof value === "function") return { path, kind: "a function" };
  if (typeof value === "symbol") return { path, kind: "a symbol" };
  if (value === null || typeof value !== "object" || seen.has(value)) return undefined;
  seen.add(value);
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const found = notData(item, [...path, key], seen);
    if (found) return found;
  }
  return undefined;
}

/** The value of an assignment: JSON when it parses as JSON, else the text itself. */
function assignedValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `events[2].at` → `["events", 2, "at"]`. */
function parsePath(text: string, assignment: string): (string | number)[] {
  const out: (string | number)[] = [];
  const part = /([^.[\]]+)|\[(\d+)\]/y;
  let at = 0;
  while (at < text.length) {
    if (out.length > 0 && text[at] === ".") at++;
    part.lastIndex = at;
    const match = part.exec(text);
    if (!match) throw invalid(assignment, `has no field name at position ${at} of its path`);
    if (match[2] !== undefined) out.push(Number(match[2]));
    else {
      const key = match[1] as string;
      if (FORBIDDEN_KEYS.has(key))
        throw invalid(assignment, `names ${show(key)}, which is not a scenario field`);
      out.push(key);
    }
    at = part.lastIndex;
  }
  if (out.length === 0 || typeof out[0] === "number")
    throw invalid(assignment, "does not start with a field");
  return out;
}

/** Sets `value` at `path` in `root`, making the objects the path goes through when absent. */
function setAt(
  root: Record<string, unknown>,
  path: (string | number)[],
  value: unknown,
  assignment: string,
): void {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string | number;
    const where = formatPath(path.slice(0, i));
    if (typeof key === "number") {
      if (!Array.isArray(node)) throw invalid(assignment, `indexes ${where}, which is not a list`);
      if (key > node.length)
        throw invalid(assignment, `indexes ${where} past its end (${node.length} items)`);
    } else if (node === null || typeof node !== "object" || Array.isArray(node)) {
      throw invalid(assignment, `goes through ${where}, which is not an object`);
    }
    const container = node as Record<string | number, unknown>;
    if (i === path.length - 1) {
      container[key] = value;
      return;
    }
    if (container[key] === undefined) container[key] = typeof path[i + 1] === "number" ? [] : {};
    node = container[key];
  }
}

function invalid(assignment: string, problem: string): SimulationError {
  return new SimulationError("invalid-argument", `--set ${show(assignment)}: ${problem}`, {
    field: "--set",
    value: assignment,
  });
}
