import { describe, expect, it } from "vitest";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";

/** Cloud password resets (SSPR) reported through the harness: applied when AD has the new version. */
function scenario(events: ScenarioInput["events"]): ScenarioInput {
  return {
    name: "sspr",
    seed: 5,
    duration: "2h",
    drain: "1h",
    directory: { users: 10, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    features: ["password-writeback"],
    events,
  };
}

describe("cloud password reset through the harness", () => {
  it("is applied in AD within seconds while the active server and link are up", () => {
    const result = compareEngines(scenario([{ type: "cloud-password-reset", at: "10m", object: "user-3" }]));
    const connect = result.engines.connect?.events[0];
    expect(connect?.status).toBe("applied");
    expect(connect?.latency).toBeGreaterThan(0);
    expect(connect?.latency).toBeLessThanOrEqual(10_000);
  });

  it("fails at once with the engine's reason while the Connect server is down", () => {
    const result = compareEngines(
      scenario([
        { type: "fault", at: "5m", target: "connect:primary", fault: "crash" },
        { type: "cloud-password-reset", at: "10m", object: "user-3" },
      ]),
    );
    const reset = result.engines.connect?.events[1];
    expect(reset?.status).toBe("failed");
    expect(reset?.reason).toBeDefined();
    expect(reset?.reason).not.toMatch(/when the run ended/);
  });

  it("a reset writeback refuses leaves the old password in force in the cloud as in AD (concept-sspr-writeback)", () => {
    const result = compareEngines(
      scenario([
        { type: "fault", at: "5m", target: "connect:primary", fault: "crash" },
        { type: "fault", at: "5m", target: "cloud-sync:agent-1", fault: "crash" },
        { type: "cloud-password-reset", at: "10m", object: "user-3" },
        { type: "sign-in", at: "11m", object: "user-3", password: "latest" },
        { type: "sign-in", at: "11m", object: "user-3", password: "previous" },
      ]),
    );
    // Writeback is synchronous: the user's reset is refused, so the password it would have set does not
    // work, and the one before it still does, in the cloud as in AD (which never got the new one).
    for (const r of Object.values(result.engines))
      expect(r?.events.slice(2).map((e) => [e.type, e.status, e.outcome, e.reason])).toEqual([
        ["cloud-password-reset", "failed", undefined, expect.any(String)],
        ["sign-in", "done", "failure", "password-mismatch"],
        ["sign-in", "done", "success", "ok"],
      ]);
  });

  it("two resets of one user at once are each written back and reported (cloud-writes property)", () => {
    // Found by tests/properties/cloud-writes.test.ts (deep, shrunk): the second reset's wait replaced the
    // first's, which stayed "pending: not played (the run ended first)".
    const result = compareEngines(
      scenario([
        { type: "cloud-password-reset", at: "5m", object: "user-2" },
        { type: "cloud-password-reset", at: "5m", object: "user-2" },
      ]),
    );
    for (const r of Object.values(result.engines))
      expect(r?.events.map((e) => [e.status, e.latency])).toEqual([
        ["applied", 2_000],
        ["applied", 2_000],
      ]);
  });
});
