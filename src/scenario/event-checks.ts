import { normaliseAttribute } from "../model/ad-object.js";
import { isRdnValue } from "../model/create-input.js";
import { dnKey, domainToDn } from "../model/dn.js";
import { exchangeValueProblem } from "../model/exchange-online.js";
import { REFERENCE_ATTRIBUTES } from "../model/reference-attributes.js";
import { isSimulationError, show, showSome } from "../scheduler/errors.js";
import { type ActionTargets, adminProblems, faultProblems } from "./action-checks.js";
import { ENGINE_LABELS } from "./engines.js";
import { ouDn } from "./layout.js";
import type { ObjectKind, Scenario, ScenarioEvent } from "./schema.js";
import { setScopeProblems } from "./scope-references.js";

/**
 * The checks of one scripted event against what the scenario holds at its moment: the objects alive then
 * (generated, created or restored by earlier events), their kinds and forests, the OUs, the engines' servers
 * and agents, the cloud names earlier events made. Apart from `validate.ts`, which walks the events in the
 * order they happen and keeps that state, because each event type's rules are their own long list.
 */

/** What validation knows of a named object at an event's moment. @internal */
export interface Known {
  kind: ObjectKind;
  forest: string;
  alive: boolean;
  /**
   * A merger's shared person (`directory.sharedUsers`): `original` for the first forest's account, `copyOf`
   * (that account's name) for the person's account in another forest.
   */
  shared?: { readonly original: true } | { readonly copyOf: string };
}

/** What an event's checks read and report through. @internal */
export interface CheckContext {
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

/** What the engine configs make (servers, agents, the actions each takes); `unknown`: configs that failed. @internal */
export interface Topology {
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
    // Name the forest's OUs as the scenario declares them: a misspelt OU is the usual cause.
    const declared = ctx.shape.directory.forests[ctx.forestNames.get(forest.toLowerCase()) ?? -1];
    const has = declared && declared.ous.length > 0 ? `it has ${showSome(declared.ous)}` : "it declares none";
    ctx.add(path, `${show(ou)} is not an OU of forest ${show(forest)} (${has})`);
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

/** Checks one scripted event (`at` its path, `events[i]`), reporting each problem through `ctx`. @internal */
export function checkEvent(event: ScenarioEvent, at: string, ctx: CheckContext): void {
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
      } else if (!isRdnValue(event.object)) {
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
      if (event.action === "set-scope" && !ctx.topology.unknown.has(event.engine))
        for (const p of setScopeProblems(ctx.shape, event.engine, event.value))
          ctx.add(`${at}.value${p.path}`, p.message);
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
