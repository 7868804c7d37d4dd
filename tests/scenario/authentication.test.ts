import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ScenarioError } from "../../src/scenario/validate.js";
import { smallWorld, startEngine } from "../engines/connect/fixtures.js";
import { thrown } from "../fixtures/errors.js";

/** Federation with password hash sync as backup: an admin switches sign-in to PHS while AD FS is down. */
function federation(features: string[]): ScenarioInput {
  return {
    name: "federation-backup",
    seed: 3,
    duration: "3h",
    drain: "1h",
    authentication: "federation",
    features: features as ScenarioInput["features"],
    directory: { users: 5, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    events: [
      { type: "sign-in", at: "30m", object: "user-1", password: "latest" },
      { type: "fault", at: "1h", target: "federation", fault: "down" },
      { type: "sign-in", at: "1h10m", object: "user-1", password: "latest" },
      { type: "admin", at: "1h20m", engine: "connect", action: "switch-authentication", value: "phs" },
      { type: "sign-in", at: "1h30m", object: "user-1", password: "latest" },
    ],
  };
}

describe("scripted switch-authentication (choose-ad-authn: no automatic fallback from AD FS)", () => {
  it("fails sign-ins while AD FS is down until the admin switches to the PHS backup", () => {
    const events = runScenario(federation(["password-hash-sync"]), { engine: "connect" }).engines.connect!
      .events;
    expect(events.map((e) => e.outcome ?? e.status)).toEqual([
      "success",
      "done",
      "failure",
      "done",
      "success",
    ]);
    expect(events[2]?.reason).toBe("federation-unavailable");
  });

  it("refuses an unknown method: validation before the run, the engine when asked directly", () => {
    const scenario = federation(["password-hash-sync"]);
    const events = scenario.events!.map((e) => (e.type === "admin" ? { ...e, value: "kerberos" } : e));
    const error = thrown(() => runScenario({ ...scenario, events }, { engine: "connect" }));
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).problems).toEqual([
      { path: "events[3].value", message: '"kerberos" is not "phs", "pta" or "federation"' },
    ]);
    const { world } = smallWorld(1);
    const engine = startEngine(world);
    expect(engine.perform({ action: "switch-authentication", value: "kerberos" })).toEqual({
      status: "refused",
      reason: '"kerberos" is not phs, pta or federation',
    });
  });

  it("is ignored by the Cloud Sync engine (no federation there)", () => {
    const result = runScenario(federation(["password-hash-sync"]), { engine: "cloudSync" });
    expect(result.engines.cloudSync!.events[3]?.status).toBe("ignored");
  });
});

describe("one PTA agent down (how-to-connect-pta-faq: 3 agents recommended)", () => {
  const pta = (events: ScenarioInput["events"], ptaAgents?: number): ScenarioInput => ({
    name: "pta-agent",
    seed: 3,
    duration: "2h",
    drain: "1h",
    authentication: "pta",
    directory: { users: 5, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    events,
    ...(ptaAgents === undefined ? {} : { engines: { connect: { ptaAgents } } }),
  });

  it("a scenario can take a single agent down: the others carry the sign-ins; the last one down fails them", () => {
    const down = (n: number, at: string) => ({
      type: "fault" as const,
      at,
      target: `pta-agent-${n}`,
      fault: "down" as const,
    });
    const result = runScenario(
      pta(
        [
          down(2, "10m"),
          { type: "sign-in", at: "20m", object: "user-1", password: "latest" },
          { type: "sign-in", at: "21m", object: "user-2", password: "latest" },
          down(1, "30m"),
          { type: "sign-in", at: "40m", object: "user-1", password: "latest" },
        ],
        2,
      ),
      { engine: "connect" },
    ).engines.connect!;
    expect(result.events.map((e) => [e.status, e.outcome, e.reason])).toEqual([
      ["done", undefined, undefined],
      ["done", "success", "ok"],
      ["done", "success", "ok"],
      ["done", undefined, undefined],
      ["done", "failure", "no-agent-available"],
    ]);
  });

  it("validation names the agents Connect installs", () => {
    const error = thrown(() =>
      runScenario(pta([{ type: "fault", at: "10m", target: "pta-agent-4", fault: "down" }]), {
        engine: "connect",
      }),
    );
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).problems).toEqual([
      {
        path: "events[0].target",
        message: '"pta-agent-4": Connect installs 3 PTA agents (pta-agent-1 to pta-agent-3)',
      },
    ]);
  });
});
