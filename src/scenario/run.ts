import type { EngineKind, SyncEngine } from "../engines/engine.js";
import { checkedOptionsObject, optionNames } from "../scheduler/errors.js";
import { checkedSeed } from "../scheduler/random.js";
import { createEngine, type EngineFactory } from "./engines.js";
import type { ComparisonResult, EngineResult, ScenarioSummary } from "./result.js";
import { checkedCallbacks, checkedEngineKind, checkedEngineKinds, ENGINE_KINDS } from "./run-arguments.js";
import type { TenantSettings } from "./scenario-types.js";
import type { Scenario, ScenarioInput } from "./schema.js";
import { faultEngine } from "./script.js";
import { featuresOf, type ProgressListener, simulateOn } from "./simulate.js";
import { validateScenario } from "./validate.js";
import { VERSION } from "./version.js";
import { buildWorld, forkWorld } from "./world-builder.js";

/**
 * The harness's public entry points: {@link runScenario} (one engine) and {@link compareEngines} (both,
 * each in its own fresh world from the same seed). Both validate the scenario first and return plain JSON
 * (the result format of `result.ts`); the same scenario and seed give byte-identical JSON.
 */

/**
 * Options of {@link runScenario} and {@link compareEngines}.
 *
 * @public
 */
export interface RunOptions {
  /** Seed (default: the scenario's). */
  readonly seed?: number;
  /** Follows virtual time per engine (the CLI's progress bar). */
  readonly onProgress?: ProgressListener;
  /** Makes the engines (default {@link createEngine}); for instrumented or custom engines. */
  readonly engineFactory?: EngineFactory;
}

/** The names of {@link RunOptions}: what `compareEngines` and `runEngines` take. @internal */
export const RUN_OPTION_NAMES = optionNames<RunOptions>()("seed", "onProgress", "engineFactory");
const SCENARIO_RUN_OPTION_NAMES = optionNames<RunOptions & { readonly engine: EngineKind }>()(
  ...RUN_OPTION_NAMES,
  "engine",
);

/**
 * Runs a scenario on one engine.
 *
 * @param input - a scenario (validated here; throws `invalid-scenario` listing every problem)
 * @param options - `engine` (`connect` or `cloudSync`), optional seed
 * @throws SimulationError `invalid-argument` when an option is not what it says (an unknown `engine`, a
 *   seed that is not an integer) or is not one of these, before anything runs
 * @public
 */
export function runScenario(
  input: ScenarioInput | Scenario,
  options: RunOptions & { readonly engine: EngineKind },
): ComparisonResult {
  const checked = checkedRunOptions(options, SCENARIO_RUN_OPTION_NAMES);
  const kind = checkedEngineKind(checked.engine, "engine");
  return runCheckedEngines(validateScenario(input), [kind], checked);
}

/**
 * Runs a scenario on both engines with the same seed and returns both results side by side.
 *
 * @throws SimulationError `invalid-argument` when an option is not what it says, before anything runs
 * @public
 */
export function compareEngines(input: ScenarioInput | Scenario, options: RunOptions = {}): ComparisonResult {
  return runEngines(input, ENGINE_KINDS, options);
}

/**
 * Runs a scenario on the listed engines.
 *
 * @throws SimulationError `invalid-argument` when `kinds` is not a list of known engines or an option is
 *   not what it says, before anything runs
 * @public
 */
export function runEngines(
  input: ScenarioInput | Scenario,
  kinds: readonly EngineKind[],
  options: RunOptions = {},
): ComparisonResult {
  checkedEngineKinds(kinds);
  checkedRunOptions(options, RUN_OPTION_NAMES);
  return runCheckedEngines(validateScenario(input), kinds, options);
}

/**
 * {@link runEngines} once its arguments are checked and the scenario validated: what the entry points that
 * checked them already run (the parallel comparison when it stays on the calling thread), without checking
 * and validating again. @internal
 */
export function runCheckedEngines(
  scenario: Scenario,
  kinds: readonly EngineKind[],
  options: RunOptions,
): ComparisonResult {
  const seed = options.seed ?? scenario.seed;
  const factory = options.engineFactory ?? createEngine;
  // The directory is built once: every engine but the last runs on a fork of the build, the last on the
  // build itself (a fork is the same world a build of its own would be, at a fraction of the cost). The
  // build is held until the last run starts, so the engine with the larger state (Connect's staging
  // database) runs last, when nothing else is held; results are reported in the order asked for.
  const order = [...kinds].sort((a, b) => Number(a === "connect") - Number(b === "connect"));
  const built = order.length > 1 ? buildWorld(scenario, seed) : undefined;
  const runs = new Map<EngineKind, EngineRun>();
  order.forEach((kind, i) => {
    const engine: SyncEngine = factory(kind, scenario.engines[kind]);
    const world = built ? (i < order.length - 1 ? forkWorld(built) : built) : buildWorld(scenario, seed);
    const result = simulateOn(world, scenario, {
      kind,
      engine,
      seed,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const capabilities = engine.capabilities.map((c) => ({
      feature: c.feature,
      supported: c.supported,
      reason: c.reason,
    }));
    runs.set(kind, { result, capabilities });
  });
  return comparisonOf(scenario, seed, kinds, runs);
}

/**
 * The options object of a run, checked before anything runs: an object (or nothing) naming only the
 * entry point's options (`names`), an integer seed, a function for each callback. Checked here rather than
 * where each is first used, so that a mistyped option fails at once with its name, not halfway through a
 * run, as a TypeError, or not at all. @internal
 */
export function checkedRunOptions<T extends RunOptions>(options: T | undefined, names: readonly string[]): T {
  if (options === undefined) return {} as T;
  checkedOptionsObject(options, names);
  if (options.seed !== undefined) checkedSeed(options.seed);
  checkedCallbacks(options, ["onProgress", "engineFactory"]);
  return options;
}

/** One engine's share of a comparison: its result and its capability table as reported. @internal */
export interface EngineRun {
  readonly result: EngineResult | undefined;
  readonly capabilities: unknown;
}

/**
 * A comparison's JSON from its engines' runs, in the order asked for (however they ran: one after the
 * other here, or on threads in `parallel.ts`).
 *
 * @internal
 */
export function comparisonOf(
  scenario: Scenario,
  seed: number,
  kinds: readonly EngineKind[],
  runs: ReadonlyMap<EngineKind, EngineRun>,
): ComparisonResult {
  const engines: Partial<Record<EngineKind, EngineResult>> = {};
  const capabilities: NonNullable<ScenarioSummary["capabilities"]> = {};
  for (const kind of kinds) {
    engines[kind] = runs.get(kind)?.result;
    (capabilities as Record<string, unknown>)[kind] = runs.get(kind)?.capabilities;
  }
  return {
    scenario: scenario.name,
    seed,
    version: VERSION,
    engines,
    summary: summaryOf(scenario, capabilities),
  };
}

/**
 * The scenario summary reports show.
 *
 * @param input - a scenario (validated here; throws `invalid-scenario` listing every problem)
 * @param capabilities - the engines' capability tables, when the summary should carry them
 * @public
 */
export function summarise(
  input: ScenarioInput | Scenario,
  capabilities?: ScenarioSummary["capabilities"],
): ScenarioSummary {
  return summaryOf(validateScenario(input), capabilities);
}

/** {@link summarise} of a validated scenario. */
function summaryOf(scenario: Scenario, capabilities?: ScenarioSummary["capabilities"]): ScenarioSummary {
  const markers: Array<{ at: number; label: string; engine?: EngineKind }> = [];
  for (const event of scenario.events) {
    if (event.type === "fault") {
      const engine = faultEngine(event.target);
      markers.push({ at: event.at, label: `${event.target} ${event.fault}`, ...(engine ? { engine } : {}) });
    } else if (event.type === "admin") {
      markers.push({
        at: event.at,
        label: `${event.action}${event.target !== undefined ? ` ${event.target}` : ""}`,
        engine: event.engine,
      });
    }
  }
  const d = scenario.directory;
  return {
    description: scenario.description,
    duration: scenario.duration,
    directory: {
      users: d.users,
      groups: d.groups,
      contacts: d.contacts,
      devices: d.devices,
      forests: d.forests.length,
    },
    authentication: scenario.authentication,
    features: featuresOf(scenario),
    markers,
    ...(defaultTenant(scenario.tenant) ? {} : { tenant: scenario.tenant }),
    ...(d.replication ? { replication: d.replication } : {}),
    ...(capabilities && Object.keys(capabilities).length > 0 ? { capabilities } : {}),
  };
}

/** True for the tenant a scenario gets when it says nothing of it (its summary then says nothing either). */
function defaultTenant(tenant: TenantSettings): boolean {
  return (
    tenant.verifiedDomain && !tenant.blockSoftMatch && !tenant.blockHardMatch && tenant.quota === undefined
  );
}
