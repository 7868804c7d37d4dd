import type { EventEmitter } from "eventemitter3";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { AdObject, AdObjectClass, AttributeValue } from "./ad-object.js";
import { ChangeJournal, type RecordChange } from "./change-journal.js";
import { CONTAINER_CLASSES, ParentLookup } from "./containers.js";
import { DirectoryIndex, type NameKeys } from "./directory-index.js";
import type { DirectoryEvents } from "./directory-types.js";
import { PasswordChannel } from "./password-channel.js";
import type { DeletedState } from "./recycle-bin.js";

/**
 * What one {@link Directory} holds, and the one way a record of it changes. Its own file because the
 * directory's writes are spread over files of their own (membership, passwords, the recycle-bin lifecycle)
 * that must all commit as the directory does: each version at the journal's next USN, with the index and
 * the container lookup kept in step.
 */

/**
 * A forest's state — live records by name and link (the index), the recycle bin's deleted states, the
 * password channel, the change journal and the parent lookup — with the kernel and the emitter its writes
 * report to. A {@link Directory} owns one; its helpers write through {@link DirectoryStore.commitNew} and
 * {@link DirectoryStore.commitUpdate}.
 *
 * @internal
 */
export class DirectoryStore {
  /** Live records, by GUID, name and link. */
  readonly index: DirectoryIndex;
  /** The recycle bin: deleted objects' states, by GUID. */
  readonly deleted: Map<string, DeletedState>;
  /** Users' password hashes and the log of password writes. */
  readonly passwords: PasswordChannel;
  /** USNs and the record each wrote while it is its object's latest write (what change reads walk). */
  readonly journal: ChangeJournal;
  /** The last container looked up. */
  readonly parents: ParentLookup;
  /** The kernel: the time of every write. */
  readonly scheduler: Scheduler;
  /** The directory's emitter: committed writes are reported there. */
  readonly events: EventEmitter<DirectoryEvents>;

  /**
   * @param scheduler - the kernel
   * @param events - the directory's emitter
   * @param template - a store to copy (a fork): empty when not given
   */
  constructor(scheduler: Scheduler, events: EventEmitter<DirectoryEvents>, template?: DirectoryStore) {
    this.scheduler = scheduler;
    this.events = events;
    // Records, tombstone states and password changes are immutable: the copy shares them.
    this.index = template ? template.index.clone() : new DirectoryIndex();
    this.deleted = template ? new Map(template.deleted) : new Map();
    this.passwords = template ? template.passwords.clone() : new PasswordChannel();
    this.journal = template ? template.journal.clone() : new ChangeJournal();
    this.parents = template ? template.parents.clone() : new ParentLookup();
  }

  /** Commits a new record (a frozen record: {@link ChangeJournal.created}) and indexes it. */
  commitNew(
    objectClass: AdObjectClass,
    dn: string,
    domain: string,
    attributes: Record<string, AttributeValue>,
    guid: string,
    keys: NameKeys | undefined,
  ): AdObject {
    const object = this.journal.created(objectClass, dn, domain, attributes, guid, this.scheduler.now);
    if (CONTAINER_CLASSES.has(objectClass)) this.parents.containerChanged();
    this.index.add(object, keys);
    return object;
  }

  /**
   * Commits the next version of a record ({@link ChangeJournal.updated}): `attributes`, and `change` for the
   * rest when a write changes more than attributes.
   */
  commitUpdate(
    current: AdObject,
    attributes: Readonly<Record<string, AttributeValue>>,
    change?: RecordChange,
  ): AdObject {
    const updated = this.journal.updated(current, attributes, change, this.scheduler.now);
    if (CONTAINER_CLASSES.has(current.objectClass)) this.parents.containerChanged();
    if (!current.isDeleted && !updated.isDeleted) this.index.replace(current, updated);
    return updated;
  }
}
