import type { PasswordHash } from "../../model/passwords.js";
import type { World } from "../../model/world.js";
import { isSimulationError } from "../../scheduler/errors.js";
import type { IncidentKind } from "../engine.js";
import { onPremisesAccount } from "./authentication.js";
import type { ConnectEvents } from "./events.js";
import type { ConnectServer } from "./server.js";

/** What password writeback borrows from the engine. @internal */
export interface PasswordWritebackServices {
  readonly world: World;
  /** The active server that is up, if any (staging servers never write back). */
  activeServer(): ConnectServer | undefined;
  /** Relay round trip plus the AD write, in ms. */
  latencyMs(): number;
  emit<E extends keyof ConnectEvents>(event: E, ...args: ConnectEvents[E]): void;
  incident(kind: IncidentKind, detail: string): void;
}

/**
 * Password writeback (concept-sspr-writeback): a self-service reset in the cloud travels through the relay
 * to the active server, which writes the AD-ready salted hash (never a password) to the user's DC in real
 * time, synchronously. When the active server, the link or the DC is not there the reset fails at once with
 * a reason (an incident `writeback-failed` and a `writeback` event with `ok: false`); staging servers never
 * write back (how-to-connect-sync-staging-server).
 *
 * @public
 */
export class PasswordWriteback {
  private readonly services: PasswordWritebackServices;
  private enabled = false;

  /**
   * Built by {@link ConnectEngine}; this constructor is engine plumbing.
   *
   * @param services - what the engine lends
   * @internal
   */
  constructor(services: PasswordWritebackServices) {
    this.services = services;
    services.world.tenant.events.on("password-reset", (event) => {
      if (!this.enabled) return;
      // Listeners act through the kernel, after the tenant has committed the reset.
      services.world.scheduler.schedule(
        services.world.scheduler.now,
        () => this.relay(event.cloudId, event.hash),
        "connect:password-writeback",
      );
    });
  }

  /** True while the feature is on. */
  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Turns the feature on (or off). */
  setEnabled(on: boolean): void {
    this.enabled = on;
  }

  private relay(cloudId: string, hash: PasswordHash): void {
    const { world } = this.services;
    const refusal = this.refusal();
    if (refusal) {
      this.fail(cloudId, hash, refusal);
      return;
    }
    world.scheduler.schedule(
      world.scheduler.now + this.services.latencyMs(),
      () => this.write(cloudId, hash),
      "connect:password-writeback:write",
    );
  }

  private write(cloudId: string, hash: PasswordHash): void {
    const { world } = this.services;
    const refusal = this.refusal();
    if (refusal) {
      this.fail(cloudId, hash, refusal);
      return;
    }
    const user = world.tenant.get(cloudId);
    const account = user ? onPremisesAccount(world, user) : undefined;
    if (!account) {
      this.fail(cloudId, hash, "the user has no on-premises account");
      return;
    }
    const dc = account.directory.readerDc;
    if (dc && !dc.isUp) {
      this.fail(cloudId, hash, `domain controller ${dc.name} is unreachable`);
      return;
    }
    try {
      account.directory.setPasswordHash(account.guid, hash);
    } catch (error) {
      if (!isSimulationError(error)) throw error;
      this.fail(cloudId, hash, error.message);
      return;
    }
    world.tenant.confirmPasswordReset(cloudId, hash);
    this.services.emit("writeback", { at: world.scheduler.now, kind: "password", cloudId, ok: true });
  }

  /** Why a writeback cannot go now, if it cannot. */
  private refusal(): string | undefined {
    const server = this.services.activeServer();
    if (!server) return "no active sync server is up (staging servers do not write back)";
    if (!this.services.world.cloudLink.isUp) return "the on-premises link is down";
    return undefined;
  }

  private fail(cloudId: string, hash: PasswordHash, reason: string): void {
    const { world } = this.services;
    const at = world.scheduler.now;
    // concept-sspr-writeback: synchronous, so the user's reset is refused and the old password stands.
    world.tenant.rejectPasswordReset(cloudId, hash);
    // Named as an admin knows the user (its UPN), not by the cloud's internal id.
    const upn = world.tenant.get(cloudId)?.attributes.userPrincipalName;
    const who = typeof upn === "string" ? upn : cloudId;
    this.services.incident("writeback-failed", `password writeback for ${who} failed: ${reason}`);
    this.services.emit("writeback", { at, kind: "password", cloudId, ok: false, reason });
  }
}
