import type { DirectoryChange } from "../model/directory-types.js";
import type { World } from "../model/world.js";
import { formatDuration } from "../scheduler/duration.js";
import { isSimulationError } from "../scheduler/errors.js";
import type { RandomStream } from "../scheduler/random.js";
import type { Observer, TrackedChange } from "./observer.js";
import type { ChangeCategory } from "./result.js";
import type { ReplicationSettings, WriteOrigin } from "./scenario-types.js";

/**
 * Replication between domain controllers (reference C). Both engines read one domain controller, the
 * *sync DC*; a write made on another DC reaches it only when replicated:
 * - `same-site`: another DC of the sync DC's site notifies its first partner 15 s after the write
 *   (modify-default-intra-site-dc-replication-interval, KB 214678: `msDS-Replication-Notify-First-DSA-Delay`),
 *   and the sync DC is taken to be that partner;
 * - `other-site`: a DC of another site; the site link replicates on its schedule, every 180 minutes by
 *   default (Repl-Interval, a multiple of 15 minutes), the first cycle at the workload's start. The sync DC is
 *   taken to be its site's bridgehead, so a change arrives at the first cycle at or after it was made
 *   (stated assumption, docs/scenarios.md "Where a write is made").
 *
 * A replicated write is applied on the sync DC when it arrives, and its change is made at the time it was
 * written: its latency includes the replication. AD settles conflicting writes per attribute, the later
 * originating write winning (for equal versions, by originating time): an attribute, DN, password or
 * membership value that the sync DC has had written since this write was made keeps that later value, and
 * the replicated write leaves it alone: for it, the write is a superseded change. A delete always wins (a
 * tombstone takes no updates): a write AD refuses on arrival, its object or member deleted meanwhile, is
 * superseded too; one that cannot be recorded at all (a create AD refuses) is not made.
 */

/** What a deferred write does when it arrives, given the keys it still wins; [] when it changed nothing. */
export type ReplicatedApply = (keys: readonly string[]) => TrackedChange[];

/**
 * The fate of a write made on another DC, once it reached the sync DC: the changes it made there (some
 * superseded, when AD's conflict resolution kept a later write or the object was deleted first), or, for a
 * write that could not be recorded at all (a create AD refused, an object purged), why.
 *
 * @internal
 */
export interface ReplicatedFate {
  /** The changes recorded (empty when the write changed nothing, or could not be recorded). */
  readonly changes: TrackedChange[];
  /** Why nothing could be recorded. */
  readonly failure?: string;
}

/**
 * A write as replication weighs it: the object written (undefined for a create), what it sets as AD settles
 * conflicts (attribute names, `dn`, `pwdLastSet`, `isDeleted` for a restore, {@link memberKey} values; none
 * for a create or delete), and what it counts as when superseded.
 *
 * @internal
 */
export interface ReplicatedWrite {
  readonly guid: string | undefined;
  readonly keys: readonly string[];
  readonly category: ChangeCategory;
}

/** One write on its way to the sync DC. */
interface InFlight extends ReplicatedWrite {
  readonly madeAt: number;
  readonly origin: WriteOrigin;
  readonly apply: ReplicatedApply;
}

/** The conflict key of a membership value (linked-value replication settles each value apart). */
export function memberKey(memberGuid: string): string {
  return `member:${memberGuid}`;
}

/**
 * Carries writes made on other domain controllers to the sync DC, and settles their conflicts.
 *
 * @internal
 */
export class Replication {
  private readonly world: World;
  private readonly observer: Observer;
  private readonly settings: ReplicationSettings;
  private readonly origin: number;
  /** Where workload writes are made: drawn only when a share is set, from a stream of its own. */
  private readonly random: RandomStream | undefined;
  private inFlight = 0;
  /** Writes in flight per object: its writes since are weighed against them. */
  private readonly watched = new Map<string, number>();
  /** Originating time of the last write of each key of a watched object, on the sync DC. */
  private readonly writtenAt = new Map<string, Map<string, number>>();
  /** Originating time of the replicated write being applied (its keys are that old, not now). */
  private applying: number | undefined;
  /** Names of scripted creates still replicating, with the time they arrive. */
  private readonly creating = new Map<string, number>();

  /**
   * @param world - the run's world
   * @param observer - the run's observer (a replicated change is made at its originating time)
   * @param settings - the scenario's replication settings
   * @param origin - virtual time the workload starts; the first inter-site cycle
   */
  constructor(world: World, observer: Observer, settings: ReplicationSettings, origin: number) {
    this.world = world;
    this.observer = observer;
    this.settings = settings;
    this.origin = origin;
    const workload = settings.workload;
    this.random =
      workload.sameSite > 0 || workload.otherSite > 0 ? world.random.stream("replication") : undefined;
    const listener = (change: DirectoryChange) => this.noteWrite(change);
    for (const directory of world.forests.values()) directory.events.on("change", listener);
  }

  /** Writes made on another DC and not yet on the sync DC. */
  get waiting(): number {
    return this.inFlight;
  }

  /** Where the next workload write is made (the sync DC unless the scenario sends a share elsewhere). */
  workloadOrigin(): WriteOrigin {
    if (!this.random) return "sync-dc";
    const draw = this.random.float();
    const { sameSite, otherSite } = this.settings.workload;
    if (draw < sameSite) return "same-site";
    return draw < sameSite + otherSite ? "other-site" : "sync-dc";
  }

  /** When a write made now on a DC of this kind reaches the sync DC. */
  arrivalOf(origin: WriteOrigin, now: number): number {
    if (origin === "sync-dc") return now;
    if (origin === "same-site") return now + this.settings.intraSite;
    const interval = this.settings.interSite;
    return this.origin + Math.ceil((now - this.origin) / interval) * interval;
  }

  /**
   * When a scripted create of this name arrives on the sync DC, while it replicates (so an event naming the
   * object before can say why it finds nothing).
   */
  creatingUntil(name: string): number | undefined {
    return this.creating.get(name);
  }

  /**
   * Makes a write on a DC of kind `origin`: at once on the sync DC, else when it arrives there.
   *
   * @param write - the object written, what it sets, what it counts as when superseded
   * @param apply - makes the write on the sync DC, with the keys it still wins
   * @param settle - told the write's fate when it arrives (not called for a write made on the sync DC)
   * @param createdName - the scenario's name of a created object
   * @returns the tracked changes of a write made on the sync DC; undefined for a deferred one
   */
  write(
    origin: WriteOrigin,
    write: ReplicatedWrite,
    apply: ReplicatedApply,
    settle?: (fate: ReplicatedFate) => void,
    createdName?: string,
  ): TrackedChange[] | undefined {
    const scheduler = this.world.scheduler;
    const now = scheduler.now;
    const { guid, keys, category } = write;
    if (origin === "sync-dc") {
      // A membership value has no attribute name in the directory's change event: noted here.
      // Only an object with a write in flight is weighed against (no list built for every other write).
      if (guid !== undefined && this.watched.has(guid)) this.noteKeys(guid, keys.filter(isMemberKey), now);
      return apply(keys);
    }
    const inFlight: InFlight = { guid, keys, madeAt: now, origin, apply, category };
    const arrival = this.arrivalOf(origin, now);
    this.inFlight++;
    if (guid !== undefined) this.watched.set(guid, (this.watched.get(guid) ?? 0) + 1);
    if (createdName !== undefined) this.creating.set(createdName, arrival);
    scheduler.schedule(
      arrival,
      () => {
        if (createdName !== undefined) this.creating.delete(createdName);
        const fate = this.arrive(inFlight);
        settle?.(fate);
      },
      `replication:${origin}`,
    );
    return undefined;
  }

  /** A write reaches the sync DC: the keys a later write took are left alone, the rest applied. */
  private arrive(write: InFlight): ReplicatedFate {
    this.inFlight--;
    const { guid, keys, madeAt } = write;
    const after = formatDuration(this.world.scheduler.now - madeAt);
    try {
      const later = guid === undefined ? undefined : this.writtenAt.get(guid);
      const winning = later ? keys.filter((key) => (later.get(key) ?? -1) <= madeAt) : keys;
      // Overtaken keys are superseded changes (a modify: one per attribute; any other write: one).
      const lost = keys.length - winning.length;
      const superseded =
        lost === 0
          ? []
          : this.superseded(
              write,
              write.category === "attribute" ? lost : 1,
              `a later write of ${keys.filter((key) => !winning.includes(key)).join(", ")} on the sync DC won AD's conflict resolution (this write reached the sync DC ${after} after it was made)`,
            );
      if (keys.length > 0 && winning.length === 0) return { changes: superseded };
      if (guid !== undefined) this.noteKeys(guid, winning.filter(isMemberKey), madeAt);
      this.applying = madeAt;
      this.observer.madeElsewhere = { at: madeAt, on: write.origin };
      try {
        return { changes: [...write.apply(winning), ...superseded] };
      } catch (error) {
        if (!isSimulationError(error)) throw error;
        // The object was deleted (or its member) before the write arrived: a tombstone takes no updates,
        // and the write is superseded by the delete; anything else AD refuses is not made.
        const why = `refused when it reached the sync DC ${after} after it was made: ${error.message}`;
        const changes = this.superseded(write, write.category === "attribute" ? winning.length : 1, why);
        return changes.length > 0
          ? { changes: [...changes, ...superseded] }
          : { changes: superseded, failure: why };
      } finally {
        this.applying = undefined;
        this.observer.madeElsewhere = undefined;
      }
    } finally {
      if (guid !== undefined) this.unwatch(guid);
    }
  }

  /** `count` superseded changes of the write's object, made when the write was; none when it is purged. */
  private superseded(write: InFlight, count: number, reason: string): TrackedChange[] {
    const object =
      write.guid === undefined ? undefined : this.world.directoryHolding(write.guid)?.get(write.guid);
    if (!object) return [];
    this.observer.madeElsewhere = { at: write.madeAt, on: write.origin };
    try {
      return this.observer.recordSuperseded(write.category, object, count, reason);
    } finally {
      this.observer.madeElsewhere = undefined;
    }
  }

  /** A committed write on the sync DC: its keys are as old as the write's originating time. */
  private noteWrite(change: DirectoryChange): void {
    const guid = change.objectGUID;
    if (!this.watched.has(guid)) return;
    const at = this.applying ?? change.at;
    switch (change.kind) {
      case "move":
      case "rename":
        this.noteKeys(guid, DN_KEY, at);
        return;
      case "delete":
      case "restore":
        this.noteKeys(guid, DELETED_KEY, at);
        return;
      case "membership":
        // Which value changed is noted by write() (the event names only the attribute).
        return;
      default:
        this.noteKeys(guid, change.attributes, at);
    }
  }

  private noteKeys(guid: string, keys: readonly string[], at: number): void {
    if (keys.length === 0 || !this.watched.has(guid)) return;
    let times = this.writtenAt.get(guid);
    if (!times) this.writtenAt.set(guid, (times = new Map()));
    for (const key of keys) if ((times.get(key) ?? -1) < at) times.set(key, at);
  }

  private unwatch(guid: string): void {
    const left = (this.watched.get(guid) ?? 1) - 1;
    if (left > 0) {
      this.watched.set(guid, left);
      return;
    }
    this.watched.delete(guid);
    this.writtenAt.delete(guid);
  }
}

const DN_KEY: readonly string[] = Object.freeze(["dn"]);
const DELETED_KEY: readonly string[] = Object.freeze(["isDeleted"]);

function isMemberKey(key: string): boolean {
  return key.startsWith("member:");
}
