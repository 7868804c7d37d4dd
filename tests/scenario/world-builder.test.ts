import { describe, expect, it } from "vitest";
import { validateScenario } from "../../src/scenario/validate.js";
import { buildWorld, telephoneNumber } from "../../src/scenario/world-builder.js";

describe("buildWorld", () => {
  const scenario = validateScenario({
    name: "small",
    seed: 7,
    duration: "1h",
    directory: {
      users: 40,
      groups: 3,
      membersPerGroup: 10,
      forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT"] }],
    },
  });

  it("fills each group with distinct users of its forest in one write, and the same world from the same seed", () => {
    const { world, population } = buildWorld(scenario, 7);
    const ad = world.forest();
    const groups = ad.list("group");
    expect(groups).toHaveLength(3);
    for (const group of groups) {
      const members = group.attributes.member as readonly string[];
      expect(new Set(members).size).toBe(10);
      for (const member of members) expect(ad.get(member)?.objectClass).toBe("user");
    }
    // One LDAP modify adding each group's members: one USN per group, after every group was created.
    const written = groups.map((g) => g.uSNChanged).sort((a, b) => a - b);
    const created = Math.max(...groups.map((g) => g.uSNCreated));
    expect(written).toEqual([created + 1, created + 2, created + 3]);
    expect(population.live.user.size).toBe(40);
    const again = buildWorld(scenario, 7).world.forest();
    expect(again.list("group").map((g) => g.attributes.member)).toEqual(
      groups.map((g) => g.attributes.member),
    );
  });

  it("spells telephone numbers with four digits and shares each one", () => {
    expect(telephoneNumber(7)).toBe("+1 555 0007");
    expect(telephoneNumber(1234)).toBe("+1 555 1234");
    expect(telephoneNumber(7)).toBe(telephoneNumber(7));
  });
});
