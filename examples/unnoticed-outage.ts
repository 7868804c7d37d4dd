/**
 * An outage nobody is watching: the only Connect server, and the only Cloud Sync agent, die at 1 h on a
 * quiet evening. When does each product tell someone — Connect Health's alerts (no data from the server for
 * 2 h, no password hash sync heartbeat for 120 min), Cloud Sync's quarantine — how large is the backlog by
 * then, and how long does a change wait in all? Cloud Sync says so within minutes, but its job then waits
 * for the quarantine's next attempt (6 h): restarting the agent alone does not bring it back sooner — the
 * admin would also `clear-quarantine`.
 *
 * Run: npx tsx examples/unnoticed-outage.ts
 */
import { compareEngines, formatInstant, readableLatency, type ScenarioInput } from "../src/index.js";

const evening: ScenarioInput = {
  name: "unnoticed-outage",
  seed: 8,
  duration: "8h",
  drain: "6h",
  directory: { users: 500, forests: [{ name: "contoso.com", ous: ["OU=Staff"] }] },
  workload: { attributeChangesPerHour: 40, passwordChangesPerHour: 10 },
  events: [
    { type: "fault", at: "1h", target: "connect:primary", fault: "crash" },
    { type: "fault", at: "1h", target: "cloud-sync:agent-1", fault: "crash" },
    // The on-call admin reacts an hour after the first alert each engine raised (see below).
    { type: "fault", at: "4h", target: "connect:primary", fault: "restart" },
    { type: "fault", at: "4h", target: "cloud-sync:agent-1", fault: "restart" },
  ],
};

// What each engine says that a person would see: Connect Health's alerts, Cloud Sync's quarantine.
const ALERTS = new Set(["health-alert", "quarantine"]);

const result = compareEngines(evening);
for (const [engine, r] of Object.entries(result.engines)) {
  if (!r) continue;
  const first = r.incidents.find((i) => ALERTS.has(i.kind) && i.at >= 3_600_000);
  console.log(`\n${engine}`);
  if (!first) {
    console.log("  no alert at all");
    continue;
  }
  // The backlog sample nearest the alert: changes made in AD and not yet in the cloud.
  const backlog = r.timeline.filter((p) => p.at <= first.at).at(-1)?.pending ?? 0;
  console.log(`  first alert at ${formatInstant(first.at)} (${first.kind}): ${first.detail}`);
  console.log(`  unnoticed for ${readableLatency(first.at - 3_600_000)}; ${backlog} changes waiting by then`);
  console.log(`  longest wait of a change: ${readableLatency(r.latency.attribute.max)}`);
}
