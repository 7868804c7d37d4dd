import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { checkProperty, observeRun } from "../../src/testing/index.js";
import { customUserRule } from "../fixtures/rules.js";
import { recoverableScenarios, TIMEOUT, unexplainedFilters } from "./helpers.js";

/**
 * Property — custom flows settle. With Connect's custom sync rules or Cloud Sync's mapping overrides
 * (values transformed, an attribute carried to another cloud attribute, one cloud attribute made of two
 * AD attributes, users filtered out by an attribute and back, an apply-once flow, a flow ignored when empty, one made of the OU), any workload, scripted changes and recoverable faults end with nothing pending or lost: the
 * observer waits for the value the engine's flows make (`previewChange`), not the standard flows' value,
 * and calls a write no flow reads `filtered`.
 */
const FILE = "tests/properties/custom-flows.test.ts";

/** Connect: a custom inbound rule before the out-of-box ones (precedence 50 < 100). */
const CONNECT = {
  rules: [
    customUserRule([
      { target: "department", expression: "UCase([department])" },
      { target: "telephoneNumber", expression: "IIF(IsPresent([mobile]), [mobile], AuthoritativeNull)" },
      { target: "displayName", expression: 'PCase([givenName]) & " " & UCase([sn])' },
      { target: "title", expression: "IIF(IsPresent([title]), Left([title], 3), IgnoreThisFlow)" },
      // Made of the OU: a move within the scope shows in the cloud.
      {
        target: "mailNickname",
        expression: 'LCase(CStr(DNComponent([dn], 2))) & "-" & [mailNickname]',
      },
      // Attribute-based filtering: the workload's department edits take users out of scope and back.
      { target: "cloudFiltered", expression: 'IIF([department] = "Legal", True, NULL)' },
    ]),
    {
      // Apply-once: the company a user was created with stays in the cloud; later edits never flow.
      name: "Out to AAD - User Company once",
      direction: "outbound" as const,
      sourceObjectType: "person",
      targetObjectType: "user",
      connector: "entra",
      precedence: 50,
      flows: [{ target: "companyName", source: "company", applyOnce: true }],
    },
  ],
};

/** Cloud Sync: the same ideas as expression mappings in its dialect. */
const CLOUD_SYNC = {
  mappings: {
    user: [
      // A cleared department leaves the cloud's as it is.
      {
        type: "expression" as const,
        target: "department",
        expression: "IgnoreFlowIfNullOrEmpty(ToUpper([department]))",
      },
      {
        type: "expression" as const,
        target: "telephoneNumber",
        expression: 'IIF(IsPresent([mobile]), [mobile], "")',
      },
      {
        type: "expression" as const,
        target: "displayName",
        expression: 'Join(" ", [givenName], ToUpper([sn]))',
      },
      {
        type: "expression" as const,
        target: "jobTitle",
        expression: 'IIF(IsPresent([title]), Left([title], 3), "none")',
      },
    ],
  },
};

describe("property: custom flows settle", () => {
  for (const engine of ["connect", "cloudSync"] as const) {
    it(
      `${engine}: with custom flows, after recoverable faults, nothing is left pending or lost`,
      () => {
        checkProperty(
          fc.property(
            recoverableScenarios().map(
              (scenario): ScenarioInput => ({
                ...scenario,
                engines: {
                  ...scenario.engines,
                  connect: { ...scenario.engines?.connect, ...CONNECT },
                  cloudSync: { ...scenario.engines?.cloudSync, ...CLOUD_SYNC },
                },
              }),
            ),
            (scenario) => {
              const result = observeRun(scenario, { engine }).engineResult;
              const c = result.changes;
              expect(c.made, "conservation").toBe(
                c.applied + c.superseded + c.pending + c.lost + c.filtered + c.unsupported,
              );
              expect(unexplainedFilters(result), "a filtered scripted event says why").toEqual([]);
              expect({ pending: c.pending, lost: c.lost }, "pending and lost").toEqual({
                pending: 0,
                lost: 0,
              });
            },
          ),
          { numRuns: 12, deepRuns: 150, file: FILE, testName: engine },
        );
      },
      TIMEOUT,
    );
  }
});
