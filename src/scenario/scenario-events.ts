import type { AdminActionName, EngineKind, FaultName } from "../engines/engine.js";
import type { DurationInput } from "../scheduler/duration.js";
import type { ScriptedCloudDeviceEvent, ScriptedCloudDeviceEventInput } from "./cloud-device-event.js";
import type { ScriptedCloudGroupEvent, ScriptedCloudGroupEventInput } from "./cloud-group-event.js";
import type {
  ScriptedExchangeOnlineEvent,
  ScriptedExchangeOnlineEventInput,
} from "./exchange-online-event.js";
import type { ObjectKind, WriteOrigin } from "./scenario-types.js";

/**
 * The scripted events of a scenario (issue 5 §1, docs/scenarios.md "Scripted events"), one interface per
 * event type, in two forms: `Scripted…EventInput` as written (`at` a duration such as `"1h30m"` or
 * milliseconds, defaults optional) and `Scripted…Event` once validated (`at` in milliseconds from the
 * workload's start, defaults filled). {@link ScenarioEventInput} and {@link ScenarioEvent} are the unions,
 * discriminated by `type`. Objects are named by their generated names (`user-7`) or by the name an earlier
 * scripted `create` gave them.
 */

/**
 * Admin actions a scripted `admin` event can ask for (docs/scenarios.md "Admin actions").
 *
 * @public
 */
export type ScriptedAdminAction = AdminActionName;

/**
 * How an `admin` event names its engine: `connect`, `cloudSync`, or `cloud-sync` (read as `cloudSync`).
 *
 * @public
 */
export type ScriptedEngineName = EngineKind | "cloud-sync";

/**
 * Where a scripted AD write is made (docs/scenarios.md "Where a write is made"): the fields every AD write
 * event (`create`, `modify`, `password`, `delete`, `restore`, `move`, `add-member`, `remove-member`) has.
 *
 * @public
 */
export interface WrittenOn {
  /**
   * The domain controller the write is made on: `sync-dc` (absent: the one both engines read),
   * `same-site` or `other-site` (the engines see it once it has replicated; its latency counts from `at`).
   */
  dc?: WriteOrigin;
}

/**
 * `create` as written: a new AD object (a user gets a password).
 *
 * @public
 */
export interface ScriptedCreateEventInput extends WrittenOn {
  /** Event type. */
  type: "create";
  /** When, from the workload's start (before `duration`). */
  at: DurationInput;
  /** Name of the new object (unique; later events name it). */
  object: string;
  /** Kind of object (default `user`). */
  objectType?: ObjectKind;
  /** Forest to create it in (default the first forest). */
  forest?: string;
  /** OU to create it in, relative to the forest root (default the forest's first container). */
  ou?: string;
  /**
   * Its AD attributes (default `{}`; a user gets a UPN if none is given; `manager` and `managedBy` take a
   * scenario object's name).
   */
  attributes?: Record<string, unknown>;
}

/**
 * A validated `create`.
 *
 * @public
 */
export interface ScriptedCreateEvent extends WrittenOn {
  /** Event type. */
  type: "create";
  /** When, ms from the workload's start. */
  at: number;
  /** Name of the new object. */
  object: string;
  /** Kind of object. */
  objectType: ObjectKind;
  /** Forest to create it in (absent: the first forest). */
  forest?: string;
  /** OU to create it in (absent: the forest's first container). */
  ou?: string;
  /** Its AD attributes. */
  attributes: Record<string, unknown>;
}

/**
 * `modify` as written: attribute edits, one tracked change per changed attribute.
 *
 * @public
 */
export interface ScriptedModifyEventInput extends WrittenOn {
  /** Event type. */
  type: "modify";
  /** When, from the workload's start. */
  at: DurationInput;
  /** Object to edit. */
  object: string;
  /** New attribute values (`null` clears one; `manager` and `managedBy` take a scenario object's name). */
  attributes: Record<string, unknown>;
}

/**
 * A validated `modify`.
 *
 * @public
 */
export interface ScriptedModifyEvent extends WrittenOn {
  /** Event type. */
  type: "modify";
  /** When, ms from the workload's start. */
  at: number;
  /** Object to edit. */
  object: string;
  /** New attribute values (`null` clears one; `manager` and `managedBy` take a scenario object's name). */
  attributes: Record<string, unknown>;
}

/**
 * `password` as written: the user's next password (derived from the seed, never stored).
 *
 * @public
 */
export interface ScriptedPasswordEventInput extends WrittenOn {
  /** Event type. */
  type: "password";
  /** When, from the workload's start. */
  at: DurationInput;
  /** User whose password changes. */
  object: string;
}

/**
 * A validated `password`.
 *
 * @public
 */
export interface ScriptedPasswordEvent extends WrittenOn {
  /** Event type. */
  type: "password";
  /** When, ms from the workload's start. */
  at: number;
  /** User whose password changes. */
  object: string;
}

/**
 * `delete` as written: deletes an AD object (it goes to the recycle bin).
 *
 * @public
 */
export interface ScriptedDeleteEventInput extends WrittenOn {
  /** Event type. */
  type: "delete";
  /** When, from the workload's start. */
  at: DurationInput;
  /** Object to delete. */
  object: string;
}

/**
 * A validated `delete`.
 *
 * @public
 */
export interface ScriptedDeleteEvent extends WrittenOn {
  /** Event type. */
  type: "delete";
  /** When, ms from the workload's start. */
  at: number;
  /** Object to delete. */
  object: string;
}

/**
 * `restore` as written: restores a deleted AD object from the recycle bin.
 *
 * @public
 */
export interface ScriptedRestoreEventInput extends WrittenOn {
  /** Event type. */
  type: "restore";
  /** When, from the workload's start. */
  at: DurationInput;
  /** Deleted object to restore. */
  object: string;
}

/**
 * A validated `restore`.
 *
 * @public
 */
export interface ScriptedRestoreEvent extends WrittenOn {
  /** Event type. */
  type: "restore";
  /** When, ms from the workload's start. */
  at: number;
  /** Deleted object to restore. */
  object: string;
}

/**
 * `move` as written: moves an object to another OU of its forest.
 *
 * @public
 */
export interface ScriptedMoveEventInput extends WrittenOn {
  /** Event type. */
  type: "move";
  /** When, from the workload's start. */
  at: DurationInput;
  /** Object to move. */
  object: string;
  /** Destination OU, relative to the forest root. */
  ou: string;
}

/**
 * A validated `move`.
 *
 * @public
 */
export interface ScriptedMoveEvent extends WrittenOn {
  /** Event type. */
  type: "move";
  /** When, ms from the workload's start. */
  at: number;
  /** Object to move. */
  object: string;
  /** Destination OU, relative to the forest root. */
  ou: string;
}

/**
 * `add-member` as written: adds a member to a group.
 *
 * @public
 */
export interface ScriptedAddMemberEventInput extends WrittenOn {
  /** Event type. */
  type: "add-member";
  /** When, from the workload's start. */
  at: DurationInput;
  /** The group. */
  object: string;
  /** The object to add. */
  member: string;
}

/**
 * A validated `add-member`.
 *
 * @public
 */
export interface ScriptedAddMemberEvent extends WrittenOn {
  /** Event type. */
  type: "add-member";
  /** When, ms from the workload's start. */
  at: number;
  /** The group. */
  object: string;
  /** The object to add. */
  member: string;
}

/**
 * `remove-member` as written: removes a member from a group.
 *
 * @public
 */
export interface ScriptedRemoveMemberEventInput extends WrittenOn {
  /** Event type. */
  type: "remove-member";
  /** When, from the workload's start. */
  at: DurationInput;
  /** The group. */
  object: string;
  /** The member to remove. */
  member: string;
}

/**
 * A validated `remove-member`.
 *
 * @public
 */
export interface ScriptedRemoveMemberEvent extends WrittenOn {
  /** Event type. */
  type: "remove-member";
  /** When, ms from the workload's start. */
  at: number;
  /** The group. */
  object: string;
  /** The member to remove. */
  member: string;
}

/**
 * `sign-in` as written: a cloud sign-in by a user; its result has `outcome` `success` / `failure` and a
 * `reason`.
 *
 * @public
 */
export interface ScriptedSignInEventInput {
  /** Event type. */
  type: "sign-in";
  /** When, from the workload's start. */
  at: DurationInput;
  /** The user signing in. */
  object: string;
  /** Which password the user types: the `latest` one set in AD or the `previous` one (default `latest`). */
  password?: "latest" | "previous";
}

/**
 * A validated `sign-in`.
 *
 * @public
 */
export interface ScriptedSignInEvent {
  /** Event type. */
  type: "sign-in";
  /** When, ms from the workload's start. */
  at: number;
  /** The user signing in. */
  object: string;
  /** Which password the user types. */
  password: "latest" | "previous";
}

/**
 * `cloud-password-reset` as written: a self-service password reset in the cloud, `applied` once password
 * writeback has put it in AD.
 *
 * @public
 */
export interface ScriptedCloudPasswordResetEventInput {
  /** Event type. */
  type: "cloud-password-reset";
  /** When, from the workload's start. */
  at: DurationInput;
  /** The user resetting their password. */
  object: string;
}

/**
 * A validated `cloud-password-reset`.
 *
 * @public
 */
export interface ScriptedCloudPasswordResetEvent {
  /** Event type. */
  type: "cloud-password-reset";
  /** When, ms from the workload's start. */
  at: number;
  /** The user resetting their password. */
  object: string;
}

/**
 * `fault` as written: a fault injected into a server, agent, link, the tenant or a domain controller
 * (docs/scenarios.md lists which target takes which fault).
 *
 * @public
 */
export interface ScriptedFaultEventInput {
  /** Event type. */
  type: "fault";
  /** When, from the workload's start. */
  at: DurationInput;
  /**
   * What fails: `connect:<server>`, `cloud-sync:<agent>`, `link:cloud`, `tenant`, `dc`, `dc:<forest>`,
   * `pta-agents` or `federation`.
   */
  target: string;
  /** The fault. */
  fault: FaultName;
}

/**
 * A validated `fault`.
 *
 * @public
 */
export interface ScriptedFaultEvent {
  /** Event type. */
  type: "fault";
  /** When, ms from the workload's start. */
  at: number;
  /** What fails (`connect:<server>`, `cloud-sync:<agent>`, `link:cloud`, `tenant`, `dc`, …). */
  target: string;
  /** The fault. */
  fault: FaultName;
}

/**
 * `admin` as written: an administrator's action on one engine; the other engine's run reports it
 * `ignored`.
 *
 * @public
 */
export interface ScriptedAdminEventInput {
  /** Event type. */
  type: "admin";
  /** When, from the workload's start. */
  at: DurationInput;
  /** The engine it is aimed at. */
  engine: ScriptedEngineName;
  /** The action. */
  action: ScriptedAdminAction;
  /** What it acts on: a server for `promote` / `demote`, an object for `on-demand`. */
  target?: string;
  /** Its argument, e.g. the new threshold for `set-threshold`. */
  value?: unknown;
}

/**
 * A validated `admin`: `engine` is normalised to an {@link EngineKind}.
 *
 * @public
 */
export interface ScriptedAdminEvent {
  /** Event type. */
  type: "admin";
  /** When, ms from the workload's start. */
  at: number;
  /** The engine it is aimed at. */
  engine: EngineKind;
  /** The action. */
  action: ScriptedAdminAction;
  /** What it acts on: a server for `promote` / `demote`, an object for `on-demand`. */
  target?: string;
  /** Its argument, e.g. the new threshold for `set-threshold`. */
  value?: unknown;
}

/**
 * One scripted event as a scenario writes it, discriminated by `type`.
 *
 * @public
 */
export type ScenarioEventInput =
  | ScriptedCreateEventInput
  | ScriptedModifyEventInput
  | ScriptedPasswordEventInput
  | ScriptedDeleteEventInput
  | ScriptedRestoreEventInput
  | ScriptedMoveEventInput
  | ScriptedAddMemberEventInput
  | ScriptedRemoveMemberEventInput
  | ScriptedSignInEventInput
  | ScriptedCloudPasswordResetEventInput
  | ScriptedCloudGroupEventInput
  | ScriptedCloudDeviceEventInput
  | ScriptedExchangeOnlineEventInput
  | ScriptedFaultEventInput
  | ScriptedAdminEventInput;

/**
 * One scripted event of a validated scenario, discriminated by `type`.
 *
 * @public
 */
export type ScenarioEvent =
  | ScriptedCreateEvent
  | ScriptedModifyEvent
  | ScriptedPasswordEvent
  | ScriptedDeleteEvent
  | ScriptedRestoreEvent
  | ScriptedMoveEvent
  | ScriptedAddMemberEvent
  | ScriptedRemoveMemberEvent
  | ScriptedSignInEvent
  | ScriptedCloudPasswordResetEvent
  | ScriptedCloudGroupEvent
  | ScriptedCloudDeviceEvent
  | ScriptedExchangeOnlineEvent
  | ScriptedFaultEvent
  | ScriptedAdminEvent;

/** The scripted event types. @public */
export type ScenarioEventType = ScenarioEvent["type"];

/** The validated scripted event of one type, e.g. `ScenarioEventOf<"fault">`. @public */
export type ScenarioEventOf<T extends ScenarioEventType> = Extract<ScenarioEvent, Record<"type", T>>;
