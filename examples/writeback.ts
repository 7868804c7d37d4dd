/**
 * The cloud writing to AD: self-service password resets, groups and devices made in the cloud, and
 * Exchange Online's mailbox settings. Connect writes a reset back at once, and a Microsoft 365 group, a
 * device or a mailbox setting at its next 30-minute cycle (group, device and Exchange hybrid writeback; it
 * no longer writes security groups back); Cloud Sync writes a reset back through its agent, provisions
 * cloud security groups and writes mailbox settings on 20-minute jobs, and has no device writeback. How long until AD has each, and what happens to a reset
 * while the Connect server is down?
 *
 * Run: npx tsx examples/writeback.ts
 */
import { compareEngines, formatInstant, readableLatency, type ScenarioInput } from "../src/index.js";

const scenario: ScenarioInput = {
  name: "writeback",
  seed: 11,
  duration: "3h",
  drain: "2h",
  directory: { users: 200, forests: [{ name: "contoso.com", ous: ["OU=Staff"] }] },
  features: [
    "password-writeback",
    "group-writeback",
    "group-provisioning-to-ad",
    "exchange-hybrid-writeback",
    "device-writeback",
  ],
  events: [
    { type: "cloud-password-reset", at: "20m", object: "user-1" },
    { type: "cloud-group", at: "25m", object: "Project Falcon", members: ["user-2", "user-3", "user-4"] },
    // A laptop joined to Entra ID: Connect's device writeback brings it to AD; Cloud Sync has none.
    { type: "cloud-device", at: "30m", object: "LAPTOP-ANN" },
    // An online archive turned on in Exchange Online: on-premises Exchange learns of it from AD.
    { type: "exchange-online", at: "40m", object: "user-7", attribute: "msExchArchiveStatus", value: 1 },
    { type: "fault", at: "1h", target: "connect:primary", fault: "crash" },
    { type: "cloud-password-reset", at: "1h10m", object: "user-5" },
    { type: "fault", at: "1h30m", target: "connect:primary", fault: "restart" },
    { type: "cloud-group", at: "2h", object: "All Hands", groupType: "microsoft365", members: ["user-6"] },
  ],
};

const result = compareEngines(scenario);
for (const [engine, r] of Object.entries(result.engines)) {
  if (!r) continue;
  console.log(`\n${engine}`);
  for (const e of r.events) {
    if (e.type === "fault") continue;
    const fate = e.status === "applied" ? `in AD after ${readableLatency(e.latency ?? 0)}` : e.status;
    console.log(`  ${formatInstant(e.at)}  ${e.type.padEnd(21)} ${fate}${e.reason ? ` (${e.reason})` : ""}`);
  }
}
