import type { AdObject } from "../model/ad-object.js";
import type { Directory } from "../model/directory.js";
import { SimulationError, show } from "../scheduler/errors.js";
import { kindOf } from "./layout.js";
import type { Observer, TrackedChange } from "./observer.js";
import type { Population } from "./population.js";
import { memberKey, type ReplicatedFate, type ReplicatedWrite, type Replication } from "./replication.js";
import type { ObjectKind, WriteOrigin } from "./schema.js";
import { scenarioPassword } from "./secrets.js";

/**
 * The AD writes the harness makes (workload and scripted alike), each recorded with the observer. A write
 * that changes nothing records nothing; a refused write throws the directory's SimulationError and records
 * nothing. A write made on another domain controller than the one the engines read (`where`) goes through
 * {@link Replication}: it is made there when it arrives, and `settle` hears its fate; the method returns
 * undefined then.
 */

/** Hears the fate of a write made on another domain controller, once it reached the sync DC. @internal */
export type SettleReplicated = (fate: ReplicatedFate) => void;

const PASSWORD_KEYS: readonly string[] = Object.freeze(["pwdLastSet"]);
const DN_KEYS: readonly string[] = Object.freeze(["dn"]);
const RESTORE_KEYS: readonly string[] = Object.freeze(["isDeleted"]);
const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * AD writes with their observations.
 *
 * @public
 */
export class DirectoryActions {
  private readonly population: Population;
  private readonly observer: Observer;
  private readonly seed: number;
  private readonly replication: Replication | undefined;

  /**
   * @param population - the run's population
   * @param observer - the run's observer
   * @param seed - the run's seed (for derived passwords)
   * @param replication - replication between domain controllers, when the scenario writes on others
   */
  constructor(population: Population, observer: Observer, seed: number, replication?: Replication) {
    this.population = population;
    this.observer = observer;
    this.seed = seed;
    this.replication = replication;
  }

  /**
   * Makes a write on the DC `where` (default the sync DC), through replication when the scenario has it.
   *
   * @param keys - what the write sets, as AD settles conflicts (replication.ts)
   * @param apply - the write on the sync DC, given the keys it still wins
   */
  route(
    where: WriteOrigin | undefined,
    write: ReplicatedWrite,
    apply: (keys: readonly string[]) => TrackedChange[],
    settle?: SettleReplicated,
    createdName?: string,
  ): TrackedChange[] | undefined {
    if (!this.replication) return apply(write.keys);
    return this.replication.write(where ?? "sync-dc", write, apply, settle, createdName);
  }

  /** {@link DirectoryActions.modify} on the DC `where`. */
  modifyOn(
    where: WriteOrigin | undefined,
    guid: string,
    attributes: Record<string, unknown>,
    settle?: SettleReplicated,
  ): TrackedChange[] | undefined {
    // Most runs write on one DC: no keys or closure for each of a day's 170,000 edits.
    if (!this.replication) return this.modify(guid, attributes);
    const keys = Object.keys(attributes);
    const apply = (winning: readonly string[]) =>
      this.modify(guid, winning.length === keys.length ? attributes : only(attributes, winning));
    return this.route(where, { guid, keys, category: "attribute" }, apply, settle);
  }

  /** {@link DirectoryActions.password} on the DC `where`. */
  passwordOn(where: WriteOrigin | undefined, guid: string, settle?: SettleReplicated) {
    const write = { guid, keys: PASSWORD_KEYS, category: "password" } as const;
    if (this.replication === undefined || where === undefined || where === "sync-dc")
      return this.route(where, write, () => this.password(guid), settle);
    // The user knows the new password from the moment they set it on the other DC (a sign-in with the
    // latest password tries it), while the sync DC has it only once it arrives.
    const serial = this.population.nextSerial(guid);
    return this.route(where, write, () => this.password(guid, serial), settle);
  }

  /** {@link DirectoryActions.delete} on the DC `where` (a delete always wins: no keys). */
  deleteOn(where: WriteOrigin | undefined, guid: string, settle?: SettleReplicated) {
    const write = { guid, keys: NO_KEYS, category: "delete" } as const;
    return this.route(where, write, () => this.delete(guid), settle);
  }

  /** {@link DirectoryActions.restore} on the DC `where`. */
  restoreOn(
    where: WriteOrigin | undefined,
    guid: string,
    name: string | undefined,
    settle?: SettleReplicated,
  ) {
    const write = { guid, keys: RESTORE_KEYS, category: "create" } as const;
    return this.route(where, write, () => this.restore(guid, name), settle);
  }

  /** {@link DirectoryActions.move} on the DC `where`. */
  moveOn(where: WriteOrigin | undefined, guid: string, ouDn: string, settle?: SettleReplicated) {
    const write = { guid, keys: DN_KEYS, category: "move" } as const;
    return this.route(where, write, () => this.move(guid, ouDn), settle);
  }

  /** {@link DirectoryActions.membership} on the DC `where`. */
  membershipOn(
    where: WriteOrigin | undefined,
    groupGuid: string,
    memberGuid: string,
    add: boolean,
    settle?: SettleReplicated,
  ): TrackedChange[] | undefined {
    const apply = () => this.membership(groupGuid, memberGuid, add);
    const write = { guid: groupGuid, keys: [memberKey(memberGuid)], category: "membership" } as const;
    return this.route(where, write, apply, settle);
  }

  /** {@link DirectoryActions.create} on the DC `where`. */
  createOn(
    where: WriteOrigin | undefined,
    kind: ObjectKind,
    name: string,
    directory: Directory,
    parentDn: string,
    attributes: Record<string, unknown>,
    settle?: SettleReplicated,
  ): TrackedChange[] | undefined {
    const apply = () => this.create(kind, name, directory, parentDn, attributes);
    const write = { guid: undefined, keys: NO_KEYS, category: "create" } as const;
    return this.route(where, write, apply, settle, name);
  }

  /** Creates an object; users get an initial password (not a tracked change: it travels with the create). */
  create(
    kind: ObjectKind,
    name: string,
    directory: Directory,
    parentDn: string,
    attributes: Record<string, unknown>,
  ): TrackedChange[] {
    const object = directory.create({
      objectClass: kind === "device" ? "computer" : kind,
      parentDn,
      name,
      attributes,
    });
    this.population.register(name, kind, directory, object.objectGUID);
    if (kind === "user") {
      const serial = this.population.initialSerial();
      directory.setPassword(object.objectGUID, scenarioPassword(this.seed, object.objectGUID, serial));
    }
    return [this.observer.recordExistence(directory.get(object.objectGUID) as AdObject)];
  }

  /** Replaces attributes (`null` clears one). */
  modify(guid: string, attributes: Record<string, unknown>): TrackedChange[] {
    const directory = this.population.directoryOf(guid);
    // The directory says which attributes changed: no read of the object before, no second comparison.
    const { object, changed, previous } = directory.modifyReporting(guid, attributes);
    if (changed.length === 0) return [];
    return this.observer.recordModify(object, changed, directory, previous);
  }

  /** Sets the user's next derived password (or the one of `serial`, taken when it was made on another DC). */
  password(guid: string, serial?: number): TrackedChange[] {
    const directory = this.population.directoryOf(guid);
    const user = directory.get(guid);
    if (!user || user.isDeleted || user.objectClass !== "user") {
      throw new SimulationError(
        "invalid-argument",
        `password: ${show(user?.dn ?? guid)} is not a live user`,
        { field: "object", value: guid },
      );
    }
    const next = serial ?? this.population.serialOf(guid) + 1;
    const change = directory.setPassword(guid, scenarioPassword(this.seed, guid, next));
    if (serial === undefined) this.population.nextSerial(guid);
    return [this.observer.recordPassword(directory.get(guid) as AdObject, change.hash.version)];
  }

  /** Deletes an object. */
  delete(guid: string): TrackedChange[] {
    const directory = this.population.directoryOf(guid);
    const before = directory.get(guid);
    directory.delete(guid);
    if (!before) return [];
    this.population.unregister(kindOf(before), guid);
    return [this.observer.recordDelete(before)];
  }

  /** Restores a deleted object from the recycle bin. */
  restore(guid: string, name: string | undefined): TrackedChange[] {
    const directory = this.population.directoryOf(guid);
    const object = directory.restore(guid);
    this.population.register(name, kindOf(object), directory, guid);
    return [this.observer.recordExistence(object)];
  }

  /** Moves an object under another OU. */
  move(guid: string, ouDn: string): TrackedChange[] {
    const directory = this.population.directoryOf(guid);
    const before = directory.get(guid);
    const after = directory.move(guid, ouDn);
    if (!before || after === before) return [];
    return [this.observer.recordMove(before, after)];
  }

  /**
   * An admin changed the engine's scope: every live object of a type the cloud has whose place in it
   * changed, by `before` (each object's answer before the change), is recorded as arriving in the cloud or
   * leaving it. Returns those changes, in the directory's order.
   */
  scopeChanged(
    before: ReadonlyMap<AdObject, boolean>,
    inScope: (object: AdObject) => boolean,
  ): TrackedChange[] {
    const out: TrackedChange[] = [];
    for (const [object, was] of before) {
      const is = inScope(object);
      if (is !== was) out.push(this.observer.recordScopeChange(object, is));
    }
    return out;
  }

  /** Adds or removes a group member. */
  membership(groupGuid: string, memberGuid: string, add: boolean): TrackedChange[] {
    const directory = this.population.directoryOf(groupGuid);
    const before = directory.get(groupGuid);
    const member = directory.get(memberGuid);
    const memberWasSynced = before && member ? this.observer.memberSyncedBefore(before, member) : undefined;
    const after = add
      ? directory.addMember(groupGuid, memberGuid)
      : directory.removeMember(groupGuid, memberGuid);
    if (after === before) return [];
    return [
      this.observer.recordMembership(after, directory.get(memberGuid) as AdObject, add, memberWasSynced),
    ];
  }
}

/** The attributes of `attributes` named in `keys`. */
function only(attributes: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = attributes[key];
  return out;
}
