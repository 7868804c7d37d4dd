import type { DurationInput } from "../scheduler/duration.js";

/**
 * The scripted `cloud-group` event: a group created in Entra ID (not synced from AD), measured until AD
 * holds it with its members — what Connect's group writeback and Cloud Sync's group provisioning to AD
 * are for (reference.md "Writeback", B "Limits and features").
 */

/**
 * The kinds of cloud group a `cloud-group` event creates: a security group, or a Microsoft 365 (unified)
 * group.
 *
 * @public
 */
export type CloudGroupKind = "security" | "microsoft365";

/**
 * `cloud-group` as written: a group created in the cloud with synced users as members, `applied` once the
 * engine has written it to AD with every member.
 *
 * @public
 */
export interface ScriptedCloudGroupEventInput {
  /** Event type. */
  type: "cloud-group";
  /** When, from the workload's start. */
  at: DurationInput;
  /** The group's display name in the cloud: a name no AD object of the scenario has. */
  object: string;
  /** A security group (default) or a Microsoft 365 group. */
  groupType?: CloudGroupKind;
  /** Its members: users of the scenario, each in the cloud by then. */
  members?: string[];
}

/**
 * A validated `cloud-group`.
 *
 * @public
 */
export interface ScriptedCloudGroupEvent {
  /** Event type. */
  type: "cloud-group";
  /** When, ms from the workload's start. */
  at: number;
  /** The group's display name in the cloud. */
  object: string;
  /** A security group or a Microsoft 365 group. */
  groupType: CloudGroupKind;
  /** Its members, by scenario name. */
  members: string[];
}
