import type { Directory } from "../model/directory.js";
import type { World } from "../model/world.js";
import type { RandomStream } from "../scheduler/random.js";
import type { ObjectKind } from "./schema.js";

/**
 * A set of GUIDs with O(1) add, remove and uniform random pick. Order depends only on the sequence of
 * calls, so picks are reproducible from the seed.
 *
 * @public
 */
export class LiveSet {
  private readonly items: string[] = [];
  private readonly position = new Map<string, number>();

  /** Number of members. */
  get size(): number {
    return this.items.length;
  }

  /** True when `guid` is a member. */
  has(guid: string): boolean {
    return this.position.has(guid);
  }

  /** Adds a member (no-op when present). */
  add(guid: string): void {
    if (this.position.has(guid)) return;
    this.position.set(guid, this.items.length);
    this.items.push(guid);
  }

  /** Removes a member by swapping the last one into its place. */
  remove(guid: string): void {
    const index = this.position.get(guid);
    if (index === undefined) return;
    const last = this.items.pop() as string;
    this.position.delete(guid);
    if (last !== guid) {
      this.items[index] = last;
      this.position.set(last, index);
    }
  }

  /** Adds every member of `source`, in its order (into an empty set: the same picks from the same draws). */
  copyFrom(source: LiveSet): void {
    for (const guid of source.items) this.add(guid);
  }

  /** A uniformly drawn member, or undefined when empty. */
  pick(random: RandomStream): string | undefined {
    if (this.items.length === 0) return undefined;
    return this.items[random.int(0, this.items.length - 1)];
  }

  /** The member at `index` (0-based, in current order). */
  at(index: number): string | undefined {
    return this.items[index];
  }
}

/** Where a named object lives. @public */
export interface NamedObject {
  /** Kind of object. */
  readonly kind: ObjectKind;
  /** Its forest's directory. */
  readonly directory: Directory;
  /** Its objectGUID. */
  readonly objectGUID: string;
}

/**
 * What the harness knows about the directory without scanning it: live objects per kind (workload
 * targets), the names scenarios use, which objects scripted events reserve (never deleted or moved by the
 * random workload), and each user's password serial (see `secrets.ts`; never the password).
 *
 * @public
 */
export class Population {
  /** Live objects per kind. */
  readonly live: Readonly<Record<ObjectKind, LiveSet>> = {
    user: new LiveSet(),
    group: new LiveSet(),
    contact: new LiveSet(),
    device: new LiveSet(),
  };
  /** Live objects the random workload may delete or move (not named by a scripted event). */
  readonly disposable: Readonly<Record<ObjectKind, LiveSet>> = {
    user: new LiveSet(),
    group: new LiveSet(),
    contact: new LiveSet(),
    device: new LiveSet(),
  };
  private readonly names = new Map<string, NamedObject>();
  private readonly forestOf = new Map<string, Directory>();
  private readonly serials = new Map<string, number>();
  private readonly reserved: ReadonlySet<string>;
  private readonly home: Directory;

  /**
   * @param world - the run's world
   * @param reserved - lower-case names scripted events refer to
   */
  constructor(world: World, reserved: ReadonlySet<string>) {
    this.home = world.forest();
    this.reserved = reserved;
  }

  /**
   * Records a newly created (or restored) object. `workload: false` keeps it out of the random workload's
   * targets (a merger's second account of a person: its edits would race the first account's).
   */
  register(
    name: string | undefined,
    kind: ObjectKind,
    directory: Directory,
    objectGUID: string,
    options: { readonly workload?: boolean } = {},
  ): void {
    if (name !== undefined) this.names.set(name.toLowerCase(), { kind, directory, objectGUID });
    // Only objects outside the first forest are filed: most worlds have one forest, and every harness write
    // asks where its object lives.
    if (directory !== this.home) this.forestOf.set(objectGUID, directory);
    else this.forestOf.delete(objectGUID);
    if (options.workload === false) return;
    this.live[kind].add(objectGUID);
    if (name === undefined || !this.reserved.has(name.toLowerCase())) this.disposable[kind].add(objectGUID);
  }

  /**
   * The same population over a fork of its world ({@link World.fork}): the same names, live sets in the
   * same order and password serials, pointing at the fork's forests.
   *
   * @param world - a fork of this population's world
   */
  fork(world: World): Population {
    const copy = new Population(world, this.reserved);
    const forest = (directory: Directory): Directory => world.forest(directory.forest);
    for (const [name, named] of this.names)
      copy.names.set(name, { ...named, directory: forest(named.directory) });
    for (const [guid, directory] of this.forestOf) copy.forestOf.set(guid, forest(directory));
    for (const [guid, serial] of this.serials) copy.serials.set(guid, serial);
    for (const kind of Object.keys(this.live) as ObjectKind[]) {
      copy.live[kind].copyFrom(this.live[kind]);
      copy.disposable[kind].copyFrom(this.disposable[kind]);
    }
    return copy;
  }

  /** Records a deletion. */
  unregister(kind: ObjectKind, objectGUID: string): void {
    this.live[kind].remove(objectGUID);
    this.disposable[kind].remove(objectGUID);
  }

  /** The object a scenario name stands for. */
  byName(name: string): NamedObject | undefined {
    return this.names.get(name.toLowerCase());
  }

  /** The directory holding an object. */
  directoryOf(objectGUID: string): Directory {
    return this.forestOf.get(objectGUID) ?? this.home;
  }

  /** A user's current password serial (0 before any password). */
  serialOf(objectGUID: string): number {
    return this.serials.get(objectGUID) ?? 0;
  }

  /** Moves a user to the next password serial and returns it. */
  nextSerial(objectGUID: string): number {
    const next = this.serialOf(objectGUID) + 1;
    this.serials.set(objectGUID, next);
    return next;
  }
}
