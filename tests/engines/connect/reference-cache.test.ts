import { describe, expect, it } from "vitest";
import { cloudStateOf, diffCloudStates, expectedCloudState, observeRun } from "../../../src/testing/index.js";

/**
 * Group member references are remembered between syncs (reference-cache.ts). A member leaving and
 * re-entering the engine's scope between two syncs of its group must still change the group's cloud
 * members each time.
 */
describe("Connect: remembered member references follow scope changes", () => {
  it("drops a member moved out of scope from the group and adds it back when it returns", () => {
    const scenario = {
      name: "member-scope",
      seed: 9,
      duration: "3h",
      drain: "2h",
      directory: {
        users: 4,
        groups: 1,
        membersPerGroup: 4,
        forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT"] }],
      },
      engines: { connect: { scope: { ous: ["OU=Sales,DC=contoso,DC=com"] } }, cloudSync: {} },
      events: [
        { type: "move", at: "10m", object: "user-1", ou: "OU=IT" },
        { type: "add-member", at: "45m", object: "group-1", member: "user-3" },
        { type: "move", at: "1h10m", object: "user-1", ou: "OU=Sales" },
        { type: "remove-member", at: "1h45m", object: "group-1", member: "user-3" },
      ],
    } as const;
    const run = observeRun(scenario as never, { engine: "connect" });
    expect(
      diffCloudStates(cloudStateOf(run), expectedCloudState(run.world, run.engine), ["tenant", "AD"]),
    ).toEqual([]);
    expect(run.engineResult.changes.pending).toBe(0);
    const moves = run.engineResult.events.filter((e) => e.type === "move");
    expect(moves.map((e) => e.status)).toEqual(["applied", "applied"]);
  });
});
