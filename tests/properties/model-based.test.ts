import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EngineKind, SyncEngine } from "../../src/engines/engine.js";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import type { Directory } from "../../src/model/directory.js";
import { World } from "../../src/model/world.js";
import { createEngine } from "../../src/scenario/engines.js";
import { HOUR, MINUTE } from "../../src/scheduler/duration.js";
import { checkProperty } from "../../src/testing/index.js";
import { ENV, TIMEOUT } from "./helpers.js";

/**
 * Property 9 — model-based. `fc.commands` drives a world step by step — AD creates, attribute writes and
 * deletes, engine faults (server crash / restart, agent crash / up), link cuts, an admin cycle start, clock
 * advances — against a reference model that is just "which users exist and what their department is". At
 * the end everything is brought back up and the clock runs on: the tenant must then hold exactly the model.
 */
const FILE = "tests/properties/model-based.test.ts";

interface Model {
  readonly users: Map<string, string>;
  created: number;
}

class Real {
  readonly world: World;
  readonly engine: SyncEngine;
  readonly directory: Directory;
  readonly guids = new Map<string, string>();
  readonly anchors = new Map<string, string>();

  constructor(
    readonly kind: EngineKind,
    seed: number,
  ) {
    this.world = new World({ seed, tenant: { initialDomain: "contoso.onmicrosoft.com" } });
    this.directory = this.world.forest();
    this.directory.create({
      objectClass: "organizationalUnit",
      parentDn: "DC=contoso,DC=com",
      name: "Staff",
    });
    this.engine = createEngine(kind, {});
    this.engine.attach(this.world);
    this.engine.enableFeatures(["password-hash-sync"]);
    this.world.tenant.start();
    this.engine.start();
  }

  advance(ms: number): void {
    this.world.scheduler.run({ until: this.world.scheduler.now + ms });
  }

  /** Brings every part back (host up, link up) and runs the clock on long enough for any retry. */
  recover(): void {
    this.world.cloudLink.restore();
    if (this.kind === "connect") this.engine.fault("primary", "restart");
    else this.engine.fault("agent-1", "up");
    // Cloud Sync quarantine retries after 6 h, then 12 h (application-provisioning-quarantine-status).
    this.advance(this.kind === "connect" ? 2 * HOUR : 20 * HOUR);
  }
}

type Cmd = fc.Command<Model, Real>;
const live = (m: Model): string[] => [...m.users.keys()];

class CreateUser implements Cmd {
  constructor(readonly department: string) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const name = `u${++m.created}`;
    const o = r.directory.create({
      objectClass: "user",
      parentDn: "OU=Staff,DC=contoso,DC=com",
      name,
      attributes: {
        userPrincipalName: `${name}@contoso.com`,
        displayName: name,
        department: this.department,
      },
    });
    r.guids.set(name, o.objectGUID);
    r.anchors.set(name, sourceAnchorOf(o));
    m.users.set(name, this.department);
  }
  toString = () => `create(${this.department})`;
}
class SetDepartment implements Cmd {
  constructor(
    readonly pick: number,
    readonly department: string,
  ) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  run(m: Model, r: Real): void {
    const name = live(m)[this.pick % m.users.size] as string;
    r.directory.modify(r.guids.get(name) as string, { department: this.department });
    m.users.set(name, this.department);
  }
  toString = () => `department(#${this.pick}, ${this.department})`;
}
class DeleteUser implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  run(m: Model, r: Real): void {
    const name = live(m)[this.pick % m.users.size] as string;
    r.directory.delete(r.guids.get(name) as string);
    m.users.delete(name);
  }
  toString = () => `delete(#${this.pick})`;
}
class Fault implements Cmd {
  constructor(readonly down: boolean) {}
  check = () => true;
  run(_m: Model, r: Real): void {
    if (r.kind === "connect") r.engine.fault("primary", this.down ? "crash" : "restart");
    else r.engine.fault("agent-1", this.down ? "crash" : "up");
  }
  toString = () => (this.down ? "crash" : "restart");
}
class Link implements Cmd {
  constructor(readonly down: boolean) {}
  check = () => true;
  run(_m: Model, r: Real): void {
    if (this.down) r.world.cloudLink.cut();
    else r.world.cloudLink.restore();
  }
  toString = () => (this.down ? "link down" : "link up");
}
class StartCycle implements Cmd {
  check = () => true;
  run(_m: Model, r: Real): void {
    r.engine.perform({ action: "start-cycle" });
  }
  toString = () => "start-cycle";
}
class Advance implements Cmd {
  constructor(readonly minutes: number) {}
  check = () => true;
  run(_m: Model, r: Real): void {
    r.advance(this.minutes * MINUTE);
  }
  toString = () => `advance(${this.minutes}m)`;
}

const department = fc.constantFrom("Sales", "IT", "HR", "Legal");
const commands = [
  department.map((d) => new CreateUser(d)),
  fc.tuple(fc.nat(), department).map(([p, d]) => new SetDepartment(p, d)),
  fc.nat().map((p) => new DeleteUser(p)),
  fc.boolean().map((b) => new Fault(b)),
  fc.boolean().map((b) => new Link(b)),
  fc.constant(new StartCycle()),
  // Clock advances weigh double, so objects reach the cloud before the next AD write often enough.
  fc.integer({ min: 1, max: 45 }).map((m) => new Advance(m)),
  fc.integer({ min: 30, max: 90 }).map((m) => new Advance(m)),
];

describe("property: model-based (fc.commands)", () => {
  for (const kind of ["connect", "cloudSync"] as const) {
    it(
      `${kind}: the tenant ends up holding exactly the reference model`,
      () => {
        checkProperty(
          fc.property(
            fc.integer({ min: 1, max: 1_000_000 }),
            fc.commands(commands, { maxCommands: ENV.deep ? 80 : 25 }),
            (seed, cmds) => {
              const real = new Real(kind, seed);
              const model: Model = { users: new Map(), created: 0 };
              fc.modelRun(() => ({ model, real }), cmds);
              real.recover();
              for (const [name, anchor] of real.anchors) {
                const cloud = real.world.tenant.getByAnchor(anchor);
                const want = model.users.get(name);
                if (want === undefined)
                  expect(cloud, `${name} deleted in AD but live in the tenant`).toBeUndefined();
                else expect(cloud?.attributes.department, `${name}'s department in the tenant`).toBe(want);
              }
            },
          ),
          { numRuns: 60, deepRuns: 600, file: FILE, testName: kind },
        );
      },
      TIMEOUT,
    );
  }
});
