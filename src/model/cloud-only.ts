import { freeze } from "immer";
import { SimulationError, show } from "../scheduler/errors.js";
import type { CloudObjectType, CloudValue } from "./cloud-schema.js";
import type { TenantIndex } from "./tenant-index.js";
import type { CloudObject } from "./tenant-types.js";
import { UPN_PATTERN } from "./upsert-checks.js";

/**
 * Cloud-only objects: what an admin creates in the tenant directly, not synced and without a source anchor
 * — a user such as an admin, a Microsoft 365 group, an Entra joined device (what group and device writeback
 * bring on premises). The checks of their input and their records; the tenant admits and indexes them.
 */

/**
 * Refuses a cloud-only object that is not a group or device, or whose cloud id `index` already has.
 *
 * @internal
 */
export function checkCloudObject(
  input: { readonly objectType: string; readonly cloudId?: string },
  index: TenantIndex,
): void {
  if (input.objectType !== "group" && input.objectType !== "device") {
    throw new SimulationError(
      "invalid-argument",
      `objectType: ${show(input.objectType)} is not group or device (users: createCloudUser)`,
      { field: "objectType", value: input.objectType },
    );
  }
  if (input.cloudId !== undefined && index.get(input.cloudId)) {
    throw new SimulationError("duplicate-identity", `cloudId: ${show(input.cloudId)} already exists`, {
      field: "cloudId",
      value: input.cloudId,
    });
  }
}

/**
 * Refuses a cloud-only user whose UPN or a proxy address a live object of `index` holds, or that is not
 * a UPN or an address.
 *
 * @internal
 */
export function checkCloudUser(
  input: { readonly userPrincipalName: string; readonly proxyAddresses?: readonly string[] },
  index: TenantIndex,
): void {
  if (index.findByUpn(input.userPrincipalName)) {
    throw new SimulationError(
      "duplicate-identity",
      `userPrincipalName: ${show(input.userPrincipalName)} already exists`,
      {
        field: "userPrincipalName",
        value: input.userPrincipalName,
      },
    );
  }
  if (typeof input.userPrincipalName !== "string" || !UPN_PATTERN.test(input.userPrincipalName)) {
    throw new SimulationError(
      "invalid-attribute",
      `userPrincipalName: ${show(input.userPrincipalName)} is not a UPN`,
      {
        field: "userPrincipalName",
        value: input.userPrincipalName,
      },
    );
  }
  for (const proxy of input.proxyAddresses ?? []) {
    if (typeof proxy !== "string" || proxy.length === 0) {
      throw new SimulationError("invalid-attribute", `proxyAddresses: ${show(proxy)} is not an address`, {
        field: "proxyAddresses",
        value: proxy,
      });
    }
    if (index.findByProxy(proxy)) {
      throw new SimulationError("duplicate-identity", `proxyAddresses: ${show(proxy)} already exists`, {
        field: "proxyAddresses",
        value: proxy,
      });
    }
  }
}

/**
 * The attributes of a new cloud-only user: its UPN, enabled, and the display name and proxy addresses
 * given.
 *
 * @internal
 */
export function cloudUserAttributes(input: {
  readonly userPrincipalName: string;
  readonly displayName?: string;
  readonly proxyAddresses?: readonly string[];
}): Record<string, CloudValue> {
  const attributes: Record<string, CloudValue> = {
    userPrincipalName: input.userPrincipalName,
    accountEnabled: true,
  };
  if (input.displayName) attributes.displayName = input.displayName;
  if (input.proxyAddresses) attributes.proxyAddresses = [...input.proxyAddresses];
  return attributes;
}

/**
 * The record of a cloud-only object created at `now` (frozen deeply, attributes included): written by an
 * admin, not synced.
 *
 * @internal
 */
export function cloudOnlyObject(
  cloudId: string,
  objectType: CloudObjectType,
  attributes: Record<string, CloudValue>,
  isAdmin: boolean,
  now: number,
): CloudObject {
  return freeze(
    {
      cloudId,
      objectType,
      onPremisesImmutableId: undefined,
      dirSyncEnabled: false,
      attributes,
      writer: "admin",
      createdAt: now,
      updatedAt: now,
      deletedAt: undefined,
      credential: undefined,
      isAdmin,
    },
    true,
  );
}

/** True for a Microsoft 365 (unified) group: its `groupTypes` hold `Unified`. @internal */
export function isMicrosoft365Group(group: CloudObject): boolean {
  const types = group.attributes.groupTypes;
  return Array.isArray(types) && (types as readonly string[]).includes("Unified");
}

/** A cloud group's members: the source anchors of the synced objects it holds. @internal */
export function cloudGroupMembers(group: CloudObject): readonly string[] {
  const members = group.attributes.members;
  return Array.isArray(members) ? (members as readonly string[]) : [];
}
