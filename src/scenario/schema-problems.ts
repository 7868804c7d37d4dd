import type { z } from "zod";
import { show } from "../scheduler/errors.js";
import { EVENT_TYPES } from "./schema.js";

/**
 * A scenario's schema problems in a reader's terms: zod's issues turned into {@link ScenarioProblem}s that
 * name the path (`events[3].at`) and the value found, as the CLI and `ScenarioError` print them.
 */

/**
 * One problem found in a scenario: where (`events[3].at`) and what.
 *
 * @public
 */
export interface ScenarioProblem {
  /** Path in the scenario, e.g. `events[3].at` (empty for the root). */
  readonly path: string;
  /** What is wrong, naming the value. */
  readonly message: string;
}

/** Renders a zod path as `events[3].at`. @internal */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part as string];
  }
  return value;
}

/**
 * What a bound asks, in words: `must be at most 2000000`, `must be above 0`, `must have at least 1
 * character` (zod's own text, "Too big: expected number to be <=2000000", names neither the value nor the
 * field in a reader's terms).
 */
function boundMessage(upper: boolean, origin: string, bound: number, inclusive: boolean): string {
  if (origin === "string" || origin === "array") {
    const unit = origin === "string" ? "character" : "item";
    const count = inclusive ? bound : upper ? bound - 1 : bound + 1;
    return `must have ${upper ? "at most" : "at least"} ${count} ${unit}${count === 1 ? "" : "s"}`;
  }
  if (inclusive) return `must be ${upper ? "at most" : "at least"} ${bound}`;
  return `must be ${upper ? "below" : "above"} ${bound}`;
}

/** Whether a union issue at `path` is the event-type union's: `events[i]`, or its `type`. */
function isEventTypeIssue(path: readonly PropertyKey[]): boolean {
  return path[0] === "events" && (path.length === 2 || (path.length === 3 && path[2] === "type"));
}

/** Turns zod issues into {@link ScenarioProblem}s whose messages name the value found. @internal */
export function problemsOf(error: z.ZodError, input: unknown): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  // zod runs a string's length check on a value that is not a string too ("[] must have at least 1
  // item" after "[] is not a string"): a value of the wrong type gets that one problem only.
  const wrongType = new Set<string>();
  for (const issue of error.issues) {
    if (issue.code === "invalid_type") wrongType.add(formatPath(issue.path));
    else if (wrongType.has(formatPath(issue.path))) continue;
    const value = valueAt(input, issue.path);
    let message: string;
    switch (issue.code) {
      case "invalid_type": {
        // zod names a whole number "int".
        const expected = issue.expected === "int" ? "integer" : issue.expected;
        message =
          value === undefined
            ? `is required (${expected})`
            : `${show(value)} is not ${/^[aeiou]/.test(expected) ? "an" : "a"} ${expected}`;
        break;
      }
      case "unrecognized_keys":
        for (const key of issue.keys) {
          problems.push({ path: formatPath([...issue.path, key]), message: "is not a known field" });
        }
        continue;
      case "invalid_value":
        message = `${show(value)} is not one of ${issue.values.map((v) => show(v)).join(", ")}`;
        break;
      case "invalid_union":
        // The union of event types is at `events[i]` (its discriminator at `events[i].type`); any other
        // union (a duration, an event's value) says its own kinds.
        if (!isEventTypeIssue(issue.path)) message = `${show(value)} ${issue.message}`;
        else if (value === undefined) message = `is required (one of ${EVENT_TYPES.join(", ")})`;
        else message = `${show(value)} is not an event type (expected one of ${EVENT_TYPES.join(", ")})`;
        break;
      case "too_small":
      case "too_big":
        message = `${show(value)} ${boundMessage(issue.code === "too_big", issue.origin, Number(issue.code === "too_big" ? issue.maximum : issue.minimum), issue.inclusive !== false)}`;
        break;
      case "custom":
        message = issue.message;
        break;
      default:
        message = `${show(value)}: ${issue.message}`;
    }
    problems.push({ path: formatPath(issue.path), message });
  }
  return problems;
}
