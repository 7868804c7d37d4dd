/**
 * A pilot widened OU by OU (the `pilot-expansion` preset, at 3,000 users): both products start with the
 * Sales OU in scope, and the admin adds IT at 1 h and Finance at 3 h with `set-scope`, as
 *
 *   { "type": "admin", "at": "1h", "engine": "connect", "action": "set-scope",
 *     "value": { "ous": ["OU=Sales,DC=contoso,DC=com", "OU=IT,DC=contoso,DC=com"] } }
 *
 * How long until every user of the new OU is in the cloud? Connect picks the change up at its next
 * scheduled cycle, a full import and full sync of everything; Cloud Sync clears its watermark and runs a new
 * initial cycle at once, paying per object. Then Sales is taken out at 5 h: its deletes meet each product's
 * delete protection (500) and wait for the admin, who allows them at 6 h.
 *
 * Run: npx tsx examples/pilot-expansion.ts
 */
import { compareEngines, readableLatency, scalePreset } from "../src/index.js";

const result = compareEngines(scalePreset("pilot-expansion", { users: 3_000 }));

for (const [engine, r] of Object.entries(result.engines)) {
  if (!r) continue;
  console.log(`\n${engine}`);
  for (const event of r.events) {
    if (event.type !== "admin" || event.status === "ignored" || event.latency === null) continue;
    const at = readableLatency(event.at);
    console.log(
      `  scope changed at ${at.padEnd(3)}: the cloud showed it all after ${readableLatency(event.latency)}`,
    );
  }
  const stop = r.incidents.find((i) => i.kind === "threshold-exceeded");
  if (stop) console.log(`  delete protection: ${stop.detail}`);
}
