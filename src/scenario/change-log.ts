import type { ChangeStatus } from "./change-types.js";
import { CHANGE_CATEGORIES, type ChangeCategory, type ChangeCounts } from "./result.js";
import type { WriteOrigin } from "./scenario-types.js";

/**
 * The observer's log of every change made: its category, when it was made, its fate and when it became
 * visible, kept by change id in chunked typed columns, so that the counts and latencies of a result can
 * be read long after the change records themselves are gone.
 */

// The change log's codes for categories and statuses (a byte each), and its chunk size.
const CATEGORY_CODES: readonly ChangeCategory[] = CHANGE_CATEGORIES;
const STATUS_CODES: readonly ChangeStatus[] = [
  "pending",
  "applied",
  "superseded",
  "lost",
  "filtered",
  "unsupported",
];
const LOG_CHUNK = 4096;
const APPLIED = STATUS_CODES.indexOf("applied");
/** Where a change's write was made, by code; 0, the sync DC, is what a chunk without a column holds. */
const ORIGIN_CODES: readonly WriteOrigin[] = ["sync-dc", "same-site", "other-site"];

/**
 * The fate of every change by id, in columns: what counts and latencies read, kept apart from the
 * change records so that a settled record nothing waits on can go. The columns are typed arrays in
 * fixed-size chunks: growing plain arrays copied them over and over (~90 bytes allocated per change), and
 * a chunk holds a change in 18 bytes.
 *
 * @internal
 */
export class ChangeLog {
  private count = 0;
  private readonly categories: Uint8Array[] = [];
  private readonly statuses: Uint8Array[] = [];
  private readonly times: Float64Array[] = [];
  /** NaN while not visible. */
  private readonly visibleAts: Float64Array[] = [];
  /**
   * Where each change's write was made ({@link ORIGIN_CODES}), a chunk made only once a change in its range
   * was written on another DC: a run without replication keeps none.
   */
  private readonly origins: (Uint8Array | undefined)[] = [];

  /** Changes logged. */
  get size(): number {
    return this.count;
  }

  /** Logs a new change; returns its id. */
  add(category: ChangeCategory, at: number, status: ChangeStatus): number {
    const id = this.count++;
    const slot = id % LOG_CHUNK;
    if (slot === 0) {
      this.categories.push(new Uint8Array(LOG_CHUNK));
      this.statuses.push(new Uint8Array(LOG_CHUNK));
      this.times.push(new Float64Array(LOG_CHUNK));
      this.visibleAts.push(new Float64Array(LOG_CHUNK));
    }
    const chunk = (id - slot) / LOG_CHUNK;
    (this.categories[chunk] as Uint8Array)[slot] = CATEGORY_CODES.indexOf(category);
    (this.times[chunk] as Float64Array)[slot] = at;
    this.set(id, status, null);
    return id;
  }

  set(id: number, status: ChangeStatus, visibleAt: number | null): void {
    const slot = id % LOG_CHUNK;
    const chunk = (id - slot) / LOG_CHUNK;
    (this.statuses[chunk] as Uint8Array)[slot] = STATUS_CODES.indexOf(status);
    (this.visibleAts[chunk] as Float64Array)[slot] = visibleAt ?? Number.NaN;
  }

  /** Records that change `id`'s write was made on a DC of kind `origin` (the sync DC unless told). */
  setOrigin(id: number, origin: WriteOrigin): void {
    if (origin === "sync-dc") return;
    const slot = id % LOG_CHUNK;
    const chunk = (id - slot) / LOG_CHUNK;
    let column = this.origins[chunk];
    if (column === undefined) this.origins[chunk] = column = new Uint8Array(LOG_CHUNK);
    column[slot] = ORIGIN_CODES.indexOf(origin);
  }

  /** Where change `id`'s write was made. */
  origin(id: number): WriteOrigin {
    const slot = id % LOG_CHUNK;
    const column = this.origins[(id - slot) / LOG_CHUNK];
    return ORIGIN_CODES[column === undefined ? 0 : (column[slot] as number)] as WriteOrigin;
  }

  category(id: number): ChangeCategory {
    return CATEGORY_CODES[column(this.categories, id)] as ChangeCategory;
  }

  status(id: number): ChangeStatus {
    return STATUS_CODES[column(this.statuses, id)] as ChangeStatus;
  }

  time(id: number): number {
    return column(this.times, id);
  }

  /** How long an applied change took to show; null for any other. */
  latency(id: number): number | null {
    if (column(this.statuses, id) !== APPLIED) return null;
    const at = column(this.visibleAts, id);
    return Number.isNaN(at) ? null : at - this.time(id);
  }

  /** Counts by fate. */
  counts(): ChangeCounts {
    const c = { made: 0, applied: 0, superseded: 0, pending: 0, lost: 0, filtered: 0, unsupported: 0 };
    for (let id = 0; id < this.size; id++) {
      c.made++;
      c[this.status(id)]++;
    }
    return c;
  }

  /** Applied latencies per category, sorted ascending. */
  latencies(): Map<ChangeCategory, Float64Array> {
    // Counted, then filled and sorted in place: lists grown by push and sorted with a comparator copied
    // the run's latencies over and over (a list per category, in the order categories first occur).
    const sizes = new Map<ChangeCategory, number>();
    for (let id = 0; id < this.size; id++) {
      if (this.latency(id) === null) continue;
      const category = this.category(id);
      sizes.set(category, (sizes.get(category) ?? 0) + 1);
    }
    const out = new Map<ChangeCategory, Float64Array>();
    for (const [category, size] of sizes) out.set(category, new Float64Array(size));
    const filled = new Map<ChangeCategory, number>();
    for (let id = 0; id < this.size; id++) {
      const latency = this.latency(id);
      if (latency === null) continue;
      const category = this.category(id);
      const at = filled.get(category) ?? 0;
      (out.get(category) as Float64Array)[at] = latency;
      filled.set(category, at + 1);
    }
    for (const list of out.values()) list.sort();
    return out;
  }

  /**
   * Counts by fate and applied latencies (sorted ascending), per kind of DC the changes' writes were made
   * on, every kind listed.
   */
  byOrigin(): Map<WriteOrigin, { counts: ChangeCounts; latencies: Float64Array }> {
    const counts = new Map<WriteOrigin, { -readonly [K in keyof ChangeCounts]: number }>();
    const applied = new Map<WriteOrigin, number[]>();
    for (const origin of ORIGIN_CODES) {
      counts.set(origin, {
        made: 0,
        applied: 0,
        superseded: 0,
        pending: 0,
        lost: 0,
        filtered: 0,
        unsupported: 0,
      });
      applied.set(origin, []);
    }
    for (let id = 0; id < this.size; id++) {
      const origin = this.origin(id);
      const c = counts.get(origin) as { -readonly [K in keyof ChangeCounts]: number };
      c.made++;
      c[this.status(id)]++;
      const latency = this.latency(id);
      if (latency !== null) applied.get(origin)?.push(latency);
    }
    const out = new Map<WriteOrigin, { counts: ChangeCounts; latencies: Float64Array }>();
    for (const origin of ORIGIN_CODES)
      out.set(origin, {
        counts: counts.get(origin) as ChangeCounts,
        latencies: Float64Array.from(applied.get(origin) ?? []).sort(),
      });
    return out;
  }
}

/** Entry `id` of a chunked column. */
function column(chunks: readonly (Uint8Array | Float64Array)[], id: number): number {
  const slot = id % LOG_CHUNK;
  return (chunks[(id - slot) / LOG_CHUNK] as Uint8Array | Float64Array)[slot] as number;
}
