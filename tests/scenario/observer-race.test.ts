import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";

/**
 * A delete made after the engine read the object but before its add reached the cloud: the add lands
 * after the delete, so the delete cannot count as visible at once — it waits for the cloud's delete.
 */
describe("observer: delete racing an add in flight", () => {
  const scenario: ScenarioInput = {
    name: "race",
    seed: 3,
    duration: "1h",
    drain: "2h",
    initialSync: "during-run",
    directory: { users: 3, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    events: [
      { type: "create", at: "29m", object: "late", objectType: "user", ou: "OU=Sales" },
      // The 30-minute delta cycle has imported `late` by now; its export is still to come.
      { type: "delete", at: "30m1s", object: "late" },
    ],
  };

  it("keeps the delete pending until the cloud deletes the late arrival (Connect)", () => {
    const result = runScenario(scenario, { engine: "connect" }).engines.connect!;
    const [create, remove] = result.events;
    // The delete overtook the create before it showed: superseded, as for any change a delete overtakes.
    expect(create?.status).toBe("superseded");
    expect(remove?.status).toBe("applied");
    // Visible only at the next cycle's export (60m + processing), not at once.
    expect(remove?.visibleAt).toBeGreaterThan(60 * 60_000);
    expect(remove?.visibleAt).toBeLessThan(62 * 60_000);
    expect(result.changes.pending).toBe(0);
  });
});
