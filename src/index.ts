/**
 * entra-sync-sim — simulate Microsoft Entra Connect Sync and Microsoft Entra Cloud Sync over virtual time,
 * and compare how fast each gets a change to the cloud and what a failure costs.
 *
 * The public API is every name exported below, and nothing else: modules not listed here are internal and
 * may change between minor versions.
 *
 * @packageDocumentation
 */

export type { ChangePreview } from "./engines/change-preview.js";
export type {
  AgentBootstrapEvent,
  AgentCallFailure,
  AgentCallResult,
  AgentCallSuccess,
  AgentMode,
  AgentRecord,
  AgentReply,
  AgentSelectedEvent,
  AgentUpdateEvent,
  AttributeMapping,
  CapabilityProfile,
  CloudSyncConfig,
  CloudSyncConfigInput,
  CloudSyncDefaults,
  CloudSyncEvents,
  ConstantMapping,
  DirectMapping,
  EscrowRule,
  ExpressionMapping,
  GoneRecord,
  JobState,
  JobStateEvent,
  MappedObjectType,
  MappingOverrides,
  OnDemandEvent,
  OnDemandOutcome,
  PasswordRead,
  PresentRecord,
  QuarantineReason,
  QuarantineSchedule,
  QuarantineScheduleName,
  ResolvedScope,
  ScopeExclusion,
  ScopeInput,
  SyncConfiguration,
  TimingOverrides,
  TimingProfile,
  TimingProfileName,
  WritebackEvent as CloudSyncWritebackEvent,
} from "./engines/cloud-sync/index.js";
// The Cloud Sync-style engine (Entra Cloud Sync).
export {
  AccidentalDeleteThreshold,
  AgentPool,
  AttributeMappings,
  CLOUD_SYNC_ADMIN_ACTIONS,
  CLOUD_SYNC_DEFAULTS,
  CloudSyncEngine,
  cloudSyncCapabilities,
  DEFAULT_MAPPINGS,
  MAPPED_OBJECT_TYPES,
  NO_ACTIVE_AGENTS,
  NOT_MODELLED_FEATURES,
  PasswordHashJob,
  ProvisionedObjects,
  ProvisioningAgent,
  ProvisioningJob,
  ProvisioningService,
  QUARANTINE_SCHEDULES,
  Quarantine,
  quarantineDelay,
  resolveCloudSyncConfig,
  ScopingFilter,
  TIMING_PROFILES,
} from "./engines/cloud-sync/index.js";
export type {
  AdCsObject,
  AttributeFlow,
  ConnectConfig,
  ConnectConfigInput,
  ConnectEvents,
  ConnectTiming,
  CycleKind,
  CycleOutcome,
  EntraCsObject,
  ExportOperation,
  FlowContribution,
  FlowError,
  FlowFunctionName,
  FlowOptions,
  HealthAlertInput,
  HealthAlertName,
  HealthAlertSettings,
  InboundEnvironment,
  InboundResult,
  JoinCondition,
  LinkType,
  MembershipTest,
  MergeType,
  MvObject,
  OutboundResult,
  PendingImport,
  PhsBatchEvent,
  ReferenceResolver,
  RuleSetOptions,
  RunContext,
  RunEndEvent,
  RunProfileName,
  RunResult,
  RunStartEvent,
  RunStatus,
  ScopeClause,
  ScopeOperator,
  ServerMode,
  ServerModeEvent,
  SyncErrorRecord,
  SyncRule,
  SyncRuleFlowInput,
  SyncRuleInput,
  UserJoin,
  WritebackEvent as ConnectWritebackEvent,
} from "./engines/connect/index.js";
// The Connect-style engine (Entra Connect Sync).
export {
  attributeDelta,
  buildRuleSet,
  CloudJournal,
  CONNECT_ADMIN_ACTIONS,
  CONNECT_CAPABILITIES,
  CONNECT_MODELLED_FEATURES,
  ConnectEngine,
  ConnectFeatures,
  ConnectorSpace,
  ConnectServer,
  customRulesFromConfig,
  DEFAULT_CONNECT_CONFIG,
  DEFAULT_HEALTH_ALERTS,
  DeletionThreshold,
  deltaImport,
  deltaSync,
  domainRootDn,
  EntraConnectorSpace,
  EXCHANGE_HYBRID_ATTRIBUTES,
  EXCHANGE_HYBRID_RULES,
  exportOperation,
  exportToAd,
  exportToEntra,
  FederationService,
  fullImport,
  fullSync,
  GROUP_WRITEBACK_MEMBER_LIMITS,
  importFromEntra,
  Metaverse,
  MIN_CYCLE_INTERVAL_MS,
  OUT_OF_BOX_RULES,
  PasswordHashSync,
  PasswordWriteback,
  PtaAgentPool,
  RulePipeline,
  resolveConnectConfig,
  resolveHealthAlerts,
  SyncDatabase,
  SyncScheduler,
  syncCycle,
  syncEntra,
} from "./engines/connect/index.js";
// Engines: the common interface.
export type {
  ActionOutcome,
  AdminAction,
  AdminActionName,
  Capability,
  CycleEndEvent,
  CycleStartEvent,
  EngineEvents,
  EngineKind,
  ExportEvent,
  FailoverEvent,
  FaultName,
  Feature,
  Incident,
  IncidentKind,
  QuarantineEvent,
  SyncEngine,
  ThresholdEvent,
  WritebackOutcome,
} from "./engines/engine.js";
export type {
  AttributeNode,
  BinaryNode,
  CallNode,
  ConstantNode,
  Expression,
  ExpressionBinary,
  ExpressionContext,
  ExpressionDialect,
  ExpressionFunction,
  ExpressionNode,
  ExpressionOperator,
  ExpressionSpecial,
  ExpressionValue,
  FunctionCall,
  GroupNode,
  NodeSpan,
  NumberLiteralNode,
  OmittedNode,
  ParameterNode,
  ParseOptions,
  StringLiteralNode,
} from "./engines/expression/index.js";
// Expression languages: Connect sync-rule expressions and Cloud Sync attribute-mapping expressions.
export {
  AUTHORITATIVE_NULL,
  attributesReferenced,
  CLOUD_SYNC_CONSTANTS,
  CLOUD_SYNC_FUNCTIONS,
  CONNECT_CONSTANTS,
  CONNECT_FUNCTIONS,
  EXPRESSION_LIMITS,
  evaluateExpression,
  IGNORE_THIS_FLOW,
  parametersReferenced,
  parseExpression,
} from "./engines/expression/index.js";
export type { AdObject, AdObjectClass, AttributeSpec, AttributeValue } from "./model/ad-object.js";
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
export { guidToImmutableId, sourceAnchorOf } from "./model/anchor.js";
export type { CloudObjectType, CloudValue, StandardFlow } from "./model/cloud-schema.js";
export { cloudTypeOf, STANDARD_FLOWS, standardProjection } from "./model/cloud-schema.js";
export { Directory } from "./model/directory.js";
export type {
  AttributeEdit,
  AuthenticationResult,
  DirectoryChange,
  DirectoryChangeKind,
  DirectoryEvents,
  DirectoryOptions,
  DirectoryRead,
  PasswordChange,
  PasswordChangeNotice,
  PasswordChangesRead,
  ReplaceEdit,
  ValuesEdit,
} from "./model/directory-types.js";
export type { DnParts } from "./model/dn.js";
export { dnComponent, dnKey, domainToDn, isUnder, qualifyDn, rdnValue, splitDn } from "./model/dn.js";
export type {
  ExchangeOnlineEvent,
  ExchangeOnlineHost,
  ExchangeOnlineValues,
  ExchangeWritebackAttribute,
} from "./model/exchange-online.js";
export {
  EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES,
  EXCHANGE_WRITEBACK_ATTRIBUTES,
  ExchangeOnline,
  exchangeEdits,
  exchangeValueProblem,
} from "./model/exchange-online.js";
export type { CloudCredential, PasswordHash } from "./model/passwords.js";
export {
  deriveCloudCredential,
  hashPassword,
  saltedHash,
  verifyCloudCredential,
  verifyPassword,
} from "./model/passwords.js";
export type { TenantOptions } from "./model/tenant.js";
export { Tenant } from "./model/tenant.js";
export type {
  AttributeConflict,
  AuthenticationMethod,
  AuthenticationProvider,
  CloudObject,
  PasswordResetEvent,
  SignInEvent,
  SignInOutcome,
  SignInReason,
  TenantCredentialEvent,
  TenantDeleteEvent,
  TenantEvents,
  TenantWriteEvent,
  UpsertAction,
  UpsertRequest,
  UpsertResult,
} from "./model/tenant-types.js";
export { WriteThrottle } from "./model/throttle.js";
export type { ForestSpec, WorldOptions } from "./model/world.js";
export { createWorld, World } from "./model/world.js";
// Reports: pure functions of a result.
export { escapeHtml, escapeMarkdownCell, escapeMarkdownText } from "./report/escape.js";
export { type HtmlReportOptions, renderHtml } from "./report/html.js";
export { type JsonOptions, renderJson } from "./report/json.js";
export { renderMarkdown } from "./report/markdown.js";
export { renderSweepHtml, type SweepHtmlOptions } from "./report/sweep-html.js";
export { renderSweepMarkdown } from "./report/sweep-markdown.js";
export { renderSweepTable } from "./report/sweep-table.js";
export { readableLatency, renderTable, type TableOptions } from "./report/table.js";
export type {
  ScriptedCloudDeviceEvent,
  ScriptedCloudDeviceEventInput,
} from "./scenario/cloud-device-event.js";
export type {
  CloudGroupKind,
  ScriptedCloudGroupEvent,
  ScriptedCloudGroupEventInput,
} from "./scenario/cloud-group-event.js";
export { CPU_PLACEMENT_MODES, type CpuPlacementMode } from "./scenario/cpu-placement.js";
export { createEngine, ENGINE_LABELS, type EngineFactory } from "./scenario/engines.js";
export type {
  ExchangeOnlineSetting,
  ScriptedExchangeOnlineEvent,
  ScriptedExchangeOnlineEventInput,
} from "./scenario/exchange-online-event.js";
export { applyOverrides } from "./scenario/overrides.js";
export {
  compareEnginesInParallel,
  type ParallelRunOptions,
  runEnginesInParallel,
} from "./scenario/parallel.js";
export {
  getPreset,
  OFFICE_DAY,
  PRESETS,
  type Preset,
  type PresetSize,
  presetJson,
  scalePreset,
} from "./scenario/presets.js";
export type {
  ChangeCategory,
  ChangeCounts,
  ComparisonResult,
  EngineResult,
  EventResult,
  EventStatus,
  LatencySummary,
  OriginSummary,
  ResultIncident,
  ScenarioSummary,
  TimelinePoint,
} from "./scenario/result.js";
export { CHANGE_CATEGORIES } from "./scenario/result.js";
export { comparisonResultSchema } from "./scenario/result-schema.js";
// Scenarios and comparisons: the main job.
export {
  compareEngines,
  type RunOptions,
  runEngines,
  runScenario,
  summarise,
} from "./scenario/run.js";
export { ENGINE_KINDS } from "./scenario/run-arguments.js";
export type {
  ScenarioEvent,
  ScenarioEventInput,
  ScenarioEventOf,
  ScenarioEventType,
  ScriptedAddMemberEvent,
  ScriptedAddMemberEventInput,
  ScriptedAdminAction,
  ScriptedAdminEvent,
  ScriptedAdminEventInput,
  ScriptedCloudPasswordResetEvent,
  ScriptedCloudPasswordResetEventInput,
  ScriptedCreateEvent,
  ScriptedCreateEventInput,
  ScriptedDeleteEvent,
  ScriptedDeleteEventInput,
  ScriptedEngineName,
  ScriptedFaultEvent,
  ScriptedFaultEventInput,
  ScriptedModifyEvent,
  ScriptedModifyEventInput,
  ScriptedMoveEvent,
  ScriptedMoveEventInput,
  ScriptedPasswordEvent,
  ScriptedPasswordEventInput,
  ScriptedRemoveMemberEvent,
  ScriptedRemoveMemberEventInput,
  ScriptedRestoreEvent,
  ScriptedRestoreEventInput,
  ScriptedSignInEvent,
  ScriptedSignInEventInput,
  WrittenOn,
} from "./scenario/scenario-events.js";
export type {
  AuthenticationMode,
  DirectoryShape,
  DirectoryShapeInput,
  EngineConfigs,
  EngineConfigsInput,
  ForestShape,
  ForestShapeInput,
  InitialSyncMode,
  ObjectKind,
  ReplicatedWorkload,
  ReplicatedWorkloadInput,
  ReplicationSettings,
  ReplicationSettingsInput,
  Scenario,
  ScenarioInput,
  TenantSettings,
  TenantSettingsInput,
  WorkloadRates,
  WorkloadRatesInput,
  WriteOrigin,
} from "./scenario/scenario-types.js";
export {
  AD_CHANGE_TYPES,
  ADMIN_ACTIONS,
  DEFAULT_REPLICATION,
  EVENT_TYPES,
  FAULTS,
  FEATURES,
  scenarioSchema,
  WORKLOAD_CATEGORIES,
} from "./scenario/schema.js";
export type { ScenarioProblem } from "./scenario/schema-problems.js";
export {
  type ProgressListener,
  requestedFeatures,
  type SimulateOptions,
  simulate,
} from "./scenario/simulate.js";
// Sweeps over seeds and variants, in shards if need be (design.md "Scale beyond one machine").
export {
  runSweep,
  type SweepEngineRun,
  type SweepOptions,
  type SweepResult,
  type SweepRun,
} from "./scenario/sweep.js";
export { type MergeOptions, mergeSweeps } from "./scenario/sweep-merge.js";
export {
  parseDimension,
  parseSeeds,
  parseShard,
  planSweep,
  type SweepPlan,
  type SweepPlanOptions,
  type SweepPoint,
  type SweepShard,
  type SweepVariant,
  type SweptScenarios,
  variantGrid,
} from "./scenario/sweep-plan.js";
export { sweepResultSchema } from "./scenario/sweep-schema.js";
export {
  type LowerP99,
  type Spread,
  type SweepEngineSummary,
  type SweepLatency,
  type SweepVariantSummary,
  summarizeSweep,
} from "./scenario/sweep-summary.js";
export {
  defaultEngineThreadOldSpaceMb,
  ENGINE_THREAD_DEFAULT_MAX_WEIGHT,
  ENGINE_THREAD_OLD_SPACE_MB,
  scenarioWeight,
} from "./scenario/thread-heap.js";
export { ScenarioError, scenarioProblems, validateScenario } from "./scenario/validate.js";
export { VERSION } from "./scenario/version.js";
export { type WarmupOutcome, warmUp } from "./scenario/warmup.js";
export type { DurationInput } from "./scheduler/duration.js";
export {
  DAY,
  formatDuration,
  formatInstant,
  HOUR,
  MINUTE,
  parseDuration,
  SECOND,
} from "./scheduler/duration.js";
export type { SimulationErrorCode, SimulationErrorDetails } from "./scheduler/errors.js";
export { isSimulationError, SimulationError } from "./scheduler/errors.js";
export type { HostEvents, HostKind, LinkEvents } from "./scheduler/host.js";
export { Host, Link } from "./scheduler/host.js";
export type {
  ProcessBody,
  ProcessCommand,
  ProcessState,
  SleepCommand,
  WaitCommand,
} from "./scheduler/process.js";
export { Interrupt, Process, Signal, sleep, TIMED_OUT, waitFor } from "./scheduler/process.js";
export { RandomStream, RandomStreams } from "./scheduler/random.js";
export type {
  EventHandle,
  PeriodicTask,
  RunSummary,
  SchedulerOptions,
  TraceRecord,
} from "./scheduler/scheduler.js";
// Kernel: virtual clock, processes, hosts and links, random streams, durations, errors.
export { Scheduler } from "./scheduler/scheduler.js";
