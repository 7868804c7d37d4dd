import type { RandomStream } from "../scheduler/random.js";
import type { AdObject } from "./ad-object.js";
import { emitChange, emitPassword, PASSWORD_CHANGED } from "./change-events.js";
import { checkPassword, checkPasswordHash, requireUser } from "./directory-checks.js";
import type { DirectoryStore } from "./directory-store.js";
import type { PasswordChange } from "./directory-types.js";
import { hashPassword, type PasswordHash } from "./passwords.js";

/**
 * A directory's password writes: a password set by an admin or a user, a hash brought by password
 * writeback, a restored user's hash written again. Each stamps `pwdLastSet` on the user's record (a write
 * at the next USN) and records the salted hash on the password channel at that USN — the two kept in step,
 * which is why they are together in a file of their own.
 */

/**
 * Sets the password of the user `objectGUID`: a salted hash with the user's next version (the plaintext is
 * hashed here and dropped).
 *
 * @param random - the directory's stream, for the salt
 * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
 * @internal
 */
export function setUserPassword(
  store: DirectoryStore,
  random: RandomStream,
  objectGUID: string,
  password: string,
  options: { mustChangeAtNextLogon?: boolean },
): PasswordChange {
  checkPassword(password);
  const user = requireUser(store.index, store.deleted, objectGUID);
  const version = store.passwords.nextVersion(objectGUID);
  return storePassword(
    store,
    user,
    hashPassword(password, random.hex(12), version),
    options.mustChangeAtNextLogon ?? false,
  );
}

/**
 * Stores an already-hashed password for the user `objectGUID`, with the user's next version whatever the
 * hash carried.
 *
 * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
 * @internal
 */
export function setUserPasswordHash(
  store: DirectoryStore,
  objectGUID: string,
  hash: PasswordHash,
): PasswordChange {
  checkPasswordHash(hash);
  const user = requireUser(store.index, store.deleted, objectGUID);
  const version = store.passwords.nextVersion(objectGUID);
  return storePassword(store, user, { version, salt: hash.salt, hash: hash.hash }, false);
}

/**
 * Puts a restored user's password on the channel again at `alive`'s USN (the restore's): the same hash and
 * version, not a new password, so a password sync that skipped the user while deleted sends it now. Nothing
 * when no password was ever set.
 *
 * @internal
 */
export function rewritePassword(store: DirectoryStore, alive: AdObject): void {
  const objectGUID = alive.objectGUID;
  const password = store.passwords.of(objectGUID);
  if (password)
    store.passwords.record(
      alive.uSNChanged,
      store.scheduler.now,
      objectGUID,
      password.hash,
      password.mustChangeAtNextLogon,
    );
}

/** Stores a hash for `user`, the live user record its caller just looked up (hashing reads nothing). */
function storePassword(
  store: DirectoryStore,
  user: AdObject,
  hash: PasswordHash,
  mustChange: boolean,
): PasswordChange {
  const objectGUID = user.objectGUID;
  const updated = store.commitUpdate(user, { ...user.attributes, pwdLastSet: store.scheduler.now });
  const change = store.passwords.record(
    updated.uSNChanged,
    store.scheduler.now,
    objectGUID,
    hash,
    mustChange,
  );
  emitChange(store.events, store.scheduler, "password", updated, PASSWORD_CHANGED);
  emitPassword(store.events, change);
  return change;
}
