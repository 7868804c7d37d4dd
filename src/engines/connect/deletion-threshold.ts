import { SimulationError, show } from "../../scheduler/errors.js";

/**
 * The export deletion threshold (how-to-connect-sync-feature-prevent-accidental-deletes): on by default
 * at 500; an export with more pending deletes stops before exporting anything. The admin allows the next
 * export (the documented "disable, run the export, re-enable") or sets another count.
 *
 * @public
 */
export class DeletionThreshold {
  private limit: number | false;
  private allowNext = false;

  /** @param limit - deletes allowed per export, or false when disabled */
  constructor(limit: number | false) {
    this.limit = limit;
  }

  /** The count in force, or false when disabled. */
  get threshold(): number | false {
    return this.limit;
  }

  /** True when the next export may delete without limit. */
  get allowsNext(): boolean {
    return this.allowNext;
  }

  /** True when an export with `deletes` pending deletes may run (more than the threshold stops it). */
  permits(deletes: number): boolean {
    return this.limit === false || this.allowNext || deletes <= this.limit;
  }

  /** An export ran: a one-time allowance is used up (the threshold is re-enabled). */
  consume(): void {
    this.allowNext = false;
  }

  /** Admin: let the next export through whatever its delete count. */
  allow(): void {
    this.allowNext = true;
  }

  /** Admin: set another count (or false to disable). @throws SimulationError `invalid-argument` */
  set(limit: unknown): void {
    if (limit !== false && (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0)) {
      throw new SimulationError(
        "invalid-argument",
        `deletionThreshold: ${show(limit)} is not a count >= 0 or false`,
        { field: "value", value: limit },
      );
    }
    this.limit = limit;
  }
}
