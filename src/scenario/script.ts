import type { EngineKind, SyncEngine } from "../engines/engine.js";
import type { AdObject } from "../model/ad-object.js";
import { sourceAnchorOf } from "../model/anchor.js";
import { cloudTypeOf } from "../model/cloud-schema.js";
import type { Directory } from "../model/directory.js";
import type { World } from "../model/world.js";
import { isSimulationError } from "../scheduler/errors.js";
import type { DirectoryActions } from "./actions.js";
import { CloudDevices } from "./cloud-devices.js";
import { CloudGroups } from "./cloud-groups.js";
import { type CloudToAdRun, featureRefusal } from "./cloud-to-ad.js";
import { ENGINE_LABELS } from "./engines.js";
import { ExchangeWrites } from "./exchange-writes.js";
import { Observer, type TrackedChange } from "./observer.js";
import type { Population } from "./population.js";
import type { Replication } from "./replication.js";
import type { EventResult } from "./result.js";
import type { Scenario, ScenarioEvent, ScenarioEventOf } from "./schema.js";
import { ScriptedWrites, type ScriptOutcome } from "./scripted-writes.js";
import { scenarioPassword } from "./secrets.js";

/**
 * Plays a scenario's scripted events into one run: AD writes through {@link DirectoryActions} (tracked by
 * the observer), sign-ins and cloud password resets against the tenant, faults against hosts, links, the
 * tenant or the engine, and admin actions against the engine they name. Events aimed at the other engine
 * are `ignored`.
 */

type Outcome = ScriptOutcome;

/** A cloud password reset waiting for AD (kept by event index). */
interface ResetWait {
  /** The user's objectGUID. */
  readonly guid: string;
  /** The password version AD reaches with this reset. */
  readonly version: number;
  readonly anchor: string;
  readonly cloudId: string;
}

/** The engine a fault target belongs to, if any. @internal */
export function faultEngine(target: string): EngineKind | undefined {
  if (
    target.startsWith("connect:") ||
    target === "pta-agents" ||
    target.startsWith("pta-agent-") ||
    target === "federation"
  )
    return "connect";
  if (target.startsWith("cloud-sync:")) return "cloudSync";
  return undefined;
}

/**
 * Runs the scripted events of one run and reports their fates.
 *
 * @public
 */
export class Script {
  private readonly world: World;
  private readonly scenario: Scenario;
  private readonly kind: EngineKind;
  private readonly engine: SyncEngine;
  private readonly population: Population;
  private readonly actions: DirectoryActions;
  private readonly seed: number;
  private readonly unsupported: ReadonlySet<string>;
  private readonly outcomes = new Map<number, Outcome>();
  private readonly tracked = new Map<number, TrackedChange[]>();
  /** Resets waiting for AD, by event index (a user may have several, each written back in turn). */
  private readonly resets = new Map<number, ResetWait>();
  /** The scenario's cloud groups, awaited in AD (none without `cloud-group` events: AD is not watched). */
  private readonly cloudGroups: CloudGroups | undefined;
  /** The scenario's cloud devices, awaited in AD (none without `cloud-device` events). */
  private readonly cloudDevices: CloudDevices | undefined;
  /** The scenario's Exchange Online settings, awaited in AD (none without `exchange-online` events). */
  private readonly exchangeWrites: ExchangeWrites | undefined;
  /** The run's parts the events from the cloud to AD work with. */
  private readonly cloudToAd: CloudToAdRun;
  /** The scripted AD writes. */
  private readonly writes: ScriptedWrites;

  /**
   * @param options - the run's parts
   */
  constructor(options: {
    world: World;
    scenario: Scenario;
    kind: EngineKind;
    engine: SyncEngine;
    population: Population;
    actions: DirectoryActions;
    seed: number;
    unsupported: readonly string[];
    /** Virtual time the workload starts (after a warm-up); event times are relative to it. */
    origin?: number;
    /** Replication between domain controllers, when the scenario writes on others. */
    replication?: Replication;
  }) {
    const origin = options.origin ?? 0;
    this.world = options.world;
    this.scenario = options.scenario;
    this.kind = options.kind;
    this.engine = options.engine;
    this.population = options.population;
    this.actions = options.actions;
    this.seed = options.seed;
    this.unsupported = new Set(options.unsupported);
    // A writeback that fails (server or link down, staging only) fails the reset at once, with the
    // engine's reason, instead of waiting for the run to end.
    this.engine.events.on("writeback", (notice) => {
      if (notice.ok || (notice.kind !== undefined && notice.kind !== "password")) return;
      // The user's earliest waiting reset: writebacks go in the order of the resets.
      for (const [index, wait] of this.resets) {
        if (notice.cloudId === wait.cloudId || notice.anchor === wait.anchor) {
          this.resets.delete(index);
          this.outcomes.set(index, {
            status: "failed",
            reason: notice.reason ?? "password writeback failed",
          });
          return;
        }
      }
    });
    for (const directory of this.world.forests.values()) {
      directory.events.on("password", (change) => {
        for (const [index, wait] of this.resets) {
          if (wait.guid !== change.objectGUID || change.version < wait.version) continue;
          this.resets.delete(index);
          this.outcomes.set(index, { status: "applied", visibleAt: change.at - origin });
        }
      });
    }
    this.cloudToAd = {
      world: this.world,
      origin,
      kind: this.kind,
      engine: this.engine,
      features: this.scenario.features,
      unsupported: this.unsupported,
      population: this.population,
      settle: (index, outcome) => this.outcomes.set(index, outcome),
    };
    this.writes = new ScriptedWrites({
      world: this.world,
      scenario: this.scenario,
      population: this.population,
      actions: this.actions,
      replication: options.replication,
      origin,
      settle: (index, fate) => {
        // A write that replicated from another DC: its changes, or why none were made.
        this.outcomes.delete(index);
        if (Array.isArray(fate)) this.tracked.set(index, fate);
        else this.outcomes.set(index, fate);
      },
    });
    const has = (type: ScenarioEvent["type"]) => this.scenario.events.some((event) => event.type === type);
    this.cloudGroups = has("cloud-group") ? new CloudGroups(this.cloudToAd) : undefined;
    this.cloudDevices = has("cloud-device") ? new CloudDevices(this.cloudToAd) : undefined;
    this.exchangeWrites = has("exchange-online") ? new ExchangeWrites(this.cloudToAd) : undefined;
    this.scenario.events.forEach((event, index) => {
      this.world.scheduler.schedule(origin + event.at, () => this.play(event, index), `script:${event.type}`);
    });
  }

  /** Cloud password resets, groups, devices and Exchange Online settings still waiting for AD to show them. */
  get waiting(): number {
    return (
      this.resets.size +
      (this.cloudGroups?.waiting ?? 0) +
      (this.cloudDevices?.waiting ?? 0) +
      (this.exchangeWrites?.waiting ?? 0)
    );
  }

  /** Ends the run: resets never written back fail, and so do cloud groups, devices and settings AD never showed. */
  finish(): void {
    this.cloudGroups?.finish();
    this.cloudDevices?.finish();
    this.exchangeWrites?.finish();
    for (const index of this.resets.keys()) {
      this.outcomes.set(index, {
        status: "failed",
        reason: "password writeback had not reached AD when the run ended",
      });
    }
    this.resets.clear();
  }

  /** One result per scenario event, in scenario order. */
  results(): EventResult[] {
    return this.scenario.events.map((event, index) => {
      const changes = this.tracked.get(index);
      let outcome: Outcome = this.outcomes.get(index) ?? {
        status: "pending",
        reason: "not played (the run ended first)",
      };
      if (changes) outcome = Observer.combine(changes);
      const visibleAt = outcome.visibleAt ?? null;
      const result: EventResult = {
        index,
        type: event.type,
        at: event.at,
        status: outcome.status,
        visibleAt,
        latency: visibleAt === null ? null : visibleAt - event.at,
        ...(outcome.outcome ? { outcome: outcome.outcome } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      };
      return result;
    });
  }

  private play(event: ScenarioEvent, index: number): void {
    try {
      const result = this.dispatch(event, index);
      if (Array.isArray(result)) this.tracked.set(index, result);
      else if (result.status === "pending" && result.reason === undefined) {
        // A reset waiting for writeback: the outcome is set when AD shows it, or at finish.
      } else this.outcomes.set(index, result);
    } catch (error) {
      if (!isSimulationError(error)) throw error;
      this.outcomes.set(index, { status: "failed", reason: error.message });
    }
  }

  private dispatch(event: ScenarioEvent, index: number): TrackedChange[] | Outcome {
    switch (event.type) {
      case "create":
      case "modify":
      case "password":
      case "delete":
      case "restore":
      case "move":
      case "add-member":
      case "remove-member":
        return this.writes.play(event, index);
      case "sign-in":
        return this.signIn(event);
      case "cloud-password-reset":
        return this.reset(event, index);
      case "cloud-group":
        return (this.cloudGroups as CloudGroups).create(event, index);
      case "cloud-device":
        return (this.cloudDevices as CloudDevices).register(event, index);
      case "exchange-online":
        return (this.exchangeWrites as ExchangeWrites).set(event, index);
      case "fault":
        return this.fault(event.target, event.fault);
      case "admin": {
        if (event.engine !== this.kind) return { status: "ignored", reason: aimedAt(event.engine) };
        // A scope change: which objects the engine took in before, to tell what came in and what left.
        const before = event.action === "set-scope" ? this.scopeSnapshot() : undefined;
        const outcome = this.engine.perform({
          action: event.action,
          ...(event.target !== undefined ? { target: event.target } : {}),
          ...(event.value !== undefined ? { value: event.value } : {}),
        });
        if (before && outcome.status === "done") {
          const changes = this.actions.scopeChanged(before, (object) => this.engine.inScope(object));
          if (changes.length > 0) return changes;
          return { status: "done", reason: "no object came into the engine's scope or left it" };
        }
        return { status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) };
      }
    }
  }

  /** Every live AD object of a type the cloud has, with whether the engine has it in scope now. */
  private scopeSnapshot(): Map<AdObject, boolean> {
    const out = new Map<AdObject, boolean>();
    for (const directory of this.world.forests.values())
      for (const object of directory.objects())
        if (!object.isDeleted && cloudTypeOf(object.objectClass) !== undefined)
          out.set(object, this.engine.inScope(object));
    return out;
  }

  private signIn(event: ScenarioEventOf<"sign-in">): Outcome {
    const guid = this.writes.guid(event.object);
    const user = this.population.directoryOf(guid).get(guid);
    const upn = user?.attributes.userPrincipalName;
    if (!user || user.isDeleted || typeof upn !== "string")
      return { status: "failed", reason: "the user has no userPrincipalName in AD" };
    const serial = this.population.serialOf(guid) - (event.password === "previous" ? 1 : 0);
    // Derived on the spot and handed straight to the tenant; nothing keeps it.
    const outcome = this.world.tenant.signIn(upn, scenarioPassword(this.seed, guid, serial));
    return { status: "done", outcome: outcome.success ? "success" : "failure", reason: outcome.reason };
  }

  private reset(event: ScenarioEventOf<"cloud-password-reset">, index: number): Outcome {
    const refusal = featureRefusal(
      this.cloudToAd,
      "password-writeback",
      "a synced user cannot reset in the cloud",
    );
    if (refusal) return refusal;
    const guid = this.writes.guid(event.object);
    const directory: Directory = this.population.directoryOf(guid);
    const user = directory.get(guid);
    if (!user || user.isDeleted) return { status: "failed", reason: "the user is deleted in AD" };
    const cloud = this.world.tenant.getByAnchor(this.anchorOf(guid));
    if (!cloud) return { status: "failed", reason: "the user is not in the cloud yet" };
    const serial = this.population.serialOf(guid) + 1;
    this.world.tenant.resetPassword(cloud.cloudId, scenarioPassword(this.seed, guid, serial));
    this.population.nextSerial(guid);
    // The version AD reaches with this reset: one past AD's, or past the user's resets still on their way.
    let version = directory.passwordOf(guid)?.hash.version ?? 0;
    for (const wait of this.resets.values())
      if (wait.guid === guid) version = Math.max(version, wait.version);
    this.resets.set(index, {
      guid,
      version: version + 1,
      anchor: cloud.onPremisesImmutableId ?? "",
      cloudId: cloud.cloudId,
    });
    return { status: "pending" };
  }

  private anchorOf(guid: string): string {
    const object = this.population.directoryOf(guid).get(guid);
    return object ? sourceAnchorOf(object) : "";
  }

  private fault(target: string, fault: ScenarioEventOf<"fault">["fault"]): Outcome {
    const owner = faultEngine(target);
    if (owner !== undefined) {
      if (owner !== this.kind) return { status: "ignored", reason: aimedAt(owner) };
      const name = target.startsWith("connect:")
        ? target.slice(8)
        : target.startsWith("cloud-sync:")
          ? target.slice(11)
          : target;
      const outcome = this.engine.fault(name, fault);
      return { status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) };
    }
    if (target === "link:cloud") {
      if (fault === "down") this.world.cloudLink.cut();
      else this.world.cloudLink.restore();
      return { status: "done" };
    }
    if (target === "tenant") {
      if (fault === "down" || fault === "up") this.world.tenant.setAvailable(fault === "up");
      else this.world.tenant.setForcedThrottle(fault === "throttle");
      return { status: "done" };
    }
    const forest = target.startsWith("dc:") ? target.slice(3) : this.world.forest().forest;
    const host = this.world.hosts.get(`dc:${this.world.forest(forest).forest}`);
    if (!host) return { status: "refused", reason: `no domain controller host for ${forest}` };
    if (fault === "crash" || fault === "down") host.crash();
    else if (fault === "up") host.restart();
    else {
      host.crash();
      host.restart();
    }
    return { status: "done" };
  }
}

/** Why an event is ignored in the other engine's run, naming that engine as reports do ("Connect Sync"). */
function aimedAt(kind: EngineKind): string {
  return `aimed at ${ENGINE_LABELS[kind]}`;
}
