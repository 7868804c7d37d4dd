import { describe, expect, it } from "vitest";
import type { EngineResult } from "../../src/scenario/result.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";

/**
 * A scripted change an engine will never carry is `filtered` with the reason, in the engine's words: the
 * setting that leaves the object out (an OU filter, a scoping group, a class the engine does not
 * provision), or the attribute no flow carries. A bare `filtered` left the user guessing whether the
 * engine had lost the change.
 */
const SALES_IT = ["OU=Sales,DC=contoso,DC=com", "OU=IT,DC=contoso,DC=com"];
const CONNECT_OUS = `out of scope: outside the AD connector's domain and OU filtering (OUs ${SALES_IT.join("; ")})`;
const CLOUD_OUS = `out of scope: outside the configuration's scoped OUs (${SALES_IT.join("; ")})`;

const scenario: ScenarioInput = {
  name: "filtered reasons",
  duration: "1h",
  drain: "2h",
  directory: {
    users: 4,
    groups: 2,
    devices: 2,
    forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT", "OU=HR"] }],
  },
  events: [
    { type: "create", at: "1m", object: "hr-1", objectType: "user", ou: "OU=HR", attributes: {} },
    { type: "create", at: "1m", object: "sales-1", objectType: "user", ou: "OU=Sales", attributes: {} },
    { type: "modify", at: "5m", object: "hr-1", attributes: { title: "Lead" } },
    { type: "modify", at: "5m", object: "sales-1", attributes: { employeeType: "Contractor" } },
    { type: "password", at: "6m", object: "hr-1" },
    { type: "add-member", at: "7m", object: "group-1", member: "hr-1" },
    { type: "move", at: "9m", object: "sales-1", ou: "OU=IT" },
    { type: "delete", at: "10m", object: "hr-1" },
    { type: "modify", at: "11m", object: "device-1", attributes: { displayName: "LAPTOP-9" } },
  ],
  engines: { connect: { scope: { ous: SALES_IT } }, cloudSync: { scope: { ous: SALES_IT } } },
};

/** What a filtered event with this reason matches. */
const filtered = (reason: string) => ({ status: "filtered", reason });

describe("a filtered scripted change says why", () => {
  const result = compareEngines(scenario);
  const connect = result.engines.connect as EngineResult;
  const cloudSync = result.engines.cloudSync as EngineResult;

  it("names the OU filter of each engine for an object outside it: create, edit, password, membership, delete", () => {
    for (const [r, why] of [
      [connect, CONNECT_OUS],
      [cloudSync, CLOUD_OUS],
    ] as const) {
      expect(r.events[0]).toMatchObject(filtered(why));
      expect(r.events[1]).toMatchObject({ status: "applied" });
      expect(r.events[2]).toMatchObject(filtered(why));
      expect(r.events[4]).toMatchObject(filtered(why));
      expect(r.events[5]).toMatchObject(filtered(`the member is ${why}`));
      expect(r.events[7]).toMatchObject(filtered(`never in the cloud: ${why}`));
    }
  });

  it("names the attribute no flow carries, and a move that changes no cloud attribute", () => {
    for (const r of [connect, cloudSync]) {
      expect(r.events[3]).toMatchObject(filtered("no flow carries employeeType to the cloud"));
      expect(r.events[6]).toMatchObject(
        filtered("a move within the engine's scope: no cloud attribute changes"),
      );
    }
  });

  it("says Cloud Sync does not provision devices, which Connect syncs", () => {
    expect(connect.events[8]).toMatchObject({ status: "applied" });
    expect(cloudSync.events[8]).toMatchObject(
      filtered(
        "out of scope: Cloud Sync does not provision computer objects (users, groups and contacts only; device sync and hybrid join need Connect)",
      ),
    );
  });

  it("names the pilot group (Connect) and the scoping group (Cloud Sync)", () => {
    const piloted = compareEngines({
      name: "pilot",
      duration: "1h",
      drain: "2h",
      directory: { users: 4, groups: 2, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
      events: [{ type: "modify", at: "5m", object: "user-3", attributes: { title: "Lead" } }],
      engines: {
        connect: { pilotGroup: "CN=group-1,OU=Sales,DC=contoso,DC=com" },
        cloudSync: { scope: { groups: ["group-1"] } },
      },
    });
    // The generated memberships (default seed) leave user-3 out of group-1.
    const c = piloted.engines.connect as EngineResult;
    const s = piloted.engines.cloudSync as EngineResult;
    expect(c.events[0]).toMatchObject(
      filtered(
        "out of scope: no sync rule provisions it: not a member of the pilot group (CN=group-1,OU=Sales,DC=contoso,DC=com), or a rule's scoping filter leaves it out",
      ),
    );
    expect(s.events[0]).toMatchObject(
      filtered("out of scope: not a direct member of a scoping group (group-1)"),
    );
  });
});
