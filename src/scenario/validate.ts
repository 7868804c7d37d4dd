import { normaliseAttribute } from "../model/ad-object.js";
import { dnKey, domainToDn } from "../model/dn.js";
import { exchangeValueProblem } from "../model/exchange-online.js";
import { REFERENCE_ATTRIBUTES } from "../model/reference-attributes.js";
import { formatDuration } from "../scheduler/duration.js";
import { isSimulationError, SimulationError, show } from "../scheduler/errors.js";
import { type ActionTargets, adminProblems, faultProblems } from "./action-checks.js";
import { engineTopology } from "./engine-config.js";
import { ENGINE_LABELS } from "./engines.js";
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
  type ObjectKind,
  problemsOf,
  type Scenario,
  type ScenarioEvent,
  type ScenarioProblem,
  scenarioSchema,
} from "./schema.js";
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
  if (!parsed.success) throw new ScenarioError(problemsOf(parsed.error, input));
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

interface Known {
  kind: ObjectKind;
  forest: string;
  alive: boolean;
  /**
   * A merger's shared person (`directory.sharedUsers`): `original` for the first forest's account, `copyOf`
   * (that account's name) for the person's account in another forest.
   */
  shared?: { readonly original: true } | { readonly copyOf: string };
}

function crossCheck(scenario: Scenario): ScenarioProblem[] {
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
    add(
      "directory.membersPerGroup",
      `${shape.membersPerGroup} is more than the ${shape.users} users generated`,
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
    .map((event, index) => ({ event, index }))
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

interface CheckContext {
  add(path: string, message: string): void;
  lookup(name: string): Known | undefined;
  known: Map<string, Known>;
  /** Names of the cloud groups and devices earlier `cloud-group` / `cloud-device` events made (lower case). */
  cloudNames: Set<string>;
  ous: Set<string>;
  forestNames: Map<string, number>;
  topology: Topology;
  /** The same engines' parts, as the fault and admin checks take them. */
  targets: ActionTargets;
  shape: Scenario;
}

/** What the engine configs make (servers, agents, the actions each takes); `unknown`: configs that failed. */
interface Topology {
  readonly servers: Set<string>;
  readonly agents: Set<string>;
  readonly actions: Map<string, readonly string[]>;
  readonly unknown: Set<string>;
  /** Connect's PTA agents (undefined while its config is unknown). */
  ptaAgents: number | undefined;
}

function requireLive(
  ctx: CheckContext,
  name: string,
  path: string,
  kinds?: readonly ObjectKind[],
): Known | undefined {
  const object = ctx.lookup(name);
  if (!object) {
    ctx.add(
      path,
      `${show(name)} is not an object of this scenario (generated names are user-1..${ctx.shape.directory.users}, or create it earlier)`,
    );
    return undefined;
  }
  if (object.shared && "copyOf" in object.shared) {
    ctx.add(
      path,
      `${show(name)} is another forest's account of shared person ${show(object.shared.copyOf)} (directory.sharedUsers): events name the person by that account; what the other becomes in the cloud is each engine's own (Connect joins it, Cloud Sync keeps it apart)`,
    );
    return undefined;
  }
  if (!object.alive) {
    ctx.add(path, `${show(name)} is deleted at that time`);
    return undefined;
  }
  if (kinds && !kinds.includes(object.kind)) {
    ctx.add(path, `${show(name)} is a ${object.kind}, not a ${kinds.join(" or ")}`);
    return undefined;
  }
  return object;
}

function checkOu(ctx: CheckContext, forest: string, ou: string, path: string): void {
  const dn = ouDn(forest, ou);
  if (dnKey(dn) !== dnKey(domainToDn(forest)) && !ctx.ous.has(dnKey(dn))) {
    ctx.add(path, `${show(ou)} is not an OU of forest ${show(forest)}`);
  }
}

/**
 * What a reference attribute may name: a manager is a person (user or contact), `managedBy` a person or a
 * group (AD's DN-valued attributes as admins fill them).
 */
const REFERENT_KINDS: Readonly<Record<(typeof REFERENCE_ATTRIBUTES)[number], readonly ObjectKind[]>> = {
  manager: ["user", "contact"],
  managedBy: ["user", "contact", "group"],
};

function checkAttributes(
  ctx: CheckContext,
  kind: ObjectKind,
  forest: string,
  attributes: Record<string, unknown>,
  path: string,
): void {
  const objectClass = kind === "device" ? "computer" : kind;
  for (const [key, value] of Object.entries(attributes)) {
    try {
      normaliseAttribute(objectClass, key, value);
    } catch (error) {
      if (!isSimulationError(error)) throw error;
      ctx.add(`${path}.${key}`, error.message.replace(/^[^:]*: /, ""));
      continue;
    }
    // A reference names another object of the scenario by its name (the run writes its objectGUID).
    const name = REFERENCE_ATTRIBUTES.find((attribute) => attribute === key);
    if (name === undefined || typeof value !== "string") continue;
    const referent = requireLive(ctx, value, `${path}.${key}`, REFERENT_KINDS[name]);
    if (referent && referent.forest !== forest) {
      ctx.add(
        `${path}.${key}`,
        `${show(value)} is in forest ${show(referent.forest)}, the object in ${show(forest)}: a reference names an object of its own forest`,
      );
    }
  }
}

function checkEvent(event: ScenarioEvent, at: string, ctx: CheckContext): void {
  switch (event.type) {
    case "create": {
      const forest = event.forest ?? ctx.shape.directory.forests[0]?.name ?? "";
      if (event.forest !== undefined && !ctx.forestNames.has(event.forest.toLowerCase())) {
        ctx.add(`${at}.forest`, `${show(event.forest)} is not a forest of this scenario`);
      }
      if (event.ou !== undefined) checkOu(ctx, forest, event.ou, `${at}.ou`);
      const existing = ctx.lookup(event.object);
      if (existing || ctx.cloudNames.has(event.object.toLowerCase())) {
        ctx.add(`${at}.object`, `${show(event.object)} already exists`);
      } else if (/[,=+<>#;"\\]/.test(event.object)) {
        ctx.add(`${at}.object`, `${show(event.object)} is not a valid object name`);
      }
      checkAttributes(ctx, event.objectType, forest, event.attributes, `${at}.attributes`);
      ctx.known.set(event.object.toLowerCase(), { kind: event.objectType, forest, alive: true });
      return;
    }
    case "modify": {
      const object = requireLive(ctx, event.object, `${at}.object`);
      if (object) checkAttributes(ctx, object.kind, object.forest, event.attributes, `${at}.attributes`);
      if (Object.keys(event.attributes).length === 0)
        ctx.add(`${at}.attributes`, "must name at least one attribute");
      return;
    }
    case "password":
    case "sign-in":
    case "cloud-password-reset":
      requireLive(ctx, event.object, `${at}.object`, ["user"]);
      return;
    case "exchange-online": {
      requireLive(ctx, event.object, `${at}.object`, ["user"]);
      const problem =
        event.value === undefined ? undefined : exchangeValueProblem(event.attribute, event.value);
      if (problem) ctx.add(`${at}.value`, problem);
      return;
    }
    case "cloud-device":
    case "cloud-group": {
      // Its copy in AD is found by its name: no AD object or other cloud object of the scenario may have it.
      const name = event.object.toLowerCase();
      if (ctx.lookup(event.object) || ctx.cloudNames.has(name))
        ctx.add(
          `${at}.object`,
          `${show(event.object)} already exists: a cloud ${event.type === "cloud-group" ? "group" : "device"} needs a name of its own`,
        );
      ctx.cloudNames.add(name);
      if (event.type === "cloud-group")
        event.members.forEach((member, i) => {
          requireLive(ctx, member, `${at}.members[${i}]`, ["user"]);
        });
      return;
    }
    case "delete": {
      const object = requireLive(ctx, event.object, `${at}.object`);
      if (object?.shared) ctx.add(`${at}.object`, sharedStays(event.object, "deleted"));
      else if (object) object.alive = false;
      return;
    }
    case "restore": {
      const object = ctx.lookup(event.object);
      if (!object) ctx.add(`${at}.object`, `${show(event.object)} is not an object of this scenario`);
      else if (object.alive)
        ctx.add(
          `${at}.object`,
          `${show(event.object)} is not deleted at that time (delete it in an earlier event)`,
        );
      else object.alive = true;
      return;
    }
    case "move": {
      const object = requireLive(ctx, event.object, `${at}.object`);
      if (object?.shared) ctx.add(`${at}.object`, sharedStays(event.object, "moved"));
      else if (object) checkOu(ctx, object.forest, event.ou, `${at}.ou`);
      return;
    }
    case "add-member":
    case "remove-member": {
      const group = requireLive(ctx, event.object, `${at}.object`, ["group"]);
      const member = requireLive(ctx, event.member, `${at}.member`, ["user", "group", "contact", "device"]);
      if (group && member && event.object.toLowerCase() === event.member.toLowerCase()) {
        ctx.add(`${at}.member`, "a group cannot contain itself");
      } else if (group && member && group.forest !== member.forest) {
        // Each forest is one domain here, and a member from another forest would be a foreign security
        // principal behind a trust, which the model has not: the directory would refuse it mid-run.
        ctx.add(
          `${at}.member`,
          `${show(event.member)} is in forest ${show(member.forest)}, group ${show(event.object)} in ${show(group.forest)}: a group holds members of its own forest`,
        );
      }
      return;
    }
    case "fault":
      for (const p of faultProblems(event.target, event.fault, ctx.targets))
        ctx.add(`${at}.${p.field}`, p.message);
      return;
    case "admin": {
      // An action the engine it is aimed at does not have would only be `ignored` mid-run.
      const actions = ctx.topology.actions.get(event.engine);
      if (actions && !actions.includes(event.action)) {
        ctx.add(
          `${at}.action`,
          `${show(event.action)} is not an action of ${ENGINE_LABELS[event.engine]} (${actions.join(", ")})`,
        );
        return;
      }
      for (const p of adminProblems(event, ctx.targets)) ctx.add(`${at}.${p.field}`, p.message);
      if (event.action === "on-demand" && event.target && !event.target.includes("="))
        requireLive(ctx, event.target, `${at}.target`);
      if (event.engine === "connect" && (event.action === "promote" || event.action === "demote")) {
        if (event.target === undefined) ctx.add(`${at}.target`, `is required: the server to ${event.action}`);
        else if (!ctx.topology.unknown.has("connect") && !ctx.topology.servers.has(event.target)) {
          ctx.add(
            `${at}.target`,
            `${show(event.target)} is not a Connect server (${[...ctx.topology.servers].join(", ")})`,
          );
        }
      }
      return;
    }
  }
}

/** Why a shared person is not deleted or moved, by script as by the random workload. */
function sharedStays(name: string, what: "deleted" | "moved"): string {
  return `${show(name)} is a shared person (directory.sharedUsers) and is not ${what}, as in the random workload: under Connect's join the cloud user lives on through the other forest's account, which no result could tell from a change never synced`;
}
