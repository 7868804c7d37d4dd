/**
 * Large-group benchmark: 20 groups of 5,000 members and 4,000 membership changes an hour for 24 hours, on
 * both engines. Real directories have groups of thousands (Cloud Sync supports up to 50,000 members,
 * reference.md B "Limits and features"); a membership change must cost about what it changes, not what the
 * group holds. Before the membership paths were made incremental the two runs took about 45 s (Connect)
 * and 70 s (Cloud Sync) on the 2-core development machine; comparing the lists per change, 22.6 s and
 * 32.7 s; reading the splices AD records (src/model/list-edits.ts), 11.5 s and 10.6 s. No target is set:
 * the figures guard against a return to work proportional to group size.
 */
import type { ScenarioInput } from "../src/scenario/schema.js";
import { checkBuild, compareInChild, phaseLines, SEQUENTIAL_FLAG } from "./in-child.js";
import type { BenchLine } from "./types.js";

/** The benchmark scenario: 30,000 users, 20 groups × 5,000 members, membership-heavy workload. */
export const LARGE_GROUPS_SCENARIO: ScenarioInput = {
  name: "bench-large-groups",
  seed: 3,
  duration: "24h",
  drain: "12h",
  directory: {
    users: 30_000,
    groups: 20,
    membersPerGroup: 5_000,
    forests: [{ name: "contoso.com", ous: ["OU=Sales", "OU=IT"] }],
  },
  workload: {
    attributeChangesPerHour: 500,
    passwordChangesPerHour: 100,
    createsPerHour: 20,
    deletesPerHour: 20,
    movesPerHour: 10,
    membershipChangesPerHour: 4_000,
  },
  engines: { connect: { database: "sql" }, cloudSync: {} },
};

/**
 * Runs the large-group comparison once, one engine after the other, in a child process on the built
 * package (bench/in-child.ts), timing the build and each engine.
 */
export async function run(): Promise<BenchLine[]> {
  checkBuild();
  const { wallMs, phases, changes } = compareInChild(LARGE_GROUPS_SCENARIO, [], [SEQUENTIAL_FLAG]);
  return [
    { name: "groups.5000x20.wall", value: Math.round(wallMs), unit: "ms" },
    ...phaseLines("groups.5000x20", phases),
    { name: "groups.5000x20.changes", value: changes, unit: "changes" },
  ];
}
