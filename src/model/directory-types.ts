import type { Host } from "../scheduler/host.js";
import type { RandomStream } from "../scheduler/random.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { AdObject, AdObjectClass } from "./ad-object.js";
import type { Directory } from "./directory.js";
import type { PasswordHash } from "./passwords.js";

/*
 * The vocabulary of a Directory: its options, the writes it records and emits, the password channel's
 * answers, and attribute edits. The class itself is in `directory.ts`.
 */

/**
 * What kind of write a {@link DirectoryChange} records.
 *
 * @public
 */
export type DirectoryChangeKind =
  | "create"
  | "modify"
  | "rename"
  | "move"
  | "delete"
  | "restore"
  | "membership"
  | "password";

/**
 * One committed write, as the directory emits it.
 *
 * @public
 */
export interface DirectoryChange {
  /** The USN the write took. */
  readonly usn: number;
  /** Virtual time of the write. */
  readonly at: number;
  /** Kind of write. */
  readonly kind: DirectoryChangeKind;
  /** The object written. */
  readonly objectGUID: string;
  /** Its class. */
  readonly objectClass: AdObjectClass;
  /** Its DN after the write. */
  readonly dn: string;
  /** Attributes the write changed (for `modify` and `membership`). */
  readonly attributes: readonly string[];
}

/**
 * A password change on the password channel. It carries the version, never the password.
 *
 * @public
 */
export interface PasswordChange {
  /** USN of the change. */
  readonly usn: number;
  /** Virtual time of the change. */
  readonly at: number;
  /** The user. */
  readonly objectGUID: string;
  /** The salted hash and its version. */
  readonly hash: PasswordHash;
  /** The user must change the password at next logon (Cloud Sync holds the hash until then). */
  readonly mustChangeAtNextLogon: boolean;
}

/**
 * Events of a {@link Directory}, emitted after the write is committed.
 *
 * @public
 */
export interface DirectoryEvents {
  /** Any object write. */
  change: [change: DirectoryChange];
  /** A password change; payload without hash material. */
  password: [change: PasswordChangeNotice];
}

/** Payload of the directory's `password` event: which user, which version — no hash material. @public */
export interface PasswordChangeNotice {
  /** USN of the change. */
  readonly usn: number;
  /** Virtual time. */
  readonly at: number;
  /** The user. */
  readonly objectGUID: string;
  /** The new password version. */
  readonly version: number;
}

/** Answer of {@link Directory.passwordChangesSince}. @public */
export interface PasswordChangesRead {
  /** Latest change of each user changed after the watermark, in USN order. */
  readonly changes: readonly PasswordChange[];
  /** The watermark to continue from. */
  readonly watermark: number;
}

/** Answer of {@link Directory.authenticate}. @public */
export type AuthenticationResult =
  | {
      /** Validated: the password matches and the account can sign in. */
      readonly ok: true;
    }
  | {
      /** Refused. */
      readonly ok: false;
      /** Why. */
      readonly reason: "no-such-user" | "account-disabled" | "password-mismatch" | "must-change-password";
    };

/**
 * One attribute edit of {@link Directory.modify}: replace (or clear, with `undefined`), add values to a
 * multi-valued attribute, or remove values from it.
 *
 * @public
 */
export type AttributeEdit = ReplaceEdit | ValuesEdit;

/** Replace an attribute's value (`undefined` clears it). @public */
export interface ReplaceEdit {
  /** Discriminant. */
  readonly op: "replace";
  /** LDAP display name. */
  readonly attribute: string;
  /** New value. */
  readonly value: unknown;
}

/** Add values to, or remove values from, a multi-valued attribute. @public */
export interface ValuesEdit {
  /** Discriminant. */
  readonly op: "add" | "remove";
  /** LDAP display name. */
  readonly attribute: string;
  /** Values to add or remove. */
  readonly values: readonly string[];
}

/**
 * Options of a {@link Directory}.
 *
 * @public
 */
export interface DirectoryOptions {
  /** Forest root domain, e.g. `contoso.com`. */
  readonly forest: string;
  /** Domains of the forest (default: the root only). */
  readonly domains?: readonly string[];
  /** The kernel, for write times. */
  readonly scheduler: Scheduler;
  /** Stream for object GUIDs and password salts (the harness passes a `workload`-derived stream). */
  readonly random: RandomStream;
  /** The domain controller the sync engines read from: reads fail with `dc-unreachable` while it is down. */
  readonly dc?: Host;
  /** Deleted-object lifetime with the AD Recycle Bin (reference C: 180 days by default). */
  readonly deletedObjectLifetimeMs?: number;
}

/**
 * Read answer of {@link Directory.changesSince} and {@link Directory.snapshot}.
 *
 * @public
 */
export interface DirectoryRead {
  /** Objects in USN order: current state, deleted ones as tombstones. */
  readonly objects: readonly AdObject[];
  /** The highest USN the read covers: pass it to the next `changesSince`. */
  readonly watermark: number;
}
