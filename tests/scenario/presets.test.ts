import { describe, expect, it } from "vitest";
import { getPreset, PRESETS, type Preset, presetJson, scalePreset } from "../../src/scenario/presets.js";
import type { ComparisonResult, EngineResult, EventResult } from "../../src/scenario/result.js";
import { compareEngines, runScenario } from "../../src/scenario/run.js";
import { validateScenario } from "../../src/scenario/validate.js";
import { HOUR, MINUTE } from "../../src/scheduler/duration.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { thrown } from "../fixtures/errors.js";

// One test per preset, each run scaled down (scalePreset) and asserting the difference the preset is
// meant to show. Full-size wall times are in docs/scenarios.md.

const run = (name: string, users: number): ComparisonResult => compareEngines(scalePreset(name, { users }));
const both = (r: ComparisonResult): [EngineResult, EngineResult] => [
  r.engines.connect as EngineResult,
  r.engines.cloudSync as EngineResult,
];
const ofType = (r: EngineResult, type: string): EventResult[] => r.events.filter((e) => e.type === type);

describe("presets", () => {
  it("every preset is valid at full size and scaled, and has a one-line summary", () => {
    expect(PRESETS.map((p) => p.name)).toContain("flagship");
    for (const preset of PRESETS) {
      expect(preset.scenario.name).toBe(preset.name);
      expect(preset.summary).not.toMatch(/\n/);
      expect(() => validateScenario(preset.scenario)).not.toThrow();
      // Every size scalePreset accepts tells a valid story: the smallest (a user or three) too.
      for (const users of [1, 2, 3, 4, 700, 2_000_000])
        expect(() => validateScenario(preset.build({ users })), `${preset.name} at ${users}`).not.toThrow();
    }
    expect(getPreset("office-day")?.scenario.directory?.users).toBe(5_000);
    expect(getPreset("large-tenant")?.scenario.initialSync).toBe("during-run");
    expect(() => scalePreset("nope", { users: 10 })).toThrow(/"nope" is not a built-in scenario/);
  });

  it("rejects a size that is not a whole number of users, naming it, instead of building NaN rates", () => {
    const cases: Array<[unknown, RegExp]> = [
      ["small", /^size: "small" is not an object with users$/],
      [undefined, /^size: undefined is not an object with users$/],
      [{ users: 0 }, /^size\.users: 0 is not a whole number of users from 1 to 2,000,000$/],
      [{ users: 1.5 }, /^size\.users: 1\.5 is not a whole number/],
      [{ users: -5 }, /^size\.users: -5 is not a whole number/],
      [{ users: "700" }, /^size\.users: "700" is not a whole number/],
      [{ users: 2_000_001 }, /^size\.users: 2000001 is not a whole number/],
    ];
    for (const [size, message] of cases) {
      const error = thrown(() => scalePreset("office-day", size as { users: number }));
      expect(isSimulationError(error, "invalid-argument")).toBe(true);
      expect((error as Error).message).toMatch(message);
      // The preset's own builder checks the same way.
      expect(() => (getPreset("flagship") as Preset).build(size as { users: number })).toThrow(message);
    }
    expect(scalePreset("office-day", { users: 1 }).directory?.users).toBe(1);
    // A description quotes the size the preset is built at.
    expect(scalePreset("office-day", { users: 1 }).description).toMatch(
      /^An 8-hour working day in a 1-user forest/,
    );
    expect(scalePreset("large-tenant", { users: 1_000 }).description).toMatch(
      /^A 1,053-object directory \(1,000 users, 53 groups\)/,
    );
    expect(scalePreset("mass-delete", { users: 100 }).description).toMatch(
      /^An admin script deletes 80 users/,
    );
    expect(scalePreset("two-forest-merger", { users: 100 }).description).toMatch(
      /and 20 people have an account/,
    );
    expect(() => presetJson({} as Preset)).toThrow(/^preset: \{\} is not a built-in scenario$/);
  });

  it("office-day: Connect's latency follows its 30-min cycle, Cloud Sync's its 2-min cycle", () => {
    const [c, s] = both(run("office-day", 400));
    expect(c.latency.attribute.p99).toBeGreaterThan(25 * MINUTE);
    expect(c.latency.attribute.p99).toBeLessThan(40 * MINUTE);
    expect(s.latency.attribute.p99).toBeLessThanOrEqual(5 * MINUTE);
    for (const r of [c, s]) expect(r.changes.pending + r.changes.lost).toBe(0);
  });

  it("password-morning: PTA validates at once but fails while its agents are down; PHS keeps working", () => {
    const r = run("password-morning", 400);
    const [c, s] = both(r);
    expect(s.unsupported).toContain("pass-through-authentication");
    expect(c.unsupported).not.toContain("pass-through-authentication");
    const before = (e: EventResult): boolean => e.at < 90 * MINUTE;
    const during = (e: EventResult): boolean => e.at >= 90 * MINUTE && e.at < 135 * MINUTE;
    const connectSignIns = ofType(c, "sign-in");
    const cloudSignIns = ofType(s, "sign-in");
    // Connect PTA: every sign-in right after a change works (AD answers) — until the agents are down.
    expect(connectSignIns.filter(before).every((e) => e.outcome === "success")).toBe(true);
    expect(connectSignIns.filter(during).every((e) => e.outcome === "failure")).toBe(true);
    expect(connectSignIns.filter(during)[0]?.reason).toBe("no-agent-available");
    // Cloud Sync PHS: a new password 1 min after the change may not have synced; 15 min later it has,
    // and the PTA outage does not matter.
    expect(cloudSignIns.filter(before).some((e) => e.reason === "password-mismatch")).toBe(true);
    const later = cloudSignIns.filter((_, i) => i % 2 === 1);
    expect(later.every((e) => e.outcome === "success")).toBe(true);
    expect(ofType(s, "fault").every((e) => e.status === "ignored")).toBe(true);
  });

  it("writeback-day: Connect's resets fail while its server is down, Cloud Sync's cross the failover; each engine's kind of group and every archive reaches AD", () => {
    const [connect, cloudSync] = both(run("writeback-day", 300));
    const resets = (r: EngineResult) => ofType(r, "cloud-password-reset");
    // Resets at 1h and 1h20m find Connect's only server down (1h–1h30m): they fail at once.
    expect(resets(connect).map((e) => e.status)).toEqual([
      "applied",
      "applied",
      "failed",
      "failed",
      ...Array(8).fill("applied"),
    ]);
    expect(resets(cloudSync).every((e) => e.status === "applied")).toBe(true);
    // Security and Microsoft 365 groups in turn: Cloud Sync provisions the first kind, Connect writes the
    // second back (its group writeback v2, for security groups, is retired).
    const statuses = (r: EngineResult) => ofType(r, "cloud-group").map((e) => e.status);
    expect(statuses(cloudSync)).toEqual(Array(3).fill(["applied", "unsupported"]).flat());
    expect(statuses(connect)).toEqual(Array(3).fill(["unsupported", "applied"]).flat());
    // Cloud Sync's 20-minute job against Connect's 30-minute cycle.
    for (const e of ofType(cloudSync, "cloud-group"))
      if (e.status === "applied") expect(e.latency).toBeLessThanOrEqual(20 * MINUTE + 1_000);
    for (const e of ofType(connect, "cloud-group"))
      if (e.status === "applied") expect(e.latency).toBeLessThanOrEqual(30 * MINUTE + 5 * MINUTE);
    // Online archives: every one reaches AD; Connect's at 1h10m waits for its server's restart at 1h30m,
    // Cloud Sync's at 3h05m crosses the failover on its writeback job.
    for (const r of [connect, cloudSync])
      expect(ofType(r, "exchange-online").map((e) => e.status)).toEqual(Array(4).fill("applied"));
    expect(ofType(connect, "exchange-online")[1]?.visibleAt).toBeGreaterThan(90 * MINUTE);
    for (const e of ofType(cloudSync, "exchange-online"))
      expect(e.latency).toBeLessThanOrEqual(20 * MINUTE + 1_000);
  });

  it("connect-crash-staging vs -no-staging: promotion delivers the crash-window changes, no staging waits for restart", () => {
    const staging = run("connect-crash-staging", 400).engines.connect as EngineResult;
    const alone = run("connect-crash-no-staging", 400).engines.connect as EngineResult;
    const window = (r: EngineResult): EventResult[] => ofType(r, "modify");
    expect(staging.incidents.some((i) => i.kind === "promotion" && i.at === 165 * MINUTE)).toBe(true);
    for (const e of window(staging)) {
      expect(e.status).toBe("applied");
      expect(e.visibleAt).toBeGreaterThanOrEqual(165 * MINUTE);
      expect(e.visibleAt).toBeLessThan(4 * HOUR);
    }
    for (const e of window(alone)) {
      expect(["applied", "superseded"]).toContain(e.status);
      if (e.status === "applied") expect(e.visibleAt).toBeGreaterThanOrEqual(6 * HOUR);
    }
    expect(alone.latency.attribute.max).toBeGreaterThan(3 * HOUR);
  });

  it("agent-crash-one vs -two: one agent goes into quarantine, two fail over with latency bounded", () => {
    const one = runScenario(scalePreset("agent-crash-one", { users: 400 }), { engine: "cloudSync" }).engines
      .cloudSync as EngineResult;
    const two = runScenario(scalePreset("agent-crash-two", { users: 400 }), { engine: "cloudSync" }).engines
      .cloudSync as EngineResult;
    expect(one.incidents.some((i) => i.kind === "quarantine")).toBe(true);
    expect(one.latency.attribute.max).toBeGreaterThan(4 * HOUR);
    expect(two.incidents.some((i) => i.kind === "failover")).toBe(true);
    expect(two.incidents.some((i) => i.kind === "quarantine")).toBe(false);
    for (const e of ofType(two, "modify")) expect(e.latency).toBeLessThan(15 * MINUTE);
    expect(two.latency.attribute.max).toBeLessThan(30 * MINUTE);
  });

  it("mass-delete: both thresholds stop the 800 deletes until an admin allows them at 4h", () => {
    const [c, s] = both(run("mass-delete", 700));
    expect(c.incidents.some((i) => i.kind === "threshold-exceeded")).toBe(true);
    expect(s.incidents.some((i) => i.kind === "threshold-exceeded")).toBe(true);
    expect(s.incidents.some((i) => i.kind === "quarantine" && /TooManyDeletes/.test(i.detail))).toBe(true);
    for (const r of [c, s]) {
      const deletes = ofType(r, "delete");
      expect(deletes.length).toBe(560);
      expect(deletes.every((e) => e.status === "applied" && (e.visibleAt ?? 0) >= 4 * HOUR)).toBe(true);
    }
  });

  it("large-tenant: during the initial sync Cloud Sync (1.2 s per create) lags far behind Connect", () => {
    const [c, s] = both(run("large-tenant", 3_000));
    expect(c.warmup).toBe(0);
    expect(s.warmup).toBe(0);
    // 3,158 objects × 1.2 s ≈ 63 min before Cloud Sync's first incremental cycle.
    expect(s.latency.attribute.max).toBeGreaterThan(50 * MINUTE);
    expect(c.latency.attribute.max).toBeLessThan(40 * MINUTE);
  });

  it("two-forest-merger: Connect joins the shared people into one cloud user, Cloud Sync makes two", () => {
    const r = run("two-forest-merger", 500);
    const [c, s] = both(r);
    const shared = 100;
    expect((s.cloud?.user ?? 0) - (c.cloud?.user ?? 0)).toBe(shared);
    expect(s.unsupported).toContain("multi-forest-merge");
    for (const e of [c, s]) expect(e.changes.pending).toBe(0);
  });

  it("phased-migration: each engine syncs its own OUs; a moved user leaves Connect and enters Cloud Sync", () => {
    const [c, s] = both(run("phased-migration", 500));
    expect(c.changes.filtered).toBeGreaterThan(0);
    expect(s.changes.filtered).toBeGreaterThan(0);
    expect((c.cloud?.user ?? 0) + (s.cloud?.user ?? 0)).toBeGreaterThan(480);
    expect(c.cloud?.user).toBeGreaterThan(s.cloud?.user ?? 0);
    for (const r of [c, s]) for (const e of ofType(r, "move")) expect(e.status).toBe("applied");
    // Cloud Sync picks the newcomer up within a cycle or two; Connect's delete waits for its cycle.
    expect(Math.max(...ofType(s, "move").map((e) => e.latency ?? 0))).toBeLessThanOrEqual(5 * MINUTE);
  });

  it("cloud-sync-field-timing: field timing (20-min cycles) is much slower than the documented 2 min", () => {
    const field = runScenario(scalePreset("cloud-sync-field-timing", { users: 400 }), { engine: "cloudSync" })
      .engines.cloudSync as EngineResult;
    const documented = runScenario(scalePreset("office-day", { users: 400 }), { engine: "cloudSync" }).engines
      .cloudSync as EngineResult;
    expect(field.latency.attribute.p50).toBeGreaterThan(3 * documented.latency.attribute.p50);
    expect(field.latency.attribute.p99).toBeGreaterThan(15 * MINUTE);
    expect(documented.latency.attribute.p99).toBeLessThanOrEqual(5 * MINUTE);
  });

  it("branch-office: the branch's writes wait for the site link on both engines, whatever their cycle", () => {
    const branch = both(run("branch-office", 400));
    const [c0, s0] = both(run("office-day", 400));
    for (const r of branch) {
      expect(r.changes.pending + r.changes.lost).toBe(0);
      // The slowest changes wait for the link (up to 180 min), then for a cycle.
      expect(r.latency.attribute.p99).toBeGreaterThan(2 * HOUR);
      expect(r.latency.attribute.max).toBeLessThan(3 * HOUR + 35 * MINUTE);
    }
    // The median is still each engine's own: most writes are made in the hub.
    expect(branch[1].latency.attribute.p50).toBeLessThan(5 * MINUTE);
    expect(branch[0].latency.attribute.p50).toBeGreaterThan(10 * MINUTE);
    expect(c0.latency.attribute.p99).toBeLessThan(40 * MINUTE);
    expect(s0.latency.attribute.p99).toBeLessThanOrEqual(5 * MINUTE);
  });

  it("pilot-expansion: Connect takes each scope change at its next cycle, Cloud Sync at once", () => {
    const [c, s] = both(run("pilot-expansion", 3_000));
    const scopes = (r: EngineResult) => ofType(r, "admin").filter((e) => e.status !== "ignored");
    const [cAdd, cAdd2, cRemove] = scopes(c);
    const [sAdd, sAdd2, sRemove] = scopes(s);
    for (const e of [cAdd, cAdd2, cRemove, sAdd, sAdd2, sRemove]) expect(e?.status).toBe("applied");
    // Connect: within its 30-minute cycle (a full sync of everything); Cloud Sync: its initial cycle.
    for (const e of [cAdd, cAdd2]) expect(e?.latency).toBeLessThanOrEqual(32 * MINUTE);
    // Taking Sales out deletes 600 users: both delete protections stop it until allowed at 6h.
    for (const e of [cRemove, sRemove]) expect(e?.visibleAt).toBeGreaterThan(6 * HOUR);
    for (const r of [c, s]) {
      expect(r.incidents.some((i) => i.kind === "threshold-exceeded")).toBe(true);
      expect(r.changes.pending + r.changes.lost).toBe(0);
      expect(r.cloud?.user).toBeGreaterThan(1_100);
    }
  });

  it("flagship: staging promotion and two-agent failover keep both engines delivering", () => {
    const [c, s] = both(run("flagship", 400));
    expect(c.incidents.some((i) => i.kind === "promotion")).toBe(true);
    expect(s.incidents.some((i) => i.kind === "failover")).toBe(true);
    const connectWindow = ofType(c, "modify").filter((e) => e.at < 3 * HOUR);
    for (const e of connectWindow) expect(e.visibleAt).toBeGreaterThanOrEqual(165 * MINUTE);
    for (const e of ofType(s, "modify")) expect(e.latency).toBeLessThan(15 * MINUTE);
    expect(ofType(c, "sign-in").length).toBe(20);
    for (const r of [c, s]) expect(r.changes.pending).toBe(0);
  });
});
