import type { EventEmitter } from "eventemitter3";
import { produce } from "immer";
import { SimulationError, show } from "../scheduler/errors.js";
import type { RandomStream } from "../scheduler/random.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import { cloudVersion } from "./cloud-version.js";
import type { PasswordHash } from "./passwords.js";
import { deriveCloudCredential, hashPassword, verifyCloudCredential } from "./passwords.js";
import { ResetsInFlight } from "./resets-in-flight.js";
import type { TenantAdmission } from "./tenant-admission.js";
import type { TenantIndex } from "./tenant-index.js";
import type {
  AuthenticationMethod,
  AuthenticationProvider,
  CloudObject,
  SignInOutcome,
  TenantEvents,
} from "./tenant-types.js";

/**
 * The tenant's passwords: the credential a user signs in with — a synced hash (password hash sync) or a
 * cloud reset (SSPR) waiting for password writeback's answer — and how a sign-in is decided. Its own file
 * because it is the one part of the tenant with state of its own (the method in force, the resets in
 * flight) that upsert, delete and the conflict job never touch.
 */

/**
 * The credentials of a {@link Tenant}'s users and its sign-in: it writes credentials into the tenant's
 * index (a new version of the user) and reports them on the tenant's emitter.
 *
 * @internal
 */
export class TenantCredentials {
  private readonly index: TenantIndex;
  private readonly admission: TenantAdmission;
  private readonly scheduler: Scheduler;
  private readonly random: RandomStream;
  private readonly events: EventEmitter<TenantEvents>;
  private readonly resets = new ResetsInFlight();
  private method: AuthenticationMethod = "phs";
  private provider: AuthenticationProvider | undefined;

  /**
   * @param index - the tenant's live objects
   * @param admission - whether the tenant takes a call
   * @param scheduler - the kernel
   * @param random - the tenant's stream, for salts
   * @param events - the tenant's emitter
   */
  constructor(
    index: TenantIndex,
    admission: TenantAdmission,
    scheduler: Scheduler,
    random: RandomStream,
    events: EventEmitter<TenantEvents>,
  ) {
    this.index = index;
    this.admission = admission;
    this.scheduler = scheduler;
    this.random = random;
    this.events = events;
  }

  /** The sign-in method in force. */
  get authentication(): AuthenticationMethod {
    return this.method;
  }

  /** Sets how sign-ins are validated; `pta` and `federation` need a provider from the engine. */
  setAuthentication(method: AuthenticationMethod, provider: AuthenticationProvider | undefined): void {
    this.method = method;
    this.provider = provider;
  }

  /**
   * Stores a synced password hash on the user with `anchor`.
   *
   * @throws SimulationError `tenant-unavailable`, `throttled`, `no-such-object`
   */
  setPasswordHash(anchor: string, hash: PasswordHash, writer: string): CloudObject {
    const slot = this.index.slotByAnchor(anchor);
    const user = slot?.object;
    if (user?.objectType !== "user") {
      throw new SimulationError("no-such-object", `password: no synced user with anchor ${show(anchor)}`, {
        field: "anchor",
        value: anchor,
      });
    }
    this.admission.admit("setPasswordHash");
    const next = cloudVersion(
      user,
      user.onPremisesImmutableId,
      user.dirSyncEnabled,
      user.attributes,
      user.writer,
      this.scheduler.now,
      user.deletedAt,
      Object.freeze(deriveCloudCredential(hash, this.random.hex(10))),
    );
    this.index.replace(next, slot);
    this.events.emit("credential", {
      at: this.scheduler.now,
      cloudId: next.cloudId,
      anchor,
      version: hash.version,
      first: user.credential === undefined,
      writer,
    });
    return next;
  }

  /**
   * A cloud reset of the user `cloudId`'s password: the new credential at once, the one it replaced kept
   * (a synced user's) until writeback answers, and a `password-reset` event with the AD-ready hash.
   *
   * @throws SimulationError `tenant-unavailable`, `no-such-object`
   */
  resetPassword(cloudId: string, password: string): PasswordHash {
    this.admission.ensureAvailable("resetPassword");
    const user = this.index.get(cloudId);
    if (user?.objectType !== "user") {
      throw new SimulationError("no-such-object", `resetPassword: no user with cloud id ${show(cloudId)}`, {
        field: "cloudId",
        value: cloudId,
      });
    }
    const version = (user.credential?.version ?? 0) + 1;
    const hash = hashPassword(password, this.random.hex(10), version);
    const next = produce(user, (draft) => {
      draft.credential = deriveCloudCredential(hash, this.random.hex(10), "cloud");
      draft.updatedAt = this.scheduler.now;
    });
    this.index.replace(next);
    if (user.onPremisesImmutableId !== undefined) this.resets.add(cloudId, version, user.credential);
    this.events.emit("password-reset", {
      at: this.scheduler.now,
      cloudId,
      anchor: user.onPremisesImmutableId,
      hash,
    });
    return hash;
  }

  /** Password writeback carried the reset that made `hash` to AD: the reset stands. */
  confirmPasswordReset(cloudId: string, hash: PasswordHash): void {
    this.resets.confirm(cloudId, hash.version);
  }

  /**
   * Password writeback could not carry the reset that made `hash` to AD: the credential it replaced is put
   * back, unless a later change replaced the reset's own.
   *
   * @returns true when the old credential was put back
   */
  rejectPasswordReset(cloudId: string, hash: PasswordHash): boolean {
    const user = this.index.get(cloudId);
    const restore = this.resets.reject(cloudId, hash.version, user?.credential);
    if (restore === null || user === undefined) return false;
    this.index.replace(
      produce(user, (draft) => {
        draft.credential = restore;
        draft.updatedAt = this.scheduler.now;
      }),
    );
    return true;
  }

  /** A sign-in by UPN and password, decided by the method in force and reported as a `sign-in` event. */
  signIn(userPrincipalName: string, password: string): SignInOutcome {
    const outcome = this.decideSignIn(userPrincipalName, password);
    this.events.emit("sign-in", { at: this.scheduler.now, userPrincipalName, outcome });
    return outcome;
  }

  private decideSignIn(userPrincipalName: string, password: string): SignInOutcome {
    const method = this.method;
    if (!this.admission.isAvailable) return { success: false, reason: "tenant-unavailable", method };
    const user = this.index.findByUpn(userPrincipalName);
    if (user?.objectType !== "user") return { success: false, reason: "no-such-user", method };
    // A password set in the cloud is validated in the cloud whatever the method (SSPR writes it there).
    if (method === "phs" || !this.provider || !user.dirSyncEnabled) {
      if (user.attributes.accountEnabled === false)
        return { success: false, reason: "account-disabled", method };
      if (!user.credential) return { success: false, reason: "hash-not-synced", method };
      return verifyCloudCredential(user.credential, password)
        ? { success: true, reason: "ok", method }
        : { success: false, reason: "password-mismatch", method };
    }
    return this.provider(user, password);
  }
}
