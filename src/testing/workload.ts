import fc from "fast-check";
import { type ScenarioInput, WORKLOAD_CATEGORIES } from "../scenario/schema.js";
import { checkedOptionsObject, checkWholeNumber, optionNames } from "../scheduler/errors.js";

/**
 * Arbitraries for the `workload` block of a scenario: Poisson arrival rates per category, per hour.
 */

/**
 * The `workload` block as the arbitraries produce it: every rate present, per hour.
 *
 * @public
 */
export type GeneratedWorkload = Required<NonNullable<ScenarioInput["workload"]>>;

export { WORKLOAD_CATEGORIES };

/**
 * Options of {@link workloadArbitrary}.
 *
 * @public
 */
export interface WorkloadArbitraryOptions {
  /** Highest rate per category, per hour (default 12). */
  readonly maxPerHour?: number;
  /** Categories that may be non-zero (default all); the others are 0. */
  readonly categories?: ReadonlyArray<keyof GeneratedWorkload>;
}

const WORKLOAD_ARBITRARY_OPTION_NAMES = optionNames<WorkloadArbitraryOptions>()("maxPerHour", "categories");

/**
 * Workload rates, each an integer from 0 to `maxPerHour`. Shrinks towards no workload.
 *
 * @public
 */
export function workloadArbitrary(options: WorkloadArbitraryOptions = {}): fc.Arbitrary<GeneratedWorkload> {
  checkedOptionsObject(options, WORKLOAD_ARBITRARY_OPTION_NAMES);
  checkWholeNumber(options.maxPerHour, "maxPerHour");
  const max = options.maxPerHour ?? 12;
  const allowed = new Set(options.categories ?? WORKLOAD_CATEGORIES);
  const rate = (category: keyof GeneratedWorkload): fc.Arbitrary<number> =>
    allowed.has(category) ? fc.integer({ min: 0, max }) : fc.constant(0);
  return fc.record({
    attributeChangesPerHour: rate("attributeChangesPerHour"),
    passwordChangesPerHour: rate("passwordChangesPerHour"),
    createsPerHour: rate("createsPerHour"),
    deletesPerHour: rate("deletesPerHour"),
    movesPerHour: rate("movesPerHour"),
    membershipChangesPerHour: rate("membershipChangesPerHour"),
  });
}

/** A workload with every rate 0. @public */
export const NO_WORKLOAD: GeneratedWorkload = Object.freeze(
  Object.fromEntries(WORKLOAD_CATEGORIES.map((category) => [category, 0])) as GeneratedWorkload,
);
