import type { EventEmitter } from "eventemitter3";
import { freeze } from "immer";
import { SimulationError, show } from "../scheduler/errors.js";
import type { RandomStream } from "../scheduler/random.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { CloudValue } from "./cloud-schema.js";
import { cloudVersion, diffKeys, NO_KEYS, patchDiff, patchedKeys, sortKeys, write } from "./cloud-version.js";
import type { DuplicateAttributes } from "./duplicate-attributes.js";
import type { SoftDeleteBin } from "./soft-delete-bin.js";
import { softMatchCandidate } from "./soft-match.js";
import type { TenantAdmission } from "./tenant-admission.js";
import type { TenantIndex } from "./tenant-index.js";
import type {
  AttributeConflict,
  CloudObject,
  TenantEvents,
  UpsertRequest,
  UpsertResult,
} from "./tenant-types.js";
import { checkAnchor, checkAttributes } from "./upsert-checks.js";
import { sameValue } from "./values.js";

/**
 * What a sync engine writes to the tenant by source anchor: an object created, matched (hard match restores
 * it from the soft-delete bin, soft match takes over a cloud object), updated or deleted. Its own file
 * because it is the tenant's hot path — every export writes here — and the one that brings together the
 * index, the soft-delete bin, duplicate attribute resiliency, the quota and the write throttle.
 */

/**
 * What {@link SyncWrites} works on: the tenant's own parts, shared with it.
 *
 * @internal
 */
export interface SyncWriteParts {
  /** The tenant's live objects. */
  readonly index: TenantIndex;
  /** Whether the tenant takes a write (availability, throttle). */
  readonly admission: TenantAdmission;
  /** Duplicate attribute resiliency: contested values set aside and recorded. */
  readonly duplicates: DuplicateAttributes;
  /** Deleted users, restorable by anchor. */
  readonly softDeleted: SoftDeleteBin;
  /** The kernel. */
  readonly scheduler: Scheduler;
  /** The tenant's stream, for cloud ids. */
  readonly random: RandomStream;
  /** The tenant's emitter. */
  readonly events: EventEmitter<TenantEvents>;
  /** The object quota in force. */
  readonly quota: number;
  /** Which matches are blocked (the tenant's options, read at each write). */
  readonly matching: { readonly blockSoftMatch?: boolean; readonly blockHardMatch?: boolean };
}

/**
 * A {@link Tenant}'s writes of synced objects: {@link SyncWrites.upsert} and {@link SyncWrites.delete}.
 * Every write validates first and commits last; a refused write changes nothing.
 *
 * @internal
 */
export class SyncWrites {
  private readonly index: TenantIndex;
  private readonly admission: TenantAdmission;
  private readonly duplicates: DuplicateAttributes;
  private readonly softDeleted: SoftDeleteBin;
  private readonly scheduler: Scheduler;
  private readonly random: RandomStream;
  private readonly events: EventEmitter<TenantEvents>;
  private readonly quota: number;
  private readonly matching: SyncWriteParts["matching"];

  /** @param parts - see {@link SyncWriteParts} */
  constructor(parts: SyncWriteParts) {
    this.index = parts.index;
    this.admission = parts.admission;
    this.duplicates = parts.duplicates;
    this.softDeleted = parts.softDeleted;
    this.scheduler = parts.scheduler;
    this.random = parts.random;
    this.events = parts.events;
    this.quota = parts.quota;
    this.matching = parts.matching;
  }

  /**
   * Creates or updates the synced object with `request.anchor`: a new anchor is matched first by hard
   * match, then by soft match (unless blocked), else created within the quota; contested values are set
   * aside and recorded.
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
      const deleted = this.softDeleted.get(request.anchor, now);
      const softMatch = deleted
        ? undefined
        : softMatchCandidate(this.index, request, this.matching.blockSoftMatch);
      if (deleted && !this.matching.blockHardMatch) {
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
   * Deletes the live object with `anchor`: a user to the soft-delete bin, any other type for good.
   *
   * @returns the deleted version, or undefined when no live object has the anchor
   * @throws SimulationError `tenant-unavailable`, `throttled`
   */
  delete(anchor: string, writer: string): CloudObject | undefined {
    const existing = this.index.getByAnchor(anchor);
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
}

const NO_CONFLICTS: readonly AttributeConflict[] = Object.freeze([]);
