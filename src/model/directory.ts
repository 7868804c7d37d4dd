import { EventEmitter } from "eventemitter3";
import { DAY } from "../scheduler/duration.js";
import { SimulationError, show } from "../scheduler/errors.js";
import type { Host } from "../scheduler/host.js";
import type { RandomStream } from "../scheduler/random.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import {
  type AdObject,
  type AdObjectClass,
  type AttributeValue,
  normaliseAttribute,
  UAC_ACCOUNT_DISABLE,
  UAC_NORMAL_ACCOUNT,
} from "./ad-object.js";
import { AttributeDraft, applyEdit, applyReplace } from "./attribute-edit.js";
import { DirectoryIndex, type NameKeys } from "./directory-index.js";
import type {
  AttributeEdit,
  AuthenticationResult,
  DirectoryChangeKind,
  DirectoryEvents,
  DirectoryOptions,
  DirectoryRead,
  PasswordChange,
  PasswordChangesRead,
} from "./directory-types.js";
import { dnKey, domainToDn, isUnder, splitDn } from "./dn.js";
import { PasswordChannel } from "./password-channel.js";
import { hashPassword, type PasswordHash, verifyPassword } from "./passwords.js";
import { flatConcat } from "./values.js";

interface DeletedState {
  readonly full: AdObject;
  readonly lastKnownParent: string;
  readonly memberOf: readonly string[];
  readonly deletedAt: number;
}

const CONTAINER_CLASSES: ReadonlySet<AdObjectClass> = new Set(["organizationalUnit", "domainDNS"]);
const CREATABLE_CLASSES: ReadonlySet<string> = new Set([
  "user",
  "group",
  "contact",
  "computer",
  "organizationalUnit",
]);
const REFERENCE_ATTRIBUTES = ["manager", "managedBy"] as const;
// What a tombstone keeps: identity and anchor.
const TOMBSTONE_ATTRIBUTES = ["sAMAccountName", "mS-DS-ConsistencyGuid"] as const;
const INVALID_RDN = /[,=+<>#;"\\]/;
// One shared empty list (also what modifyReporting answers for a write that changes nothing).
const EMPTY_LIST: readonly string[] = Object.freeze([]);
// The attribute lists of membership and password writes' change events, made once.
const MEMBER_CHANGED: readonly string[] = Object.freeze(["member"]);
const PASSWORD_CHANGED: readonly string[] = Object.freeze(["pwdLastSet"]);

/** A mutable view of an {@link AdObject}, for building the next version of a record. */
type MutableAdObject = { -readonly [K in keyof AdObject]: AdObject[K] };

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
  private readonly index = new DirectoryIndex();
  private readonly deleted = new Map<string, DeletedState>();
  private readonly passwords = new PasswordChannel();
  private usn = 0;
  private containerVersion = 0;
  private lastParent:
    | { readonly dn: string; readonly version: number; readonly object: AdObject }
    | undefined;
  // Journal: the record each USN wrote while it is its object's latest write, else undefined (a later
  // write clears it). USNs are issued one by one from 1, so USN n sits at index n - 1 and changesSince
  // starts at `watermark` without a search; and a read walks the entries in order without looking each
  // object up to learn whether the entry is its latest (a lookup in a 150,000-entry map per change read,
  // once per engine read of the change, was most of a delta import's cost on the directory's side).
  private readonly journal: (AdObject | undefined)[] = [];

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
    if (template) {
      // Records, tombstone states and password changes are immutable: the copy shares them.
      this.index = template.index.clone();
      this.deleted = new Map(template.deleted);
      this.passwords = template.passwords.clone();
      this.usn = template.usn;
      this.containerVersion = template.containerVersion;
      this.lastParent = template.lastParent;
      this.journal = template.journal.slice();
      return;
    }
    for (const domain of this.domains) {
      const dn = domainToDn(domain);
      this.commitNew("domainDNS", dn, domain, {}, this.random.guid(), undefined);
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
    return this.usn;
  }

  /** Number of live (not deleted) objects. */
  get size(): number {
    return this.index.size;
  }

  /** The domain controller engines read from, if one was given. */
  get readerDc(): Host | undefined {
    return this.dc;
  }

  // ---- reads -------------------------------------------------------------------------------------------

  /** The object with this GUID, live or deleted. */
  get(objectGUID: string): AdObject | undefined {
    return this.index.get(objectGUID) ?? this.deleted.get(objectGUID)?.full;
  }

  /** The live object at `dn`. */
  getByDn(dn: string): AdObject | undefined {
    return this.index.getByDn(dn);
  }

  /** A live object by sAMAccountName, userPrincipalName, DN or GUID — the names a scenario uses. */
  find(name: string): AdObject | undefined {
    return this.index.find(name);
  }

  /** Live objects, in creation order (optionally one class). */
  *objects(objectClass?: AdObjectClass): IterableIterator<AdObject> {
    yield* this.index.values(objectClass);
  }

  /** Live objects of a class, as an array (the harness picks workload targets from it). */
  list(objectClass: AdObjectClass): AdObject[] {
    return [...this.index.values(objectClass)];
  }

  /** True when `memberGUID` is a direct member of the group `groupGUID` (from the membership index: no scan). */
  isMember(groupGUID: string, memberGUID: string): boolean {
    return this.index.isMember(groupGUID, memberGUID);
  }

  /** The current password hash of a user, if one was set. */
  passwordOf(objectGUID: string): PasswordChange | undefined {
    return this.passwords.of(objectGUID);
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
    this.ensureReadable("changesSince");
    if (typeof watermark !== "number" || !Number.isInteger(watermark) || watermark < 0) {
      throw new SimulationError("invalid-argument", `watermark: ${show(watermark)} is not a USN`, {
        field: "watermark",
        value: watermark,
      });
    }
    return { objects: this.latestWrites(watermark, options.domain, true), watermark: this.usn };
  }

  /**
   * Full read (what a full import sees): every live object, in USN order, and the watermark to continue
   * from with {@link Directory.changesSince}.
   *
   * @throws SimulationError `dc-unreachable` while the reading DC is down
   */
  snapshot(options: { domain?: string } = {}): DirectoryRead {
    this.ensureReadable("snapshot");
    return { objects: this.latestWrites(0, options.domain, false), watermark: this.usn };
  }

  /**
   * The current state of every object whose latest write has a USN above `from`, in USN order: the
   * journal is in that order already, and only the entry of an object's latest write counts (no sort of
   * 150,000 records for a full read). Deleted objects come as tombstones, or not at all.
   */
  private latestWrites(from: number, domain: string | undefined, tombstones: boolean): AdObject[] {
    const objects: AdObject[] = [];
    const journal = this.journal;
    for (let i = from; i < journal.length; i++) {
      const object = journal[i];
      if (object === undefined || (object.isDeleted && !tombstones)) continue;
      if (domain && object.domain !== domain) continue;
      objects.push(object.isDeleted ? tombstone(object) : object);
    }
    return objects;
  }

  /**
   * Password channel: the latest password change of each user changed after `watermark`, in USN order.
   *
   * @throws SimulationError `dc-unreachable` while the reading DC is down
   */
  passwordChangesSince(watermark: number): PasswordChangesRead {
    this.ensureReadable("passwordChangesSince");
    if (typeof watermark !== "number" || !Number.isInteger(watermark) || watermark < 0) {
      throw new SimulationError("invalid-argument", `watermark: ${show(watermark)} is not a USN`, {
        field: "watermark",
        value: watermark,
      });
    }
    // Deleted objects are exactly those in the recycle bin: a lookup there, not among the live ones.
    const changes = this.passwords.changesSince(watermark, (guid) => this.deleted.has(guid));
    return { changes, watermark: this.usn };
  }

  /**
   * Validates a password against AD, as pass-through authentication and AD FS do: the account must exist,
   * be enabled, and the password match.
   *
   * @throws SimulationError `dc-unreachable` while the reading DC is down
   */
  authenticate(objectGUID: string, password: string): AuthenticationResult {
    this.ensureReadable("authenticate");
    const user = this.index.get(objectGUID);
    if (user?.objectClass !== "user") return { ok: false, reason: "no-such-user" };
    if (
      typeof user.attributes.userAccountControl === "number" &&
      user.attributes.userAccountControl & UAC_ACCOUNT_DISABLE
    ) {
      return { ok: false, reason: "account-disabled" };
    }
    const stored = this.passwords.of(objectGUID);
    if (!stored || !verifyPassword(stored.hash, password)) return { ok: false, reason: "password-mismatch" };
    if (stored.mustChangeAtNextLogon) return { ok: false, reason: "must-change-password" };
    return { ok: true };
  }

  // ---- writes ------------------------------------------------------------------------------------------

  /**
   * Creates an object under `parentDn`. Users default to an enabled account with `sAMAccountName` = name.
   *
   * @throws SimulationError `unknown-parent`, `duplicate-identity`, `invalid-attribute`, `invalid-dn`
   */
  create(input: {
    objectClass: Exclude<AdObjectClass, "domainDNS">;
    parentDn: string;
    name: string;
    attributes?: Readonly<Record<string, unknown>>;
    objectGUID?: string;
  }): AdObject {
    const { objectClass, name } = input;
    if (!CREATABLE_CLASSES.has(objectClass)) {
      throw new SimulationError("invalid-argument", `objectClass: ${show(objectClass)} cannot be created`, {
        field: "objectClass",
        value: objectClass,
      });
    }
    const parent = this.requireParent(input.parentDn, "parentDn");
    if (typeof name !== "string" || name.trim().length === 0 || INVALID_RDN.test(name)) {
      throw new SimulationError("invalid-dn", `name: ${show(name)} is not a valid RDN value`, {
        field: "name",
        value: name,
      });
    }
    const dn = flatConcat(objectClass === "organizationalUnit" ? "OU=" : "CN=", name, ",", parent.dn);
    const attributes: Record<string, AttributeValue> = {};
    if (objectClass === "user" || objectClass === "computer")
      attributes.userAccountControl = UAC_NORMAL_ACCOUNT;
    if (objectClass === "user" || objectClass === "group" || objectClass === "computer") {
      attributes.sAMAccountName = objectClass === "computer" ? `${name}$` : name;
    }
    const given = input.attributes;
    if (given !== undefined && (given === null || typeof given !== "object" || Array.isArray(given))) {
      throw new SimulationError("invalid-attribute", `attributes: ${show(given)} is not a record`, {
        field: "attributes",
        value: given,
      });
    }
    if (given) {
      // The own keys in Object.keys order, without the array of them (a bulk load creates 150,000 users).
      for (const key in given) {
        if (!Object.hasOwn(given, key)) continue;
        const stored = normaliseAttribute(objectClass, key, given[key]);
        if (stored === undefined) delete attributes[key];
        else attributes[key] = stored;
      }
    }
    this.checkReferences(attributes, undefined);
    const givenGuid = input.objectGUID;
    if (givenGuid !== undefined) {
      if (typeof givenGuid !== "string" || givenGuid.length === 0) {
        throw new SimulationError("invalid-attribute", `objectGUID: ${show(givenGuid)} is not a GUID`, {
          field: "objectGUID",
          value: givenGuid,
        });
      }
      if (this.get(givenGuid)) {
        throw new SimulationError("duplicate-identity", `objectGUID: ${show(givenGuid)} already exists`, {
          field: "objectGUID",
          value: givenGuid,
        });
      }
    }
    const keys = this.index.assertUnique(dn, parent.domain, attributes, undefined);
    if (objectClass === "group") attributes.member = EMPTY_LIST;
    // A GUID drawn here is 122 random bits: a clash with an existing one is not a case worth a lookup.
    const guid = givenGuid ?? this.random.guid();
    const object = this.commitNew(objectClass, dn, parent.domain, attributes, guid, keys);
    this.emitChange("create", object, undefined);
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
  } {
    const current = this.requireLive(objectGUID);
    if (edits === null || typeof edits !== "object") {
      throw new SimulationError(
        "invalid-attribute",
        `edits: ${show(edits)} is not a list of edits or a record`,
        { field: "edits", value: edits },
      );
    }
    const draft = new AttributeDraft(current.attributes);
    if (Array.isArray(edits)) {
      for (const edit of edits as readonly AttributeEdit[]) applyEdit(current.objectClass, draft, edit);
    } else {
      // A record's keys are distinct: each is a replace, applied without an edit object per attribute. The
      // own keys in Object.keys order, without the array of them.
      const record = edits as Readonly<Record<string, unknown>>;
      for (const attribute in record)
        if (Object.hasOwn(record, attribute))
          applyReplace(current.objectClass, draft, attribute, record[attribute]);
    }
    const next = draft.attributes;
    const changed = draft.changed;
    if (next === undefined || changed === undefined) return { object: current, changed: EMPTY_LIST };
    this.checkReferences(next, changed);
    if (changed.includes("sAMAccountName") || changed.includes("userPrincipalName")) {
      this.index.assertUnique(current.dn, current.domain, next, current.objectGUID);
    }
    const updated = this.commitUpdate(current, next);
    this.emitChange("modify", updated, changed);
    return { object: updated, changed };
  }

  /** Disables an account (sets the ACCOUNTDISABLE bit of `userAccountControl`). */
  disable(objectGUID: string): AdObject {
    const uac = this.requireLive(objectGUID).attributes.userAccountControl;
    return this.modify(objectGUID, {
      userAccountControl: (typeof uac === "number" ? uac : UAC_NORMAL_ACCOUNT) | UAC_ACCOUNT_DISABLE,
    });
  }

  /** Enables an account (clears the ACCOUNTDISABLE bit). */
  enable(objectGUID: string): AdObject {
    const uac = this.requireLive(objectGUID).attributes.userAccountControl;
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
    const current = this.requireLive(objectGUID);
    if (typeof newName !== "string" || newName.trim().length === 0 || INVALID_RDN.test(newName)) {
      throw new SimulationError("invalid-dn", `name: ${show(newName)} is not a valid RDN value`, {
        field: "name",
        value: newName,
      });
    }
    const { rdn, parent } = splitDn(current.dn);
    return this.relocate(current, `${rdn.slice(0, rdn.indexOf("="))}=${newName},${parent}`, "rename");
  }

  /**
   * Moves an object (with its subtree, for an OU) under another parent.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `unknown-parent`, `duplicate-identity`
   */
  move(objectGUID: string, newParentDn: string): AdObject {
    const current = this.requireLive(objectGUID);
    const parent = this.requireParent(newParentDn, "ou");
    if (isUnder(parent.dn, current.dn)) {
      throw new SimulationError(
        "unknown-parent",
        `ou: ${show(newParentDn)} lies inside the object being moved`,
        { field: "ou", value: newParentDn },
      );
    }
    if (parent.domain !== current.domain) {
      throw new SimulationError(
        "unknown-parent",
        `ou: ${show(newParentDn)} is in another domain (cross-domain moves are not modelled)`,
        { field: "ou", value: newParentDn },
      );
    }
    return this.relocate(current, `${splitDn(current.dn).rdn},${parent.dn}`, "move");
  }

  /** Adds `memberGUID` to a group. @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute` */
  addMember(groupGUID: string, memberGUID: string): AdObject {
    return this.editMembers(groupGUID, memberGUID, true);
  }

  /** Removes `memberGUID` from a group. @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute` */
  removeMember(groupGUID: string, memberGUID: string): AdObject {
    return this.editMembers(groupGUID, memberGUID, false);
  }

  /**
   * Adds many members in one write (one LDAP modify adding several values: one USN). Building a large
   * group member by member copies the immutable member list each time, which is quadratic; this is linear.
   * Members already present are skipped; every member is checked before anything is written.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
   */
  addMembers(groupGUID: string, memberGUIDs: readonly string[]): AdObject {
    const group = this.requireLive(groupGUID, "group");
    if (group.objectClass !== "group") {
      throw new SimulationError("invalid-attribute", `member: ${show(group.dn)} is not a group`, {
        field: "group",
        value: groupGUID,
      });
    }
    if (!Array.isArray(memberGUIDs)) {
      throw new SimulationError("invalid-attribute", `members: ${show(memberGUIDs)} is not a list`, {
        field: "members",
        value: memberGUIDs,
      });
    }
    const members = memberList(group);
    const present = new Set(members);
    const added: string[] = [];
    for (let i = 0; i < memberGUIDs.length; i++) {
      const memberGUID = memberGUIDs[i] as string;
      // The field name is made only for the error (a bulk load adds thousands of members at once).
      if (typeof memberGUID !== "string" || !this.index.get(memberGUID))
        this.requireLive(memberGUID, `members[${i}]`);
      if (memberGUID === groupGUID) {
        throw new SimulationError("invalid-attribute", "member: a group cannot contain itself", {
          field: `members[${i}]`,
          value: memberGUID,
        });
      }
      if (!present.has(memberGUID)) {
        present.add(memberGUID);
        added.push(memberGUID);
      }
    }
    if (added.length === 0) return group;
    const updated = this.commitUpdate(group, {
      ...group.attributes,
      member: Object.freeze(withMembers(members, added)),
    });
    for (const memberGUID of added) this.index.setMembership(groupGUID, memberGUID, true);
    this.emitChange("membership", updated, MEMBER_CHANGED);
    return updated;
  }

  /**
   * Deletes an object: it becomes a tombstone, its group memberships and manager links are dropped (and
   * remembered for a recycle-bin restore). An OU must be empty.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-argument` (non-empty OU)
   */
  delete(objectGUID: string): AdObject {
    const current = this.requireLive(objectGUID);
    if (CONTAINER_CLASSES.has(current.objectClass) && this.index.hasChildren(current.dn)) {
      throw new SimulationError("invalid-argument", `delete: ${show(current.dn)} is not empty`, {
        field: "object",
        value: current.dn,
      });
    }
    // Link removals first (each a write of the group or report, as AD does), then the delete itself.
    const memberOf = this.index.groupsOf(objectGUID);
    for (const group of memberOf) this.editMembers(group, objectGUID, false);
    for (const report of this.index.reportsOf(objectGUID)) this.modify(report, { manager: undefined });
    const fresh = this.index.get(objectGUID) as AdObject;
    // A deleted group's own member links go with it; the record keeps the list for a restore.
    const members = memberList(fresh);
    for (let i = 0; i < members.length; i++)
      this.index.setMembership(objectGUID, members[i] as string, false);
    const lastKnownParent = splitDn(fresh.dn).parent;
    const dead = this.commitUpdate(fresh, fresh.attributes, { isDeleted: true });
    this.index.remove(fresh);
    this.deleted.set(objectGUID, { full: dead, lastKnownParent, memberOf, deletedAt: this.scheduler.now });
    this.emitChange("delete", dead, []);
    return dead;
  }

  /**
   * Restores a deleted object from the recycle bin with its objectGUID, attributes and group memberships,
   * under its last known parent. References to objects that are gone meanwhile (a deleted manager, a
   * deleted member) are dropped, as AD drops links to objects past their lifetime.
   *
   * @throws SimulationError `no-such-object`, `not-deleted`, `restore-expired`, `unknown-parent`, `duplicate-identity`
   */
  restore(objectGUID: string): AdObject {
    const state = this.deleted.get(objectGUID);
    if (!state) {
      const live = this.index.get(objectGUID);
      throw new SimulationError(
        live ? "not-deleted" : "no-such-object",
        `restore: ${show(objectGUID)} ${live ? "is not deleted" : "does not exist"}`,
        {
          field: "object",
          value: objectGUID,
        },
      );
    }
    if (this.scheduler.now - state.deletedAt > this.lifetime) {
      throw new SimulationError(
        "restore-expired",
        `restore: ${show(objectGUID)} was deleted more than the deleted-object lifetime ago`,
        {
          field: "object",
          value: objectGUID,
        },
      );
    }
    this.requireParent(state.lastKnownParent, "lastKnownParent");
    const keys = this.index.assertUnique(state.full.dn, state.full.domain, state.full.attributes, undefined);
    const attributes: Record<string, AttributeValue> = { ...state.full.attributes };
    for (const name of REFERENCE_ATTRIBUTES) {
      const target = attributes[name];
      if (typeof target === "string" && !this.index.get(target)) delete attributes[name];
    }
    const members = memberList(state.full).filter((member) => this.index.get(member) !== undefined);
    if (state.full.objectClass === "group") attributes.member = Object.freeze(members);
    const alive = this.commitUpdate(state.full, attributes, { isDeleted: false });
    this.deleted.delete(objectGUID);
    this.index.add(alive, keys);
    for (const member of members) this.index.setMembership(objectGUID, member, true);
    this.emitChange("restore", alive, []);
    for (const group of state.memberOf) if (this.index.get(group)) this.editMembers(group, objectGUID, true);
    return this.index.get(objectGUID) as AdObject;
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
    if (typeof password !== "string" || password.length === 0) {
      throw new SimulationError("invalid-attribute", "password: must be a non-empty string", {
        field: "password",
      });
    }
    const user = this.requireUser(objectGUID);
    const version = this.passwords.nextVersion(objectGUID);
    return this.storePassword(
      user,
      hashPassword(password, this.random.hex(12), version),
      options.mustChangeAtNextLogon ?? false,
    );
  }

  /**
   * Stores an already-hashed password (password writeback brings the hash, never the password). The
   * version is the user's next one, whatever the hash carried.
   *
   * @throws SimulationError `no-such-object`, `object-deleted`, `invalid-attribute`
   */
  setPasswordHash(objectGUID: string, hash: PasswordHash): PasswordChange {
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
    const user = this.requireUser(objectGUID);
    const version = this.passwords.nextVersion(objectGUID);
    return this.storePassword(user, { version, salt: hash.salt, hash: hash.hash }, false);
  }

  // ---- internals ---------------------------------------------------------------------------------------

  /** Stores a hash for `user`, the live user record its caller just looked up (hashing reads nothing). */
  private storePassword(user: AdObject, hash: PasswordHash, mustChange: boolean): PasswordChange {
    const objectGUID = user.objectGUID;
    const updated = this.commitUpdate(user, { ...user.attributes, pwdLastSet: this.scheduler.now });
    const change: PasswordChange = Object.freeze({
      usn: updated.uSNChanged,
      at: this.scheduler.now,
      objectGUID,
      // Both callers pass a hash made for this write (never the caller's own object): frozen, not copied.
      hash: Object.freeze(hash),
      mustChangeAtNextLogon: mustChange,
    });
    this.passwords.record(change);
    this.emitChange("password", updated, PASSWORD_CHANGED);
    if (this.events.listenerCount("password") > 0) {
      this.events.emit("password", { usn: change.usn, at: change.at, objectGUID, version: hash.version });
    }
    return change;
  }

  private requireUser(objectGUID: string): AdObject {
    const user = this.requireLive(objectGUID);
    if (user.objectClass !== "user") {
      throw new SimulationError(
        "invalid-attribute",
        `password: ${show(user.dn)} is a ${user.objectClass}, not a user`,
        { field: "object", value: objectGUID },
      );
    }
    return user;
  }

  private editMembers(groupGUID: string, memberGUID: string, add: boolean): AdObject {
    const group = this.requireLive(groupGUID, "group");
    if (group.objectClass !== "group") {
      throw new SimulationError("invalid-attribute", `member: ${show(group.dn)} is not a group`, {
        field: "group",
        value: groupGUID,
      });
    }
    const member = this.requireLive(memberGUID, "member");
    if (member.objectGUID === groupGUID) {
      throw new SimulationError("invalid-attribute", "member: a group cannot contain itself", {
        field: "member",
        value: memberGUID,
      });
    }
    // The membership index answers without scanning the list (a group of thousands: a scan per edit).
    if (this.index.isMember(groupGUID, memberGUID) === add) return group;
    const updated = this.commitUpdate(group, {
      ...group.attributes,
      member: Object.freeze(
        add ? withMembers(memberList(group), [memberGUID]) : withoutMember(memberList(group), memberGUID),
      ),
    });
    this.index.setMembership(groupGUID, memberGUID, add);
    this.emitChange("membership", updated, MEMBER_CHANGED);
    return updated;
  }

  private relocate(current: AdObject, newDn: string, kind: "rename" | "move"): AdObject {
    if (dnKey(newDn) === dnKey(current.dn)) return current;
    this.index.assertUnique(newDn, current.domain, current.attributes, current.objectGUID);
    const descendants = CONTAINER_CLASSES.has(current.objectClass) ? this.index.descendants(current.dn) : [];
    const updated = this.commitUpdate(current, current.attributes, { dn: newDn });
    // Children's DNs follow without a write of their own (no USN), as AD derives them from the parent.
    const oldSuffix = current.dn.length;
    for (const child of descendants) {
      const dn = child.dn.slice(0, child.dn.length - oldSuffix) + newDn;
      const moved: AdObject = Object.freeze({ ...child, dn });
      this.index.replace(child, moved);
      // The child's latest write is still the one at its USN: the journal names its record as it is now.
      this.journal[moved.uSNChanged - 1] = moved;
    }
    this.emitChange(kind, updated, []);
    return updated;
  }

  private requireLive(objectGUID: string, field = "object"): AdObject {
    const object = typeof objectGUID === "string" ? this.index.get(objectGUID) : undefined;
    if (object) return object;
    if (typeof objectGUID === "string" && this.deleted.has(objectGUID)) {
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

  private requireParent(dn: string, field: string): AdObject {
    // Bulk loads create thousands of objects under one OU: remember the last container looked up, valid
    // until any container changes (create, rename, move, delete, restore bump `containerVersion`).
    const cached = this.lastParent;
    if (cached !== undefined && cached.dn === dn && cached.version === this.containerVersion)
      return cached.object;
    const parent = typeof dn === "string" ? this.index.getByDn(dn) : undefined;
    if (!parent || !CONTAINER_CLASSES.has(parent.objectClass)) {
      throw new SimulationError("unknown-parent", `${field}: ${show(dn)} is not an existing OU or domain`, {
        field,
        value: dn,
      });
    }
    this.lastParent = { dn, version: this.containerVersion, object: parent };
    return parent;
  }

  /** Reference attributes must name live objects; only those being written are checked (`only`). */
  private checkReferences(
    attributes: Readonly<Record<string, AttributeValue>>,
    only: readonly string[] | undefined,
  ): void {
    for (const name of REFERENCE_ATTRIBUTES) {
      const target = attributes[name];
      if (typeof target !== "string" || (only !== undefined && !only.includes(name))) continue;
      if (!this.index.get(target)) {
        throw new SimulationError("no-such-object", `${name}: ${show(target)} does not exist`, {
          field: name,
          value: target,
        });
      }
    }
  }

  private ensureReadable(what: string): void {
    if (this.dc && !this.dc.isUp) {
      throw new SimulationError(
        "dc-unreachable",
        `${what}: domain controller ${this.dc.name} is unreachable`,
        { field: "dc", value: this.dc.name },
      );
    }
  }

  /** Issues the next USN; the caller journals the record it writes (`journalWrite`). */
  private nextUsn(): number {
    this.journal.push(undefined);
    return ++this.usn;
  }

  /** Journals `written` as its object's latest write, in place of `superseded` (the record it replaces). */
  private journalWrite(written: AdObject, superseded: AdObject | undefined): void {
    if (superseded !== undefined) this.journal[superseded.uSNChanged - 1] = undefined;
    this.journal[written.uSNChanged - 1] = written;
  }

  /**
   * Commits a new record. Records are frozen plain objects: the attribute values are already frozen by
   * {@link normaliseAttribute}, so a shallow `Object.freeze` of the record and its attribute map makes the
   * whole record immutable — the same guarantee as immer's deep freeze at a fraction of the cost.
   */
  private commitNew(
    objectClass: AdObjectClass,
    dn: string,
    domain: string,
    attributes: Record<string, AttributeValue>,
    guid: string,
    keys: NameKeys | undefined,
  ): AdObject {
    const usn = this.nextUsn();
    if (CONTAINER_CLASSES.has(objectClass)) this.containerVersion++;
    const object: AdObject = Object.freeze({
      objectGUID: guid,
      objectClass,
      dn,
      domain,
      uSNCreated: usn,
      uSNChanged: usn,
      whenChanged: this.scheduler.now,
      isDeleted: false,
      attributes: Object.freeze(attributes),
    });
    this.journalWrite(object, undefined);
    this.index.add(object, keys);
    return object;
  }

  /**
   * Commits the next version of a record: `attributes` (frozen here; their values are frozen already),
   * `change` for the rest when a write changes more than attributes, plus the new USN and time. Most writes
   * change attributes only: they name them directly, with no patch record to build and spread.
   */
  private commitUpdate(
    current: AdObject,
    attributes: Readonly<Record<string, AttributeValue>>,
    change?: Partial<Pick<MutableAdObject, "dn" | "isDeleted">>,
  ): AdObject {
    const usn = this.nextUsn();
    if (CONTAINER_CLASSES.has(current.objectClass)) this.containerVersion++;
    // A spread, not a literal naming every field: V8 pretenures a literal's allocation site once most of
    // its records survive (the build's do), and a superseded record in old space then keeps its attribute
    // lists alive through every scavenge until the next full collection. With 5,000-member groups that
    // tripled the time spent collecting garbage (groups.5000x20: scavenges 2.0 s → 7.3 s per engine).
    const now = this.scheduler.now;
    Object.freeze(attributes);
    const updated: AdObject = Object.freeze(
      change === undefined
        ? { ...current, attributes, uSNChanged: usn, whenChanged: now }
        : { ...current, ...change, attributes, uSNChanged: usn, whenChanged: now },
    );
    this.journalWrite(updated, current);
    if (!current.isDeleted && !updated.isDeleted) this.index.replace(current, updated);
    return updated;
  }

  /** Emits a committed write; `attributes` undefined means "every attribute" (a create). */
  private emitChange(
    kind: DirectoryChangeKind,
    object: AdObject,
    attributes: readonly string[] | undefined,
  ): void {
    // Building the payload costs more than the write itself when nobody listens (bulk loads).
    if (this.events.listenerCount("change") === 0) return;
    this.events.emit("change", {
      usn: object.uSNChanged,
      at: this.scheduler.now,
      kind,
      objectGUID: object.objectGUID,
      objectClass: object.objectClass,
      dn: object.dn,
      attributes: attributes ?? Object.keys(object.attributes),
    });
  }
}

/** The member GUIDs of a group record (empty for other classes). */
function memberList(object: AdObject): readonly string[] {
  const members = object.attributes.member;
  return Array.isArray(members) ? (members as readonly string[]) : EMPTY_LIST;
}

// Member lists are frozen arrays, copied for each version of a group. A spread copies one fast (V8 reads a
// frozen array's elements on a slow path in filter, slice, concat and for-of: a 5,000-member group ~200 µs
// per filter against ~5 µs for a spread); what it copies into is a plain array, which concat and splice
// handle fast.

/**
 * `members` then `added`, in a list with no spare room: a spread and a push would grow the copy by half
 * again (a 5,000-member group: 129 KB allocated per added member instead of 86 KB), and the grown list is
 * the one the group's record keeps.
 */
function withMembers(members: readonly string[], added: readonly string[]): string[] {
  return [...members].concat(added);
}

/** `members` without `member` (which it holds). */
function withoutMember(members: readonly string[], member: string): string[] {
  const copy = [...members];
  copy.splice(copy.indexOf(member), 1);
  return copy;
}

/** What DirSync returns for a deleted object: identity and anchor only. */
function tombstone(object: AdObject): AdObject {
  const kept: Record<string, AttributeValue> = {};
  for (const name of TOMBSTONE_ATTRIBUTES) {
    const value = object.attributes[name];
    if (value !== undefined) kept[name] = value;
  }
  return Object.freeze({ ...object, attributes: Object.freeze(kept) });
}
