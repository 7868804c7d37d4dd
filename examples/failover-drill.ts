/**
 * A failover drill: the Connect primary server crashes and a staging server is promoted 45 minutes later;
 * on the Cloud Sync side one of two provisioning agents crashes. How long did changes made during the
 * outage wait, and what did each engine record?
 *
 * Run: npx tsx examples/failover-drill.ts
 */
import { compareEngines, formatInstant, readableLatency, type ScenarioInput } from "../src/index.js";

// Edits made every 5 minutes while the Connect primary is down (2h to 2h45m).
const outageEdits = Array.from({ length: 8 }, (_, i) => ({
  type: "modify" as const,
  at: `2h${5 + i * 5}m`,
  object: `user-${i + 1}`,
  attributes: { title: `Drill ${i + 1}` },
}));

const drill: ScenarioInput = {
  name: "failover-drill",
  seed: 3,
  duration: "4h",
  drain: "4h",
  directory: { users: 300, forests: [{ name: "contoso.com", ous: ["OU=Staff"] }] },
  workload: { attributeChangesPerHour: 30 },
  events: [
    { type: "fault", at: "2h", target: "connect:primary", fault: "crash" },
    { type: "fault", at: "2h", target: "cloud-sync:agent-1", fault: "crash" },
    ...outageEdits,
    { type: "admin", at: "2h45m", engine: "connect", action: "promote", target: "standby" },
  ],
  engines: {
    connect: { servers: [{ name: "primary" }, { name: "standby", staging: true }] },
    cloudSync: { agents: 2 },
  },
};

const result = compareEngines(drill);
for (const [engine, r] of Object.entries(result.engines)) {
  if (!r) continue;
  const waits = r.events.filter((e) => e.type === "modify").map((e) => e.latency ?? Number.NaN);
  console.log(`\n${engine}: outage edits waited at most ${readableLatency(Math.max(...waits))}`);
  for (const incident of r.incidents) {
    console.log(`  ${formatInstant(incident.at)}  ${incident.kind}: ${incident.detail}`);
  }
}
