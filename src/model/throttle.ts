import { MINUTE } from "../scheduler/duration.js";

/**
 * A sliding-window write limit: at most `limit` writes in any `windowMs`. Entra ID's documented limit is
 * 7,000 writes per 5 minutes per tenant (`plan-connect-performance-factors`).
 *
 * @remarks Kept as a ring buffer of the last `limit` write times: O(1) per write, no per-window arrays.
 * @public
 */
export class WriteThrottle {
  /** Writes allowed per window. */
  readonly limit: number;
  /** Window length in ms. */
  readonly windowMs: number;
  private readonly times: Float64Array;
  private head = 0;
  private count = 0;

  /**
   * @param limit - writes per window (default 7,000)
   * @param windowMs - window length (default 5 min)
   */
  constructor(limit = 7_000, windowMs = 5 * MINUTE) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.times = new Float64Array(limit);
  }

  /** Milliseconds to wait before a write at `now` is allowed (0 = allowed now). */
  waitTime(now: number): number {
    if (this.count < this.limit) return 0;
    const oldest = this.times[this.head] as number;
    return Math.max(0, oldest + this.windowMs - now);
  }

  /** Records a write at `now`; returns false (and records nothing) when it would exceed the limit. */
  tryAcquire(now: number): boolean {
    if (this.waitTime(now) > 0) return false;
    if (this.count < this.limit) {
      this.times[(this.head + this.count) % this.limit] = now;
      this.count++;
    } else {
      this.times[this.head] = now;
      this.head = (this.head + 1) % this.limit;
    }
    return true;
  }
}
