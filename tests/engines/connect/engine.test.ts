import { describe, expect, it } from "vitest";
import {
  ConnectEngine,
  DEFAULT_CONNECT_CONFIG,
  resolveConnectConfig,
} from "../../../src/engines/connect/index.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { SimulationError } from "../../../src/scheduler/errors.js";
import { smallWorld, startEngine } from "./fixtures.js";

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as SimulationError).code).toBe("invalid-argument");
    return (error as SimulationError).details.field;
  }
  return undefined;
}

describe("ConnectEngine contract", () => {
  it("a change at run time keeps every setting it does not change (each field of the config survives)", () => {
    // Every field differs from its default, so a field the rebuilt config forgets goes back and shows.
    const engine = new ConnectEngine({
      servers: [{ name: "a" }, { name: "b", staging: true }],
      cycleInterval: "1h",
      deletionThreshold: 7,
      phsInterval: "3m",
      passwordHashSync: false,
      database: "sql",
      localDbObjectLimit: 5,
      scope: { ous: ["OU=Sales,DC=contoso,DC=com"], domains: ["contoso.com"] },
      maxDeltaAge: "2d",
      timing: { syncPerObjectMs: 7 },
      pilotGroup: "CN=Pilot,DC=contoso,DC=com",
      userJoin: { attribute: "mail", resourceForests: ["fabrikam.com"] },
      ptaAgents: 5,
      groupWritebackContainer: "OU=Groups,DC=contoso,DC=com",
      deviceWritebackContainer: "OU=Devices,DC=contoso,DC=com",
      health: { alerts: false, dataStaleAfter: "3h", phsHeartbeatAfter: "1h", noSyncAfter: "2d" },
    });
    const before = engine.config;
    for (const [key, value] of Object.entries(before))
      if (key !== "rules") expect(value, key).not.toEqual(DEFAULT_CONNECT_CONFIG[key as keyof typeof before]);
    engine.reconfigure({});
    expect(engine.config).toEqual(before);
  });

  it("validates its config, naming the path", () => {
    expect(fieldOf(() => new ConnectEngine({ cycleInterval: "soon" }))).toBe("cycleInterval");
    expect(fieldOf(() => new ConnectEngine({ servers: [{ name: "a" }, { name: "b c" }] }))).toBe(
      "servers[1].name",
    );
    expect(fieldOf(() => new ConnectEngine({ servers: [{ name: "a" }, { name: "b" }] }))).toBe(
      "servers[1].staging",
    );
    expect(fieldOf(() => new ConnectEngine({ deletionThreshold: -1 }))).toBe("deletionThreshold");
    expect(fieldOf(() => new ConnectEngine({ timing: { bogus: 1 } as never }))).toBe("timing.bogus");
    expect(fieldOf(() => new ConnectEngine({ scope: { ous: [""] } }))).toBe("scope.ous[0]");
    expect(fieldOf(() => new ConnectEngine({ nope: 1 } as never))).toBe("nope");
    expect(resolveConnectConfig({ cycleInterval: "1h", deletionThreshold: false })).toMatchObject({
      cycleIntervalMs: 60 * MINUTE,
      deletionThreshold: false,
    });
    expect(DEFAULT_CONNECT_CONFIG).toMatchObject({
      cycleIntervalMs: 30 * MINUTE,
      deletionThreshold: 500,
      phsIntervalMs: 2 * MINUTE,
      localDbObjectLimit: 100_000,
    });
  });

  it("answers features, actions and faults, refusing what Connect does not do", () => {
    const { world } = smallWorld(1);
    const engine = startEngine(world);
    expect(engine.kind).toBe("connect");
    expect(engine.capabilities.find((c) => c.feature === "pass-through-authentication")?.supported).toBe(
      true,
    );
    expect(
      engine.enableFeatures([
        "password-hash-sync",
        "staging-server",
        "pass-through-authentication",
        "group-provisioning-to-ad",
      ]),
    ).toEqual(["group-provisioning-to-ad"]);
    expect(engine.incidents.map((i) => i.detail)).toEqual([expect.stringContaining("Cloud Sync")]);
    expect(engine.perform({ action: "clear-quarantine" }).status).toBe("ignored");
    expect(engine.fault("federation", "down").status).toBe("refused"); // not installed
    expect(engine.fault("pta-agents", "down").status).toBe("done");
    expect(engine.fault("nowhere", "down").status).toBe("ignored");
    expect(engine.fault("primary", "throttle").status).toBe("ignored");
    expect(engine.perform({ action: "set-threshold", value: "lots" }).status).toBe("refused");
    expect(world.hosts.get("connect:primary")?.kind).toBe("sync-server");
  });

  it("reports its state", () => {
    const { world } = smallWorld(4);
    const engine = startEngine(world);
    world.scheduler.run({ until: 45 * MINUTE });
    expect(engine.status()).toMatchObject({
      kind: "connect",
      servers: [
        {
          name: "primary",
          mode: "active",
          up: true,
          lastCycle: { kind: "delta", start: 30 * MINUTE, ok: true },
          nextCycleAt: 60 * MINUTE,
          pendingExports: { "ad:contoso.com": 0, entra: 0 },
          databaseObjects: 4,
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(engine.status()))).toEqual(engine.status());
  });
});
