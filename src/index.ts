/**
 * entra-sync-sim — simulate Microsoft Entra Connect Sync and Microsoft Entra Cloud Sync over virtual time,
 * and compare how fast each gets a change to the cloud and what a failure costs.
 *
 * The public API is every name exported below, and nothing else: modules not listed here are internal and
 * may change between minor versions.
 *
 * @packageDocumentation
 */

// Kernel: virtual clock, processes, hosts and links, random streams, durations, errors.
export { Scheduler } from "./scheduler/scheduler.js";
export type { EventHandle, PeriodicTask, RunSummary, SchedulerOptions, TraceRecord } from "./scheduler/scheduler.js";
export { Interrupt, Process, Signal, sleep, TIMED_OUT, waitFor } from "./scheduler/process.js";
export type { ProcessBody, ProcessCommand, ProcessState, SleepCommand, WaitCommand } from "./scheduler/process.js";
export { Host, Link } from "./scheduler/host.js";
export type { HostEvents, HostKind, LinkEvents } from "./scheduler/host.js";
export { RandomStream, RandomStreams } from "./scheduler/random.js";
export { DAY, formatDuration, formatInstant, HOUR, MINUTE, parseDuration, SECOND } from "./scheduler/duration.js";
export type { DurationInput } from "./scheduler/duration.js";
export { isSimulationError, SimulationError } from "./scheduler/errors.js";
export type { SimulationErrorCode, SimulationErrorDetails } from "./scheduler/errors.js";

// Model: the AD forest, the Entra tenant, passwords, the world.
export {
  ATTRIBUTE_SCHEMA,
  GROUP_TYPE_SECURITY,
  isEnabled,
  normaliseAttribute,
  SYSTEM_ATTRIBUTES,
  UAC_ACCOUNT_DISABLE,
  UAC_NORMAL_ACCOUNT,
} from "./model/ad-object.js";
export type { AdObject, AdObjectClass, AttributeSpec, AttributeValue } from "./model/ad-object.js";
export { Directory } from "./model/directory.js";
export type {
  AttributeEdit,
  DirectoryChange,
  DirectoryChangeKind,
  DirectoryEvents,
  DirectoryOptions,
  DirectoryRead,
  PasswordChange,
} from "./model/directory.js";
export { dnComponent, dnKey, domainToDn, isUnder, qualifyDn, rdnValue, splitDn } from "./model/dn.js";
export {
  deriveCloudCredential,
  hashPassword,
  saltedHash,
  verifyCloudCredential,
  verifyPassword,
} from "./model/passwords.js";
export type { CloudCredential, PasswordHash } from "./model/passwords.js";
export { guidToImmutableId, sourceAnchorOf } from "./model/anchor.js";
export { cloudTypeOf, STANDARD_FLOWS, standardProjection } from "./model/cloud-schema.js";
export type { CloudObjectType, CloudValue, StandardFlow } from "./model/cloud-schema.js";
export { Tenant } from "./model/tenant.js";
export type { TenantOptions } from "./model/tenant.js";
export type {
  AttributeConflict,
  AuthenticationMethod,
  AuthenticationProvider,
  CloudObject,
  SignInOutcome,
  SignInReason,
  TenantEvents,
  UpsertAction,
  UpsertRequest,
  UpsertResult,
} from "./model/tenant-types.js";
export { WriteThrottle } from "./model/throttle.js";
export { createWorld, World } from "./model/world.js";
export type { WorldOptions } from "./model/world.js";

// Engines: the common interface.
export type {
  ActionOutcome,
  AdminAction,
  AdminActionName,
  Capability,
  CycleEndEvent,
  CycleStartEvent,
  EngineEvents,
  ExportEvent,
  FailoverEvent,
  QuarantineEvent,
  ThresholdEvent,
  EngineKind,
  FaultName,
  Feature,
  Incident,
  IncidentKind,
  SyncEngine,
} from "./engines/engine.js";
