import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DAY,
  formatDuration,
  formatInstant,
  HOUR,
  MINUTE,
  parseDuration,
  SECOND,
} from "../../src/scheduler/duration.js";
import { isSimulationError, SimulationError } from "../../src/scheduler/errors.js";

describe("durations", () => {
  it("parses numbers and unit strings into milliseconds", () => {
    expect(parseDuration(1_500)).toBe(1_500);
    expect(parseDuration(2.4)).toBe(2);
    expect(parseDuration("30m")).toBe(30 * MINUTE);
    expect(parseDuration("2h")).toBe(2 * HOUR);
    expect(parseDuration("1h30m")).toBe(90 * MINUTE);
    expect(parseDuration("90s")).toBe(90 * SECOND);
    expect(parseDuration("1d")).toBe(DAY);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("1d2h3m4s5ms")).toBe(DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND + 5);
    expect(parseDuration("1.5h")).toBe(90 * MINUTE);
    expect(parseDuration(" 45m ")).toBe(45 * MINUTE);
    expect(parseDuration("120")).toBe(120);
    expect(parseDuration(0)).toBe(0);
  });

  it("refuses bad durations with invalid-duration naming the field and the value", () => {
    for (const bad of [
      "",
      "abc",
      "5x",
      "m5",
      "-5m",
      "1h 30m",
      "5 m",
      "h",
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      null,
      {},
      true,
    ]) {
      let error: unknown;
      try {
        parseDuration(bad as never, "cycle.interval");
      } catch (caught) {
        error = caught;
      }
      expect(isSimulationError(error, "invalid-duration"), `value ${String(bad)}`).toBe(true);
      expect((error as SimulationError).message).toContain("cycle.interval");
      expect((error as SimulationError).details.field).toBe("cycle.interval");
      expect((error as SimulationError).details.value).toBe(bad);
    }
    expect(() => parseDuration("5x")).toThrow(/duration: "5x"/);
  });

  it("formats milliseconds readably", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(250)).toBe("250ms");
    expect(formatDuration(90 * MINUTE)).toBe("1h30m");
    expect(formatDuration(2 * MINUTE + 5 * SECOND)).toBe("2m5s");
    expect(formatDuration(DAY + 1)).toBe("1d1ms");
    expect(formatDuration(-30 * SECOND)).toBe("-30s");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("Infinity");
  });

  it("format then parse is the identity on whole milliseconds", () => {
    fc.assert(
      fc.property(fc.nat({ max: 400 * DAY }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });

  it("formats instants as d+hh:mm:ss", () => {
    expect(formatInstant(0)).toBe("00:00:00");
    expect(formatInstant(HOUR + 2 * MINUTE + 3 * SECOND)).toBe("01:02:03");
    expect(formatInstant(2 * DAY + 5 * SECOND)).toBe("2+00:00:05");
  });
});

describe("SimulationError", () => {
  it("carries a code, details and a name; isSimulationError checks the code", () => {
    const error = new SimulationError("throttled", "back off", { retryAfterMs: 5 });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("SimulationError");
    expect(error.details.retryAfterMs).toBe(5);
    expect(isSimulationError(error)).toBe(true);
    expect(isSimulationError(error, "throttled")).toBe(true);
    expect(isSimulationError(error, "busy")).toBe(false);
    expect(isSimulationError(new Error("x"))).toBe(false);
    expect(new SimulationError("busy", "m").details).toEqual({});
  });
});
