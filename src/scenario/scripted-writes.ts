import { REFERENCE_ATTRIBUTES } from "../model/reference-attributes.js";
import type { World } from "../model/world.js";
import { formatDuration } from "../scheduler/duration.js";
import { SimulationError, show } from "../scheduler/errors.js";
import type { DirectoryActions, SettleReplicated } from "./actions.js";
import { createdParent, ouDn } from "./layout.js";
import type { TrackedChange } from "./observer.js";
import type { Population } from "./population.js";
import type { Replication } from "./replication.js";
import type { EventStatus } from "./result.js";
import type { Scenario, ScenarioEventOf, WriteOrigin } from "./schema.js";

/**
 * The scripted AD writes of one run (`create`, `modify`, `password`, `delete`, `restore`, `move`,
 * `add-member`, `remove-member`): made through {@link DirectoryActions} on the DC the event names, their
 * objects named by the scenario's names.
 */

/** The scripted event types that write to AD. @internal */
export type ScriptedWriteEvent = ScenarioEventOf<
  "create" | "modify" | "password" | "delete" | "restore" | "move" | "add-member" | "remove-member"
>;

/** What a scripted event came to (the script's outcome of an event that is not a tracked change). @internal */
export interface ScriptOutcome {
  status: EventStatus;
  reason?: string;
  outcome?: "success" | "failure";
  visibleAt?: number | null;
}

/**
 * Plays the scripted AD writes of one run.
 *
 * @internal
 */
export class ScriptedWrites {
  private readonly world: World;
  private readonly scenario: Scenario;
  private readonly population: Population;
  private readonly actions: DirectoryActions;
  private readonly replication: Replication | undefined;
  private readonly origin: number;
  private readonly settle: (index: number, fate: TrackedChange[] | ScriptOutcome) => void;

  /**
   * @param run - the run's parts; `settle` records the fate of a write that replicated from another DC
   */
  constructor(run: {
    world: World;
    scenario: Scenario;
    population: Population;
    actions: DirectoryActions;
    replication: Replication | undefined;
    origin: number;
    settle: (index: number, fate: TrackedChange[] | ScriptOutcome) => void;
  }) {
    this.world = run.world;
    this.scenario = run.scenario;
    this.population = run.population;
    this.actions = run.actions;
    this.replication = run.replication;
    this.origin = run.origin;
    this.settle = run.settle;
  }

  /** Makes the event's write: its tracked changes, or (made on another DC) pending until it arrives. */
  play(event: ScriptedWriteEvent, index: number): TrackedChange[] | ScriptOutcome {
    const actions = this.actions;
    switch (event.type) {
      case "create":
        return this.create(event, index);
      case "modify": {
        const guid = this.guid(event.object);
        const attributes = this.referencesResolved(event.attributes);
        return this.written(event, index, (settle) => actions.modifyOn(event.dc, guid, attributes, settle));
      }
      case "password": {
        const guid = this.guid(event.object);
        return this.written(event, index, (settle) => actions.passwordOn(event.dc, guid, settle));
      }
      case "delete": {
        const guid = this.guid(event.object);
        return this.written(event, index, (settle) => actions.deleteOn(event.dc, guid, settle));
      }
      case "restore": {
        const guid = this.guid(event.object);
        return this.written(event, index, (settle) =>
          actions.restoreOn(event.dc, guid, event.object, settle),
        );
      }
      case "move": {
        const guid = this.guid(event.object);
        const ou = ouDn(this.population.directoryOf(guid).forest, event.ou);
        return this.written(event, index, (settle) => actions.moveOn(event.dc, guid, ou, settle));
      }
      case "add-member":
      case "remove-member": {
        const group = this.guid(event.object);
        const member = this.guid(event.member);
        const add = event.type === "add-member";
        return this.written(event, index, (settle) =>
          actions.membershipOn(event.dc, group, member, add, settle),
        );
      }
    }
  }

  /** The objectGUID of the object the scenario names `name`. */
  guid(name: string): string {
    const object = this.population.byName(name);
    if (object) return object.objectGUID;
    if (this.replication) {
      // Validation read the events in `at` order; the object's create was made on another DC.
      const arrives = this.replication.creatingUntil(name);
      throw new SimulationError(
        "invalid-argument",
        arrives === undefined
          ? `object: ${show(name)} is not on the sync DC: its create, made on another domain controller, was not made there`
          : `object: ${show(name)} is not on the sync DC yet: its create, made on another domain controller, arrives at ${formatDuration(arrives - this.origin)}`,
        { field: "object", value: name },
      );
    }
    throw new Error(`script: ${name} is unknown (validation should have caught it)`);
  }

  private create(event: ScenarioEventOf<"create">, index: number): TrackedChange[] | ScriptOutcome {
    const forest = event.forest ?? this.world.forest().forest;
    const directory = this.world.forest(forest);
    const parent = createdParent(this.scenario.directory, directory.forest, event.ou);
    const attributes = { ...this.referencesResolved(event.attributes) };
    if (event.objectType === "user" && attributes.userPrincipalName === undefined)
      attributes.userPrincipalName = `${event.object}@${directory.forest}`;
    const { objectType, object } = event;
    return this.written(event, index, (settle) =>
      this.actions.createOn(event.dc, objectType, object, directory, parent, attributes, settle),
    );
  }

  /**
   * The outcome of a scripted AD write: its changes when made on the sync DC; while it replicates from
   * another DC, pending with the time it arrives, and settled when it does.
   */
  private written(
    event: ScriptedWriteEvent,
    index: number,
    write: (settle: SettleReplicated) => TrackedChange[] | undefined,
  ): TrackedChange[] | ScriptOutcome {
    const changes = write((fate) =>
      this.settle(
        index,
        fate.failure === undefined ? fate.changes : { status: "failed", reason: fate.failure },
      ),
    );
    if (changes) return changes;
    const dc: WriteOrigin = event.dc ?? "sync-dc";
    const arrives = (this.replication as Replication).arrivalOf(dc, this.origin + event.at);
    const where =
      dc === "same-site"
        ? "another domain controller of the sync DC's site"
        : "a domain controller of another site";
    return {
      status: "pending",
      reason: `made on ${where}; it had not reached the sync DC when the run ended (due at ${formatDuration(arrives - this.origin)})`,
    };
  }

  /**
   * The attributes with each reference (`manager`, `managedBy`) turned from the scenario's name for the
   * object into its objectGUID, what AD holds (validation checked the name is a live object then).
   */
  private referencesResolved<T extends Record<string, unknown>>(attributes: T): T {
    let resolved: Record<string, unknown> | undefined;
    for (const name of REFERENCE_ATTRIBUTES) {
      const target = attributes[name];
      if (typeof target !== "string") continue;
      resolved ??= { ...attributes };
      resolved[name] = this.guid(target);
    }
    return (resolved as T | undefined) ?? attributes;
  }
}
