import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "../../src/scenario/schema.js";
import { ScenarioError, scenarioProblems, validateScenario } from "../../src/scenario/validate.js";
import { isSimulationError } from "../../src/scheduler/errors.js";

const base = {
  name: "t",
  duration: "4h",
  directory: {
    users: 10,
    groups: 2,
    membersPerGroup: 3,
    forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT"] }],
  },
};

/** A custom Connect inbound rule, valid as it stands. */
const CUSTOM_RULE = {
  name: "In from AD - Custom",
  direction: "inbound",
  connector: "ad",
  sourceObjectType: "user",
  targetObjectType: "person",
  precedence: 50,
  scope: [],
  flows: [{ target: "department", expression: "UCase([department])" }],
};

function problems(input: unknown): string[] {
  return scenarioProblems(input).map((p) => `${p.path}: ${p.message}`);
}

describe("validateScenario", () => {
  it("fills defaults and turns durations into milliseconds", () => {
    const s = validateScenario({ name: "x", events: [{ type: "password", at: "1h30m", object: "user-1" }] });
    expect(s.duration).toBe(8 * 3_600_000);
    expect(s.drain).toBe(12 * 3_600_000);
    expect(s.seed).toBe(1);
    expect(s.directory.users).toBe(100);
    expect(s.directory.forests).toEqual([{ name: "contoso.com", ous: ["OU=Users"] }]);
    expect(s.workload.attributeChangesPerHour).toBe(0);
    expect(s.authentication).toBe("phs");
    expect(s.events[0]).toEqual({ type: "password", at: 5_400_000, object: "user-1" });
    expect(s.engines).toEqual({ connect: {}, cloudSync: {} });
  });

  it("is idempotent on a validated scenario", () => {
    const s = validateScenario({
      ...base,
      events: [{ type: "admin", at: "1h", engine: "cloud-sync", action: "restart" }],
    });
    expect(s.events[0]).toMatchObject({ engine: "cloudSync" });
    expect(validateScenario(s)).toEqual(s);
  });

  it("throws invalid-scenario listing every problem by path, with the list in details", () => {
    let error: unknown;
    try {
      validateScenario({
        ...base,
        duration: "5x",
        events: [{ type: "modify", at: "5x", object: "user-1", attributes: {} }],
      });
    } catch (e) {
      error = e;
    }
    expect(isSimulationError(error, "invalid-scenario")).toBe(true);
    const e = error as ScenarioError;
    expect(e).toBeInstanceOf(ScenarioError);
    expect(e.message).toContain('duration: "5x" is not a duration');
    expect(e.message).toContain('events[0].at: "5x" is not a duration');
    expect(e.problems.map((p) => p.path)).toEqual(["duration", "events[0].at"]);
    expect(e.details.value).toEqual(e.problems);
    expect(e.details.field).toBe("duration");
  });

  it("refuses a zero workload duration or warm-up limit, naming the value as written", () => {
    expect(problems({ ...base, duration: "0h", warmupLimit: 0 })).toEqual([
      'duration: "0h" must be above zero',
      "warmupLimit: 0 must be above zero",
    ]);
    // A zero drain is fine: the run stops when the workload does.
    expect(validateScenario({ ...base, drain: "0m" }).drain).toBe(0);
  });

  it("lists the cross-reference problems beside the structural ones when the refused parts leave them sound", () => {
    const found = problems({
      ...base,
      seed: "x",
      workload: { attributeChangesPerHour: "lots" },
      events: [
        { type: "modify", at: "5x", object: "user-1", attributes: { title: "a" } },
        { type: "password", at: "1h", object: "user-99" },
        { type: "fault", at: "1h", target: "connect:standby", fault: "crash" },
        { type: "move", at: "2h", object: "user-2", ou: "OU=Nowhere" },
      ],
    });
    expect(found).toEqual([
      'seed: "x" is not a number',
      'workload.attributeChangesPerHour: "lots" is not a number',
      'events[0].at: "5x" is not a duration',
      'events[1].object: "user-99" is not an object of this scenario (generated names are user-1..10, or create it earlier)',
      'events[2].target: "connect:standby": no Connect server "standby" (primary)',
      'events[3].ou: "OU=Nowhere" is not an OU of forest "contoso.com" (it has "OU=Sales", "OU=IT")',
    ]);
  });

  it("keeps to the structural problems when the cross-checks would judge a guess", () => {
    const event = { type: "password", at: "1h", object: "user-99" };
    const structural = (input: Record<string, unknown>) =>
      expect(problems({ ...base, ...input }).some((p) => p.includes("user-99"))).toBe(false);
    // A field the cross-checks read, refused: they would judge the events by its default.
    structural({ directory: { users: "ten" }, events: [event] });
    structural({ duration: "5x", events: [event] });
    // An unknown field may be a misspelt one they read (`direcotry`).
    structural({ direcotry: { users: 200 }, events: [event] });
    // A refused event that makes, deletes or restores a name, or of no known type: a later event may
    // name what it makes.
    structural({ events: [{ type: "create", at: "5x", object: "user-99", objectType: "user" }, event] });
    structural({ events: [{ type: "creat", at: "1h", object: "user-99" }, event] });
    // Sound again once that event is valid: the reference is checked.
    expect(problems({ ...base, workload: { createsPerHour: -1 }, events: [event] })).toContain(
      'events[0].object: "user-99" is not an object of this scenario (generated names are user-1..10, or create it earlier)',
    );
  });

  it("a duration or an event value of the wrong kind says what it should be, not that the event is unknown", () => {
    // Any union inside an event used to be reported as the event-type union: "true is not an event type".
    expect(
      problems({
        ...base,
        duration: true,
        events: [
          { type: "password", at: [5], object: "user-1" },
          {
            type: "exchange-online",
            at: "5m",
            object: "user-1",
            attribute: "msExchArchiveStatus",
            value: [1],
          },
          { type: "nope", at: "5m" },
          { at: "5m" },
          { type: "move", at: "5m", object: [], ou: "OU=Sales" },
        ],
      }),
    ).toEqual([
      "duration: true is not a duration",
      "events[0].at: [5] is not a duration",
      "events[1].value: [1] is not a number, a string or a list of strings",
      `events[2].type: "nope" is not an event type (expected one of ${EVENT_TYPES.join(", ")})`,
      `events[3].type: is required (one of ${EVENT_TYPES.join(", ")})`,
      // One problem for a value of the wrong type, not also zod's length check of a string.
      "events[4].object: [] is not a string",
    ]);
  });

  it("refuses Connect's password hash sync turned off where the scenario signs in with it (the engine turned it back on)", () => {
    const off = { connect: { passwordHashSync: false } };
    expect(problems({ ...base, engines: off })).toEqual([
      'engines.connect.passwordHashSync: false contradicts authentication "phs" (sign-ins check the synced hash): use "pta" or "federation"',
    ]);
    expect(
      problems({ ...base, authentication: "pta", features: ["password-hash-sync"], engines: off }),
    ).toEqual(['engines.connect.passwordHashSync: false contradicts the feature "password-hash-sync"']);
    expect(problems({ ...base, authentication: "pta", engines: off })).toEqual([]);
    expect(problems({ ...base, engines: { connect: { health: { alerts: "no" } } } } as never)).toContain(
      'engines.connect.health.alerts: "no" is not a boolean',
    );
  });

  it("refuses a list where an engine setting takes an object (it was read as an empty object, or as a rule with no target)", () => {
    const of = (engines: object) => problems({ ...base, engines });
    expect(of({ connect: { timing: [] } })).toEqual(["engines.connect.timing: [] is not an object"]);
    expect(of({ connect: { scope: [] } })).toEqual(["engines.connect.scope: [] is not an object"]);
    expect(of({ connect: { userJoin: [] } })).toEqual(["engines.connect.userJoin: [] is not an object"]);
    expect(of({ cloudSync: { scope: [] } })).toEqual([
      "engines.cloudSync.scope: [] is not an object with ous and/or groups",
    ]);
    expect(of({ cloudSync: { mappings: { user: [[]] } } })).toEqual([
      "engines.cloudSync.mappings.user[0]: [] is not a mapping object",
    ]);
  });

  it("names a custom Connect rule's scope problem by the rule's place in the config, not among the out-of-box rules", () => {
    const rule = CUSTOM_RULE;
    // It said rules[16]: the custom rules come after the 16 out-of-box ones in the rule set.
    expect(
      problems({
        ...base,
        engines: {
          connect: {
            rules: [rule, { ...rule, name: "Second", scope: [[{ attribute: "title", operator: "NOPE" }]] }],
          },
        },
      }),
    ).toEqual(['engines.connect.rules[1].scope[0][0].operator: "NOPE" is not a scoping operator']);
  });

  it("names a custom rule's forest or a resource forest the scenario lacks, and a rule the pipeline would misread", () => {
    // Found by an audit: a typo validated, and the rule (or the join's resource side) silently never applied;
    // a rule from Entra ID ran as an AD inbound rule.
    const rule = CUSTOM_RULE;
    const two = {
      ...base,
      features: ["multi-forest"],
      directory: { ...base.directory, forests: [{ name: "contoso.com" }, { name: "fabrikam.com" }] },
    };
    expect(
      problems({
        ...two,
        engines: {
          connect: {
            rules: [
              { ...rule, forest: "nosuch.com" },
              { ...rule, name: "Second", forest: "Contoso.com" },
            ],
            userJoin: { attribute: "mail", resourceForests: ["fabrikam.org"] },
          },
        },
      }),
    ).toEqual([
      'engines.connect.rules[0].forest: "nosuch.com" is not a forest of this scenario (it has "contoso.com", "fabrikam.com")',
      'engines.connect.rules[1].forest: "Contoso.com" is not written as the forest is declared: "contoso.com"',
      'engines.connect.userJoin.resourceForests[0]: "fabrikam.org" is not a forest of this scenario (it has "contoso.com", "fabrikam.com")',
    ]);
    expect(problems({ ...base, engines: { connect: { rules: [{ ...rule, connector: "entra" }] } } })).toEqual(
      [
        'engines.connect.rules[0].connector: "entra" is not "ad": inbound rules from Entra ID are not modelled',
      ],
    );
  });

  it("reports structural problems: types, unknown fields, enums, event types, ranges", () => {
    const found = problems({
      name: 3,
      colour: "blue",
      authentication: "kerberos",
      features: ["teleportation"],
      directory: { users: -1 },
      events: [
        { type: "explode", at: "1h" },
        { type: "fault", at: "1h", target: "tenant", fault: "melt" },
        "x",
      ],
    });
    expect(found).toContain("name: 3 is not a string");
    expect(found).toContain("colour: is not a known field");
    expect(found.some((p) => p.startsWith('authentication: "kerberos" is not one of'))).toBe(true);
    expect(found.some((p) => p.startsWith('features[0]: "teleportation" is not one of'))).toBe(true);
    expect(found.some((p) => p.startsWith("directory.users: -1 must be"))).toBe(true);
    expect(found.some((p) => p.startsWith('events[0].type: "explode" is not an event type'))).toBe(true);
    expect(found.some((p) => p.startsWith('events[1].fault: "melt" is not one of'))).toBe(true);
    expect(found.some((p) => p.startsWith('events[2]: "x" is not an object'))).toBe(true);
    expect(problems({})).toContain("name: is required (string)");
  });

  it("words each bound as a reader would, once per field", () => {
    expect(problems({ ...base, directory: { users: 3_000_000 } })).toEqual([
      "directory.users: 3000000 must be at most 2000000",
    ]);
    expect(problems({ ...base, workload: { createsPerHour: -1 } })).toEqual([
      "workload.createsPerHour: -1 must be at least 0",
    ]);
  });

  it("bounds the directory's size, so that a slip of the keyboard is a problem, not an hour and an out-of-memory abort", () => {
    expect(
      problems({ ...base, directory: { users: 10, contacts: 1e8, groups: 2_000_001, devices: 2e6 } }),
    ).toEqual([
      "directory.groups: 2000001 must be at most 2000000",
      "directory.contacts: 100000000 must be at most 2000000",
    ]);
    // Memberships: groups × membersPerGroup, up to 20,000,000.
    const members = (groups: number, membersPerGroup: number): string[] =>
      problems({ ...base, directory: { users: 5_000, groups, membersPerGroup } });
    expect(members(4_000, 5_000)).toEqual([]);
    expect(members(4_001, 5_000)).toEqual([
      "directory.membersPerGroup: 5000 members in each of 4001 groups make 20,005,000 memberships, more than the 20,000,000 a scenario may generate",
    ]);
    // Contacts are members too, and the message says so.
    expect(
      problems({ ...base, directory: { users: 5, contacts: 2, groups: 1, membersPerGroup: 8 } }),
    ).toEqual(["directory.membersPerGroup: 8 is more than the 5 users and 2 contacts generated"]);
    // The workload's hires, rate × duration, up to 2,000,000.
    const hires = (createsPerHour: number, duration: string): string[] =>
      problems({ ...base, duration, workload: { createsPerHour } });
    expect(hires(250_000, "8h")).toEqual([]);
    expect(hires(250_001, "8h")).toEqual([
      "workload.createsPerHour: 250001 an hour for 8h makes ~2,000,008 creates, more than the 2,000,000 objects a scenario may generate",
    ]);
    expect(problems({ ...base, name: "" })).toEqual(['name: "" must have at least 1 character']);
    expect(problems({ ...base, seed: 1.5 })).toEqual(["seed: 1.5 is not an integer"]);
    expect(problems({ ...base, seed: 2 ** 53 })).toEqual([
      "seed: 9007199254740992 must be at most 9007199254740991",
    ]);
  });

  it("catches unknown objects, and names created or deleted by earlier events", () => {
    const found = problems({
      ...base,
      events: [
        { type: "modify", at: "1h", object: "user-11", attributes: { title: "x" } },
        { type: "modify", at: "1h", object: "late", attributes: { title: "x" } },
        { type: "create", at: "2h", object: "late", attributes: { title: "y" } },
        { type: "password", at: "3h", object: "late" },
        { type: "delete", at: "1h", object: "user-2" },
        { type: "password", at: "2h", object: "user-2" },
        { type: "restore", at: "2h", object: "user-3" },
        { type: "restore", at: "3h", object: "user-2" },
        { type: "create", at: "1h", object: "user-4" },
      ],
    });
    expect(found).toEqual([
      'events[0].object: "user-11" is not an object of this scenario (generated names are user-1..10, or create it earlier)',
      'events[1].object: "late" is not an object of this scenario (generated names are user-1..10, or create it earlier)',
      'events[5].object: "user-2" is deleted at that time',
      'events[6].object: "user-3" is not deleted at that time (delete it in an earlier event)',
      'events[8].object: "user-4" already exists',
    ]);
  });

  it("checks object kinds of password, sign-in and membership events", () => {
    const found = problems({
      ...base,
      events: [
        { type: "password", at: "1h", object: "group-1" },
        { type: "add-member", at: "1h", object: "user-1", member: "user-2" },
        { type: "add-member", at: "1h", object: "group-1", member: "group-1" },
        { type: "sign-in", at: "1h", object: "group-2", password: "previous" },
      ],
    });
    expect(found).toEqual([
      'events[0].object: "group-1" is a group, not a user',
      'events[1].object: "user-1" is a user, not a group',
      "events[2].member: a group cannot contain itself",
      'events[3].object: "group-2" is a group, not a user',
    ]);
  });

  it("catches a membership across forests (the directory would refuse it mid-run)", () => {
    const found = problems({
      ...base,
      directory: {
        users: 4,
        groups: 2,
        forests: [
          { name: "contoso.com", ous: ["OU=Sales"] },
          { name: "fabrikam.com", ous: ["OU=Staff"] },
        ],
      },
      events: [
        { type: "add-member", at: "1h", object: "group-1", member: "user-2" },
        { type: "create", at: "1h", object: "f1", forest: "fabrikam.com" },
        { type: "remove-member", at: "2h", object: "group-1", member: "f1" },
        { type: "add-member", at: "2h", object: "group-1", member: "user-3" },
      ],
    });
    expect(found).toEqual([
      'events[0].member: "user-2" is in forest "fabrikam.com", group "group-1" in "contoso.com": a group holds members of its own forest',
      'events[2].member: "f1" is in forest "fabrikam.com", group "group-1" in "contoso.com": a group holds members of its own forest',
    ]);
  });

  it("checks what a manager or managedBy names: a live person (or group) of the same forest", () => {
    const found = problems({
      ...base,
      directory: {
        users: 20,
        groups: 2,
        contacts: 2,
        forests: [
          { name: "contoso.com", ous: ["OU=Sales"] },
          { name: "fabrikam.com", ous: ["OU=Staff"] },
        ],
      },
      events: [
        { type: "modify", at: "26m", object: "user-9", attributes: { manager: "user-10" } },
        { type: "modify", at: "27m", object: "user-9", attributes: { manager: "group-1" } },
        { type: "modify", at: "28m", object: "user-9", attributes: { manager: "nobody" } },
        { type: "delete", at: "29m", object: "user-11" },
        { type: "modify", at: "30m", object: "user-9", attributes: { manager: "user-11" } },
        { type: "create", at: "31m", object: "x", attributes: { manager: "x" } },
        { type: "modify", at: "32m", object: "group-1", attributes: { managedBy: "group-1" } },
        { type: "modify", at: "33m", object: "user-9", attributes: { manager: "contact-1", title: "ok" } },
      ],
    });
    expect(found).toEqual([
      'events[0].attributes.manager: "user-10" is in forest "fabrikam.com", the object in "contoso.com": a reference names an object of its own forest',
      'events[1].attributes.manager: "group-1" is a group, not a user or contact',
      'events[2].attributes.manager: "nobody" is not an object of this scenario (generated names are user-1..20, or create it earlier)',
      'events[4].attributes.manager: "user-11" is deleted at that time',
      'events[5].attributes.manager: "x" is not an object of this scenario (generated names are user-1..20, or create it earlier)',
    ]);
  });

  it("catches unknown OUs, forests and undeclared parent OUs", () => {
    const found = problems({
      ...base,
      directory: { users: 4, forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=East,OU=Region"] }] },
      events: [
        { type: "move", at: "1h", object: "user-1", ou: "OU=Nowhere" },
        { type: "create", at: "1h", object: "n1", forest: "fabrikam.com" },
        { type: "create", at: "1h", object: "n2", ou: "OU=Marketing" },
        { type: "move", at: "1h", object: "user-2", ou: "OU=Sales,DC=contoso,DC=com" },
      ],
    });
    expect(found).toEqual([
      'directory.forests[0].ous[1]: "OU=East,OU=Region": parent "OU=Region,DC=contoso,DC=com" is not declared',
      'events[0].ou: "OU=Nowhere" is not an OU of forest "contoso.com" (it has "OU=Sales", "OU=East,OU=Region")',
      'events[1].forest: "fabrikam.com" is not a forest of this scenario',
      'events[2].ou: "OU=Marketing" is not an OU of forest "contoso.com" (it has "OU=Sales", "OU=East,OU=Region")',
    ]);
  });

  it("refuses OU and object names the directory could not create (the run failed on them mid-way before)", () => {
    const why =
      'must be an OU such as OU=Sales or OU=East,OU=Region (names not blank, without , = + < > # ; " \\)';
    expect(
      problems({
        ...base,
        directory: {
          users: 4,
          forests: [
            { name: "contoso.com", ous: ["OU=<b>x</b>", "OU= ", "OU=a+b", "OU=Sales,DC=contoso,DC=com"] },
          ],
        },
      }),
    ).toEqual([
      `directory.forests[0].ous[0]: "OU=<b>x</b>" ${why}`,
      `directory.forests[0].ous[1]: "OU= " ${why}`,
      `directory.forests[0].ous[2]: "OU=a+b" ${why}`,
    ]);
    // A refused cloud-group makes a name: the cross-checks wait for the structural problems to go.
    expect(
      problems({
        ...base,
        events: [
          { type: "cloud-group", at: "1h", object: "   ", groupType: "security" },
          { type: "modify", at: "1h", object: "", attributes: { title: "x" } },
        ],
      }),
    ).toEqual(['events[0].object: "   " is blank', 'events[1].object: "" is blank']);
    expect(
      problems({
        ...base,
        events: [
          { type: "create", at: "1h", object: "a<b" },
          { type: "create", at: "1h", object: "  x  " },
          { type: "create", at: "1h", object: "c;d", objectType: "group" },
        ],
      }),
    ).toEqual([
      'events[0].object: "a<b" is not a valid object name',
      'events[2].object: "c;d" is not a valid object name',
    ]);
  });

  it("says so when the forest an OU is looked for in declares none", () => {
    const found = problems({
      ...base,
      directory: { users: 4, forests: [{ name: "contoso.com", ous: [] }] },
      events: [{ type: "move", at: "1h", object: "user-1", ou: "OU=Sales" }],
    });
    expect(found).toEqual([
      'events[0].ou: "OU=Sales" is not an OU of forest "contoso.com" (it declares none)',
    ]);
  });

  it("catches unknown servers, agents, fault targets and faults that do not apply", () => {
    const found = problems({
      ...base,
      engines: {
        connect: { servers: [{ name: "a" }, { name: "b", staging: true }] },
        cloudSync: { agents: 2 },
      },
      events: [
        { type: "fault", at: "1h", target: "connect:primary", fault: "crash" },
        { type: "fault", at: "1h", target: "connect:b", fault: "crash" },
        { type: "fault", at: "1h", target: "cloud-sync:agent-3", fault: "crash" },
        { type: "fault", at: "1h", target: "cloud-sync:agent-2", fault: "crash" },
        { type: "fault", at: "1h", target: "moon", fault: "down" },
        { type: "fault", at: "1h", target: "link:cloud", fault: "lose-database" },
        { type: "admin", at: "1h", engine: "connect", action: "promote", target: "c" },
        { type: "admin", at: "1h", engine: "connect", action: "promote" },
        { type: "admin", at: "1h", engine: "connect", action: "promote", target: "b" },
        { type: "fault", at: "1h", target: "dc:fabrikam.com", fault: "down" },
      ],
    });
    expect(found).toEqual([
      'events[0].target: "connect:primary": no Connect server "primary" (a, b)',
      'events[2].target: "cloud-sync:agent-3": no Cloud Sync agent "agent-3" (agent-1, agent-2)',
      'events[4].target: "moon" is not a fault target (connect:<server>, cloud-sync:<agent>, link:cloud, tenant, dc, pta-agents, pta-agent-<n>, federation)',
      'events[5].fault: "lose-database" does not apply to "link:cloud" (use down, up)',
      'events[6].target: "c" is not a Connect server (a, b)',
      "events[7].target: is required: the server to promote",
      'events[9].target: "dc:fabrikam.com": no forest "fabrikam.com"',
    ]);
  });

  it("checks the OUs, groups and domains an engine scopes by against the scenario's directory", () => {
    const found = problems({
      ...base,
      events: [{ type: "create", at: "5m", object: "pilots", objectType: "group", ou: "OU=IT" }],
      engines: {
        connect: {
          scope: {
            ous: ["OU=Sales", "OU=Salez,DC=contoso,DC=com", "DC=contoso,DC=com"],
            domains: ["fabrikam.com"],
          },
          pilotGroup: ["CN=pilots,OU=IT,DC=contoso,DC=com", "group-2", "CN=group-9,OU=IT,DC=contoso,DC=com"],
        },
        cloudSync: {
          scope: {
            ous: ["ou=it,dc=contoso,dc=com"],
            groups: ["pilots", "CN=group-1,OU=Sales,DC=contoso,DC=com", "group-3"],
          },
          domains: ["contoso.com", "fabrikam.com"],
        },
      },
    });
    expect(found).toEqual([
      'engines.connect.scope.ous[0]: "OU=Sales" is not a full DN: a scope names its OUs by DN ("OU=Sales,DC=contoso,DC=com")',
      'engines.connect.scope.ous[1]: "OU=Salez,DC=contoso,DC=com" is not an OU or forest root of this scenario (it has "DC=contoso,DC=com", "OU=Sales,DC=contoso,DC=com", "OU=IT,DC=contoso,DC=com")',
      'engines.connect.scope.domains[0]: "fabrikam.com" is not a forest of this scenario',
      'engines.connect.pilotGroup[1]: "group-2" is not a DN: Connect\'s group filter names its group by DN ("CN=group-2,OU=IT,DC=contoso,DC=com")',
      'engines.connect.pilotGroup[2]: "CN=group-9,OU=IT,DC=contoso,DC=com" is not a group of this scenario',
      'engines.cloudSync.scope.groups[2]: "group-3" is not a group of this scenario (by DN or name)',
      'engines.cloudSync.domains[1]: "fabrikam.com" is not a forest of this scenario',
    ]);
    // A lone pilot group is named by its setting alone.
    expect(problems({ ...base, engines: { connect: { pilotGroup: "group-1" } } })).toEqual([
      'engines.connect.pilotGroup: "group-1" is not a DN: Connect\'s group filter names its group by DN ("CN=group-1,OU=Sales,DC=contoso,DC=com")',
    ]);
  });

  it("refuses an admin action the engine it names does not take (it would only be ignored mid-run)", () => {
    const found = problems({
      ...base,
      events: [
        { type: "admin", at: "1h", engine: "connect", action: "pause" },
        { type: "admin", at: "1h", engine: "connect", action: "on-demand", target: "user-1" },
        { type: "admin", at: "1h", engine: "cloudSync", action: "start-cycle" },
        { type: "admin", at: "1h", engine: "cloudSync", action: "pause" },
        { type: "admin", at: "1h", engine: "connect", action: "disable-scheduler" },
      ],
    });
    const connect =
      "promote, demote, start-cycle, allow-deletes, set-threshold, disable-scheduler, enable-scheduler, switch-authentication, set-cycle-interval, upgrade, set-scope";
    expect(found).toEqual([
      `events[0].action: "pause" is not an action of Connect Sync (${connect})`,
      `events[1].action: "on-demand" is not an action of Connect Sync (${connect})`,
      'events[2].action: "start-cycle" is not an action of Cloud Sync (allow-deletes, restart, clear-quarantine, pause, resume, set-threshold, on-demand, set-scope)',
    ]);
  });

  it("checks admin targets and values before the run (the engines would only refuse them mid-run)", () => {
    const found = problems({
      ...base,
      events: [
        { type: "admin", at: "10m", engine: "connect", action: "set-threshold", value: "abc" },
        { type: "admin", at: "11m", engine: "cloudSync", action: "set-threshold", value: 0 },
        { type: "admin", at: "12m", engine: "connect", action: "start-cycle", value: "full" },
        { type: "admin", at: "12m", engine: "connect", action: "start-cycle", target: "backup" },
        { type: "admin", at: "13m", engine: "connect", action: "switch-authentication", value: "kerberos" },
        { type: "admin", at: "14m", engine: "cloudSync", action: "on-demand", target: "user-99" },
        { type: "admin", at: "15m", engine: "cloudSync", action: "on-demand" },
        { type: "admin", at: "16m", engine: "cloudSync", action: "restart", target: "fabrikam.com" },
        // Found by an audit: values and targets the engines ignored without a word.
        { type: "admin", at: "16m", engine: "cloudSync", action: "allow-deletes", value: 900 },
        { type: "admin", at: "16m", engine: "connect", action: "allow-deletes", target: "primary" },
        { type: "admin", at: "16m", engine: "connect", action: "disable-scheduler", target: "backup" },
        { type: "admin", at: "16m", engine: "connect", action: "set-cycle-interval", value: "soon" },
        { type: "admin", at: "16m", engine: "connect", action: "upgrade", target: "backup", value: "long" },
        { type: "admin", at: "16m", engine: "connect", action: "set-cycle-interval" },
        // Accepted: the forms each engine takes.
        { type: "admin", at: "17m", engine: "connect", action: "disable-scheduler", target: "primary" },
        { type: "admin", at: "17m", engine: "connect", action: "set-cycle-interval", value: "1h" },
        { type: "admin", at: "17m", engine: "connect", action: "upgrade", value: "3h" },
        { type: "admin", at: "17m", engine: "connect", action: "set-threshold", value: 0 },
        { type: "admin", at: "17m", engine: "connect", action: "start-cycle", target: "initial" },
        {
          type: "admin",
          at: "17m",
          engine: "connect",
          action: "start-cycle",
          target: "primary",
          value: "delta",
        },
        { type: "admin", at: "17m", engine: "cloudSync", action: "set-threshold", value: false },
        { type: "admin", at: "17m", engine: "cloudSync", action: "on-demand", target: "user-2" },
        { type: "admin", at: "17m", engine: "cloudSync", action: "pause", target: "contoso.com" },
      ],
    });
    expect(found).toEqual([
      'events[0].value: "abc" is not a count >= 0 or false',
      "events[1].value: 0 is not a positive integer or false",
      'events[2].value: "full" is not "delta" or "initial"',
      'events[3].target: "backup" is not a Connect server (primary) or a cycle type',
      'events[4].value: "kerberos" is not "phs", "pta" or "federation"',
      'events[5].target: "user-99" is not an object of this scenario (generated names are user-1..10, or create it earlier)',
      "events[6].target: is required: the object to provision on demand",
      'events[7].target: "fabrikam.com" is not a forest of this scenario (a configuration)',
      "events[8].value: 900: allow-deletes takes no value",
      'events[9].target: "primary": allow-deletes takes no target (it acts on the whole deployment)',
      'events[10].target: "backup" is not a Connect server (primary)',
      'events[11].value: "soon" is not a positive duration (the new interval)',
      'events[12].target: "backup" is not a Connect server (primary)',
      'events[12].value: "long" is not a positive duration (how long the upgrade takes)',
      "events[13].value: is required: the new interval (a duration)",
    ]);
  });

  it("knows a merger's shared people: the other accounts by name, and keeps the people from delete and move", () => {
    const found = problems({
      ...base,
      directory: {
        users: 8,
        sharedUsers: 2,
        forests: [
          { name: "contoso.com", ous: ["OU=Staff"] },
          { name: "fabrikam.com", ous: ["OU=Staff"] },
        ],
      },
      events: [
        { type: "modify", at: "10m", object: "user-1", attributes: { title: "Lead" } },
        { type: "modify", at: "10m", object: "fabrikam-user-1", attributes: { title: "Lead" } },
        { type: "delete", at: "20m", object: "user-3" },
        { type: "move", at: "20m", object: "user-1", ou: "OU=Staff" },
        { type: "delete", at: "20m", object: "user-5" },
        { type: "password", at: "30m", object: "fabrikam-user-5" },
      ],
    });
    expect(found).toEqual([
      'events[1].object: "fabrikam-user-1" is another forest\'s account of shared person "user-1" (directory.sharedUsers): events name the person by that account; what the other becomes in the cloud is each engine\'s own (Connect joins it, Cloud Sync keeps it apart)',
      "events[2].object: \"user-3\" is a shared person (directory.sharedUsers) and is not deleted, as in the random workload: under Connect's join the cloud user lives on through the other forest's account, which no result could tell from a change never synced",
      "events[3].object: \"user-1\" is a shared person (directory.sharedUsers) and is not moved, as in the random workload: under Connect's join the cloud user lives on through the other forest's account, which no result could tell from a change never synced",
      // user-5 is not shared (the first two of contoso.com are user-1 and user-3): no fabrikam account.
      'events[5].object: "fabrikam-user-5" is not an object of this scenario (generated names are user-1..8, or create it earlier)',
    ]);
  });

  it("passes engine configs through the engines' own validators", () => {
    const found = problems({
      ...base,
      engines: { connect: { cycleInterval: "soon" }, cloudSync: { agents: -1 } },
    });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^engines\.connect\.cycleInterval: /);
    expect(found[1]).toMatch(/^engines\.cloudSync\.agents: /);
  });

  it("reports a broken server list once, not again for every event naming a server", () => {
    // Found by the bad-input property (mutated scenario): a null server entry.
    const found = problems({
      ...base,
      engines: { connect: { servers: [{ name: "primary" }, null] } },
      events: [
        { type: "fault", at: "1m", target: "connect:primary", fault: "crash" },
        { type: "admin", at: "2m", engine: "connect", action: "promote", target: "primary" },
      ],
    });
    expect(found).toEqual(["engines.connect.servers[1]: null is not a server ({ name, staging? })"]);
  });

  it("parses the engines' expressions at validation: a rule or mapping that cannot parse fails before a run", () => {
    // These used to pass validation and fail only when the engine was made, after the other engine's run.
    const found = problems({
      ...base,
      engines: {
        connect: {
          rules: [
            {
              name: "Dept",
              direction: "inbound",
              sourceObjectType: "user",
              targetObjectType: "person",
              precedence: 50,
              flows: [{ target: "department", expression: 'UCase(Trim([department]), "x")' }],
            },
          ],
        },
        cloudSync: {
          mappings: {
            user: [{ type: "expression", target: "department", expression: 'Join(",", [department]' }],
          },
        },
      },
    });
    expect(found).toEqual([
      'engines.connect.rule "Dept" flow "department": position 0: expected 1 argument to UCase but found 2',
      'engines.cloudSync.mappings.user "department": position 22: expected "," or ")" but found end of input',
    ]);
  });

  it("catches events at or after the end of the workload, and bad attributes", () => {
    const found = problems({
      ...base,
      events: [
        { type: "password", at: "4h", object: "user-1" },
        {
          type: "modify",
          at: "1h",
          object: "user-1",
          attributes: { favouriteColour: "blue", department: 7 },
        },
        {
          type: "create",
          at: "1h",
          object: "c1",
          objectType: "contact",
          attributes: { userPrincipalName: "c1@contoso.com" },
        },
      ],
    });
    expect(found).toEqual([
      'events[0].at: "4h" is not before the end of the workload (duration 4h)',
      "events[1].attributes.favouriteColour: not a writable attribute of a user",
      "events[1].attributes.department: 7 is not a valid string",
      "events[2].attributes.userPrincipalName: not a writable attribute of a contact",
    ]);
  });

  it("checks the directory shape", () => {
    const found = problems({
      name: "x",
      directory: {
        users: 5,
        groups: 1,
        membersPerGroup: 9,
        forests: [{ name: "a.com" }, { name: "A.com" }, { name: "nodot" }],
      },
    });
    expect(found).toEqual([
      'directory.forests[2].name: "nodot": must be a DNS domain name such as contoso.com',
    ]);
    const second = problems({
      name: "x",
      directory: { users: 5, groups: 1, membersPerGroup: 9, forests: [{ name: "a.com" }, { name: "A.com" }] },
    });
    expect(second).toEqual([
      'directory.forests[1].name: "A.com" is declared twice',
      "directory.membersPerGroup: 9 is more than the 5 users generated",
    ]);
  });
});

describe("validateScenario: sparse lists", () => {
  it("refuses a hole in an engine's list instead of skipping it (found by the bad-input property)", () => {
    // biome-ignore lint/suspicious/noSparseArray: the point of the test
    const servers = [, { name: "standby", staging: true }];
    const found = problems({ ...base, engines: { connect: { servers } } });
    expect(found).toEqual(["engines.connect.servers[0]: undefined is not a server ({ name, staging? })"]);
    expect(problems({ ...base, engines: { connect: { servers: [1] } } })).toEqual([
      "engines.connect.servers[0]: 1 is not a server ({ name, staging? })",
    ]);
    // biome-ignore lint/suspicious/noSparseArray: the point of the test
    const ous = ["OU=Sales,DC=contoso,DC=com", , "OU=IT,DC=contoso,DC=com"];
    expect(problems({ ...base, engines: { cloudSync: { scope: { ous } } } })[0]).toMatch(
      /^engines\.cloudSync\.scope\.ous\[1\]: /,
    );
  });
});
