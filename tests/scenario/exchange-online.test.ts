import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import type { EngineResult } from "../../src/scenario/result.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioEventInput, ScenarioInput } from "../../src/scenario/schema.js";
import { scenarioProblems } from "../../src/scenario/validate.js";
import { observeRun } from "../../src/testing/index.js";

/**
 * `exchange-online`: a mailbox setting changed in Exchange Online, measured until the user's AD object holds
 * it — Exchange hybrid writeback, at Connect's cycle (reference-connect-sync-attributes-synchronized) and on
 * Cloud Sync's own writeback job, every 20 min (cloud-sync exchange-hybrid; the interval an assumption).
 */
function scenario(events: ScenarioInput["events"], rest: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: "exchange online",
    seed: 5,
    duration: "2h",
    drain: "1h",
    directory: { users: 10, groups: 2, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    features: ["exchange-hybrid-writeback"],
    events,
    ...rest,
  };
}

const ARCHIVE: ScenarioEventInput = {
  type: "exchange-online",
  at: "10m",
  object: "user-1",
  attribute: "msExchArchiveStatus",
};
const HOLD: ScenarioEventInput = {
  type: "exchange-online",
  at: "20m",
  object: "user-2",
  attribute: "msExchUserHoldPolicies",
  value: ["hold-a", "hold-b"],
};

describe("a mailbox setting changed in Exchange Online, measured until AD holds it", () => {
  const result = compareEngines(scenario([ARCHIVE, HOLD]));
  const connect = result.engines.connect as EngineResult;
  const cloudSync = result.engines.cloudSync as EngineResult;

  it("Connect writes it back at its next cycle, in the cycle's export to AD", () => {
    // The cycle that starts at 27m (3-minute warm-up) imports both from the cloud and writes them in its
    // export to AD, one export step (60 ms) apart.
    expect(connect.events[0]).toMatchObject({ status: "applied", visibleAt: 1_646_020 });
    expect(connect.events[1]).toMatchObject({ status: "applied", visibleAt: 1_646_080 });
    for (const event of connect.events) expect(event.latency).toBeLessThan(30 * 60_000);
  });

  it("Cloud Sync writes it on its 20-minute writeback job", () => {
    // The job runs 20 min after the service starts (3 min before the workload): at 17m and 37m, plus one
    // update each.
    expect(cloudSync.events[0]).toMatchObject({ status: "applied", visibleAt: 17 * 60_000 + 24 });
    expect(cloudSync.events[1]).toMatchObject({ status: "applied", visibleAt: 37 * 60_000 + 24 });
  });

  it.each(["connect", "cloudSync"] as const)(
    "%s: AD holds the values; the cloud user's synced attributes never carry them",
    (engine) => {
      const run = observeRun(
        scenario([
          ARCHIVE,
          HOLD,
          { type: "modify", at: "50m", object: "user-1", attributes: { title: "Lead" } },
        ]),
        { engine },
      );
      const ad = run.world.forest();
      const user1 = ad.find("user-1");
      const user2 = ad.find("user-2");
      expect(user1?.attributes.msExchArchiveStatus).toBe(1);
      expect(user2?.attributes.msExchUserHoldPolicies).toEqual(["hold-a", "hold-b"]);
      // Exchange Online keeps its settings beside the synced attributes: a later export of the user (its
      // title) neither sends nor clears them.
      const cloud = run.world.tenant.getByAnchor(sourceAnchorOf(user1!));
      expect(cloud?.attributes.jobTitle).toBe("Lead");
      expect(Object.keys(cloud?.attributes ?? {}).filter((k) => /msExch/i.test(k))).toEqual([]);
      expect(run.world.tenant.exchangeOnline.get(cloud!.cloudId)).toEqual({ msExchArchiveStatus: 1 });
      expect(run.engineResult.changes.pending).toBe(0);
    },
  );
});

describe("a setting that cannot reach AD says why", () => {
  it("fails when Exchange hybrid writeback is not among the scenario's features", () => {
    const result = compareEngines(scenario([ARCHIVE], { features: [] }));
    for (const r of Object.values(result.engines))
      expect(r?.events[0]).toMatchObject({
        status: "failed",
        reason:
          "exchange-hybrid-writeback is not among the scenario's features: the setting stays in Exchange Online",
      });
  });

  it("is unsupported by Cloud Sync's article profile (no writeback of any kind)", () => {
    const result = compareEngines(
      scenario([ARCHIVE], { engines: { cloudSync: { capabilities: "article" } } }),
    );
    expect(result.engines.cloudSync?.events[0]).toMatchObject({ status: "unsupported" });
    expect(result.engines.cloudSync?.unsupported).toEqual(["exchange-hybrid-writeback"]);
    expect(result.engines.connect?.events[0]).toMatchObject({ status: "applied" });
  });

  it("fails when the user is not in the cloud yet", () => {
    const result = compareEngines(
      scenario([
        { type: "create", at: "30m", object: "newbie", ou: "OU=Sales" },
        { type: "exchange-online", at: "30m", object: "newbie", attribute: "msExchArchiveStatus" },
      ]),
    );
    for (const r of Object.values(result.engines))
      expect(r?.events[1]).toMatchObject({ status: "failed", reason: "the user is not in the cloud yet" });
  });

  it("fails when the run ends before AD has it", () => {
    const result = compareEngines(scenario([ARCHIVE], { duration: "12m", drain: "1m" }));
    for (const r of Object.values(result.engines))
      expect(r?.events[0]).toMatchObject({
        status: "failed",
        reason: "the setting had not reached AD when the run ended",
      });
  });
});

describe("a setting changed again before AD had it", () => {
  it("is superseded by the later value, which is the one AD gets", () => {
    const result = compareEngines(
      scenario([
        { ...ARCHIVE, at: "10m", value: 1 },
        { ...ARCHIVE, at: "12m", value: 0 },
      ]),
    );
    for (const r of Object.values(result.engines)) {
      expect(r?.events[0]).toMatchObject({
        status: "superseded",
        reason: "a later exchange-online event set msExchArchiveStatus again before AD had this value",
      });
      expect(r?.events[1]).toMatchObject({ status: "applied" });
    }
  });
});

describe("the same value set twice before AD had it", () => {
  it("is applied for both events", () => {
    const result = compareEngines(
      scenario([
        { ...ARCHIVE, at: "10m", value: 1 },
        { ...ARCHIVE, at: "12m", value: 1 },
      ]),
    );
    for (const r of Object.values(result.engines)) {
      expect(r?.events.map((e) => e.status)).toEqual(["applied", "applied"]);
      expect(r?.events[0]?.visibleAt).toBe(r?.events[1]?.visibleAt);
    }
  });
});

describe("Exchange hybrid writeback across failures", () => {
  it("Cloud Sync: with its only agent down the job fails, and the next run after the restart writes it", () => {
    const result = compareEngines(
      scenario([
        { type: "fault", at: "5m", target: "cloud-sync:agent-1", fault: "crash" },
        ARCHIVE,
        { type: "fault", at: "30m", target: "cloud-sync:agent-1", fault: "restart" },
      ]),
    );
    const r = result.engines.cloudSync as EngineResult;
    expect(
      r.incidents.some(
        (i) => i.kind === "writeback-failed" && /Exchange hybrid writeback failed/.test(i.detail),
      ),
    ).toBe(true);
    // Runs at 17m (no agent) and 37m (the agent is back).
    expect(r.events[1]).toMatchObject({ status: "applied", visibleAt: 37 * 60_000 + 24 });
  });

  it("Connect: a staging server imports the setting but writes nothing; promoted, it writes it", () => {
    const result = compareEngines(
      scenario(
        [
          { type: "fault", at: "5m", target: "connect:primary", fault: "crash" },
          ARCHIVE,
          { type: "admin", at: "45m", engine: "connect", action: "promote", target: "standby" },
        ],
        { engines: { connect: { servers: [{ name: "primary" }, { name: "standby", staging: true }] } } },
      ),
    );
    // A promoted server runs a cycle at once (45m); its export to AD writes what its staging cycles
    // imported. Before, its cycles stopped short of export: nothing reached AD while the primary was down.
    expect(result.engines.connect?.events[1]).toMatchObject({ status: "applied", visibleAt: 2_725_060 });
  });

  it.each(["connect", "cloudSync"] as const)(
    "%s: in a two-forest world the setting goes to the user's own forest",
    (engine) => {
      const run = observeRun(
        scenario(
          [{ type: "exchange-online", at: "10m", object: "user-2", attribute: "msExchArchiveStatus" }],
          {
            directory: {
              users: 8,
              forests: [
                { name: "contoso.com", ous: ["OU=Sales"] },
                { name: "fabrikam.com", ous: ["OU=People"] },
              ],
            },
            features: ["exchange-hybrid-writeback", "multi-forest"],
          },
        ),
        { engine },
      );
      expect(run.engineResult.events[0]).toMatchObject({ status: "applied" });
      const fabrikam = run.world.forest("fabrikam.com");
      expect(fabrikam.find("user-2")?.attributes.msExchArchiveStatus).toBe(1);
      expect(run.world.forest("contoso.com").find("user-2")).toBeUndefined();
    },
  );
});

describe("exchange-online validation", () => {
  it("names the event and the problem: an attribute it does not write, a value of the wrong kind, no user", () => {
    const problems = scenarioProblems(
      scenario([
        {
          type: "exchange-online",
          at: "10m",
          object: "user-1",
          attribute: "msExchArchiveStatus",
          value: "on",
        },
        {
          type: "exchange-online",
          at: "11m",
          object: "user-1",
          attribute: "msExchUserHoldPolicies",
          value: "x",
        },
        {
          type: "exchange-online",
          at: "12m",
          object: "user-1",
          attribute: "msExchSafeSendersHash",
          value: 3,
        },
        { type: "exchange-online", at: "13m", object: "group-1", attribute: "msExchArchiveStatus" },
        { type: "exchange-online", at: "14m", object: "user-99", attribute: "msExchArchiveStatus" },
      ]),
    );
    expect(problems).toEqual([
      { path: "events[0].value", message: '"on" is not an integer (msExchArchiveStatus)' },
      {
        path: "events[1].value",
        message: '"x" is not a list of strings (msExchUserHoldPolicies is multi-valued)',
      },
      { path: "events[2].value", message: "3 is not a string (msExchSafeSendersHash)" },
      { path: "events[3].object", message: '"group-1" is a group, not a user' },
      {
        path: "events[4].object",
        message:
          '"user-99" is not an object of this scenario (generated names are user-1..10, or create it earlier)',
      },
    ]);
    const unknown = scenarioProblems(
      scenario([
        // @ts-expect-error: not an Exchange hybrid writeback attribute
        { type: "exchange-online", at: "10m", object: "user-1", attribute: "mail" },
      ]),
    );
    expect(unknown.map((p) => p.path)).toEqual(["events[0].attribute"]);
  });
});
