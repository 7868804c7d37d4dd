import { SimulationError, show } from "../scheduler/errors.js";
import type { AdObject, AttributeValue } from "./ad-object.js";
import type { DirectoryIndex } from "./directory-index.js";

/**
 * Deleted objects: what the recycle bin keeps of one for a restore, whether it may still be restored (the
 * deleted-object lifetime), and the tombstone — identity and anchor only — that a change read returns for
 * it, as DirSync does.
 */

/** A deleted object as the recycle bin keeps it, for a restore. @internal */
export interface DeletedState {
  readonly full: AdObject;
  readonly lastKnownParent: string;
  readonly memberOf: readonly string[];
  readonly deletedAt: number;
}

// What a tombstone keeps: identity and anchor.
const TOMBSTONE_ATTRIBUTES = ["sAMAccountName", "mS-DS-ConsistencyGuid"] as const;

/**
 * The recycle-bin state of `objectGUID`, deleted no longer than `lifetime` before `now`.
 *
 * @throws SimulationError `not-deleted` (it is live), `no-such-object`, `restore-expired`
 * @internal
 */
export function restorable(
  deleted: ReadonlyMap<string, DeletedState>,
  index: DirectoryIndex,
  objectGUID: string,
  now: number,
  lifetime: number,
): DeletedState {
  const state = deleted.get(objectGUID);
  if (!state) {
    const live = index.get(objectGUID);
    throw new SimulationError(
      live ? "not-deleted" : "no-such-object",
      `restore: ${show(objectGUID)} ${live ? "is not deleted" : "does not exist"}`,
      {
        field: "object",
        value: objectGUID,
      },
    );
  }
  if (now - state.deletedAt > lifetime) {
    throw new SimulationError(
      "restore-expired",
      `restore: ${show(objectGUID)} was deleted more than the deleted-object lifetime ago`,
      {
        field: "object",
        value: objectGUID,
      },
    );
  }
  return state;
}

/** What DirSync returns for a deleted object: identity and anchor only. @internal */
export function tombstone(object: AdObject): AdObject {
  const kept: Record<string, AttributeValue> = {};
  for (const name of TOMBSTONE_ATTRIBUTES) {
    const value = object.attributes[name];
    if (value !== undefined) kept[name] = value;
  }
  return Object.freeze({ ...object, attributes: Object.freeze(kept) });
}
