import { EventEmitter } from "eventemitter3";
import { DAY, HOUR } from "../scheduler/duration.js";
import { SimulationError } from "../scheduler/errors.js";
import type { Host } from "../scheduler/host.js";
import type { RandomStream } from "../scheduler/random.js";
import type { PeriodicTask, Scheduler } from "../scheduler/scheduler.js";
import { checkCloudObject, checkCloudUser, cloudOnlyObject, cloudUserAttributes } from "./cloud-only.js";
import type { CloudObjectType, CloudValue } from "./cloud-schema.js";
import { releaseConflicts } from "./conflict-release.js";
import { DuplicateAttributes } from "./duplicate-attributes.js";
import { ExchangeOnline } from "./exchange-online.js";
import type { PasswordHash } from "./passwords.js";
import { SoftDeleteBin } from "./soft-delete-bin.js";
import { TenantAdmission } from "./tenant-admission.js";
import { TenantCredentials } from "./tenant-credentials.js";
import { TenantIndex } from "./tenant-index.js";
import { SyncWrites } from "./tenant-sync-writes.js";
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
  private readonly admission: TenantAdmission;
  private readonly index = new TenantIndex();
  private readonly softDeleted: SoftDeleteBin;
  private readonly duplicates: DuplicateAttributes;
  private readonly credentials: TenantCredentials;
  private readonly sync: SyncWrites;
  private releaseJob: PeriodicTask | undefined;

  /** @param options - see {@link TenantOptions} */
  constructor(options: TenantOptions) {
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
    this.credentials = new TenantCredentials(
      this.index,
      this.admission,
      this.scheduler,
      this.random,
      this.events,
    );
    this.sync = new SyncWrites({
      index: this.index,
      admission: this.admission,
      duplicates: this.duplicates,
      softDeleted: this.softDeleted,
      scheduler: this.scheduler,
      random: this.random,
      events: this.events,
      quota: this.quota,
      matching: options,
    });
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
    return this.credentials.authentication;
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
    this.credentials.setAuthentication(method, provider);
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
    return this.sync.upsert(request);
  }

  /**
   * Deletes the synced object with `anchor`: users go to the soft-delete bin for 30 days, other types are
   * deleted for good (groups are not restored after a filtering mistake, reference.md). Returns undefined
   * when no live object has the anchor.
   *
   * @throws SimulationError `tenant-unavailable`, `throttled`
   */
  delete(anchor: string, writer: string): CloudObject | undefined {
    return this.sync.delete(anchor, writer);
  }

  /**
   * Stores a synced password hash on the user with `anchor` (password hash sync).
   *
   * @throws SimulationError `tenant-unavailable`, `throttled`, `no-such-object`
   */
  setPasswordHash(anchor: string, hash: PasswordHash, writer: string): CloudObject {
    return this.credentials.setPasswordHash(anchor, hash, writer);
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
    return this.credentials.resetPassword(cloudId, password);
  }

  /**
   * Password writeback carried a reset to AD (`hash` is the reset's, as its `password-reset` event gave
   * it): the reset stands.
   */
  confirmPasswordReset(cloudId: string, hash: PasswordHash): void {
    this.credentials.confirmPasswordReset(cloudId, hash);
  }

  /**
   * Password writeback could not carry a reset to AD: writeback is synchronous (concept-sspr-writeback), so
   * the user's reset is refused and the password it replaced is in force again in the cloud, as in AD. A
   * later change of the credential (another reset, a synced hash) is left alone.
   *
   * @returns true when the old credential was put back
   */
  rejectPasswordReset(cloudId: string, hash: PasswordHash): boolean {
    return this.credentials.rejectPasswordReset(cloudId, hash);
  }

  /**
   * A sign-in by UPN and password, validated by the method in force: `phs` against the synced hash,
   * `pta`/`federation` by the on-premises provider the engine installed (no automatic fallback).
   */
  signIn(userPrincipalName: string, password: string): SignInOutcome {
    return this.credentials.signIn(userPrincipalName, password);
  }

  // ---- internals ---------------------------------------------------------------------------------------

  /** The hourly job: give back values whose holder no longer has them. */
  private releaseConflicts(): void {
    if (this.isAvailable) releaseConflicts(this.duplicates, this.index, this.events, this.scheduler);
  }
}
