import type { EngineKind, Feature, SyncEngine } from "../engines/engine.js";
import type { AdObject, AdObjectClass } from "../model/ad-object.js";
import type { Directory } from "../model/directory.js";
import type { World } from "../model/world.js";
import type { Population } from "./population.js";
import type { EventStatus } from "./result.js";

/**
 * What the scripted events that start in the cloud and end in AD share — cloud groups (cloud-groups.ts) and
 * Exchange Online settings (exchange-writes.ts): the run's parts, how an outcome is settled once AD shows
 * it, and the test of the engine's writeback feature.
 */

/** What such an event comes to, as the script reports it. @internal */
export interface CloudToAdOutcome {
  status: EventStatus;
  reason?: string;
  visibleAt?: number | null;
}

/** What the cloud-to-AD events of one run work with. @internal */
export interface CloudToAdRun {
  readonly world: World;
  /** Virtual time the workload starts (event times are relative to it). */
  readonly origin: number;
  readonly kind: EngineKind;
  readonly engine: SyncEngine;
  readonly features: readonly string[];
  /** Requested features the engine returned as unsupported. */
  readonly unsupported: ReadonlySet<string>;
  readonly population: Population;
  /** Records an event's outcome once AD shows it (or the run ends first). */
  settle(index: number, outcome: CloudToAdOutcome): void;
}

/**
 * Why an event needing `feature` cannot reach AD in this run: `unsupported` when the engine lacks the
 * feature, `failed` when the scenario did not turn it on (`stays` says what is left in the cloud); undefined
 * when it can.
 *
 * @internal
 */
export function featureRefusal(
  run: CloudToAdRun,
  feature: Feature,
  stays: string,
): CloudToAdOutcome | undefined {
  const capability = run.engine.capabilities.find((c) => c.feature === feature);
  if (run.unsupported.has(feature) || (capability && !capability.supported)) {
    // The engine's own words when it refused the feature for this scenario (device writeback with several
    // forests), else its capability table's.
    const refused = run.engine.incidents.find(
      (i) => i.kind === "unsupported-feature" && i.detail.startsWith(`${feature}: `),
    );
    const reason = refused?.detail.slice(feature.length + 2) ?? capability?.reason;
    return { status: "unsupported", reason: reason ?? `${feature} is not supported` };
  }
  if (!run.features.includes(feature))
    return { status: "failed", reason: `${feature} is not among the scenario's features: ${stays}` };
  return undefined;
}

/**
 * What a run's events of one kind wait for in AD, by event index: each is `applied` at the first AD write
 * after which {@link AdWaits.shows} holds, and `failed` with `lateReason` when the run ends first. AD is
 * watched only while something is awaited.
 *
 * @internal
 */
export abstract class AdWaits<W> {
  protected readonly waits = new Map<number, W>();

  /**
   * @param run - the run's parts, and `settle`, which records an event's outcome
   * @param watched - the class of AD object awaited: writes of other objects are passed over unread
   * @param lateReason - why an event AD never showed failed
   */
  constructor(
    protected readonly run: CloudToAdRun,
    watched: AdObjectClass,
    private readonly lateReason: string,
  ) {
    for (const directory of run.world.forests.values()) {
      directory.events.on("change", (change) => {
        if (this.waits.size === 0 || change.objectClass !== watched) return;
        const object = directory.get(change.objectGUID);
        if (!object || object.isDeleted) return;
        for (const [index, wait] of this.waits) {
          if (!this.shows(wait, object, directory)) continue;
          this.waits.delete(index);
          this.run.settle(index, { status: "applied", visibleAt: change.at - this.run.origin });
        }
      });
    }
  }

  /** Events still awaited in AD. */
  get waiting(): number {
    return this.waits.size;
  }

  /** Ends the run: what AD never showed fails. */
  finish(): void {
    for (const index of this.waits.keys())
      this.run.settle(index, { status: "failed", reason: this.lateReason });
    this.waits.clear();
  }

  /**
   * Whether AD shows what `wait` waits for, now that `object` (live, of the watched class, in `directory`)
   * was written.
   */
  protected abstract shows(wait: W, object: AdObject, directory: Directory): boolean;
}
