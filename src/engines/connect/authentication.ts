import type { Directory } from "../../model/directory.js";
import type { AuthenticationProvider, CloudObject, SignInOutcome } from "../../model/tenant-types.js";
import type { World } from "../../model/world.js";
import { isSimulationError } from "../../scheduler/errors.js";
import type { Host } from "../../scheduler/host.js";

/** ImmutableId (base64 of the GUID's mixed-endian bytes) → GUID text; undefined when it is not one. @internal */
export function immutableIdToGuid(immutableId: string): string | undefined {
  const bytes = Buffer.from(immutableId, "base64");
  if (bytes.length !== 16) return undefined;
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  const hex = order.map((i) => (bytes[i] as number).toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The on-premises account behind a synced cloud user: the forest and objectGUID its source anchor came
 * from, else the user whose UPN matches (what the agent hands to AD).
 *
 * @internal
 */
export function onPremisesAccount(
  world: World,
  user: CloudObject,
): { directory: Directory; guid: string } | undefined {
  const guid = user.onPremisesImmutableId ? immutableIdToGuid(user.onPremisesImmutableId) : undefined;
  for (const directory of world.forests.values()) {
    if (guid !== undefined) {
      const object = directory.get(guid);
      if (object && object.objectClass === "user" && !object.isDeleted) return { directory, guid };
    }
  }
  const upn = user.attributes.userPrincipalName;
  if (typeof upn !== "string") return undefined;
  for (const directory of world.forests.values()) {
    const object = directory.find(upn);
    if (object && object.objectClass === "user" && !object.isDeleted)
      return { directory, guid: object.objectGUID };
  }
  return undefined;
}

/** Validates against AD in real time (PTA and AD FS both do); `unreachable` when the DC does not answer. */
function validateInAd(
  world: World,
  user: CloudObject,
  password: string,
  method: "pta" | "federation",
  unreachable: SignInOutcome["reason"],
): SignInOutcome {
  const account = onPremisesAccount(world, user);
  if (!account) return { success: false, reason: "no-such-user", method };
  try {
    const answer = account.directory.authenticate(account.guid, password);
    return answer.ok
      ? { success: true, reason: "ok", method }
      : { success: false, reason: answer.reason, method };
  } catch (error) {
    if (isSimulationError(error, "dc-unreachable")) return { success: false, reason: unreachable, method };
    throw error;
  }
}

/**
 * Pass-through authentication agents (how-to-connect-pta-how-it-works): lightweight agents on on-premises
 * hosts `connect:pta-agent-N`. The cloud queues each sign-in; any agent that is up takes it (round robin
 * here) and validates against AD in real time, so a new password works at once and a disabled account is
 * refused at once. All agents down, or the on-premises link cut → `no-agent-available`; there is no
 * automatic fallback to password hash sync (how-to-connect-pta-faq).
 *
 * @public
 */
export class PtaAgentPool {
  /** The agent hosts. */
  readonly agents: readonly Host[];
  private next = 0;
  private readonly world: World;

  /**
   * @param world - the world (agents are added as hosts)
   * @param count - agents to install (how-to-connect-pta-faq: 3 recommended)
   */
  constructor(world: World, count: number) {
    this.world = world;
    this.agents = Array.from({ length: count }, (_, i) =>
      world.addHost(`connect:pta-agent-${i + 1}`, "pta-agent"),
    );
  }

  /** Agents up now. */
  get upCount(): number {
    return this.agents.filter((a) => a.isUp).length;
  }

  /** The provider the tenant calls for each sign-in. */
  readonly provider: AuthenticationProvider = (user, password) => {
    const up = this.agents.filter((a) => a.isUp);
    // The agents keep an outbound connection to the cloud queue: no link, no agent to take the request.
    if (up.length === 0 || !this.world.cloudLink.isUp)
      return { success: false, reason: "no-agent-available", method: "pta" };
    this.next = (this.next + 1) % up.length;
    // Assumption: a DC that does not answer leaves the agent without an answer: no-agent-available.
    return validateInAd(this.world, user, password, "pta", "no-agent-available");
  };

  /** The agent named `pta-agent-N` (or `connect:pta-agent-N`). */
  agent(name: string): Host | undefined {
    return this.agents.find((a) => a.name === name || a.name === `connect:${name}`);
  }
}

/**
 * A federation service (AD FS, choose-ad-authn) on host `connect:federation`: validates sign-ins against AD;
 * down (or unreachable over the link, or its DC down) → `federation-unavailable`. Sign-ins fail until it is
 * back, unless PHS was set up as backup and an admin switches the tenant to it.
 *
 * @public
 */
export class FederationService {
  /** The federation server host. */
  readonly host: Host;
  private readonly world: World;

  /** @param world - the world (the host is added) */
  constructor(world: World) {
    this.world = world;
    this.host = world.addHost("connect:federation", "federation-server");
  }

  /** The provider the tenant calls for each sign-in. */
  readonly provider: AuthenticationProvider = (user, password) => {
    if (!this.host.isUp || !this.world.cloudLink.isUp)
      return { success: false, reason: "federation-unavailable", method: "federation" };
    return validateInAd(this.world, user, password, "federation", "federation-unavailable");
  };
}
