import type { CloudObject } from "./tenant-types.js";

/**
 * The tenant's soft-delete bin: a deleted user stays restorable by its source anchor for the retention
 * (30 days, reference.md A, "Matching, conflicts, deletes, quotas"); a synced write of that anchor within
 * it restores the user (hard match). Other types are deleted for good and never come here.
 *
 * @internal
 */
export class SoftDeleteBin {
  /** How long a deleted user stays restorable, in ms. */
  readonly retentionMs: number;
  private readonly deleted = new Map<string, CloudObject>();

  /** @param retentionMs - see {@link SoftDeleteBin.retentionMs} */
  constructor(retentionMs: number) {
    this.retentionMs = retentionMs;
  }

  /** The soft-deleted object with this anchor, if still within retention at `now`. */
  get(anchor: string, now: number): CloudObject | undefined {
    const object = this.deleted.get(anchor);
    return object && now - (object.deletedAt ?? 0) <= this.retentionMs ? object : undefined;
  }

  /** Puts a deleted object (its version with `deletedAt`) in the bin. */
  add(anchor: string, object: CloudObject): void {
    this.deleted.set(anchor, object);
  }

  /** Takes the object with this anchor out of the bin (it was restored). */
  remove(anchor: string): void {
    this.deleted.delete(anchor);
  }
}
