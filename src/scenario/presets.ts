import { formatCount, isWholeNumber, SimulationError, show } from "../scheduler/errors.js";
import { branchOffice, pilotExpansion } from "./preset-sites.js";
import {
  agentCrash,
  BASE_USERS,
  connectCrash,
  fieldTiming,
  flagship,
  largeTenant,
  massDelete,
  officeDay,
  type PresetSize,
  passwordMorning,
  phasedMigration,
  twoForestMerger,
} from "./preset-stories.js";
import { writebackDay } from "./preset-writeback.js";
import { MAX_USERS, type ScenarioInput } from "./schema.js";

export type { PresetSize } from "./preset-stories.js";

/**
 * Built-in scenarios, by name. Each is a plain {@link ScenarioInput} a user can copy, change and run (also
 * written as `examples/scenarios/<name>.json`); the CLI's `run <preset>` and `presets` read this table.
 * Every preset is built by a function of the directory size, so tests run the same story scaled down
 * ({@link scalePreset}); the defaults are the sizes the descriptions quote.
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
  /** The scenario at its documented size. */
  readonly scenario: ScenarioInput;
  /** Builds the same story at another size. */
  readonly build: (size: PresetSize) => ScenarioInput;
}

function preset(
  name: string,
  summary: string,
  build: (size: PresetSize) => ScenarioInput,
  users = BASE_USERS,
): Preset {
  return { name, summary, build: (size) => build(checkedSize(size)), scenario: build({ users }) };
}

/**
 * A size a caller asked a preset to be built at, checked: `users` a whole number from 1 to the schema's
 * 2,000,000. Checked here because the workload rates are computed from it: a size of the wrong kind would
 * otherwise come back as a scenario of NaN rates, whose validation names those rates, not the size.
 */
function checkedSize(size: PresetSize): PresetSize {
  if (typeof size !== "object" || size === null) {
    throw new SimulationError("invalid-argument", `size: ${show(size)} is not an object with users`, {
      field: "size",
      value: size,
    });
  }
  const users: unknown = size.users;
  if (isPresetUsers(users)) return size;
  throw new SimulationError("invalid-argument", `size.users: ${show(users)} is not ${PRESET_USERS}`, {
    field: "size.users",
    value: users,
  });
}

/** What a preset can be built at, as messages say it. @internal */
export const PRESET_USERS = `a whole number of users from 1 to ${formatCount(MAX_USERS)}`;

/** Whether `users` is a size a preset can be built at ({@link PRESET_USERS}). @internal */
export function isPresetUsers(users: unknown): users is number {
  return isWholeNumber(users, 1) && users <= MAX_USERS;
}

/** The baseline: a working day in a 5,000-user company. @public */
export const OFFICE_DAY: ScenarioInput = officeDay({ users: BASE_USERS });

/** Every built-in scenario, in listing order. @public */
export const PRESETS: readonly Preset[] = [
  preset(
    "flagship",
    "working day: password wave + sign-ins, Connect crash with staging promotion, Cloud Sync agent crash with two agents",
    flagship,
  ),
  preset(
    "office-day",
    "8 h working day, 5,000 users, moderate workload, no faults — the baseline latency of each engine",
    officeDay,
  ),
  preset(
    "writeback-day",
    "SSPR resets, cloud groups and Exchange Online settings written to AD; Connect server down 30 min, one of two Cloud Sync agents crashes",
    writebackDay,
  ),
  preset(
    "password-morning",
    "password-change wave with sign-ins under PTA; PTA agents down 45 min — PTA (Connect) vs PHS (Cloud Sync)",
    passwordMorning,
  ),
  preset(
    "connect-crash-staging",
    "Connect primary crashes at 2h, staging server promoted 45 min later",
    connectCrash(true),
  ),
  preset(
    "connect-crash-no-staging",
    "Connect primary crashes at 2h, no staging server: changes wait for the restart at 6h",
    connectCrash(false),
  ),
  preset(
    "agent-crash-one",
    "the only Cloud Sync agent crashes for 1 h: failed cycles, quarantine, late retry",
    agentCrash(1),
  ),
  preset(
    "agent-crash-two",
    "one of two Cloud Sync agents crashes for 1 h: failover keeps latency bounded",
    agentCrash(2),
  ),
  preset(
    "mass-delete",
    "800 users deleted at once: both accidental-delete thresholds (500) stop it until allowed",
    massDelete,
  ),
  preset(
    "large-tenant",
    "200,000 objects connected for the first time: the initial sync of each engine, and its limits",
    largeTenant,
    190_000,
  ),
  preset(
    "two-forest-merger",
    "two forests with 1,000 people in both: Connect joins them, Cloud Sync makes two cloud users",
    twoForestMerger,
  ),
  preset(
    "phased-migration",
    "Connect on three OUs, Cloud Sync on two, users moved from one to the other during the day",
    phasedMigration,
  ),
  preset(
    "cloud-sync-field-timing",
    "the office day with Cloud Sync on field timing (20-min cycles) instead of the documented 2 min",
    fieldTiming,
  ),
  preset(
    "branch-office",
    "the office day with 20% of writes on another hub DC and 20% in a branch site (180-min site link)",
    branchOffice,
  ),
  preset(
    "pilot-expansion",
    "scope widened OU by OU at 1h and 3h, the pilot OU taken out at 5h: each engine's rescan and delete protection",
    pilotExpansion,
  ),
];

/** The preset with this name, if any. @public */
export function getPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

/**
 * A preset's scenario rebuilt at another size — the same story (events, faults, engine configs) over a
 * smaller or larger directory, with workload rates in proportion. Tests run presets this way.
 *
 * @param preset - a preset or its name
 * @param size - the size to build at
 * @throws SimulationError `invalid-argument` when no preset has that name, or `size.users` is not a whole
 *   number from 1 to 2,000,000
 * @public
 */
export function scalePreset(preset: Preset | string, size: PresetSize): ScenarioInput {
  const found = typeof preset === "string" ? getPreset(preset) : preset;
  // A preset object from elsewhere (read back from JSON, say) has no build function: name it as not a preset.
  if (typeof found !== "object" || found === null || typeof found.build !== "function") {
    throw new SimulationError("invalid-argument", `preset: ${show(preset)} is not a built-in scenario`, {
      field: "preset",
      value: preset,
    });
  }
  return found.build(size);
}

/**
 * A preset as the JSON file `examples/scenarios/<name>.json` holds (two-space indent, trailing newline).
 *
 * @throws SimulationError `invalid-argument` when `preset` is not a preset
 * @public
 */
export function presetJson(preset: Preset): string {
  if (typeof preset !== "object" || preset === null || typeof preset.scenario !== "object") {
    throw new SimulationError("invalid-argument", `preset: ${show(preset)} is not a built-in scenario`, {
      field: "preset",
      value: preset,
    });
  }
  return `${JSON.stringify(preset.scenario, null, 2)}\n`;
}
