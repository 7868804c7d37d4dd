import { SimulationError } from "../scheduler/errors.js";
import type { Host } from "../scheduler/host.js";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { WriteThrottle } from "./throttle.js";

/**
 * Whether the tenant takes a call: the service must answer (no outage set by a fault, its host up), and a
 * write must find room in the write throttle with no forced throttling on. A refused call is a
 * SimulationError, `tenant-unavailable` or `throttled` with how long to back off; the tenant asks before
 * it changes anything.
 *
 * @internal
 */
export class TenantAdmission {
  private readonly scheduler: Scheduler;
  private readonly throttle: WriteThrottle;
  private readonly service: Host | undefined;
  private available = true;
  private forcedThrottle = false;

  /**
   * @param scheduler - the kernel (the time a write is admitted at)
   * @param throttle - the tenant's write throttle
   * @param service - the cloud service host, if any: while down, every call fails
   */
  constructor(scheduler: Scheduler, throttle: WriteThrottle, service: Host | undefined) {
    this.scheduler = scheduler;
    this.throttle = throttle;
    this.service = service;
  }

  /** True while the service answers. */
  get isAvailable(): boolean {
    return this.available && (this.service?.isUp ?? true);
  }

  /** Service outage on/off. */
  setAvailable(available: boolean): void {
    this.available = available;
  }

  /** Forced throttling on/off: while on, every write is told to back off for a full window. */
  setForcedThrottle(on: boolean): void {
    this.forcedThrottle = on;
  }

  /** Refuses any call while the service does not answer. */
  ensureAvailable(what: string): void {
    if (!this.isAvailable) {
      throw new SimulationError("tenant-unavailable", `tenant: service unavailable, ${what} refused`, {
        field: "tenant",
        value: what,
      });
    }
  }

  /** Availability and throttling check for one write; consumes a throttle slot when admitted. */
  admit(what: string): void {
    this.ensureAvailable(what);
    const now = this.scheduler.now;
    const wait = this.forcedThrottle ? this.throttle.windowMs : this.throttle.waitTime(now);
    if (wait > 0 || !this.throttle.tryAcquire(now)) {
      throw new SimulationError(
        "throttled",
        `tenant: write limit reached, ${what} must back off ${wait} ms`,
        {
          field: "throttle",
          value: what,
          retryAfterMs: wait,
        },
      );
    }
  }

  /** The hook for a write refused after it was admitted (a create over the quota): nothing is given back. */
  refund(): void {
    // A refused create still costs a call in the real service; the slot stays used. Kept as a hook.
  }
}
