import { type ExchangeOnlineValues, exchangeEdits } from "../../model/exchange-online.js";
import type { World } from "../../model/world.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { SyncConfiguration } from "./service.js";

/**
 * Exchange hybrid writeback (cloud-sync exchange-hybrid: off by default; its own job,
 * AAD2ADExchangeHybridWriteback, per configuration): each run writes the Exchange Online settings that
 * changed since the job last wrote them (`cloudMSExchArchiveStatus` → `msExchArchiveStatus`, … — the
 * mappings are Direct or pass the value through) to the users this configuration provisioned, through one
 * of its agents. With no agent, or AD unreachable, the run stops with a `writeback-failed` incident and the
 * next run tries again, from the same settings.
 *
 * Stated assumptions (not in reference.md): the job runs every `exchangeWritebackInterval` (20 min, as
 * group provisioning to AD, the other cloud-to-AD job); each user written costs the service one incremental
 * update (`updateCost`).
 *
 * @internal
 */
export class ExchangeWriteback {
  /** The settings last written, by cloud id: a user is written again only when its settings change. */
  private readonly written = new Map<string, ExchangeOnlineValues>();
  private running = false;

  /**
   * @param world - the run's world
   * @param target - the configuration whose users the job writes to
   */
  constructor(
    private readonly world: World,
    private readonly target: SyncConfiguration,
  ) {}

  /** Starts the job's schedule (once). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.world.scheduler.spawn(this.loop(), {
      name: `cloud-sync:${this.target.domain}:exchange-writeback`,
    });
  }

  /** Runs every interval from the start (next start = previous start + interval, no overlap). */
  private *loop(): ProcessBody<void> {
    const { scheduler } = this.world;
    const interval = this.target.context.config.timing.exchangeWritebackInterval;
    let next = scheduler.now + interval;
    for (;;) {
      yield sleep(next - scheduler.now);
      yield* this.run();
      next += interval;
      while (next < scheduler.now) next += interval;
    }
  }

  /** One run: every provisioned user whose Exchange Online settings changed since written. */
  private *run(): ProcessBody<void> {
    const { pool, directory, domain, provisioned, config, incident } = this.target.context;
    const { tenant } = this.world;
    const work: Array<[cloudId: string, values: ExchangeOnlineValues, write: () => void]> = [];
    for (const [cloudId, values] of tenant.exchangeOnline.entries()) {
      if (this.written.get(cloudId) === values) continue;
      const anchor = tenant.get(cloudId)?.onPremisesImmutableId;
      const guid = anchor === undefined ? undefined : provisioned.guidOf(anchor);
      if (guid === undefined) continue;
      work.push([
        cloudId,
        values,
        () => {
          const user = directory.get(guid);
          if (!user || user.isDeleted || user.objectClass !== "user") return;
          const edits = exchangeEdits(user, values);
          if (edits) directory.modify(guid, edits);
        },
      ]);
    }
    for (const [cloudId, values, write] of work) {
      yield sleep(config.timing.updateCost);
      const reply = yield* pool.call(domain, "Exchange hybrid writeback", (agent) => agent.writeToAd(write));
      if (!reply.ok) {
        incident("writeback-failed", `${domain}: Exchange hybrid writeback failed: ${reply.reason}`);
        return;
      }
      this.written.set(cloudId, values);
    }
  }
}
