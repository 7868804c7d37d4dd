/**
 * How much old space each engine thread of a comparison on worker threads may use.
 *
 * V8 collects the old space when it reaches `factor × what survived the last full collection`, and the
 * factor's ceiling depends on the heap's limit (v8 src/heap/heap-controller.cc,
 * `MemoryController::MaxGrowingFactor`): 4 when the limit is at least 1 GB × the pointer multiplier — 2 GB
 * on 64-bit Node, whose default limit is 4 GB on any machine with 16 GB of memory or more — and at most 2
 * below it. An engine thread holds about what its directory, engine state and observer need
 * (~490 MB in Connect's thread at 150,000 users) and makes garbage at every change, so with the ceiling at
 * 4 its heap grows to several times what it holds before its next full collection, and the two threads'
 * peaks add up. Just under 2 GB, the ceiling is 2: in `npm run bench`'s 150,000-user comparison the peak
 * RSS falls from ~1.56–1.58 GB to ~1.25–1.51 GB, in the same wall time (one more full collection per
 * thread, marked concurrently).
 *
 * The limit is only a default for scenarios that need a fraction of it, and a thread that runs out of
 * memory under it is run again under Node's own limit (see `runEnginesInParallel`). That rescue is best
 * effort: Node reports a worker out of memory as `ERR_WORKER_OUT_OF_MEMORY` in the usual case, but one
 * allocation far past the limit can still abort the whole process (nodejs/node#47224) — hence the wide
 * margin the weight threshold keeps.
 */
import { getHeapStatistics } from "node:v8";
import { resolveConnectConfig } from "../engines/connect/config.js";
import type { Scenario } from "./scenario-types.js";
import { expectedOver, type ScenarioInput } from "./schema.js";
import { validateScenario } from "./validate.js";

/**
 * The default old-space limit of an engine thread, MB: the largest under V8's 2 GB threshold for its
 * highest heap growing factor (see the module comment).
 *
 * @public
 */
export const ENGINE_THREAD_OLD_SPACE_MB = 2_047;

/**
 * The heaviest scenario, in {@link scenarioWeight} units, that gets {@link ENGINE_THREAD_OLD_SPACE_MB} by
 * default. Measured: Connect's thread holds ~490 MB at 150,000 users with 24 h of 10,000 changes per hour
 * (weight 159,000), so at this weight it holds about half the limit.
 *
 * @public
 */
export const ENGINE_THREAD_DEFAULT_MAX_WEIGHT = 300_000;

/**
 * About how much an engine thread will hold, in objects of the directory: every generated user, group,
 * contact and device, the merger's extra accounts, the workload's creates over its duration (expected
 * count, so possibly fractional), objects the script creates, and a tenth of an object per group
 * membership (a member is a key in a few sets, not a record) — all times the number of Connect servers,
 * since each server, staging ones included, keeps a staging database of its own on Connect's thread.
 *
 * @param input - a scenario (validated here; throws `invalid-scenario` listing every problem)
 * @public
 */
export function scenarioWeight(input: ScenarioInput | Scenario): number {
  return weightOf(validateScenario(input));
}

/**
 * The objects a scenario's directory starts with: users, groups, contacts, devices, and the merger's shared
 * people once more in every further forest. @internal
 */
export function directoryObjects(scenario: Scenario): number {
  const d = scenario.directory;
  return d.users + d.sharedUsers * (Math.max(1, d.forests.length) - 1) + d.groups + d.contacts + d.devices;
}

/** {@link scenarioWeight} of a validated scenario. */
function weightOf(scenario: Scenario): number {
  const d = scenario.directory;
  const hires = expectedOver(scenario.workload.createsPerHour, scenario.duration);
  let created = 0;
  for (const event of scenario.events) if (event.type === "create") created++;
  const objects = directoryObjects(scenario) + hires + created + (d.groups * d.membersPerGroup) / 10;
  return objects * connectServers(scenario);
}

/** How many Connect servers the scenario runs (its config resolved as the engine does: one by default). */
function connectServers(scenario: Scenario): number {
  return Math.max(1, resolveConnectConfig(scenario.engines.connect).servers.length);
}

/**
 * Node options that set the heap's size (`--max-old-space-size=N`, `--max-old-space-size N`,
 * `--max_old_space_size`, `--max-heap-size`, also quoted in `NODE_OPTIONS`): whoever gave one chose the
 * heap, and every thread keeps it — Node then ignores a worker's own old-space limit (nodejs/node#43991).
 */
const HEAP_OPTION = /(^|[\s"'])--max[-_](old[-_]space|heap)[-_]size\b/;

/** Room for the young generation in V8's `heap_size_limit` (old space + young generation), MB. */
const YOUNG_GENERATION_MB = 64;

/**
 * The old-space limit an engine thread starts with by default, MB, or `undefined` for Node's own:
 * {@link ENGINE_THREAD_OLD_SPACE_MB} when the scenario weighs at most
 * {@link ENGINE_THREAD_DEFAULT_MAX_WEIGHT} and the process was given no heap size of its own
 * (`--max-old-space-size` or `--max-heap-size`, on the command line or in `NODE_OPTIONS`) and has a higher
 * old-space limit.
 *
 * @param input - a scenario (validated here; throws `invalid-scenario` listing every problem)
 * @param processLimitMb - this process's heap limit (old space and young generation), MB (default: V8's
 *   `heap_size_limit`)
 * @param nodeOptions - the process's Node options (default: `process.execArgv` and `NODE_OPTIONS`)
 * @public
 */
export function defaultEngineThreadOldSpaceMb(
  input: ScenarioInput | Scenario,
  processLimitMb?: number,
  nodeOptions?: string,
): number | undefined {
  return engineThreadOldSpaceFor(validateScenario(input), processLimitMb, nodeOptions);
}

/** {@link defaultEngineThreadOldSpaceMb} of a validated scenario (the parallel run's, validated already). @internal */
export function engineThreadOldSpaceFor(
  scenario: Scenario,
  processLimitMb: number = getHeapStatistics().heap_size_limit / 1_048_576,
  nodeOptions: string = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" "),
): number | undefined {
  if (HEAP_OPTION.test(nodeOptions) || processLimitMb - YOUNG_GENERATION_MB <= ENGINE_THREAD_OLD_SPACE_MB)
    return undefined;
  return weightOf(scenario) <= ENGINE_THREAD_DEFAULT_MAX_WEIGHT ? ENGINE_THREAD_OLD_SPACE_MB : undefined;
}
