/**
 * Comparing the engines from code: describe a scenario once as a TypeScript object, run it on both
 * engines with the same seed, and read the result JSON (the same format the CLI's --json writes).
 *
 * Run: npx tsx examples/compare-engines.ts
 */
import {
  compareEngines,
  compareEnginesInParallel,
  readableLatency,
  renderTable,
  type ScenarioInput,
} from "../src/index.js";

const scenario: ScenarioInput = {
  name: "compare-from-code",
  seed: 7,
  duration: "2h", // workload and scripted events run in [0, 2h) after each engine's warm-up
  drain: "2h", // then on until nothing is pending, at most 2 h
  directory: {
    users: 300,
    groups: 10,
    membersPerGroup: 10,
    forests: [{ name: "contoso.com", ous: ["OU=Staff"] }],
  },
  workload: { attributeChangesPerHour: 60, passwordChangesPerHour: 10, membershipChangesPerHour: 10 },
  events: [
    { type: "modify", at: "10m", object: "user-1", attributes: { title: "Head of Sales" } },
    { type: "password", at: "20m", object: "user-2" },
    // One minute after the change: has the new password hash reached the cloud yet?
    { type: "sign-in", at: "21m", object: "user-2", password: "latest" },
  ],
};

const result = compareEngines(scenario);

// The side-by-side console table (what `entra-sync-sim run` prints)...
process.stdout.write(renderTable(result));

// ...or the numbers themselves: every time is ms of virtual time since the workload started.
for (const [engine, r] of Object.entries(result.engines)) {
  if (!r) continue;
  const modify = r.events[0];
  console.log(
    `${engine}: warm-up ${readableLatency(r.warmup ?? 0)}, attribute p50 ${readableLatency(r.latency.attribute.p50)}, ` +
      `user-1's title visible after ${modify?.latency === null ? "never" : readableLatency(modify?.latency ?? 0)}`,
  );
}

// For large directories: each engine on its own worker thread — about the slower engine's time instead of
// both together — and the same JSON, byte for byte.
const threaded = await compareEnginesInParallel(scenario);
console.log(
  `on worker threads: ${JSON.stringify(threaded) === JSON.stringify(result) ? "the same" : "a different"} result`,
);
