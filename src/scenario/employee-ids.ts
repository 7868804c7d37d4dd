/**
 * The employee IDs a generated directory hands out: six digits, one person each. A multi-forest join on
 * employeeID (Connect's `userJoin`, the `two-forest-merger` preset) treats two accounts with the same ID
 * as one person, so IDs drawn at random and left to collide (~14 pairs among 5,000 users) joined strangers
 * into one cloud user, and every change to the one joined in was then waited for in vain (pending at the
 * end of the run). Only the copies a merger makes on purpose (`directory.sharedUsers`) share an ID.
 */

/** How many six-digit IDs there are (100000 … 999999). */
const ID_COUNT = 900_000;
/** The first six-digit ID. */
const FIRST_ID = 100_000;

/**
 * The six-digit employee IDs handed out in one world, each to one person; an ID is never handed out again,
 * even after its holder changed IDs or left (as an HR system does).
 *
 * @internal
 */
export class EmployeeIds {
  // One byte per ID (900 KB): a set of strings for 150,000 users would be ten times that.
  private readonly taken = new Uint8Array(ID_COUNT);
  private issued = 0;

  /**
   * The ID for a random draw (`0 … 899,999`, drawn by the caller from its own stream, so that the draws —
   * and everything drawn after them — do not depend on what was taken): the drawn ID when free, else the
   * next free one after it, wrapping round. Past 900,000 people every ID is taken and the draw is returned
   * as it is (a shared ID): a directory that large needs longer IDs than the generator writes.
   */
  claim(draw: number): string {
    let slot = draw;
    if (this.issued < ID_COUNT) {
      while (this.taken[slot] === 1) slot = slot + 1 === ID_COUNT ? 0 : slot + 1;
      this.taken[slot] = 1;
      this.issued++;
    }
    return String(FIRST_ID + slot);
  }

  /** The same IDs taken, held apart (a forked world's population hands out its own from here on). */
  fork(): EmployeeIds {
    const copy = new EmployeeIds();
    copy.taken.set(this.taken);
    copy.issued = this.issued;
    return copy;
  }
}

/** The range a caller draws from for {@link EmployeeIds.claim}: `random.int(0, EMPLOYEE_ID_DRAWS)`. @internal */
export const EMPLOYEE_ID_DRAWS = ID_COUNT - 1;
