import type { RandomStream } from "../scheduler/random.js";
import type { CloudValue } from "./cloud-schema.js";
import { proxyKey, type TenantIndex } from "./tenant-index.js";
import type { AttributeConflict, CloudObject } from "./tenant-types.js";

/**
 * Duplicate attribute resiliency, always on in Entra ID (reference.md A, "Matching, conflicts"): a
 * userPrincipalName another live object holds is replaced by `prefix + 4 digits @ initial domain`, a proxy
 * address another object holds is set aside; each is recorded, and an hourly job gives the value back once
 * its holder no longer has it. This keeps the log and works out the values; the tenant writes the records.
 *
 * @internal
 */
export class DuplicateAttributes {
  private readonly log: AttributeConflict[] = [];
  // Unresolved conflicts by object, attribute and contested value: what a later write of the same value
  // must not record again.
  private readonly open = new Map<string, AttributeConflict>();
  private readonly index: TenantIndex;
  private readonly random: RandomStream;
  private readonly initialDomain: string;

  /**
   * @param index - the tenant's lookup tables (who holds which UPN and address)
   * @param random - the tenant's stream, for replacement UPNs
   * @param initialDomain - the `*.onmicrosoft.com` domain of replacement UPNs
   */
  constructor(index: TenantIndex, random: RandomStream, initialDomain: string) {
    this.index = index;
    this.random = random;
    this.initialDomain = initialDomain;
  }

  /** The conflicts not released yet, in the order recorded. */
  get unresolved(): IterableIterator<AttributeConflict> {
    return this.open.values();
  }

  /** Every conflict recorded so far, in order (released ones with `resolvedAt`). */
  get all(): readonly AttributeConflict[] {
    return this.log;
  }

  /**
   * Sets aside in `desired` (the attributes object `cloudId` is about to get) what another live object
   * holds, and returns the new conflicts (not recorded yet: see {@link DuplicateAttributes.record}).
   */
  resolve(cloudId: string, desired: Record<string, CloudValue>, now: number): AttributeConflict[] {
    const conflicts: AttributeConflict[] = [];
    const upn = desired.userPrincipalName;
    if (typeof upn === "string") {
      const holder = this.index.upnHolder(upn);
      // Only a contested UPN has an open conflict to look up (no key string built per write otherwise).
      const contested = holder !== undefined && holder !== cloudId;
      const open = contested ? this.open.get(`${cloudId}|userPrincipalName|${upn.toLowerCase()}`) : undefined;
      const current = contested ? this.index.get(cloudId)?.attributes.userPrincipalName : undefined;
      if (contested && open?.replacement !== undefined && current === open.replacement) {
        // Still contested and already set aside: keep the replacement the object has.
        desired.userPrincipalName = open.replacement;
      } else if (contested) {
        const prefix = upn.slice(0, upn.indexOf("@"));
        let replacement = "";
        do replacement = `${prefix}${this.random.int(1000, 9999)}@${this.initialDomain}`;
        while (this.index.upnHolder(replacement) !== undefined);
        desired.userPrincipalName = replacement;
        conflicts.push({
          at: now,
          cloudId,
          attribute: "userPrincipalName",
          value: upn,
          conflictsWith: holder,
          replacement,
          resolvedAt: undefined,
        });
      }
    }
    const proxies = desired.proxyAddresses;
    if (Array.isArray(proxies)) {
      const kept: string[] = [];
      for (const proxy of proxies as string[]) {
        const holder = this.index.proxyHolder(proxy);
        if (holder !== undefined && holder !== cloudId) {
          if (this.open.has(`${cloudId}|proxyAddresses|${proxyKey(proxy)}`)) continue;
          conflicts.push({
            at: now,
            cloudId,
            attribute: "proxyAddresses",
            value: proxy,
            conflictsWith: holder,
            replacement: undefined,
            resolvedAt: undefined,
          });
        } else kept.push(proxy);
      }
      // Records hold frozen lists: the one set aside values leave is frozen here, where it is made.
      if (kept.length !== proxies.length) desired.proxyAddresses = Object.freeze(kept);
    }
    return conflicts;
  }

  /** Records a conflict of a write that happened. */
  record(conflict: AttributeConflict): void {
    this.log.push(conflict);
    this.open.set(conflictKey(conflict), conflict);
  }

  /**
   * The hourly job's work, one conflict at a time: each unresolved conflict whose value its holder no
   * longer has, with the attributes the object gets back. The caller writes them and calls `settle`
   * before taking the next (a write can free or take another conflict's value).
   */
  *releasable(): Generator<{
    position: number;
    object: CloudObject;
    attributes: Record<string, CloudValue>;
  }> {
    for (let position = 0; position < this.log.length; position++) {
      const conflict = this.log[position] as AttributeConflict;
      if (conflict.resolvedAt !== undefined) continue;
      const object = this.index.get(conflict.cloudId);
      if (!object) continue;
      const holder =
        conflict.attribute === "userPrincipalName"
          ? this.index.upnHolder(conflict.value)
          : this.index.proxyHolder(conflict.value);
      if (holder !== undefined && holder !== object.cloudId) continue;
      const attributes: Record<string, CloudValue> = { ...object.attributes };
      if (conflict.attribute === "userPrincipalName") {
        if (attributes.userPrincipalName !== conflict.replacement) continue;
        attributes.userPrincipalName = conflict.value;
      } else {
        const list = (attributes.proxyAddresses as readonly string[] | undefined) ?? [];
        attributes.proxyAddresses = [...list, conflict.value];
      }
      yield { position, object, attributes };
    }
  }

  /** Marks the conflict at `position` released at `now`; returns its resolved form. */
  settle(position: number, now: number): AttributeConflict {
    const conflict = this.log[position] as AttributeConflict;
    const resolved = { ...conflict, resolvedAt: now };
    this.log[position] = resolved;
    this.open.delete(conflictKey(conflict));
    return resolved;
  }
}

/** Key of an unresolved conflict: object, attribute and the contested value (case-insensitive). */
function conflictKey(conflict: AttributeConflict): string {
  return `${conflict.cloudId}|${conflict.attribute}|${conflict.value.toLowerCase()}`;
}
