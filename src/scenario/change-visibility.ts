import {
  type CloudObjectType,
  type CloudValue,
  STANDARD_FLOWS,
  type StandardFlow,
} from "../model/cloud-schema.js";
import type { TenantCredentialEvent, TenantWriteEvent } from "../model/tenant-types.js";
import { sameValue as sameStoredValue } from "../model/values.js";
import type { World } from "../model/world.js";
import type { TrackedChange } from "./change-types.js";
import { MemberLookup } from "./member-lookup.js";

/**
 * What the tenant must show for a change to count as visible, and whether it shows it (the rules are in
 * the observer's header, after the docs' "How a change counts as visible"): which cloud attribute the
 * standard flow maps an AD attribute to, and the tests the observer runs on a tenant write, delete or
 * credential event, or against the tenant as it is now.
 */

/**
 * Per cloud type, the standard flow of each AD attribute (the first, as a search of the flows finds).
 *
 * @internal
 */
export const FLOW_FROM: Readonly<Record<CloudObjectType, ReadonlyMap<string, StandardFlow>>> = {
  user: flowsBySource("user"),
  group: flowsBySource("group"),
  contact: flowsBySource("contact"),
  device: flowsBySource("device"),
};

function flowsBySource(type: CloudObjectType): ReadonlyMap<string, StandardFlow> {
  const bySource = new Map<string, StandardFlow>();
  for (const flow of STANDARD_FLOWS[type]) if (!bySource.has(flow.source)) bySource.set(flow.source, flow);
  return bySource;
}

/**
 * The tests of visibility, against the run's tenant. The observer hands them to its check of a tenant
 * event as methods, with the event, not as a closure per event.
 *
 * @internal
 */
export class Visibility {
  private readonly world: World;
  /** Membership tests against the tenant's (frozen) member lists. */
  private readonly members = new MemberLookup();

  /** @param world - the run's world (whose tenant is looked at) */
  constructor(world: World) {
    this.world = world;
  }

  /** Whether a tenant write of the change's object made it visible. */
  shownByWrite(change: TrackedChange, event: TenantWriteEvent): boolean {
    const expect = change.expect;
    const created =
      event.action === "created" || event.action === "restored" || event.action === "soft-matched";
    switch (expect.kind) {
      case "exists":
        return true;
      case "attribute":
        return (
          (created || event.changed.includes(expect.attribute)) &&
          this.cloudHas(change.anchor, expect.attribute, expect.value)
        );
      case "member":
        return (
          (created || event.changed.includes("members")) &&
          this.cloudHasMember(change.anchor, expect.member, expect.present)
        );
      default:
        return false;
    }
  }

  /** Whether a tenant delete of the change's object made it visible. */
  shownByDelete(change: TrackedChange): boolean {
    return change.expect.kind === "gone";
  }

  /** Whether a credential write of the change's user made it visible. */
  shownByCredential(change: TrackedChange, event: TenantCredentialEvent): boolean {
    return change.expect.kind === "password" && change.expect.version <= event.version;
  }

  /** Whether the cloud shows the change's effect right now. */
  satisfied(change: TrackedChange): boolean {
    const expect = change.expect;
    switch (expect.kind) {
      case "gone":
        return this.world.tenant.getByAnchor(change.anchor) === undefined;
      case "exists":
        return this.world.tenant.getByAnchor(change.anchor) !== undefined;
      case "attribute":
        return this.cloudHas(change.anchor, expect.attribute, expect.value);
      case "member":
        return this.cloudHasMember(change.anchor, expect.member, expect.present);
      default:
        return true;
    }
  }

  private cloudHas(anchor: string, attribute: string, value: CloudValue | undefined): boolean {
    const object = this.world.tenant.getByAnchor(anchor);
    if (!object) return false;
    return sameValue(object.attributes[attribute], value);
  }

  private cloudHasMember(anchor: string, member: string, present: boolean): boolean {
    const object = this.world.tenant.getByAnchor(anchor);
    if (!object) return false;
    const members = object.attributes.members;
    const has = Array.isArray(members) && this.members.has(anchor, members as readonly string[], member);
    return has === present;
  }
}

/** {@link sameStoredValue}, looser on purpose: an empty list equals an absent value. */
function sameValue(a: CloudValue | undefined, b: CloudValue | undefined): boolean {
  if (a === undefined) return b === undefined || (Array.isArray(b) && b.length === 0);
  if (b === undefined) return Array.isArray(a) && a.length === 0;
  return sameStoredValue(a, b);
}
