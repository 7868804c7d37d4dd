import { type AdObject, UAC_ACCOUNT_DISABLE } from "./ad-object.js";
import type { AuthenticationResult, PasswordChange } from "./directory-types.js";
import { type PasswordHash, verifyPassword } from "./passwords.js";

/**
 * A directory's password channel: each user's latest salted hash, against which a sign-in is checked, and
 * the log of password writes in USN order that a password read (what password hash sync polls) walks from
 * its watermark. Kept apart from the object store as AD keeps secrets apart from the attributes DirSync
 * returns.
 *
 * @internal
 */
export class PasswordChannel {
  private readonly latest = new Map<string, PasswordChange>();
  // The log: the USN of every password write, ascending, so a read starts by binary search; and beside it
  // the write while it is its user's latest, else undefined (a later write clears it), so a read takes the
  // entries in order without looking each user's latest up (150,000 lookups for a full read).
  private readonly usns: number[] = [];
  private readonly changes: (PasswordChange | undefined)[] = [];

  /** An independent copy (changes are immutable and shared). */
  clone(): PasswordChannel {
    const copy = new PasswordChannel();
    for (const [guid, change] of this.latest) copy.latest.set(guid, change);
    for (let i = 0; i < this.usns.length; i++) {
      copy.usns.push(this.usns[i] as number);
      copy.changes.push(this.changes[i]);
    }
    return copy;
  }

  /** The user's current password change, if a password was ever set. */
  of(objectGUID: string): PasswordChange | undefined {
    return this.latest.get(objectGUID);
  }

  /**
   * Validates a password against AD, as pass-through authentication and AD FS do: the account must exist,
   * be enabled, and the password match.
   *
   * @param user - the live object the sign-in names, if any
   */
  authenticate(user: AdObject | undefined, password: string): AuthenticationResult {
    if (user?.objectClass !== "user") return { ok: false, reason: "no-such-user" };
    if (
      typeof user.attributes.userAccountControl === "number" &&
      user.attributes.userAccountControl & UAC_ACCOUNT_DISABLE
    ) {
      return { ok: false, reason: "account-disabled" };
    }
    const stored = this.of(user.objectGUID);
    if (!stored || !verifyPassword(stored.hash, password)) return { ok: false, reason: "password-mismatch" };
    if (stored.mustChangeAtNextLogon) return { ok: false, reason: "must-change-password" };
    return { ok: true };
  }

  /** The version the user's next password takes (1 for the first). */
  nextVersion(objectGUID: string): number {
    return (this.latest.get(objectGUID)?.hash.version ?? 0) + 1;
  }

  /**
   * Records a password write of `objectGUID` at `usn` (above every one recorded before) and time `at`,
   * and returns it as the change it records.
   */
  record(
    usn: number,
    at: number,
    objectGUID: string,
    hash: PasswordHash,
    mustChangeAtNextLogon: boolean,
  ): PasswordChange {
    const change: PasswordChange = Object.freeze({
      usn,
      at,
      objectGUID,
      // Both of the directory's callers (setPassword, setPasswordHash) pass a hash made for this write
      // (never the caller's own object): frozen, not copied.
      hash: Object.freeze(hash),
      mustChangeAtNextLogon,
    });
    const previous = this.latest.get(change.objectGUID);
    if (previous !== undefined) this.changes[lowerBound(this.usns, previous.usn)] = undefined;
    this.latest.set(change.objectGUID, change);
    this.usns.push(change.usn);
    this.changes.push(change);
    return change;
  }

  /**
   * The latest change of each user written after `watermark`, in USN order, skipping users `isGone` says
   * are deleted (intermediate changes of a user are never seen, as with DirSync).
   */
  changesSince(watermark: number, isGone: (objectGUID: string) => boolean): PasswordChange[] {
    const changes: PasswordChange[] = [];
    for (let i = lowerBound(this.usns, watermark + 1); i < this.usns.length; i++) {
      const current = this.changes[i];
      if (current !== undefined && !isGone(current.objectGUID)) changes.push(current);
    }
    return changes;
  }
}

/** First index whose value is >= target, in an ascending array. */
function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
