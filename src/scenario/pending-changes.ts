import { copyOf, type FilingIndex, file, hasPeer, latestFirst, sameThing, unfile } from "./change-filing.js";
import { ChangeLog } from "./change-log.js";
import type { ChangeStatus, TrackedChange } from "./change-types.js";
import type { ChangeCategory, ChangeCounts } from "./result.js";
import type { WriteOrigin } from "./scenario-types.js";

/**
 * The observer's books: every change made (a column entry per change in the {@link ChangeLog}), and the
 * pending ones filed by anchor and by the objects they involve, with the count of them. What is filed and
 * how a change settles lives here; what a change is and when it shows is the observer's (observer.ts).
 *
 * @internal
 */
export class PendingChanges {
  /**
   * What the result needs of every change made, one column entry per change id: a settled change's record
   * is dropped once nothing waits on it (a 240,000-change run kept ~290 bytes per change in records,
   * anchors and chain keys; the columns keep 32).
   */
  private readonly columns = new ChangeLog();
  private readonly byAnchor: FilingIndex = new Map();
  // Pending changes by the objects they involve. A change's chain (the pending changes of the same thing)
  // is among those filed under its object (the object is part of what a chain is), so no map of chains is
  // kept (two map writes per change fewer).
  private readonly byGuid: FilingIndex = new Map();
  private pending = 0;
  /** {@link PendingChanges.check}'s snapshot of the changes filed under one anchor; empty between calls. */
  private readonly candidates: (TrackedChange | undefined)[] = [];

  /** Changes pending now. */
  get count(): number {
    return this.pending;
  }

  /**
   * @param show - what the observer does with a pending change {@link PendingChanges.check} finds shown
   */
  constructor(private readonly show: (change: TrackedChange) => void) {}

  /** Logs a change made; returns its id. */
  add(category: ChangeCategory, at: number, status: ChangeStatus): number {
    return this.columns.add(category, at, status);
  }

  /** Records where change `id`'s write was made (the sync DC unless told). */
  setOrigin(id: number, origin: WriteOrigin): void {
    this.columns.setOrigin(id, origin);
  }

  /**
   * Counts a pending change and files it by anchor and by the objects it involves; true when another
   * pending change of the same thing is filed with it (read off the list just filed into: no second
   * lookup and scan of the object's changes).
   */
  enlist(change: TrackedChange): boolean {
    this.pending++;
    return hasPeer(file(change, this.byAnchor, this.byGuid), change, false);
  }

  /** Gives a change its fate (unfiled if it was pending). */
  settle(change: TrackedChange, status: ChangeStatus, visibleAt: number | null): void {
    if (change.status === "pending") {
      this.pending--;
      unfile(change, this.byAnchor, this.byGuid);
    }
    change.status = status;
    change.visibleAt = visibleAt;
    this.columns.set(change.id, status, visibleAt);
  }

  /** Puts a settled change back in the pending set and its chain. */
  reinstate(change: TrackedChange): void {
    change.status = "pending";
    change.visibleAt = null;
    this.columns.set(change.id, "pending", null);
    this.enlist(change);
  }

  /** True when a later pending change of the same thing as `change` is filed. */
  hasLaterPeer(change: TrackedChange): boolean {
    const filed = this.byGuid.get(change.objectGUID);
    return filed !== undefined && hasPeer(filed, change, true);
  }

  /** Settles as superseded every pending change of the same thing as `change` made before it. */
  supersedeEarlier(change: TrackedChange): void {
    // Most changes are alone under their object, or with changes of other things: no list then. (A copy
    // otherwise: settling unfiles.)
    const filed = this.byGuid.get(change.objectGUID);
    if (filed === undefined || !hasPeer(filed, change, false)) return;
    for (const earlier of copyOf(filed)) {
      if (earlier.id < change.id && earlier.status === "pending" && sameThing(earlier, change))
        this.settle(earlier, "superseded", null);
    }
  }

  /**
   * Settles as superseded every pending change of an object or naming it as member that `which` picks;
   * returns them, in the order filed.
   */
  supersedeAll(guid: string, which: (change: TrackedChange) => boolean): TrackedChange[] {
    const filed = this.byGuid.get(guid);
    if (filed === undefined) return [];
    const overtaken: TrackedChange[] = [];
    for (const change of copyOf(filed)) {
      if (change.status !== "pending" || !which(change)) continue;
      this.settle(change, "superseded", null);
      overtaken.push(change);
    }
    return overtaken;
  }

  /** The pending changes of an object or naming it as member, as a new list. */
  ofObject(guid: string): TrackedChange[] {
    const filed = this.byGuid.get(guid);
    return filed === undefined ? [] : copyOf(filed);
  }

  /** The objectGUID of the first pending change filed under `anchor`. */
  objectUnder(anchor: string): string | undefined {
    const filed = this.byAnchor.get(anchor);
    return (Array.isArray(filed) ? filed[0] : filed)?.objectGUID;
  }

  /**
   * Hands to `show` (the constructor's) each pending change filed under `anchor` that `visible` says the
   * tenant event shows, latest first: applying a later change of a chain supersedes the earlier ones. The
   * test is a method called on `context` with the event, not a closure per event.
   */
  check<E, C>(
    anchor: string,
    event: E,
    context: C,
    visible: (this: C, change: TrackedChange, event: E) => boolean,
  ): void {
    const set = this.byAnchor.get(anchor);
    if (set === undefined) return;
    if (!Array.isArray(set)) {
      // The common case (one pending change of the object): no copy, no sort.
      if (set.status === "pending" && visible.call(context, set, event)) this.show(set);
      return;
    }
    // Walked on a snapshot, as showing unfiles entries, in a buffer kept for it: with Connect's 30-minute
    // cycles many objects have several changes pending when the tenant write comes (a copy and a sort each
    // time were a third of the observer's allocation). Nothing the observer does when a change shows emits
    // a tenant event, so this never re-enters.
    const candidates = this.candidates;
    const count = latestFirst(set, candidates);
    for (let i = 0; i < count; i++) {
      const change = candidates[i] as TrackedChange;
      if (change.status === "pending" && visible.call(context, change, event)) this.show(change);
    }
    candidates.fill(undefined, 0, count);
  }

  /** Every pending change, in the order made (each is filed once under its anchor). */
  all(): TrackedChange[] {
    const pending: TrackedChange[] = [];
    for (const filed of this.byAnchor.values()) {
      if (Array.isArray(filed)) pending.push(...filed);
      else if (filed !== undefined) pending.push(filed);
    }
    return pending.sort((a, b) => a.id - b.id);
  }

  /** Counts by fate. */
  counts(): ChangeCounts {
    return this.columns.counts();
  }

  /** Applied latencies per category, sorted ascending. */
  latencies(): Map<ChangeCategory, Float64Array> {
    return this.columns.latencies();
  }

  /** Counts and applied latencies per kind of DC the changes' writes were made on. */
  byOrigin(): Map<WriteOrigin, { counts: ChangeCounts; latencies: Float64Array }> {
    return this.columns.byOrigin();
  }
}
