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

/**
 * A remembered reference is forgotten only when what it resolves to can change: its object's link, or
 * whether its metaverse object is provisioned. An attribute change that takes a member out of Entra ID
 * (cloudFiltered) keeps its link, so only the provisioning check can forget it.
 */
describe("Connect: remembered references follow provisioning changes of linked objects", () => {
  const scenario = (filtered: readonly boolean[]) => ({
    name: "member-filtered",
    seed: 11,
    duration: "3h",
    drain: "2h",
    directory: {
      users: 6,
      groups: 1,
      membersPerGroup: 6,
      forests: [{ name: "contoso.com", ous: ["OU=Sales"] }],
    },
    engines: { connect: {}, cloudSync: {} },
    events: filtered.flatMap((value, i) => [
      { type: "modify", at: `${40 + 50 * i}m`, object: "user-2", attributes: { cloudFiltered: value } },
      { type: "modify", at: `${41 + 50 * i}m`, object: "user-3", attributes: { cloudFiltered: value } },
    ]),
  });

  it.each([[[true]], [[true, false]]])("cloudFiltered %j: group members and managers follow", (filtered) => {
    const run = observeRun(scenario(filtered) as never, { engine: "connect" });
    expect(
      diffCloudStates(cloudStateOf(run), expectedCloudState(run.world, run.engine), ["tenant", "AD"]),
    ).toEqual([]);
    expect(run.engineResult.changes.pending).toBe(0);
  });
});
