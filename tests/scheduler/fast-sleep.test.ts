import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { type ProcessBody, Signal, sleep, waitFor } from "../../src/scheduler/process.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

/**
 * A sleep into a gap of the event queue continues at once (Scheduler.tryAdvance) instead of going through
 * an event. These tests pin down that nothing observable changes: the order and times of every effect,
 * the run bounds, and the run limit.
 */

type Plan = { start: number; sleeps: number[] }[];

/** Runs processes that log (name, time) after each sleep, plus timer events that log too. */
function play(plan: Plan, timers: number[], traced: boolean, chunk: number): string[] {
  const s = new Scheduler();
  const log: string[] = [];
  if (traced) s.trace(() => {}); // a tracer sees every event: the fast path is off
  plan.forEach((p, i) => {
    s.schedule(p.start, () => {
      s.spawn(
        (function* (): ProcessBody<void> {
          for (const ms of p.sleeps) {
            yield sleep(ms);
            log.push(`p${i}@${s.now}`);
          }
        })(),
      );
    });
  });
  timers.forEach((at, i) => {
    s.schedule(at, () => log.push(`t${i}@${s.now}`));
  });
  // In chunks, as the harness runs: a chunk's end must not be overrun.
  while (s.pending > 0) {
    s.run({ until: s.now + chunk });
    log.push(`chunk@${s.now}`);
  }
  return log;
}

describe("sleeping into a gap of the event queue", () => {
  it("gives the same effects at the same times as an event per wake-up (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            start: fc.integer({ min: 0, max: 50 }),
            sleeps: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 8 }),
          }),
          { maxLength: 5 },
        ),
        fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        (plan, timers, chunk) => {
          expect(play(plan, timers, false, chunk)).toEqual(play(plan, timers, true, chunk));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never runs past the bound of run(): the rest waits for the next run", () => {
    const s = new Scheduler();
    const woke: number[] = [];
    s.spawn(
      (function* (): ProcessBody<void> {
        for (let i = 0; i < 10; i++) {
          yield sleep(10);
          woke.push(s.now);
        }
      })(),
    );
    s.run({ until: 35 });
    expect(woke).toEqual([10, 20, 30]);
    expect(s.now).toBe(35);
    s.run({ until: 100 });
    expect(woke).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it("a bare step() stays at its event's instant", () => {
    const s = new Scheduler();
    const woke: number[] = [];
    s.spawn(
      (function* (): ProcessBody<void> {
        yield sleep(5);
        woke.push(s.now);
        yield sleep(5);
        woke.push(s.now);
      })(),
    );
    s.step(); // the start, at 0: the first sleep is queued, not taken at once
    expect(s.now).toBe(0);
    expect(woke).toEqual([]);
    s.step();
    expect(woke).toEqual([5]);
    expect(s.now).toBe(5);
  });

  it("a wake-up at the same instant as a queued event still goes through the queue, after it", () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.schedule(10, () => log.push("event@10"));
    s.spawn(
      (function* (): ProcessBody<void> {
        yield sleep(10);
        log.push(`process@${s.now}`);
      })(),
    );
    s.run({ until: 20 });
    expect(log).toEqual(["event@10", "process@10"]);
  });

  it("runUntilIdle still stops a process that sleeps for ever", () => {
    const s = new Scheduler();
    s.spawn(
      (function* (): ProcessBody<void> {
        for (;;) yield sleep(1);
      })(),
    );
    try {
      s.runUntilIdle({ maxEvents: 1_000 });
      expect.unreachable();
    } catch (error) {
      expect(isSimulationError(error, "run-limit-exceeded")).toBe(true);
    }
  });

  it("a signal fired during a fast-forwarded stretch wakes its waiter through the queue", () => {
    const s = new Scheduler();
    const ready = new Signal<string>();
    const log: string[] = [];
    s.spawn(
      (function* (): ProcessBody<void> {
        const value = yield* waitFor(ready);
        log.push(`waiter:${String(value)}@${s.now}`);
      })(),
    );
    s.spawn(
      (function* (): ProcessBody<void> {
        yield sleep(3);
        ready.fire("go");
        yield sleep(3);
        log.push(`firer@${s.now}`);
      })(),
    );
    s.run({ until: 10 });
    expect(log).toEqual(["waiter:go@3", "firer@6"]);
    expect(s.executed).toBeGreaterThan(0);
  });
});
