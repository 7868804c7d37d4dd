import type { z } from "zod";
import { dnKey, domainToDn } from "../model/dn.js";
import { formatDuration } from "../scheduler/duration.js";
import { formatCount, isSimulationError, SimulationError, show } from "../scheduler/errors.js";
import type { ActionTargets } from "./action-checks.js";
import { engineTopology } from "./engine-config.js";
import { checkEvent, type Known, type Topology } from "./event-checks.js";
import {
  containersOf,
  forestOus,
  ouDn,
  parentOf,
  parseGeneratedName,
  placementOf,
  sharedPeople,
} from "./layout.js";
import {
  EVENT_TYPES,
  expectedOver,
  MAX_MEMBERSHIPS,
  MAX_USERS,
  type Scenario,
  scenarioSchema,
} from "./schema.js";
import { problemsOf, type ScenarioProblem } from "./schema-problems.js";
import { scopeProblems } from "./scope-references.js";

/**
 * A scenario that failed validation: `code` is `invalid-scenario`, the message lists every problem by
 * path, and {@link ScenarioError.problems} (also `details.value`) holds them as data.
 *
 * @public
 */
export class ScenarioError extends SimulationError {
  /** Every problem found, in path order of discovery. */
  readonly problems: readonly ScenarioProblem[];

  /** @param problems - the problems found (at least one) */
  constructor(problems: readonly ScenarioProblem[]) {
    const lines = problems.map((p) => `  ${p.path || "(scenario)"}: ${p.message}`);
    super(
      "invalid-scenario",
      `invalid scenario: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${lines.join("\n")}`,
      { field: problems[0]?.path ?? "", value: problems },
    );
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/**
 * Validates a scenario: structure, types and durations (zod), then cross-references — unknown objects
 * (generated `user-1 … user-N`, `group-…`, `contact-…`, `device-…` and names made by earlier scripted
 * creates), deleted objects, OUs, forests, Connect servers, Cloud Sync agents, fault targets, attributes
 * the AD schema refuses, events at or after `duration`, and the engines' own config checks (each engine is
 * made once from its config, so Connect's custom rules and Cloud Sync's expression mappings must parse).
 *
 * @returns the scenario with durations in ms and defaults filled
 * @throws ScenarioError (`invalid-scenario`) listing every problem by path
 * @public
 */
export function validateScenario(input: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success)
    throw new ScenarioError([
      ...problemsOf(parsed.error, input),
      ...crossCheckSoundParts(input, parsed.error),
    ]);
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new ScenarioError(problems);
  return parsed.data;
}

/** The problems of a scenario, without throwing (empty when it is valid). @public */
export function scenarioProblems(input: unknown): ScenarioProblem[] {
  try {
    validateScenario(input);
    return [];
  } catch (error) {
    if (error instanceof ScenarioError) return [...error.problems];
    throw error;
  }
}

// What the cross-checks read: with a structural problem in any of these they would judge a guess.
const CROSS_CHECKED = new Set(["directory", "engines", "authentication", "features", "duration", "events"]);
// Events that change what later events may name (an object made, deleted, restored; a cloud name taken):
// left out, they would make later events' references look wrong.
const NAMING_EVENTS = new Set(["create", "delete", "restore", "cloud-group", "cloud-device"]);

/**
 * The cross-reference problems of a scenario that failed its schema, where they can be judged: so a file
 * with a bad workload rate and an event naming an unknown object gets both at once. The fields the schema
 * refused are put back to their defaults (they are not read by the cross-checks) and the events it refused
 * are left out — unless a refused field is one the cross-checks read, or a refused event is one that makes,
 * deletes or restores a name (or its type is unknown): then only the schema's problems are reported.
 */
function crossCheckSoundParts(input: unknown, error: z.ZodError): ScenarioProblem[] {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return [];
  const repaired: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const refusedEvents = new Set<number>();
  for (const issue of error.issues) {
    const [field, index] = issue.path;
    // A problem of the whole scenario, an unknown field among them: a misspelt `direcotry` would leave the
    // default directory for the cross-checks to judge the events by.
    if (field === undefined) return [];
    if (field === "events" && typeof index === "number") {
      refusedEvents.add(index);
    } else if (CROSS_CHECKED.has(String(field))) {
      return [];
    } else {
      delete repaired[String(field)];
    }
  }
  if (!("name" in repaired)) repaired.name = "scenario"; // required; never read by the cross-checks
  const events = Array.isArray(repaired.events) ? (repaired.events as unknown[]) : [];
  const kept: number[] = [];
  for (let i = 0; i < events.length; i++) {
    if (!refusedEvents.has(i)) {
      kept.push(i);
      continue;
    }
    const type = (events[i] as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !EVENT_TYPES.includes(type as never) || NAMING_EVENTS.has(type))
      return [];
  }
  if (refusedEvents.size > 0) repaired.events = kept.map((i) => events[i]);
  const parsed = scenarioSchema.safeParse(repaired);
  return parsed.success ? crossCheck(parsed.data, (position) => kept[position] ?? position) : [];
}

/**
 * @param eventIndex - an event's index in the scenario as written, from its position in `scenario.events`
 *   (they differ when the schema refused some events: {@link crossCheckSoundParts})
 */
function crossCheck(
  scenario: Scenario,
  eventIndex: (position: number) => number = (i) => i,
): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  const shape = scenario.directory;

  // Forests and OUs.
  const forestNames = new Map<string, number>();
  shape.forests.forEach((forest, i) => {
    if (forestNames.has(forest.name.toLowerCase()))
      add(`directory.forests[${i}].name`, `${show(forest.name)} is declared twice`);
    forestNames.set(forest.name.toLowerCase(), i);
  });
  const ous = new Set(forestOus(shape).map((ou) => dnKey(ou.dn)));
  shape.forests.forEach((forest, i) => {
    const root = dnKey(domainToDn(forest.name));
    forest.ous.forEach((ou, j) => {
      const dn = ouDn(forest.name, ou);
      const parent = parentOf(dn);
      if (parent === undefined || (dnKey(parent) !== root && !ous.has(dnKey(parent)))) {
        add(`directory.forests[${i}].ous[${j}]`, `${show(ou)}: parent ${show(parent)} is not declared`);
      }
    });
  });
  if (shape.membersPerGroup > shape.users + shape.contacts) {
    const generated =
      shape.contacts > 0 ? `${shape.users} users and ${shape.contacts} contacts` : `${shape.users} users`;
    add("directory.membersPerGroup", `${shape.membersPerGroup} is more than the ${generated} generated`);
  } else if (shape.groups * shape.membersPerGroup > MAX_MEMBERSHIPS) {
    add(
      "directory.membersPerGroup",
      `${shape.membersPerGroup} members in each of ${shape.groups} groups make ${formatCount(shape.groups * shape.membersPerGroup)} memberships, more than the ${formatCount(MAX_MEMBERSHIPS)} a scenario may generate`,
    );
  }
  const hires = Math.round(expectedOver(scenario.workload.createsPerHour, scenario.duration));
  if (hires > MAX_USERS) {
    add(
      "workload.createsPerHour",
      `${scenario.workload.createsPerHour} an hour for ${formatDuration(scenario.duration)} makes ~${formatCount(hires)} creates, more than the ${formatCount(MAX_USERS)} objects a scenario may generate`,
    );
  }
  if (shape.sharedUsers > 0 && shape.forests.length < 2)
    add("directory.sharedUsers", `${shape.sharedUsers} needs at least two forests to share users between`);
  if (shape.sharedUsers > shape.users)
    add("directory.sharedUsers", `${shape.sharedUsers} is more than the ${shape.users} users generated`);
  if (shape.groups > 0 && shape.membersPerGroup > 0 && shape.users === 0) {
    add("directory.membersPerGroup", "needs users to fill the groups");
  }

  // Engine configs (their own validators) and topology.
  // An engine whose config is itself invalid has no known topology: references to its servers or agents
  // are not checked then (its config problem is the one to report, not one per event).
  const topology: Topology = {
    servers: new Set<string>(),
    agents: new Set<string>(),
    actions: new Map<string, readonly string[]>(),
    unknown: new Set<string>(),
    ptaAgents: undefined,
  };
  for (const kind of ["connect", "cloudSync"] as const) {
    try {
      const t = engineTopology(kind, scenario.engines[kind]);
      for (const s of t.servers) topology.servers.add(s);
      for (const a of t.agents) topology.agents.add(a);
      topology.actions.set(kind, t.actions);
      if (kind === "connect") topology.ptaAgents = t.ptaAgents;
      for (const p of scopeProblems(scenario, kind, scenario.engines[kind]))
        add(`engines.${kind}.${p.path}`, p.message);
    } catch (error) {
      topology.unknown.add(kind);
      if (!isSimulationError(error)) throw error;
      add(
        `engines.${kind}${error.details.field ? `.${error.details.field}` : ""}`,
        error.message.replace(/^[^:]*: /, ""),
      );
    }
  }

  // Connect's PHS off while the scenario asks for it: the engine would turn it back on without a word.
  if (!topology.unknown.has("connect") && scenario.engines.connect?.passwordHashSync === false) {
    if (scenario.authentication === "phs")
      add(
        "engines.connect.passwordHashSync",
        'false contradicts authentication "phs" (sign-ins check the synced hash): use "pta" or "federation"',
      );
    else if (scenario.features.includes("password-hash-sync"))
      add("engines.connect.passwordHashSync", 'false contradicts the feature "password-hash-sync"');
  }

  // What the fault and admin checks take: the engines' parts (none when a config is itself invalid).
  const targets: ActionTargets = {
    servers: topology.unknown.has("connect") ? undefined : topology.servers,
    agents: topology.unknown.has("cloudSync") ? undefined : topology.agents,
    forests: new Set(forestNames.keys()),
    ptaAgents: topology.ptaAgents,
  };

  // Scripted events, in the order they will happen (time, then position).
  const containers = containersOf(shape);
  const known = new Map<string, Known>();
  const cloudNames = new Set<string>();
  const { copies, originals } = sharedPeople(shape, containers);
  const lookup = (name: string): Known | undefined => {
    const scripted = known.get(name.toLowerCase());
    if (scripted) return scripted;
    const copy = copies.get(name.toLowerCase());
    if (copy !== undefined) {
      const entry: Known = {
        kind: "user",
        forest: copy.forest,
        alive: true,
        shared: { copyOf: copy.original },
      };
      known.set(name.toLowerCase(), entry);
      return entry;
    }
    const generated = parseGeneratedName(shape, name);
    if (!generated) return undefined;
    const entry: Known = {
      kind: generated.kind,
      forest: placementOf(containers, generated.index).forest,
      alive: true,
      ...(originals.has(name.toLowerCase()) ? { shared: { original: true } as const } : {}),
    };
    known.set(name.toLowerCase(), entry);
    return entry;
  };
  const order = scenario.events
    .map((event, position) => ({ event, index: eventIndex(position) }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index);
  const eventProblems: Array<ScenarioProblem & { index: number }> = [];
  for (const { event, index } of order) {
    const at = `events[${index}]`;
    const addEvent = (path: string, message: string): void => {
      eventProblems.push({ path, message, index });
    };
    if (event.at >= scenario.duration) {
      addEvent(
        `${at}.at`,
        `${show(formatDuration(event.at))} is not before the end of the workload (duration ${formatDuration(scenario.duration)})`,
      );
    }
    checkEvent(event, at, {
      add: addEvent,
      lookup,
      known,
      cloudNames,
      ous,
      forestNames,
      topology,
      targets,
      shape: scenario,
    });
  }
  // Reported in scenario order, whatever order the events happen in.
  eventProblems.sort((a, b) => a.index - b.index);
  for (const { path, message } of eventProblems) add(path, message);
  return problems;
}
