import { isSimulationError, SimulationError } from "../../scheduler/errors.js";
import type { Link } from "../../scheduler/host.js";
import { type ProcessBody, Signal, waitFor } from "../../scheduler/process.js";
import type { Scheduler } from "../../scheduler/scheduler.js";
import type { ProvisioningAgent } from "./agent.js";
import type { AgentMode } from "./config.js";
import type { TimingProfile } from "./timing.js";

/**
 * A request an agent answered.
 *
 * @public
 */
export interface AgentCallSuccess<T> {
  /** Discriminant. */
  readonly ok: true;
  /** The agent's answer. */
  readonly value: T;
  /** The agent that answered. */
  readonly agent: string;
}

/**
 * A request that failed: no agent, link down, agent error (e.g. `dc-unreachable`), or no answer.
 *
 * @public
 */
export interface AgentCallFailure {
  /** Discriminant. */
  readonly ok: false;
  /** Why (the documented `no active agents` when none was left). */
  readonly reason: string;
  /** The last agent tried, if any. */
  readonly agent: string | undefined;
  /** The error the agent or link raised, if any. */
  readonly error?: unknown;
}

/**
 * The outcome of one request the service sent to an agent.
 *
 * @public
 */
export type AgentCallResult<T> = AgentCallSuccess<T> | AgentCallFailure;

/**
 * What the pool tells the engine about agent selection.
 *
 * @internal
 */
export interface AgentPoolObserver {
  selected(domain: string, agent: string): void;
  failover(domain: string, from: string, to: string | undefined, reason: string): void;
  /** A configuration a failover left without an agent has one again: `agent` reported. */
  restored(domain: string, agent: string): void;
}

/** The documented error of a cycle with no agent to run it (cloud-sync `how-to-troubleshoot`). */
export const NO_ACTIVE_AGENTS = "no active agents";

/**
 * The service's view of the agents: who reported status when, which one is active per configuration, and
 * how a request reaches an agent. In `single-active` mode (the FAQ, default) one agent serves a
 * configuration until it stops answering — a failed request, or no bootstrap/status within the failover
 * detection time — and the service fails over to the next healthy agent (lowest number first, an
 * assumption). In `load-distribution` mode requests rotate over the healthy agents.
 *
 * @public
 */
export class AgentPool {
  /** The agents, in name order. */
  readonly agents: readonly ProvisioningAgent[];
  private readonly scheduler: Scheduler;
  private readonly link: Link;
  private readonly timing: TimingProfile;
  private readonly mode: AgentMode;
  private readonly observer: AgentPoolObserver;
  private readonly lastSeen = new Map<string, number>();
  // An agent that failed a request is not used again until its next status report.
  private readonly suspect = new Set<string>();
  // Load distribution: per suspect agent, the configurations (domains) its failover was reported for, so
  // that each outage is reported once per configuration.
  private readonly failedOver = new Map<string, Set<string>>();
  private readonly active = new Map<string, ProvisioningAgent>();
  // Configurations a failover left with no healthy agent ("→ none"), until an agent reports again: the
  // incidents then say when service could resume (a job in quarantine waits for its next attempt anyway).
  private readonly orphaned = new Set<string>();
  private readonly rotation = new Map<string, number>();
  // Fired on every status report: a request waiting for the agents' first reports wakes on it.
  private readonly reported = new Signal<void>();
  // When the first reports of the agents the service started reach it (start + the link's latency).
  private firstReportsDue = Number.NEGATIVE_INFINITY;

  /** @internal */
  constructor(options: {
    agents: readonly ProvisioningAgent[];
    scheduler: Scheduler;
    link: Link;
    timing: TimingProfile;
    mode: AgentMode;
    observer: AgentPoolObserver;
  }) {
    this.agents = options.agents;
    this.scheduler = options.scheduler;
    this.link = options.link;
    this.timing = options.timing;
    this.mode = options.mode;
    this.observer = options.observer;
  }

  /**
   * The service starts the agents now: their first bootstrap crosses the link, so until it has arrived a
   * request waits for it instead of failing with {@link NO_ACTIVE_AGENTS}.
   */
  starting(): void {
    this.firstReportsDue = this.scheduler.now + this.link.latencyMs;
  }

  /** An agent's bootstrap/status report reached the service. */
  report(agent: ProvisioningAgent): void {
    this.lastSeen.set(agent.name, this.scheduler.now);
    this.suspect.delete(agent.name);
    this.failedOver.delete(agent.name);
    this.reported.fire();
    if (this.orphaned.size === 0) return;
    for (const domain of this.orphaned) {
      if (this.mode === "single-active") this.active.set(domain, agent);
      this.observer.restored(domain, agent.name);
    }
    this.orphaned.clear();
  }

  /** When the service last heard from `agent`. */
  lastSeenAt(agent: ProvisioningAgent): number | undefined {
    return this.lastSeen.get(agent.name);
  }

  /** True when the service believes the agent can take requests. */
  healthy(agent: ProvisioningAgent): boolean {
    const seen = this.lastSeen.get(agent.name);
    return seen !== undefined && !this.suspect.has(agent.name) && this.scheduler.now < this.staleAt(agent);
  }

  /** The agent currently active for a configuration (single-active mode). */
  activeFor(domain: string): string | undefined {
    return this.active.get(domain)?.name;
  }

  /**
   * Sends one request to an agent of `domain`'s configuration and waits for the answer, failing over when
   * the agent does not answer. Fails with {@link NO_ACTIVE_AGENTS} when no healthy agent is left.
   */
  *call<T>(
    domain: string,
    what: string,
    work: (agent: ProvisioningAgent) => ProcessBody<T>,
  ): ProcessBody<AgentCallResult<T>> {
    const tried = new Set<string>();
    for (;;) {
      const agent = this.select(domain, what, tried);
      if (!agent) {
        // At start the agents' first reports are still on the link: wait for them, not fail at once.
        const wait = this.firstReportsDue - this.scheduler.now;
        if (wait > 0 && tried.size === 0 && this.lastSeen.size < this.agents.length) {
          yield* waitFor(this.reported, wait);
          continue;
        }
        return { ok: false, reason: NO_ACTIVE_AGENTS, agent: undefined };
      }
      tried.add(agent.name);
      const outcome = yield* this.dispatch(agent, what, work);
      if (outcome.ok || outcome.agentFault === false) return outcome.result;
      this.fail(domain, agent, outcome.result.ok ? "" : outcome.result.reason);
    }
  }

  /** Picks the agent for the next request of a configuration. */
  private select(domain: string, what: string, tried: ReadonlySet<string>): ProvisioningAgent | undefined {
    const candidates = this.agents.filter((a) => this.healthy(a) && !tried.has(a.name));
    if (this.mode === "load-distribution") {
      if (candidates.length === 0) return undefined;
      // Each kind of request rotates on its own, so object and password jobs both spread over the agents.
      const key = `${domain}:${what}`;
      const turn = this.rotation.get(key) ?? 0;
      this.rotation.set(key, turn + 1);
      return candidates[turn % candidates.length];
    }
    const current = this.active.get(domain);
    if (current && this.healthy(current) && !tried.has(current.name)) return current;
    if (current) {
      this.fail(domain, current, "agent stopped reporting status");
      return this.active.get(domain);
    }
    const first = candidates[0];
    if (first) {
      this.active.set(domain, first);
      this.observer.selected(domain, first.name);
    }
    return first;
  }

  /** Takes `agent` out of service for `domain` and fails over to the next healthy agent. */
  private fail(domain: string, agent: ProvisioningAgent, reason: string): void {
    if (this.mode === "load-distribution") {
      // Both jobs of a configuration may have a request waiting on the same lost agent, and both notice it
      // at the same moment: one failover, the first time it is taken out until it reports again.
      this.suspect.add(agent.name);
      let reported = this.failedOver.get(agent.name);
      if (!reported) this.failedOver.set(agent.name, (reported = new Set()));
      if (reported.has(domain)) return;
      reported.add(domain);
      const next = this.agents.find((a) => this.healthy(a));
      if (!next) this.orphaned.add(domain);
      this.observer.failover(domain, agent.name, next?.name, reason);
      return;
    }
    this.suspect.add(agent.name);
    if (this.active.get(domain) !== agent) return;
    const next = this.agents.find((a) => this.healthy(a));
    if (next) this.active.set(domain, next);
    else {
      this.active.delete(domain);
      this.orphaned.add(domain);
    }
    this.observer.failover(domain, agent.name, next?.name, reason);
    if (next) this.observer.selected(domain, next.name);
  }

  /**
   * The first instant at which the agent counts as gone: past the detection time since its last report,
   * plus the link's latency — a report sent every bootstrap interval arrives that much after the interval
   * (the agent sends it, then waits the interval), and a healthy agent must not look gone meanwhile.
   */
  private staleAt(agent: ProvisioningAgent): number {
    const seen = this.lastSeen.get(agent.name);
    if (seen === undefined) return Number.NEGATIVE_INFINITY;
    return seen + this.timing.failoverDetection + this.link.latencyMs + 1;
  }

  /**
   * The request's journey: over the link to the relay, picked up at once by a live agent (a process on
   * the agent host, which a crash kills), answered over the link. A dead agent never answers: the service
   * notices when the request times out or the agent misses its status window, whichever comes first.
   */
  private *dispatch<T>(
    agent: ProvisioningAgent,
    what: string,
    work: (agent: ProvisioningAgent) => ProcessBody<T>,
  ): ProcessBody<{ ok: boolean; agentFault: boolean; result: AgentCallResult<T> }> {
    const started = this.scheduler.now;
    const link = this.link;
    try {
      yield* link.transmit(what);
    } catch (error) {
      if (!isSimulationError(error, "link-down")) throw error;
      return {
        ok: false,
        agentFault: false,
        result: { ok: false, reason: error.message, agent: agent.name, error },
      };
    }
    let settled: AgentCallResult<T> | undefined;
    const answered = new Signal<void>();
    if (agent.host.isUp) {
      agent.host.spawn(
        (function* request(): ProcessBody<void> {
          try {
            const value = yield* work(agent);
            yield* link.transmit(`${what} reply`);
            settled = { ok: true, value, agent: agent.name };
          } catch (error) {
            if (!(error instanceof SimulationError)) throw error;
            settled = { ok: false, reason: error.message, agent: agent.name, error };
          }
          answered.fire();
        })(),
        `${agent.name}:${what}`,
      );
    }
    for (;;) {
      if (settled) return { ok: settled.ok, agentFault: false, result: settled };
      const timeoutAt = started + this.timing.requestTimeout;
      const deadline = Math.min(timeoutAt, this.staleAt(agent));
      const now = this.scheduler.now;
      if (now >= deadline) {
        // concept-how-it-works: a cloud request to the agent times out after 10 min.
        const reason =
          now >= timeoutAt ? `${what} to ${agent.name} timed out` : `${agent.name} stopped reporting status`;
        return { ok: false, agentFault: true, result: { ok: false, reason, agent: agent.name } };
      }
      yield* waitFor(answered, deadline - now);
    }
  }
}
