import fc from "fast-check";
import { checkedOptionsObject, invalidArgument, isRecord, optionNames } from "../scheduler/errors.js";

/**
 * Running properties the same way everywhere: how many cases (fast by default, many more with `DEEP=1` or
 * `FC_NUM_RUNS`), replaying one failure (`FC_SEED` + `FC_PATH`), and a failure message that carries
 * fast-check's seed and path, the scenario's seed and JSON, and one-liners to replay both.
 */

/**
 * Settings read from the environment.
 *
 * @public
 */
export interface PropertyEnvironment {
  /** `DEEP=1`: many more cases and larger worlds (`npm run test:deep`). */
  readonly deep: boolean;
  /** `FC_NUM_RUNS`: overrides every property's case count. */
  readonly numRuns: number | undefined;
  /** `FC_SEED`: fast-check seed to replay. */
  readonly seed: number | undefined;
  /** `FC_PATH`: fast-check path to replay (with `FC_SEED`). */
  readonly path: string | undefined;
  /** `FC_RANDOM=1`: a fresh random seed per run even outside deep runs (default: a fixed seed, so CI is stable). */
  readonly random: boolean;
}

/** Reads {@link PropertyEnvironment} from `process.env`. @public */
export function propertyEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): PropertyEnvironment {
  if (!isRecord(env))
    throw invalidArgument("env", env, "is not an environment (an object such as process.env)");
  const int = (value: string | undefined): number | undefined => {
    if (value === undefined || value.trim() === "") return undefined;
    const n = Number(value);
    return Number.isInteger(n) ? n : undefined;
  };
  return {
    deep: env.DEEP === "1" || env.DEEP === "true",
    numRuns: int(env.FC_NUM_RUNS),
    seed: int(env.FC_SEED),
    path: env.FC_PATH && env.FC_PATH.length > 0 ? env.FC_PATH : undefined,
    random: env.FC_RANDOM === "1" || env.FC_RANDOM === "true",
  };
}

/**
 * Options of {@link checkProperty}.
 *
 * @public
 */
export interface CheckOptions {
  /** Cases in a normal run (default 20). */
  readonly numRuns?: number;
  /** Cases in a deep run (default 10× `numRuns`). */
  readonly deepRuns?: number;
  /** Test file to name in the replay one-liner (e.g. `tests/properties/convergence.test.ts`). */
  readonly file?: string;
  /** Test name to name in the replay one-liner (vitest `-t`). */
  readonly testName?: string;
  /** Environment (default {@link propertyEnvironment}()). */
  readonly env?: PropertyEnvironment;
  /** Seed of normal runs (default 42); deep runs and `FC_RANDOM=1` draw a fresh one, `FC_SEED` replays. */
  readonly seed?: number;
  /** Extra fast-check parameters. */
  readonly parameters?: fc.Parameters<unknown>;
}

const CHECK_OPTION_NAMES = optionNames<CheckOptions>()(
  "numRuns",
  "deepRuns",
  "file",
  "testName",
  "env",
  "seed",
  "parameters",
);

/** The fast-check parameters a check uses, from options and environment. @public */
export function propertyParameters(options: CheckOptions = {}): fc.Parameters<unknown> {
  checkedOptionsObject(options, CHECK_OPTION_NAMES);
  const env = options.env ?? propertyEnvironment();
  const base = options.numRuns ?? 20;
  const numRuns = env.numRuns ?? (env.deep ? (options.deepRuns ?? base * 10) : base);
  return {
    numRuns,
    ...options.parameters,
    ...(env.seed !== undefined
      ? { seed: env.seed }
      : env.deep || env.random
        ? {}
        : { seed: options.seed ?? 42 }),
    ...(env.seed !== undefined && env.path !== undefined ? { path: env.path, endOnFailure: true } : {}),
  };
}

/** Finds a scenario (an object with `name`, `seed`, `directory`) inside a counterexample. @internal */
function scenarioIn(value: unknown, depth = 0): { name: string; seed: number } | undefined {
  if (value === null || typeof value !== "object" || depth > 3) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.name === "string" && typeof record.seed === "number" && "directory" in record)
    return record as { name: string; seed: number };
  for (const item of Array.isArray(value) ? value : Object.values(record)) {
    const found = scenarioIn(item, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * A readable failure report: the error, fast-check's seed and path, the shrunk counterexample, the scenario
 * seed and JSON when the counterexample holds a scenario, and one-liners to replay the property and the
 * scenario.
 *
 * @public
 */
export function describeFailure(
  details: fc.RunDetails<unknown>,
  options: Pick<CheckOptions, "file" | "testName"> = {},
): string {
  if (!isRecord(details))
    throw invalidArgument("details", details, "is not fast-check's run details (fc.check)");
  const lines: string[] = [];
  const error =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : String(details.errorInstance ?? "property returned false");
  lines.push(`Property failed after ${details.numRuns} case(s), ${details.numShrinks} shrink(s): ${error}`);
  lines.push(`fast-check seed: ${details.seed}  path: "${details.counterexamplePath ?? ""}"`);
  const scenario = scenarioIn(details.counterexample);
  if (scenario) {
    lines.push(`scenario seed: ${scenario.seed}  (name ${scenario.name})`);
    lines.push(`scenario JSON: ${JSON.stringify(scenario)}`);
  } else {
    lines.push(`counterexample: ${fc.stringify(details.counterexample)}`);
  }
  const target = `${options.file ?? "tests/properties"}${options.testName ? ` -t ${JSON.stringify(options.testName)}` : ""}`;
  const runner =
    options.file !== undefined && !/\.test\.[cm]?[jt]s$/.test(options.file) ? "npx tsx" : "npx vitest run";
  lines.push(
    `replay the property: FC_SEED=${details.seed} FC_PATH="${details.counterexamplePath ?? ""}" ${runner} ${target}`,
  );
  if (scenario)
    lines.push(
      "replay the scenario: save the JSON above as failing.json, then: npx entra-sync-sim run failing.json --engine both",
    );
  return lines.join("\n");
}

/**
 * Runs a property with {@link propertyParameters} and throws an Error carrying {@link describeFailure}'s
 * report when it fails (use it in place of `fc.assert`).
 *
 * @throws SimulationError `invalid-argument` when `property` is not a fast-check property, or is an async
 *   one (whose failures a synchronous check would not see: use {@link checkAsyncProperty})
 * @public
 */
export function checkProperty<Ts>(property: fc.IProperty<Ts>, options: CheckOptions = {}): void {
  const parameters = propertyParameters(options) as fc.Parameters<Ts>;
  // An async property would give a promise here, and its failures would pass unseen.
  if (checkedProperty(property).isAsync())
    throw invalidArgument("property", property, "is an async property: run it with checkAsyncProperty");
  const details = fc.check(property, parameters);
  if (details.failed) throw new Error(describeFailure(details as fc.RunDetails<unknown>, options));
}

/**
 * {@link checkProperty} for an async property (`fc.asyncProperty`): runs it with the suite's parameters
 * and, when it fails, rejects with the same replay instructions.
 *
 * @param property - the async property
 * @param options - runs, deep runs, test file and name for the replay line
 * @throws SimulationError `invalid-argument` (the promise rejects) when `property` is not a fast-check
 *   property or an option is not one it takes
 * @public
 */
export async function checkAsyncProperty<Ts>(
  property: fc.IAsyncProperty<Ts>,
  options: CheckOptions = {},
): Promise<void> {
  const parameters = propertyParameters(options) as fc.Parameters<Ts>;
  checkedProperty(property);
  const details = await fc.check(property, parameters);
  if (details.failed) throw new Error(describeFailure(details as fc.RunDetails<unknown>, options));
}

/** A property a caller passed, checked: what `fc.property` / `fc.asyncProperty` make. */
function checkedProperty<P>(property: P): P & { isAsync(): boolean } {
  const p = property as { generate?: unknown; run?: unknown; isAsync?: unknown } | null;
  if (
    !isRecord(p) ||
    typeof p.generate !== "function" ||
    typeof p.run !== "function" ||
    typeof p.isAsync !== "function"
  )
    throw invalidArgument(
      "property",
      property,
      "is not a fast-check property (fc.property, fc.asyncProperty)",
    );
  return property as P & { isAsync(): boolean };
}
