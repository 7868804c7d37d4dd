import { copyOf, type FilingIndex, file, unfile } from "./change-filing.js";
import type { TrackedChange } from "./change-types.js";

/**
 * Changes the observer counted as visible at once because the cloud already showed their effect when they
 * were made (a delete of an object not yet in the cloud, A → B → A, a membership the cloud already
 * reflects, an attribute it still held). The engine may still have a write of the overtaken state in
 * flight (read before the change, written after it): if a later tenant write or delete undoes the effect,
 * the change is reopened and waits again. Kept by anchor (what a tenant event names) and by the objects
 * the changes involve (so a delete or move out of scope can make them final).
 *
 * @internal
 */
export class ProvisionalChanges {
  private readonly byAnchor: FilingIndex = new Map();
  private readonly byGuid: FilingIndex = new Map();
  private readonly decided: (change: TrackedChange) => boolean;
  private readonly shows: (change: TrackedChange) => boolean;
  private readonly reopen: (change: TrackedChange) => void;

  /**
   * @param decided - true when a later pending change of the same thing now decides what the cloud must
   *   show (the change is then final)
   * @param shows - true when the cloud still shows the change's effect
   * @param reopen - puts a change the cloud no longer shows back in the pending set
   */
  constructor(
    decided: (change: TrackedChange) => boolean,
    shows: (change: TrackedChange) => boolean,
    reopen: (change: TrackedChange) => void,
  ) {
    this.decided = decided;
    this.shows = shows;
    this.reopen = reopen;
  }

  /** Keeps an applied change until it is final. */
  mark(change: TrackedChange): void {
    if (change.status === "applied") file(change, this.byAnchor, this.byGuid);
  }

  /** The object left AD or the scope: what was counted visible at once about it is final. */
  release(guid: string): void {
    const set = this.byGuid.get(guid);
    if (!set) return;
    // A copy: unfiling removes entries from the list.
    for (const change of copyOf(set)) unfile(change, this.byAnchor, this.byGuid);
  }

  /**
   * A tenant write or delete of `anchor`: reopens the changes counted visible at once that it undid (one
   * by one, so a change reopened counts as a pending peer for those after it).
   */
  recheck(anchor: string): void {
    const set = this.byAnchor.get(anchor);
    if (!set) return;
    for (const change of copyOf(set)) {
      if (change.status !== "applied" || this.decided(change)) {
        // Superseded meanwhile, or a later change of the same thing now decides what the cloud must show.
        unfile(change, this.byAnchor, this.byGuid);
      } else if (!this.shows(change)) {
        unfile(change, this.byAnchor, this.byGuid);
        this.reopen(change);
      }
    }
  }
}
