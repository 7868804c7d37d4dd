import fc from "fast-check";
import { invalidArgument } from "../scheduler/errors.js";

/**
 * An inclusive integer range an arbitrary draws from. Either bound may be left out; the arbitrary's own
 * default fills it. A plain number means exactly that many.
 *
 * @public
 */
export type IntRange =
  | number
  | {
      /** Smallest value (default: the arbitrary's own). */
      readonly min?: number;
      /** Largest value (default: the arbitrary's own). */
      readonly max?: number;
    };

/** Resolves an {@link IntRange} over defaults. @internal */
export function resolveRange(
  range: IntRange | undefined,
  min: number,
  max: number,
  field: string,
): { min: number; max: number } {
  if (range === undefined) return { min, max };
  const bad = () =>
    invalidArgument(field, range, "is not a whole number ≥ 0 or a range { min, max } with 0 ≤ min ≤ max");
  if (typeof range === "number") {
    if (!Number.isInteger(range) || range < 0) throw bad();
    return { min: range, max: range };
  }
  if (typeof range !== "object" || range === null) throw bad();
  const lo = range.min ?? Math.min(min, range.max ?? min);
  const hi = range.max ?? Math.max(max, lo);
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) throw bad();
  return { min: lo, max: hi };
}

/** An integer arbitrary over an {@link IntRange}. @internal */
export function intIn(
  range: IntRange | undefined,
  min: number,
  max: number,
  field: string,
): fc.Arbitrary<number> {
  const r = resolveRange(range, min, max, field);
  return fc.integer({ min: r.min, max: r.max });
}
