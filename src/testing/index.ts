/**
 * `entra-sync-sim/testing`: fast-check arbitraries and helpers for writing your own property-based
 * comparisons of the two engines (docs/testing.md). fast-check is an optional peer dependency of this
 * entry point only. Everything exported here is public; the fold helpers behind the arbitraries are
 * internal and may change.
 */
export {
  CHANGE_KINDS,
  type ChangeKind,
  type ChangeSequenceOptions,
  changeSequenceArbitrary,
  type ScenarioEventInput,
} from "./changes.js";
export {
  CLOUD_WRITE_FEATURES,
  CLOUD_WRITE_KINDS,
  type CloudWriteKind,
  type CloudWriteOptions,
  cloudWriteArbitrary,
} from "./cloud-writes.js";
export {
  type DirectoryArbitraryOptions,
  directoryArbitrary,
  FOREST_NAMES,
  type GeneratedDirectory,
  OU_NAMES,
} from "./directory.js";
export {
  FAULT_FAMILIES,
  type FaultFamily,
  type FaultScheduleOptions,
  type FaultTopology,
  faultScheduleArbitrary,
} from "./faults.js";
export {
  type CloudObjectState,
  type CloudState,
  cloudStateOf,
  diffCloudStates,
  type EngineEventRecord,
  expectedCloudState,
  type ObservedRun,
  type ObserveOptions,
  observeRun,
  type RunTrace,
  type TenantWriteRecord,
} from "./observe.js";
export type { IntRange } from "./ranges.js";
export {
  type CheckOptions,
  checkAsyncProperty,
  checkProperty,
  describeFailure,
  type PropertyEnvironment,
  propertyEnvironment,
  propertyParameters,
} from "./replay.js";
export { type GeneratedScenario, type ScenarioArbitraryOptions, scenarioArbitrary } from "./scenario.js";
export {
  type GeneratedWorkload,
  NO_WORKLOAD,
  WORKLOAD_CATEGORIES,
  type WorkloadArbitraryOptions,
  workloadArbitrary,
} from "./workload.js";
