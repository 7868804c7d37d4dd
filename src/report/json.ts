/**
 * The JSON writer behind `--json` and `renderJson`: 2-space indentation and a trailing newline, so the
 * same result gives the same bytes on every machine (the public contract of issue 5 promises byte-identical
 * JSON for the same scenario and seed).
 */
import { checkedOptionsObject, checkFlag, optionNames } from "../scheduler/errors.js";

/**
 * Options of {@link renderJson}.
 *
 * @public
 */
export interface JsonOptions {
  /**
   * Sort object keys (recursively) instead of keeping their insertion order. Results are built in a fixed
   * order, so the default output is already stable; sorted keys make a canonical form for diffing results
   * produced by different tools. Default false.
   */
  readonly sortKeys?: boolean;
}

const JSON_OPTIONS = optionNames<JsonOptions>()("sortKeys");

/**
 * Writes a result (or any JSON value) as stable, pretty JSON: 2-space indentation, a trailing newline,
 * object keys in insertion order (or sorted, see {@link JsonOptions}), properties whose value is
 * `undefined` left out, `-0` written as `0`, and non-finite numbers written as `null` as `JSON.stringify`
 * does.
 *
 * @param result - typically a `ComparisonResult`
 * @param options - see {@link JsonOptions}
 * @returns the JSON text ending with `\n`
 * @throws SimulationError `invalid-argument` for an option it does not take, or a `sortKeys` that is not a
 *   boolean
 * @public
 */
export function renderJson(result: unknown, options: JsonOptions = {}): string {
  checkedOptionsObject(options, JSON_OPTIONS);
  checkFlag(options.sortKeys, "sortKeys");
  const sortKeys = options.sortKeys ?? false;
  const text = JSON.stringify(
    result,
    (_key, value: unknown) => {
      if (typeof value === "number" && Object.is(value, -0)) return 0;
      if (sortKeys && value !== null && typeof value === "object" && !Array.isArray(value)) {
        // A null prototype, so a key named "__proto__" stays a plain property.
        const sorted: Record<string, unknown> = Object.create(null);
        for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
        return sorted;
      }
      return value;
    },
    2,
  );
  // A top-level undefined (or function) has no JSON form; write `null` rather than the text "undefined".
  return `${text ?? "null"}\n`;
}
