import type { DurationInput } from "../scheduler/duration.js";

/**
 * The scripted `cloud-device` event: a device registered in Entra ID (Entra joined, not synced from AD),
 * measured until AD holds it — what Connect's device writeback is for (reference.md "Writeback"; Windows
 * Hello for Business' certificate trust and AD FS conditional access read these objects on premises).
 */

/**
 * `cloud-device` as written: a device registered in the cloud, `applied` once the engine has written it to
 * AD.
 *
 * @public
 */
export interface ScriptedCloudDeviceEventInput {
  /** Event type. */
  type: "cloud-device";
  /** When, from the workload's start. */
  at: DurationInput;
  /** The device's display name in the cloud: a name no AD object of the scenario has. */
  object: string;
  /** Its operating system (default `Windows`). */
  operatingSystem?: string;
  /** Its operating system version (default `10.0.22631`). */
  operatingSystemVersion?: string;
}

/**
 * A validated `cloud-device`.
 *
 * @public
 */
export interface ScriptedCloudDeviceEvent {
  /** Event type. */
  type: "cloud-device";
  /** When, ms from the workload's start. */
  at: number;
  /** The device's display name in the cloud. */
  object: string;
  /** Its operating system. */
  operatingSystem: string;
  /** Its operating system version. */
  operatingSystemVersion: string;
}
