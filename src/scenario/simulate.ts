import type { EngineKind, Feature, Incident, SyncEngine } from "../engines/engine.js";
import type { CloudObjectType } from "../model/cloud-schema.js";
import type { World } from "../model/world.js";
import { formatDuration, MINUTE, SECOND } from "../scheduler/duration.js";
import { checkedOptionsObject, optionNames, SimulationError, show } from "../scheduler/errors.js";
import { checkedSeed } from "../scheduler/random.js";
import { DirectoryActions } from "./actions.js";
import { CyclesInFlight } from "./cycles-in-flight.js";
import { downsample, summarise } from "./metrics.js";
import { Observer } from "./observer.js";
import { Replication } from "./replication.js";
import {
  CHANGE_CATEGORIES,
  type ChangeCategory,
  type EngineResult,
  type LatencySummary,
  type OriginSummary,
  type ResultIncident,
} from "./result.js";
import { checkedCallbacks, checkedEngineKind } from "./run-arguments.js";
import { DEFAULT_REPLICATION, type Scenario, type ScenarioInput, type WriteOrigin } from "./schema.js";
import { Script } from "./script.js";
import { MAX_TIMELINE_POINTS, Timeline } from "./timeline.js";
import { validateScenario } from "./validate.js";
import { warmUp } from "./warmup.js";
import { Workload } from "./workload.js";
import { type BuiltWorld, buildWorld } from "./world-builder.js";

/**
 * One engine on one scenario: build the world, attach and start the engine, play the workload and the
 * script for `duration`, drain until nothing is pending and no engine cycle runs (at most `drain`), and
 * summarise.
 */

/**
 * Called as virtual time advances: engine, virtual now and horizon (duration + drain), both relative to
 * the workload's start; during a warm-up `phase` is `warm-up` and `now` is the warm-up's length so far.
 * On worker threads, an engine run again after running out of memory starts its progress over
 * (`ParallelRunOptions.threadOldSpaceMb`).
 *
 * @public
 */
export type ProgressListener = (
  engine: EngineKind,
  now: number,
  horizon: number,
  phase?: "warm-up" | "run",
) => void;

/**
 * The features a scenario asks for: its authentication method's, then the listed ones.
 *
 * @param input - a scenario (validated here; throws `invalid-scenario` listing every problem)
 * @public
 */
export function requestedFeatures(input: ScenarioInput | Scenario): Feature[] {
  return featuresOf(validateScenario(input));
}

/** {@link requestedFeatures} of a validated scenario. @internal */
export function featuresOf(scenario: Scenario): Feature[] {
  const auth: Feature =
    scenario.authentication === "pta"
      ? "pass-through-authentication"
      : scenario.authentication === "federation"
        ? "federation"
        : "password-hash-sync";
  return [...new Set<Feature>([auth, ...scenario.features])];
}

/**
 * Runs one engine through a scenario, in a world built from it: what `runScenario` does for each engine,
 * with the engine instance given.
 *
 * @param input - a scenario (validated here; throws `invalid-scenario` listing every problem)
 * @param options - engine kind and instance (fresh, not attached), seed, progress listener
 * @throws SimulationError `invalid-argument` when an option is not what it says, before anything runs
 * @public
 */
export function simulate(input: ScenarioInput | Scenario, options: SimulateOptions): EngineResult {
  const scenario = validateScenario(input);
  checkedSimulateOptions(options);
  return simulateOn(buildWorld(scenario, options.seed), scenario, options);
}

/** The options of {@link simulate}, checked before anything is built: each what it says. */
function checkedSimulateOptions(options: SimulateOptions): void {
  checkedOptionsObject(options, SIMULATE_OPTION_NAMES);
  checkedEngineKind(options.kind, "kind");
  const engine: unknown = options.engine;
  const methods = ["attach", "start", "enableFeatures", "inScope"] as const;
  if (
    typeof engine !== "object" ||
    engine === null ||
    methods.some((m) => typeof (engine as Record<string, unknown>)[m] !== "function")
  ) {
    throw new SimulationError("invalid-argument", `engine: ${show(engine)} is not a sync engine`, {
      field: "engine",
      value: engine,
    });
  }
  checkedSeed(options.seed);
  checkedCallbacks(options, ["onProgress"]);
}

/**
 * Options of {@link simulate}.
 *
 * @public
 */
export interface SimulateOptions {
  /** Which engine this is. */
  readonly kind: EngineKind;
  /** A fresh engine instance, not attached. */
  readonly engine: SyncEngine;
  /** The run's seed. */
  readonly seed: number;
  /** Follows virtual time (the CLI's progress bar). */
  readonly onProgress?: ProgressListener;
}

const SIMULATE_OPTION_NAMES = optionNames<SimulateOptions>()("kind", "engine", "seed", "onProgress");

/**
 * {@link simulate} on a world already built from the scenario with the options' seed and not started (a
 * comparison builds once and forks, see `runEngines`).
 *
 * @internal
 */
export function simulateOn(built: BuiltWorld, scenario: Scenario, options: SimulateOptions): EngineResult {
  const { kind, engine, seed } = options;
  const { world, population } = built;
  const scheduler = world.scheduler;
  engine.attach(world);
  const unsupported = engine.enableFeatures(featuresOf(scenario));
  world.tenant.start();
  engine.start();

  // Steady-state start: every time in the result is relative to `origin`, the workload's start.
  const horizon = scenario.duration + scenario.drain;
  let origin = 0;
  const harnessIncidents: ResultIncident[] = [];
  if (scenario.initialSync === "before-start") {
    const warm = warmUp(world, engine, scenario.warmupLimit, (now) =>
      options.onProgress?.(kind, now, horizon, "warm-up"),
    );
    origin = warm.origin;
    if (!warm.completed) harnessIncidents.push({ at: 0, kind: "warm-up-timeout", detail: warm.detail });
  }

  const observer = new Observer(world, engine, origin);
  // Engine cycles in flight, for the drain (the warm-up ends with none running). The cycle in flight at the
  // end of the drain finishes: its export may still carry what AD did on its own, which no tracked change
  // waits for (a deleted member leaves its groups), and stopping in the middle left the tenant short of it.
  const cycles = new CyclesInFlight(engine);
  // Replication between DCs only when the scenario writes on another DC (the run is otherwise unchanged).
  const replicationSettings =
    scenario.directory.replication ??
    (scenario.events.some((event) => "dc" in event && event.dc !== undefined && event.dc !== "sync-dc")
      ? DEFAULT_REPLICATION
      : undefined);
  const replication = replicationSettings
    ? new Replication(world, observer, replicationSettings, origin)
    : undefined;
  const actions = new DirectoryActions(population, observer, seed, replication);
  new Workload(world, scenario, population, actions, origin, replication);
  const script = new Script({
    world,
    scenario,
    kind,
    engine,
    population,
    actions,
    seed,
    unsupported,
    origin,
    replication,
  });

  const end = origin + scenario.duration;
  const stop = origin + horizon;
  const sampleEvery = Math.max(5 * MINUTE, Math.ceil(horizon / MAX_TIMELINE_POINTS / MINUTE) * MINUTE);
  const timeline = new Timeline(sampleEvery);
  timeline.add(0, 0);
  const sampler = scheduler.every(sampleEvery, (at) => timeline.add(at - origin, observer.pendingCount), {
    label: "observer:sample",
  });

  // Workload phase, in chunks so a progress listener can follow.
  const chunk = Math.max(MINUTE, Math.ceil(horizon / 200));
  while (scheduler.now < end) {
    scheduler.run({ until: Math.min(end, scheduler.now + chunk) });
    options.onProgress?.(kind, scheduler.now - origin, horizon);
  }

  // Drain: on until nothing is pending and no engine cycle is running (counted since the workload started,
  // above), at most `drain`.
  const outstanding = (): number =>
    observer.pendingCount + script.waiting + cycles.running + (replication?.waiting ?? 0);
  let steps = 0;
  while (outstanding() > 0) {
    const next = scheduler.nextEventTime;
    if (next === undefined || next > stop) break;
    scheduler.step();
    if (++steps % 5_000 === 0) options.onProgress?.(kind, scheduler.now - origin, horizon);
  }
  if (outstanding() > 0 && scheduler.now < stop) scheduler.run({ until: stop });
  cycles.stop();
  sampler.cancel();
  const endedAt = scheduler.now - origin;
  timeline.close(endedAt, observer.pendingCount);
  options.onProgress?.(kind, horizon, horizon);

  observer.finish((guid) => population.directoryOf(guid));
  script.finish();

  const latencies = observer.latencies();
  const latency = {} as Record<ChangeCategory, LatencySummary>;
  const samples: Partial<Record<ChangeCategory, number[]>> = {};
  for (const category of CHANGE_CATEGORIES) {
    const sorted = latencies.get(category) ?? [];
    latency[category] = summarise(sorted);
    if (sorted.length > 0) samples[category] = downsample(sorted);
  }
  return {
    latency,
    changes: observer.counts(),
    events: script.results(),
    incidents: [...harnessIncidents, ...engine.incidents.map((incident) => relative(incident, origin))],
    unsupported: [...unsupported],
    timeline: timeline.points,
    samples,
    endedAt,
    warmup: origin,
    cloud: census(world),
    duplicateAttributes: setAside(world),
    ...(replication ? { replication: originSummaries(observer) } : {}),
  };
}

/** The changes per kind of domain controller their writes were made on. */
function originSummaries(observer: Observer): Record<WriteOrigin, OriginSummary> {
  const out = {} as Record<WriteOrigin, OriginSummary>;
  for (const [origin, { counts, latencies }] of observer.byOrigin())
    out[origin] = { changes: counts, latency: summarise(latencies) };
  return out;
}

/**
 * An engine incident in workload-relative time. One recorded during the warm-up is reported at 0 with
 * `during warm-up` in its detail, so no time in a result is negative.
 *
 * @internal
 */
export function relative(incident: Incident, origin: number): ResultIncident {
  if (incident.at >= origin)
    return { at: incident.at - origin, kind: incident.kind, detail: incident.detail };
  return {
    at: 0,
    kind: incident.kind,
    // To the second: "6d22h14m59s" before the start reads better than "6d22h14m59s400ms".
    detail: `during warm-up (${formatDuration(Math.round((origin - incident.at) / SECOND) * SECOND)} before the workload started): ${incident.detail}`,
  };
}

/** Duplicate-attribute conflicts still open when the run ended, per attribute. */
function setAside(world: World): Record<"userPrincipalName" | "proxyAddresses", number> {
  const counts = { userPrincipalName: 0, proxyAddresses: 0 };
  for (const conflict of world.tenant.openConflicts()) counts[conflict.attribute]++;
  return counts;
}

/** Live cloud objects per type when the run ended. */
function census(world: World): Record<CloudObjectType, number> {
  const counts: Record<CloudObjectType, number> = { user: 0, group: 0, contact: 0, device: 0 };
  for (const object of world.tenant.objects()) counts[object.objectType]++;
  return counts;
}
