import { EventEmitter } from "eventemitter3";
import { DAY } from "../scheduler/duration.js";
import { invalidArgument } from "../scheduler/errors.js";
import type { Host } from "../scheduler/host.js";
import type { RandomStream } from "../scheduler/random.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import { type AdObject, type AdObjectClass, UAC_ACCOUNT_DISABLE, UAC_NORMAL_ACCOUNT } from "./ad-object.js";
import { editedDraft } from "./attribute-edit.js";
import { emitChange } from "./change-events.js";
import { CONTAINER_CLASSES } from "./containers.js";
import { checkCreatable, checkNewGuid, checkRdnValue, initialAttributes } from "./create-input.js";
import { checkMoveTarget, checkWatermark, ensureReadable, requireLive } from "./directory-checks.js";
import { deleteObject, restoreObject } from "./directory-lifecycle.js";
import { addManyMembers, editMembers } from "./directory-membership.js";
import { setUserPassword, setUserPasswordHash } from "./directory-passwords.js";
import { DirectoryStore } from "./directory-store.js";
import type {
  AttributeEdit,
  AuthenticationResult,
  DirectoryEvents,
  DirectoryOptions,
  DirectoryRead,
  PasswordChange,
  PasswordChangesRead,
} from "./directory-types.js";
import { dnKey, domainToDn, splitDn } from "./dn.js";
import { EMPTY_LIST } from "./member-list.js";
import type { PasswordHash } from "./passwords.js";
import { checkReferences } from "./reference-attributes.js";
import { flatConcat } from "./values.js";

/**
 * One AD forest as the sync engines see it through one domain controller: objects addressed by DN, an
 * update sequence number (USN) per write, a DirSync-like change query, tombstones with a recycle bin, and a
 * separate password channel carrying salted hashes only.
 *
 * @remarks Records are immutable (immer); the store owns its Maps and mutates them through its methods.
 * Every operation validates first and commits last, so a failed one leaves the store unchanged.
 * @public
 */
export class Directory {
  /** Forest root domain. */
  readonly forest: string;
  /** Domains of the forest. */
  readonly domains: readonly string[];
  /** Committed writes, emitted after commit. */
  readonly events = new EventEmitter<DirectoryEvents>();
  private readonly scheduler: Scheduler;
  private readonly random: RandomStream;
  private readonly dc: Host | undefined;
  private readonly lifetime: number;
  // The records, recycle bin, password channel, change journal and parent lookup, and how a write commits.
  private readonly store: DirectoryStore;

  /** @param options - forest, domains, kernel, random stream, reading DC */
  constructor(options: DirectoryOptions);
  /** @internal The copy {@link Directory.fork} makes of `template`. */
  constructor(options: DirectoryOptions, template: Directory);
  constructor(options: DirectoryOptions, template?: Directory) {
    this.forest = options.forest;
    this.domains = options.domains && options.domains.length > 0 ? [...options.domains] : [options.forest];
    this.scheduler = options.scheduler;
    this.random = options.random;
    this.dc = options.dc;
    this.lifetime = options.deletedObjectLifetimeMs ?? 180 * DAY;
    this.store = new DirectoryStore(this.scheduler, this.events, template?.store);
    if (template) return;
    for (const domain of this.domains) {
      const dn = domainToDn(domain);
      this.store.commitNew("domainDNS", dn, domain, {}, this.random.guid(), undefined);
    }
  }

  /**
   * An independent copy of this forest — objects, tombstones, password hashes, USNs and the change
   * journal — on another kernel, random stream and domain controller. `World.fork` uses it so one build of
   * a large directory serves every engine of a comparison. Nothing written to one shows in the other;
   * listeners are not copied.
   *
   * @param context - the copy's kernel, random stream (in the state this forest's stream is in) and DC
   */
  fork(context: Pick<DirectoryOptions, "scheduler" | "random" | "dc">): Directory {
    return new Directory(
      {
        forest: this.forest,
        domains: this.domains,
        scheduler: context.scheduler,
        random: context.random,
        ...(context.dc ? { dc: context.dc } : {}),
        deletedObjectLifetimeMs: this.lifetime,
      },
      this,
    );
  }

  /** Highest USN issued so far. */
  get highestUsn(): number {
    return this.store.journal.highest;
  }

  /** Number of live (not deleted) objects. */
  get size(): number {
    return this.store.index.size;
  }

  /** The domain controller engines read from, if one was given. */
  get readerDc(): Host | undefined {
    return this.dc;
  }

  // ---- reads -------------------------------------------------------------------------------------------

  /** The object with this GUID, live or deleted. */
  get(objectGUID: string): AdObject | undefined {
    return this.store.index.get(objectGUID) ?? this.store.deleted.get(objectGUID)?.full;
  }

  /** The live object at `dn`. */
  getByDn(dn: string): AdObject | undefined {
    return this.store.index.getByDn(dn);
  }

  /** A live object by sAMAccountName, userPrincipalName, DN or GUID — the names a scenario uses. */
  find(name: string): AdObject | undefined {
    return this.store.index.find(name);
  }

  /** Live objects, in creation order (optionally one class). */
  *objects(objectClass?: AdObjectClass): IterableIterator<AdObject> {
    yield* this.store.index.values(objectClass);
  }

  /** Live objects of a class, as an array (the harness picks workload targets from it). */
  list(objectClass: AdObjectClass): AdObject[] {
    return [...this.store.index.values(objectClass)];
  }

  /** True when `memberGUID` is a direct member of the group `groupGUID` (from the membership index: no scan). */
  isMember(groupGUID: string, memberGUID: string): boolean {
    return this.store.index.isMember(groupGUID, memberGUID);
  }

  /**
   * The objects that name `objectGUID` in a reference: the groups listing it as a member and the objects
   * it is the manager of (from the link indexes: no scan).
   */
  referrersOf(objectGUID: string): string[] {
    const groups = this.store.index.groupsOf(objectGUID);
    const reports = this.store.index.reportsOf(objectGUID);
    return reports.length === 0 ? groups : [...groups, ...reports];
  }

  /** The current password hash of a user, if one was set. */
  passwordOf(objectGUID: string): PasswordChange | undefined {
    return this.store.passwords.of(objectGUID);
  }

  /**
   * True when a password was ever stored for `user`, a live record of this directory: the same answer as
   * `passwordOf(user.objectGUID) !== undefined`, read off the record in hand instead of the password
   * channel (the warm-up asks it of every user of a 150,000-user forest, one cold lookup each). Exact because
   * every stored password stamps `pwdLastSet`, which nothing else writes (a system attribute), and the
   * channel keeps a user's hash for good (through delete and restore, and in a fork).
   */
  hasPassword(user: AdObject): boolean {
    return user.attributes.pwdLastSet !== undefined;
  }

  /**
   * DirSync-like change query: the current state of every object written after `watermark` (intermediate
   * values are never seen), deleted objects as tombstones, in USN order, and the new watermark.
   *
   * @throws SimulationError `dc-unreachable` while the reading DC is down
   */
  changesSince(watermark: number, options: { domain?: string } = {}): DirectoryRead {
    ensureReadable(this.dc, "changesSince");
    checkWatermark(watermark);
    return {
      objects: this.store.journal.latestWrites(watermark, options.domain, true),
      watermark: this.store.journal.highest,
    };
  }

  /**
   * Full read (what a full import sees): every live object, in USN order, and the watermark to continue
   * from with {@link Directory.changesSince}.
   *
   * @throws SimulationError `dc-unreachable` while the reading DC is down
   */
  snapshot(options: { domain?: string } = {}): DirectoryRead {
    ensureReadable(this.dc, "snapshot");
    return {
      objects: this.store.journal.latestWrites(0, options.domain, false),
      watermark: this.store.journal.highest,
    };
  }

  /**
   * Password channel: the latest password change of each user changed after `watermark`, in USN order.
   *
   * @throws SimulationError `dc-unreachable` while the reading DC is down
   */
  passwordChangesSince(watermark: number): PasswordChangesRead {
    ensureReadable(this.dc, "passwordChangesSince");
    checkWatermark(watermark);
    // Deleted objects are exactly those in the recycle bin: a lookup there, not among the live ones.
    const changes = this.store.passwords.changesSince(watermark, (guid) => this.store.deleted.has(guid));
    return { changes, watermark: this.store.journal.highest };
  }

  /**
   * Validates a password against AD, as pass-through authentication and AD FS do: the account must exist,
   * be enabled, and the password match.
   *
   * @throws SimulationError `dc-unreachable` while the reading DC is down
   */
  authenticate(objectGUID: string, password: string): AuthenticationResult {
    ensureReadable(this.dc, "authenticate");
    return this.store.passwords.authenticate(this.store.index.get(objectGUID), password);
  }

  // ---- writes ------------------------------------------------------------------------------------------

  /**
   * Creates an object under `parentDn`. Users default to an enabled account with `sAMAccountName` = name.
   *
   * @throws SimulationError `invalid-argument` (not an object, or a class it cannot create), `unknown-parent`,
   *   `duplicate-identity`, `invalid-attribute`, `invalid-dn`
   */
  create(input: {
    objectClass: Exclude<AdObjectClass, "domainDNS">;
    parentDn: string;
    name: string;
    attributes?: Readonly<Record<string, unknown>>;
    objectGUID?: string;
  }): AdObject {
    if (typeof input !== "object" || input === null)
      throw invalidArgument("input", input, "is not { objectClass, parentDn, name, attributes? }");
    const { objectClass, name } = input;
    checkCreatable(objectClass);
    const parent = this.store.parents.require(this.store.index, input.parentDn, "parentDn");
    checkRdnValue(name);
    const dn = flatConcat(objectClass === "organizationalUnit" ? "OU=" : "CN=", name, ",", parent.dn);
    const attributes = initialAttributes(objectClass, name, input.attributes);
    checkReferences(this.store.index, attributes, undefined);
    const givenGuid = input.objectGUID;
    if (givenGuid !== undefined) checkNewGuid(givenGuid, this);
    const keys = this.store.index.assertUnique(dn, parent.domain, attributes, undefined);
    if (objectClass === "group") attributes.member = EMPTY_LIST;
    // A GUID drawn here is 122 random bits: a clash with an existing one is not a case worth a lookup.
    const guid = givenGuid ?? this.random.guid();
    const object = this.store.commitNew(objectClass, dn, parent.domain, attributes, guid, keys);
    emitChange(this.events, this.scheduler, "create", object, undefined);
    return object;
  }

  /**
   * Edits attributes of a live object. A record is shorthand for replacing each attribute (`undefined`
   * clears). Writes that change nothing take no USN.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`, `duplicate-identity`
   */
  modify(objectGUID: string, edits: readonly AttributeEdit[] | Readonly<Record<string, unknown>>): AdObject {
    return this.modifyReporting(objectGUID, edits).object;
  }

  /**
   * {@link Directory.modify}, also reporting which attributes the write changed (in the order edited; empty
   * when nothing changed and `object` is the record as it was). The harness records one observed change
   * per changed attribute: this spares it a second read of the object and a second comparison per value.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`, `duplicate-identity`
   */
  modifyReporting(
    objectGUID: string,
    edits: readonly AttributeEdit[] | Readonly<Record<string, unknown>>,
  ): {
    /** The object after the write (the record as it was when nothing changed). */
    readonly object: AdObject;
    /** The attributes whose value changed, in the order edited. */
    readonly changed: readonly string[];
    /** The object before the write. */
    readonly previous: AdObject;
  } {
    const current = requireLive(this.store.index, this.store.deleted, objectGUID);
    const draft = editedDraft(current.objectClass, current.attributes, edits);
    const next = draft.attributes;
    const changed = draft.changed;
    if (next === undefined || changed === undefined)
      return { object: current, changed: EMPTY_LIST, previous: current };
    checkReferences(this.store.index, next, changed);
    if (changed.includes("sAMAccountName") || changed.includes("userPrincipalName")) {
      this.store.index.assertUnique(current.dn, current.domain, next, current.objectGUID);
    }
    const updated = this.store.commitUpdate(current, next);
    emitChange(this.events, this.scheduler, "modify", updated, changed);
    return { object: updated, changed, previous: current };
  }

  /** Disables an account (sets the ACCOUNTDISABLE bit of `userAccountControl`). */
  disable(objectGUID: string): AdObject {
    const uac = requireLive(this.store.index, this.store.deleted, objectGUID).attributes.userAccountControl;
    return this.modify(objectGUID, {
      userAccountControl: (typeof uac === "number" ? uac : UAC_NORMAL_ACCOUNT) | UAC_ACCOUNT_DISABLE,
    });
  }

  /** Enables an account (clears the ACCOUNTDISABLE bit). */
  enable(objectGUID: string): AdObject {
    const uac = requireLive(this.store.index, this.store.deleted, objectGUID).attributes.userAccountControl;
    return this.modify(objectGUID, {
      userAccountControl: (typeof uac === "number" ? uac : UAC_NORMAL_ACCOUNT) & ~UAC_ACCOUNT_DISABLE,
    });
  }

  /**
   * Renames an object (its RDN value). Objects below a renamed OU get new DNs but keep their USNs, as in AD
   * — which is why an engine reading changes does not notice them (Cloud Sync's documented blind spot).
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-dn`, `duplicate-identity`
   */
  rename(objectGUID: string, newName: string): AdObject {
    const current = requireLive(this.store.index, this.store.deleted, objectGUID);
    checkRdnValue(newName);
    const { rdn, parent } = splitDn(current.dn);
    return this.relocate(current, `${rdn.slice(0, rdn.indexOf("="))}=${newName},${parent}`, "rename");
  }

  /**
   * Moves an object (with its subtree, for an OU) under another parent.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `unknown-parent`, `duplicate-identity`
   */
  move(objectGUID: string, newParentDn: string): AdObject {
    const current = requireLive(this.store.index, this.store.deleted, objectGUID);
    const parent = this.store.parents.require(this.store.index, newParentDn, "ou");
    checkMoveTarget(current, parent, newParentDn);
    return this.relocate(current, `${splitDn(current.dn).rdn},${parent.dn}`, "move");
  }

  /** Adds `memberGUID` to a group. @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute` */
  addMember(groupGUID: string, memberGUID: string): AdObject {
    return editMembers(this.store, groupGUID, memberGUID, true);
  }

  /** Removes `memberGUID` from a group. @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute` */
  removeMember(groupGUID: string, memberGUID: string): AdObject {
    return editMembers(this.store, groupGUID, memberGUID, false);
  }

  /**
   * Adds many members in one write (one LDAP modify adding several values: one USN). Building a large
   * group member by member copies the immutable member list each time, which is quadratic; this is linear.
   * Members already present are skipped; every member is checked before anything is written.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
   */
  addMembers(groupGUID: string, memberGUIDs: readonly string[]): AdObject {
    return addManyMembers(this.store, groupGUID, memberGUIDs);
  }

  /**
   * Deletes an object: it becomes a tombstone, its group memberships and manager links are dropped (and
   * remembered for a recycle-bin restore). An OU must be empty.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-argument` (non-empty OU)
   */
  delete(objectGUID: string): AdObject {
    return deleteObject(this.store, objectGUID, (report) => this.modify(report, { manager: undefined }));
  }

  /**
   * Restores a deleted object from the recycle bin with its objectGUID, attributes, group memberships and
   * password (on the password channel again at the restore's USN), under its last known parent.
   * References to objects that are gone meanwhile (a deleted manager, a deleted member) are dropped, as AD
   * drops links to objects past their lifetime.
   *
   * @throws SimulationError `no-such-object`, `not-deleted`, `restore-expired`, `unknown-parent`, `duplicate-identity`
   */
  restore(objectGUID: string): AdObject {
    return restoreObject(this.store, objectGUID, this.lifetime);
  }

  /**
   * Sets a user's password: stores a salted hash with the next version on the password channel (and
   * `pwdLastSet` on the user). The plaintext is hashed here and dropped.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
   */
  setPassword(
    objectGUID: string,
    password: string,
    options: { mustChangeAtNextLogon?: boolean } = {},
  ): PasswordChange {
    return setUserPassword(this.store, this.random, objectGUID, password, options);
  }

  /**
   * Stores an already-hashed password (password writeback brings the hash, never the password). The
   * version is the user's next one, whatever the hash carried.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
   */
  setPasswordHash(objectGUID: string, hash: PasswordHash): PasswordChange {
    return setUserPasswordHash(this.store, objectGUID, hash);
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private relocate(current: AdObject, newDn: string, kind: "rename" | "move"): AdObject {
    if (dnKey(newDn) === dnKey(current.dn)) return current;
    this.store.index.assertUnique(newDn, current.domain, current.attributes, current.objectGUID);
    const descendants = CONTAINER_CLASSES.has(current.objectClass)
      ? this.store.index.descendants(current.dn)
      : [];
    const updated = this.store.commitUpdate(current, current.attributes, { dn: newDn });
    // Children's DNs follow without a write of their own (no USN), as AD derives them from the parent.
    const oldSuffix = current.dn.length;
    for (const child of descendants) {
      const dn = child.dn.slice(0, child.dn.length - oldSuffix) + newDn;
      const moved: AdObject = Object.freeze({ ...child, dn });
      this.store.index.replace(child, moved);
      // The child's latest write is still the one at its USN: the journal names its record as it is now.
      this.store.journal.write(moved, undefined);
    }
    emitChange(this.events, this.scheduler, kind, updated, []);
    return updated;
  }
}
