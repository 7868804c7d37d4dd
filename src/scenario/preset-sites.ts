import { officeDirectory, officeWorkload, type PresetSize } from "./preset-stories.js";
import type { ScenarioEventInput, ScenarioInput } from "./schema.js";

/**
 * Presets about where AD is written and what the engines are told to read: `branch-office` (replication
 * between domain controllers, reference.md C) and `pilot-expansion` (a scope changed mid-run).
 */

const DN = (ou: string): string => `${ou},DC=contoso,DC=com`;

/**
 * `branch-office`: the office day with a fifth of the writes made in the hub site on another DC, and a
 * fifth in a branch site whose link replicates every 180 minutes.
 *
 * @internal
 */
export function branchOffice({ users }: PresetSize): ScenarioInput {
  return {
    name: "branch-office",
    description:
      "The office day of a company with a hub and a branch office. Both engines read a domain controller in the hub; a fifth of the HR edits, password changes and other writes are made on another DC of the hub (replicated 15 s later) and a fifth on a DC in the branch, whose site link replicates every 180 minutes (AD's default). A branch write waits for the link before either engine can see it: Cloud Sync's 2-minute cycle no longer sets the pace, and the slowest changes take about as long on both products.",
    seed: 14,
    duration: "8h",
    drain: "6h",
    directory: {
      ...officeDirectory(users),
      replication: { workload: { sameSite: 0.2, otherSite: 0.2 } },
    },
    workload: officeWorkload(users),
    authentication: "phs",
    features: [],
    events: [],
  };
}

/**
 * `pilot-expansion`: both products start with the Sales OU in scope; IT is added at 1 h, Finance at 3 h,
 * and Sales is taken out at 5 h (its deletes meet the delete protection until allowed at 6 h).
 *
 * @internal
 */
export function pilotExpansion({ users }: PresetSize): ScenarioInput {
  const scope = (...ous: string[]) => ({ ous: ous.map((ou) => DN(`OU=${ou}`)) });
  const both = (at: string, value: unknown): ScenarioEventInput[] =>
    (["connect", "cloudSync"] as const).map((engine) => ({
      type: "admin",
      at,
      engine,
      action: "set-scope",
      value,
    }));
  return {
    name: "pilot-expansion",
    description:
      "A pilot widened OU by OU: both products start with the Sales OU in scope, IT is added at 1h and Finance at 3h, and Sales is taken out again at 5h. Connect takes a scope change at its next scheduled cycle, a full import and full sync of everything; Cloud Sync clears its watermark and runs a new initial cycle at once, paying per object. Taking Sales out deletes a fifth of the company in the cloud at once: both delete protections (500) stop it until the admin allows it at 6h.",
    seed: 15,
    duration: "8h",
    drain: "6h",
    directory: officeDirectory(users),
    workload: officeWorkload(users),
    authentication: "phs",
    features: [],
    events: [
      ...both("1h", scope("Sales", "IT")),
      ...both("3h", scope("Sales", "IT", "Finance")),
      ...both("5h", scope("IT", "Finance")),
      { type: "admin", at: "6h", engine: "connect", action: "allow-deletes" },
      { type: "admin", at: "6h", engine: "cloudSync", action: "allow-deletes" },
    ],
    engines: { connect: { scope: scope("Sales") }, cloudSync: { scope: scope("Sales") } },
  };
}
