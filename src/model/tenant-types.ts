import type { CloudObjectType, CloudValue } from "./cloud-schema.js";
import type { ExchangeOnlineEvent } from "./exchange-online.js";
import type { CloudCredential, PasswordHash } from "./passwords.js";

/**
 * An immutable object in the Entra ID tenant.
 *
 * @public
 */
export interface CloudObject {
  /** The cloud's own id. */
  readonly cloudId: string;
  /** Object type. */
  readonly objectType: CloudObjectType;
  /** Source anchor (ImmutableId) for synced objects. */
  readonly onPremisesImmutableId: string | undefined;
  /** True for objects a sync engine owns. */
  readonly dirSyncEnabled: boolean;
  /** Attributes by Entra ID name (see {@link STANDARD_FLOWS}). */
  readonly attributes: Readonly<Record<string, CloudValue>>;
  /** Writer that last wrote it (`connect:primary`, `cloud-sync:contoso.com`, `tenant`, `admin`). */
  readonly writer: string | undefined;
  /** Virtual time of creation. */
  readonly createdAt: number;
  /** Virtual time of the last write. */
  readonly updatedAt: number;
  /** Set while in the soft-delete bin. */
  readonly deletedAt: number | undefined;
  /** Password credential, for users. */
  readonly credential: CloudCredential | undefined;
  /** Holds an admin role (such users are never soft-matched, `how-to-connect-install-existing-tenant`). */
  readonly isAdmin: boolean;
}

/**
 * A write by a sync engine: create or update the object with this anchor.
 *
 * @public
 */
export interface UpsertRequest {
  /** Source anchor. */
  readonly anchor: string;
  /** Object type. */
  readonly objectType: CloudObjectType;
  /** Attributes to set; `undefined` removes one. On a create, the full set. */
  readonly attributes: Readonly<Record<string, CloudValue | undefined>>;
  /** Who writes (`connect:primary`, `cloud-sync:contoso.com`). */
  readonly writer: string;
  /** USN of the AD object state the values came from (provenance for observers). */
  readonly sourceUsn?: number;
}

/**
 * How an upsert was matched and applied.
 *
 * @public
 */
export type UpsertAction = "created" | "updated" | "unchanged" | "restored" | "soft-matched";

/**
 * A duplicate-attribute conflict the tenant resolved by setting a value aside.
 *
 * @public
 */
export interface AttributeConflict {
  /** When it was recorded. */
  readonly at: number;
  /** The object that lost the value. */
  readonly cloudId: string;
  /** `userPrincipalName` or `proxyAddresses`. */
  readonly attribute: "userPrincipalName" | "proxyAddresses";
  /** The value it wanted. */
  readonly value: string;
  /** The object that holds the value. */
  readonly conflictsWith: string;
  /** What was set instead (the `prefix+4 digits@initial domain` UPN), for a UPN conflict. */
  readonly replacement: string | undefined;
  /** Time the hourly job released it, once resolved. */
  readonly resolvedAt: number | undefined;
}

/**
 * The outcome of {@link Tenant.upsert}.
 *
 * @public
 */
export interface UpsertResult {
  /** Matching and applying result. */
  readonly action: UpsertAction;
  /** The object after the write. */
  readonly object: CloudObject;
  /** Attributes whose value changed. */
  readonly changed: readonly string[];
  /** Conflicts this write recorded. */
  readonly conflicts: readonly AttributeConflict[];
}

/**
 * How the tenant validates sign-ins.
 *
 * @public
 */
export type AuthenticationMethod = "phs" | "pta" | "federation";

/**
 * Why a sign-in succeeded or failed.
 *
 * @public
 */
export type SignInReason =
  | "ok"
  | "no-such-user"
  | "password-mismatch"
  | "hash-not-synced"
  | "account-disabled"
  | "must-change-password"
  | "no-agent-available"
  | "federation-unavailable"
  | "dc-unreachable"
  | "tenant-unavailable";

/**
 * A sign-in outcome.
 *
 * @public
 */
export interface SignInOutcome {
  /** True when the user got in. */
  readonly success: boolean;
  /** Why. */
  readonly reason: SignInReason;
  /** Method that decided. */
  readonly method: AuthenticationMethod;
}

/**
 * Validates sign-ins on premises (PTA agents, AD FS): installed by the engine that offers the method.
 *
 * @public
 */
export type AuthenticationProvider = (user: CloudObject, password: string) => SignInOutcome;

/**
 * Events of a {@link Tenant}, emitted after the write is committed.
 *
 * @public
 */
export interface TenantEvents {
  /** An object was created, updated, restored or soft-matched. */
  write: [event: TenantWriteEvent];
  /** An object was deleted (soft for users, hard otherwise). */
  delete: [event: TenantDeleteEvent];
  /** A password hash was set by password hash sync. */
  credential: [event: TenantCredentialEvent];
  /** A duplicate attribute was set aside, or released. */
  conflict: [conflict: AttributeConflict];
  /** A user reset their password in the cloud (SSPR); `hash` is AD-ready for password writeback. */
  "password-reset": [event: PasswordResetEvent];
  /** A sign-in was attempted. */
  "sign-in": [event: SignInEvent];
  /** Exchange Online changed a synced user's settings (what Exchange hybrid writeback brings to AD). */
  "exchange-online": [event: ExchangeOnlineEvent];
}

/** Payload of the tenant's `write` event. @public */
export interface TenantWriteEvent {
  /** Virtual time. */
  readonly at: number;
  /** The object written. */
  readonly cloudId: string;
  /** Its source anchor, for synced objects. */
  readonly anchor: string | undefined;
  /** Its type. */
  readonly objectType: CloudObjectType;
  /** How the write was matched and applied. */
  readonly action: UpsertAction;
  /** Attributes whose value changed. */
  readonly changed: readonly string[];
  /** Who wrote. */
  readonly writer: string;
  /** USN of the AD state the values came from, when the writer said. */
  readonly sourceUsn: number | undefined;
}

/** Payload of the tenant's `delete` event. @public */
export interface TenantDeleteEvent {
  /** Virtual time. */
  readonly at: number;
  /** The object deleted. */
  readonly cloudId: string;
  /** Its source anchor. */
  readonly anchor: string | undefined;
  /** Its type. */
  readonly objectType: CloudObjectType;
  /** True when it went to the soft-delete bin (users). */
  readonly soft: boolean;
  /** Who deleted. */
  readonly writer: string;
}

/** Payload of the tenant's `credential` event. @public */
export interface TenantCredentialEvent {
  /** Virtual time. */
  readonly at: number;
  /** The user. */
  readonly cloudId: string;
  /** Its source anchor. */
  readonly anchor: string | undefined;
  /** Version of the on-premises password now in the cloud. */
  readonly version: number;
  /**
   * True when the user had no credential before: its first password hash in the cloud (lets a listener
   * count users with a synced hash without keeping their ids).
   */
  readonly first: boolean;
  /** Who wrote. */
  readonly writer: string;
}

/** Payload of the tenant's `password-reset` event: a salted hash, never the password. @public */
export interface PasswordResetEvent {
  /** Virtual time. */
  readonly at: number;
  /** The user. */
  readonly cloudId: string;
  /** Its source anchor (undefined for cloud-only users). */
  readonly anchor: string | undefined;
  /** AD-ready salted hash for password writeback. */
  readonly hash: PasswordHash;
}

/** Payload of the tenant's `sign-in` event. @public */
export interface SignInEvent {
  /** Virtual time. */
  readonly at: number;
  /** Who tried. */
  readonly userPrincipalName: string;
  /** What happened. */
  readonly outcome: SignInOutcome;
}
