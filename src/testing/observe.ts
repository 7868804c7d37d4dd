import { CloudSyncEngine } from "../engines/cloud-sync/engine.js";
import { ConnectEngine } from "../engines/connect/engine.js";
import type { EngineKind, SyncEngine } from "../engines/engine.js";
import type { AdObjectClass } from "../model/ad-object.js";
import { sourceAnchorOf } from "../model/anchor.js";
import { type CloudObjectType, type CloudValue, standardProjection } from "../model/cloud-schema.js";
import type { World } from "../model/world.js";
import { createEngine, type EngineFactory } from "../scenario/engines.js";
import type { ComparisonResult, EngineResult } from "../scenario/result.js";
import { runScenario } from "../scenario/run.js";
import type { Scenario, ScenarioInput } from "../scenario/schema.js";
import { checkedOptionsObject, invalidArgument, isRecord, optionNames } from "../scheduler/errors.js";

/**
 * Runs a scenario on one engine through the public harness (`runScenario`) while keeping hold of what the
 * result JSON does not carry: the final world (so the tenant can be compared with AD), the engine, and a
 * trace of every tenant write, every engine event and every process the engine started. The trace also
 * checks the single-writer rule as the run goes (see {@link RunTrace.singleWriterViolations}).
 */

/** One tenant write, delete or credential as the trace keeps it. @public */
export interface TenantWriteRecord {
  /** Virtual time. */
  readonly at: number;
  /** `write`, `delete` or `credential`. */
  readonly op: "write" | "delete" | "credential";
  /** Writer (`connect:primary`, `cloud-sync:contoso.com`). */
  readonly writer: string;
  /** Source anchor of the object. */
  readonly anchor: string | undefined;
  /** Object type (writes and deletes). */
  readonly objectType?: CloudObjectType;
}

/** One engine event as the trace keeps it. @public */
export interface EngineEventRecord {
  /** Event name (`export`, `threshold:exceeded`, `mode`, `agent:selected`, ...). */
  readonly name: string;
  /** Its payload. */
  readonly payload: unknown;
}

/**
 * What happened during an observed run, beyond the result JSON.
 *
 * @public
 */
export interface RunTrace {
  /** Tenant writes, deletes and credentials, in order. */
  readonly tenant: TenantWriteRecord[];
  /** Every engine event emitted, in order (payloads as emitted). */
  readonly events: EngineEventRecord[];
  /** AD writes of every forest (workload, script and engine writeback alike), in order. */
  readonly directory: Array<{
    /** Virtual time of the write. */
    readonly at: number;
    /** The forest written. */
    readonly forest: string;
    /** What kind of write (a `DirectoryChangeKind`: `create`, `modify`, `delete`, …). */
    readonly kind: string;
    /** The object's DN after the write. */
    readonly dn: string;
    /** Attributes the write touched. */
    readonly attributes: readonly string[];
  }>;
  /** Processes started (`connect:primary:scheduler`, `agent-1:object query`), with time and host. */
  readonly processes: Array<{
    /** Virtual time it was started. */
    readonly at: number;
    /** The process name. */
    readonly name: string;
    /** The host it runs on, if any (it dies with the host). */
    readonly host: string | undefined;
  }>;
  /**
   * Breaches of the single-writer rule seen during the run: a Connect server that is not the active,
   * running server wrote to the tenant; or, in `single-active` agent mode, a Cloud Sync request went to an
   * agent that was not the configuration's active agent.
   */
  readonly singleWriterViolations: string[];
}

/**
 * An observed run: the result JSON and everything needed to look behind it.
 *
 * @public
 */
export interface ObservedRun {
  /** The comparison result with this engine's key only. */
  readonly result: ComparisonResult;
  /** This engine's result. */
  readonly engineResult: EngineResult;
  /** The world as the run left it (after drain). */
  readonly world: World;
  /** The engine, as the run left it. */
  readonly engine: SyncEngine;
  /** The trace. */
  readonly trace: RunTrace;
}

/**
 * Options of {@link observeRun}.
 *
 * @public
 */
export interface ObserveOptions {
  /** Engine to run. */
  readonly engine: EngineKind;
  /** Seed (default the scenario's). */
  readonly seed?: number;
  /** Makes the engine (default the built-in one); wrap it to break an engine on purpose in a test. */
  readonly engineFactory?: EngineFactory;
}

const OBSERVE_OPTION_NAMES = optionNames<ObserveOptions>()("engine", "seed", "engineFactory");

const REQUEST = /^(agent-\d+):(object query|password query|on-demand import|password writeback)$/;

/**
 * Runs `scenario` on one engine and returns the result together with the final world, the engine and a
 * trace. Uses the harness's `engineFactory` hook, so the run is exactly what `runScenario` does.
 *
 * @public
 */
export function observeRun(scenario: ScenarioInput | Scenario, options: ObserveOptions): ObservedRun {
  checkedOptionsObject(options, OBSERVE_OPTION_NAMES);
  const factory = options.engineFactory ?? createEngine;
  const trace: RunTrace = {
    tenant: [],
    events: [],
    directory: [],
    processes: [],
    singleWriterViolations: [],
  };
  let captured: { world: World; engine: SyncEngine } | undefined;
  const instrumented: EngineFactory = (kind, config) => {
    const engine = factory(kind, config);
    const attach = engine.attach.bind(engine);
    engine.attach = (world: World) => {
      attach(world);
      captured = { world, engine };
      instrument(world, engine, trace);
    };
    return engine;
  };
  const result = runScenario(scenario, {
    engine: options.engine,
    engineFactory: instrumented,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const engineResult = result.engines[options.engine];
  if (!captured || !engineResult)
    throw new Error(`observeRun: the ${options.engine} engine was never attached`);
  return { result, engineResult, world: captured.world, engine: captured.engine, trace };
}

function instrument(world: World, engine: SyncEngine, trace: RunTrace): void {
  const now = (): number => world.scheduler.now;
  const emitter = engine.events as unknown as { emit: (name: string, ...args: unknown[]) => boolean };
  const emit = emitter.emit.bind(emitter);
  emitter.emit = (name: string, ...args: unknown[]) => {
    trace.events.push({ name, payload: args[0] });
    return emit(name, ...args);
  };
  const checkConnect = (writer: string, what: string): void => {
    if (!(engine instanceof ConnectEngine) || !writer.startsWith("connect:")) return;
    const server = engine.servers.get(writer.slice("connect:".length));
    if (server?.mode !== "active" || !server.host.isUp) {
      trace.singleWriterViolations.push(
        `${now()}: ${writer} wrote (${what}) while ${server ? `${server.mode}, ${server.host.isUp ? "up" : "down"}` : "unknown"}`,
      );
    }
    const actives = [...engine.servers.values()].filter((s) => s.mode === "active");
    if (actives.length > 1)
      trace.singleWriterViolations.push(
        `${now()}: ${actives.length} active Connect servers (${actives.map((s) => s.server).join(", ")})`,
      );
  };
  world.tenant.events.on("write", (e) => {
    trace.tenant.push({
      at: e.at,
      op: "write",
      writer: e.writer,
      anchor: e.anchor,
      objectType: e.objectType,
    });
    checkConnect(e.writer, "write");
  });
  world.tenant.events.on("delete", (e) => {
    trace.tenant.push({
      at: e.at,
      op: "delete",
      writer: e.writer,
      anchor: e.anchor,
      objectType: e.objectType,
    });
    checkConnect(e.writer, "delete");
  });
  world.tenant.events.on("credential", (e) => {
    trace.tenant.push({ at: e.at, op: "credential", writer: e.writer, anchor: e.anchor });
    checkConnect(e.writer, "credential");
  });
  for (const [forest, directory] of world.forests) {
    directory.events.on("change", (c) =>
      trace.directory.push({ at: c.at, forest, kind: c.kind, dn: c.dn, attributes: c.attributes }),
    );
  }
  const scheduler = world.scheduler;
  const spawn = scheduler.spawn.bind(scheduler);
  scheduler.spawn = ((body, opts = {}) => {
    const name = opts.name ?? "process";
    trace.processes.push({ at: now(), name, host: opts.host?.name });
    const match = REQUEST.exec(name);
    if (match && engine instanceof CloudSyncEngine && engine.config.agentMode === "single-active") {
      const pool = engine.provisioningService?.pool;
      const domains = [...(engine.provisioningService?.configurations.keys() ?? [])];
      const active = domains.map((d) => pool?.activeFor(d));
      if (!active.includes(match[1])) {
        trace.singleWriterViolations.push(
          `${now()}: ${match[1]} served ${match[2]} while the active agents were ${active.join(", ") || "none"}`,
        );
      }
    }
    return spawn(body, opts);
  }) as typeof scheduler.spawn;
}

/**
 * One synced object as the cloud holds it or as AD says it should be.
 *
 * @public
 */
export interface CloudObjectState {
  /** Object type. */
  readonly objectType: CloudObjectType;
  /** Attributes by Entra ID name. */
  readonly attributes: Readonly<Record<string, CloudValue>>;
}

/** Cloud state by source anchor. @public */
export type CloudState = ReadonlyMap<string, CloudObjectState>;

const SYNCED_CLASSES: readonly AdObjectClass[] = ["user", "group", "contact", "computer"];
const TYPE_OF_CLASS: Readonly<Record<string, CloudObjectType>> = {
  user: "user",
  group: "group",
  contact: "contact",
  computer: "device",
};

/**
 * The live synced objects of the tenant after an observed run, by source anchor (every anchor the run
 * wrote, still live at the end), sorted by anchor.
 *
 * @public
 */
export function cloudStateOf(run: Pick<ObservedRun, "world" | "trace">): CloudState {
  if (!isRecord(run) || !isRecord(run.world) || !isRecord(run.trace) || !Array.isArray(run.trace.tenant))
    throw invalidArgument("run", run, "is not an observed run (observeRun's result)");
  const anchors = new Set<string>();
  for (const record of run.trace.tenant) if (record.anchor !== undefined) anchors.add(record.anchor);
  const out = new Map<string, CloudObjectState>();
  for (const anchor of [...anchors].sort()) {
    const object = run.world.tenant.getByAnchor(anchor);
    if (object) out.set(anchor, { objectType: object.objectType, attributes: object.attributes });
  }
  return out;
}

/**
 * What the tenant must hold once an engine has converged: the standard projection
 * (`standardProjection`, the attributes both products sync by default) of every live AD object the engine
 * has in scope, references resolved to the anchors of in-scope objects. Sorted by anchor.
 *
 * @public
 */
export function expectedCloudState(world: World, engine: Pick<SyncEngine, "inScope">): CloudState {
  if (!isRecord(world) || !(world.forests instanceof Map))
    throw invalidArgument("world", world, "is not a world (an observed run's world, or createWorld's)");
  if (!isRecord(engine) || typeof engine.inScope !== "function")
    throw invalidArgument("engine", engine, "is not an engine (an object with inScope)");
  const anchorOf = new Map<string, string>();
  const objects = [];
  for (const directory of world.forests.values()) {
    for (const objectClass of SYNCED_CLASSES) {
      for (const object of directory.list(objectClass)) {
        if (!engine.inScope(object)) continue;
        anchorOf.set(object.objectGUID, sourceAnchorOf(object));
        objects.push(object);
      }
    }
  }
  const out = new Map<string, CloudObjectState>();
  for (const object of objects) {
    const anchor = anchorOf.get(object.objectGUID) as string;
    out.set(anchor, {
      objectType: TYPE_OF_CLASS[object.objectClass] as CloudObjectType,
      attributes: standardProjection(object, (guid) => anchorOf.get(guid)),
    });
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The differences between two cloud states, one line each (empty when equal). Multi-valued attributes
 * compare as sets (order carries no meaning in the directory).
 *
 * @param filter - keep only objects this accepts (e.g. leave out devices)
 * @public
 */
export function diffCloudStates(
  left: CloudState,
  right: CloudState,
  labels: readonly [string, string] = ["left", "right"],
  filter: (state: CloudObjectState) => boolean = () => true,
): string[] {
  if (!(left instanceof Map)) throw invalidArgument("left", left, "is not a cloud state (a Map by anchor)");
  if (!(right instanceof Map))
    throw invalidArgument("right", right, "is not a cloud state (a Map by anchor)");
  if (!Array.isArray(labels) || labels.length !== 2 || labels.some((label) => typeof label !== "string"))
    throw invalidArgument("labels", labels, "is not a pair of names");
  if (typeof filter !== "function") throw invalidArgument("filter", filter, "is not a function");
  const out: string[] = [];
  const anchors = new Set([...left.keys(), ...right.keys()]);
  for (const anchor of [...anchors].sort()) {
    const a = left.get(anchor);
    const b = right.get(anchor);
    if ((a && !filter(a)) || (b && !filter(b))) continue;
    if (!a || !b) {
      out.push(
        `${anchor}: only in ${a ? labels[0] : labels[1]} (${(a ?? b)?.objectType} ${String((a ?? b)?.attributes.displayName ?? "")})`,
      );
      continue;
    }
    if (a.objectType !== b.objectType) out.push(`${anchor}: type ${a.objectType} vs ${b.objectType}`);
    for (const key of [...new Set([...Object.keys(a.attributes), ...Object.keys(b.attributes)])].sort()) {
      const x = canonical(a.attributes[key]);
      const y = canonical(b.attributes[key]);
      if (x !== y) out.push(`${anchor}.${key}: ${labels[0]} ${x} vs ${labels[1]} ${y}`);
    }
  }
  return out;
}

function canonical(value: CloudValue | undefined): string {
  if (value === undefined) return "(absent)";
  if (Array.isArray(value)) return JSON.stringify([...value].sort());
  return JSON.stringify(value);
}
