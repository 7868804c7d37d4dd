import { describe, expect, it } from "vitest";
import type { EngineKind } from "../../src/engines/engine.js";
import type { ComparisonResult, EventResult } from "../../src/scenario/result.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioEventInput, ScenarioInput } from "../../src/scenario/schema.js";
import { scenarioProblems } from "../../src/scenario/validate.js";

/**
 * The admin's `set-scope` mid-run: Connect's OU filtering page (a full import and full sync on the next
 * cycle, how-to-connect-sync-configure-filtering), Cloud Sync's scope (the watermark cleared, a new initial
 * cycle now, reference.md B "Timing"). Every object that came into the scope or left it is a change the
 * cloud must show; the event is applied once the cloud shows them all.
 */

const SALES = "OU=Sales,DC=contoso,DC=com";
const IT = "OU=IT,DC=contoso,DC=com";
const ENGINES: readonly EngineKind[] = ["connect", "cloudSync"];

const scenario = (events: ScenarioEventInput[], users = 40): ScenarioInput => ({
  name: "scope change",
  seed: 3,
  duration: "6h",
  drain: "12h",
  directory: { users, forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT"] }] },
  engines: { connect: { scope: { ous: [SALES] } }, cloudSync: { scope: { ous: [SALES] } } },
  events,
});
/** Both OUs in scope from the start. */
const wide = (events: ScenarioEventInput[], users = 40): ScenarioInput => ({
  ...scenario(events, users),
  engines: { connect: { scope: { ous: [SALES, IT] } }, cloudSync: { scope: { ous: [SALES, IT] } } },
});
const both = (at: string, value: unknown): ScenarioEventInput[] =>
  ENGINES.map((engine) => ({ type: "admin", at, engine, action: "set-scope", value }));
const mine = (result: ComparisonResult, engine: EngineKind): EventResult | undefined =>
  result.engines[engine]?.events.find((e) => e.type === "admin" && e.status !== "ignored");

describe("set-scope", () => {
  it("brings an OU in: Connect at its next cycle's full sync, Cloud Sync in a new initial cycle at once", () => {
    const result = compareEngines(scenario(both("1h", { ous: [SALES, IT] })));
    // Exact virtual times: Connect's next cycle starts at 1h27m (30-minute schedule from the warm-up) and
    // its full sync exports the 20 users of OU=IT; Cloud Sync's initial cycle starts at once.
    expect(mine(result, "connect")).toMatchObject({
      status: "applied",
      visibleAt: 5_244_400,
      latency: 1_644_400,
    });
    expect(mine(result, "cloudSync")).toMatchObject({
      status: "applied",
      visibleAt: 3_636_040,
      latency: 36_040,
    });
    for (const engine of ENGINES) {
      // Each user that came in is a change of its own, counted as a create.
      expect(result.engines[engine]?.changes).toMatchObject({ made: 20, applied: 20 });
      expect(result.engines[engine]?.latency.create.count).toBe(20);
      expect(result.engines[engine]?.cloud?.user).toBe(40);
    }
  });

  it("takes an OU out: its objects are deleted in the cloud, and their changes still waiting are overtaken", () => {
    const result = compareEngines(
      wide([
        { type: "modify", at: "59m", object: "user-2", attributes: { title: "Still waiting" } },
        ...both("1h", { ous: [IT] }),
      ]),
    );
    for (const engine of ENGINES) {
      const events = result.engines[engine]?.events ?? [];
      // user-2 is in OU=IT (users go round-robin over the OUs): it stays; user-1 (Sales) leaves.
      expect(events[0]?.status).toBe("applied");
      expect(mine(result, engine)?.status).toBe("applied");
      expect(result.engines[engine]?.latency.delete.count).toBe(20);
      expect(result.engines[engine]?.cloud?.user).toBe(20);
    }
  });

  it("a change waiting for an object that then leaves the scope is superseded by its removal", () => {
    const result = compareEngines(
      wide([
        { type: "modify", at: "59m", object: "user-1", attributes: { title: "Never shown" } },
        ...both("1h", { ous: [IT] }),
      ]),
    );
    // Connect's cycle had not run since 59m: the title never showed. Cloud Sync's 2-minute cycle had.
    expect(result.engines.connect?.events[0]?.status).toBe("superseded");
    expect(result.engines.cloudSync?.events[0]?.status).toBe("applied");
  });

  it("a mass removal meets each engine's delete protection; allow-deletes lets it through", () => {
    const result = compareEngines(
      wide(
        [
          ...both("1h", { ous: [IT] }),
          { type: "admin", at: "4h", engine: "connect", action: "allow-deletes" },
          { type: "admin", at: "4h", engine: "cloudSync", action: "allow-deletes" },
        ],
        1_200,
      ),
    );
    const kinds = (engine: EngineKind) => result.engines[engine]?.incidents.map((i) => i.kind) ?? [];
    expect(kinds("connect")).toContain("threshold-exceeded");
    expect(kinds("cloudSync")).toContain("threshold-exceeded");
    for (const engine of ENGINES) {
      const scope = mine(result, engine);
      expect(scope?.status).toBe("applied");
      // Nothing left before the admin allowed the deletes at 4h.
      expect(scope?.visibleAt).toBeGreaterThan(4 * 3_600_000);
      expect(result.engines[engine]?.cloud?.user).toBe(600);
    }
  });

  it("a scope change made while Connect's cycle runs is carried out by the next cycle", () => {
    // Connect's cycle starts at 27m (after the warm-up), just before the admin's change at the same
    // instant. The running cycle, begun with the old scope, cleared the request as it ended: the users
    // that left stayed in the cloud for good (scope-change property, deep run).
    const result = compareEngines(wide([...both("27m", { ous: [IT] })]));
    const connect = mine(result, "connect");
    expect(connect?.status).toBe("applied");
    expect(connect?.visibleAt).toBeGreaterThan(57 * 60_000);
    expect(connect?.visibleAt).toBeLessThan(60 * 60_000);
    expect(result.engines.connect?.cloud?.user).toBe(20);
  });

  it("an edit its object's delete overtook stays overtaken if the object comes back outside the scope", () => {
    // user-1 (Sales) is edited and deleted before Connect's 27m cycle, Sales leaves the scope, and the
    // user is restored before the delete reached the cloud: the edit can never show. It was put back as
    // pending, and ended the run `lost`.
    const result = compareEngines(
      wide([
        { type: "modify", at: "19m", object: "user-1", attributes: { title: "Before" } },
        { type: "delete", at: "20m", object: "user-1" },
        ...both("25m", { ous: [IT] }),
        { type: "restore", at: "26m", object: "user-1" },
      ]),
    );
    for (const engine of ENGINES) {
      expect(result.engines[engine]?.changes).toMatchObject({ pending: 0, lost: 0 });
      expect(result.engines[engine]?.events[0]?.status).not.toBe("lost");
    }
  });

  it("a scope that changes nothing is done, and says so", () => {
    const result = compareEngines(scenario(both("1h", { ous: [SALES] })));
    for (const engine of ENGINES)
      expect(mine(result, engine)).toMatchObject({
        status: "done",
        reason: "no object came into the engine's scope or left it",
      });
  });

  it("validation names a scope the engine would refuse or the scenario does not make", () => {
    const problems = scenarioProblems(
      scenario([
        { type: "admin", at: "1h", engine: "connect", action: "set-scope" },
        { type: "admin", at: "1h", engine: "connect", action: "set-scope", value: { ous: ["OU=IT"] } },
        { type: "admin", at: "1h", engine: "cloudSync", action: "set-scope", value: { ous: "OU=IT" } },
        {
          type: "admin",
          at: "1h",
          engine: "cloudSync",
          action: "set-scope",
          value: { groups: Array.from({ length: 51 }, (_, i) => `group-${i}`) },
        },
        { type: "admin", at: "1h", engine: "connect", action: "set-scope", target: "primary", value: {} },
      ]),
    ).map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual([
      "events[0].value: is required: the new scope ({ ous, domains })",
      'events[1].value.ous[0]: "OU=IT" is not a full DN: a scope names its OUs by DN ("OU=IT,DC=contoso,DC=com")',
      'events[2].value: "OU=IT" is not a list of DNs or names',
      "events[3].value: 51 OUs and groups, over the ~50 supported",
      'events[4].target: "primary": set-scope takes no target (the one OU and domain filter of the deployment)',
    ]);
  });
});
