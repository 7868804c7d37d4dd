import { formatCount } from "../scheduler/errors.js";
import { at, officeDirectory, officeWorkload, type PresetSize, spread } from "./preset-stories.js";
import type { ScenarioInput } from "./schema.js";

/** Names of the groups the day's teams make in the cloud. */
const PROJECTS = ["Falcon", "Harbour", "Orchard", "Summit", "Lantern", "Meridian"];

/**
 * `writeback-day`: the cloud writing to AD — self-service password resets, security and Microsoft 365
 * groups made in the cloud and Exchange Online's mailbox settings — through an outage of each engine's on-premises part (Connect's server, one of Cloud Sync's two agents).
 *
 * @internal
 */
export function writebackDay({ users }: PresetSize): ScenarioInput {
  const resets = spread(users, Math.min(12, users), 3).map((object, i) => ({
    type: "cloud-password-reset" as const,
    at: at(20 + i * 20),
    object,
  }));
  // Security and Microsoft 365 groups in turn: Cloud Sync provisions the first kind, Connect's group
  // writeback v1 the second (v2, which wrote security groups, is retired: groups-write-back-portal).
  const groups = PROJECTS.map((name, i) => ({
    type: "cloud-group" as const,
    at: at(15 + i * 45),
    object: `Project ${name}`,
    groupType: i % 2 === 0 ? ("security" as const) : ("microsoft365" as const),
    members: spread(users, Math.min(5, users), 11 + i),
  }));
  // Online archives turned on in Exchange Online: one while Connect's server is down, one while Cloud
  // Sync's first agent is.
  // (Fewer than four users: some archive twice.)
  const archivers = spread(users, 4, 23);
  const archives = [35, 70, 155, 185].map((minute, i) => ({
    type: "exchange-online" as const,
    at: at(minute),
    object: archivers[i % archivers.length] as string,
    attribute: "msExchArchiveStatus" as const,
    value: 1,
  }));
  return {
    name: "writeback-day",
    description: `The cloud writing to AD in a ${formatCount(users)}-user company: a self-service password reset every 20 minutes, a group made in the cloud every 45 minutes (security and Microsoft 365 in turn) and four online archives turned on in Exchange Online. Connect writes a reset back at once, and a Microsoft 365 group or a mailbox setting at its next cycle (it no longer writes security groups back: group writeback v2 is retired); its server is down from 1h to 1h30m, and resets fail at once meanwhile. Cloud Sync writes a reset back through its agent, and provisions security groups (not Microsoft 365 ones) and writes mailbox settings on 20-minute jobs; the first of its two agents crashes at 3h for 30 minutes.`,
    seed: 11,
    duration: "5h",
    drain: "4h",
    directory: officeDirectory(users),
    workload: officeWorkload(users),
    authentication: "phs",
    features: [
      "password-writeback",
      "group-writeback",
      "group-provisioning-to-ad",
      "exchange-hybrid-writeback",
    ],
    events: [
      ...resets,
      ...groups,
      ...archives,
      { type: "fault", at: "1h", target: "connect:primary", fault: "crash" },
      { type: "fault", at: "1h30m", target: "connect:primary", fault: "restart" },
      { type: "fault", at: "3h", target: "cloud-sync:agent-1", fault: "crash" },
      { type: "fault", at: "3h30m", target: "cloud-sync:agent-1", fault: "restart" },
    ],
    // Two agents, as reference.md B "High availability" recommends more than one: the crash is a failover.
    engines: { cloudSync: { agents: 2 } },
  };
}
