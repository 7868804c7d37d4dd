/**
 * The README's API tour, runnable: `npx tsx examples/quick-tour.ts`.
 * (tests/examples.test.ts runs every example, so the README's code cannot rot.)
 */
import { compareEngines, formatDuration, MINUTE, sleep, World } from "../src/index.js";

// 1. Compare the engines on one scenario: a Connect server crash at 1 h, restarted at 2 h.
const result = compareEngines({
  name: "office morning",
  seed: 42,
  duration: "4h",
  drain: "2h",
  directory: {
    users: 500,
    groups: 20,
    membersPerGroup: 10,
    forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT"] }],
  },
  workload: { attributeChangesPerHour: 120, passwordChangesPerHour: 30 },
  events: [
    { at: "1h", type: "fault", target: "connect:primary", fault: "crash" },
    { at: "2h", type: "fault", target: "connect:primary", fault: "restart" },
  ],
});
for (const engine of ["connect", "cloudSync"] as const) {
  const r = result.engines[engine];
  if (r)
    console.log(
      engine,
      "attribute p99",
      formatDuration(r.latency.attribute.p99),
      "pending",
      r.changes.pending,
    );
}

// 2. The kernel and model on their own: a process in virtual time edits AD; DirSync sees the result.
const world = new World({ seed: 1 });
const ad = world.forest();
const ou = ad.create({ objectClass: "organizationalUnit", parentDn: "DC=contoso,DC=com", name: "Sales" });
const ann = ad.create({
  objectClass: "user",
  parentDn: ou.dn,
  name: "ann",
  attributes: { userPrincipalName: "ann@contoso.com" },
});
world.scheduler.spawn(
  (function* () {
    yield sleep(5 * MINUTE);
    ad.modify(ann.objectGUID, { department: "IT" });
  })(),
);
world.scheduler.run({ until: 10 * MINUTE });
console.log("objects changed since USN 0:", ad.changesSince(0).objects.length);
