import type { AdObject } from "../../model/ad-object.js";
import type { ConnectConfig } from "./config.js";

/**
 * The first test of Connect's scope an object fails: the tests of the engine's `inScope`, in its order
 * (the connector's object types, domain and OU filtering, the account forest of a resource-forest design,
 * then the sync rules' scoping filters — the pilot group and attribute-based filtering among them).
 *
 * @internal
 */
export type ConnectScopeExclusion =
  | "deleted"
  | "object-class"
  | "container"
  | "resource-forest"
  | "sync-rules";

/**
 * A sentence for a {@link ConnectScopeExclusion} of `object`, naming the settings that decide it
 * (how-to-connect-sync-configure-filtering: domain, OU and attribute-based filtering).
 *
 * @internal
 */
export function describeConnectExclusion(
  exclusion: ConnectScopeExclusion,
  object: AdObject,
  config: Pick<ConnectConfig, "scope" | "pilotGroups" | "userJoin">,
): string {
  switch (exclusion) {
    case "deleted":
      return "deleted in AD";
    case "object-class":
      return `no inbound sync rule handles ${object.objectClass} objects`;
    case "container": {
      const filters: string[] = [];
      if (config.scope.domains.length > 0) filters.push(`domains ${config.scope.domains.join("; ")}`);
      if (config.scope.ous.length > 0) filters.push(`OUs ${config.scope.ous.join("; ")}`);
      return `outside the AD connector's domain and OU filtering (${filters.join(", ")})`;
    }
    case "resource-forest":
      return `a user of resource forest ${object.domain}: it joins its account-forest user (userJoin), it is not provisioned on its own`;
    case "sync-rules":
      return config.pilotGroups.length > 0
        ? `no sync rule provisions it: not a member of the pilot group (${config.pilotGroups.join("; ")}), or a rule's scoping filter leaves it out`
        : "no sync rule provisions it: a rule's scoping filter leaves it out (cloudFiltered, or a custom rule's filter)";
  }
}
