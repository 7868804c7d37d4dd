import { EventEmitter } from "eventemitter3";
import type { AdObject } from "../../model/ad-object.js";
import type { World } from "../../model/world.js";
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
import { cloudSyncCapabilities, NOT_MODELLED_FEATURES } from "./capabilities.js";
import {
  type CloudSyncConfig,
  type CloudSyncConfigInput,
  type ResolvedScope,
  resolveCloudSyncConfig,
  resolveScope,
  type ScopeInput,
  scopeOverLimit,
} from "./config.js";
import type { CloudSyncEvents } from "./events.js";
import { AttributeMappings, previewMapping } from "./mappings.js";
import { ScopingFilter } from "./scope.js";
import { ProvisioningService, type SyncConfiguration } from "./service.js";

/**
 * The admin actions the Cloud Sync-style engine takes (`perform`): what the portal offers a configuration,
 * and on-demand provisioning.
 *
 * @public
 */
export const CLOUD_SYNC_ADMIN_ACTIONS = [
  "allow-deletes",
  "restart",
  "clear-quarantine",
  "pause",
  "resume",
  "set-threshold",
  "on-demand",
  "set-scope",
] as const satisfies readonly AdminActionName[];

/** Admin actions that belong to the Connect-style engine. */
const CONNECT_ONLY = new Set(["promote", "demote", "start-cycle", "disable-scheduler", "enable-scheduler"]);

/**
 * The Cloud Sync-style engine: provisioning agents on premises and a provisioning service in the cloud
 * that holds the watermark, applies mappings and scoping, writes to the tenant on a short cycle, keeps one
 * active agent per configuration with failover, stops at the accidental-delete threshold, records the
 * documented size limits, and goes into quarantine when it cannot make progress (design.md "Engines",
 * reference.md part B).
 *
 * @example
 * ```ts
 * const world = new World({ seed: 1 });
 * const engine = new CloudSyncEngine({ agents: 2 });
 * engine.attach(world);
 * engine.start();
 * world.scheduler.run({ until: 10 * MINUTE });
 * ```
 * @public
 */
export class CloudSyncEngine implements SyncEngine {
  /** Engine kind. */
  readonly kind = "cloudSync" as const;
  /** The resolved configuration. */
  readonly config: CloudSyncConfig;
  /** The capability table of the configured profile. */
  readonly capabilities: readonly Capability[];
  /**
   * Every event with Cloud Sync's own types (agent bootstrap and selection, updates, job states, on-demand
   * runs, writeback) besides the common ones. The same emitter as {@link CloudSyncEngine.events}.
   */
  readonly cloudEvents = new EventEmitter<CloudSyncEvents>();
  /** The common engine events the harness listens to (same emitter as {@link CloudSyncEngine.cloudEvents}). */
  readonly events: EventEmitter<EngineEvents> = this.cloudEvents as unknown as EventEmitter<EngineEvents>;
  private readonly incidentLog: Incident[] = [];
  private readonly mappings: AttributeMappings;
  private world: World | undefined;
  private service: ProvisioningService | undefined;
  private readonly enabled = new Set<Feature>();
  private writebackHooked = false;

  /**
   * @param input - configuration (every field optional)
   * @throws SimulationError `invalid-argument` whose `field` is the path in the config; `invalid-expression`
   * for a malformed expression mapping, naming the mapping
   */
  constructor(input: CloudSyncConfigInput = {}) {
    this.config = resolveCloudSyncConfig(input);
    this.mappings = new AttributeMappings(this.config.mappings);
    this.capabilities = cloudSyncCapabilities(this.config.capabilities);
  }

  /** Incidents so far, in time order. */
  get incidents(): readonly Incident[] {
    return this.incidentLog;
  }

  /** The provisioning service (after attach). */
  get provisioningService(): ProvisioningService | undefined {
    return this.service;
  }

  /**
   * Creates the agent hosts (`cloud-sync:agent-N`) and one configuration per domain.
   *
   * @throws SimulationError `invalid-argument` when attached twice or a configured domain is not in the world
   */
  attach(world: World): void {
    if (this.world)
      throw new SimulationError("invalid-argument", "attach: engine is already attached", { field: "world" });
    for (const domain of this.config.domains ?? []) {
      const known = [...world.forests.values()].some(
        (d) => d.forest === domain || d.domains.includes(domain),
      );
      if (!known)
        throw new SimulationError(
          "invalid-argument",
          `domains: ${show(domain)} is not a forest or domain of the world`,
          { field: "domains", value: domain },
        );
    }
    this.world = world;
    this.service = new ProvisioningService({
      world,
      config: this.config,
      mappings: this.mappings,
      events: this.cloudEvents,
      incident: (kind, detail) => this.record(kind, detail),
    });
    if (this.enabled.has("password-writeback")) this.hookWriteback();
    if (this.enabled.has("group-provisioning-to-ad")) this.service.enableGroupProvisioning();
    if (this.enabled.has("exchange-hybrid-writeback")) this.service.enableExchangeWriteback();
  }

  /** Starts agents and jobs at the world's current time; the first cycle of each configuration is initial. */
  start(): void {
    const service = this.requireService("start");
    const overLimit = scopeOverLimit(this.config.scope, this.config.scopeLimit);
    if (overLimit) this.record("limit-exceeded", `scope: ${overLimit}`);
    service.start();
  }

  /**
   * Turns on requested features; returns the unsupported ones, each recorded as an incident. Features the
   * product has but the simulator does not model are returned too, and the incident says so.
   */
  enableFeatures(features: readonly Feature[]): Feature[] {
    const unsupported: Feature[] = [];
    for (const feature of features) {
      const row = this.capabilities.find((c) => c.feature === feature);
      if (!row?.supported) {
        unsupported.push(feature);
        this.record("unsupported-feature", `${feature}: ${row?.reason ?? "unknown feature"}`);
      } else if (NOT_MODELLED_FEATURES.has(feature)) {
        unsupported.push(feature);
        this.record(
          "unsupported-feature",
          `${feature}: supported by the product, not modelled by the simulator`,
        );
      } else {
        this.enabled.add(feature);
      }
    }
    if (this.enabled.has("password-writeback")) this.hookWriteback();
    if (this.enabled.has("group-provisioning-to-ad")) this.service?.enableGroupProvisioning();
    if (this.enabled.has("exchange-hybrid-writeback")) this.service?.enableExchangeWriteback();
    return unsupported;
  }

  /** Carries out an admin action on every configuration, or on the one whose domain is `target`. */
  perform(action: AdminAction): ActionOutcome {
    const service = this.requireService("perform");
    if (CONNECT_ONLY.has(action.action))
      return { status: "ignored", reason: `${action.action} is a Connect Sync action` };
    if (action.action === "on-demand") return this.onDemand(service, action.target);
    const targets = this.configurationsFor(service, action.target);
    if (targets.length === 0)
      return { status: "refused", reason: `no configuration for ${show(action.target)}` };
    switch (action.action) {
      case "allow-deletes": {
        // how-to-accidental-deletes: it processes the deletes of a stopped execution, nothing else.
        const allowed = targets.filter((c) => c.provisioning.allowDeletes());
        return allowed.length > 0
          ? { status: "done" }
          : { status: "refused", reason: "no job is stopped by the delete threshold" };
      }
      case "restart":
        for (const c of targets) c.provisioning.restart();
        return { status: "done" };
      case "clear-quarantine": {
        const cleared = targets.filter((c) => c.provisioning.clearQuarantine());
        return cleared.length > 0
          ? { status: "done" }
          : { status: "refused", reason: "no job is in quarantine" };
      }
      case "pause":
        for (const c of targets) {
          c.provisioning.pause();
          c.passwordHash.pause();
        }
        return { status: "done" };
      case "resume":
        for (const c of targets) {
          c.provisioning.resume();
          c.passwordHash.resume();
        }
        return { status: "done" };
      case "set-threshold": {
        const value = action.value;
        if (value !== false && (typeof value !== "number" || !Number.isInteger(value) || value < 1)) {
          return {
            status: "refused",
            reason: `set-threshold: ${show(value)} is not a positive integer or false`,
          };
        }
        for (const c of targets) c.provisioning.deleteThreshold.set(value);
        return { status: "done" };
      }
      case "set-scope":
        return this.setScope(targets, action.value);
      default:
        return {
          status: "ignored",
          reason: `${action.action} is not a Cloud Sync action (${CLOUD_SYNC_ADMIN_ACTIONS.join(", ")})`,
        };
    }
  }

  /**
   * The admin saves a new scope (OUs and groups) for the configurations: each clears its watermark and runs
   * a new initial cycle now (reference.md B "Timing": a mapping or scope change clears the watermark).
   */
  private setScope(targets: readonly SyncConfiguration[], value: unknown): ActionOutcome {
    let scope: ResolvedScope;
    try {
      scope = resolveScope(value as ScopeInput);
    } catch (error) {
      if (!isSimulationError(error)) throw error;
      return { status: "refused", reason: `set-scope: ${error.message}` };
    }
    const overLimit = scopeOverLimit(scope, this.config.scopeLimit);
    if (overLimit) return { status: "refused", reason: `set-scope: ${overLimit}` };
    for (const c of targets) {
      c.context.scope.replace(scope);
      c.provisioning.rescoped();
    }
    return { status: "done" };
  }

  /** Crashes or restarts an agent (`agent-1` or `cloud-sync:agent-1`). */
  fault(target: string, fault: FaultName): ActionOutcome {
    const service = this.requireService("fault");
    const name = target.startsWith("cloud-sync:") ? target.slice("cloud-sync:".length) : target;
    const agent = service.agents.find((a) => a.name === name);
    if (!agent) return { status: "ignored", reason: `${show(target)} is not a Cloud Sync agent` };
    switch (fault) {
      case "crash":
      case "down":
        agent.host.crash();
        return { status: "done" };
      case "up":
        agent.host.restart();
        return { status: "done" };
      case "restart":
        // A restart of a running agent loses its request in flight and bootstraps again.
        agent.host.crash();
        agent.host.restart();
        return { status: "done" };
      default:
        return { status: "ignored", reason: `${fault} does not apply to a provisioning agent` };
    }
  }

  /** True when some configuration would provision `object` (class, domain, scope). */
  inScope(object: AdObject): boolean {
    const service = this.service;
    if (!service) return false;
    const configuration = service.configurations.get(object.domain);
    return configuration?.context.scope.inScope(object, configuration.context.directory) ?? false;
  }

  /** Why no configuration provisions `object` (see {@link SyncEngine.outOfScopeReason}). */
  outOfScopeReason(object: AdObject): string | undefined {
    const service = this.service;
    if (!service) return "the engine has not started";
    const configuration = service.configurations.get(object.domain);
    if (!configuration) return `no Cloud Sync configuration for domain ${object.domain}`;
    const { scope, directory } = configuration.context;
    const exclusion = scope.exclusion(object, directory);
    return exclusion === undefined ? undefined : scope.describe(exclusion, object);
  }

  /**
   * What the mapping overrides make of a change in the cloud (see {@link SyncEngine.previewChange});
   * undefined with the default mappings, which flow the standard way.
   */
  previewChange(before: AdObject, after: AdObject): ChangePreview | undefined {
    const type = ScopingFilter.typeOf(after);
    if (this.mappings.standard || !type) return undefined;
    return previewMapping(this.mappings, type, before, after);
  }

  /** JSON snapshot: agents up/healthy, and per configuration both jobs' states, active agent, watermark, next cycle. */
  status(): Readonly<Record<string, unknown>> {
    const service = this.service;
    return {
      kind: this.kind,
      timing: this.config.timingProfile,
      agentMode: this.config.agentMode,
      capabilities: this.config.capabilities,
      agents: (service?.agents ?? []).map((agent) => ({
        name: agent.name,
        host: agent.host.name,
        up: agent.isUp,
        healthy: service?.pool.healthy(agent) ?? false,
        lastSeenAt: service?.pool.lastSeenAt(agent) ?? null,
      })),
      configurations: [...(service?.configurations.values() ?? [])].map((c) => ({
        domain: c.domain,
        forest: c.forest,
        writer: c.context.writer,
        provisioning: c.provisioning.snapshot(),
        passwordHash: c.passwordHash.snapshot(),
      })),
      features: [...this.enabled],
    };
  }

  private onDemand(service: ProvisioningService, target: string | undefined): ActionOutcome {
    if (typeof target !== "string" || target.length === 0)
      return { status: "refused", reason: "on-demand needs a target DN or name" };
    const configuration = service.locate(target);
    if (!configuration)
      return {
        status: "refused",
        reason: `on-demand: ${show(target)} is not an object of a configured domain`,
      };
    (this.world as World).scheduler.spawn(configuration.provisioning.onDemand(target), {
      name: `cloud-sync:${configuration.domain}:on-demand`,
    });
    return { status: "done" };
  }

  private configurationsFor(service: ProvisioningService, target: string | undefined): SyncConfiguration[] {
    const all = [...service.configurations.values()];
    if (target === undefined) return all;
    return all.filter((c) => c.domain === target || c.forest === target);
  }

  private hookWriteback(): void {
    if (this.writebackHooked || !this.world || !this.service) return;
    this.writebackHooked = true;
    const service = this.service;
    this.world.tenant.events.on("password-reset", (event) => service.writeBack(event));
  }

  private record(kind: IncidentKind, detail: string): void {
    const incident: Incident = { at: this.world?.scheduler.now ?? 0, kind, detail };
    this.incidentLog.push(incident);
    this.cloudEvents.emit("incident", incident);
  }

  private requireService(what: string): ProvisioningService {
    if (!this.service)
      throw new SimulationError("invalid-argument", `${what}: attach the engine to a world first`, {
        field: "world",
      });
    return this.service;
  }
}
