import { resolveCloudSyncConfig, scopeOverLimit } from "../engines/cloud-sync/config.js";
import { resolveConnectConfig } from "../engines/connect/config.js";
import type { EngineKind } from "../engines/engine.js";
import { dnKey, domainToDn } from "../model/dn.js";
import { isSimulationError, show, showSome } from "../scheduler/errors.js";
import { containersOf, createdParent, forestOus, placementOf } from "./layout.js";
import type { Scenario } from "./schema.js";

/**
 * The OUs, groups and domains an engine config scopes by must be ones the scenario makes: the engines take
 * them as the products do (DNs; Cloud Sync's groups by DN or name) and match nothing they do not find, so
 * a typo or the relative `OU=Sales` the rest of a scenario uses left every object out of scope — a run of
 * nothing but `filtered` changes and an empty tenant, with no word why. Checked at validation instead.
 */

/** One name an engine config scopes by, with its path inside `engines.<kind>`. */
interface ScopeReference {
  readonly path: string;
  readonly kind: "ou" | "group" | "domain" | "forest";
  readonly value: string;
}

/** What the directory of a scenario holds for a scope to name. */
interface ScopeTargets {
  /** dnKey of every OU and forest root. */
  readonly ous: ReadonlyMap<string, string>;
  /** Lower-cased forest names. */
  readonly forests: ReadonlySet<string>;
  /** Forest names as declared, by their lower-cased form. */
  readonly forestNames: ReadonlyMap<string, string>;
  /** dnKey of every group's DN (generated, or made by a scripted create), to its DN. */
  readonly groupDns: ReadonlyMap<string, string>;
  /** Lower-cased group names to their DN. */
  readonly groupNames: ReadonlyMap<string, string>;
}

/**
 * Paths and values of a string-or-list setting: `name` for a lone string, `name[i]` for each string of a
 * list (the engine checked the types already).
 */
function entries(value: unknown, path: string, kind: ScopeReference["kind"]): ScopeReference[] {
  if (typeof value === "string") return [{ path, kind, value }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i) => (typeof v === "string" ? [{ path: `${path}[${i}]`, kind, value: v }] : []));
}

function scopeReferences(kind: EngineKind, config: Readonly<Record<string, unknown>>): ScopeReference[] {
  const scope = (config.scope ?? {}) as Readonly<Record<string, unknown>>;
  const out = entries(scope.ous, "scope.ous", "ou");
  if (kind === "connect") {
    out.push(...entries(scope.domains, "scope.domains", "domain"));
    out.push(...entries(config.pilotGroup, "pilotGroup", "group"));
    // The forests custom rules and the cross-forest join name: a typo would leave a rule never applied.
    const rules = Array.isArray(config.rules) ? config.rules : [];
    rules.forEach((rule: unknown, i) => {
      const forest = (rule as { forest?: unknown } | null)?.forest;
      out.push(...entries(forest, `rules[${i}].forest`, "forest"));
    });
    const join = config.userJoin as { resourceForests?: unknown } | undefined;
    out.push(...entries(join?.resourceForests, "userJoin.resourceForests", "forest"));
    // Where writeback puts what it writes must be there too.
    out.push(...entries(config.groupWritebackContainer, "groupWritebackContainer", "ou"));
    out.push(...entries(config.deviceWritebackContainer, "deviceWritebackContainer", "ou"));
  } else {
    out.push(...entries(scope.groups, "scope.groups", "group"));
    out.push(...entries(config.domains, "domains", "domain"));
    out.push(...entries(config.groupProvisioningContainer, "groupProvisioningContainer", "ou"));
  }
  return out;
}

function targetsOf(scenario: Scenario): ScopeTargets {
  const shape = scenario.directory;
  const ous = new Map<string, string>();
  for (const forest of shape.forests) ous.set(dnKey(domainToDn(forest.name)), domainToDn(forest.name));
  for (const ou of forestOus(shape)) ous.set(dnKey(ou.dn), ou.dn);
  const groupDns = new Map<string, string>();
  const groupNames = new Map<string, string>();
  const addGroup = (name: string, parent: string): void => {
    const dn = `CN=${name},${parent}`;
    groupDns.set(dnKey(dn), dn);
    groupNames.set(name.toLowerCase(), dn);
  };
  const containers = containersOf(shape);
  for (let i = 1; i <= shape.groups; i++) addGroup(`group-${i}`, placementOf(containers, i).dn);
  for (const event of scenario.events) {
    if (event.type !== "create" || event.objectType !== "group") continue;
    addGroup(event.object, createdParent(shape, event.forest ?? shape.forests[0]?.name ?? "", event.ou));
  }
  return {
    ous,
    forests: new Set(shape.forests.map((f) => f.name.toLowerCase())),
    forestNames: new Map(shape.forests.map((f) => [f.name.toLowerCase(), f.name])),
    groupDns,
    groupNames,
  };
}

function problemOf(kind: EngineKind, ref: ScopeReference, targets: ScopeTargets): string | undefined {
  const { value } = ref;
  switch (ref.kind) {
    case "ou": {
      if (targets.ous.has(dnKey(value))) return undefined;
      const full = [...targets.ous.values()].filter((dn) => dnKey(dn).startsWith(`${dnKey(value)},`));
      if (!/(^|,)\s*dc=/i.test(value) && full.length > 0)
        return `${show(value)} is not a full DN: a scope names its OUs by DN (${showSome(full)})`;
      return `${show(value)} is not an OU or forest root of this scenario (it has ${showSome(targets.ous.values())})`;
    }
    case "domain":
      return targets.forests.has(value.toLowerCase())
        ? undefined
        : `${show(value)} is not a forest of this scenario`;
    case "forest": {
      // Matched as written by the engine (a rule's forest, a resource forest), so the case must match too.
      const declared = targets.forestNames.get(value.toLowerCase());
      if (declared === value) return undefined;
      return declared === undefined
        ? `${show(value)} is not a forest of this scenario (it has ${showSome(targets.forestNames.values())})`
        : `${show(value)} is not written as the forest is declared: ${show(declared)}`;
    }
    case "group": {
      if (targets.groupDns.has(dnKey(value))) return undefined;
      const byName = targets.groupNames.get(value.toLowerCase());
      if (kind === "cloudSync" && byName !== undefined) return undefined;
      if (byName !== undefined)
        return `${show(value)} is not a DN: Connect's group filter names its group by DN (${show(byName)})`;
      return `${show(value)} is not a group of this scenario${kind === "cloudSync" ? " (by DN or name)" : ""}`;
    }
  }
}

/**
 * The problems of the scope names in one engine's config (`path` relative to `engines.<kind>`), for a
 * config the engine itself accepted.
 *
 * @internal
 */
export function scopeProblems(
  scenario: Scenario,
  kind: EngineKind,
  config: Readonly<Record<string, unknown>>,
): Array<{ path: string; message: string }> {
  const references = scopeReferences(kind, config);
  if (references.length === 0) return [];
  const targets = targetsOf(scenario);
  const problems: Array<{ path: string; message: string }> = [];
  for (const ref of references) {
    const message = problemOf(kind, ref, targets);
    if (message !== undefined) problems.push({ path: ref.path, message });
  }
  return problems;
}

/**
 * The problems of an admin `set-scope` event's `value` (`path` relative to the value): what the engine
 * would refuse when it runs (a scope of the wrong shape; for Cloud Sync, more OUs and groups than it
 * supports), and the OUs, domains and groups the scenario does not make.
 *
 * @internal
 */
export function setScopeProblems(
  scenario: Scenario,
  kind: EngineKind,
  value: unknown,
): Array<{ path: string; message: string }> {
  if (value === undefined) {
    const shape = kind === "connect" ? "{ ous, domains }" : "{ ous, groups }";
    return [{ path: "", message: `is required: the new scope (${shape})` }];
  }
  try {
    if (kind === "connect") resolveConnectConfig({ ...scenario.engines.connect, scope: value as never });
    else {
      const config = resolveCloudSyncConfig({ ...scenario.engines.cloudSync, scope: value as never });
      const overLimit = scopeOverLimit(config.scope, config.scopeLimit);
      if (overLimit) return [{ path: "", message: overLimit }];
    }
  } catch (error) {
    if (!isSimulationError(error)) throw error;
    return [{ path: "", message: error.message.replace(/^[^:]*: /, "") }];
  }
  return scopeProblems(scenario, kind, { scope: value }).map((p) => ({
    path: p.path.replace(/^scope/, ""),
    message: p.message,
  }));
}
