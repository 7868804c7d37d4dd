import { EventEmitter } from "eventemitter3";
import type { AdObject } from "../../model/ad-object.js";
import type { AuthenticationMethod } from "../../model/tenant-types.js";
import type { World } from "../../model/world.js";
import { type DurationInput, HOUR, parseDuration } from "../../scheduler/duration.js";
import { isSimulationError, SimulationError, show } from "../../scheduler/errors.js";
import type { ChangePreview } from "../change-preview.js";
import type {
  ActionOutcome,
  AdminAction,
  AdminActionName,
  Capability,
  EngineEvents,
  FaultName,
  Feature,
  Incident,
  IncidentKind,
  SyncEngine,
} from "../engine.js";
import { CONNECT_CAPABILITIES } from "./capabilities.js";
import {
  type ConnectConfig,
  type ConnectConfigInput,
  inputOfConfig,
  resolveConnectConfig,
} from "./config.js";
import { DeletionThreshold } from "./deletion-threshold.js";
import type { ConnectEvents } from "./events.js";
import { ConnectFeatures } from "./features.js";
import { HealthMonitor } from "./health.js";
import { CloudJournal } from "./journal.js";
import { PasswordWriteback } from "./password-writeback.js";
import { customRulesFromConfig, type SyncRuleInput } from "./rule-config.js";
import { RulePipeline } from "./rule-pipeline.js";
import { buildRuleSet } from "./rule-set.js";
import { ScopeQuestions } from "./scope-questions.js";
import { ConnectServer } from "./server.js";
import { ServerFleet } from "./server-fleet.js";
import type { SyncErrorRecord } from "./sync-database.js";
import type { SyncRule } from "./sync-rule.js";

/**
 * The admin actions the Connect-style engine takes (`perform`): what Connect's wizard and cmdlets offer.
 * On-demand provisioning, pause/resume and quarantine are Cloud Sync's (see the capability table).
 *
 * @public
 */
export const CONNECT_ADMIN_ACTIONS = [
  "promote",
  "demote",
  "start-cycle",
  "allow-deletes",
  "set-threshold",
  "disable-scheduler",
  "enable-scheduler",
  "switch-authentication",
  "set-cycle-interval",
  "upgrade",
  "set-scope",
] as const satisfies readonly AdminActionName[];

/**
 * The Connect-style engine: one or more servers (one active, others in staging mode), each with its own
 * staging database, run profiles, 30-minute scheduler and password hash sync loop, exporting to the
 * tenant through the out-of-box sync rules (reference.md part A).
 *
 * @public
 */
export class ConnectEngine implements SyncEngine {
  /** Engine kind. */
  readonly kind = "connect" as const;
  /** Capability table (reference.md part A). */
  readonly capabilities: readonly Capability[] = CONNECT_CAPABILITIES;
  private readonly emitter = new EventEmitter<ConnectEvents>();
  /** Emits a Connect event (what the servers and the fleet are lent). */
  private readonly emit = <E extends keyof ConnectEvents>(event: E, ...args: ConnectEvents[E]): void => {
    (this.emitter.emit as (event: E, ...args: ConnectEvents[E]) => boolean)(event, ...args);
  };
  private readonly incidentLog: Incident[] = [];
  private configuration: ConnectConfig;
  private rules: RulePipeline;
  private readonly threshold: DeletionThreshold;
  private readonly fleet = new ServerFleet({
    now: () => this.requireWorld().scheduler.now,
    emit: this.emit,
    incident: (kind, detail) => this.record(kind, detail),
  });
  private world: World | undefined;
  private phsOn: boolean;
  private readonly featureSet: ConnectFeatures;
  private writeback: PasswordWriteback | undefined;
  private health: HealthMonitor | undefined;
  /** Would the engine sync an object, why not, what its custom rules make of a change. */
  private readonly questions = new ScopeQuestions({
    config: () => this.configuration,
    rules: () => this.rules,
    customRules: () => this.configuration.rules.length > 0 || this.explicitRules !== undefined,
    activeDb: () => this.fleet.active()?.db,
  });
  /** A rule set given whole through {@link ConnectEngine.setSyncRules}, replacing the built one. */
  private explicitRules: readonly SyncRule[] | undefined;

  /**
   * @param config - overrides of {@link DEFAULT_CONNECT_CONFIG}
   * @throws SimulationError `invalid-argument` with `field` = the path inside the config, or
   *   `invalid-expression` naming the rule, the position and what was expected
   */
  constructor(config: ConnectConfigInput = {}) {
    this.configuration = resolveConnectConfig(config);
    this.rules = this.buildPipeline([]);
    this.threshold = new DeletionThreshold(this.configuration.deletionThreshold);
    this.phsOn = this.configuration.passwordHashSync;
    this.featureSet = new ConnectFeatures(
      () => this.configuration.ptaAgents,
      () => this.phsOn,
    );
  }

  /** Features turned on, the PTA agents and federation service once installed. */
  get features(): ConnectFeatures {
    return this.featureSet;
  }

  /** The engine events every engine emits (the same emitter as {@link ConnectEngine.connectEvents}). */
  get events(): EventEmitter<EngineEvents> {
    return this.emitter as unknown as EventEmitter<EngineEvents>;
  }

  /** All events, typed with the Connect-specific ones (`run:start`, `run:end`, `phs:batch`, `mode`). */
  get connectEvents(): EventEmitter<ConnectEvents> {
    return this.emitter;
  }

  /** Incidents so far, in time order. */
  get incidents(): readonly Incident[] {
    return this.incidentLog;
  }

  /** The configuration in force. */
  get config(): ConnectConfig {
    return this.configuration;
  }

  /** The sync-rule pipeline in force. */
  get pipeline(): RulePipeline {
    return this.rules;
  }

  /** Servers by name (after attach). */
  get servers(): ReadonlyMap<string, ConnectServer> {
    return this.fleet.all;
  }

  /** Creates one host per server and follows the tenant's changes. */
  attach(world: World): void {
    if (this.world)
      throw new SimulationError("invalid-argument", "attach: the engine is already attached", {
        field: "world",
      });
    this.world = world;
    this.questions.attach(world);
    const journal = new CloudJournal(world.tenant);
    const services = {
      world,
      journal,
      threshold: this.threshold,
      config: () => this.configuration,
      pipeline: () => this.rules,
      passwordHashSync: () => this.phsOn,
      features: () => this.featureSet.enabled,
      emit: this.emit,
      incident: (kind: IncidentKind, detail: string) => this.record(kind, detail),
    };
    for (const server of this.configuration.servers) {
      this.fleet.add(new ConnectServer(server.name, server.staging ? "staging" : "active", services));
    }
    // Rules that depend on the forests (cross-forest user join) are built now that they are known.
    if (!this.explicitRules) this.rules = this.buildPipeline([...world.forests.keys()]);
    this.writeback = new PasswordWriteback({
      world,
      activeServer: () => this.fleet.active(),
      latencyMs: () => this.configuration.timing.passwordWritebackMs,
      emit: services.emit,
      incident: services.incident,
    });
    this.health = new HealthMonitor({
      world,
      servers: this.fleet.all,
      events: this.emitter,
      settings: () => this.configuration.health,
      passwordHashSync: () => this.phsOn,
      incident: services.incident,
    });
    this.featureSet.attach(world);
    this.writeback.setEnabled(this.featureSet.enabled.has("password-writeback"));
  }

  /** Starts every server's loops; the first cycle of each is an initial cycle, at once. */
  start(): void {
    this.requireWorld();
    for (const server of this.fleet.all.values()) server.spawnLoops();
    this.health?.start();
  }

  /**
   * See {@link SyncEngine.enableFeatures}. PTA and federation install their provider in the tenant (PTA
   * agents and the federation host are added to the world); password writeback follows the tenant's
   * resets; group / device writeback run at the cycle's export to AD; Exchange hybrid adds its rules.
   */
  enableFeatures(features: readonly Feature[]): Feature[] {
    const unavailable: Feature[] = [];
    for (const feature of features) {
      const refusal = this.featureSet.enable(feature, this.capabilities);
      if (refusal !== undefined) {
        unavailable.push(feature);
        this.record("unsupported-feature", `${feature}: ${refusal}`);
        continue;
      }
      if (feature === "password-hash-sync") this.phsOn = true;
      if (feature === "password-writeback") this.writeback?.setEnabled(true);
      if (feature === "exchange-hybrid-writeback" && !this.explicitRules)
        this.replaceRules(this.buildPipeline());
    }
    return unavailable;
  }

  /**
   * Admin: switches the tenant's sign-in method, e.g. from federation to PHS when the federation service
   * is down and PHS was set up as backup (choose-ad-authn). Refused when the method is not available.
   */
  switchAuthentication(method: AuthenticationMethod): ActionOutcome {
    this.requireWorld();
    const outcome = this.featureSet.switchAuthentication(method);
    if (outcome.status === "done") this.record("failover", `sign-in switched to ${method}`);
    return outcome;
  }

  /** See {@link SyncEngine.perform}. */
  perform(action: AdminAction): ActionOutcome {
    this.requireWorld();
    try {
      switch (action.action) {
        case "promote":
          return this.fleet.promote(action.target);
        case "demote":
          return this.fleet.demote(action.target);
        case "start-cycle":
          return this.fleet.startCycle(action.target, action.value);
        case "allow-deletes":
          this.threshold.allow();
          return { status: "done" };
        case "set-threshold":
          this.threshold.set(action.value);
          return { status: "done" };
        case "set-cycle-interval":
          // how-to-connect-sync-feature-scheduler (Set-ADSyncScheduler -CustomizedSyncCycleInterval): takes
          // effect at once; a value below the minimum is raised to it.
          this.reconfigure({ cycleInterval: action.value as DurationInput });
          return { status: "done" };
        case "set-scope":
          // The wizard's OU/domain filtering page: the next cycle on each server runs a full import and a
          // full sync (how-to-connect-sync-configure-filtering), and deletes what left the scope under the
          // export deletion threshold.
          this.reconfigure({ scope: action.value as ConnectConfigInput["scope"] });
          return { status: "done" };
        case "upgrade":
          // reference.md A "Scheduler": auto-upgrade can take a couple of hours; 2 h unless told.
          return this.fleet.upgrade(
            action.target,
            action.value === undefined ? 2 * HOUR : parseDuration(action.value as DurationInput, "value"),
          );
        case "disable-scheduler":
        case "enable-scheduler":
          return this.fleet.setSchedulers(action.action === "enable-scheduler", action.target);
        default:
          // `switch-authentication` (value phs | pta | federation) once AdminActionName carries it.
          if ((action.action as string) === "switch-authentication")
            return this.switchAuthentication(action.value as AuthenticationMethod);
          return {
            status: "ignored",
            reason: `${action.action} is not a Connect admin action (${CONNECT_ADMIN_ACTIONS.join(", ")})`,
          };
      }
    } catch (error) {
      if (isSimulationError(error)) return { status: "refused", reason: error.message };
      throw error;
    }
  }

  /**
   * See {@link SyncEngine.fault}: `crash`, `restart`, `lose-database` on a server; `down`/`crash` and
   * `up`/`restart` on `pta-agents` (every agent), `pta-agent-N` or `federation`.
   */
  fault(target: string, fault: FaultName): ActionOutcome {
    this.requireWorld();
    const part = this.featureSet.fault(target, fault);
    if (part) return part;
    const server = this.fleet.all.get(target);
    if (!server)
      return {
        status: "ignored",
        reason: `${show(target)} is not a Connect server, pta-agents, pta-agent-N or federation`,
      };
    return this.fleet.fault(server, fault);
  }

  /** True when the engine would sync this AD object: class handled, in the selected OUs/domains, in every rule's scope. */
  inScope(object: AdObject): boolean {
    return this.questions.exclusion(object) === undefined;
  }

  /** Why the engine leaves `object` out (see {@link SyncEngine.outOfScopeReason}). */
  outOfScopeReason(object: AdObject): string | undefined {
    return this.questions.outOfScopeReason(object);
  }

  /**
   * What the custom sync rules make of a change in the cloud, previewed through the rules (see
   * {@link SyncEngine.previewChange}); undefined with the out-of-box rules alone, which flow the standard way.
   */
  previewChange(before: AdObject, after: AdObject): ChangePreview | undefined {
    return this.questions.previewChange(before, after);
  }

  /**
   * Changes settings at run time. An interval change takes effect at once; an OU/domain filter change
   * forces a full import and full sync on each server's next cycle; a change of the custom rules or the
   * pilot group forces a full sync (how-to-connect-sync-feature-scheduler).
   *
   * @throws SimulationError `invalid-argument` / `invalid-expression` (nothing changes)
   */
  reconfigure(
    changes: Pick<
      ConnectConfigInput,
      "cycleInterval" | "scope" | "deletionThreshold" | "rules" | "pilotGroup"
    >,
  ): void {
    const resolved = resolveConnectConfig({ ...inputOfConfig(this.configuration), ...changes });
    const next: ConnectConfig =
      changes.rules === undefined
        ? Object.freeze({ ...resolved, rules: this.configuration.rules })
        : resolved;
    const rulesChanged = changes.rules !== undefined || changes.pilotGroup !== undefined;
    const pipeline = rulesChanged && !this.explicitRules ? this.buildPipeline(undefined, next) : undefined;
    const scopeChanged = changes.scope !== undefined;
    this.configuration = next;
    if (changes.deletionThreshold !== undefined) this.threshold.set(next.deletionThreshold);
    if (pipeline) this.replaceRules(pipeline);
    for (const server of this.fleet.all.values()) {
      server.scheduler.changeInterval(next.cycleIntervalMs);
      if (scopeChanged) server.db.requestFullRuns(server.db.adSpaces.keys());
    }
  }

  /** Replaces the whole rule set (out-of-box rules included); forces a full sync on each server's next cycle. */
  setSyncRules(rules: readonly SyncRule[]): void {
    const pipeline = new RulePipeline(rules);
    this.explicitRules = rules;
    this.replaceRules(pipeline);
  }

  /**
   * Replaces the custom rules (typed, or in the scenario's JSON form with expression text) on top of the
   * out-of-box rules; forces a full sync on each server's next cycle (a rule change).
   *
   * @throws SimulationError `invalid-argument` / `invalid-expression` naming the rule (nothing changes)
   */
  setCustomRules(rules: readonly SyncRule[] | readonly SyncRuleInput[]): void {
    const typed = rules.every((r) => "join" in r)
      ? (rules as readonly SyncRule[])
      : customRulesFromConfig(rules);
    const next: ConnectConfig = Object.freeze({ ...this.configuration, rules: Object.freeze([...typed]) });
    const pipeline = this.buildPipeline(undefined, next);
    this.configuration = next;
    this.explicitRules = undefined;
    this.replaceRules(pipeline);
  }

  /** Sync errors per server (objects whose flows failed), as the Synchronization Service Manager lists them. */
  syncErrors(server?: string): readonly SyncErrorRecord[] {
    const servers = server === undefined ? [...this.fleet.all.values()] : [this.fleet.all.get(server)];
    return servers.flatMap((s) => (s ? [...s.db.syncErrors.values()] : []));
  }

  /** See {@link SyncEngine.status}. */
  status(): Readonly<Record<string, unknown>> {
    const servers = [...this.fleet.all.values()].map((server) => server.status());
    return {
      kind: this.kind,
      servers,
      deletionThreshold: this.threshold.threshold,
      allowDeletesOnce: this.threshold.allowsNext,
      passwordHashSync: this.phsOn,
      cycleIntervalMs: this.configuration.cycleIntervalMs,
      incidents: this.incidentLog.length,
      features: [...this.featureSet.enabled],
      authentication: this.featureSet.authentication,
      ptaAgentsUp: this.featureSet.ptaPool?.upCount ?? null,
      federationUp: this.featureSet.federationService?.host.isUp ?? null,
      passwordWriteback: this.writeback?.isEnabled ?? false,
    };
  }

  private record(kind: IncidentKind, detail: string): void {
    const incident: Incident = Object.freeze({ at: this.world?.scheduler.now ?? 0, kind, detail });
    this.incidentLog.push(incident);
    this.emitter.emit("incident", incident);
  }

  private requireWorld(): World {
    if (!this.world)
      throw new SimulationError("invalid-argument", "engine: attach(world) must be called first", {
        field: "world",
      });
    return this.world;
  }

  /** Builds the rule set from the configuration and the features on. */
  private buildPipeline(
    forests?: readonly string[],
    config: ConnectConfig = this.configuration,
  ): RulePipeline {
    return new RulePipeline(
      buildRuleSet({
        forests: forests ?? (this.world ? [...this.world.forests.keys()] : []),
        custom: config.rules,
        pilotGroups: config.pilotGroups,
        userJoin: config.userJoin,
        exchangeHybrid: this.featureSet?.enabled.has("exchange-hybrid-writeback") ?? false,
      }),
      // The custom rules are named as the config lists them, not by their place after the out-of-box ones.
      new Map(config.rules.map((rule, i) => [rule, `rules[${i}]`])),
    );
  }

  /**
   * A rule change: the next cycle of every server runs a full sync of the connectors whose rules changed
   * (reference.md A "Scheduler": "sync-rule change → full sync of that connector"), none when no rule did.
   */
  private replaceRules(pipeline: RulePipeline): void {
    const forests = forestsOfChangedRules(this.rules.rules, pipeline.rules);
    this.rules = pipeline;
    if (forests?.length === 0) return;
    for (const server of this.fleet.all.values()) server.db.requestFullRuns([], forests);
  }
}

/**
 * The forests whose AD connector must run a full sync after the rule set went from `before` to `after`: for
 * each rule added, removed or changed, its forest when it is an AD rule of one forest; every AD connector
 * (undefined) for an AD rule of every forest or an Entra connector rule — the outbound rules are evaluated
 * for the metaverse objects an AD connector's sync touches, so re-evaluating them all is a full sync of
 * each AD connector. Empty when no rule changed.
 */
function forestsOfChangedRules(
  before: readonly SyncRule[],
  after: readonly SyncRule[],
): string[] | undefined {
  const count = new Map<string, number>();
  const rules = new Map<string, SyncRule>();
  for (const [list, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    for (const rule of list) {
      const key = JSON.stringify(rule);
      rules.set(key, rule);
      count.set(key, (count.get(key) ?? 0) + sign);
    }
  }
  const forests = new Set<string>();
  for (const [key, n] of count) {
    if (n === 0) continue;
    const rule = rules.get(key) as SyncRule;
    if (rule.connector !== "ad" || rule.forest === undefined) return undefined;
    forests.add(rule.forest);
  }
  return [...forests];
}
