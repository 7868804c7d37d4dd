import { describe, expect, test } from "vitest";
import { CloudSyncEngine } from "../../../src/engines/cloud-sync/index.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import { World } from "../../../src/model/world.js";
import { MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { addUsers, cloudOf, ROOT, setup, watchAttribute } from "./fixtures.js";

describe("limits", () => {
  test("a 200,000-object domain records the limit incident at the start, and the run goes on", () => {
    const world = new World({ seed: 1 });
    const dir = world.forest();
    const ou = dir.create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Big" });
    for (let i = 0; i < 200_000; i++) dir.create({ objectClass: "contact", parentDn: ou.dn, name: `c${i}` });
    const engine = new CloudSyncEngine();
    engine.attach(world);
    engine.start();
    expect(engine.incidents).toEqual([
      {
        at: 0,
        kind: "limit-exceeded",
        detail: expect.stringContaining("200,000 objects, over the supported 150,000"),
      },
    ]);
    world.scheduler.run({ until: 10_000 });
    const status = engine.status() as {
      configurations: Array<{ provisioning: { state: string; running: boolean } }>;
    };
    expect(status.configurations[0]?.provisioning).toMatchObject({ state: "Active", running: true });
  });

  test("a scope of more OUs and groups than the ~50 supported: an incident at the start, a refused set-scope", () => {
    const groups = (n: number) => Array.from({ length: n }, (_, i) => `group-${i}`);
    const { world, engine } = setup({
      start: false,
      config: { scope: { ous: [`OU=Sync,${ROOT}`], groups: groups(50) } },
    });
    engine.start();
    expect(engine.incidents).toEqual([
      { at: 0, kind: "limit-exceeded", detail: "scope: 51 OUs and groups, over the ~50 supported" },
    ]);
    world.scheduler.run({ until: MINUTE });
    expect(engine.perform({ action: "set-scope", value: { groups: groups(51) } })).toEqual({
      status: "refused",
      reason: "set-scope: 51 OUs and groups, over the ~50 supported",
    });
    expect(engine.perform({ action: "set-scope", value: { groups: groups(50) } })).toEqual({
      status: "done",
    });
  });

  test("the objects-per-domain limit counts the objects in the configuration's scope only", () => {
    const { world, engine, ou } = setup({
      start: false,
      config: { objectLimit: 5, scope: { ous: [`OU=Sync,${ROOT}`] } },
    });
    const other = world.forest().create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Other" });
    addUsers(world, other.dn, 10, "other");
    addUsers(world, ou.dn, 5);
    engine.start();
    world.scheduler.run({ until: MINUTE });
    // 15 users in the domain, 5 in scope: at the limit, not over it.
    expect(engine.incidents.filter((i) => i.kind === "limit-exceeded")).toEqual([]);
    addUsers(world, ou.dn, 1, "extra");
    engine.perform({ action: "restart" });
    world.scheduler.run({ until: 2 * MINUTE });
    // The initial cycle after the restart counts again: 6 in scope.
    expect(engine.incidents.filter((i) => i.kind === "limit-exceeded")).toEqual([
      {
        at: MINUTE,
        kind: "limit-exceeded",
        detail: expect.stringMatching(/^contoso\.com: 6 objects, over the supported 5 per domain/),
      },
    ]);
  });

  test("a group over the member limit is not provisioned and says why; nested groups count as one", () => {
    // The 50,000 default is lowered to 50 here: the model's addMember copies the member list per call,
    // so a real 60,000-member group takes minutes to build. The rule is the same.
    const { world, engine, ou } = setup({ start: false, config: { groupMemberLimit: 50 } });
    const dir = world.forest();
    const members = addUsers(world, ou.dn, 59);
    const big = dir.create({ objectClass: "group", parentDn: ou.dn, name: "Big" });
    const nested = dir.create({ objectClass: "group", parentDn: ou.dn, name: "Nested" });
    for (const user of members) dir.addMember(big.objectGUID, user.objectGUID);
    dir.addMember(big.objectGUID, nested.objectGUID);
    engine.start();
    world.scheduler.run({ until: 10 * MINUTE });
    expect(cloudOf(world, dir.get(big.objectGUID)!)).toBeUndefined();
    expect(cloudOf(world, nested)).toBeDefined();
    expect(cloudOf(world, members[0]!)).toBeDefined();
    const errors = engine.incidents.filter((i) => i.kind === "sync-error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.detail).toContain(
      "CN=Big,OU=Sync,DC=contoso,DC=com: group has 60 members, over the 50 limit; not provisioned",
    );
  });

  test("group scoping takes first-level members only; adding a member to the scoping group brings it in", () => {
    const { world, engine, ou } = setup({ start: false, config: { scope: { groups: ["Pilot"] } } });
    const dir = world.forest();
    const [a, b, c] = addUsers(world, ou.dn, 3);
    const pilot = dir.create({ objectClass: "group", parentDn: ou.dn, name: "Pilot" });
    const inner = dir.create({ objectClass: "group", parentDn: ou.dn, name: "Inner" });
    dir.addMember(pilot.objectGUID, a!.objectGUID);
    dir.addMember(pilot.objectGUID, inner.objectGUID);
    dir.addMember(inner.objectGUID, b!.objectGUID);
    engine.start();
    world.scheduler.run({ until: 3 * MINUTE });
    expect(cloudOf(world, a!)).toBeDefined();
    expect(cloudOf(world, dir.get(inner.objectGUID)!)).toBeDefined();
    expect(cloudOf(world, b!)).toBeUndefined();
    dir.addMember(pilot.objectGUID, c!.objectGUID);
    world.scheduler.run({ until: 6 * MINUTE });
    expect(cloudOf(world, c!)).toBeDefined();
  });
});

describe("capabilities and features", () => {
  test("device writeback and PTA are listed as unsupported without failing the run", () => {
    const { world, engine, users } = setup({ users: 2, start: false });
    const unsupported = engine.enableFeatures([
      "device-writeback",
      "pass-through-authentication",
      "password-hash-sync",
    ]);
    expect(unsupported).toEqual(["device-writeback", "pass-through-authentication"]);
    expect(engine.incidents.map((i) => i.kind)).toEqual(["unsupported-feature", "unsupported-feature"]);
    engine.start();
    world.scheduler.run({ until: 5 * MINUTE });
    expect(cloudOf(world, users[1]!)).toBeDefined();
  });

  test("one row per feature; the article profile has no writeback of any kind", () => {
    const current = new CloudSyncEngine().capabilities;
    const article = new CloudSyncEngine({ capabilities: "article" }).capabilities;
    expect(current).toHaveLength(15);
    const supported = (table: typeof current, feature: string) =>
      table.find((r) => r.feature === feature)?.supported;
    expect(supported(current, "password-writeback")).toBe(true);
    expect(supported(article, "password-writeback")).toBe(false);
    expect(supported(article, "exchange-hybrid-writeback")).toBe(false);
    expect(supported(article, "group-provisioning-to-ad")).toBe(false);
    for (const table of [current, article]) {
      expect(supported(table, "password-hash-sync")).toBe(true);
      expect(supported(table, "federation")).toBe(false);
      expect(supported(table, "staging-server")).toBe(false);
      expect(supported(table, "multi-forest-merge")).toBe(false);
      for (const row of table) expect(row.reason.length).toBeGreaterThan(10);
    }
    const engine = new CloudSyncEngine({ capabilities: "article" });
    engine.attach(new World({ seed: 1 }));
    expect(engine.enableFeatures(["password-writeback", "group-provisioning-to-ad"])).toEqual([
      "password-writeback",
      "group-provisioning-to-ad",
    ]);
  });

  test("password writeback: a cloud reset reaches AD through the agent in the relay's 2 s; fails at once with a reason when no agent", () => {
    const { world, engine, users } = setup({ users: 1, start: false });
    expect(engine.enableFeatures(["password-writeback"])).toEqual([]);
    engine.start();
    world.scheduler.run({ until: 3 * MINUTE });
    const cloudId = cloudOf(world, users[0]!)!.cloudId;
    const landed: number[] = [];
    world.forest().events.on("password", (e) => landed.push(e.at));
    world.tenant.resetPassword(cloudId, "Reset-In-Cloud-1");
    world.scheduler.run({ until: 3 * MINUTE + 2 * SECOND });
    // concept-sspr-writeback: real time via a relay; the round trip is the assumption Connect makes too.
    expect(landed).toEqual([3 * MINUTE + 2 * SECOND]);
    expect(world.forest().passwordOf(users[0]!.objectGUID)?.hash.version).toBe(1);
    expect(world.forest().authenticate(users[0]!.objectGUID, "Reset-In-Cloud-1")).toEqual({ ok: true });
    world.scheduler.run({ until: 21 * MINUTE });
    engine.fault("agent-1", "crash");
    world.scheduler.run({ until: 31 * MINUTE });
    world.tenant.resetPassword(cloudId, "Second-Reset-2");
    world.scheduler.run({ until: 32 * MINUTE });
    expect(engine.incidents.filter((i) => i.kind === "writeback-failed")).toEqual([
      {
        at: 31 * MINUTE,
        kind: "writeback-failed",
        detail: `contoso.com: password writeback for ${cloudOf(world, users[0]!)!.attributes.userPrincipalName} failed: no active agents`,
      },
    ]);
  });
});

describe("on-demand provisioning", () => {
  test("makes one object visible at once, regardless of scoping", () => {
    const { world, engine } = setup({ start: false, config: { scope: { ous: [`OU=Sync,${ROOT}`] } } });
    const other = world.forest().create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Other" });
    const [outside] = addUsers(world, other.dn, 1, "outside");
    engine.start();
    const runs: unknown[] = [];
    engine.cloudEvents.on("on-demand", (e) => runs.push(e));
    world.scheduler.run({ until: MINUTE });
    expect(cloudOf(world, outside!)).toBeUndefined();
    expect(engine.perform({ action: "on-demand", target: outside!.dn })).toEqual({ status: "done" });
    world.scheduler.run({ until: MINUTE + 5_000 });
    // Agent read (1 ms) then one create (1.2 s): seconds, not a cycle.
    expect(cloudOf(world, outside!)?.createdAt).toBe(MINUTE + 1 + 1_200);
    expect(runs).toEqual([
      { at: MINUTE + 1_201, domain: "contoso.com", target: outside!.dn, ok: true, action: "created" },
    ]);
    expect(engine.perform({ action: "on-demand", target: "CN=nobody,DC=contoso,DC=com" }).status).toBe(
      "refused",
    );
  });
});

describe("multi-forest", () => {
  test("disconnected forests: one configuration each, the same person becomes two cloud users", () => {
    const world = new World({ seed: 1, forests: [{ name: "contoso.com" }, { name: "fabrikam.com" }] });
    const a = world.forest("contoso.com").create({
      objectClass: "user",
      parentDn: ROOT,
      name: "ann",
      attributes: { userPrincipalName: "ann@contoso.com", displayName: "Ann Lee" },
    });
    const b = world.forest("fabrikam.com").create({
      objectClass: "user",
      parentDn: "DC=fabrikam,DC=com",
      name: "ann",
      attributes: { userPrincipalName: "ann@fabrikam.com", displayName: "Ann Lee" },
    });
    const engine = new CloudSyncEngine();
    engine.attach(world);
    engine.start();
    world.scheduler.run({ until: 5 * MINUTE });
    expect(world.tenant.getByAnchor(sourceAnchorOf(a))?.writer).toBe("cloud-sync:contoso.com");
    expect(world.tenant.getByAnchor(sourceAnchorOf(b))?.writer).toBe("cloud-sync:fabrikam.com");
    expect(
      [...world.tenant.objects("user")].filter((u) => u.attributes.displayName === "Ann Lee"),
    ).toHaveLength(2);
    const status = engine.status() as { configurations: Array<{ domain: string }> };
    expect(status.configurations.map((c) => c.domain)).toEqual(["contoso.com", "fabrikam.com"]);
  });

  test("domains restricts the configurations", () => {
    const world = new World({ seed: 1, forests: [{ name: "contoso.com" }, { name: "fabrikam.com" }] });
    const engine = new CloudSyncEngine({ domains: ["fabrikam.com"] });
    engine.attach(world);
    expect((engine.status() as { configurations: unknown[] }).configurations).toHaveLength(1);
    expect(() => new CloudSyncEngine({ domains: ["nope.com"] }).attach(new World({ seed: 1 }))).toThrow(
      /domains/,
    );
  });
});

describe("attribute mappings", () => {
  test("direct and constant overrides replace the default of the same target", () => {
    const { world, users } = setup({
      users: 1,
      config: {
        mappings: {
          user: [
            { type: "direct", target: "department", source: "title" },
            { type: "constant", target: "companyName", value: "Contoso Ltd" },
          ],
        },
      },
    });
    world.forest().modify(users[0]!.objectGUID, { title: "Engineer" });
    const visible = watchAttribute(world, users[0]!, "department", "Engineer");
    world.scheduler.run({ until: 5 * MINUTE });
    expect(cloudOf(world, users[0]!)?.attributes).toMatchObject({
      department: "Engineer",
      companyName: "Contoso Ltd",
    });
    expect(visible()).toBe(1 + 1_200);
  });

  test("expression mappings are parsed once and interpreted per object", () => {
    const { world, users } = setup({
      users: 1,
      config: {
        mappings: {
          user: [
            {
              type: "expression",
              target: "displayName",
              expression: 'Join(" ", [department], [displayName])',
            },
          ],
        },
      },
    });
    world.scheduler.run({ until: 5 * MINUTE });
    expect(cloudOf(world, users[0]!)?.attributes.displayName).toBe("Sales User 1");
  });

  test("a malformed expression is a typed error naming the mapping", () => {
    expect(
      () =>
        new CloudSyncEngine({
          mappings: { user: [{ type: "expression", target: "displayName", expression: "Join(" }] },
        }),
    ).toThrow(
      expect.objectContaining({
        code: "invalid-expression",
        message: expect.stringContaining('mappings.user "displayName"'),
      }),
    );
  });

  test("an expression that fails at run time is a per-object sync error; the others go on", () => {
    const { world, engine, users } = setup({
      users: 2,
      config: {
        mappings: {
          user: [{ type: "expression", target: "jobTitle", expression: 'Left([displayName], "many")' }],
        },
      },
    });
    void users;
    world.scheduler.run({ until: 5 * MINUTE });
    const errors = engine.incidents.filter((i) => i.kind === "sync-error");
    expect(errors.map((e) => e.detail)).toEqual([
      expect.stringMatching(/^CN=user-1,OU=Sync,DC=contoso,DC=com: mappings.user "jobTitle": position \d+: /),
      expect.stringMatching(/^CN=user-2,OU=Sync,DC=contoso,DC=com: mappings.user "jobTitle"/),
    ]);
    expect(world.tenant.size).toBe(0);
  });
});
