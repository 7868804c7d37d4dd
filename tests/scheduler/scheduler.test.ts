import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSimulationError, SimulationError } from "../../src/scheduler/errors.js";
import { Scheduler, type TraceRecord } from "../../src/scheduler/scheduler.js";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SimulationError) return error.code;
    throw error;
  }
  return undefined;
}

describe("Scheduler", () => {
  it("runs events in time order and equal times in scheduling order", () => {
    const s = new Scheduler();
    const seen: string[] = [];
    s.schedule(20, () => seen.push("b"));
    s.schedule(10, () => seen.push("a"));
    s.schedule(20, () => seen.push("c"));
    s.after(0, () => seen.push("now"));
    s.runUntilIdle();
    expect(seen).toEqual(["now", "a", "b", "c"]);
    expect(s.now).toBe(20);
    expect(s.executed).toBe(4);
  });

  it("starts at the given time and schedules relative to now", () => {
    const s = new Scheduler({ start: 1_000 });
    const times: number[] = [];
    s.after(500, () => times.push(s.now));
    s.schedule(1_200, () => s.after(100, () => times.push(s.now)));
    s.runUntilIdle();
    expect(times).toEqual([1_300, 1_500]);
  });

  it("refuses times in the past and non-finite times", () => {
    const s = new Scheduler({ start: 100 });
    expect(codeOf(() => s.schedule(99, () => {}))).toBe("time-in-past");
    expect(codeOf(() => s.schedule(Number.NaN, () => {}))).toBe("invalid-time");
    expect(codeOf(() => s.schedule(Number.POSITIVE_INFINITY, () => {}))).toBe("invalid-time");
    expect(codeOf(() => s.after(-1, () => {}))).toBe("time-in-past");
    expect(codeOf(() => s.after(Number.NaN, () => {}))).toBe("invalid-time");
    expect(codeOf(() => s.run({ until: 50 }))).toBe("time-in-past");
    expect(codeOf(() => s.run({ until: Number.NaN }))).toBe("invalid-time");
    expect(codeOf(() => s.runFor(-5))).toBe("time-in-past");
    expect(s.pending).toBe(0);
    try {
      s.schedule(99, () => {});
    } catch (error) {
      expect((error as SimulationError).message).toContain("99");
      expect((error as SimulationError).details).toEqual({ field: "at", value: 99 });
    }
  });

  it("rounds fractional times to whole milliseconds", () => {
    const s = new Scheduler();
    const handle = s.schedule(10.6, () => {});
    expect(handle.time).toBe(11);
  });

  it("cancels an event so it never runs, and reports whether it was pending", () => {
    const s = new Scheduler();
    const seen: number[] = [];
    const a = s.schedule(5, () => seen.push(5));
    s.schedule(6, () => seen.push(6));
    expect(s.pending).toBe(2);
    expect(s.cancel(a)).toBe(true);
    expect(s.cancel(a)).toBe(false);
    expect(a.cancelled).toBe(true);
    expect(s.pending).toBe(1);
    expect(s.nextEventTime).toBe(6);
    s.runUntilIdle();
    expect(seen).toEqual([6]);
    const ran = s.schedule(7, () => {});
    s.runUntilIdle();
    expect(s.cancel(ran)).toBe(false);
  });

  it("step executes one event and advances the clock to it", () => {
    const s = new Scheduler();
    s.schedule(3, () => {});
    s.schedule(8, () => {});
    expect(s.step()).toBe(true);
    expect(s.now).toBe(3);
    expect(s.step()).toBe(true);
    expect(s.now).toBe(8);
    expect(s.step()).toBe(false);
    expect(s.now).toBe(8);
  });

  it("run({ until }) runs events due at or before until and leaves the clock at until", () => {
    const s = new Scheduler();
    const seen: number[] = [];
    for (const t of [5, 10, 15]) s.schedule(t, () => seen.push(t));
    expect(s.run({ until: 10 })).toEqual({ executed: 2, now: 10 });
    expect(seen).toEqual([5, 10]);
    expect(s.runFor(3)).toEqual({ executed: 0, now: 13 });
    expect(s.runFor(2)).toEqual({ executed: 1, now: 15 });
    expect(s.run()).toEqual({ executed: 0, now: 15 });
  });

  it("runUntilIdle stops a periodic task with run-limit-exceeded", () => {
    const s = new Scheduler();
    s.every(1_000, () => {});
    let error: unknown;
    try {
      s.runUntilIdle({ maxEvents: 50 });
    } catch (caught) {
      error = caught;
    }
    expect(isSimulationError(error, "run-limit-exceeded")).toBe(true);
    expect(s.now).toBe(50_000);
    expect(s.executed).toBe(50);
  });

  it("runUntilIdle with exactly maxEvents events succeeds", () => {
    const s = new Scheduler();
    for (let i = 0; i < 5; i++) s.after(i, () => {});
    expect(s.runUntilIdle({ maxEvents: 5 })).toEqual({ executed: 5, now: 4 });
  });

  it("every() repeats at a fixed interval from firstAt and can cancel itself", () => {
    const s = new Scheduler();
    const times: number[] = [];
    const task = s.every(
      30,
      (t) => {
        times.push(t);
        if (times.length === 3) task.cancel();
      },
      { firstAt: 10 },
    );
    expect(task.nextAt).toBe(10);
    s.run({ until: 1_000 });
    expect(times).toEqual([10, 40, 70]);
    expect(task.nextAt).toBeUndefined();
    expect(codeOf(() => s.every(0, () => {}))).toBe("invalid-argument");
  });

  it("every() defaults its first run to now + interval", () => {
    const s = new Scheduler({ start: 5 });
    const times: number[] = [];
    const task = s.every(10, (t) => times.push(t));
    s.run({ until: 35 });
    task.cancel();
    expect(times).toEqual([15, 25, 35]);
  });

  it("rethrows an action's error by default, leaving the queue intact", () => {
    const s = new Scheduler();
    const seen: number[] = [];
    s.schedule(1, () => {
      throw new Error("boom");
    });
    s.schedule(2, () => seen.push(2));
    expect(() => s.runUntilIdle()).toThrow("boom");
    s.runUntilIdle();
    expect(seen).toEqual([2]);
  });

  it("passes errors to onError and carries on", () => {
    const errors: Array<[unknown, TraceRecord]> = [];
    const s = new Scheduler({ onError: (error, event) => errors.push([error, event]) });
    const seen: number[] = [];
    s.schedule(
      1,
      () => {
        throw new Error("boom");
      },
      "bad",
    );
    s.schedule(2, () => seen.push(2));
    s.runUntilIdle();
    expect(seen).toEqual([2]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toEqual({ time: 1, seq: 0, label: "bad" });
  });

  it("traces each executed event with its time, sequence and label", () => {
    const s = new Scheduler();
    const trace: TraceRecord[] = [];
    s.trace((record) => trace.push(record));
    s.schedule(2, () => {}, "two");
    s.schedule(1, () => {}, "one");
    s.runUntilIdle();
    s.trace(undefined);
    s.after(1, () => {});
    s.runUntilIdle();
    expect(trace).toEqual([
      { time: 1, seq: 1, label: "one" },
      { time: 2, seq: 0, label: "two" },
    ]);
  });
});

describe("Scheduler properties", () => {
  const plan = fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 50 }),
      cancel: fc.boolean(),
      child: fc.option(fc.integer({ min: 0, max: 20 })),
    }),
    { maxLength: 60 },
  );

  function play(events: ReadonlyArray<{ at: number; cancel: boolean; child: number | null }>): {
    trace: Array<[number, number, string]>;
    ran: Set<string>;
    cancelled: Set<string>;
  } {
    const s = new Scheduler();
    const trace: Array<[number, number, string]> = [];
    const ran = new Set<string>();
    const cancelled = new Set<string>();
    s.trace((r) => trace.push([r.time, r.seq, r.label ?? ""]));
    const handles = events.map((event, i) =>
      s.schedule(
        event.at,
        () => {
          ran.add(`e${i}`);
          if (event.child !== null) s.after(event.child, () => ran.add(`c${i}`), `c${i}`);
        },
        `e${i}`,
      ),
    );
    events.forEach((event, i) => {
      if (event.cancel) {
        s.cancel(handles[i] as (typeof handles)[number]);
        cancelled.add(`e${i}`);
      }
    });
    s.runUntilIdle();
    return { trace, ran, cancelled };
  }

  it("executes in (time, sequence) order, never runs a cancelled event, and replays identically", () => {
    fc.assert(
      fc.property(plan, (events) => {
        const first = play(events);
        for (let i = 1; i < first.trace.length; i++) {
          const [t0, s0] = first.trace[i - 1] as [number, number, string];
          const [t1, s1] = first.trace[i] as [number, number, string];
          expect(t0 < t1 || (t0 === t1 && s0 < s1)).toBe(true);
        }
        for (const label of first.cancelled) expect(first.ran.has(label)).toBe(false);
        events.forEach((event, i) => {
          if (!event.cancel) expect(first.ran.has(`e${i}`)).toBe(true);
        });
        expect(play(events).trace).toEqual(first.trace);
      }),
      { numRuns: 200 },
    );
  });
});
