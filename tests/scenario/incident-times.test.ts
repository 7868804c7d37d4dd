import { describe, expect, it } from "vitest";
import { relative } from "../../src/scenario/simulate.js";
import { DAY, HOUR, MINUTE, SECOND } from "../../src/scheduler/duration.js";

describe("engine incidents in workload-relative time", () => {
  const origin = 7 * DAY;

  it("keeps an incident of the workload's time, moved by the warm-up", () => {
    const incident = { at: origin + HOUR, kind: "failover" as const, detail: "x" };
    expect(relative(incident, origin)).toEqual({ at: HOUR, kind: "failover", detail: "x" });
  });

  it("puts a warm-up incident at 0 and says how long before the start it was, to the second", () => {
    const at = origin - (6 * DAY + 22 * HOUR + 14 * MINUTE + 59 * SECOND + 400);
    expect(relative({ at, kind: "database-full", detail: "full" }, origin)).toEqual({
      at: 0,
      kind: "database-full",
      detail: "during warm-up (6d22h14m59s before the workload started): full",
    });
  });
});
