import { EventEmitter } from "eventemitter3";
import { freeze, produce } from "immer";
import { DAY, HOUR } from "../scheduler/duration.js";
import { SimulationError, show } from "../scheduler/errors.js";
import type { Host } from "../scheduler/host.js";
import type { RandomStream } from "../scheduler/random.js";
import type { PeriodicTask, Scheduler } from "../scheduler/scheduler.js";
import { checkCloudObject, checkCloudUser, cloudOnlyObject, cloudUserAttributes } from "./cloud-only.js";
import type { CloudObjectType, CloudValue } from "./cloud-schema.js";
import { cloudVersion, diffKeys, NO_KEYS, patchDiff, patchedKeys, sortKeys, write } from "./cloud-version.js";
import { releaseConflicts } from "./conflict-release.js";
import { DuplicateAttributes } from "./duplicate-attributes.js";
import { ExchangeOnline } from "./exchange-online.js";
import type { PasswordHash } from "./passwords.js";
import { deriveCloudCredential, hashPassword, verifyCloudCredential } from "./passwords.js";
import { ResetsInFlight } from "./resets-in-flight.js";
import { SoftDeleteBin } from "./soft-delete-bin.js";
import { softMatchCandidate } from "./soft-match.js";
import { TenantAdmission } from "./tenant-admission.js";
import { TenantIndex } from "./tenant-index.js";
import type {
  AttributeConflict,
  AuthenticationMethod,
  AuthenticationProvider,
  CloudObject,
  SignInOutcome,
  TenantEvents,
  UpsertRequest,
  UpsertResult,
} from "./tenant-types.js";
import { WriteThrottle } from "./throttle.js";
import { checkAnchor, checkAttributes } from "./upsert-checks.js";
import { sameValue } from "./values.js";

/**
 * Options of a {@link Tenant}. Defaults follow reference.md part A ("Matching, conflicts, deletes, quotas").
 *
 * @public
 */
export interface TenantOptions {
  /** The kernel. */
  readonly scheduler: Scheduler;
  /** Stream for cloud ids, salts and conflict suffixes. */
  readonly random: RandomStream;
  /** The initial `*.onmicrosoft.com` domain, used for UPN conflict replacements. */
  readonly initialDomain?: string;
  /** A verified domain raises the object quota from 50,000 to 300,000. Default true. */
  readonly verifiedDomain?: boolean;
  /** Explicit object quota (overrides the documented defaults). */
  readonly quota?: number;
  /** Block soft match (UPN / primary SMTP). Default false. */
  readonly blockSoftMatch?: boolean;
  /** Block hard match of a new anchor onto an existing cloud object's ImmutableId. Default false. */
  readonly blockHardMatch?: boolean;
  /** Writes allowed per throttle window (7,000, `plan-connect-performance-factors`). */
  readonly writesPerWindow?: number;
  /** Throttle window (5 min). */
  readonly throttleWindowMs?: number;
  /** Soft-delete retention (30 days). */
  readonly softDeleteRetentionMs?: number;
  /** The cloud service host: while down, every call fails with `tenant-unavailable`. */
  readonly service?: Host;
}

/**
 * The Entra ID tenant: objects by cloud id and source anchor, hard then soft match, duplicate attribute
 * resiliency, a 30-day soft-delete bin for users, the object quota, write throttling and sign-in.
 *
 * @remarks Every write validates first and commits last; a refused write changes nothing. Records are
 * immutable (immer); the Maps belong to the tenant.
 * @public
 */
export class Tenant {
  /** Committed writes, deletes, credentials, conflicts, resets and sign-ins. */
  readonly events = new EventEmitter<TenantEvents>();
  /** The initial domain. */
  readonly initialDomain: string;
  /** Object quota in force. */
  readonly quota: number;
  /** The write throttle. */
  readonly throttle: WriteThrottle;
  /** Exchange Online's settings of synced users, which Exchange hybrid writeback brings to AD. */
  readonly exchangeOnline: ExchangeOnline;
  private readonly scheduler: Scheduler;
  private readonly random: RandomStream;
  private readonly options: TenantOptions;
  private readonly admission: TenantAdmission;
  private readonly index = new TenantIndex();
  private readonly resets = new ResetsInFlight();
  private readonly softDeleted: SoftDeleteBin;
  private readonly duplicates: DuplicateAttributes;
  private method: AuthenticationMethod = "phs";
  private provider: AuthenticationProvider | undefined;
  private releaseJob: PeriodicTask | undefined;

  /** @param options - see {@link TenantOptions} */
  constructor(options: TenantOptions) {
    this.options = options;
    this.scheduler = options.scheduler;
    this.random = options.random;
    this.initialDomain = options.initialDomain ?? "contoso.onmicrosoft.com";
    this.duplicates = new DuplicateAttributes(this.index, this.random, this.initialDomain);
    // how-to-connect-install-prerequisites / reference.md: 50,000 by default, 300,000 with a verified domain.
    this.quota = options.quota ?? ((options.verifiedDomain ?? true) ? 300_000 : 50_000);
    this.throttle = new WriteThrottle(
      options.writesPerWindow ?? 7_000,
      options.throttleWindowMs ?? 5 * 60_000,
    );
    this.admission = new TenantAdmission(this.scheduler, this.throttle, options.service);
    this.softDeleted = new SoftDeleteBin(options.softDeleteRetentionMs ?? 30 * DAY);
    this.exchangeOnline = new ExchangeOnline({
      get: (cloudId) => this.index.get(cloudId),
      ensureAvailable: (what) => this.admission.ensureAvailable(what),
      now: () => this.scheduler.now,
      emit: (event) => this.events.emit("exchange-online", event),
    });
  }

  /** Starts the hourly job that releases resolved duplicate-attribute conflicts. */
  start(): void {
    this.releaseJob ??= this.scheduler.every(HOUR, () => this.releaseConflicts(), {
      label: "tenant:conflict-release",
    });
  }

  /** Stops the hourly job. */
  stop(): void {
    this.releaseJob?.cancel();
    this.releaseJob = undefined;
  }

  // ---- reads -------------------------------------------------------------------------------------------

  /** Number of live objects. */
  get size(): number {
    return this.index.size;
  }

  /** A live object by cloud id. */
  get(cloudId: string): CloudObject | undefined {
    return this.index.get(cloudId);
  }

  /** The live object with this source anchor. */
  getByAnchor(anchor: string): CloudObject | undefined {
    return this.index.getByAnchor(anchor);
  }

  /** The live object with this UPN (case-insensitive). */
  findByUpn(userPrincipalName: string): CloudObject | undefined {
    return this.index.findByUpn(userPrincipalName);
  }

  /** The soft-deleted object with this anchor, if still within retention. */
  getDeletedByAnchor(anchor: string): CloudObject | undefined {
    return this.softDeleted.get(anchor, this.scheduler.now);
  }

  /** Live objects, optionally of one type, in the order they became live (created, restored). */
  *objects(objectType?: CloudObjectType): IterableIterator<CloudObject> {
    for (const object of this.index.values())
      if (!objectType || object.objectType === objectType) yield object;
  }

  /** Every conflict recorded so far, in order. */
  get conflicts(): readonly AttributeConflict[] {
    return this.duplicates.all;
  }

  /** The conflicts whose values are still set aside (not released yet), in the order recorded. */
  openConflicts(): IterableIterator<AttributeConflict> {
    return this.duplicates.unresolved;
  }

  /** True while the service answers. */
  get isAvailable(): boolean {
    return this.admission.isAvailable;
  }

  /** The sign-in method in force. */
  get authentication(): AuthenticationMethod {
    return this.method;
  }

  // ---- faults and settings -----------------------------------------------------------------------------

  /** Service outage on/off: while unavailable every call fails with `tenant-unavailable`. */
  setAvailable(available: boolean): void {
    this.admission.setAvailable(available);
  }

  /** Forced throttling on/off: while on, every write is told to back off for a full window. */
  setForcedThrottle(on: boolean): void {
    this.admission.setForcedThrottle(on);
  }

  /** Sets how sign-ins are validated; `pta` and `federation` need a provider from the engine. */
  setAuthentication(method: AuthenticationMethod, provider?: AuthenticationProvider): void {
    this.method = method;
    this.provider = provider;
  }

  // ---- writes ------------------------------------------------------------------------------------------

  /**
   * Creates or updates a synced object. A new anchor is matched first by hard match (an object in the
   * soft-delete bin with that anchor is restored), then by soft match on UPN or primary SMTP address
   * (unless blocked; admin-role users never), else created. A UPN or proxy address another object holds
   * is set aside and recorded (duplicate attribute resiliency).
   *
   * @throws SimulationError `tenant-unavailable`, `throttled` (with `retryAfterMs`), `quota-exceeded`, `invalid-attribute`
   */
  upsert(request: UpsertRequest): UpsertResult {
    checkAnchor(request);
    // The slot, not just the record: an update whose keys stay puts its new version there, no lookup again.
    const slot = this.index.slotByAnchor(request.anchor);
    let existing = slot?.object;
    checkAttributes(request, existing);
    this.admission.admit("upsert");
    const now = this.scheduler.now;
    let action: UpsertResult["action"] = "updated";
    if (!existing) {
      const deleted = this.getDeletedByAnchor(request.anchor);
      const softMatch = deleted
        ? undefined
        : softMatchCandidate(this.index, request, this.options.blockSoftMatch);
      if (deleted && !this.options.blockHardMatch) {
        existing = deleted;
        action = "restored";
      } else if (softMatch) {
        existing = softMatch;
        action = "soft-matched";
      } else {
        action = "created";
      }
      if (action !== "soft-matched" && this.index.size >= this.quota) {
        this.admission.refund();
        throw new SimulationError(
          "quota-exceeded",
          `tenant: object quota of ${this.quota} reached; ${show(request.anchor)} not created`,
          {
            field: "quota",
            value: this.quota,
          },
        );
      }
    }
    const base: CloudObject =
      existing ??
      freeze({
        cloudId: this.random.guid(),
        objectType: request.objectType,
        onPremisesImmutableId: request.anchor,
        dirSyncEnabled: true,
        attributes: {},
        writer: request.writer,
        createdAt: now,
        updatedAt: now,
        deletedAt: undefined,
        credential: undefined,
        isAdmin: false,
      });
    const patch = request.attributes;
    // An update that changes no value is answered before anything is copied (its keys are the object's
    // own, so nothing can be contested either).
    const differing = action === "updated" ? patchDiff(base.attributes, patch) : undefined;
    if (differing === NO_KEYS) {
      return { action: "unchanged", object: base, changed: NO_KEYS, conflicts: NO_CONFLICTS };
    }
    const desired: Record<string, CloudValue> = { ...base.attributes };
    // An update writes only the values that differ: an equal value stays the record's own (a list already
    // frozen, shared with the previous version instead of the patch's copy being kept).
    if (differing) for (const key of differing) write(desired, key, patch[key]);
    // for-in over a plain record: the order of Object.entries without an array per attribute.
    else for (const key in patch) write(desired, key, patch[key]);
    // Most updates leave the object's lookup keys (anchor, UPN, proxy addresses) as they are: a live
    // object's keys are indexed to it (TenantIndex keeps that so), so there is nothing to contest and nothing
    // to re-index — no lower-casing and lookups in the 150,000-entry key maps per write.
    const keysUnchanged =
      action === "updated" &&
      existing !== undefined &&
      existing.onPremisesImmutableId === request.anchor &&
      desired.userPrincipalName === existing.attributes.userPrincipalName &&
      sameValue(desired.proxyAddresses, existing.attributes.proxyAddresses);
    const conflicts = keysUnchanged ? NO_CONFLICTS : this.duplicates.resolve(base.cloudId, desired, now);
    // An update changes only what it names (and what conflict resolution set aside): no walk over the rest.
    // With the keys unchanged nothing was set aside: what differs is what the patch changes.
    const changed =
      differing === undefined
        ? diffKeys(base.attributes, desired)
        : keysUnchanged
          ? sortKeys(differing)
          : patchedKeys(base.attributes, desired, patch);
    if (action === "updated" && changed.length === 0 && conflicts.length === 0) {
      return { action: "unchanged", object: base, changed, conflicts };
    }
    // The hottest path of a run (every export writes here): a frozen literal (cloudVersion) instead of an
    // immer draft, with list values frozen too (see write), as immutable as produce() would make it.
    const next = cloudVersion(
      base,
      request.anchor,
      true,
      Object.freeze(desired),
      request.writer,
      now,
      undefined,
      base.credential,
    );
    if (action === "restored") this.softDeleted.remove(request.anchor);
    // A live object keeps its place in the tenant's order (what a full import reads); a restored one is
    // live again, last.
    if (keysUnchanged) this.index.replace(next, slot);
    else if (existing && action !== "restored") this.index.rekey(existing, next);
    else this.index.add(next);
    // An index loop: for-of over a frozen list (NO_CONFLICTS, most writes) makes an iterator per write.
    for (let i = 0; i < conflicts.length; i++) {
      const conflict = conflicts[i] as AttributeConflict;
      this.duplicates.record(conflict);
      this.events.emit("conflict", conflict);
    }
    if (this.events.listenerCount("write") > 0) {
      this.events.emit("write", {
        at: now,
        cloudId: next.cloudId,
        anchor: request.anchor,
        objectType: next.objectType,
        action,
        changed,
        writer: request.writer,
        sourceUsn: request.sourceUsn,
      });
    }
    return { action, object: next, changed, conflicts };
  }

  /**
   * Deletes the synced object with `anchor`: users go to the soft-delete bin for 30 days, other types are
   * deleted for good (groups are not restored after a filtering mistake, reference.md). Returns undefined
   * when no live object has the anchor.
   *
   * @throws SimulationError `tenant-unavailable`, `throttled`
   */
  delete(anchor: string, writer: string): CloudObject | undefined {
    const existing = this.getByAnchor(anchor);
    if (!existing) return undefined;
    this.admission.admit("delete");
    this.index.remove(existing);
    const soft = existing.objectType === "user";
    // A new version as upsert makes them: the record's values are frozen already.
    const gone = cloudVersion(
      existing,
      existing.onPremisesImmutableId,
      existing.dirSyncEnabled,
      existing.attributes,
      writer,
      existing.updatedAt,
      this.scheduler.now,
      existing.credential,
    );
    if (soft) this.softDeleted.add(anchor, gone);
    this.events.emit("delete", {
      at: this.scheduler.now,
      cloudId: gone.cloudId,
      anchor,
      objectType: gone.objectType,
      soft,
      writer,
    });
    return gone;
  }

  /**
   * Stores a synced password hash on the user with `anchor` (password hash sync).
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
   * Creates a cloud-only group or device (not synced): a Microsoft 365 group made in the cloud, an Entra
   * joined device — what group and device writeback bring on premises.
   *
   * @param input - type, attributes (a group's `members` are source anchors of synced objects), and an
   * optional cloud id (default: drawn from the tenant's stream)
   * @throws SimulationError `tenant-unavailable`, `invalid-argument` (not a group or device),
   * `duplicate-identity` (cloud id taken), `quota-exceeded`
   */
  createCloudObject(input: {
    objectType: "group" | "device";
    attributes: Readonly<Record<string, CloudValue>>;
    cloudId?: string;
  }): CloudObject {
    this.admission.ensureAvailable("createCloudObject");
    checkCloudObject(input, this.index);
    return this.addCloudOnly(input.objectType, { ...input.attributes }, input.cloudId, false);
  }

  /**
   * Creates a cloud-only user (not synced), e.g. an admin.
   *
   * @throws SimulationError `tenant-unavailable`, `duplicate-identity`, `quota-exceeded`
   */
  createCloudUser(input: {
    userPrincipalName: string;
    displayName?: string;
    isAdmin?: boolean;
    proxyAddresses?: readonly string[];
  }): CloudObject {
    this.admission.ensureAvailable("createCloudUser");
    checkCloudUser(input, this.index);
    return this.addCloudOnly("user", cloudUserAttributes(input), undefined, input.isAdmin ?? false);
  }

  /** Adds a cloud-only object (written by an admin, not synced), within the quota. */
  private addCloudOnly(
    objectType: CloudObjectType,
    attributes: Record<string, CloudValue>,
    cloudId: string | undefined,
    isAdmin: boolean,
  ): CloudObject {
    if (this.index.size >= this.quota) {
      throw new SimulationError("quota-exceeded", `tenant: object quota of ${this.quota} reached`, {
        field: "quota",
        value: this.quota,
      });
    }
    const now = this.scheduler.now;
    const object = cloudOnlyObject(cloudId ?? this.random.guid(), objectType, attributes, isAdmin, now);
    this.index.add(object);
    return object;
  }

  /**
   * A self-service password reset in the cloud: the cloud credential changes at once and a
   * `password-reset` event carries an AD-ready salted hash (never the password) for password writeback.
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

  /**
   * Password writeback carried a reset to AD (`hash` is the reset's, as its `password-reset` event gave
   * it): the reset stands.
   */
  confirmPasswordReset(cloudId: string, hash: PasswordHash): void {
    this.resets.confirm(cloudId, hash.version);
  }

  /**
   * Password writeback could not carry a reset to AD: writeback is synchronous (concept-sspr-writeback), so
   * the user's reset is refused and the password it replaced is in force again in the cloud, as in AD. A
   * later change of the credential (another reset, a synced hash) is left alone.
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

  /**
   * A sign-in by UPN and password, validated by the method in force: `phs` against the synced hash,
   * `pta`/`federation` by the on-premises provider the engine installed (no automatic fallback).
   */
  signIn(userPrincipalName: string, password: string): SignInOutcome {
    const outcome = this.decideSignIn(userPrincipalName, password);
    this.events.emit("sign-in", { at: this.scheduler.now, userPrincipalName, outcome });
    return outcome;
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private decideSignIn(userPrincipalName: string, password: string): SignInOutcome {
    const method = this.method;
    if (!this.isAvailable) return { success: false, reason: "tenant-unavailable", method };
    const user = this.findByUpn(userPrincipalName);
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

  /** The hourly job: give back values whose holder no longer has them. */
  private releaseConflicts(): void {
    if (this.isAvailable) releaseConflicts(this.duplicates, this.index, this.events, this.scheduler);
  }
}

const NO_CONFLICTS: readonly AttributeConflict[] = Object.freeze([]);
