import { describe, expect, it } from "vitest";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { scenarioProblems } from "../../src/scenario/validate.js";

/** The scenario's `tenant` block: the quota and matching settings of the tenant both engines sync to. */
const scenario = (tenant?: ScenarioInput["tenant"]): ScenarioInput => ({
  name: "tenant settings",
  seed: 2,
  duration: "2h",
  drain: "1h",
  directory: { users: 10, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
  events: [{ type: "create", at: "10m", object: "newbie", ou: "OU=Sales" }],
  ...(tenant === undefined ? {} : { tenant }),
});

describe("the scenario's tenant", () => {
  it("a quota the directory outgrows: both engines leave the rest out, each saying so its own way", () => {
    const result = compareEngines(scenario({ quota: 8 }));
    expect(result.summary?.tenant).toEqual({
      verifiedDomain: true,
      quota: 8,
      blockSoftMatch: false,
      blockHardMatch: false,
    });
    for (const r of Object.values(result.engines)) expect(r?.events[0]?.status).toBe("pending");
    const kinds = (engine: "connect" | "cloudSync") => result.engines[engine]?.incidents.map((i) => i.kind);
    // Connect: one incident while the quota refuses; Cloud Sync: a sync error per object refused.
    expect(kinds("connect")).toEqual(["limit-exceeded"]);
    expect(kinds("cloudSync")).toEqual(["sync-error", "sync-error", "sync-error"]);
    expect(result.engines.connect?.incidents[0]?.detail).toContain("the tenant's object quota of 8 reached");
  });

  it("says nothing in the summary when the scenario leaves the tenant alone", () => {
    expect(compareEngines(scenario()).summary?.tenant).toBeUndefined();
  });

  it("validation names a quota or a switch that is not one", () => {
    const problems = scenarioProblems({
      ...scenario(),
      tenant: { quota: 0, verifiedDomain: "yes", softMatch: false },
    });
    expect(problems).toEqual([
      { path: "tenant.verifiedDomain", message: '"yes" is not a boolean' },
      { path: "tenant.quota", message: "0 must be above 0" },
      { path: "tenant.softMatch", message: "is not a known field" },
    ]);
  });
});
