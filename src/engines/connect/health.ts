import type { EventEmitter } from "eventemitter3";
import type { World } from "../../model/world.js";
import { formatDuration, SECOND } from "../../scheduler/duration.js";
import type { Host } from "../../scheduler/host.js";
import type { EventHandle, Scheduler } from "../../scheduler/scheduler.js";
import type { IncidentKind } from "../engine.js";
import type { ConnectEvents } from "./events.js";
import type { HealthAlertSettings } from "./health-settings.js";

/**
 * The alerts Microsoft Entra Connect Health raises about a sync deployment, each after a stretch of
 * silence (how-to-connect-health-alert-catalog, how-to-connect-health-data-freshness).
 *
 * - `data-not-up-to-date`: "Health service data is not up to date", per server — the Health agent on the
 *   server uploaded nothing for 2 h (the server or the link to the cloud down). Staging servers included:
 *   their agent reports too.
 * - `phs-heartbeat-skipped`: "Password Hash Synchronization heartbeat was skipped in last 120 minutes" —
 *   no password hash sync pass of an active server reached the cloud for 120 min (the active server down,
 *   every server in staging mode, the link down).
 * - `no-sync-registered`: Entra ID registered no synchronization for 24 h — no export to Entra ID exported
 *   anything (one stopped by the deletion threshold or a full database does not count).
 *
 * @public
 */
export type HealthAlertName = "data-not-up-to-date" | "phs-heartbeat-skipped" | "no-sync-registered";

/**
 * One alert's clock: counts down while its source is silent, raises the alert when the count runs out,
 * and resolves it when the source is heard again. One timer event per silence (a heartbeat replaces it),
 * not a poll.
 */
class Watchdog {
  private timer: EventHandle | undefined;
  private silentSince: number | undefined;
  private raisedAt: number | undefined;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly limitMs: () => number,
    private readonly raise: (silentSince: number) => boolean,
    private readonly resolve: (raisedAt: number) => void,
  ) {}

  /** A heartbeat: the source is heard now and is expected again within the limit. */
  beat(): void {
    this.hear();
    this.silence();
  }

  /** The source fell silent now (kept from the earlier moment when it already was). */
  silence(): void {
    if (this.silentSince !== undefined || this.raisedAt !== undefined) return;
    const since = this.scheduler.now;
    this.silentSince = since;
    this.timer = this.scheduler.after(
      this.limitMs(),
      () => {
        this.timer = undefined;
        this.silentSince = undefined;
        if (this.raise(since)) this.raisedAt = this.scheduler.now;
      },
      "health-alert",
    );
  }

  /** The source is heard again: the count stops and an open alert is resolved. */
  hear(): void {
    if (this.timer) this.scheduler.cancel(this.timer);
    this.timer = undefined;
    this.silentSince = undefined;
    if (this.raisedAt !== undefined) {
      const raisedAt = this.raisedAt;
      this.raisedAt = undefined;
      this.resolve(raisedAt);
    }
  }
}

/** What the monitor watches and reports through. @internal */
export interface HealthSources {
  readonly world: World;
  /** The servers' hosts by server name. */
  readonly servers: ReadonlyMap<string, { readonly host: Host }>;
  readonly events: EventEmitter<ConnectEvents>;
  readonly settings: () => HealthAlertSettings;
  /** True while password hash sync is on (its heartbeat alert is meaningless otherwise). */
  readonly passwordHashSync: () => boolean;
  readonly incident: (kind: IncidentKind, detail: string) => void;
}

// The alert's title as the portal shows it, and what went missing.
const ALERT_TEXT: Readonly<Record<HealthAlertName, readonly [title: string, missing: string]>> = {
  "data-not-up-to-date": ["Health service data is not up to date", "no data from the server"],
  "phs-heartbeat-skipped": ["Password Hash Synchronization heartbeat was skipped", "no heartbeat"],
  "no-sync-registered": ["No directory synchronization registered", "no export to Entra ID"],
};

function span(ms: number): string {
  return formatDuration(Math.round(ms / SECOND) * SECOND);
}

/**
 * Connect Health's alerts over a deployment, as `health-alert` incidents (and `health-alert-resolved`
 * when the silence ends), so a scenario shows how long a failure goes unnoticed as well as what it costs.
 *
 * @remarks Stated assumptions (docs/engines/connect.md): a Health agent uploads whenever its server and the
 * link to the cloud are up; the password hash sync heartbeat is a pass of an active server while the link
 * is up, and its clock starts with the first pass (an initial cycle, during which PHS waits, raises
 * nothing); an export run to Entra ID registers a synchronization when it exported (success, or completed with
 * export errors).
 * @internal
 */
export class HealthMonitor {
  private readonly sources: HealthSources;
  private readonly data = new Map<string, Watchdog>();
  private readonly phs: Watchdog;
  private readonly sync: Watchdog;

  /** @param sources - what the monitor watches and reports through */
  constructor(sources: HealthSources) {
    this.sources = sources;
    const { world, events } = sources;
    const scheduler = world.scheduler;
    const settings = sources.settings;
    for (const [name, { host }] of sources.servers) {
      const dog = new Watchdog(
        scheduler,
        () => settings().dataStaleMs,
        (since) => this.raise("data-not-up-to-date", since, `${name}: `),
        (at) => this.resolve("data-not-up-to-date", at, `${name}: `),
      );
      this.data.set(name, dog);
      const check = (): void => {
        if (host.isUp && world.cloudLink.isUp) dog.hear();
        else dog.silence();
      };
      host.events.on("crash", check);
      host.events.on("restart", check);
      world.cloudLink.events.on("down", check);
      world.cloudLink.events.on("up", check);
    }
    this.phs = new Watchdog(
      scheduler,
      () => settings().phsHeartbeatMs,
      (since) => sources.passwordHashSync() && this.raise("phs-heartbeat-skipped", since),
      (at) => this.resolve("phs-heartbeat-skipped", at),
    );
    this.sync = new Watchdog(
      scheduler,
      () => settings().noSyncMs,
      (since) => this.raise("no-sync-registered", since),
      (at) => this.resolve("no-sync-registered", at),
    );
    events.on("phs:batch", () => {
      if (world.cloudLink.isUp) this.phs.beat();
    });
    events.on("run:end", (run) => {
      // An export stopped by the deletion threshold or a full database sent nothing: not a synchronization.
      if (run.profile !== "export" || run.connector !== "entra") return;
      if (run.status === "success" || run.status === "completed-export-errors") this.sync.beat();
    });
  }

  /** Starts the clocks that run from the start: the time since the last synchronization. */
  start(): void {
    this.sync.silence();
  }

  private raise(alert: HealthAlertName, since: number, prefix = ""): boolean {
    if (!this.sources.settings().alerts) return false;
    const now = this.sources.world.scheduler.now;
    const [title, missing] = ALERT_TEXT[alert];
    this.sources.incident(
      "health-alert",
      `${prefix}${title} (${alert}): ${missing} for ${span(now - since)}`,
    );
    return true;
  }

  private resolve(alert: HealthAlertName, raisedAt: number, prefix = ""): void {
    const now = this.sources.world.scheduler.now;
    this.sources.incident(
      "health-alert-resolved",
      `${prefix}${ALERT_TEXT[alert][0]} (${alert}): resolved, ${span(now - raisedAt)} after the alert`,
    );
  }
}
