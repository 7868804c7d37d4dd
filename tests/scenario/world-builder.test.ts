import { describe, expect, it } from "vitest";
import { EmployeeIds } from "../../src/scenario/employee-ids.js";
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

  it("gives every person an employeeID of their own; only a merger's copies share one", () => {
    // Drawn at random and left to collide, ~14 pairs of 5,000 users shared an ID, and a join on employeeID
    // made strangers one cloud user.
    const merger = validateScenario({
      name: "merger",
      directory: {
        users: 20_000,
        sharedUsers: 500,
        forests: [
          { name: "contoso.com", ous: ["OU=Staff"] },
          { name: "fabrikam.com", ous: ["OU=People"] },
        ],
      },
    });
    const { world } = buildWorld(merger, 3);
    const holders = new Map<string, string[]>();
    for (const forest of ["contoso.com", "fabrikam.com"]) {
      for (const user of world.forest(forest).list("user")) {
        const id = String(user.attributes.employeeID);
        expect(id).toMatch(/^[1-9]\d{5}$/);
        holders.set(id, [...(holders.get(id) ?? []), String(user.attributes.mailNickname)]);
      }
    }
    const shared = [...holders.values()].filter((names) => names.length > 1);
    expect(holders.size).toBe(20_000);
    expect(shared).toHaveLength(500);
    // The copy of user-K in fabrikam is fabrikam-user-K, with user-K's mailNickname.
    for (const names of shared) expect(new Set(names).size).toBe(1);
  });

  it("hands out the drawn employee ID when free, else the next free one, wrapping round; a fork is apart", () => {
    const ids = new EmployeeIds();
    expect(ids.claim(5)).toBe("100005");
    expect(ids.claim(5)).toBe("100006");
    expect(ids.claim(899_999)).toBe("999999");
    expect(ids.claim(899_999)).toBe("100000");
    const fork = ids.fork();
    expect(fork.claim(5)).toBe("100007");
    expect(ids.claim(7)).toBe("100007");
  });

  it("spells telephone numbers with four digits and shares each one", () => {
    expect(telephoneNumber(7)).toBe("+1 555 0007");
    expect(telephoneNumber(1234)).toBe("+1 555 1234");
    expect(telephoneNumber(7)).toBe(telephoneNumber(7));
  });
});
