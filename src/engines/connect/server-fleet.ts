import { show } from "../../scheduler/errors.js";
import type { ActionOutcome, FaultName, IncidentKind } from "../engine.js";
import type { ConnectEvents } from "./events.js";
import type { ConnectServer } from "./server.js";

/**
 * The Connect servers of one deployment and what an admin does to them: one active server exports, the
 * others wait in staging mode; promotion and demotion (the wizard's staging-mode switch), a cycle started
 * by hand (`Start-ADSyncSyncCycle`), the schedulers turned off and on, and the faults a server takes
 * (how-to-connect-sync-staging-server, how-to-connect-sync-feature-scheduler).
 */

/** What the fleet reports through: the engine's clock, events and incidents. @internal */
export interface FleetReporting {
  /** Virtual now. */
  readonly now: () => number;
  /** Emits a Connect event. */
  readonly emit: <E extends keyof ConnectEvents>(event: E, ...args: ConnectEvents[E]) => void;
  /** Records an incident. */
  readonly incident: (kind: IncidentKind, detail: string) => void;
}

/** The engine's servers by name, in the order configured. @internal */
export class ServerFleet {
  private readonly servers = new Map<string, ConnectServer>();
  private readonly reporting: FleetReporting;

  /** @param reporting - the engine's clock, events and incidents */
  constructor(reporting: FleetReporting) {
    this.reporting = reporting;
  }

  /** Every server by name. */
  get all(): ReadonlyMap<string, ConnectServer> {
    return this.servers;
  }

  /** Adds a server (at attach). */
  add(server: ConnectServer): void {
    this.servers.set(server.server, server);
  }

  /** The server that exports now, if any is active and up. */
  active(): ConnectServer | undefined {
    for (const server of this.servers.values()) if (server.isActive()) return server;
    return undefined;
  }

  /**
   * Turns a staging server active. Refused while another active server is up: only one server may export,
   * so the admin demotes it first (how-to-connect-sync-staging-server).
   */
  promote(target: string | undefined): ActionOutcome {
    const server = this.named(target);
    if (!server) return { status: "refused", reason: `no server named ${show(target)}` };
    if (server.mode === "active") return { status: "refused", reason: `${server.server} is already active` };
    if (!server.host.isUp) return { status: "refused", reason: `${server.server} is down` };
    const others = [...this.servers.values()].filter((s) => s !== server && s.mode === "active");
    // how-to-connect-sync-staging-server: only one server may export; the active one must be put in
    // staging (or be isolated) first.
    const running = others.find((s) => s.host.isUp);
    if (running) return { status: "refused", reason: `${running.server} is active and up: demote it first` };
    // Assumption: the runbook puts a crashed active server in staging before it is brought back.
    for (const other of others) this.setMode(other, "staging");
    this.setMode(server, "active");
    this.reporting.incident(
      "promotion",
      `${server.server} promoted to active${others.length > 0 ? `; ${others.map((o) => o.server).join(", ")}, active but down, put in staging mode first` : ""}`,
    );
    this.reporting.emit("failover", { at: this.reporting.now(), from: others[0]?.server, to: server.server });
    // The wizard starts a cycle when staging mode is turned off; it exports what is pending.
    if (!server.current && !server.scheduler.hasRequest) server.scheduler.request("delta");
    return { status: "done" };
  }

  /** Puts a server in staging mode. */
  demote(target: string | undefined): ActionOutcome {
    const server = this.named(target);
    if (!server) return { status: "refused", reason: `no server named ${show(target)}` };
    if (server.mode === "staging")
      return { status: "refused", reason: `${server.server} is already in staging mode` };
    this.setMode(server, "staging");
    return { status: "done" };
  }

  /**
   * Starts a cycle by hand: `value` (or `target`) `delta` or `initial`, on the active server or the one
   * `target` names. Refused while the server runs one ("busy", reference.md).
   */
  startCycle(target: string | undefined, value: unknown): ActionOutcome {
    const kind = (value ?? target ?? "delta") as string;
    if (kind !== "delta" && kind !== "initial")
      return { status: "refused", reason: `cycle type ${show(kind)} is not "delta" or "initial"` };
    const targets = [...this.servers.values()].filter((s) =>
      target === undefined || target === kind ? s.mode === "active" : s.server === target,
    );
    const server = targets[0] ?? this.named(target);
    if (!server) return { status: "refused", reason: "no server to run the cycle" };
    if (!server.host.isUp) return { status: "refused", reason: `${server.server} is down` };
    // Start-ADSyncSyncCycle while a run is in progress fails with "busy" (reference.md, field).
    if (server.current || server.scheduler.hasRequest) return { status: "refused", reason: "busy" };
    if (this.upgrading(server))
      return { status: "refused", reason: `${server.server} is being upgraded: the scheduler is suspended` };
    server.scheduler.request(kind);
    return { status: "done" };
  }

  /**
   * An upgrade of the server `target` names (the active one without a target) lasting `durationMs`: its
   * scheduler is suspended meanwhile while password hash sync carries on (how-to-connect-sync-feature-scheduler:
   * "suspended during upgrades"; password hash sync continues during an in-place upgrade; auto-upgrade can
   * take a couple of hours). A cycle in flight finishes; one overdue at the end starts at once.
   */
  upgrade(target: string | undefined, durationMs: number): ActionOutcome {
    const server = target === undefined ? this.active() : this.named(target);
    if (!server)
      return {
        status: "refused",
        reason: target === undefined ? "no active server is up" : `no server named ${show(target)}`,
      };
    if (!server.host.isUp) return { status: "refused", reason: `${server.server} is down` };
    if (this.upgrading(server))
      return { status: "refused", reason: `${server.server} is already being upgraded` };
    server.scheduler.suspend(this.reporting.now() + durationMs);
    return { status: "done" };
  }

  private upgrading(server: ConnectServer): boolean {
    return server.scheduler.upgradingUntil > this.reporting.now();
  }

  /**
   * Turns the scheduler of the server `target` names off or on (`Set-ADSyncScheduler -SyncCycleEnabled`
   * runs on one server), or every server's without a target.
   */
  setSchedulers(enabled: boolean, target?: string): ActionOutcome {
    const servers = target === undefined ? [...this.servers.values()] : [this.named(target)];
    for (const server of servers) {
      if (!server) return { status: "refused", reason: `no server named ${show(target)}` };
      server.scheduler.setEnabled(enabled);
    }
    return { status: "done" };
  }

  /** A fault of a server: `crash`/`down`, `restart`/`up`, `lose-database`. */
  fault(server: ConnectServer, fault: FaultName): ActionOutcome {
    switch (fault) {
      // A server taken `down` is a crash and brought `up` a restart (issue 5's fault catalogue).
      case "crash":
      case "down":
        if (server.current)
          this.reporting.incident(
            "cycle-failed",
            `${server.server}: ${server.current.kind} cycle abandoned by a crash`,
          );
        server.host.crash();
        return { status: "done" };
      case "restart":
      case "up":
        server.host.restart();
        return { status: "done" };
      case "lose-database":
        if (server.current)
          this.reporting.incident(
            "cycle-failed",
            `${server.server}: ${server.current.kind} cycle abandoned: database lost`,
          );
        server.loseDatabase();
        return { status: "done" };
      default:
        return { status: "ignored", reason: `fault ${show(fault)} does not apply to a Connect server` };
    }
  }

  private setMode(server: ConnectServer, mode: "active" | "staging"): void {
    server.mode = mode;
    this.reporting.emit("mode", { at: this.reporting.now(), server: server.server, mode });
  }

  private named(name: string | undefined): ConnectServer | undefined {
    return name === undefined ? undefined : this.servers.get(name);
  }
}
