import { describe, expect, it } from "vitest";
import type { EngineResult } from "../../src/scenario/result.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioEventInput, ScenarioInput } from "../../src/scenario/schema.js";
import { scenarioProblems } from "../../src/scenario/validate.js";
import { observeRun } from "../../src/testing/index.js";

/**
 * `cloud-group`: a group made in Entra ID, measured until AD holds it with its members — Connect's group
 * writeback at its cycle, Cloud Sync's group provisioning to AD on its 20-minute job (reference.md
 * "Writeback", B "Limits and features").
 */
function scenario(events: ScenarioInput["events"], rest: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: "cloud groups",
    seed: 5,
    duration: "2h",
    drain: "1h",
    directory: { users: 10, groups: 2, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    features: ["group-writeback", "group-provisioning-to-ad"],
    events,
    ...rest,
  };
}

const FALCON: ScenarioEventInput = {
  type: "cloud-group",
  at: "10m",
  object: "Project Falcon",
  members: ["user-1", "user-2"],
};

/** The kind of cloud group each engine brings to AD: Microsoft 365 for Connect (v1), security for Cloud Sync. */
const KIND = { connect: "microsoft365", cloudSync: "security" } as const;

/** FALCON as the kind `engine` brings to AD. */
function falconFor(engine: keyof typeof KIND): ScenarioEventInput {
  return { ...FALCON, groupType: KIND[engine] } as ScenarioEventInput;
}

describe("a group made in the cloud, measured until AD holds it", () => {
  const result = compareEngines(
    scenario([
      FALCON,
      { type: "cloud-group", at: "20m", object: "All Hands", groupType: "microsoft365", members: ["user-3"] },
    ]),
  );
  const connect = result.engines.connect as EngineResult;
  const cloudSync = result.engines.cloudSync as EngineResult;

  it("Connect writes a Microsoft 365 group back at its cycle, and no security group (v2 is retired)", () => {
    // groups-write-back-portal: group writeback v2, which wrote cloud security groups, is retired after
    // 2024-06-30; v1 writes Microsoft 365 groups. It goes out in the cycle that starts at 27m (3-minute
    // warm-up), in its export to AD.
    expect(connect.events[0]).toMatchObject({
      status: "unsupported",
      reason:
        "group-writeback brings microsoft365 groups to AD, not security groups: group writeback v2, which wrote cloud security groups, is retired after 2024-06-30",
    });
    expect(connect.events[1]).toMatchObject({ status: "applied", latency: 446_020 });
  });

  it("Cloud Sync provisions a security group on its 20-minute job, and no Microsoft 365 group", () => {
    // The job runs 20 min after the service starts (3 min before the workload): at 17m, plus one update.
    expect(cloudSync.events[0]).toMatchObject({ status: "applied", visibleAt: 17 * 60_000 + 24 });
    expect(cloudSync.events[1]).toMatchObject({
      status: "unsupported",
      reason:
        "group-provisioning-to-ad brings security groups to AD, not microsoft365 groups: group provisioning to AD takes security groups only",
    });
  });

  it.each(["connect", "cloudSync"] as const)(
    "%s: AD holds the members, and the group is not synced back",
    (engine) => {
      const run = observeRun(scenario([falconFor(engine)]), { engine });
      const ad = run.world.forest();
      const written = [...ad.objects("group")].find((g) => g.attributes.displayName === "Project Falcon");
      const members = ["user-1", "user-2"].map((name) => ad.find(name)?.objectGUID);
      expect(written?.attributes.member).toEqual(expect.arrayContaining(members));
      // Two synced groups and the cloud one: the written-back copy stays in AD.
      expect([...run.world.tenant.objects("group")]).toHaveLength(3);
      if (engine === "cloudSync")
        expect(run.engine.outOfScopeReason?.(written!)).toBe(
          "written to AD by group provisioning to AD: never synced back to the cloud",
        );
    },
  );
});

describe("a cloud group that cannot reach AD says why", () => {
  it("fails when the engine's feature is not among the scenario's features", () => {
    const result = compareEngines(
      scenario(
        [FALCON, { ...FALCON, groupType: "microsoft365", object: "Falcon 365" } as ScenarioEventInput],
        {
          features: [],
        },
      ),
    );
    expect(result.engines.connect?.events[1]).toMatchObject({
      status: "failed",
      reason: "group-writeback is not among the scenario's features: the group stays in the cloud",
    });
    expect(result.engines.cloudSync?.events[0]).toMatchObject({
      status: "failed",
      reason: "group-provisioning-to-ad is not among the scenario's features: the group stays in the cloud",
    });
  });

  it("fails when a member is not in the cloud yet", () => {
    const result = compareEngines(
      scenario([
        { type: "create", at: "30m", object: "newbie", ou: "OU=Sales" },
        { type: "cloud-group", at: "30m", object: "Too Early", members: ["newbie"] },
        {
          type: "cloud-group",
          at: "30m",
          object: "Too Early 365",
          groupType: "microsoft365",
          members: ["newbie"],
        },
      ]),
    );
    for (const [engine, r] of Object.entries(result.engines))
      expect(r?.events[engine === "connect" ? 2 : 1]).toMatchObject({
        status: "failed",
        reason: 'member "newbie" is not in the cloud yet',
      });
  });

  it("Cloud Sync: with its only agent down the job fails, and the next run after the restart writes it", () => {
    const result = compareEngines(
      scenario([
        { type: "fault", at: "5m", target: "cloud-sync:agent-1", fault: "crash" },
        FALCON,
        { type: "fault", at: "30m", target: "cloud-sync:agent-1", fault: "restart" },
      ]),
    );
    const r = result.engines.cloudSync as EngineResult;
    expect(
      r.incidents.some(
        (i) => i.kind === "writeback-failed" && /group provisioning to AD failed/.test(i.detail),
      ),
    ).toBe(true);
    // Runs at 17m (no agent) and 37m (the agent is back).
    expect(r.events[1]).toMatchObject({ status: "applied", visibleAt: 37 * 60_000 + 24 });
  });
});

describe("cloud-group validation", () => {
  it("names the event and the problem: a name AD has, a name used twice, a member that is no user", () => {
    const problems = scenarioProblems(
      scenario([
        { type: "cloud-group", at: "10m", object: "group-1", members: [] },
        { type: "cloud-group", at: "11m", object: "Team", members: ["user-99", "group-2"] },
        { type: "cloud-group", at: "12m", object: "team", members: [] },
        { type: "create", at: "13m", object: "Team", objectType: "group", ou: "OU=Sales" },
      ]),
    );
    expect(problems).toEqual([
      {
        path: "events[0].object",
        message: '"group-1" already exists: a cloud group needs a name of its own',
      },
      {
        path: "events[1].members[0]",
        message:
          '"user-99" is not an object of this scenario (generated names are user-1..10, or create it earlier)',
      },
      { path: "events[1].members[1]", message: '"group-2" is a group, not a user' },
      { path: "events[2].object", message: '"team" already exists: a cloud group needs a name of its own' },
      { path: "events[3].object", message: '"Team" already exists' },
    ]);
  });
});

describe("the container a cloud group goes to", () => {
  it("Cloud Sync writes to groupProvisioningContainer; validation names a container the scenario lacks", () => {
    const run = observeRun(
      scenario([FALCON], {
        engines: { cloudSync: { groupProvisioningContainer: "OU=Sales,DC=contoso,DC=com" } },
      }),
      { engine: "cloudSync" },
    );
    expect(run.engineResult.events[0]).toMatchObject({ status: "applied" });
    const written = [...run.world.forest().objects("group")].find(
      (g) => g.attributes.displayName === "Project Falcon",
    );
    expect(written?.dn).toMatch(/^CN=Project Falcon_[0-9a-f]{12},OU=Sales,DC=contoso,DC=com$/);
    expect(
      scenarioProblems(
        scenario([FALCON], {
          engines: {
            connect: { groupWritebackContainer: "OU=Cloud,DC=contoso,DC=com" },
            cloudSync: { groupProvisioningContainer: "OU=Cloud,DC=contoso,DC=com" },
          },
        }),
      ).map((p) => p.path),
    ).toEqual(["engines.connect.groupWritebackContainer", "engines.cloudSync.groupProvisioningContainer"]);
  });
});

describe("a cloud group in a two-forest world", () => {
  it.each(["connect", "cloudSync"] as const)(
    "%s: written to the first forest with the members it has there; the others are not expected",
    (engine) => {
      const run = observeRun(
        scenario(
          [
            {
              type: "cloud-group",
              at: "10m",
              object: "Mixed",
              groupType: KIND[engine],
              members: ["user-1", "user-2", "user-3", "user-4"],
            },
          ],
          {
            directory: {
              users: 8,
              forests: [
                { name: "contoso.com", ous: ["OU=Sales"] },
                { name: "fabrikam.com", ous: ["OU=People"] },
              ],
            },
            features: ["group-writeback", "group-provisioning-to-ad", "multi-forest"],
          },
        ),
        { engine },
      );
      expect(run.engineResult.events[0]).toMatchObject({ status: "applied" });
      const [contoso, fabrikam] = [...run.world.forests.values()];
      const mixed = (d: typeof contoso) =>
        [...d!.objects("group")].find((g) => g.attributes.displayName === "Mixed");
      expect(mixed(fabrikam)).toBeUndefined();
      const local = ["user-1", "user-2", "user-3", "user-4"]
        .map((name) => contoso!.find(name)?.objectGUID)
        .filter((guid) => guid !== undefined);
      expect(local.length).toBeGreaterThan(0);
      expect(local.length).toBeLessThan(4);
      expect([...((mixed(contoso)?.attributes.member ?? []) as string[])].sort()).toEqual(local.sort());
    },
  );
});
