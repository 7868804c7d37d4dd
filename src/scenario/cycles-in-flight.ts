import type { SyncEngine } from "../engines/engine.js";

/**
 * The engine's cycles in flight, counted from the `cycle:start` and `cycle:end` every engine announces:
 * the warm-up ends with none running, and the drain lets the one in flight finish.
 *
 * @internal
 */
export class CyclesInFlight {
  private count = 0;
  private readonly engine: SyncEngine;
  private readonly onStart = (): void => {
    this.count++;
  };
  private readonly onEnd = (): void => {
    this.count--;
  };

  /** Starts counting the cycles `engine` starts from now on. */
  constructor(engine: SyncEngine) {
    this.engine = engine;
    engine.events.on("cycle:start", this.onStart);
    engine.events.on("cycle:end", this.onEnd);
  }

  /** Cycles started and not ended since counting began (never below zero). */
  get running(): number {
    return Math.max(0, this.count);
  }

  /** Stops counting. */
  stop(): void {
    this.engine.events.off("cycle:start", this.onStart);
    this.engine.events.off("cycle:end", this.onEnd);
  }
}
