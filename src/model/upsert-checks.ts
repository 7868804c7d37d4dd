import { SimulationError, show } from "../scheduler/errors.js";
import type { CloudValue } from "./cloud-schema.js";
import type { CloudObject, UpsertRequest } from "./tenant-types.js";

/**
 * What the tenant refuses of a synced write before it changes anything (every write validates first and
 * commits last): a source anchor that is not one, a UPN that is not one, proxy addresses that are not a
 * list of strings. Each refusal is a SimulationError naming the field and the value.
 */

/** A UPN: one `@` with something on each side, no whitespace. @internal */
export const UPN_PATTERN = /^[^@\s]+@[^@\s]+$/;

/** Refuses a synced write without a source anchor. @internal */
export function checkAnchor(request: UpsertRequest): void {
  if (typeof request.anchor !== "string" || request.anchor.length === 0) {
    throw new SimulationError("invalid-attribute", `anchor: ${show(request.anchor)} is not a source anchor`, {
      field: "anchor",
      value: request.anchor,
    });
  }
}

/**
 * Validates the patch's keyed attributes; a UPN the object already holds was validated when it came.
 *
 * @internal
 */
export function checkAttributes(request: UpsertRequest, existing: CloudObject | undefined): void {
  const upn = request.attributes.userPrincipalName;
  if (
    upn !== undefined &&
    upn !== existing?.attributes.userPrincipalName &&
    (typeof upn !== "string" || !UPN_PATTERN.test(upn))
  ) {
    throw new SimulationError("invalid-attribute", `userPrincipalName: ${show(upn)} is not a UPN`, {
      field: "userPrincipalName",
      value: upn,
    });
  }
  const proxies = request.attributes.proxyAddresses;
  if (proxies !== undefined && !isStringList(proxies)) {
    throw new SimulationError(
      "invalid-attribute",
      `proxyAddresses: ${show(proxies)} is not a list of strings`,
      { field: "proxyAddresses", value: proxies },
    );
  }
}

/**
 * True for a list of strings. Every full-projection write checks one: an index loop, as `some` takes a
 * closure per call and for-of over a frozen list an iterator and a result object per element.
 */
function isStringList(value: CloudValue): boolean {
  if (!Array.isArray(value)) return false;
  const list = value as readonly unknown[];
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== "string") return false;
  return true;
}
