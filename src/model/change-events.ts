import type { EventEmitter } from "eventemitter3";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { AdObject } from "./ad-object.js";
import type { DirectoryChangeKind, DirectoryEvents, PasswordChange } from "./directory-types.js";

/**
 * What a directory tells its listeners once a write is committed: a `change` event for every write, and a
 * `password` event (no hash material) for a password write. Each payload is built only when someone
 * listens: a bulk load writes 150,000 objects with nobody listening.
 */

// The attribute lists of membership and password writes' change events, made once.
/** @internal */
export const MEMBER_CHANGED: readonly string[] = Object.freeze(["member"]);
/** @internal */
export const PASSWORD_CHANGED: readonly string[] = Object.freeze(["pwdLastSet"]);

/**
 * Emits a committed write, at the kernel's time; `attributes` undefined means "every attribute" (a create).
 *
 * @internal
 */
export function emitChange(
  events: EventEmitter<DirectoryEvents>,
  scheduler: Scheduler,
  kind: DirectoryChangeKind,
  object: AdObject,
  attributes: readonly string[] | undefined,
): void {
  // Building the payload costs more than the write itself when nobody listens (bulk loads).
  if (events.listenerCount("change") === 0) return;
  events.emit("change", {
    usn: object.uSNChanged,
    at: scheduler.now,
    kind,
    objectGUID: object.objectGUID,
    objectClass: object.objectClass,
    dn: object.dn,
    attributes: attributes ?? Object.keys(object.attributes),
  });
}

/** Emits a committed password write: which user and which version, no hash material. @internal */
export function emitPassword(events: EventEmitter<DirectoryEvents>, change: PasswordChange): void {
  if (events.listenerCount("password") > 0) {
    const { usn, at, objectGUID } = change;
    events.emit("password", { usn, at, objectGUID, version: change.hash.version });
  }
}
