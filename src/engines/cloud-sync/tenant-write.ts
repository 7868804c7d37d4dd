import type { Tenant } from "../../model/tenant.js";
import type { UpsertResult } from "../../model/tenant-types.js";
import { isSimulationError, type SimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import {
  anchoredByObjectGUID,
  type ProvisionedObjects,
  retryDelay,
  writeWithBackoff,
} from "./configuration.js";
import type { PreparedWrite } from "./prepared-write.js";

/**
 * A prepared write's way to the tenant: at once, or after backing off while the tenant throttles; and
 * what the configuration records of it once it went through.
 */

/** The write, at once; a throttled write answers with its error (the caller backs off). @internal */
export function upsertNow(tenant: Tenant, write: PreparedWrite): UpsertResult | SimulationError {
  try {
    return tenant.upsert(write);
  } catch (error) {
    if (!isSimulationError(error, "throttled")) throw error;
    return error;
  }
}

/**
 * A throttled write: waits as long as the tenant asks, then writes (backing off again if told).
 *
 * @internal
 */
export function* upsertAfterBackoff(
  tenant: Tenant,
  write: PreparedWrite,
  throttled: SimulationError,
): ProcessBody<UpsertResult> {
  yield sleep(retryDelay(throttled));
  return yield* writeWithBackoff(() => tenant.upsert(write));
}

/**
 * Records a write that went through: the object as provisioned, and the references it named.
 *
 * @internal
 */
export function recordWrite(
  provisioned: ProvisionedObjects,
  write: PreparedWrite,
  result: UpsertResult,
): string {
  const { object, references } = write;
  provisioned.add(object.objectGUID, write.anchor, anchoredByObjectGUID(object));
  provisioned.setReferences(object.objectGUID, references.guids, references.anchors, references.generation);
  return result.action;
}
