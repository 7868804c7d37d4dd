import type { EventEmitter } from "eventemitter3";
import type { PasswordHash } from "../../model/passwords.js";
import type { World } from "../../model/world.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { IncidentKind } from "../engine.js";
import { ProvisioningAgent } from "./agent.js";
import { AgentPool } from "./agent-pool.js";
import type { CloudSyncConfig } from "./config.js";
import { type ConfigurationContext, ProvisionedObjects } from "./configuration.js";
import type { CloudSyncEvents } from "./events.js";
import { ExchangeWriteback } from "./exchange-writeback.js";
import { GroupProvisioning } from "./group-provisioning.js";
import type { AttributeMappings } from "./mappings.js";
import { PasswordHashJob } from "./password-hash-job.js";
import { ProvisioningJob } from "./provisioning-job.js";
import { ScopingFilter } from "./scope.js";
import type { TimingProfile } from "./timing.js";

/**
 * One Cloud Sync configuration: one AD domain, its two jobs (object provisioning and password hash sync,
 * each with its own schedule and status — cloud-sync `concept-how-it-works`).
 *
 * @public
 */
export interface SyncConfiguration {
  /** The AD domain. */
  readonly domain: string;
  /** The forest it belongs to. */
  readonly forest: string;
  /** Context shared by the jobs. @internal */
  readonly context: ConfigurationContext;
  /** The object provisioning job. */
  readonly provisioning: ProvisioningJob;
  /** The password hash sync job. */
  readonly passwordHash: PasswordHashJob;
}

/**
 * The cloud provisioning service: it holds the configurations (one per AD domain, each with its
 * watermark, scoping and mappings), the agent pool, and drives every cycle from the cloud. On-premises
 * crashes do not stop it; a cut link makes its requests fail.
 *
 * @public
 */
export class ProvisioningService {
  /** The agents, `agent-1` … `agent-N`. */
  readonly agents: readonly ProvisioningAgent[];
  /** The agent pool (health, selection, failover). */
  readonly pool: AgentPool;
  /** Configurations by domain, in forest then domain order. */
  readonly configurations: ReadonlyMap<string, SyncConfiguration>;
  private readonly world: World;
  private readonly timing: TimingProfile;
  private readonly events: EventEmitter<CloudSyncEvents>;
  private readonly incident: (kind: IncidentKind, detail: string) => void;
  /** Group provisioning to AD, whose job runs once the feature is on and the service started. */
  private readonly groupProvisioning: GroupProvisioning;
  private groupProvisioningOn = false;
  /** Exchange hybrid writeback, one job per configuration once the feature is on (undefined: off). */
  private exchangeWriteback: ExchangeWriteback[] | undefined;
  private started = false;

  /** @internal */
  constructor(options: {
    world: World;
    config: CloudSyncConfig;
    mappings: AttributeMappings;
    events: EventEmitter<CloudSyncEvents>;
    incident: (kind: IncidentKind, detail: string) => void;
  }) {
    const { world, config, events, incident } = options;
    this.world = world;
    this.timing = config.timing;
    this.events = events;
    this.incident = incident;
    const agents: ProvisioningAgent[] = [];
    for (let i = 1; i <= config.agents; i++) {
      const host = world.addHost(`cloud-sync:agent-${i}`, "provisioning-agent");
      agents.push(
        new ProvisioningAgent(`agent-${i}`, host, world.cloudLink, config.timing, (agent) => {
          this.pool.report(agent);
          events.emit("agent:bootstrap", { at: world.scheduler.now, agent: agent.name });
        }),
      );
    }
    this.agents = agents;
    this.pool = new AgentPool({
      agents,
      scheduler: world.scheduler,
      link: world.cloudLink,
      timing: config.timing,
      mode: config.agentMode,
      observer: {
        selected: (domain, agent) =>
          events.emit("agent:selected", { at: world.scheduler.now, domain, agent }),
        failover: (domain, from, to, reason) => {
          events.emit("failover", { at: world.scheduler.now, from, to });
          incident("failover", `${domain}: ${from} → ${to ?? "none"} (${reason})`);
        },
        restored: (domain, agent) => {
          events.emit("agent:selected", { at: world.scheduler.now, domain, agent });
          incident("failover", `${domain}: none → ${agent} (${agent} reported again)`);
        },
      },
    });
    this.groupProvisioning = new GroupProvisioning(world, config.groupProvisioningContainer);
    const configurations = new Map<string, SyncConfiguration>();
    for (const [forest, directory] of world.forests) {
      for (const domain of directory.domains) {
        if (config.domains && !config.domains.includes(domain) && !config.domains.includes(forest)) continue;
        const context: ConfigurationContext = {
          domain,
          writer: `cloud-sync:${domain}`,
          directory,
          scope: new ScopingFilter(domain, config.scope, this.groupProvisioning.writtenGuids),
          tenant: world.tenant,
          scheduler: world.scheduler,
          pool: this.pool,
          config,
          mappings: options.mappings,
          provisioned: new ProvisionedObjects(),
          events,
          incident,
        };
        configurations.set(domain, {
          domain,
          forest,
          context,
          provisioning: new ProvisioningJob(context),
          passwordHash: new PasswordHashJob(context),
        });
      }
    }
    this.configurations = configurations;
  }

  /** Starts the agents' bootstrap loops, the auto-update schedule and every job. */
  start(): void {
    this.pool.starting();
    for (const agent of this.agents) agent.start();
    for (const configuration of this.configurations.values()) {
      configuration.provisioning.start();
      configuration.passwordHash.start();
    }
    if (this.agents.length > 0)
      this.world.scheduler.spawn(this.autoUpdate(), { name: "cloud-sync:auto-update" });
    this.started = true;
    if (this.groupProvisioningOn) this.startGroupProvisioning();
    for (const job of this.exchangeWriteback ?? []) job.start();
  }

  /**
   * Turns on group provisioning to AD: its job writes cloud security groups to the first configuration's
   * domain every 20 min once the service runs (group-provisioning.ts).
   */
  enableGroupProvisioning(): void {
    this.groupProvisioningOn = true;
    if (this.started) this.startGroupProvisioning();
  }

  /**
   * Turns on Exchange hybrid writeback: each configuration's job writes Exchange Online's settings to the
   * users it provisioned, every `exchangeWritebackInterval` once the service runs (exchange-writeback.ts).
   */
  enableExchangeWriteback(): void {
    if (this.exchangeWriteback) return;
    this.exchangeWriteback = [...this.configurations.values()].map(
      (configuration) => new ExchangeWriteback(this.world, configuration),
    );
    if (this.started) for (const job of this.exchangeWriteback) job.start();
  }

  private startGroupProvisioning(): void {
    const target = this.configurations.values().next().value;
    if (target) this.groupProvisioning.start(target);
  }

  /**
   * Auto-update (concept-how-it-works: cannot be turned off): each round restarts the agents one at a
   * time, each down for the update outage (an assumption, reference.md B "High availability").
   */
  private *autoUpdate(): ProcessBody<void> {
    const { scheduler } = this.world;
    const { updateFirstAt, updateInterval, updateOutage } = this.timing;
    let round = scheduler.now + updateFirstAt;
    for (;;) {
      yield sleep(Math.max(0, round - scheduler.now));
      for (const agent of this.agents) {
        if (!agent.isUp) continue;
        agent.host.crash();
        this.events.emit("agent:update", { at: scheduler.now, agent: agent.name, phase: "start" });
        yield sleep(updateOutage);
        agent.host.restart();
        this.events.emit("agent:update", { at: scheduler.now, agent: agent.name, phase: "end" });
      }
      round += updateInterval;
    }
  }

  /** The configuration whose directory holds `target` (DN or name), if any. */
  locate(target: string): SyncConfiguration | undefined {
    for (const configuration of this.configurations.values()) {
      const { directory, domain } = configuration.context;
      const object = directory.getByDn(target) ?? directory.find(target);
      if (object && object.domain === domain) return configuration;
    }
    return undefined;
  }

  /**
   * Password writeback (`concept-sspr-writeback`): a reset in the cloud is written to AD at once through
   * an agent of the user's configuration; with no agent (or link) it fails with a recorded reason.
   */
  writeBack(event: { cloudId: string; anchor: string | undefined; hash: PasswordHash }): void {
    const anchor = event.anchor;
    if (anchor === undefined) return;
    for (const configuration of this.configurations.values()) {
      const guid = configuration.context.provisioned.guidOf(anchor);
      if (guid === undefined) continue;
      this.world.scheduler.spawn(this.writeBackProcess(configuration, guid, event, anchor), {
        name: `cloud-sync:${configuration.domain}:writeback`,
      });
      return;
    }
  }

  private *writeBackProcess(
    configuration: SyncConfiguration,
    guid: string,
    reset: { cloudId: string; hash: PasswordHash },
    anchor: string,
  ): ProcessBody<void> {
    const { pool, directory, domain } = configuration.context;
    const reply = yield* pool.call(domain, "password writeback", (agent) =>
      agent.writePassword(directory, guid, reset.hash),
    );
    const at = this.world.scheduler.now;
    if (reply.ok) {
      this.world.tenant.confirmPasswordReset(reset.cloudId, reset.hash);
      this.events.emit("writeback", { at, domain, anchor, ok: true });
    } else {
      // concept-sspr-writeback: synchronous, so the user's reset is refused and the old password stands.
      this.world.tenant.rejectPasswordReset(reset.cloudId, reset.hash);
      this.events.emit("writeback", { at, domain, anchor, ok: false, reason: reply.reason });
      // Named as an admin knows the user (its cloud UPN), not by its source anchor.
      const upn = this.world.tenant.getByAnchor(anchor)?.attributes.userPrincipalName;
      const who = typeof upn === "string" ? upn : anchor;
      this.incident("writeback-failed", `${domain}: password writeback for ${who} failed: ${reply.reason}`);
    }
  }
}
