import type { World } from "../../model/world.js";
import { formatDuration, SECOND } from "../../scheduler/duration.js";
import type { Host } from "../../scheduler/host.js";
import type { Process, ProcessBody } from "../../scheduler/process.js";
import type { Feature, IncidentKind } from "../engine.js";
import type { ConnectConfig } from "./config.js";
import { type CycleKind, type CycleOutcome, syncCycle } from "./cycle.js";
import type { DeletionThreshold } from "./deletion-threshold.js";
import type { ConnectEvents } from "./events.js";
import type { CloudJournal } from "./journal.js";
import { PasswordHashSync } from "./password-hash-sync.js";
import type { RulePipeline } from "./rule-pipeline.js";
import type { RunContext } from "./run-context.js";
import { SyncDatabase } from "./sync-database.js";
import { SyncScheduler } from "./sync-scheduler.js";

/**
 * Staging mode of a server (how-to-connect-sync-staging-server).
 *
 * @public
 */
export type ServerMode = "active" | "staging";

/** What the engine lends each server. @internal */
export interface ServerServices {
  readonly world: World;
  readonly journal: CloudJournal;
  readonly threshold: DeletionThreshold;
  config(): ConnectConfig;
  pipeline(): RulePipeline;
  passwordHashSync(): boolean;
  features(): ReadonlySet<Feature>;
  emit<E extends keyof ConnectEvents>(event: E, ...args: ConnectEvents[E]): void;
  incident(kind: IncidentKind, detail: string): void;
}

/**
 * One Connect server: a `sync-server` host running its scheduler loop and PHS loop, its own staging
 * database, and its mode. Loops die with the host and are spawned again on its `restart` event; the
 * database survives (a crash abandons the cycle in flight, nothing else).
 *
 * @public
 */
export class ConnectServer implements RunContext {
  /** Server name. */
  readonly server: string;
  /** Writer id on tenant writes. */
  readonly writer: string;
  /** The host it runs on (`connect:<name>`). */
  readonly host: Host;
  /** Its staging database. */
  readonly db: SyncDatabase;
  /** Its scheduler. */
  readonly scheduler: SyncScheduler;
  /** Active or staging. */
  mode: ServerMode;
  /** The cycle in flight, if any. */
  current:
    | {
        /** Delta or initial (full). */
        kind: CycleKind;
        /** Virtual time it started. */
        startedAt: number;
      }
    | undefined;
  /** The last cycle that ended. */
  lastCycle:
    | {
        /** The kind that actually ran (a delta becomes initial when the database needs it). */
        kind: CycleKind;
        /** Virtual time it started. */
        startedAt: number;
        /** Virtual time it ended. */
        endedAt: number;
        /** True when every run profile succeeded. */
        ok: boolean;
      }
    | undefined;
  private readonly services: ServerServices;
  private readonly phs: PasswordHashSync;
  private loops: Process<void>[] = [];
  /** When the database was last lost, until a full cycle has rebuilt it. */
  private lostAt: number | undefined;

  /**
   * Servers are built by {@link ConnectEngine} from its config; this constructor is engine plumbing.
   *
   * @param name - server name
   * @param mode - initial mode
   * @param services - what the engine lends
   * @internal
   */
  constructor(name: string, mode: ServerMode, services: ServerServices) {
    this.server = name;
    this.writer = `connect:${name}`;
    this.mode = mode;
    this.services = services;
    this.host = services.world.addHost(`connect:${name}`, "sync-server");
    this.db = new SyncDatabase([...services.world.forests.keys()]);
    this.scheduler = new SyncScheduler(services.config().cycleIntervalMs);
    this.phs = new PasswordHashSync(this);
    this.host.events.on("restart", () => this.spawnLoops());
  }

  /** The world. */
  get world(): World {
    return this.services.world;
  }
  /** Configuration in force. */
  get config(): ConnectConfig {
    return this.services.config();
  }
  /** Rules in force. */
  get pipeline(): RulePipeline {
    return this.services.pipeline();
  }
  /** The tenant change feed. */
  get journal(): CloudJournal {
    return this.services.journal;
  }
  /** Features turned on. */
  get features(): ReadonlySet<Feature> {
    return this.services.features();
  }
  /** The engine-wide deletion threshold. */
  get threshold(): DeletionThreshold {
    return this.services.threshold;
  }

  /** What {@link ConnectEngine.status} shows of this server: mode, health, cycles, pending work, errors. */
  status(): Readonly<Record<string, unknown>> {
    const db = this.db;
    return {
      name: this.server,
      mode: this.mode,
      up: this.host.isUp,
      schedulerEnabled: this.scheduler.isEnabled,
      currentCycle: this.current ? { kind: this.current.kind, start: this.current.startedAt } : null,
      lastCycle: this.lastCycle
        ? {
            kind: this.lastCycle.kind,
            start: this.lastCycle.startedAt,
            end: this.lastCycle.endedAt,
            ok: this.lastCycle.ok,
          }
        : null,
      nextCycleAt: this.scheduler.nextDueAt ?? null,
      firstFullCycleDone: db.firstFullCycleDone,
      pendingExports: Object.fromEntries([
        ...[...db.adSpaces.values()].map((space) => [space.name, 0] as const),
        ["entra", db.entra.pendingExportCount] as const,
      ]),
      pendingImports: Object.fromEntries(
        [...db.adSpaces.values()].map((space) => [space.name, space.pendingCount]),
      ),
      databaseObjects: db.objectCount,
      metaverseObjects: db.metaverse.size,
      syncErrors: [...db.syncErrors.values()].slice(0, 100),
      syncErrorCount: db.syncErrors.size,
    };
  }

  /** True while active and up. */
  isActive(): boolean {
    return this.mode === "active" && this.host.isUp;
  }

  /** Emits an engine event. */
  emit<E extends keyof ConnectEvents>(event: E, ...args: ConnectEvents[E]): void {
    this.services.emit(event, ...args);
  }

  /** Records an incident. */
  incident(kind: IncidentKind, detail: string): void {
    this.services.incident(kind, detail);
  }

  /** Starts the scheduler and PHS loops on the host (at start and after each restart). */
  spawnLoops(): void {
    if (!this.host.isUp) return;
    for (const loop of this.loops) loop.kill();
    const now = (): number => this.world.scheduler.now;
    this.loops = [
      this.host.spawn(
        this.scheduler.loop(now, (kind) => this.runCycle(kind)),
        `${this.writer}:scheduler`,
      ),
      this.host.spawn(
        this.phs.loop(() => this.services.passwordHashSync()),
        `${this.writer}:phs`,
      ),
    ];
  }

  /** Database loss: the cycle in flight is abandoned, the database emptied, the loops started again. */
  loseDatabase(): void {
    for (const loop of this.loops) loop.kill();
    this.loops = [];
    this.db.clear();
    this.lostAt ??= this.world.scheduler.now;
    this.spawnLoops();
  }

  private *runCycle(kind: CycleKind): ProcessBody<CycleOutcome> {
    const startedAt = this.world.scheduler.now;
    this.current = { kind, startedAt };
    try {
      const outcome = yield* syncCycle(this, kind);
      const endedAt = this.world.scheduler.now;
      this.lastCycle = { kind: outcome.kind, startedAt, endedAt, ok: outcome.ok };
      if (this.lostAt !== undefined && this.db.firstFullCycleDone) {
        // What a lost database costs (how-to-connect-sync-staging-server: it holds no unique state, a
        // full import and sync of every connector rebuilds it): said once the rebuild is done.
        this.incident(
          "database-rebuilt",
          `${this.server}: database rebuilt by a full import and sync of every connector, ${formatDuration(Math.round((endedAt - this.lostAt) / SECOND) * SECOND)} after it was lost (${this.db.metaverse.size} metaverse objects)`,
        );
        this.lostAt = undefined;
      }
      return outcome;
    } finally {
      this.current = undefined;
    }
  }
}
