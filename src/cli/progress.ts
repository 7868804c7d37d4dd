/**
 * The CLI's progress display: a bar per engine on stderr, virtual hours reached. The CLI is the only place
 * that reads the real clock, and only here: to show the bars once a run has taken about a second of wall
 * time, and to redraw them at most ten times a second.
 */
import { performance } from "node:perf_hooks";
import { Presets as BarPresets, MultiBar, SingleBar } from "cli-progress";
import type { EngineKind } from "../engines/engine.js";
import type { ProgressListener } from "../scenario/simulate.js";
import { HOUR } from "../scheduler/duration.js";

/** Options of {@link progress}. @internal */
export interface ProgressOptions {
  /** Show anything at all (a terminal, not `--quiet`). */
  readonly enabled: boolean;
  /** The engines of the run, in the table's order: the bars stand in this order. */
  readonly kinds: readonly EngineKind[];
  /** Where the bars go (default stderr). */
  readonly stream?: NodeJS.WritableStream;
  /** Wall clock in ms (default `performance.now`). */
  readonly clock?: () => number;
}

/** A run's progress display: `update` is the run's progress listener; `stop` clears the bars. @internal */
export interface ProgressDisplay {
  /** The progress listener to hand to the run. */
  readonly update: ProgressListener;
  /** Clears the bars (call when the run ends, also on error). */
  readonly stop: () => void;
}

/**
 * A progress bar per engine, shown once a run takes over a second. The bars stand in the table's order,
 * whichever engine the comparison runs first (it runs Cloud Sync first, see `runEngines`).
 *
 * @internal
 */
export function progress(options: ProgressOptions): ProgressDisplay {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  let bars: MultiBar | undefined;
  const byEngine = new Map<EngineKind, SingleBar>();
  let drawnAt = Number.NEGATIVE_INFINITY;
  const update: ProgressListener = (engine, now, horizon, phase) => {
    if (!options.enabled || clock() - started < 1_000) return;
    bars ??= new MultiBar(
      {
        format: " {engine} |{bar}| {value}/{total} h virtual {phase}",
        hideCursor: true,
        clearOnComplete: true,
        stream: options.stream ?? process.stderr,
      },
      BarPresets.shades_classic,
    );
    const total = Math.round((horizon / HOUR) * 10) / 10;
    if (byEngine.size === 0) {
      for (const kind of options.kinds.includes(engine) ? options.kinds : [...options.kinds, engine]) {
        byEngine.set(
          kind,
          bars.create(total, 0, {
            engine: kind === "connect" ? "Connect Sync" : "Cloud Sync  ",
            phase: kind === engine ? "" : "(waiting)",
          }),
        );
      }
    }
    const bar = byEngine.get(engine);
    if (!bar) return;
    // During the warm-up the bar stays at 0 and says how long the initial sync has run so far.
    if (phase === "warm-up") bar.update(0, { phase: `(warming up: ${Math.round(now / HOUR)} h)` });
    else bar.update(Math.round((now / HOUR) * 10) / 10, { phase: "" });
    // A run is synchronous: the bars' own redraw timer never fires while it blocks the event loop, so they
    // are redrawn from here.
    const wall = clock();
    if (wall - drawnAt >= 100) {
      drawnAt = wall;
      bars.update();
    }
  };
  return { update, stop: () => bars?.stop() };
}

/** A sweep's progress display: `update(done, total)` after each engine run; `stop` clears the bar. @internal */
export interface SweepProgressDisplay {
  /** The sweep's progress listener. */
  readonly update: (done: number, total: number) => void;
  /** Clears the bar (call when the sweep ends, also on error). */
  readonly stop: () => void;
}

/**
 * One bar for a sweep, engine runs done of all, shown once the sweep takes over a second. A sweep on
 * worker threads leaves the event loop free, so the bar redraws itself.
 *
 * @internal
 */
export function sweepProgress(options: Omit<ProgressOptions, "kinds">): SweepProgressDisplay {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  let bar: SingleBar | undefined;
  const update = (done: number, total: number): void => {
    if (!options.enabled || clock() - started < 1_000) return;
    if (!bar) {
      bar = new SingleBar(
        {
          format: " sweep |{bar}| {value}/{total} engine runs",
          hideCursor: true,
          clearOnComplete: true,
          stream: options.stream ?? process.stderr,
        },
        BarPresets.shades_classic,
      );
      bar.start(total, done);
    } else bar.update(done);
  };
  return { update, stop: () => bar?.stop() };
}
