import type { EngineKind, Feature, SyncEngine } from "../engines/engine.js";
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
  if (run.unsupported.has(feature) || (capability && !capability.supported))
    return { status: "unsupported", reason: capability?.reason ?? `${feature} is not supported` };
  if (!run.features.includes(feature))
    return { status: "failed", reason: `${feature} is not among the scenario's features: ${stays}` };
  return undefined;
}
