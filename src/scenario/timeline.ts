import type { TimelinePoint } from "./result.js";

/** Most timeline points a result carries. @internal */
export const MAX_TIMELINE_POINTS = 1_000;

/**
 * The backlog timeline of one run: samples of the pending count at a fixed virtual interval (chosen so a
 * run's horizon gives at most about {@link MAX_TIMELINE_POINTS} points), plus the last instant. Memory is
 * bounded whatever the run's length: when the cap is passed, every other point is dropped and the interval
 * doubles.
 *
 * @internal
 */
export class Timeline {
  private readonly list: TimelinePoint[] = [];
  private stride = 1;
  private seen = 0;

  /** @param interval - the sampling interval, ms (documentation only: the caller samples) */
  constructor(readonly interval: number) {}

  /** Adds a sample (times strictly increasing; a sample at or before the last one is ignored). */
  add(at: number, pending: number): void {
    const last = this.list[this.list.length - 1];
    if (last && at <= last.at) return;
    if (this.seen++ % this.stride !== 0) return;
    this.list.push({ at, pending });
    if (this.list.length > MAX_TIMELINE_POINTS) {
      // Halve: keep even-indexed points (the first always stays).
      let w = 0;
      for (let r = 0; r < this.list.length; r += 2) this.list[w++] = this.list[r] as TimelinePoint;
      this.list.length = w;
      this.stride *= 2;
    }
  }

  /** Ends the timeline with the final instant (always kept). */
  close(at: number, pending: number): void {
    const last = this.list[this.list.length - 1];
    if (!last || last.at < at) this.list.push({ at, pending });
  }

  /** The points, in time order. */
  get points(): TimelinePoint[] {
    return this.list;
  }
}
