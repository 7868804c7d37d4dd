/**
 * Is a 60-minute Connect cycle worth it? One office day, over six seeds, with Connect's cycle at 30 and at
 * 60 minutes: how far each engine's attribute p99 moves from one seed's workload to the next, and in how
 * many seeds Cloud Sync was the faster. One seed's run can flatter either engine; a sweep tells a real
 * difference from the luck of one workload.
 *
 * The same from the command line, split into two shards (one per machine, say) and merged:
 *   npx entra-sync-sim sweep office-day --seeds 1..6 --vary engines.connect.cycleInterval=30m,60m --shard 1/2 --json a.json
 *   npx entra-sync-sim sweep office-day --seeds 1..6 --vary engines.connect.cycleInterval=30m,60m --shard 2/2 --json b.json
 *   npx entra-sync-sim merge a.json b.json
 *
 * Run: npx tsx examples/cycle-sweep.ts
 */
import { readableLatency, runSweep, type ScenarioInput, variantGrid } from "../src/index.js";

const day: ScenarioInput = {
  name: "office-morning",
  duration: "4h",
  drain: "4h",
  directory: { users: 300, groups: 10, membersPerGroup: 10 },
  workload: { attributeChangesPerHour: 60, passwordChangesPerHour: 10, membershipChangesPerHour: 10 },
};

const sweep = await runSweep(day, {
  seeds: [1, 2, 3, 4, 5, 6],
  variants: variantGrid([["engines.connect.cycleInterval", ["30m", "60m"]]]),
  // Small runs: on this thread, one after the other (worker threads pay off from a few seconds a run).
  threads: 1,
});

for (const variant of sweep.summary ?? []) {
  const connect = variant.engines.connect?.latency.attribute;
  const cloud = variant.engines.cloudSync?.latency.attribute;
  const lower = variant.lowerP99?.attribute;
  if (!connect || !cloud || !lower) continue;
  const range = (p99: { min: number; median: number; max: number }): string =>
    `${readableLatency(p99.median)} (${readableLatency(p99.min)}–${readableLatency(p99.max)})`;
  console.log(`${variant.name}, ${variant.runs} seeds — attribute p99, median (range):`);
  console.log(`  Connect Sync ${range(connect.p99)}   Cloud Sync ${range(cloud.p99)}`);
  console.log(`  Cloud Sync had the lower p99 in ${lower.cloudSync} of ${variant.runs} seeds`);
}
