import type { ScenarioInput } from "./schema.js";

/**
 * Built-in scenarios, by name. Each is a plain {@link ScenarioInput} a user can copy, change and run; the
 * CLI's `run <preset>` and `presets` read this table.
 */

/**
 * A built-in scenario.
 *
 * @public
 */
export interface Preset {
  /** Name used on the command line. */
  readonly name: string;
  /** One line: what it shows. */
  readonly summary: string;
  /** The scenario. */
  readonly scenario: ScenarioInput;
}

const OFFICE_OUS = ["OU=Sales", "OU=IT", "OU=Finance", "OU=HR", "OU=Operations"];

/** The baseline: a working day in a 5,000-user company. @public */
export const OFFICE_DAY: ScenarioInput = {
  name: "office-day",
  description:
    "An 8-hour working day in a 5,000-user forest: HR edits, password changes, joiners, leavers, moves and group changes at a moderate pace, with a few sign-ins. No faults: the baseline latency of each engine.",
  seed: 42,
  duration: "8h",
  drain: "12h",
  directory: {
    users: 5_000,
    groups: 200,
    membersPerGroup: 25,
    contacts: 100,
    devices: 0,
    forests: [{ name: "contoso.com", ous: OFFICE_OUS }],
  },
  workload: {
    attributeChangesPerHour: 300,
    passwordChangesPerHour: 40,
    createsPerHour: 10,
    deletesPerHour: 5,
    movesPerHour: 2,
    membershipChangesPerHour: 30,
  },
  authentication: "phs",
  features: [],
  events: [
    { type: "modify", at: "9m", object: "user-1", attributes: { title: "Head of Sales" } },
    { type: "password", at: "10m", object: "user-2" },
    { type: "sign-in", at: "15m", object: "user-2", password: "latest" },
    { type: "sign-in", at: "15m", object: "user-2", password: "previous" },
    {
      type: "create",
      at: "1h",
      object: "new-starter",
      objectType: "user",
      ou: "OU=Sales",
      attributes: { displayName: "New Starter", department: "Sales" },
    },
    { type: "add-member", at: "1h5m", object: "group-1", member: "new-starter" },
    { type: "sign-in", at: "2h", object: "user-2", password: "latest" },
  ],
};

/** Every built-in scenario, in listing order. @public */
export const PRESETS: readonly Preset[] = [
  {
    name: "office-day",
    summary:
      "8 h working day, 5,000 users, moderate workload, no faults — the baseline latency of each engine",
    scenario: OFFICE_DAY,
  },
];

/** The preset with this name, if any. @public */
export function getPreset(name: string): Preset | undefined {
  return PRESETS.find((preset) => preset.name === name);
}
