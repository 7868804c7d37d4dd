import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { Host, Link } from "../../src/scheduler/host.js";
import {
  Interrupt,
  type ProcessBody,
  Signal,
  sleep,
  TIMED_OUT,
  waitFor,
} from "../../src/scheduler/process.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

describe("Process", () => {
  it("sleeps in virtual time and returns its value", () => {
    const s = new Scheduler();
    const log: Array<[string, number]> = [];
    const process = s.spawn(
      (function* () {
        log.push(["start", s.now]);
        yield sleep(1_500);
        log.push(["woke", s.now]);
        yield sleep(0);
        return 42;
      })(),
    );
    let finished: number | undefined;
    s.spawn(
      (function* () {
        const value = yield* waitFor(process.finished);
        finished = value === TIMED_OUT ? -1 : (value ?? -2);
      })(),
    );
    s.runUntilIdle();
    expect(log).toEqual([
      ["start", 0],
      ["woke", 1_500],
    ]);
    expect(process.state).toBe("done");
    expect(process.result).toBe(42);
    expect(process.alive).toBe(false);
    expect(finished).toBe(42);
  });

  it("refuses a negative or non-finite sleep with invalid-time", () => {
    expect(() => sleep(-1)).toThrow(expect.objectContaining({ code: "invalid-time" }));
    expect(() => sleep(Number.NaN)).toThrow(expect.objectContaining({ code: "invalid-time" }));
  });

  it("waitFor receives the fired value at the firing instant", () => {
    const s = new Scheduler();
    const signal = new Signal<string>();
    const got: Array<[string | typeof TIMED_OUT, number]> = [];
    for (let i = 0; i < 2; i++) {
      s.spawn(
        (function* () {
          const value = yield* waitFor(signal, 10_000);
          got.push([value, s.now]);
        })(),
      );
    }
    s.schedule(300, () => {
      expect(signal.waiting).toBe(2);
      signal.fire("go");
    });
    s.runUntilIdle();
    expect(got).toEqual([
      ["go", 300],
      ["go", 300],
    ]);
    expect(signal.waiting).toBe(0);
    expect(s.now).toBe(300);
  });

  it("waitFor times out with TIMED_OUT after exactly the timeout and stops waiting", () => {
    const s = new Scheduler();
    const signal = new Signal<number>();
    let got: unknown;
    let at = -1;
    s.spawn(
      (function* () {
        got = yield* waitFor(signal, 2_000);
        at = s.now;
      })(),
    );
    s.schedule(5_000, () => signal.fire(1));
    s.runUntilIdle();
    expect(got).toBe(TIMED_OUT);
    expect(at).toBe(2_000);
    expect(signal.waiting).toBe(0);
  });

  it("interrupt throws an Interrupt at the current yield; the process may carry on", () => {
    const s = new Scheduler();
    const log: string[] = [];
    const process = s.spawn(
      (function* () {
        try {
          yield sleep(10_000);
          log.push("slept");
        } catch (error) {
          if (error instanceof Interrupt) log.push(`interrupted:${String(error.cause)}@${s.now}`);
        }
        yield sleep(100);
        log.push(`done@${s.now}`);
      })(),
    );
    s.schedule(250, () => process.interrupt("failover"));
    s.runUntilIdle();
    expect(log).toEqual(["interrupted:failover@250", "done@350"]);
    expect(s.now).toBe(350);
  });

  it("interrupting a waiting process removes it from the signal", () => {
    const s = new Scheduler();
    const signal = new Signal();
    const process = s.spawn(
      (function* () {
        try {
          yield* waitFor(signal, 1_000);
        } catch {
          return "interrupted";
        }
        return "woken";
      })(),
    );
    s.schedule(10, () => process.interrupt("x"));
    s.runUntilIdle();
    expect(process.result).toBe("interrupted");
    expect(signal.waiting).toBe(0);
    expect(s.now).toBe(10);
  });

  it("an uncaught error fails the process and surfaces from the scheduler", () => {
    const s = new Scheduler();
    const process = s.spawn(
      (function* () {
        yield sleep(5);
        throw new Error("bug");
      })(),
    );
    expect(() => s.runUntilIdle()).toThrow("bug");
    expect(process.state).toBe("failed");
  });

  it("kill stops a process at once, runs its finally blocks and drops its pending sleep", () => {
    const s = new Scheduler();
    const log: string[] = [];
    const process = s.spawn(
      (function* () {
        try {
          yield sleep(1_000);
          log.push("after sleep");
        } finally {
          log.push(`finally@${s.now}`);
        }
      })(),
    );
    s.schedule(400, () => process.kill());
    s.runUntilIdle();
    expect(log).toEqual(["finally@400"]);
    expect(process.state).toBe("killed");
    expect(s.now).toBe(400);
    expect(s.pending).toBe(0);
    process.kill();
    process.interrupt("late");
    expect(s.pending).toBe(0);
  });

  it("refuses a body that is not a generator object, naming the slip", () => {
    const s = new Scheduler();
    function* cycle(): ProcessBody {
      yield sleep(1);
    }
    const refusal = (body: unknown) => {
      try {
        s.spawn(body as ProcessBody);
      } catch (error) {
        expect(isSimulationError(error, "invalid-argument")).toBe(true);
        return (error as Error).message;
      }
      throw new Error("expected a throw");
    };
    // The generator function itself, not called: its body would never run.
    expect(refusal(cycle)).toBe(
      "body: function cycle is a generator function, not a generator object: call it (spawn(gen()), not spawn(gen))",
    );
    expect(refusal(5)).toBe("body: 5 is not a generator object");
    expect(s.pending).toBe(0);
  });

  it("fails a process that yields what is not a command, naming it and the value (a bare yield stalled it for good)", () => {
    const s = new Scheduler();
    const log: string[] = [];
    const body = function* (): ProcessBody {
      try {
        yield sleep(10);
        yield 5 as never;
        log.push("not reached");
      } finally {
        log.push(`finally@${s.now}`);
      }
    };
    const process = s.spawn(body(), { name: "reader" });
    expect(() => s.runUntilIdle()).toThrow(
      'process "reader": yielded 5, which is not a command (yield sleep(ms), or yield* waitFor(signal))',
    );
    expect(process.state).toBe("failed");
    expect(log).toEqual(["finally@10"]);
    const bare = s.spawn(
      (function* (): ProcessBody {
        yield sleep(1);
        yield undefined as never;
      })(),
      { name: "bare" },
    );
    expect(() => s.runUntilIdle()).toThrow(/^process "bare": yielded undefined, which is not a command/);
    expect(bare.state).toBe("failed");
  });
});

describe("Host", () => {
  it("crash kills its processes (finally blocks run) and restart does not resurrect them", () => {
    const s = new Scheduler();
    const host = new Host(s, "connect:primary", "sync-server");
    const log: string[] = [];
    const events: string[] = [];
    host.events.on("crash", (at) => events.push(`crash@${at}`));
    host.events.on("restart", (at) => events.push(`restart@${at}`));
    host.spawn(
      (function* () {
        try {
          for (;;) {
            yield sleep(100);
            log.push(`tick@${s.now}`);
          }
        } finally {
          log.push(`stopped@${s.now}`);
        }
      })(),
      "cycle",
    );
    expect(host.processCount).toBe(1);
    s.schedule(250, () => host.crash());
    s.schedule(500, () => host.restart());
    s.run({ until: 2_000 });
    expect(log).toEqual(["tick@100", "tick@200", "stopped@250"]);
    expect(events).toEqual(["crash@250", "restart@500"]);
    expect(host.isUp).toBe(true);
    expect(host.processCount).toBe(0);
    host.crash();
    host.crash();
    expect(events).toEqual(["crash@250", "restart@500", "crash@2000"]);
  });

  it("refuses to spawn on a down host with host-down", () => {
    const s = new Scheduler();
    const host = new Host(s, "agent:1", "provisioning-agent");
    host.crash();
    let error: unknown;
    try {
      host.spawn((function* () {})());
    } catch (caught) {
      error = caught;
    }
    expect(isSimulationError(error, "host-down")).toBe(true);
    expect((error as Error).message).toContain("agent:1");
  });

  it("a process that crashes its own host stops at its yield with finally blocks run", () => {
    const s = new Scheduler();
    const host = new Host(s, "h");
    const log: string[] = [];
    const process = host.spawn(
      (function* () {
        try {
          yield sleep(10);
          host.crash();
          log.push("still running until the yield");
          yield sleep(10);
          log.push("never");
        } finally {
          log.push(`finally@${s.now}`);
        }
      })(),
    );
    s.runUntilIdle();
    expect(log).toEqual(["still running until the yield", "finally@10"]);
    expect(process.state).toBe("killed");
    expect(host.processCount).toBe(0);
  });

  it("property: a crashed host's processes never run again", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        (periods, crashAt, restartDelay) => {
          const s = new Scheduler();
          const host = new Host(s, "h");
          const runs: number[] = [];
          periods.forEach((period) => {
            host.spawn(
              (function* (): ProcessBody {
                for (;;) {
                  yield sleep(period);
                  runs.push(s.now);
                }
              })(),
            );
          });
          s.schedule(crashAt, () => host.crash());
          s.schedule(crashAt + restartDelay, () => host.restart());
          s.run({ until: 1_000 });
          expect(runs.every((t) => t <= crashAt)).toBe(true);
          expect(host.processCount).toBe(0);
          expect(s.pending).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("Link", () => {
  function sender(s: Scheduler, link: Link, outcome: string[]): void {
    s.spawn(
      (function* () {
        try {
          yield* link.transmit("export");
          outcome.push(`delivered@${s.now}`);
        } catch (error) {
          outcome.push(`${isSimulationError(error, "link-down") ? "link-down" : "other"}@${s.now}`);
        }
      })(),
    );
  }

  it("transmit takes the latency and delivers while the link is up", () => {
    const s = new Scheduler();
    const link = new Link(s, "link:cloud", 80);
    const outcome: string[] = [];
    sender(s, link, outcome);
    s.runUntilIdle();
    expect(outcome).toEqual(["delivered@80"]);
  });

  it("transmit fails at once over a cut link, and works again after restore", () => {
    const s = new Scheduler();
    const link = new Link(s, "link:cloud", 80);
    const events: string[] = [];
    link.events.on("down", (at) => events.push(`down@${at}`));
    link.events.on("up", (at) => events.push(`up@${at}`));
    link.cut();
    link.cut();
    expect(link.isUp).toBe(false);
    const outcome: string[] = [];
    sender(s, link, outcome);
    s.runUntilIdle();
    expect(outcome).toEqual(["link-down@0"]);
    expect(() => link.ensureUp("x")).toThrow(/link:cloud is down/);
    s.schedule(100, () => link.restore());
    s.runUntilIdle();
    sender(s, link, outcome);
    s.runUntilIdle();
    expect(outcome).toEqual(["link-down@0", "delivered@180"]);
    expect(events).toEqual(["down@0", "up@100"]);
  });

  it("transmit fails when the link is cut during the latency (the message is lost)", () => {
    const s = new Scheduler();
    const link = new Link(s, "link:cloud", 80);
    const outcome: string[] = [];
    sender(s, link, outcome);
    s.schedule(40, () => link.cut());
    s.runUntilIdle();
    expect(outcome).toEqual(["link-down@80"]);
  });

  it("with zero latency transmit only checks the link", () => {
    const s = new Scheduler();
    const link = new Link(s, "lan");
    const outcome: string[] = [];
    sender(s, link, outcome);
    s.runUntilIdle();
    expect(outcome).toEqual(["delivered@0"]);
  });
});
