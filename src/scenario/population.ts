import type { Directory } from "../model/directory.js";
import type { World } from "../model/world.js";
import type { RandomStream } from "../scheduler/random.js";
import { EmployeeIds } from "./employee-ids.js";
import { kindOf, NAME_PREFIX } from "./layout.js";
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
 * @remarks Sized for 150,000-user worlds, one copy per engine: generated names are an array per kind, not
 * a map entry each; a user's serial is stored only once it passed its initial 1; and the disposable set
 * of a kind is the live set itself until the two first differ (no scripted event reserves an object).
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
  // The same LiveSet as `live` per kind while both have seen the same adds and removes: a copy is made at
  // the first difference (a reserved name, an object kept from the workload), so the picks stay those of a
  // set kept apart from the start.
  private readonly disposableSets: Record<ObjectKind, LiveSet> = { ...this.live };
  /** The employee IDs handed out so far (generated users and the workload's hires and edits). */
  employeeIds = new EmployeeIds();
  // Generated names (`user-1` … `user-N`, registered in that order) by index; other names, and a generated
  // name registered again (a restore, a create reusing it), in `names`, which is asked first.
  private readonly generated: Record<ObjectKind, string[]> = { user: [], group: [], contact: [], device: [] };
  private readonly names = new Map<string, string>();
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
   * Live objects the random workload may delete or move (not named by a scripted event). For picking: a
   * set may be the live set itself, so changes go through `register`, `unregister` and `keepFromDisposal`.
   */
  get disposable(): Readonly<Record<ObjectKind, LiveSet>> {
    return this.disposableSets;
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
    const lower = name?.toLowerCase();
    if (lower !== undefined) this.nameObject(lower, kind, objectGUID);
    // Only objects outside the first forest are filed: most worlds have one forest, and every harness write
    // asks where its object lives.
    if (directory !== this.home) this.forestOf.set(objectGUID, directory);
    else this.forestOf.delete(objectGUID);
    if (options.workload === false) return;
    const disposable = lower === undefined || !this.reserved.has(lower);
    if (!disposable) this.ownDisposable(kind);
    this.live[kind].add(objectGUID);
    const set = this.disposableSets[kind];
    if (disposable && set !== this.live[kind]) set.add(objectGUID);
  }

  /** Keeps a live object from the random workload's deletes and moves (a merged person). */
  keepFromDisposal(kind: ObjectKind, objectGUID: string): void {
    if (this.disposableSets[kind].has(objectGUID)) this.ownDisposable(kind).remove(objectGUID);
  }

  /**
   * The same population over a fork of its world ({@link World.fork}): the same names, live sets in the
   * same order and password serials, pointing at the fork's forests.
   *
   * @param world - a fork of this population's world
   */
  fork(world: World): Population {
    const copy = new Population(world, this.reserved);
    for (const [name, guid] of this.names) copy.names.set(name, guid);
    for (const kind of Object.keys(this.live) as ObjectKind[]) {
      copy.generated[kind] = this.generated[kind].slice();
      copy.live[kind].copyFrom(this.live[kind]);
      const disposable = this.disposableSets[kind];
      if (disposable !== this.live[kind]) {
        copy.disposableSets[kind] = new LiveSet();
        copy.disposableSets[kind].copyFrom(disposable);
      }
    }
    for (const [guid, directory] of this.forestOf) copy.forestOf.set(guid, world.forest(directory.forest));
    for (const [guid, serial] of this.serials) copy.serials.set(guid, serial);
    copy.employeeIds = this.employeeIds.fork();
    return copy;
  }

  /** Records a deletion. */
  unregister(kind: ObjectKind, objectGUID: string): void {
    this.live[kind].remove(objectGUID);
    const disposable = this.disposableSets[kind];
    if (disposable !== this.live[kind]) disposable.remove(objectGUID);
  }

  /** The object a scenario name stands for. */
  byName(name: string): NamedObject | undefined {
    const lower = name.toLowerCase();
    const objectGUID = this.names.get(lower) ?? this.generatedGuid(lower);
    if (objectGUID === undefined) return undefined;
    const directory = this.directoryOf(objectGUID);
    const object = directory.get(objectGUID);
    return object && { kind: kindOf(object), directory, objectGUID };
  }

  /** The directory holding an object. */
  directoryOf(objectGUID: string): Directory {
    return this.forestOf.get(objectGUID) ?? this.home;
  }

  /** A user's current password serial: 1, its initial password, until changed. */
  serialOf(objectGUID: string): number {
    return this.serials.get(objectGUID) ?? INITIAL_SERIAL;
  }

  /** The serial of a new user's initial password (not stored: every user starts there). */
  initialSerial(): number {
    return INITIAL_SERIAL;
  }

  /** Moves a user to the next password serial and returns it. */
  nextSerial(objectGUID: string): number {
    const next = this.serialOf(objectGUID) + 1;
    this.serials.set(objectGUID, next);
    return next;
  }

  private nameObject(lower: string, kind: ObjectKind, objectGUID: string): void {
    const dense = this.generated[kind];
    if (lower === `${NAME_PREFIX[kind]}-${dense.length + 1}`) {
      dense.push(objectGUID);
      this.names.delete(lower);
    } else {
      this.names.set(lower, objectGUID);
    }
  }

  private generatedGuid(lower: string): string | undefined {
    const match = GENERATED_NAME.exec(lower);
    if (!match) return undefined;
    return this.generated[match[1] as ObjectKind][Number(match[2]) - 1];
  }

  /** The disposable set of a kind as a set of its own (copied from the live set at the first difference). */
  private ownDisposable(kind: ObjectKind): LiveSet {
    let set = this.disposableSets[kind];
    if (set === this.live[kind]) {
      set = new LiveSet();
      set.copyFrom(this.live[kind]);
      this.disposableSets[kind] = set;
    }
    return set;
  }
}

const INITIAL_SERIAL = 1;
const GENERATED_NAME = /^(user|group|contact|device)-([1-9]\d*)$/;
