import { describe, expect, it } from "vitest";
import type { AdObject } from "../../src/model/ad-object.js";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import type { EngineResult } from "../../src/scenario/result.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { observeRun } from "../../src/testing/index.js";
import { customUserRule } from "../fixtures/rules.js";

/**
 * With custom sync rules (Connect) or mapping overrides (Cloud Sync), a change shows in the cloud as the
 * engine's flows make it: the observer waits for that value (`UCase([department])` gives "SALES"), follows
 * an AD attribute into the cloud attribute a custom flow makes of it (`employeeType` → `extensionAttribute1`), and
 * calls a write no flow reads any more `filtered`. It used to wait for the standard flows' value and kept
 * such changes pending until the drain limit.
 */
/**
 * A small scenario: two hours (three to drain) of `users` in one contoso.com forest with these OUs; `rest`
 * adds the events and engine configs, or overrides any of it.
 */
function small(name: string, users: number, ous: string[], rest: Partial<ScenarioInput>): ScenarioInput {
  return {
    name,
    duration: "2h",
    drain: "3h",
    directory: { users, forests: [{ name: "contoso.com", ous }] },
    ...rest,
  };
}

const scenario: ScenarioInput = {
  ...small("custom flows", 6, ["OU=Sales"], {}),
  // The workload's HR edits reach the custom flows too (displayName, department among them).
  workload: { attributeChangesPerHour: 30 },
  events: [
    { type: "modify", at: "5m", object: "user-1", attributes: { department: "Sales" } },
    { type: "modify", at: "6m", object: "user-2", attributes: { employeeType: "Contractor" } },
    { type: "modify", at: "7m", object: "user-3", attributes: { displayName: "Never Shown" } },
    { type: "modify", at: "8m", object: "user-4", attributes: { givenName: "ann", sn: "smith" } },
  ],
  engines: {
    connect: {
      rules: [
        customUserRule([
          { target: "department", expression: "UCase([department])" },
          {
            target: "extensionAttribute1",
            expression: "IIF(IsPresent([employeeType]), [employeeType], AuthoritativeNull)",
          },
          { target: "displayName", expression: 'PCase([givenName]) & " " & UCase([sn])' },
        ]),
      ],
    },
    cloudSync: {
      mappings: {
        user: [
          { type: "expression", target: "department", expression: "ToUpper([department])" },
          {
            type: "expression",
            target: "extensionAttribute1",
            expression: 'IIF(IsPresent([employeeType]), [employeeType], "")',
          },
          { type: "expression", target: "displayName", expression: 'Join(" ", [givenName], ToUpper([sn]))' },
        ],
      },
    },
  },
};

describe("custom flows: the observer waits for the value the engine's flows make", () => {
  const result = compareEngines(scenario);

  it.each(["connect", "cloudSync"] as const)(
    "%s: nothing is left pending, and each scripted write has its fate",
    (engine) => {
      const r = result.engines[engine] as EngineResult;
      expect(r.changes.pending).toBe(0);
      expect(r.changes.lost).toBe(0);
      const [department, employeeType, displayName, names] = r.events;
      expect(department?.status).toBe("applied");
      // No standard flow carries employeeType: the custom one does, into extensionAttribute1.
      expect(employeeType?.status).toBe("applied");
      // displayName is made of givenName and sn now: a write of AD's displayName shows nowhere.
      expect(displayName?.status).toBe("filtered");
      expect(names?.status).toBe("applied");
    },
  );

  it.each(["connect", "cloudSync"] as const)("%s: the cloud holds the values the flows made", (engine) => {
    const { world } = observeRun(scenario, { engine });
    const ad = world.forest();
    const cloudOf = (name: string) => {
      const user = ad.find(name);
      if (!user) throw new Error(`no ${name}`);
      return world.tenant.getByAnchor(sourceAnchorOf(user))?.attributes;
    };
    for (const name of ["user-1", "user-2", "user-3", "user-4", "user-5", "user-6"]) {
      const { attributes } = ad.find(name) as AdObject;
      const cloud = cloudOf(name);
      expect(cloud?.department).toBe((attributes.department as string | undefined)?.toUpperCase());
      if (attributes.employeeType !== undefined)
        expect(cloud?.extensionAttribute1).toBe(attributes.employeeType);
      // PCase makes "Ann"; Cloud Sync's Join leaves the given name as it is.
      const given = String(attributes.givenName);
      const first = engine === "connect" ? given[0]?.toUpperCase() + given.slice(1).toLowerCase() : given;
      expect(cloud?.displayName).toBe(`${first} ${String(attributes.sn).toUpperCase()}`);
    }
  });
});

describe("a change the engine's flows fail on", () => {
  it("stays pending with the sync error as its reason (Connect's Error() in a custom rule)", () => {
    const result = compareEngines({
      ...small("sync error", 2, ["OU=Sales"], { duration: "1h", drain: "2h" }),
      events: [
        {
          type: "create",
          at: "5m",
          object: "new-1",
          objectType: "user",
          ou: "OU=Sales",
          attributes: { department: "Sales" },
        },
        { type: "modify", at: "10m", object: "user-1", attributes: { employeeID: null } },
      ],
      engines: {
        connect: {
          rules: [
            customUserRule([
              {
                target: "employeeID",
                expression: 'IIF(IsPresent([employeeID]), [employeeID], Error("no employeeID"))',
              },
            ]),
          ],
        },
      },
    });
    const events = result.engines.connect?.events ?? [];
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event.status).toBe("pending");
      expect(event.reason).toMatch(
        /^sync error: rule "In from AD - User Custom" flow "employeeID": .*no employeeID/,
      );
    }
    // Cloud Sync's default mappings flow both.
    expect(result.engines.cloudSync?.events.map((e) => e.status)).toEqual(["applied", "applied"]);
  });
});

describe("attribute-based filtering (a custom rule flowing cloudFiltered)", () => {
  it("a write that filters an object out is its removal from the cloud, and one that lets it in its arrival", () => {
    const result = compareEngines({
      ...small("filtered by attribute", 5, ["OU=Sales"], {}),
      events: [
        { type: "modify", at: "5m", object: "user-1", attributes: { department: "Temp" } },
        { type: "modify", at: "10m", object: "user-2", attributes: { title: "Before" } },
        { type: "modify", at: "11m", object: "user-2", attributes: { department: "Temp" } },
        { type: "modify", at: "1h", object: "user-1", attributes: { department: "Sales", title: "Back" } },
      ],
      engines: {
        connect: {
          rules: [
            customUserRule([
              { target: "cloudFiltered", expression: 'IIF([department] = "Temp", True, NULL)' },
            ]),
          ],
        },
      },
    });
    const connect = result.engines.connect as EngineResult;
    // user-2's title had not shown when the user was filtered out: the removal overtook it.
    expect(connect.events.map((e) => e.status)).toEqual(["applied", "superseded", "applied", "applied"]);
    expect(connect.changes).toMatchObject({ made: 4, pending: 0, lost: 0, filtered: 0 });
    // The first export after the write deletes the user (Connect's 30-minute cycle).
    expect(connect.events[0]?.visibleAt).toBeGreaterThan(5 * 60_000);
    expect(connect.events[0]?.visibleAt).toBeLessThanOrEqual(35 * 60_000);
  });
});

describe("a flow made of the DN", () => {
  it("makes a move within the scope show in the cloud: measured as the move's latency", () => {
    const result = compareEngines({
      ...small("department from OU", 4, ["OU=Sales", "OU=IT"], {}),
      events: [
        { type: "move", at: "5m", object: "user-1", ou: "OU=IT" },
        { type: "modify", at: "6m", object: "user-2", attributes: { department: "Anything" } },
      ],
      engines: {
        connect: {
          rules: [customUserRule([{ target: "department", expression: "CStr(DNComponent([dn], 2))" }])],
        },
      },
    });
    const connect = result.engines.connect as EngineResult;
    // The move gives user-1 the department "IT"; AD's own department no longer flows.
    expect(connect.events.map((e) => e.status)).toEqual(["applied", "filtered"]);
    expect(connect.latency.move.count).toBe(1);
    // Cloud Sync's default mappings read no DN: the move shows nothing there.
    expect(result.engines.cloudSync?.events[0]?.status).toBe("filtered");
  });
});

describe("a person joined from two forests", () => {
  it("is previewed with the other forest's contribution: a forest-specific rule of the other forest wins", () => {
    const result = compareEngines({
      ...small("merger with a custom rule", 4, [], {}),
      directory: {
        users: 4,
        sharedUsers: 2,
        forests: [
          { name: "contoso.com", ous: ["OU=Staff"] },
          { name: "fabrikam.com", ous: ["OU=People"] },
        ],
      },
      features: ["multi-forest", "multi-forest-merge"],
      events: [
        // user-1 is a shared person: fabrikam's rule (precedence 40) decides its department.
        { type: "modify", at: "10m", object: "user-1", attributes: { department: "Ops" } },
        { type: "modify", at: "11m", object: "user-1", attributes: { title: "Boss" } },
      ],
      engines: {
        connect: {
          userJoin: { attribute: "employeeID" },
          rules: [
            {
              ...customUserRule([]),
              name: "In from AD - Fabrikam department",
              precedence: 40,
              forest: "fabrikam.com",
              flows: [{ target: "department", value: "FAB" }],
            },
          ],
        },
      },
    });
    const connect = result.engines.connect as EngineResult;
    expect(connect.events.map((e) => e.status)).toEqual(["filtered", "applied"]);
    expect(connect.changes).toMatchObject({ pending: 0, lost: 0 });
  });
});
