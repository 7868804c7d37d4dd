/**
 * The options of a world a caller builds by hand (`new World`, `createWorld`), checked before anything is
 * made. A scenario's world gets its options from a validated scenario; a hand-built one is where a forest
 * without a name or a negative latency would otherwise surface later as a TypeError, or run on silently.
 */
import {
  checkedOptionsObject,
  checkFlag,
  checkWholeNumber,
  invalidArgument,
  optionNames,
} from "../scheduler/errors.js";
import { isDnsName } from "./dn.js";
import type { WorldOptions } from "./world.js";

const WORLD_OPTION_NAMES = optionNames<WorldOptions>()("seed", "forests", "tenant", "cloudLatencyMs");
const FOREST_NAMES = optionNames<NonNullable<WorldOptions["forests"]>[number]>()("name", "domains");
const TENANT_NAMES = optionNames<NonNullable<WorldOptions["tenant"]>>()(
  "initialDomain",
  "verifiedDomain",
  "quota",
  "blockSoftMatch",
  "blockHardMatch",
  "writesPerWindow",
  "throttleWindowMs",
  "softDeleteRetentionMs",
);

/**
 * Checks {@link WorldOptions} (the seed is checked where the random streams are made).
 *
 * @throws SimulationError `invalid-argument` naming the field and value
 * @internal
 */
export function checkWorldOptions(options: WorldOptions): void {
  checkedOptionsObject(options, WORLD_OPTION_NAMES);
  const latency = options.cloudLatencyMs;
  if (latency !== undefined && !(Number.isFinite(latency) && latency >= 0))
    throw invalidArgument("cloudLatencyMs", latency, "is not a number of milliseconds ≥ 0");
  checkForests(options.forests);
  checkTenant(options.tenant);
}

function checkForests(forests: unknown): void {
  if (forests === undefined) return;
  if (!Array.isArray(forests) || forests.length === 0)
    throw invalidArgument("forests", forests, "is not a non-empty list of forests { name, domains? }");
  forests.forEach((forest: unknown, i) => {
    const at = `forests[${i}]`;
    checkedOptionsObject(forest, FOREST_NAMES, at);
    const { name, domains } = forest as { name?: unknown; domains?: unknown };
    if (!isDnsName(name)) throw invalidArgument(`${at}.name`, name, "is not a DNS name (contoso.com)");
    if (domains === undefined) return;
    if (!Array.isArray(domains) || domains.length === 0)
      throw invalidArgument(`${at}.domains`, domains, "is not a non-empty list of DNS names");
    domains.forEach((domain: unknown, d) => {
      if (!isDnsName(domain)) throw invalidArgument(`${at}.domains[${d}]`, domain, "is not a DNS name");
    });
  });
}

function checkTenant(tenant: unknown): void {
  if (tenant === undefined) return;
  checkedOptionsObject(tenant, TENANT_NAMES, "tenant");
  const t = tenant as Record<string, unknown>;
  if (t.initialDomain !== undefined && !isDnsName(t.initialDomain))
    throw invalidArgument("tenant.initialDomain", t.initialDomain, "is not a DNS name");
  for (const flag of ["verifiedDomain", "blockSoftMatch", "blockHardMatch"])
    checkFlag(t[flag], `tenant.${flag}`);
  checkWholeNumber(t.quota, "tenant.quota");
  checkWholeNumber(t.writesPerWindow, "tenant.writesPerWindow", 1);
  checkWholeNumber(t.throttleWindowMs, "tenant.throttleWindowMs", 1);
  checkWholeNumber(t.softDeleteRetentionMs, "tenant.softDeleteRetentionMs");
}
