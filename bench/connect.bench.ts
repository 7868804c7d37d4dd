import { ConnectEngine } from "../src/engines/connect/index.js";
import { World } from "../src/model/world.js";
import { DAY, HOUR } from "../src/scheduler/duration.js";
import type { BenchLine } from "./types.js";

const USERS = 150_000;
const MODIFICATIONS = 3_000;

/**
 * One Connect initial cycle of 150,000 users (full SQL Server: LocalDB stops at 100,000) followed by
 * 24 h of delta cycles carrying a few thousand modifications. Reports wall time, peak heap, and the
 * virtual length of the initial cycle.
 *
 * Measured on the 2-core CI machine: before the compiled rule plans / compact contributions / indexed PHS
 * work, 8.9 s wall and 718 MB peak heap (819 MB RSS); after, 5.9 s and 666 MB (774 MB RSS). The virtual
 * length of the initial cycle is unchanged (350 min). Most of the heap is the directory and the tenant.
 */
export async function run(): Promise<BenchLine[]> {
  const world = new World({ seed: 7 });
  const ad = world.forest();
  const ou = ad.create({
    objectClass: "organizationalUnit",
    parentDn: "DC=contoso,DC=com",
    name: "Users",
  }).dn;
  const guids: string[] = [];
  for (let i = 0; i < USERS; i++) {
    guids.push(
      ad.create({
        objectClass: "user",
        parentDn: ou,
        name: `u${i}`,
        attributes: { userPrincipalName: `u${i}@contoso.com`, displayName: `User ${i}` },
      }).objectGUID,
    );
  }
  let peak = process.memoryUsage().heapUsed;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const started = process.hrtime.bigint();
  const engine = new ConnectEngine({ database: "sql" });
  engine.attach(world);
  let initialEnd = 0;
  engine.events.on("cycle:end", (event) => {
    sample();
    if (initialEnd === 0) initialEnd = event.at;
  });
  engine.start();
  world.scheduler.run({ until: 12 * HOUR });
  const initialWall = Number(process.hrtime.bigint() - started) / 1e6;
  const spacing = Math.floor(DAY / MODIFICATIONS);
  const base = world.scheduler.now;
  for (let i = 0; i < MODIFICATIONS; i++) {
    world.scheduler.schedule(base + i * spacing, () =>
      ad.modify(guids[(i * 7919) % USERS] as string, { title: `t${i}` }),
    );
  }
  world.scheduler.run({ until: base + DAY });
  sample();
  const totalWall = Number(process.hrtime.bigint() - started) / 1e6;
  if (world.tenant.size !== USERS)
    throw new Error(`connect bench: ${world.tenant.size} users in the tenant, expected ${USERS}`);
  return [
    { name: "connect.initial_150k_wall", value: Math.round(initialWall), unit: "ms" },
    { name: "connect.initial_150k_virtual", value: Math.round(initialEnd / 60_000), unit: "min" },
    { name: "connect.initial_plus_24h_wall", value: Math.round(totalWall), unit: "ms" },
    { name: "connect.peak_heap", value: Math.round(peak / 2 ** 20), unit: "MB" },
  ];
}
