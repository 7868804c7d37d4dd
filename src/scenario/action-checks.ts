import type { EngineKind } from "../engines/engine.js";
import { type DurationInput, parseDuration } from "../scheduler/duration.js";
import { show } from "../scheduler/errors.js";

/**
 * What validation knows of a fault's target and of an admin action's `target` and `value` before anything
 * runs: the targets the scenario has and the forms each engine takes (the engines refuse the others with
 * the same words, but only mid-run, as a `refused` or `ignored` event). State-dependent refusals — a server
 * already active, a cycle busy, no job in quarantine — stay the engines' to give at run time.
 */

/** The scripted admin event's fields these checks read. */
interface AdminFields {
  readonly engine: EngineKind;
  readonly action: string;
  readonly target?: string | undefined;
  readonly value?: unknown;
}

/** What the checks need to know of the scenario. @internal */
export interface ActionTargets {
  /** Connect server names (undefined when Connect's config is itself invalid: then not checked). */
  readonly servers: ReadonlySet<string> | undefined;
  /** Cloud Sync agent names (undefined when Cloud Sync's config is itself invalid). */
  readonly agents: ReadonlySet<string> | undefined;
  /** Lower-cased forest names. */
  readonly forests: ReadonlySet<string>;
  /** PTA agents Connect installs (`pta-agent-1` …), undefined when Connect's config is itself invalid. */
  readonly ptaAgents?: number | undefined;
}

/** A problem of one field of the event (`target`, `fault` or `value`). */
export interface FieldProblem {
  readonly field: "target" | "fault" | "value";
  readonly message: string;
}

const FAULTS_BY_TARGET: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^connect:/, ["crash", "restart", "lose-database", "down", "up"]],
  [/^cloud-sync:/, ["crash", "restart", "down", "up"]],
  [/^link:cloud$/, ["down", "up"]],
  [/^tenant$/, ["down", "up", "throttle", "unthrottle"]],
  [/^dc(:.+)?$/, ["crash", "restart", "down", "up"]],
  [/^(pta-agents|pta-agent-\d+|federation)$/, ["crash", "restart", "down", "up"]],
];

/**
 * The problems of a fault event: a target the scenario has not, a fault that does not apply to it.
 *
 * @internal
 */
export function faultProblems(target: string, fault: string, ctx: ActionTargets): FieldProblem[] {
  const rule = FAULTS_BY_TARGET.find(([pattern]) => pattern.test(target));
  if (!rule) {
    return [
      {
        field: "target",
        message: `${show(target)} is not a fault target (connect:<server>, cloud-sync:<agent>, link:cloud, tenant, dc, pta-agents, pta-agent-<n>, federation)`,
      },
    ];
  }
  const out: FieldProblem[] = [];
  if (!rule[1].includes(fault))
    out.push({
      field: "fault",
      message: `${show(fault)} does not apply to ${show(target)} (use ${rule[1].join(", ")})`,
    });
  const name = target.slice(target.indexOf(":") + 1);
  if (target.startsWith("connect:") && ctx.servers && !ctx.servers.has(name)) {
    out.push({
      field: "target",
      message: `${show(target)}: no Connect server ${show(name)} (${[...ctx.servers].join(", ")})`,
    });
  }
  if (target.startsWith("cloud-sync:") && ctx.agents && !ctx.agents.has(name)) {
    out.push({
      field: "target",
      message: `${show(target)}: no Cloud Sync agent ${show(name)} (${[...ctx.agents].join(", ") || "none"})`,
    });
  }
  const agent = /^pta-agent-(\d+)$/.exec(target);
  if (agent && ctx.ptaAgents !== undefined && !(Number(agent[1]) >= 1 && Number(agent[1]) <= ctx.ptaAgents))
    out.push({
      field: "target",
      message: `${show(target)}: Connect installs ${ctx.ptaAgents} PTA agents (pta-agent-1 to pta-agent-${ctx.ptaAgents})`,
    });
  if (target.startsWith("dc:") && !ctx.forests.has(name.toLowerCase()))
    out.push({ field: "target", message: `${show(target)}: no forest ${show(name)}` });
  return out;
}

const CYCLE_TYPES = ["delta", "initial"];
/** Connect actions on the whole deployment, which take no target, and why. */
const WHOLE_DEPLOYMENT: ReadonlyMap<string, string> = new Map([
  ["allow-deletes", "it acts on the whole deployment"],
  ["switch-authentication", "it acts on the whole deployment"],
  ["set-threshold", "one threshold for the deployment"],
  ["set-cycle-interval", "every server's scheduler"],
  ["set-scope", "the one OU and domain filter of the deployment"],
]);
/**
 * Connect actions whose optional target is one server (Set-ADSyncScheduler runs on one server; an upgrade is
 * of one server); without a target every server, or the active one.
 */
const ONE_SERVER = ["disable-scheduler", "enable-scheduler", "upgrade"];
/** The admin actions that read a `value`, per engine. */
const TAKES_VALUE: Readonly<Record<"connect" | "cloudSync", readonly string[]>> = {
  connect: [
    "set-threshold",
    "start-cycle",
    "switch-authentication",
    "set-cycle-interval",
    "upgrade",
    "set-scope",
  ],
  cloudSync: ["set-threshold", "set-scope"],
};
const AUTHENTICATION = ["phs", "pta", "federation"];

function isDuration(value: unknown): boolean {
  try {
    return parseDuration(value as DurationInput, "value") > 0;
  } catch {
    return false;
  }
}

function isCount(value: unknown, least: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= least;
}

/**
 * The problems of one admin event's `target` and `value`, by field (`target` or `value`).
 *
 * @internal
 */
export function adminProblems(event: AdminFields, ctx: ActionTargets): FieldProblem[] {
  const out: FieldProblem[] = [];
  const { action, target, value } = event;
  // A value an action does not read was ignored mid-run without a word.
  if (value !== undefined && !TAKES_VALUE[event.engine].includes(action))
    out.push({ field: "value", message: `${show(value)}: ${action} takes no value` });
  if (event.engine === "connect") {
    const whole = WHOLE_DEPLOYMENT.get(action);
    if (target !== undefined && whole !== undefined)
      out.push({ field: "target", message: `${show(target)}: ${action} takes no target (${whole})` });
    if (target !== undefined && ONE_SERVER.includes(action) && ctx.servers && !ctx.servers.has(target))
      out.push({
        field: "target",
        message: `${show(target)} is not a Connect server (${[...ctx.servers].join(", ")})`,
      });
    switch (action) {
      case "set-threshold":
        // Connect's export deletion threshold: a count (0 stops every delete) or false (off).
        if (value !== false && !isCount(value, 0))
          out.push({ field: "value", message: `${show(value)} is not a count >= 0 or false` });
        break;
      case "start-cycle": {
        if (value !== undefined && !CYCLE_TYPES.includes(value as string))
          out.push({ field: "value", message: `${show(value)} is not "delta" or "initial"` });
        // The target names the server (or, without a value, the cycle type).
        const servers = ctx.servers;
        const known = target === undefined || CYCLE_TYPES.includes(target) || !servers || servers.has(target);
        if (!known)
          out.push({
            field: "target",
            message: `${show(target)} is not a Connect server (${[...(servers ?? [])].join(", ")}) or a cycle type`,
          });
        break;
      }
      case "upgrade":
        if (value !== undefined && !isDuration(value))
          out.push({
            field: "value",
            message: `${show(value)} is not a positive duration (how long the upgrade takes)`,
          });
        break;
      case "set-cycle-interval":
        if (value === undefined)
          out.push({ field: "value", message: "is required: the new interval (a duration)" });
        else if (!isDuration(value))
          out.push({
            field: "value",
            message: `${show(value)} is not a positive duration (the new interval)`,
          });
        break;
      case "switch-authentication":
        if (!AUTHENTICATION.includes(value as string))
          out.push({ field: "value", message: `${show(value)} is not "phs", "pta" or "federation"` });
        break;
    }
    return out;
  }
  if (action === "on-demand") {
    // A name is the caller's to check against the objects alive then; a DN is looked up when it runs.
    if (target === undefined || target.length === 0)
      out.push({ field: "target", message: "is required: the object to provision on demand" });
    return out;
  }
  if (target !== undefined && !ctx.forests.has(target.toLowerCase()))
    out.push({
      field: "target",
      message: `${show(target)} is not a forest of this scenario (a configuration)`,
    });
  if (action === "set-threshold" && value !== false && !isCount(value, 1))
    out.push({ field: "value", message: `${show(value)} is not a positive integer or false` });
  return out;
}
