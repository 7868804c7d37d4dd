import { describe, expect, it } from "vitest";
import type { EngineKind, SyncEngine } from "../../src/engines/engine.js";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import type { World } from "../../src/model/world.js";
import { createEngine } from "../../src/scenario/engines.js";
import type { ComparisonResult, EngineResult } from "../../src/scenario/result.js";
import { compareEngines, runEngines, runScenario, summarise } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { requestedFeatures, simulate } from "../../src/scenario/simulate.js";
import { defaultEngineThreadOldSpaceMb, scenarioWeight } from "../../src/scenario/thread-heap.js";
import { VERSION } from "../../src/scenario/version.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { thrown } from "../fixtures/errors.js";

const busy: ScenarioInput = {
  name: "busy",
  seed: 11,
  duration: "3h",
  drain: "6h",
  directory: {
    users: 120,
    groups: 8,
    membersPerGroup: 6,
    contacts: 5,
    devices: 5,
    forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT", "OU=HR"] }],
  },
  workload: {
    attributeChangesPerHour: 80,
    passwordChangesPerHour: 20,
    createsPerHour: 6,
    deletesPerHour: 4,
    movesPerHour: 4,
    membershipChangesPerHour: 12,
  },
  events: [
    { type: "create", at: "20m", object: "ann", attributes: { displayName: "Ann" } },
    { type: "modify", at: "25m", object: "ann", attributes: { department: "IT", title: "Boss" } },
    { type: "password", at: "30m", object: "ann" },
    { type: "add-member", at: "35m", object: "group-1", member: "ann" },
    { type: "move", at: "40m", object: "ann", ou: "OU=HR" },
    { type: "remove-member", at: "50m", object: "group-1", member: "ann" },
    { type: "delete", at: "1h", object: "ann" },
    { type: "restore", at: "1h30m", object: "ann" },
    { type: "sign-in", at: "2h", object: "ann", password: "latest" },
    { type: "sign-in", at: "2h", object: "ann", password: "previous" },
    { type: "fault", at: "1h", target: "link:cloud", fault: "down" },
    { type: "fault", at: "1h20m", target: "link:cloud", fault: "up" },
    { type: "fault", at: "2h", target: "connect:primary", fault: "crash" },
    { type: "fault", at: "2h10m", target: "connect:primary", fault: "restart" },
    { type: "fault", at: "2h", target: "cloud-sync:agent-1", fault: "restart" },
    { type: "admin", at: "2h30m", engine: "connect", action: "start-cycle" },
    { type: "admin", at: "2h30m", engine: "cloudSync", action: "clear-quarantine" },
  ],
};

function engines(result: ComparisonResult): Array<[string, EngineResult]> {
  return Object.entries(result.engines) as Array<[string, EngineResult]>;
}

describe("compareEngines", () => {
  const result = compareEngines(busy);

  it("returns the result format with both engines and a summary", () => {
    expect(result.scenario).toBe("busy");
    expect(result.seed).toBe(11);
    expect(result.version).toBe(VERSION);
    expect(Object.keys(result.engines)).toEqual(["connect", "cloudSync"]);
    expect(result.summary?.directory).toEqual({ users: 120, groups: 8, contacts: 5, devices: 5, forests: 1 });
    expect(result.summary?.features).toEqual(["password-hash-sync"]);
    expect(result.summary?.markers.map((m) => m.label)).toEqual([
      "link:cloud down",
      "link:cloud up",
      "connect:primary crash",
      "connect:primary restart",
      "cloud-sync:agent-1 restart",
      "start-cycle",
      "clear-quarantine",
    ]);
    expect(result.summary?.capabilities?.connect?.length).toBeGreaterThan(0);
    expect(result.summary?.capabilities?.cloudSync?.length).toBeGreaterThan(0);
    for (const [, r] of engines(result)) {
      expect(r.events).toHaveLength(busy.events?.length ?? 0);
      expect(r.events.map((e) => e.index)).toEqual(r.events.map((_, i) => i));
      expect(r.timeline[0]).toEqual({ at: 0, pending: 0 });
      expect(r.timeline.every((p, i) => i === 0 || p.at > (r.timeline[i - 1]?.at ?? 0))).toBe(true);
    }
  });

  it("conserves changes: made = applied + superseded + pending + lost + filtered + unsupported", () => {
    for (const [, r] of engines(result)) {
      const c = r.changes;
      expect(c.made).toBeGreaterThan(100);
      expect(c.applied + c.superseded + c.pending + c.lost + c.filtered + c.unsupported).toBe(c.made);
      const measured = Object.values(r.latency).reduce((n, l) => n + l.count, 0);
      expect(measured).toBe(c.applied);
    }
  });

  it("drains: with every fault healed, nothing is pending or lost at the end", () => {
    for (const [, r] of engines(result)) {
      expect(r.changes.pending).toBe(0);
      expect(r.changes.lost).toBe(0);
      expect(r.endedAt).toBeGreaterThanOrEqual(3 * 3_600_000);
    }
  });

  it("reports the fate of each scripted event", () => {
    const c = result.engines.connect as EngineResult;
    const s = result.engines.cloudSync as EngineResult;
    for (const r of [c, s]) {
      expect(r.events[0]).toMatchObject({ type: "create", status: "applied" });
      // the link is cut when the delete is made: the restore 30 min later may overtake it
      expect(["applied", "superseded"]).toContain(r.events[6]?.status);
      expect(r.events[7]?.status).toBe("applied");
      expect(r.events[8]).toMatchObject({
        type: "sign-in",
        status: "done",
        outcome: "success",
        reason: "ok",
      });
      expect(r.events[9]).toMatchObject({ type: "sign-in", outcome: "failure", reason: "password-mismatch" });
      expect(r.events[10]).toMatchObject({ status: "done" });
      for (const e of r.events) if (e.visibleAt !== null) expect(e.latency).toBe(e.visibleAt - e.at);
    }
    expect(c.events[12]).toMatchObject({ status: "done" });
    expect(s.events[12]).toMatchObject({ status: "ignored", reason: "aimed at Connect Sync" });
    expect(c.events[14]).toMatchObject({ status: "ignored" });
    expect(c.events[16]).toMatchObject({ status: "ignored", reason: "aimed at Cloud Sync" });
    expect(s.events[15]).toMatchObject({ status: "ignored" });
  });

  it("is deterministic: the same scenario and seed give byte-identical JSON", () => {
    expect(JSON.stringify(compareEngines(busy))).toBe(JSON.stringify(result));
  });

  it("a different seed gives a different run", () => {
    const other = runScenario(busy, { engine: "cloudSync", seed: 12 });
    expect(other.seed).toBe(12);
    expect(JSON.stringify(other.engines.cloudSync)).not.toBe(JSON.stringify(result.engines.cloudSync));
  });

  it("runScenario runs one engine and equals that engine's part of the comparison", () => {
    const single = runScenario(busy, { engine: "connect" });
    expect(Object.keys(single.engines)).toEqual(["connect"]);
    expect(JSON.stringify(single.engines.connect)).toBe(JSON.stringify(result.engines.connect));
    // The comparison runs Cloud Sync on a fork of the build it then gives Connect: the same as its own build.
    const cloudSync = runScenario(busy, { engine: "cloudSync" });
    expect(JSON.stringify(cloudSync.engines.cloudSync)).toBe(JSON.stringify(result.engines.cloudSync));
    expect(Object.keys(result.engines)).toEqual(["connect", "cloudSync"]);
  });

  it("makes the identical workload on both engines (same AD history, in workload-relative time)", () => {
    const history = new Map<EngineKind, Array<[number, string]>>();
    const factory = (kind: EngineKind, config: Readonly<Record<string, unknown>>): SyncEngine => {
      const engine = createEngine(kind, config);
      const attach = engine.attach.bind(engine);
      const log: Array<[number, string]> = [];
      history.set(kind, log);
      return Object.assign(engine, {
        attach(world: World) {
          for (const directory of world.forests.values()) {
            directory.events.on("change", (c) => {
              // Engine-made writes (writeback) would carry an engine's name; the harness's carry none.
              log.push([
                c.at,
                `${c.kind} ${c.objectClass} ${c.dn} ${c.objectGUID} ${c.attributes.join(",")}`,
              ]);
            });
          }
          attach(world);
        },
      });
    };
    const run = compareEngines(busy, { engineFactory: factory });
    const relative = (kind: EngineKind): string[] => {
      const warmup = run.engines[kind]?.warmup ?? 0;
      return (history.get(kind) ?? []).map(([at, text]) => `${at - warmup} ${text}`);
    };
    const connect = relative("connect");
    expect(connect.length).toBeGreaterThan(100);
    // The engines warm up for different lengths of virtual time, yet the workload is the same.
    expect(run.engines.connect?.warmup).not.toBe(run.engines.cloudSync?.warmup);
    expect(relative("cloudSync")).toEqual(connect);
    const c = result.engines.connect as EngineResult;
    const s = result.engines.cloudSync as EngineResult;
    expect(c.changes.made).toBe(s.changes.made);
  });

  it("never puts a password in the result", () => {
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/Pw!/);
  });

  it("lists features an engine lacks as unsupported and goes on", () => {
    const r = compareEngines({ ...busy, events: [], authentication: "pta", features: ["device-writeback"] });
    const s = r.engines.cloudSync as EngineResult;
    expect(s.unsupported).toEqual(
      expect.arrayContaining(["pass-through-authentication", "device-writeback"]),
    );
    expect(s.changes.applied).toBeGreaterThan(0);
    expect(r.summary?.features).toEqual(["pass-through-authentication", "device-writeback"]);
  });
});

describe("scripted changes AD already held", () => {
  it("are filtered with the reason, and not counted as made", () => {
    const noOps: ScenarioInput = {
      name: "no-ops",
      duration: "1h",
      directory: {
        users: 4,
        groups: 1,
        membersPerGroup: 2,
        forests: [{ name: "contoso.com", ous: ["OU=A"] }],
      },
      events: [
        { type: "create", at: "1m", object: "bo", ou: "OU=A", attributes: { department: "IT" } },
        { type: "move", at: "5m", object: "bo", ou: "OU=A" },
        { type: "modify", at: "6m", object: "bo", attributes: { department: "IT" } },
        { type: "add-member", at: "7m", object: "group-1", member: "bo" },
        { type: "add-member", at: "8m", object: "group-1", member: "bo" },
      ],
    };
    for (const [, r] of engines(compareEngines(noOps))) {
      const noChange = { status: "filtered", reason: "no change in AD: it already held that" };
      expect(r.events[1]).toMatchObject(noChange);
      expect(r.events[2]).toMatchObject(noChange);
      expect(r.events[3]).toMatchObject({ status: "applied" });
      expect(r.events[4]).toMatchObject(noChange);
      expect(r.changes).toMatchObject({ made: 2, applied: 2, filtered: 0 });
    }
  });
});

describe("scripted references", () => {
  it("name scenario objects: the run writes their objectGUIDs, and the cloud shows the manager's anchor", () => {
    const worlds = new Map<EngineKind, World>();
    const factory = (kind: EngineKind, config: Readonly<Record<string, unknown>>): SyncEngine => {
      const engine = createEngine(kind, config);
      const attach = engine.attach.bind(engine);
      return Object.assign(engine, {
        attach(world: World) {
          worlds.set(kind, world);
          attach(world);
        },
      });
    };
    const managers: ScenarioInput = {
      name: "managers",
      duration: "2h",
      drain: "2h",
      directory: { users: 6, forests: [{ name: "contoso.com", ous: ["OU=A"] }] },
      events: [
        { type: "modify", at: "5m", object: "user-2", attributes: { manager: "user-3" } },
        { type: "create", at: "10m", object: "boss", attributes: { manager: "user-1" } },
        { type: "modify", at: "20m", object: "user-4", attributes: { manager: "boss" } },
        { type: "modify", at: "1h", object: "user-2", attributes: { manager: null } },
      ],
    };
    const run = compareEngines(managers, { engineFactory: factory });
    for (const [kind, r] of engines(run)) {
      expect(r.events.map((e) => e.status)).toEqual(["applied", "applied", "applied", "applied"]);
      // Not already true when made: the cloud showed the new manager only after a cycle.
      expect(r.events[0]?.latency).toBeGreaterThan(0);
      const world = worlds.get(kind as EngineKind) as World;
      const ad = world.forest();
      const anchorOf = (name: string): string => {
        const object = ad.getByDn(`CN=${name},OU=A,DC=contoso,DC=com`);
        if (!object) throw new Error(`${name} not in AD`);
        return sourceAnchorOf(object);
      };
      const cloudManager = (name: string): unknown =>
        world.tenant.findByUpn(`${name}@contoso.com`)?.attributes.manager;
      expect(ad.getByDn("CN=user-4,OU=A,DC=contoso,DC=com")?.attributes.manager).toBe(
        ad.getByDn("CN=boss,OU=A,DC=contoso,DC=com")?.objectGUID,
      );
      expect(cloudManager("user-4")).toBe(anchorOf("boss"));
      expect(cloudManager("boss")).toBe(anchorOf("user-1"));
      expect(cloudManager("user-2")).toBeUndefined();
    }
  });
});

describe("values the cloud set aside", () => {
  it("leave their changes pending with the reason and the holder (duplicate attribute resiliency)", () => {
    const duplicates: ScenarioInput = {
      name: "duplicates",
      duration: "1h",
      drain: "2h",
      directory: {
        users: 4,
        forests: [
          { name: "contoso.com", ous: ["OU=A"] },
          { name: "fabrikam.com", ous: ["OU=B"] },
        ],
      },
      events: [
        {
          type: "modify",
          at: "5m",
          object: "user-1",
          attributes: { proxyAddresses: ["SMTP:ann@contoso.com"] },
        },
        {
          type: "modify",
          at: "10m",
          object: "user-3",
          attributes: { proxyAddresses: ["SMTP:ann@contoso.com"] },
        },
        // UPNs are unique per forest in AD, not across forests: the cloud replaces the second one.
        {
          type: "modify",
          at: "15m",
          object: "user-2",
          attributes: { userPrincipalName: "user-1@contoso.com" },
        },
        { type: "modify", at: "20m", object: "user-3", attributes: { title: "Lead" } },
      ],
    };
    for (const [, r] of engines(compareEngines(duplicates))) {
      expect(r.events[0]).toMatchObject({ status: "applied" });
      expect(r.events[1]).toMatchObject({
        status: "pending",
        reason:
          'duplicate attribute: the cloud set "SMTP:ann@contoso.com" aside, "user-1@contoso.com" holds it',
      });
      expect(r.events[2]).toMatchObject({
        status: "pending",
        reason:
          'duplicate attribute: the cloud set "user-1@contoso.com" aside, "user-1@contoso.com" holds it',
      });
      // The rest of the object flows: only the contested value is held back.
      expect(r.events[3]).toMatchObject({ status: "applied" });
      expect(r.events[3]).not.toHaveProperty("reason");
      expect(r.duplicateAttributes).toEqual({ userPrincipalName: 1, proxyAddresses: 1 });
    }
  });
});

describe("run options", () => {
  // Each call fails before anything runs: an engine factory that would count its calls is never called.
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      "unknown engine",
      () => runScenario(busy, { engine: "bogus" as EngineKind }),
      /^engine: "bogus" is not one of "connect", "cloudSync"$/,
    ],
    ["no engine", () => runScenario(busy, {} as { engine: EngineKind }), /^engine: undefined is not one of/],
    ["options not an object", () => compareEngines(busy, null as never), /^options: null is not an object$/],
    [
      "a misspelt option (it would leave the scenario's seed in use)",
      () => compareEngines(busy, { sed: 7 } as never),
      /^sed: is not an option \(the options are seed, onProgress, engineFactory\)$/,
    ],
    [
      "an option of another entry point",
      () => runEngines(busy, ["connect"], { engine: "connect" } as never),
      /^engine: is not an option \(the options are seed, onProgress, engineFactory\)$/,
    ],
    [
      "an unknown option of runScenario",
      () => runScenario(busy, { engine: "connect", threads: 2 } as never),
      /^threads: is not an option \(the options are seed, onProgress, engineFactory, engine\)$/,
    ],
    [
      "seed not an integer",
      () => compareEngines(busy, { seed: "7" as never }),
      /^seed: "7" is not an integer$/,
    ],
    [
      "fractional seed",
      () => runScenario(busy, { engine: "connect", seed: 1.5 }),
      /^seed: 1\.5 is not an integer$/,
    ],
    [
      "onProgress not a function",
      () => compareEngines(busy, { onProgress: 1 as never }),
      /^onProgress: 1 is not a function$/,
    ],
    [
      "engineFactory not a function",
      () => compareEngines(busy, { engineFactory: {} as never }),
      /^engineFactory: \{\} is not a function$/,
    ],
    ["empty engine list", () => runEngines(busy, []), /^kinds: \[\] is not a non-empty list of engines$/],
    [
      "unknown engine in a list",
      () => runEngines(busy, ["connect", "cloud-sync" as EngineKind]),
      /^kinds\[1\]: "cloud-sync" is not one of/,
    ],
  ];
  for (const [name, call, message] of cases) {
    it(`rejects ${name} with invalid-argument before anything runs`, () => {
      const error = thrown(call);
      expect(isSimulationError(error, "invalid-argument")).toBe(true);
      expect((error as Error).message).toMatch(message);
    });
  }
});

describe("the lower-level entry points", () => {
  // They take a scenario as runScenario does, validated on the way in: raw JSON from a JavaScript caller
  // gets the scenario's problems by path, not a TypeError from deep inside.
  const raw: ScenarioInput = { name: "raw", authentication: "pta", directory: { users: 10 } };
  const bad = { name: "bad", directory: { users: -1 } };

  it("accept a scenario as written, not only a validated one", () => {
    expect(requestedFeatures(raw)).toEqual(["pass-through-authentication"]);
    expect(scenarioWeight(raw)).toBe(10);
    expect(defaultEngineThreadOldSpaceMb(raw, 4_096, "")).toBe(2_047);
    expect(summarise(raw).features).toEqual(["pass-through-authentication"]);
    const result = simulate(raw, { kind: "connect", engine: createEngine("connect", {}), seed: 1 });
    expect(result.changes.made).toBe(0);
  });

  const cases: Array<[string, () => unknown]> = [
    ["requestedFeatures", () => requestedFeatures(bad as never)],
    ["scenarioWeight", () => scenarioWeight(bad as never)],
    ["defaultEngineThreadOldSpaceMb", () => defaultEngineThreadOldSpaceMb(bad as never)],
    ["summarise", () => summarise(bad as never)],
    [
      "simulate",
      () => simulate(bad as never, { kind: "connect", engine: createEngine("connect", {}), seed: 1 }),
    ],
  ];
  for (const [name, call] of cases) {
    it(`${name} rejects an invalid scenario with invalid-scenario, naming the field`, () => {
      const error = thrown(call);
      expect(isSimulationError(error, "invalid-scenario")).toBe(true);
      expect((error as Error).message).toContain("directory.users: -1");
    });
  }

  it("createEngine refuses a kind that is neither engine (it made a Cloud Sync engine)", () => {
    const error = thrown(() => createEngine("cloud-sync" as EngineKind, {}));
    expect(isSimulationError(error, "invalid-argument")).toBe(true);
    expect((error as Error).message).toBe('kind: "cloud-sync" is not one of "connect", "cloudSync"');
    expect(createEngine("cloudSync", {}).kind).toBe("cloudSync");
  });

  it("simulate checks its options before it builds anything", () => {
    const engine = createEngine("connect", {});
    const options: Array<[unknown, RegExp]> = [
      [null, /^options: null is not an object$/],
      [{ kind: "bogus", engine, seed: 1 }, /^kind: "bogus" is not one of "connect", "cloudSync"$/],
      [{ kind: "connect", engine: {}, seed: 1 }, /^engine: \{\} is not a sync engine$/],
      [{ kind: "connect", engine, seed: "1" }, /^seed: "1" is not an integer$/],
      [{ kind: "connect", engine, seed: 1, onProgress: 3 }, /^onProgress: 3 is not a function$/],
      [
        { kind: "connect", engine, seed: 1, engines: [] },
        /^engines: is not an option \(the options are kind, engine, seed, onProgress\)$/,
      ],
    ];
    for (const [given, message] of options) {
      const error = thrown(() => simulate(raw, given as never));
      expect(isSimulationError(error, "invalid-argument")).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe("workload rates at the edge", () => {
  it("treats a rate that underflows per millisecond as no arrivals (found by the bad-input property)", () => {
    const result = runScenario(
      {
        name: "tiny-rate",
        duration: "1h",
        directory: { users: 1, forests: [{ name: "contoso.com", ous: ["OU=HR"] }] },
        workload: { attributeChangesPerHour: 5e-324, passwordChangesPerHour: 1e-300 },
      },
      { engine: "connect" },
    );
    expect(result.engines.connect?.changes.made).toBe(0);
  });
});
