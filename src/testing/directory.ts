import fc from "fast-check";
import type { DirectoryShapeInput } from "../scenario/schema.js";
import { checkedOptionsObject, optionNames } from "../scheduler/errors.js";
import { type IntRange, intIn } from "./ranges.js";

/**
 * Arbitraries for the `directory` block of a scenario (issue 5 §1): how many users, groups, members per
 * group, contacts and devices the world builder generates (named `user-1 … user-N`, `group-1 …`), and the
 * forests with their OUs. Small by default, so a property runs hundreds of cases in seconds.
 */

/**
 * The `directory` block of a scenario as the arbitraries produce it: every field present.
 *
 * @public
 */
export interface GeneratedDirectory {
  /** Generated users `user-1 … user-N`. */
  readonly users: number;
  /** Generated groups `group-1 …`. */
  readonly groups: number;
  /** Members drawn per group (same-forest users). */
  readonly membersPerGroup: number;
  /** Generated mail contacts `contact-1 …`. */
  readonly contacts: number;
  /** Generated computer objects `device-1 …`. */
  readonly devices: number;
  /** Forests and their OUs (relative DNs such as `OU=Sales`). */
  readonly forests: ReadonlyArray<{
    /** The forest's DNS name, one of {@link FOREST_NAMES}. */
    readonly name: string;
    /** Its OUs, from {@link OU_NAMES} (empty: objects at the domain root). */
    readonly ous: readonly string[];
  }>;
}

/**
 * Options of {@link directoryArbitrary}. Each count is an {@link IntRange}.
 *
 * @public
 */
export interface DirectoryArbitraryOptions {
  /** Users (default 1–6). */
  readonly users?: IntRange;
  /** Groups (default 0–2). */
  readonly groups?: IntRange;
  /** Members per group (default 0–3, never more than the users). */
  readonly membersPerGroup?: IntRange;
  /** Contacts (default 0–2). */
  readonly contacts?: IntRange;
  /** Devices (default 0–2). */
  readonly devices?: IntRange;
  /** Forests (default exactly 1; at most {@link FOREST_NAMES}.length). */
  readonly forests?: IntRange;
  /** OUs per forest (default 1–3; 0 puts objects at the domain root). */
  readonly ousPerForest?: IntRange;
}

const DIRECTORY_ARBITRARY_OPTION_NAMES = optionNames<DirectoryArbitraryOptions>()(
  "users",
  "groups",
  "membersPerGroup",
  "contacts",
  "devices",
  "forests",
  "ousPerForest",
);

/** The forest names the arbitraries use, in order. @public */
export const FOREST_NAMES: readonly string[] = ["contoso.com", "fabrikam.com", "tailspin.com"];

/** The OUs the arbitraries pick from (top-level, relative to the forest root). @public */
export const OU_NAMES: readonly string[] = ["OU=Sales", "OU=IT", "OU=Finance", "OU=HR", "OU=Operations"];

/**
 * A directory shape for a scenario, small by default.
 *
 * @example
 * ```ts
 * fc.sample(directoryArbitrary({ users: { min: 5, max: 50 }, forests: { max: 2 } }), 1);
 * ```
 * @public
 */
export function directoryArbitrary(
  options: DirectoryArbitraryOptions = {},
): fc.Arbitrary<GeneratedDirectory> {
  checkedOptionsObject(options, DIRECTORY_ARBITRARY_OPTION_NAMES);
  const forestCount = intIn(options.forests, 1, 1, "forests").map((n) =>
    Math.max(1, Math.min(n, FOREST_NAMES.length)),
  );
  const forests = forestCount.chain((n) =>
    fc.tuple(
      ...FOREST_NAMES.slice(0, n).map((name) =>
        intIn(options.ousPerForest, 1, 3, "ousPerForest").chain((count) =>
          fc
            .shuffledSubarray([...OU_NAMES], {
              minLength: Math.min(count, OU_NAMES.length),
              maxLength: Math.min(count, OU_NAMES.length),
            })
            .map((ous) => ({ name, ous })),
        ),
      ),
    ),
  );
  return fc
    .record({
      users: intIn(options.users, 1, 6, "users"),
      groups: intIn(options.groups, 0, 2, "groups"),
      membersPerGroup: intIn(options.membersPerGroup, 0, 3, "membersPerGroup"),
      contacts: intIn(options.contacts, 0, 2, "contacts"),
      devices: intIn(options.devices, 0, 2, "devices"),
      forests,
    })
    .map((d) => ({
      ...d,
      // validate.ts: members come from users; a group cannot have more members than there are users.
      membersPerGroup: d.users === 0 ? 0 : Math.min(d.membersPerGroup, d.users),
    }));
}

/** Converts a generated directory into the scenario's `directory` block. @internal */
export function directoryInput(directory: GeneratedDirectory): DirectoryShapeInput {
  return {
    users: directory.users,
    groups: directory.groups,
    membersPerGroup: directory.membersPerGroup,
    contacts: directory.contacts,
    devices: directory.devices,
    forests: directory.forests.map((f) => ({ name: f.name, ous: [...f.ous] })),
  };
}
