/**
 * A custom Connect sync rule in the product's expression syntax: department names are normalised to upper
 * case on the way in, and users without a department get "Unassigned". The rule is plain JSON in the
 * engine config (`rules`), parsed and interpreted by the engine — never eval'd. Then the same rule in a
 * scenario beside Cloud Sync with a mapping of its own: each engine's department edits are measured against
 * the value its flows make.
 *
 * Run: npx tsx examples/custom-sync-rule.ts
 */
import {
  ConnectEngine,
  compareEngines,
  createWorld,
  formatDuration,
  MINUTE,
  type SyncRuleInput,
} from "../src/index.js";

// A world: one forest, a tenant, virtual time at 0.
const world = createWorld({ seed: 1, forests: [{ name: "contoso.com" }] });
const ad = world.forest();
ad.create({ objectClass: "organizationalUnit", parentDn: "DC=contoso,DC=com", name: "Sales" });
for (const [name, department] of [
  ["ann", "sales"],
  ["ben", undefined],
] as const) {
  ad.create({
    objectClass: "user",
    parentDn: "OU=Sales,DC=contoso,DC=com",
    name,
    attributes: {
      userPrincipalName: `${name}@contoso.com`,
      displayName: name,
      ...(department ? { department } : {}),
    },
  });
}

// Precedence 50 beats the out-of-box "In from AD - User Common" rule (precedence 101) for `department`.
const departmentRule: SyncRuleInput[] = [
  {
    name: "In from AD - User Department (custom)",
    direction: "inbound",
    sourceObjectType: "user",
    targetObjectType: "person",
    precedence: 50,
    flows: [
      {
        target: "department",
        expression: 'IIF(IsPresent([department]), UCase(Trim([department])), "Unassigned")',
      },
    ],
  },
];
const engine = new ConnectEngine({ rules: departmentRule });
engine.attach(world);
world.tenant.start();
engine.start();

// The initial cycle (import, sync, export) runs at once; 40 virtual minutes is plenty.
world.scheduler.run({ until: 40 * MINUTE });

for (const user of world.tenant.objects("user")) {
  console.log(
    `${String(user.attributes.userPrincipalName).padEnd(18)} department = ${user.attributes.department}`,
  );
}

// The same rule in a scenario, beside Cloud Sync with an expression mapping of its own: the harness waits
// for the value each engine's flows make ("SALES", not "sales"), so the department edits are measured.
const cloudSync = {
  mappings: {
    user: [
      {
        type: "expression",
        target: "department",
        expression: 'IIF(IsPresent([department]), ToUpper(Trim([department])), "Unassigned")',
      },
    ],
  },
};
const result = compareEngines({
  name: "custom department",
  duration: "2h",
  directory: { users: 200, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
  workload: { attributeChangesPerHour: 120 },
  engines: { connect: { rules: departmentRule }, cloudSync },
});
for (const [name, r] of Object.entries(result.engines)) {
  if (!r) continue;
  console.log(
    `${name.padEnd(10)} attribute changes ${r.latency.attribute.count}, p99 ${formatDuration(r.latency.attribute.p99)}, pending ${r.changes.pending}`,
  );
}
