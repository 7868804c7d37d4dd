import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConnectConfigInput } from "../../../src/engines/connect/index.js";
import { Metaverse } from "../../../src/engines/connect/metaverse.js";
import { RulePipeline } from "../../../src/engines/connect/rule-pipeline.js";
import type { AdObject } from "../../../src/model/ad-object.js";
import { MINUTE } from "../../../src/scheduler/duration.js";
import { SimulationError } from "../../../src/scheduler/errors.js";
import { smallWorld, startEngine, syncState } from "./fixtures.js";

// The patched delta sync (sync.ts patchInbound / patchExport) beyond the out-of-box rules: a custom inbound
// rule scoped on an attribute (`company`) that carries a multi-valued source, one with a constant, and a
// custom outbound rule scoped on a metaverse attribute (`department`) that direct flows also fill; a staging
// server beside the active one. Every run is compared with the same edits evaluated whole. The outbound rule
// writes cloud attributes no standard flow writes: two rules writing one attribute make sync evaluate the
// object whole, and the patched outbound path would go untested.

const RULES: ConnectConfigInput["rules"] = [
  {
    name: "In from AD - Ops",
    direction: "inbound",
    sourceObjectType: "user",
    targetObjectType: "person",
    precedence: 50,
    scope: [[{ attribute: "company", operator: "EQUAL", value: "Ops" }]],
    flows: [
      { source: "title", target: "jobCode" },
      { source: "proxyAddresses", target: "altAddresses" },
    ],
  },
  {
    name: "In from AD - Extension",
    direction: "inbound",
    sourceObjectType: "user",
    targetObjectType: "person",
    precedence: 60,
    flows: [
      { source: "extensionAttribute3", target: "ea3" },
      { value: "k", target: "constant" },
    ],
  },
  {
    name: "Out to AAD - Sales",
    direction: "outbound",
    sourceObjectType: "person",
    targetObjectType: "user",
    precedence: 50,
    scope: [[{ attribute: "department", operator: "EQUAL", value: "Sales" }]],
    flows: [
      { source: "jobCode", target: "employeeType" },
      { source: "ea3", target: "costCenter" },
    ],
  },
];

const USERS = 6;
const PROXIES = [
  ["smtp:a@contoso.com"],
  ["smtp:a@contoso.com", "smtp:b@contoso.com"],
  ["SMTP:b@contoso.com"],
];

type Edit =
  | { readonly kind: "department" | "company" | "title"; readonly user: number; readonly value: number }
  | { readonly kind: "proxies" | "extension"; readonly user: number; readonly value: number }
  | { readonly kind: "move"; readonly user: number }
  | { readonly kind: "cycle" };

const VALUES = ["Sales", "Ops", "X", "t1", undefined] as const;
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("department" as const, "company" as const, "title" as const),
    user: fc.nat(USERS - 1),
    value: fc.nat(VALUES.length - 1),
  }),
  fc.record({
    kind: fc.constantFrom("proxies" as const, "extension" as const),
    user: fc.nat(USERS - 1),
    value: fc.nat(2),
  }),
  fc.record({ kind: fc.constant("move" as const), user: fc.nat(USERS - 1) }),
  { weight: 2, arbitrary: fc.constant({ kind: "cycle" as const }) },
);

/** Plays the edits, one state per cycle, then one after a full sync. */
function play(edits: readonly Edit[]): string[] {
  const { world, sales, parked, people } = smallWorld(USERS);
  const ad = world.forest();
  const guid = (i: number): string => (people[i] as AdObject).objectGUID;
  for (let i = 0; i < USERS; i++)
    ad.modify(guid(i), {
      department: "Sales",
      company: i % 2 ? "Ops" : "X",
      title: "t0",
      proxyAddresses: [`smtp:user${i}@contoso.com`],
      extensionAttribute3: "e0",
    });
  const engine = startEngine(world, {
    scope: { ous: [sales] },
    rules: RULES,
    servers: [{ name: "primary" }, { name: "standby", staging: true }],
  });
  let until = 10 * MINUTE;
  world.scheduler.run({ until });
  const states: string[] = [];
  const cycle = (): void => {
    until += 30 * MINUTE;
    world.scheduler.run({ until });
    states.push(syncState(engine, world));
  };
  for (const e of edits) {
    try {
      if (e.kind === "cycle") cycle();
      else if (e.kind === "move") {
        const object = ad.get(guid(e.user)) as AdObject;
        ad.move(guid(e.user), object.dn.endsWith(sales) ? parked : sales);
      } else if (e.kind === "proxies") ad.modify(guid(e.user), { proxyAddresses: PROXIES[e.value] });
      else if (e.kind === "extension") ad.modify(guid(e.user), { extensionAttribute3: `e${e.value + 1}` });
      else ad.modify(guid(e.user), { [e.kind]: VALUES[e.value] ?? (e.kind === "title" ? "t9" : undefined) });
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
    }
  }
  cycle();
  for (const server of engine.servers.values()) server.db.forceFullSync = true;
  cycle();
  return states;
}

describe("Connect patched delta sync, custom scoped rules and a staging server", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives what evaluating every object whole gives", () => {
    const patches = vi.spyOn(Metaverse.prototype, "patchAttributes");
    const outbound = vi.spyOn(RulePipeline.prototype, "outboundPatch");
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 30 }), (edits) => {
        const patched = play(edits);
        // A full sync finds nothing to change.
        expect(patched.at(-1)).toBe(patched.at(-2));
        const whole = vi.spyOn(Metaverse.prototype, "soleContributionOf").mockReturnValue(undefined);
        try {
          expect(play(edits)).toEqual(patched);
        } finally {
          whole.mockRestore();
        }
      }),
      { numRuns: 30, seed: 11 },
    );
    // Both patched paths were taken, and so held against whole evaluation above.
    expect(patches.mock.calls.length).toBeGreaterThan(20);
    expect(outbound.mock.results.some((r) => r.type === "return" && r.value !== undefined)).toBe(true);
  });
});
