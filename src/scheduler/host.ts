import { EventEmitter } from "eventemitter3";
import { SimulationError } from "./errors.js";
import type { Process, ProcessBody } from "./process.js";
import type { Scheduler } from "./scheduler.js";

/**
 * What kind of machine a host stands for.
 *
 * @public
 */
export type HostKind =
  | "sync-server"
  | "provisioning-agent"
  | "domain-controller"
  | "cloud-service"
  | "pta-agent"
  | "federation-server"
  | "other";

/**
 * Events of a {@link Host}.
 *
 * @public
 */
export interface HostEvents {
  /** The host went down; its processes were already stopped. */
  crash: [at: number];
  /** The host came back up (its processes were not resurrected: the owner starts new ones). */
  restart: [at: number];
}

/**
 * A machine that can be up or down: a Connect server, a provisioning agent, a domain controller, the cloud
 * service. Processes spawned on a host stop the instant it crashes.
 *
 * @public
 */
export class Host {
  /** Unique name, e.g. `"connect:primary"`. */
  readonly name: string;
  /** Kind of machine. */
  readonly kind: HostKind;
  /** Crash and restart notifications, emitted after the state changed. */
  readonly events = new EventEmitter<HostEvents>();
  private up = true;
  private readonly processes = new Set<Process<unknown>>();
  private readonly scheduler: Scheduler;

  /**
   * @param scheduler - the kernel
   * @param name - unique name
   * @param kind - kind of machine
   */
  constructor(scheduler: Scheduler, name: string, kind: HostKind = "other") {
    this.scheduler = scheduler;
    this.name = name;
    this.kind = kind;
  }

  /** True while the host runs. */
  get isUp(): boolean {
    return this.up;
  }

  /** Processes currently alive on this host. */
  get processCount(): number {
    return this.processes.size;
  }

  /**
   * Starts a process owned by this host.
   *
   * @throws SimulationError `host-down` while the host is down
   */
  spawn<T>(body: ProcessBody<T>, name?: string): Process<T> {
    if (!this.up) {
      throw new SimulationError(
        "host-down",
        `host ${this.name} is down: cannot start ${name ?? "a process"}`,
        {
          field: "host",
          value: this.name,
        },
      );
    }
    return this.scheduler.spawn(body, { name: name ?? this.name, host: this });
  }

  /** Takes the host down at once, killing its processes. No-op if already down. */
  crash(): void {
    if (!this.up) return;
    this.up = false;
    for (const process of [...this.processes]) process.kill();
    this.processes.clear();
    this.events.emit("crash", this.scheduler.now);
  }

  /** Brings the host back up. No-op if already up. */
  restart(): void {
    if (this.up) return;
    this.up = true;
    this.events.emit("restart", this.scheduler.now);
  }

  /** @internal */
  adopt(process: Process<unknown>): void {
    this.processes.add(process);
  }

  /** @internal */
  release(process: Process<unknown>): void {
    this.processes.delete(process);
  }
}

/**
 * Events of a {@link Link}.
 *
 * @public
 */
export interface LinkEvents {
  /** The link was cut. */
  down: [at: number];
  /** The link was restored. */
  up: [at: number];
}

/**
 * A network path, typically on-premises ↔ cloud. It can be cut and restored; sending over a cut link fails
 * with a `link-down` {@link SimulationError} the caller sees.
 *
 * @public
 */
export class Link {
  /** Name, e.g. `"link:cloud"`. */
  readonly name: string;
  /** One-way latency in virtual ms added by {@link Link.transmit}. */
  readonly latencyMs: number;
  /** Cut and restore notifications. */
  readonly events = new EventEmitter<LinkEvents>();
  private up = true;
  private readonly scheduler: Scheduler;

  /**
   * @param scheduler - the kernel
   * @param name - link name
   * @param latencyMs - one-way latency (default 0)
   */
  constructor(scheduler: Scheduler, name: string, latencyMs = 0) {
    this.scheduler = scheduler;
    this.name = name;
    this.latencyMs = latencyMs;
  }

  /** True while traffic passes. */
  get isUp(): boolean {
    return this.up;
  }

  /** Cuts the link. */
  cut(): void {
    if (!this.up) return;
    this.up = false;
    this.events.emit("down", this.scheduler.now);
  }

  /** Restores the link. */
  restore(): void {
    if (this.up) return;
    this.up = true;
    this.events.emit("up", this.scheduler.now);
  }

  /**
   * Checks that `what` can be sent now.
   *
   * @throws SimulationError `link-down` while the link is cut
   */
  ensureUp(what = "request"): void {
    if (!this.up) {
      throw new SimulationError("link-down", `${this.name} is down: ${what} not sent`, {
        field: "link",
        value: this.name,
      });
    }
  }

  /**
   * A process step that sends `what` across the link: fails at once if the link is cut, waits the latency,
   * and fails if the link was cut meanwhile (the message is then lost).
   */
  *transmit(what = "request"): ProcessBody<void> {
    this.ensureUp(what);
    if (this.latencyMs > 0) {
      yield { kind: "sleep", ms: this.latencyMs };
      this.ensureUp(what);
    }
  }
}
