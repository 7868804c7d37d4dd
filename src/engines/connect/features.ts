import type { AuthenticationMethod } from "../../model/tenant-types.js";
import type { World } from "../../model/world.js";
import { show } from "../../scheduler/errors.js";
import type { ActionOutcome, Capability, FaultName, Feature } from "../engine.js";
import { FederationService, PtaAgentPool } from "./authentication.js";

/**
 * The opt-in parts of the engine (style.md: a core plus plug-ins): which features are on, the sign-in
 * method it installed in the tenant (PTA agents or the federation service), and the admin switch to PHS.
 *
 * @public
 */
export class ConnectFeatures {
  /** Features turned on. */
  readonly enabled = new Set<Feature>();
  private world: World | undefined;
  private pta: PtaAgentPool | undefined;
  private federation: FederationService | undefined;
  private method: AuthenticationMethod = "phs";
  private readonly ptaAgents: () => number;
  private readonly phsOn: () => boolean;

  /**
   * @param ptaAgents - agents to install with PTA
   * @param phsOn - whether password hash sync runs (PHS as backup of federation/PTA)
   */
  constructor(ptaAgents: () => number, phsOn: () => boolean) {
    this.ptaAgents = ptaAgents;
    this.phsOn = phsOn;
  }

  /** The PTA agent pool, once PTA is on. */
  get ptaPool(): PtaAgentPool | undefined {
    return this.pta;
  }

  /** The federation service, once federation is on. */
  get federationService(): FederationService | undefined {
    return this.federation;
  }

  /** The sign-in method this engine asked the tenant for. */
  get authentication(): AuthenticationMethod {
    return this.method;
  }

  /** Called at attach: installs what was asked for before. */
  attach(world: World): void {
    this.world = world;
    if (this.method !== "phs") this.install(this.method);
  }

  /**
   * Turns one feature on; returns a reason when it cannot (the capability table says unsupported, or the
   * world rules it out: device writeback is single-forest, reference.md "Writeback").
   */
  enable(feature: Feature, capabilities: readonly Capability[]): string | undefined {
    const row = capabilities.find((c) => c.feature === feature);
    if (!row?.supported) return row?.reason ?? "unknown feature";
    if (feature === "device-writeback" && this.world && this.world.forests.size > 1)
      return "device writeback supports a single forest (reference.md Writeback)";
    this.enabled.add(feature);
    if (feature === "pass-through-authentication") this.setMethod("pta");
    if (feature === "federation") this.setMethod("federation");
    return undefined;
  }

  /**
   * Admin: switches the tenant's sign-in method. To `phs` only when password hash sync runs (set up as
   * backup, choose-ad-authn); back to `pta` / `federation` only when that feature is on.
   */
  switchAuthentication(method: AuthenticationMethod): ActionOutcome {
    // Nothing to switch (and no failover to record).
    if (method === this.method) return { status: "refused", reason: `sign-in already uses ${method}` };
    if (method === "phs") {
      if (!this.phsOn()) return { status: "refused", reason: "password hash sync is not set up as a backup" };
    } else if (method === "pta" && !this.enabled.has("pass-through-authentication")) {
      return { status: "refused", reason: "pass-through authentication is not enabled" };
    } else if (method === "federation" && !this.enabled.has("federation")) {
      return { status: "refused", reason: "federation is not enabled" };
    } else if (method !== "pta" && method !== "federation") {
      return { status: "refused", reason: `${show(method)} is not phs, pta or federation` };
    }
    this.setMethod(method);
    return { status: "done" };
  }

  /** Faults on `pta-agents`, `pta-agent-N` or `federation`; undefined when the target is not one of them. */
  fault(target: string, fault: FaultName): ActionOutcome | undefined {
    const hosts =
      target === "pta-agents"
        ? (this.pta?.agents ?? [])
        : target.startsWith("pta-agent-")
          ? [this.pta?.agent(target)].filter((h) => h !== undefined)
          : target === "federation"
            ? [this.federation?.host].filter((h) => h !== undefined)
            : undefined;
    if (hosts === undefined) return undefined;
    if (hosts.length === 0)
      return { status: "refused", reason: `${show(target)} is not installed (sign-in uses ${this.method})` };
    for (const host of hosts) {
      if (fault === "down" || fault === "crash") host.crash();
      else if (fault === "up" || fault === "restart") host.restart();
      else return { status: "ignored", reason: `fault ${show(fault)} does not apply to ${target}` };
    }
    return { status: "done" };
  }

  private setMethod(method: AuthenticationMethod): void {
    this.method = method;
    if (this.world) this.install(method);
  }

  private install(method: AuthenticationMethod): void {
    const world = this.world;
    if (!world) return;
    if (method === "pta") {
      this.pta ??= new PtaAgentPool(world, this.ptaAgents());
      world.tenant.setAuthentication("pta", this.pta.provider);
    } else if (method === "federation") {
      this.federation ??= new FederationService(world);
      world.tenant.setAuthentication("federation", this.federation.provider);
    } else {
      world.tenant.setAuthentication("phs");
    }
  }
}
