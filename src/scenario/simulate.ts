import type { EngineKind, Feature, SyncEngine } from "../engines/engine.js";
import { MINUTE } from "../scheduler/duration.js";
import { DirectoryActions } from "./actions.js";
import { downsample, summarise } from "./metrics.js";
import { Observer } from "./observer.js";
import {
  CHANGE_CATEGORIES,
  type ChangeCategory,
  type EngineResult,
  type LatencySummary,
  type TimelinePoint,
} from "./result.js";
import type { Scenario } from "./schema.js";
import { Script } from "./script.js";
import { Workload } from "./workload.js";
import { buildWorld } from "./world-builder.js";

/**
 * One engine on one scenario: build the world, attach and start the engine, play the workload and the
 * script for `duration`, drain until nothing is pending (at most `drain`), and summarise.
 */

/** Called as virtual time advances: engine, virtual now, virtual horizon (duration + drain). @public */
export type ProgressListener = (engine: EngineKind, now: number, horizon: number) => void;

/** Most timeline points a result carries. @internal */
const MAX_TIMELINE_POINTS = 1_000;

/** The features a scenario asks for: its authentication method's, then the listed ones. @public */
export function requestedFeatures(scenario: Scenario): Feature[] {
  const auth: Feature =
    scenario.authentication === "pta"
      ? "pass-through-authentication"
      : scenario.authentication === "federation"
        ? "federation"
        : "password-hash-sync";
  return [...new Set<Feature>([auth, ...scenario.features])];
}

/**
 * Runs one engine through a validated scenario.
 *
 * @param scenario - validated scenario
 * @param options - engine kind and instance (fresh, not attached), seed, progress listener
 * @public
 */
export function simulate(
  scenario: Scenario,
  options: { kind: EngineKind; engine: SyncEngine; seed: number; onProgress?: ProgressListener },
): EngineResult {
  const { kind, engine, seed } = options;
  const { world, population } = buildWorld(scenario, seed);
  const scheduler = world.scheduler;
  engine.attach(world);
  const unsupported = engine.enableFeatures(requestedFeatures(scenario));
  world.tenant.start();
  engine.start();

  const observer = new Observer(world, engine);
  const actions = new DirectoryActions(population, observer, seed);
  new Workload(world, scenario, population, actions);
  const script = new Script({ world, scenario, kind, engine, population, actions, seed, unsupported });

  const horizon = scenario.duration + scenario.drain;
  const sampleEvery = Math.max(5 * MINUTE, Math.ceil(horizon / MAX_TIMELINE_POINTS / MINUTE) * MINUTE);
  const timeline: TimelinePoint[] = [{ at: 0, pending: 0 }];
  const sampler = scheduler.every(
    sampleEvery,
    (at) => timeline.push({ at, pending: observer.pendingCount }),
    { label: "observer:sample" },
  );

  // Workload phase, in chunks so a progress listener can follow.
  const chunk = Math.max(MINUTE, Math.ceil(horizon / 200));
  while (scheduler.now < scenario.duration) {
    scheduler.run({ until: Math.min(scenario.duration, scheduler.now + chunk) });
    options.onProgress?.(kind, scheduler.now, horizon);
  }

  // Drain: on until nothing is pending, at most `drain`.
  const outstanding = (): number => observer.pendingCount + script.waiting;
  let steps = 0;
  while (outstanding() > 0) {
    const next = scheduler.nextEventTime;
    if (next === undefined || next > horizon) break;
    scheduler.step();
    if (++steps % 5_000 === 0) options.onProgress?.(kind, scheduler.now, horizon);
  }
  if (outstanding() > 0 && scheduler.now < horizon) scheduler.run({ until: horizon });
  sampler.cancel();
  const endedAt = scheduler.now;
  if ((timeline[timeline.length - 1] as TimelinePoint).at < endedAt)
    timeline.push({ at: endedAt, pending: observer.pendingCount });
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
    incidents: engine.incidents.map((incident) => ({
      at: incident.at,
      kind: incident.kind,
      detail: incident.detail,
    })),
    unsupported: [...unsupported],
    timeline: thin(timeline),
    samples,
    endedAt,
  };
}

/** Keeps the timeline under the cap (the last point always kept). */
function thin(points: TimelinePoint[]): TimelinePoint[] {
  if (points.length <= MAX_TIMELINE_POINTS) return points;
  const step = Math.ceil(points.length / MAX_TIMELINE_POINTS);
  const out = points.filter((_, i) => i % step === 0);
  const last = points[points.length - 1] as TimelinePoint;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}
