import { SimulationError, show } from "../scheduler/errors.js";
import { Host, type HostKind, Link } from "../scheduler/host.js";
import { RandomStreams } from "../scheduler/random.js";
import { Scheduler } from "../scheduler/scheduler.js";
import { Directory } from "./directory.js";
import { Tenant, type TenantOptions } from "./tenant.js";
import { checkWorldOptions } from "./world-options.js";

/** One forest of a world. @public */
export interface ForestSpec {
  /** Forest root domain, e.g. `contoso.com`. */
  readonly name: string;
  /** Domains (default: the root only). */
  readonly domains?: readonly string[];
}

/**
 * Options of {@link createWorld}.
 *
 * @public
 */
export interface WorldOptions {
  /** Scenario seed; every random stream is split from it. */
  readonly seed: number;
  /** Forests (default one, `contoso.com`). */
  readonly forests?: readonly ForestSpec[];
  /** Tenant settings (initial domain, quota, matching, throttling). */
  readonly tenant?: Omit<TenantOptions, "scheduler" | "random" | "service">;
  /** One-way latency of the on-premises ↔ cloud link in ms (default 0). */
  readonly cloudLatencyMs?: number;
}

/**
 * Everything a run shares: the kernel, the seed's random streams, the on-premises forests (each read
 * through its own domain controller host), the cloud tenant (with its service host), the on-premises ↔
 * cloud link, and every host by name. Engines attach to a world; the harness builds one per run.
 *
 * @public
 */
export class World {
  /** The virtual-time kernel. */
  readonly scheduler: Scheduler;
  /** Named random streams split from the seed. */
  readonly random: RandomStreams;
  /** Forests by name, in declaration order. */
  readonly forests: ReadonlyMap<string, Directory>;
  /** The Entra ID tenant. */
  readonly tenant: Tenant;
  /** The on-premises ↔ cloud link (`link:cloud`). */
  readonly cloudLink: Link;
  private readonly hostMap = new Map<string, Host>();
  private readonly options: WorldOptions;

  /** @param options - seed, forests, tenant settings */
  constructor(options: WorldOptions);
  /** @internal The copy {@link World.fork} makes of `template`. */
  constructor(options: WorldOptions, template: World);
  constructor(options: WorldOptions, template?: World) {
    if (!template) checkWorldOptions(options);
    this.options = options;
    this.scheduler = new Scheduler();
    this.random = template ? template.random.clone() : new RandomStreams(options.seed);
    this.cloudLink = new Link(this.scheduler, "link:cloud", options.cloudLatencyMs ?? 0);
    const cloud = this.addHost("cloud", "cloud-service");
    this.tenant = new Tenant({
      ...options.tenant,
      scheduler: this.scheduler,
      random: this.random.stream("tenant"),
      service: cloud,
    });
    const forests = new Map<string, Directory>();
    for (const forest of options.forests ?? [{ name: "contoso.com" }]) {
      if (forests.has(forest.name)) {
        throw new SimulationError("duplicate-identity", `forests: ${show(forest.name)} is declared twice`, {
          field: "forests",
          value: forest.name,
        });
      }
      const dc = this.addHost(`dc:${forest.name}`, "domain-controller");
      // Each forest draws GUIDs and salts from its own AD stream, so nothing an engine draws shifts them.
      const random = this.random.stream(`ad:${forest.name}`);
      forests.set(
        forest.name,
        template
          ? template.forest(forest.name).fork({ scheduler: this.scheduler, random, dc })
          : new Directory({
              forest: forest.name,
              domains: forest.domains ?? [forest.name],
              scheduler: this.scheduler,
              random,
              dc,
            }),
      );
    }
    this.forests = forests;
  }

  /**
   * An independent copy of a world that has not started — the forests as built (objects, passwords,
   * USNs), every random stream in its current state, a fresh kernel at time 0, an empty tenant and fresh
   * hosts — so one build of a large directory serves each engine of a comparison exactly as a build of its
   * own would.
   *
   * @throws SimulationError `refused` once the world has started: virtual time moved, an event is
   * scheduled, a host was added beyond the built-in ones, or the tenant holds an object
   */
  fork(): World {
    const started =
      this.scheduler.now !== 0 ||
      this.scheduler.pending > 0 ||
      this.tenant.size > 0 ||
      this.hostMap.size !== this.forests.size + 1;
    if (started) {
      throw new SimulationError("refused", "world: only a world that has not started can be forked", {
        field: "world",
        value: this.scheduler.now,
      });
    }
    return new World(this.options, this);
  }

  /** Every host by name. */
  get hosts(): ReadonlyMap<string, Host> {
    return this.hostMap;
  }

  /** The first (or named) forest. @throws SimulationError `no-such-object` for an unknown name */
  forest(name?: string): Directory {
    const directory = name === undefined ? this.forests.values().next().value : this.forests.get(name);
    if (!directory) {
      throw new SimulationError("no-such-object", `forest: ${show(name)} is not a forest of this world`, {
        field: "forest",
        value: name,
      });
    }
    return directory;
  }

  /**
   * The forest's directory that holds the object with this objectGUID, live or in its recycle bin; undefined
   * when no forest does. GUIDs are drawn per forest and never shared, so at most one forest holds it.
   */
  directoryHolding(objectGUID: string): Directory | undefined {
    for (const directory of this.forests.values())
      if (directory.get(objectGUID) !== undefined) return directory;
    return undefined;
  }

  /**
   * Registers a new host. @throws SimulationError `duplicate-identity` if the name is taken
   */
  addHost(name: string, kind: HostKind): Host {
    if (this.hostMap.has(name)) {
      throw new SimulationError("duplicate-identity", `host: ${show(name)} already exists`, {
        field: "host",
        value: name,
      });
    }
    const host = new Host(this.scheduler, name, kind);
    this.hostMap.set(name, host);
    return host;
  }
}

/**
 * Builds a {@link World}.
 *
 * @public
 */
export function createWorld(options: WorldOptions): World {
  return new World(options);
}
