import { SimulationError, show } from "../scheduler/errors.js";
import type { Host } from "../scheduler/host.js";
import type { AdObject } from "./ad-object.js";
import { CONTAINER_CLASSES } from "./containers.js";
import type { DirectoryIndex } from "./directory-index.js";
import { isUnder } from "./dn.js";
import type { PasswordHash } from "./passwords.js";

/**
 * What a {@link Directory} checks before it reads or writes an object that exists: the reading DC is up,
 * a watermark is a USN, the object is live (and a group, or a user, where the write needs one), a move
 * stays in its domain and outside itself, a deleted OU is empty, a password is one (a parent is a
 * container: containers.ts). Each refusal is a `SimulationError` with the product's code and the offending
 * field; the directory makes every check before it commits, so a refused operation leaves it unchanged.
 */

/** @throws SimulationError `dc-unreachable` while `dc` (the reading DC) is down. @internal */
export function ensureReadable(dc: Host | undefined, what: string): void {
  if (dc && !dc.isUp) {
    throw new SimulationError("dc-unreachable", `${what}: domain controller ${dc.name} is unreachable`, {
      field: "dc",
      value: dc.name,
    });
  }
}

/** @throws SimulationError `invalid-argument` unless `watermark` is a USN (an integer from 0). @internal */
export function checkWatermark(watermark: number): void {
  if (typeof watermark !== "number" || !Number.isInteger(watermark) || watermark < 0) {
    throw new SimulationError("invalid-argument", `watermark: ${show(watermark)} is not a USN`, {
      field: "watermark",
      value: watermark,
    });
  }
}

/**
 * The live object `objectGUID` names (`field` is the argument that named it).
 *
 * @param deleted - the recycle bin: the GUIDs of deleted objects
 * @throws SimulationError `object-deleted`, `no-such-object`
 * @internal
 */
export function requireLive(
  index: DirectoryIndex,
  deleted: ReadonlyMap<string, unknown>,
  objectGUID: string,
  field = "object",
): AdObject {
  const object = typeof objectGUID === "string" ? index.get(objectGUID) : undefined;
  if (object) return object;
  if (typeof objectGUID === "string" && deleted.has(objectGUID)) {
    throw new SimulationError("object-deleted", `${field}: ${show(objectGUID)} is deleted`, {
      field,
      value: objectGUID,
    });
  }
  throw new SimulationError("no-such-object", `${field}: ${show(objectGUID)} does not exist`, {
    field,
    value: objectGUID,
  });
}

/**
 * The live group `groupGUID` names, for a membership write.
 *
 * @throws SimulationError `object-deleted`, `no-such-object`, `invalid-attribute` (not a group)
 * @internal
 */
export function requireGroup(
  index: DirectoryIndex,
  deleted: ReadonlyMap<string, unknown>,
  groupGUID: string,
): AdObject {
  const group = requireLive(index, deleted, groupGUID, "group");
  if (group.objectClass !== "group") {
    throw new SimulationError("invalid-attribute", `member: ${show(group.dn)} is not a group`, {
      field: "group",
      value: groupGUID,
    });
  }
  return group;
}

/**
 * The refusal of a membership write that would make a group its own member (`field` names the member).
 * Made only when thrown: a bulk add names its members' fields only for the error.
 *
 * @internal
 */
export function selfMembership(field: string, memberGUID: string): SimulationError {
  return new SimulationError("invalid-attribute", "member: a group cannot contain itself", {
    field,
    value: memberGUID,
  });
}

/**
 * The live user `objectGUID` names, for a password write.
 *
 * @throws SimulationError `object-deleted`, `no-such-object`, `invalid-attribute` (not a user)
 * @internal
 */
export function requireUser(
  index: DirectoryIndex,
  deleted: ReadonlyMap<string, unknown>,
  objectGUID: string,
): AdObject {
  const user = requireLive(index, deleted, objectGUID);
  if (user.objectClass !== "user") {
    throw new SimulationError(
      "invalid-attribute",
      `password: ${show(user.dn)} is a ${user.objectClass}, not a user`,
      { field: "object", value: objectGUID },
    );
  }
  return user;
}

/**
 * @throws SimulationError `unknown-parent` when `parent` (at `newParentDn`) lies inside `current` or in
 * another domain
 * @internal
 */
export function checkMoveTarget(current: AdObject, parent: AdObject, newParentDn: string): void {
  if (isUnder(parent.dn, current.dn)) {
    throw new SimulationError(
      "unknown-parent",
      `ou: ${show(newParentDn)} lies inside the object being moved`,
      {
        field: "ou",
        value: newParentDn,
      },
    );
  }
  if (parent.domain !== current.domain) {
    throw new SimulationError(
      "unknown-parent",
      `ou: ${show(newParentDn)} is in another domain (cross-domain moves are not modelled)`,
      { field: "ou", value: newParentDn },
    );
  }
}

/** @throws SimulationError `invalid-argument` when `current` is a container with children. @internal */
export function checkDeletable(index: DirectoryIndex, current: AdObject): void {
  if (CONTAINER_CLASSES.has(current.objectClass) && index.hasChildren(current.dn)) {
    throw new SimulationError("invalid-argument", `delete: ${show(current.dn)} is not empty`, {
      field: "object",
      value: current.dn,
    });
  }
}

/** @throws SimulationError `invalid-attribute` unless `password` is a non-empty string. @internal */
export function checkPassword(password: string): void {
  if (typeof password !== "string" || password.length === 0) {
    throw new SimulationError("invalid-attribute", "password: must be a non-empty string", {
      field: "password",
    });
  }
}

/** @throws SimulationError `invalid-attribute` unless `hash` is a salted hash. @internal */
export function checkPasswordHash(hash: PasswordHash): void {
  if (
    hash === null ||
    typeof hash !== "object" ||
    typeof hash.salt !== "string" ||
    typeof hash.hash !== "string" ||
    hash.hash.length === 0
  ) {
    throw new SimulationError("invalid-attribute", `passwordHash: ${show(hash)} is not a salted hash`, {
      field: "passwordHash",
      value: hash,
    });
  }
}
