import type { EngineKind } from "../engines/engine.js";
import {
  checkedOptionsObject,
  invalidArgument,
  optionNames,
  SimulationError,
  show,
} from "../scheduler/errors.js";
import { applyOverrides } from "./overrides.js";
import { checkedEngineKinds, ENGINE_KINDS } from "./run-arguments.js";
import type { Scenario, ScenarioInput } from "./schema.js";
import type { ScenarioProblem } from "./schema-problems.js";
import { ScenarioError, validateScenario } from "./validate.js";

/**
 * Sweep plans (design.md "Scale beyond one machine"): one scenario over several seeds and variants, laid
 * out as numbered points so that a sweep can be split into shards (`--shard i/n`) that any batch system
 * runs, and joined again by a merge step.
 *
 * Points are numbered variant by variant, seed by seed: point `v × seeds + s` runs variant `v` with the
 * `s`-th seed. Shard `i` of `n` takes the points whose number leaves remainder `i − 1` when divided by
 * `n` — round robin, so every shard gets about as many runs of each variant.
 */

/**
 * One variant of a swept scenario: `--set`-style assignments applied to the scenario as written (none for
 * the scenario itself).
 *
 * @public
 */
export interface SweepVariant {
  /** The assignments joined (`engines.connect.cycleInterval=60m`), or `"as written"`. */
  readonly name: string;
  /** `path=value` assignments, as {@link applyOverrides} takes them. */
  readonly assignments: readonly string[];
}

/**
 * A shard of a sweep: the `index`-th (from 1) of `count`.
 *
 * @public
 */
export interface SweepShard {
  /** Which shard, from 1 to `count`. */
  readonly index: number;
  /** How many shards the sweep is split into. */
  readonly count: number;
}

/**
 * One run of a sweep: a variant and a seed.
 *
 * @public
 */
export interface SweepPoint {
  /** The point's number in the whole sweep (from 0): `variant × seeds + seed's position`. */
  readonly point: number;
  /** Index of the variant in {@link SweepPlan.variants}. */
  readonly variant: number;
  /** The run's seed. */
  readonly seed: number;
}

/**
 * What a sweep runs.
 *
 * @public
 */
export interface SweepPlanOptions {
  /** The seeds (default: the scenario's own). Whole numbers, each once. */
  readonly seeds?: readonly number[];
  /**
   * The variants, each a list of `path=value` assignments applied to the scenario (default: one variant,
   * the scenario as written). {@link variantGrid} builds them from lists of values.
   */
  readonly variants?: ReadonlyArray<readonly string[]>;
  /** The engines each point runs (default both, in report order). */
  readonly engines?: readonly EngineKind[];
  /** Run only this shard's points (default: every point). */
  readonly shard?: SweepShard;
}

/** The names of {@link SweepPlanOptions}. @internal */
export const SWEEP_PLAN_OPTION_NAMES = optionNames<SweepPlanOptions>()(
  "seeds",
  "variants",
  "engines",
  "shard",
);

/**
 * A sweep laid out: its variants (validated), seeds, engines and points.
 *
 * @public
 */
export interface SweepPlan {
  /** The scenario's name as written. */
  readonly scenario: string;
  /** The seeds, in order. */
  readonly seeds: readonly number[];
  /** The engines each point runs. */
  readonly engines: readonly EngineKind[];
  /** The variants, in order. */
  readonly variants: readonly SweepVariant[];
  /** Every point of the sweep. */
  readonly points: readonly SweepPoint[];
  /** The shard asked for, if any. */
  readonly shard?: SweepShard;
  /** The points this run takes: those of its shard, or all. */
  readonly mine: readonly SweepPoint[];
}

/** A variant's name: its assignments, or "as written". */
function variantName(assignments: readonly string[]): string {
  return assignments.length === 0 ? "as written" : assignments.join(", ");
}

/**
 * Lays a sweep out and validates every variant before anything runs: a variant whose assignments or values
 * are wrong is reported with the problems of every variant.
 *
 * @param input - the scenario as written
 * @param options - seeds, variants, engines, shard
 * @returns the plan, with each variant's scenario as written and validated
 * @throws SimulationError `invalid-argument` naming the option and value (options not an object or naming
 * an option there is not, no seeds, a seed twice, a seed that is not a whole number, a shard outside
 * `1..count`, an unknown engine, an assignment that is not `path=value`)
 * @throws ScenarioError (`invalid-scenario`) listing every variant's problems, each naming its variant
 * @public
 */
export function planSweep(input: ScenarioInput, options: SweepPlanOptions = {}): SweptScenarios {
  checkedOptionsObject(options, SWEEP_PLAN_OPTION_NAMES);
  return layOutSweep(input, options);
}

/** {@link planSweep} once its options object is checked (`runSweep`'s holds more options). @internal */
export function layOutSweep(input: ScenarioInput, options: SweepPlanOptions): SweptScenarios {
  const scenarios: Scenario[] = [];
  const inputs: ScenarioInput[] = [];
  const variants: SweepVariant[] = [];
  const problems: ScenarioProblem[] = [];
  const assignmentLists = checkedVariants(options.variants);
  for (const assignments of assignmentLists) {
    const variant = { name: variantName(assignments), assignments: [...assignments] };
    variants.push(variant);
    // The scenario as written is used as given (it may hold what a copy cannot take; it then runs here).
    const applied = assignments.length === 0 ? input : applyOverrides(input, assignments);
    inputs.push(applied);
    try {
      scenarios.push(validateScenario(applied));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      const where = assignmentLists.length > 1 || assignments.length > 0 ? ` (variant ${variant.name})` : "";
      for (const p of error.problems) problems.push({ path: p.path, message: `${p.message}${where}` });
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  const first = scenarios[0] as Scenario;
  const seeds = checkedSeeds(options.seeds ?? [first.seed]);
  const engines = [...new Set(checkedEngineKinds(options.engines ?? ENGINE_KINDS, "engines"))];
  const shard = options.shard === undefined ? undefined : checkedShard(options.shard);
  const points: SweepPoint[] = variants.flatMap((_, variant) =>
    seeds.map((seed, s) => ({ point: variant * seeds.length + s, variant, seed })),
  );
  const mine = shard ? points.filter((p) => p.point % shard.count === shard.index - 1) : points;
  const scenarioName = typeof input.name === "string" ? input.name : first.name;
  const plan: SweepPlan = {
    scenario: scenarioName,
    seeds,
    engines,
    variants,
    points,
    ...(shard ? { shard } : {}),
    mine,
  };
  return { plan, inputs, scenarios };
}

/**
 * A {@link SweepPlan} with each variant's scenario: as written with its assignments (`inputs`, plain data
 * for a worker thread) and validated (`scenarios`), both in the plan's variant order.
 *
 * @public
 */
export interface SweptScenarios {
  /** The plan. */
  readonly plan: SweepPlan;
  /** Each variant's scenario as written, assignments applied. */
  readonly inputs: readonly ScenarioInput[];
  /** Each variant's scenario, validated. */
  readonly scenarios: readonly Scenario[];
}

/**
 * The variants of a grid: every combination of one value per path, the first path's values varying
 * slowest. `[["engines.connect.cycleInterval", ["30m", "60m"]], ["seed", ["1"]]]` gives two variants.
 * No dimension: one variant, the scenario as written.
 *
 * @param dimensions - per path, its values (text, read as {@link applyOverrides} reads a value)
 * @throws SimulationError `invalid-argument` for dimensions that are not a list of `[path, values]` pairs
 *   (values a list of text), and for a dimension without values
 * @public
 */
export function variantGrid(
  dimensions: ReadonlyArray<readonly [path: string, values: readonly string[]]>,
): string[][] {
  if (!Array.isArray(dimensions)) throw invalidArgument("dimensions", dimensions, "is not a list");
  let grid: string[][] = [[]];
  dimensions.forEach((dimension: unknown, i) => {
    if (
      !Array.isArray(dimension) ||
      typeof dimension[0] !== "string" ||
      !Array.isArray(dimension[1]) ||
      dimension[1].some((value: unknown) => typeof value !== "string")
    )
      throw invalidArgument(
        `dimensions[${i}]`,
        dimension,
        "is not a [path, values] pair (values a list of text)",
      );
    const [path, values] = dimension as [string, string[]];
    if (values.length === 0)
      throw new SimulationError("invalid-argument", `dimensions[${i}]: ${show(path)} has no values`, {
        field: `dimensions[${i}]`,
        value: path,
      });
    grid = grid.flatMap((variant) => values.map((value) => [...variant, `${path}=${value}`]));
  });
  return grid;
}

/** The variants option, checked: lists of strings (default: the scenario as written). */
function checkedVariants(variants: unknown): ReadonlyArray<readonly string[]> {
  if (variants === undefined) return [[]];
  if (!Array.isArray(variants) || variants.length === 0)
    throw invalidArgument("variants", variants, "is not a non-empty list of assignment lists");
  variants.forEach((v, i) => {
    if (!Array.isArray(v) || v.some((a) => typeof a !== "string"))
      throw invalidArgument(`variants[${i}]`, v, "is not a list of path=value assignments");
    // Each point runs with its own seed: a variant's seed would be silently overruled.
    const seed = (v as string[]).find((a) => /^\s*seed\s*=/.test(a));
    if (seed !== undefined)
      throw invalidArgument(
        `variants[${i}]`,
        seed,
        "sets the seed, which the sweep's seeds choose (give them as seeds)",
      );
  });
  return variants as ReadonlyArray<readonly string[]>;
}

/** The seeds option, checked: a non-empty list of distinct whole numbers. */
function checkedSeeds(seeds: unknown): number[] {
  if (!Array.isArray(seeds) || seeds.length === 0)
    throw invalidArgument("seeds", seeds, "is not a non-empty list of seeds");
  const seen = new Set<number>();
  seeds.forEach((seed, i) => {
    if (!Number.isSafeInteger(seed)) throw invalidArgument(`seeds[${i}]`, seed, "is not a whole number");
    if (seen.has(seed as number)) throw invalidArgument(`seeds[${i}]`, seed, "is given twice");
    seen.add(seed as number);
  });
  return [...(seeds as number[])];
}

/** The shard option, checked: whole numbers with 1 ≤ index ≤ count. */
function checkedShard(shard: unknown): SweepShard {
  const s = shard as Partial<SweepShard> | null;
  if (
    typeof s !== "object" ||
    s === null ||
    !Number.isSafeInteger(s.count) ||
    !Number.isSafeInteger(s.index) ||
    (s.count as number) < 1 ||
    (s.index as number) < 1 ||
    (s.index as number) > (s.count as number)
  )
    throw invalidArgument("shard", shard, "is not { index, count } with 1 ≤ index ≤ count");
  return { index: s.index as number, count: s.count as number };
}

/**
 * Reads a list of seeds as the CLI takes it: whole numbers and ranges, comma-separated (`1..10`,
 * `3,7,11`, `1..5,42`).
 *
 * @throws SimulationError `invalid-argument` naming the part that is not a seed or a range (or the
 *   value, when it is not a string)
 * @public
 */
export function parseSeeds(text: string): number[] {
  if (typeof text !== "string")
    throw invalidArgument("seeds", text, "is not a text of seeds (e.g. 1..10 or 1,5,9)");
  const seeds: number[] = [];
  for (const part of text.split(",")) {
    const range = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(part);
    const single = /^\s*(-?\d+)\s*$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from || to - from >= 10_000)
        throw invalidArgument(
          "seeds",
          text,
          `has the range ${show(part.trim())}, not from..to with at most 10,000 seeds`,
        );
      for (let seed = from; seed <= to; seed++) seeds.push(seed);
    } else if (single && Number.isSafeInteger(Number(single[1]))) seeds.push(Number(single[1]));
    else
      throw invalidArgument(
        "seeds",
        text,
        `has ${show(part.trim())}, which is not a seed (a whole number) or a range (1..10)`,
      );
  }
  return seeds;
}

/**
 * Reads a shard as the CLI takes it: `i/n` (`2/4`: the second of four).
 *
 * @throws SimulationError `invalid-argument` when it is not `i/n` with 1 ≤ i ≤ n
 * @public
 */
export function parseShard(text: string): SweepShard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const shard = match ? { index: Number(match[1]), count: Number(match[2]) } : undefined;
  if (!shard || shard.index < 1 || shard.count < 1 || shard.index > shard.count)
    throw invalidArgument("shard", text, "is not i/n with 1 ≤ i ≤ n (e.g. 2/4)");
  return shard;
}

/**
 * Reads a grid dimension as the CLI's `--vary` takes it: `path=value,value,…`. Values are separated by
 * commas outside brackets, braces and quotes, so a JSON list is one value (`features=[],["password-writeback"]`).
 *
 * @throws SimulationError `invalid-argument` when it is not a string, or has no `=` or no value
 * @public
 */
export function parseDimension(text: string): [path: string, values: string[]] {
  if (typeof text !== "string") throw invalidArgument("vary", text, "is not a text path=value,value,…");
  const equals = text.indexOf("=");
  if (equals <= 0) throw invalidArgument("vary", text, "is not path=value,value,…");
  const values: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = equals + 1;
  for (let i = start; i <= text.length; i++) {
    const c = text[i];
    if (i === text.length || (c === "," && depth === 0 && !quoted)) {
      values.push(text.slice(start, i));
      start = i + 1;
    } else if (c === '"' && text[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && (c === "[" || c === "{")) depth++;
    else if (!quoted && (c === "]" || c === "}")) depth--;
  }
  if (values.some((v) => v.length === 0)) throw invalidArgument("vary", text, "has an empty value");
  return [text.slice(0, equals), values];
}
