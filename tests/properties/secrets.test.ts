import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/html.js";
import { renderJson } from "../../src/report/json.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { scenarioPassword } from "../../src/scenario/secrets.js";
import {
  checkProperty,
  observeRun,
  type ScenarioEventInput,
  scenarioArbitrary,
} from "../../src/testing/index.js";
import { DIRECTORY, TIMEOUT } from "./helpers.js";

/**
 * Property 7 — secrets. Scenarios full of password changes and sign-ins (latest and previous password):
 * no plaintext password the run generated appears in the result JSON, in any report (JSON, Markdown,
 * HTML) or in any engine, tenant or directory event payload the run emitted.
 */
const FILE = "tests/properties/secrets.test.ts";
const MAX_SERIAL = 40;

describe("property: secrets", () => {
  it(
    "no plaintext password in results, reports or event payloads",
    () => {
      checkProperty(
        fc.property(
          scenarioArbitrary({
            directory: DIRECTORY,
            workload: { categories: ["passwordChangesPerHour", "createsPerHour"], maxPerHour: 12 },
            changes: { kinds: ["password", "create"], maxEvents: 6 },
          }),
          fc.constantFrom("connect" as const, "cloudSync" as const),
          (generated, engine) => {
            const signIns: ScenarioEventInput[] = ["user-1"].flatMap((object) => [
              { type: "sign-in", at: "50m", object, password: "latest" },
              { type: "sign-in", at: "51m", object, password: "previous" },
            ]);
            const scenario = { ...generated, events: [...generated.events, ...signIns] };
            const run = observeRun(scenario, { engine });
            const payloads = [
              JSON.stringify(run.result),
              renderJson(run.result),
              renderMarkdown(run.result),
              renderHtml(run.result),
              JSON.stringify(run.trace.events),
              JSON.stringify(run.trace.tenant),
              JSON.stringify(run.trace.directory),
            ].join("\n");
            for (const directory of run.world.forests.values()) {
              for (const user of [...directory.list("user")]) {
                for (let serial = 1; serial <= MAX_SERIAL; serial++) {
                  const password = scenarioPassword(run.result.seed, user.objectGUID, serial);
                  expect(payloads.includes(password), `password #${serial} of ${user.dn} leaked`).toBe(false);
                }
              }
            }
          },
        ),
        { numRuns: 8, deepRuns: 100, file: FILE },
      );
    },
    TIMEOUT,
  );
});
