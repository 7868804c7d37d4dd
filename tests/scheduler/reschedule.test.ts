import { describe, expect, it } from "vitest";
import { sleep } from "../../src/scheduler/process.js";
import { Scheduler, type TraceRecord } from "../../src/scheduler/scheduler.js";

describe("Scheduler.reschedule", () => {
  it("runs an event that has run again, in the order a new event scheduled then would have", () => {
    const s = new Scheduler();
    const trace: TraceRecord[] = [];
    s.trace((record) => trace.push(record));
    let runs = 0;
    const handle = s.schedule(
      10,
      () => {
        runs++;
        // Scheduled before the reschedule at the same instant: runs first.
        if (runs === 1) s.schedule(30, () => undefined, "other");
        if (runs < 3) expect(s.reschedule(handle, 30)).toBe(true);
      },
      "repeat",
    );
    s.runUntilIdle();
    expect(runs).toBe(3);
    expect(trace.map((r) => [r.time, r.seq, r.label])).toEqual([
      [10, 0, "repeat"],
      [30, 1, "other"],
      [30, 2, "repeat"],
      [30, 3, "repeat"],
    ]);
    expect(handle).toMatchObject({ time: 30, seq: 3, cancelled: false });
  });

  it("refuses an event still due or cancelled, and the handle cancels the new occurrence", () => {
    const s = new Scheduler();
    let runs = 0;
    const handle = s.schedule(10, () => runs++);
    expect(s.reschedule(handle, 20)).toBe(false);
    s.runUntilIdle();
    expect(s.reschedule(handle, 20)).toBe(true);
    expect(s.pending).toBe(1);
    expect(s.cancel(handle)).toBe(true);
    expect(s.pending).toBe(0);
    expect(s.reschedule(handle, 30)).toBe(false);
    s.runUntilIdle();
    expect(runs).toBe(1);
  });

  it("checks the time as schedule does", () => {
    const s = new Scheduler();
    const handle = s.schedule(10, () => undefined);
    s.runUntilIdle();
    expect(() => s.reschedule(handle, 5)).toThrow(/schedule: time 5 is before now \(10\)/);
    expect(() => s.reschedule(handle, Number.NaN)).toThrow(/not a finite number/);
  });
});

describe("Process wake-ups", () => {
  it("a process sleeping again and again, interrupted or not, wakes at the exact instants", () => {
    const s = new Scheduler();
    const woke: number[] = [];
    const process = s.spawn(
      (function* () {
        for (let i = 0; i < 4; i++) {
          try {
            yield sleep(100);
          } catch {
            woke.push(-s.now);
            continue;
          }
          woke.push(s.now);
        }
      })(),
    );
    // Something else due meanwhile, so every wake-up is an event of the queue.
    s.every(30, () => undefined, { firstAt: 0 });
    s.schedule(150, () => process.interrupt("poke"));
    s.run({ until: 1_000 });
    expect(woke).toEqual([100, -150, 250, 350]);
    expect(process.state).toBe("done");
  });

  it("reports an action's error with the event that threw, even when the action rescheduled it first", () => {
    const seen: TraceRecord[] = [];
    const s = new Scheduler({ onError: (_error, event) => seen.push(event) });
    const handle = s.schedule(
      10,
      () => {
        s.reschedule(handle, 50);
        throw new Error("boom");
      },
      "arrival",
    );
    s.run({ until: 20 });
    expect(seen).toEqual([{ time: 10, seq: 0, label: "arrival" }]);
  });
});
