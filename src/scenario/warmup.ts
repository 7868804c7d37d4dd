import type { SyncEngine } from "../engines/engine.js";
import { cloudTypeOf } from "../model/cloud-schema.js";
import type { World } from "../model/world.js";
import { formatDuration, MINUTE } from "../scheduler/duration.js";
import { CyclesInFlight } from "./cycles-in-flight.js";

/**
 * Warm-up (`initialSync: "before-start"`): after the world is populated and the engine started, advance
 * virtual time until the engine has finished its initial synchronisation, so the workload measures
 * day-to-day latency rather than the initial sync (5,000 users take Cloud Sync ~1h45m at its documented
 * 1.2 s per create, reference.md B "Timing").
 *
 * The test is generic (it looks at the tenant and at the events every engine emits, never inside the
 * engine), checked once per virtual minute:
 * 1. objects: the tenant holds at least as many live objects as AD has objects the engine has in scope and
 *    that map to a cloud type — or, when it never gets there (users joined across forests become one cloud
 *    object), the tenant has not grown for {@link QUIET_MS};
 * 2. passwords: the tenant has received a password hash for as many distinct objects as AD has in-scope
 *    users with a password — or no hash arrived for {@link QUIET_MS} (password hash sync off, joined users).
 *    The quiet window covers the slowest password cycle modelled (Cloud Sync `field` timing, 20 min);
 * 3. cycles: none of the engine's cycles is running (each engine announces `cycle:start` and `cycle:end`).
 *    Without it, a large Connect directory would start the workload while its first delta cycle still
 *    imports every object just exported to confirm it (reference.md A "Staging database and run profiles":
 *    exported values are re-exported until an import confirms them; "Database and capacity": import time
 *    grows linearly, 10,000 objects in 10 min): at 150,000 users, ~2.5 h in which every change waits, and
 *    a p99 latency of 2h16m that is the initial sync's, not the day-to-day one's (41m once the cycle is
 *    part of the warm-up).
 * All three hold → the workload starts at that minute boundary. Past `limit`, the warm-up stops anyway and
 * the caller records a `warm-up-timeout` incident.
 */

/** Silence after which a phase counts as settled although its count was not reached. @internal */
export const QUIET_MS = 30 * MINUTE;

/**
 * How a warm-up ended.
 *
 * @public
 */
export interface WarmupOutcome {
  /** Virtual time the workload starts at (the warm-up's length). */
  readonly origin: number;
  /** False when `limit` was reached first. */
  readonly completed: boolean;
  /** In-scope objects AD holds. */
  readonly expectedObjects: number;
  /** Live objects in the tenant when the warm-up ended. */
  readonly cloudObjects: number;
  /** Human summary, for incidents and logs. */
  readonly detail: string;
}

/**
 * Runs the world until the engine has finished its initial synchronisation (or `limit` passed).
 *
 * @param world - the run's world, engine attached and started, no workload yet
 * @param engine - the engine under test (for `inScope`)
 * @param limit - longest warm-up, ms of virtual time
 * @param onProgress - called after each virtual minute with the virtual now
 * @public
 */
export function warmUp(
  world: World,
  engine: SyncEngine,
  limit: number,
  onProgress?: (now: number) => void,
): WarmupOutcome {
  const scheduler = world.scheduler;
  const tenant = world.tenant;
  // AD does not change during warm-up: count what should arrive once.
  let expectedObjects = 0;
  let expectedPasswords = 0;
  for (const directory of world.forests.values()) {
    for (const object of directory.objects()) {
      if (cloudTypeOf(object.objectClass) === undefined || !engine.inScope(object)) continue;
      expectedObjects++;
      if (object.objectClass === "user" && directory.hasPassword(object)) expectedPasswords++;
    }
  }
  // Distinct users with a hash, counted by the event's `first` flag (a user's first credential) rather than
  // a set of 150,000 cloud ids: the tenant is empty of credentials when the warm-up starts (nothing but
  // sync writes them before the workload), so first credentials are exactly the distinct users hashed. (On a
  // tenant that held credentials already, this undercounts: the warm-up then ends by the quiet window.)
  let hashed = 0;
  let lastHashAt = scheduler.now;
  const onCredential = (event: { first: boolean }): void => {
    if (event.first) hashed++;
    lastHashAt = scheduler.now;
  };
  tenant.events.on("credential", onCredential);
  // Cycles in flight (every engine announces the start and end of each of its cycles).
  const cycles = new CyclesInFlight(engine);

  const start = scheduler.now;
  let size = tenant.size;
  let lastGrowthAt = start;
  let objectsDoneAt: number | undefined;
  let completed = false;
  try {
    while (scheduler.now - start < limit) {
      scheduler.run({ until: Math.min(start + limit, scheduler.now + MINUTE) });
      onProgress?.(scheduler.now);
      const now = scheduler.now;
      if (tenant.size !== size) {
        size = tenant.size;
        lastGrowthAt = now;
      }
      if (objectsDoneAt === undefined) {
        const full = size >= expectedObjects;
        const settled = size > 0 && now - lastGrowthAt >= QUIET_MS;
        if (full || settled || expectedObjects === 0) objectsDoneAt = now;
        else continue;
      }
      const passwordsDone =
        hashed >= expectedPasswords || now - Math.max(lastHashAt, objectsDoneAt) >= QUIET_MS;
      if (passwordsDone && cycles.running === 0) {
        completed = true;
        break;
      }
    }
  } finally {
    tenant.events.off("credential", onCredential);
    cycles.stop();
  }
  const origin = scheduler.now - start;
  const detail = completed
    ? `initial synchronisation finished after ${formatDuration(origin)}: ${tenant.size} of ${expectedObjects} in-scope objects and ${hashed} of ${expectedPasswords} password hashes in the cloud`
    : `initial synchronisation not finished within the warm-up limit of ${formatDuration(limit)}: ${tenant.size} of ${expectedObjects} in-scope objects and ${hashed} of ${expectedPasswords} password hashes in the cloud; the workload starts anyway`;
  return { origin: scheduler.now, completed, expectedObjects, cloudObjects: tenant.size, detail };
}
