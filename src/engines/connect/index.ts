/**
 * The Connect-style engine (Microsoft Entra Connect Sync). Public: the engine, its config, its events,
 * the database and rule classes a reader studies. Internal helpers stay unexported so they can change.
 */
export { FederationService, PtaAgentPool } from "./authentication.js";
export { CONNECT_CAPABILITIES, CONNECT_MODELLED_FEATURES } from "./capabilities.js";
export type { ConnectConfig, ConnectConfigInput, ConnectTiming } from "./config.js";
export { DEFAULT_CONNECT_CONFIG, MIN_CYCLE_INTERVAL_MS, resolveConnectConfig } from "./config.js";
export type { AdCsObject, PendingImport } from "./connector-space.js";
export { ConnectorSpace } from "./connector-space.js";
export type { CycleKind, CycleOutcome } from "./cycle.js";
export { syncCycle } from "./cycle.js";
export { DeletionThreshold } from "./deletion-threshold.js";
export { CONNECT_ADMIN_ACTIONS, ConnectEngine } from "./engine.js";
export type { EntraCsObject, ExportOperation } from "./entra-connector-space.js";
export { attributeDelta, EntraConnectorSpace, exportOperation } from "./entra-connector-space.js";
export type {
  ConnectEvents,
  PhsBatchEvent,
  RunEndEvent,
  RunProfileName,
  RunStartEvent,
  RunStatus,
  ServerModeEvent,
  WritebackEvent,
} from "./events.js";
export { exportToEntra } from "./export.js";
export { ConnectFeatures } from "./features.js";
export type { HealthAlertName } from "./health.js";
export type { HealthAlertInput, HealthAlertSettings } from "./health-settings.js";
export { DEFAULT_HEALTH_ALERTS, resolveHealthAlerts } from "./health-settings.js";
export { deltaImport, fullImport, importFromEntra } from "./import.js";
export { CloudJournal } from "./journal.js";
export type { MvObject } from "./metaverse.js";
export { Metaverse } from "./metaverse.js";
export { EXCHANGE_HYBRID_ATTRIBUTES, EXCHANGE_HYBRID_RULES, OUT_OF_BOX_RULES } from "./out-of-box-rules.js";
export { PasswordHashSync } from "./password-hash-sync.js";
export { PasswordWriteback } from "./password-writeback.js";
export { customRulesFromConfig, type SyncRuleFlowInput, type SyncRuleInput } from "./rule-config.js";
export type {
  FlowContribution,
  FlowError,
  InboundEnvironment,
  InboundResult,
  OutboundResult,
  ReferenceResolver,
} from "./rule-pipeline.js";
export { RulePipeline } from "./rule-pipeline.js";
export { buildRuleSet, type RuleSetOptions, type UserJoin } from "./rule-set.js";
export type { RunContext } from "./run-context.js";
export type { RunResult } from "./run-profile.js";
export type { MembershipTest } from "./scoping.js";
export type { ServerMode } from "./server.js";
export { ConnectServer } from "./server.js";
export { deltaSync, fullSync, syncEntra } from "./sync.js";
export { SyncDatabase, type SyncErrorRecord } from "./sync-database.js";
export type {
  AttributeFlow,
  FlowFunctionName,
  FlowOptions,
  JoinCondition,
  LinkType,
  MergeType,
  ScopeClause,
  ScopeOperator,
  SyncRule,
} from "./sync-rule.js";
export { SyncScheduler } from "./sync-scheduler.js";
export { domainRootDn, exportToAd, GROUP_WRITEBACK_MEMBER_LIMITS } from "./writeback.js";
