/**
 * A pilot widened OU by OU: both products start with one OU in scope, and the admin adds a second at 1 h
 * and a third at 3 h (`set-scope`). How long until every user of the new OU is in the cloud? Connect picks
 * the change up at its next scheduled cycle, a full import and full sync of everything; Cloud Sync clears its
 * watermark and runs a new initial cycle at once, paying per object. Then the admin takes the pilot OU out
 * again at 5 h: 1,000 deletes at once meet each product's delete protection (500), and wait for the admin,
 * who allows them at 6 h.
 *
 * Run: npx tsx examples/pilot-expansion.ts
 */
import { compareEngines, readableLatency, type ScenarioInput } from "../src/index.js";

const dn = (ou: string) => `OU=${ou},DC=contoso,DC=com`;
const scope = (...ous: string[]) => ({ ous: ous.map(dn) });
const both = (at: string, value: unknown): NonNullable<ScenarioInput["events"]> =>
  (["connect", "cloudSync"] as const).map((engine) => ({
    type: "admin",
    at,
    engine,
    action: "set-scope",
    value,
  }));

const result = compareEngines({
  name: "pilot-expansion",
  seed: 21,
  duration: "8h",
  drain: "6h",
  directory: { users: 3_000, forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT", "OU=HR"] }] },
  workload: { attributeChangesPerHour: 60 },
  engines: { connect: { scope: scope("Sales") }, cloudSync: { scope: scope("Sales") } },
  events: [
    ...both("1h", scope("Sales", "IT")),
    ...both("3h", scope("Sales", "IT", "HR")),
    ...both("5h", scope("IT", "HR")),
    { type: "admin", at: "6h", engine: "connect", action: "allow-deletes" },
    { type: "admin", at: "6h", engine: "cloudSync", action: "allow-deletes" },
  ],
});

const steps = ["IT added at 1h", "HR added at 3h", "Sales removed at 5h"];
for (const [engine, r] of Object.entries(result.engines)) {
  if (!r) continue;
  console.log(`\n${engine}`);
  const mine = r.events.filter((e, i) => e.type === "admin" && e.status !== "ignored" && i < 6);
  mine.forEach((event, i) => {
    const took =
      event.latency === null
        ? event.status
        : `the cloud showed it all after ${readableLatency(event.latency)}`;
    console.log(`  ${steps[i]?.padEnd(20)} ${took}`);
  });
  const stops = r.incidents.filter((i) => i.kind === "threshold-exceeded");
  if (stops[0]) console.log(`  delete protection: ${stops[0].detail}`);
}
