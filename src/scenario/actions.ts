import type { AdObject } from "../model/ad-object.js";
import type { Directory } from "../model/directory.js";
import { SimulationError, show } from "../scheduler/errors.js";
import { kindOf } from "./layout.js";
import type { Observer, TrackedChange } from "./observer.js";
import type { Population } from "./population.js";
import type { ObjectKind } from "./schema.js";
import { scenarioPassword } from "./secrets.js";

/**
 * The AD writes the harness makes (workload and scripted alike), each recorded with the observer. A write
 * that changes nothing records nothing; a refused write throws the directory's SimulationError and records
 * nothing.
 */

/**
 * AD writes with their observations.
 *
 * @public
 */
export class DirectoryActions {
  private readonly population: Population;
  private readonly observer: Observer;
  private readonly seed: number;

  /**
   * @param population - the run's population
   * @param observer - the run's observer
   * @param seed - the run's seed (for derived passwords)
   */
  constructor(population: Population, observer: Observer, seed: number) {
    this.population = population;
    this.observer = observer;
    this.seed = seed;
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

  /** Sets the user's next derived password. */
  password(guid: string): TrackedChange[] {
    const directory = this.population.directoryOf(guid);
    const user = directory.get(guid);
    if (!user || user.isDeleted || user.objectClass !== "user") {
      throw new SimulationError(
        "invalid-argument",
        `password: ${show(user?.dn ?? guid)} is not a live user`,
        { field: "object", value: guid },
      );
    }
    const serial = this.population.serialOf(guid) + 1;
    const change = directory.setPassword(guid, scenarioPassword(this.seed, guid, serial));
    this.population.nextSerial(guid);
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
