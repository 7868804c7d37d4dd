/**
 * The merge step of a sharded sweep (design.md "Scale beyond one machine"): the shards' JSON, each run
 * wherever a batch system put it, joined into the sweep's result — byte-identical to the sweep run whole.
 * Parts are read as untrusted JSON: each is checked against the shape of a {@link SweepResult}, then
 * against the others (the same sweep, every point exactly once).
 */
import { invalidArgument, SimulationError, show } from "../scheduler/errors.js";
import { checkedAgainst } from "./result-schema.js";
import { type SweepHeader, type SweepResult, type SweepRun, sweepResult } from "./sweep.js";
import { sweepResultSchema } from "./sweep-schema.js";

/** The fields every part of one sweep has alike. */
const IDENTITY = ["sweep", "version", "engines", "seeds", "variants", "points"] as const;

/**
 * Joins the results of a sweep's shards (or any parts of it that, together, hold each point once) into
 * the sweep's result, with its summary: the same JSON as the sweep run whole.
 *
 * @param parts - the parts, e.g. each shard's `sweep --json` output parsed
 * @param options - `names`: what messages call the parts (e.g. their files; default `parts[i]`)
 * @throws SimulationError `invalid-argument` naming the part and field: a part that is not a sweep result,
 * parts of different sweeps (scenario, version, engines, seeds, variants), a run that does not belong to
 * its point, a point twice, or points missing (listed)
 * @public
 */
export function mergeSweeps(parts: readonly unknown[], options: MergeOptions = {}): SweepResult {
  const name = (i: number): string => options.names?.[i] ?? `parts[${i}]`;
  if (!Array.isArray(parts) || parts.length === 0)
    throw invalidArgument("parts", parts, "is not a non-empty list of sweep results");
  // Each part is checked whole (the message names its first problem, `(and n more)`), as given: its
  // fields keep their order, so the merge writes the JSON the sweep run whole writes.
  const checked = parts.map((part, i) =>
    checkedAgainst(sweepResultSchema, part, name(i), "part of a sweep result", {
      separator: ": ",
      sayWhat: true,
    }),
  );
  const first = checked[0] as SweepResult;
  checked.forEach((part, i) => {
    for (const field of IDENTITY) {
      if (JSON.stringify(part[field]) !== JSON.stringify(first[field]))
        throw invalidArgument(
          `${name(i)}: ${field}`,
          part[field],
          `differs from ${name(0)}'s ${show(first[field])}: not the same sweep`,
        );
    }
  });

  const byPoint = new Map<number, { run: SweepRun; part: number }>();
  checked.forEach((part, i) => {
    part.runs.forEach((run, r) => {
      const field = `${name(i)}: runs[${r}]`;
      const seeds = first.seeds.length;
      const expected = { variant: Math.floor(run.point / seeds), seed: first.seeds[run.point % seeds] };
      if (run.point >= first.points || run.variant !== expected.variant || run.seed !== expected.seed)
        throw invalidArgument(
          field,
          { point: run.point, variant: run.variant, seed: run.seed },
          `is not point ${run.point} of this sweep (variant ${expected.variant}, seed ${expected.seed ?? "none"})`,
        );
      const engines = Object.keys(run.engines);
      if (engines.length !== first.engines.length || first.engines.some((kind) => !engines.includes(kind)))
        throw invalidArgument(
          `${field}.engines`,
          engines,
          `are not the sweep's engines ${show(first.engines)}`,
        );
      const earlier = byPoint.get(run.point);
      if (earlier) throw invalidArgument(field, run.point, `is a point ${name(earlier.part)} holds already`);
      byPoint.set(run.point, { run, part: i });
    });
  });
  const missing: number[] = [];
  for (let point = 0; point < first.points && missing.length < 20; point++)
    if (!byPoint.has(point)) missing.push(point);
  if (missing.length > 0) {
    const listed = `${missing.join(", ")}${missing.length === 20 ? " …" : ""}`;
    throw new SimulationError(
      "invalid-argument",
      `parts: point${missing.length === 1 ? "" : "s"} ${listed} of ${first.points} ${missing.length === 1 ? "is" : "are"} in none of the parts: a shard is missing`,
      { field: "parts", value: missing },
    );
  }

  const header: SweepHeader = {
    sweep: first.sweep,
    version: first.version,
    engines: first.engines,
    seeds: first.seeds,
    variants: first.variants,
    points: first.points,
  };
  return sweepResult(
    header,
    [...byPoint.values()].map(({ run }) => run),
  );
}

/**
 * Options of {@link mergeSweeps}.
 *
 * @public
 */
export interface MergeOptions {
  /** What messages call each part, in order (e.g. its file); default `parts[i]`. */
  readonly names?: readonly string[];
}
