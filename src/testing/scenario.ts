import fc from "fast-check";
import type { Feature } from "../engines/engine.js";
import type { DirectoryShapeInput, ScenarioInput } from "../scenario/schema.js";
import { parseDuration } from "../scheduler/duration.js";
import { checkedOptionsObject, optionNames } from "../scheduler/errors.js";
import {
  type ChangeSequenceOptions,
  changeSequenceArbitrary,
  checkChangeOptionValues,
  type ScenarioEventInput,
} from "./changes.js";
import {
  CLOUD_WRITE_FEATURES,
  type CloudWriteOptions,
  checkCloudWriteOptionValues,
  cloudWriteArbitrary,
  withoutDeletedNames,
} from "./cloud-writes.js";
import {
  type DirectoryArbitraryOptions,
  directoryArbitrary,
  directoryInput,
  type GeneratedDirectory,
} from "./directory.js";
import { checkFaultOptionValues, type FaultScheduleOptions, faultScheduleArbitrary } from "./faults.js";
import { type IntRange, intIn } from "./ranges.js";
import { NO_WORKLOAD, type WorkloadArbitraryOptions, workloadArbitrary } from "./workload.js";

/**
 * Whole scenarios in the issue-5 JSON format: a directory, a workload, a scripted change sequence, an
 * optional fault schedule, an engine topology, duration, drain and seed — ready for `compareEngines`.
 */

/**
 * Options of {@link scenarioArbitrary}.
 *
 * @public
 */
export interface ScenarioArbitraryOptions {
  /** Directory shape options (default small: 1–6 users, 0–2 groups, one forest). */
  readonly directory?: DirectoryArbitraryOptions;
  /** Workload options, or false for no random workload (default: rates up to 12 per hour). */
  readonly workload?: WorkloadArbitraryOptions | false;
  /** Scripted change options, or false for none (default up to 10 changes). */
  readonly changes?: Omit<ChangeSequenceOptions, "duration"> | false;
  /**
   * Cloud writes (password resets, cloud groups and devices, Exchange Online settings) with the writeback
   * features they need, or false for none (the default).
   */
  readonly cloudWrites?: Omit<CloudWriteOptions, "duration"> | false;
  /** Fault schedule options, or false for none (default none). Topology comes from the scenario. */
  readonly faults?: Omit<FaultScheduleOptions, "duration" | "servers" | "agents" | "forests"> | false;
  /** Shorthand for `faults.recoverable` (default false). */
  readonly recoverable?: boolean;
  /** Workload duration in whole hours (default 1–3). */
  readonly hours?: IntRange;
  /** Drain limit (default `"36h"`: long enough for Cloud Sync's 6 h + 12 h quarantine retries). */
  readonly drain?: string;
  /** Connect servers: 1 = one active `primary`; 2 adds a staging server `standby` (default 1–2). */
  readonly connectServers?: IntRange;
  /** Cloud Sync agents `agent-1 …` (default 1–3). */
  readonly agents?: IntRange;
  /** Connect cycle interval in minutes (default 30; the product's minimum is 30). */
  readonly cycleMinutes?: IntRange;
  /** Scenario seed range (default any 31-bit positive integer). */
  readonly seed?: IntRange;
}

const NESTED_CHANGE_OPTION_NAMES = optionNames<
  NonNullable<Exclude<ScenarioArbitraryOptions["changes"], false>>
>()("from", "maxEvents", "kinds", "unflowedAttributes");
const NESTED_CLOUD_WRITE_OPTION_NAMES = optionNames<
  NonNullable<Exclude<ScenarioArbitraryOptions["cloudWrites"], false>>
>()("from", "maxEvents", "kinds");
const NESTED_FAULT_OPTION_NAMES = optionNames<
  NonNullable<Exclude<ScenarioArbitraryOptions["faults"], false>>
>()("maxEvents", "families", "recoverable");
const SCENARIO_ARBITRARY_OPTION_NAMES = optionNames<ScenarioArbitraryOptions>()(
  "directory",
  "workload",
  "changes",
  "cloudWrites",
  "faults",
  "recoverable",
  "hours",
  "drain",
  "connectServers",
  "agents",
  "cycleMinutes",
  "seed",
);

/** What a generated scenario looks like: a {@link ScenarioInput} with the parts the generator fills. @public */
export interface GeneratedScenario extends ScenarioInput {
  /** `property-<seed>`. */
  readonly name: string;
  /** The drawn seed. */
  readonly seed: number;
  /** Workload duration in whole hours, e.g. `"2h"`. */
  readonly duration: string;
  /** Drain limit (default `"36h"`). */
  readonly drain: string;
  /** The drawn directory, every count present. */
  readonly directory: DirectoryShapeInput;
  /** Scripted changes and faults, merged in time order. */
  readonly events: ScenarioEventInput[];
}

/** Merges event lists into time order (stable: changes before faults at the same instant). @internal */
export function mergeEvents(...lists: ReadonlyArray<readonly ScenarioEventInput[]>): ScenarioEventInput[] {
  return lists
    .flat()
    .map((event, i) => ({ event, i, at: parseDuration(event.at as string | number) }))
    .sort((x, y) => x.at - y.at || x.i - y.i)
    .map((x) => x.event);
}

/**
 * A whole scenario. By default: a small directory, a light workload, a few scripted changes, no faults.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(scenarioArbitrary({ faults: {}, recoverable: true }), (scenario) => {
 *   const result = compareEngines(scenario);
 *   return result.engines.connect!.changes.lost === 0;
 * }));
 * ```
 * @public
 */
export function scenarioArbitrary(options: ScenarioArbitraryOptions = {}): fc.Arbitrary<GeneratedScenario> {
  checkedOptionsObject(options, SCENARIO_ARBITRARY_OPTION_NAMES);
  // The arbitraries these go to are made as each scenario is drawn: checked here, they fail at once.
  if (options.changes) {
    checkedOptionsObject(options.changes, NESTED_CHANGE_OPTION_NAMES, "changes");
    checkChangeOptionValues(options.changes, "changes");
  }
  if (options.cloudWrites) {
    checkedOptionsObject(options.cloudWrites, NESTED_CLOUD_WRITE_OPTION_NAMES, "cloudWrites");
    checkCloudWriteOptionValues(options.cloudWrites, "cloudWrites");
  }
  if (options.faults) {
    checkedOptionsObject(options.faults, NESTED_FAULT_OPTION_NAMES, "faults");
    checkFaultOptionValues(options.faults, "faults");
  }
  const shape = fc.record({
    directory: directoryArbitrary(options.directory),
    hours: intIn(options.hours, 1, 3, "hours"),
    servers: intIn(options.connectServers, 1, 2, "connectServers"),
    agents: intIn(options.agents, 1, 3, "agents"),
    cycle: intIn(options.cycleMinutes, 30, 30, "cycleMinutes"),
    seed: intIn(options.seed, 1, 2 ** 31 - 1, "seed"),
    workload: options.workload === false ? fc.constant(NO_WORKLOAD) : workloadArbitrary(options.workload),
  });
  return shape.chain((s) => {
    const duration = `${s.hours}h`;
    const servers =
      s.servers <= 1
        ? [{ name: "primary" }]
        : [
            { name: "primary" },
            ...Array.from({ length: s.servers - 1 }, (_, i) => ({
              name: i === 0 ? "standby" : `standby${i + 1}`,
              staging: true,
            })),
          ];
    const changes =
      options.changes === false
        ? fc.constant([])
        : changeSequenceArbitrary(s.directory, { ...options.changes, duration });
    const faultOptions =
      options.faults === false || (options.faults === undefined && !options.recoverable)
        ? undefined
        : (options.faults ?? {});
    const faults = faultOptions
      ? faultScheduleArbitrary({
          ...faultOptions,
          recoverable: faultOptions.recoverable ?? options.recoverable ?? false,
          duration,
          servers,
          agents: s.agents,
          forests: s.directory.forests.map((f) => f.name),
        })
      : fc.constant([]);
    const cloud = options.cloudWrites
      ? cloudWriteArbitrary(s.directory, { ...options.cloudWrites, duration })
      : fc.constant(undefined);
    return fc
      .tuple(changes, faults, cloud)
      .map(([c, f, w]) =>
        buildScenario(
          s.directory,
          s,
          servers,
          duration,
          options.drain ?? "36h",
          mergeEvents(c, f, w ? withoutDeletedNames(w, c) : []),
          w ? CLOUD_WRITE_FEATURES : [],
        ),
      );
  });
}

function buildScenario(
  directory: GeneratedDirectory,
  s: {
    seed: number;
    agents: number;
    cycle: number;
    workload: ReturnType<typeof workloadArbitrary> extends fc.Arbitrary<infer W> ? W : never;
  },
  servers: ReadonlyArray<{ name: string; staging?: boolean }>,
  duration: string,
  drain: string,
  events: ScenarioEventInput[],
  features: readonly Feature[],
): GeneratedScenario {
  return {
    name: `property-${s.seed}`,
    description: "generated by entra-sync-sim/testing scenarioArbitrary",
    seed: s.seed,
    duration,
    drain,
    directory: directoryInput(directory),
    workload: { ...s.workload },
    authentication: "phs",
    features: [...features],
    events,
    engines: {
      connect: { servers: servers.map((x) => ({ ...x })), cycleInterval: `${s.cycle}m` },
      cloudSync: { agents: s.agents },
    },
  };
}
