/**
 * The Cloud Sync-style engine (reference.md part B): provisioning agents on premises, a provisioning
 * service in the cloud. The engine, its configuration and the concepts a scenario or a report names are
 * public; the agent pool's and jobs' internals are exported for inspection and tests, not for extension.
 *
 * @packageDocumentation
 */

export type { AgentRecord, AgentReply, GoneRecord, PasswordRead, PresentRecord } from "./agent.js";
export { ProvisioningAgent } from "./agent.js";
export type { AgentCallFailure, AgentCallResult, AgentCallSuccess } from "./agent-pool.js";
export { AgentPool, NO_ACTIVE_AGENTS } from "./agent-pool.js";
export { cloudSyncCapabilities, NOT_MODELLED_FEATURES } from "./capabilities.js";
export type {
  AgentMode,
  CapabilityProfile,
  CloudSyncConfig,
  CloudSyncConfigInput,
  CloudSyncDefaults,
  EscrowRule,
  ResolvedScope,
  ScopeInput,
  TimingOverrides,
} from "./config.js";
export { CLOUD_SYNC_DEFAULTS, resolveCloudSyncConfig } from "./config.js";
export { ProvisionedObjects } from "./configuration.js";
export { CLOUD_SYNC_ADMIN_ACTIONS, CloudSyncEngine } from "./engine.js";
export type {
  AgentBootstrapEvent,
  AgentSelectedEvent,
  AgentUpdateEvent,
  CloudSyncEvents,
  JobState,
  JobStateEvent,
  OnDemandEvent,
  OnDemandOutcome,
  WritebackEvent,
} from "./events.js";
export type {
  AttributeMapping,
  ConstantMapping,
  DirectMapping,
  ExpressionMapping,
  MappedObjectType,
  MappingOverrides,
} from "./mappings.js";
export { AttributeMappings, DEFAULT_MAPPINGS, MAPPED_OBJECT_TYPES } from "./mappings.js";
export { PasswordHashJob } from "./password-hash-job.js";
export { ProvisioningJob } from "./provisioning-job.js";
export type { QuarantineReason } from "./quarantine.js";
export { AccidentalDeleteThreshold, Quarantine } from "./quarantine.js";
export type { QuarantineSchedule, QuarantineScheduleName } from "./quarantine-schedule.js";
export { QUARANTINE_SCHEDULES, quarantineDelay } from "./quarantine-schedule.js";
export type { ScopeExclusion } from "./scope.js";
export { ScopingFilter } from "./scope.js";
export type { SyncConfiguration } from "./service.js";
export { ProvisioningService } from "./service.js";
export type { TimingProfile, TimingProfileName } from "./timing.js";
export { TIMING_PROFILES } from "./timing.js";
