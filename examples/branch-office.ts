/**
 * A hub and a branch office: both engines read a domain controller in the hub, and a fifth of the HR edits
 * and password changes are made on a DC in the branch, whose site link replicates every 180 minutes (AD's
 * default). How much of the time a change takes to reach the cloud is the sync engine's, and how much AD's
 * own replication? For Cloud Sync's 2-minute cycle, the branch's writes wait almost entirely on the site
 * link; for Connect's 30-minute cycle too. A shorter link interval (or change notification across the link)
 * is worth more than any sync setting.
 *
 * Run: npx tsx examples/branch-office.ts
 */
import { compareEngines, readableLatency, type ScenarioInput } from "../src/index.js";

const office = (interSite: string): ScenarioInput => ({
  name: `branch-office (${interSite} site link)`,
  seed: 11,
  duration: "8h",
  drain: "6h",
  directory: {
    users: 400,
    forests: [{ name: "contoso.com", ous: ["OU=Hub", "OU=Branch"] }],
    replication: { interSite, workload: { sameSite: 0.2, otherSite: 0.2 } },
  },
  workload: { attributeChangesPerHour: 60, passwordChangesPerHour: 15 },
  events: [
    // One edit made in the branch at 10 minutes, followed on both engines.
    { type: "modify", at: "10m", dc: "other-site", object: "user-7", attributes: { title: "Branch lead" } },
  ],
});

for (const interSite of ["180m", "15m"]) {
  const result = compareEngines(office(interSite));
  console.log(`\nsite link every ${interSite}`);
  for (const [engine, r] of Object.entries(result.engines)) {
    if (!r) continue;
    const edit = r.events[0];
    console.log(
      `  ${engine.padEnd(9)} attribute p50 ${readableLatency(r.latency.attribute.p50).padEnd(10)} p90 ${readableLatency(r.latency.attribute.p90).padEnd(10)} max ${readableLatency(r.latency.attribute.max).padEnd(10)}` +
        ` the branch edit at 10m: ${edit?.latency === null || edit?.latency === undefined ? edit?.status : readableLatency(edit.latency)}`,
    );
    // The same changes split by where they were written: the hub's against the branch's.
    for (const [origin, { changes, latency }] of Object.entries(r.replication ?? {})) {
      if (changes.made === 0) continue;
      console.log(
        `    written on ${origin.padEnd(10)} ${String(changes.made).padStart(5)} changes  p50 ${readableLatency(latency.p50).padEnd(8)} max ${readableLatency(latency.max)}`,
      );
    }
  }
}
