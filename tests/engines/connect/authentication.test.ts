import { describe, expect, it } from "vitest";
import { ConnectEngine } from "../../../src/engines/connect/index.js";
import type { Feature } from "../../../src/engines/engine.js";
import { MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { smallWorld } from "./fixtures.js";

function setup(feature: Feature) {
  const { world, people } = smallWorld(2);
  const engine = new ConnectEngine();
  engine.attach(world);
  expect(engine.enableFeatures([feature])).toEqual([]);
  engine.start();
  const ad = world.forest();
  ad.setPassword(people[0]!.objectGUID, "Old-pass1");
  world.scheduler.run({ until: 10 * MINUTE });
  return { world, engine, ad, user: people[0]! };
}

describe("Connect sign-in methods", () => {
  it("PTA: a new password works one second after the change while agents are up, fails while they are down", () => {
    const { world, engine, ad, user } = setup("pass-through-authentication");
    expect(world.tenant.authentication).toBe("pta");
    // how-to-connect-pta-faq: 3 agents recommended (the default).
    expect([...world.hosts.keys()].filter((h) => h.startsWith("connect:pta-agent-"))).toHaveLength(3);
    ad.setPassword(user.objectGUID, "New-pass2");
    world.scheduler.run({ until: world.scheduler.now + SECOND });
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2")).toEqual({
      success: true,
      reason: "ok",
      method: "pta",
    });
    expect(world.tenant.signIn("user0@contoso.com", "Old-pass1").reason).toBe("password-mismatch");
    // Any agent that is up takes the request.
    expect(engine.fault("pta-agent-1", "down").status).toBe("done");
    expect(engine.fault("pta-agent-2", "crash").status).toBe("done");
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2").success).toBe(true);
    engine.fault("pta-agents", "down");
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2")).toEqual({
      success: false,
      reason: "no-agent-available",
      method: "pta",
    });
    engine.fault("pta-agents", "up");
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2").success).toBe(true);
    world.cloudLink.cut();
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2").reason).toBe("no-agent-available");
    world.cloudLink.restore();
    // On-premises account state is enforced at once.
    ad.disable(user.objectGUID);
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2").reason).toBe("account-disabled");
    expect((engine.status() as { ptaAgentsUp: number }).ptaAgentsUp).toBe(3);
  });

  it("PHS: fails until the hash has synced, then keeps working while on-premises is down", () => {
    const { world, engine, ad, user } = setup("password-hash-sync");
    expect(world.tenant.authentication).toBe("phs");
    world.scheduler.run({ until: 10 * MINUTE + SECOND });
    const changedAt = world.scheduler.now;
    ad.setPassword(user.objectGUID, "New-pass2");
    world.scheduler.run({ until: changedAt + SECOND });
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2").success).toBe(false);
    // The next PHS pass (2 min after the previous pass ended at 10 min + 10 ms) carries it, 10 ms per user.
    world.scheduler.run({ until: 12 * MINUTE + 19 });
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2").reason).toBe("password-mismatch");
    world.scheduler.run({ until: 12 * MINUTE + 20 });
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2")).toEqual({
      success: true,
      reason: "ok",
      method: "phs",
    });
    engine.fault("primary", "crash");
    world.hosts.get("dc:contoso.com")!.crash();
    world.cloudLink.cut();
    expect(world.tenant.signIn("user0@contoso.com", "New-pass2").success).toBe(true);
  });

  it("PHS: a user whose hash was never synced fails with hash-not-synced", () => {
    const { world } = setup("password-hash-sync");
    expect(world.tenant.signIn("user1@contoso.com", "anything").reason).toBe("hash-not-synced");
  });

  it("federation: fails while the federation host is down, unless an admin switches to PHS set up as backup", () => {
    const { world, engine, user, ad } = setup("federation");
    expect(world.tenant.authentication).toBe("federation");
    expect(world.hosts.get("connect:federation")?.kind).toBe("federation-server");
    expect(world.tenant.signIn("user0@contoso.com", "Old-pass1")).toEqual({
      success: true,
      reason: "ok",
      method: "federation",
    });
    expect(engine.fault("federation", "down").status).toBe("done");
    expect(world.tenant.signIn("user0@contoso.com", "Old-pass1")).toEqual({
      success: false,
      reason: "federation-unavailable",
      method: "federation",
    });
    // PHS runs as backup (express default): the hash synced at the 2-minute pass; the admin switches.
    expect(engine.switchAuthentication("phs").status).toBe("done");
    expect(world.tenant.signIn("user0@contoso.com", "Old-pass1")).toEqual({
      success: true,
      reason: "ok",
      method: "phs",
    });
    engine.fault("federation", "up");
    expect(engine.switchAuthentication("federation").status).toBe("done");
    ad.disable(user.objectGUID);
    expect(world.tenant.signIn("user0@contoso.com", "Old-pass1").reason).toBe("account-disabled");
  });

  it("federation without PHS as backup: the switch is refused", () => {
    const { world } = smallWorld(1);
    const engine = new ConnectEngine({ passwordHashSync: false });
    engine.attach(world);
    engine.enableFeatures(["federation"]);
    expect(engine.switchAuthentication("phs")).toEqual({
      status: "refused",
      reason: "password hash sync is not set up as a backup",
    });
    expect(engine.switchAuthentication("pta").status).toBe("refused");
  });

  it("configures the number of PTA agents (at most 40, how-to-connect-pta-faq)", () => {
    const { world } = smallWorld(1);
    const engine = new ConnectEngine({ ptaAgents: 1 });
    engine.enableFeatures(["pass-through-authentication"]); // before attach: installed at attach
    engine.attach(world);
    expect(world.tenant.authentication).toBe("pta");
    expect([...world.hosts.keys()].filter((h) => h.startsWith("connect:pta-agent-"))).toEqual([
      "connect:pta-agent-1",
    ]);
    expect(() => new ConnectEngine({ ptaAgents: 41 })).toThrow(/ptaAgents/);
  });
});

describe("Connect sign-in admin action", () => {
  it("accepts switch-authentication through perform (once AdminActionName carries it)", () => {
    const { world } = smallWorld(1);
    const engine = new ConnectEngine();
    engine.attach(world);
    engine.enableFeatures(["federation"]);
    expect(engine.perform({ action: "switch-authentication" as never, value: "phs" }).status).toBe("done");
    expect(world.tenant.authentication).toBe("phs");
  });

  it("refuses a switch to the method in use (no failover to record) and faults on parts not installed", () => {
    const { world } = smallWorld(1);
    const engine = new ConnectEngine();
    engine.attach(world);
    expect(engine.switchAuthentication("phs")).toEqual({
      status: "refused",
      reason: "sign-in already uses phs",
    });
    expect(engine.incidents.filter((i) => i.kind === "failover")).toEqual([]);
    for (const part of ["pta-agents", "pta-agent-1", "federation"])
      expect(engine.fault(part, "down")).toEqual({
        status: "refused",
        reason: `"${part}" is not installed (sign-in uses phs)`,
      });
  });
});
