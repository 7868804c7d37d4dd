import { describe, expect, it } from "vitest";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { scenarioProblems } from "../../src/scenario/validate.js";
import { observeRun } from "../../src/testing/index.js";

/**
 * `cloud-device`: a device registered in Entra ID, measured until AD holds it — Connect's device writeback
 * at its cycle (single forest), which Cloud Sync does not have (reference.md "Writeback", B "Limits and
 * features").
 */
function scenario(events: ScenarioInput["events"], rest: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: "cloud devices",
    seed: 5,
    duration: "2h",
    drain: "1h",
    directory: { users: 10, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    features: ["device-writeback"],
    events,
    ...rest,
  };
}

const LAPTOPS: ScenarioInput["events"] = [
  { type: "cloud-device", at: "10m", object: "LAPTOP-ANN" },
  { type: "cloud-device", at: "40m", object: "LAPTOP-BOB", operatingSystemVersion: "10.0.26100" },
];

describe("a device registered in the cloud, measured until AD holds it", () => {
  it("Connect writes it back at its next cycle, in the cycle's export to AD", () => {
    const result = compareEngines(scenario(LAPTOPS));
    // The cycles that start at 27m and 57m (3-minute warm-up) write them in their export to AD.
    expect(result.engines.connect?.events.map((e) => [e.status, e.visibleAt])).toEqual([
      ["applied", 1_645_860],
      ["applied", 3_445_140],
    ]);
  });

  it("Cloud Sync has no device writeback: unsupported, in its own words", () => {
    const result = compareEngines(scenario(LAPTOPS));
    for (const event of result.engines.cloudSync?.events ?? [])
      expect(event).toMatchObject({
        status: "unsupported",
        reason: "device writeback is a Connect feature (reference.md B)",
      });
  });

  it("Connect: AD holds a Device_<cloudId> computer with the device's attributes, never synced back", () => {
    const run = observeRun(scenario(LAPTOPS), { engine: "connect" });
    const ad = run.world.forest();
    const bob = [...ad.objects("computer")].find((c) => c.attributes.displayName === "LAPTOP-BOB");
    const cloud = [...run.world.tenant.objects("device")].find(
      (d) => d.attributes.displayName === "LAPTOP-BOB",
    );
    expect(bob?.dn).toBe(`CN=Device_${cloud?.cloudId},DC=contoso,DC=com`);
    expect(bob?.attributes).toMatchObject({
      operatingSystem: "Windows",
      operatingSystemVersion: "10.0.26100",
    });
    // Two cloud devices, both cloud-only: the written-back copies are not synced up again.
    expect([...run.world.tenant.objects("device")].map((d) => d.dirSyncEnabled)).toEqual([false, false]);
  });
});

describe("a cloud device that cannot reach AD says why", () => {
  it("fails when device writeback is not among the scenario's features", () => {
    const result = compareEngines(scenario(LAPTOPS, { features: [] }));
    expect(result.engines.connect?.events[0]).toMatchObject({
      status: "failed",
      reason: "device-writeback is not among the scenario's features: the device stays in the cloud",
    });
  });

  it("is unsupported by Connect with several forests, with the engine's reason", () => {
    const result = compareEngines(
      scenario(LAPTOPS, {
        directory: {
          users: 4,
          forests: [
            { name: "contoso.com", ous: ["OU=Sales"] },
            { name: "fabrikam.com", ous: ["OU=People"] },
          ],
        },
        features: ["device-writeback", "multi-forest"],
      }),
    );
    expect(result.engines.connect?.events[0]).toMatchObject({
      status: "unsupported",
      reason: "device writeback supports a single forest (reference.md Writeback)",
    });
  });

  it("fails when the run ends before AD has it", () => {
    const result = compareEngines(scenario(LAPTOPS.slice(0, 1), { duration: "12m", drain: "1m" }));
    expect(result.engines.connect?.events[0]).toMatchObject({
      status: "failed",
      reason: "the device had not reached AD when the run ended",
    });
  });
});

describe("cloud-device validation", () => {
  it("needs a name no AD object, cloud group or other cloud device has", () => {
    const problems = scenarioProblems(
      scenario([
        { type: "cloud-device", at: "10m", object: "user-1" },
        { type: "cloud-group", at: "11m", object: "Kiosk" },
        { type: "cloud-device", at: "12m", object: "kiosk" },
      ]),
    );
    expect(problems).toEqual([
      {
        path: "events[0].object",
        message: '"user-1" already exists: a cloud device needs a name of its own',
      },
      { path: "events[2].object", message: '"kiosk" already exists: a cloud device needs a name of its own' },
    ]);
    expect(
      scenarioProblems(
        scenario([{ type: "cloud-device", at: "13m", object: "Tablet", operatingSystem: "" }]),
      ),
    ).toEqual([{ path: "events[0].operatingSystem", message: '"" is blank' }]);
  });
});
