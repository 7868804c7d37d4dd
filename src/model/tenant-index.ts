import type { CloudObject } from "./tenant-types.js";

/**
 * The place of one live object in a {@link TenantIndex}: its current version. Both the cloud-id and the
 * anchor table hold the slot, not the record, so a new version of the object is one assignment — not a
 * `set` in each table (every export and every password hash writes one).
 *
 * @internal
 */
export interface TenantSlot {
  /** The live version. */
  object: CloudObject;
}

/**
 * The lookup tables of a {@link Tenant}: live objects by cloud id (in the order they became live), by
 * source anchor, and the holders of each userPrincipalName and proxy address (case-insensitive, the keys
 * duplicate-attribute resiliency guards).
 *
 * @remarks Invariant: every live object's anchor, UPN and proxy addresses are indexed to it — the tenant
 * sets a contested value aside before it indexes an object, so two live objects never share a key.
 * @internal
 */
export class TenantIndex {
  private readonly live = new Map<string, TenantSlot>();
  // Anchor → the live object's slot: engines and the observer read by anchor far more often than anything
  // writes, so a read is one lookup, and a new version needs none.
  private readonly anchors = new Map<string, TenantSlot>();
  private readonly upns = new Map<string, string>();
  private readonly proxies = new Map<string, string>();
  private softMatchTargets = 0;

  /** Number of live objects. */
  get size(): number {
    return this.live.size;
  }

  /**
   * Number of live users soft match may take over (cloud-managed, no admin role): while there are none —
   * a tenant filled by sync alone — a create need not look its UPN and primary address up for a candidate.
   * Kept by every add, remove and new version (each knows the version it replaces).
   */
  get softMatchTargetCount(): number {
    return this.softMatchTargets;
  }

  /** A live object by cloud id. */
  get(cloudId: string): CloudObject | undefined {
    return this.live.get(cloudId)?.object;
  }

  /** The live object with this source anchor. */
  getByAnchor(anchor: string): CloudObject | undefined {
    return this.anchors.get(anchor)?.object;
  }

  /** The slot of the live object with this source anchor (for {@link TenantIndex.replace}). */
  slotByAnchor(anchor: string): TenantSlot | undefined {
    return this.anchors.get(anchor);
  }

  /** The cloud id holding this UPN (any case). */
  upnHolder(userPrincipalName: string): string | undefined {
    return this.upns.get(userPrincipalName.toLowerCase());
  }

  /** The cloud id holding this proxy address (any case, prefix included). */
  proxyHolder(proxy: string): string | undefined {
    return this.proxies.get(proxyKey(proxy));
  }

  /** The live object holding this UPN. */
  findByUpn(userPrincipalName: string): CloudObject | undefined {
    const id = this.upnHolder(userPrincipalName);
    return id === undefined ? undefined : this.get(id);
  }

  /** The live object holding this proxy address. */
  findByProxy(proxy: string): CloudObject | undefined {
    const id = this.proxyHolder(proxy);
    return id === undefined ? undefined : this.get(id);
  }

  /** Live objects in the order they became live (created, restored); a new version keeps its place. */
  *values(): IterableIterator<CloudObject> {
    for (const slot of this.live.values()) yield slot.object;
  }

  /** Indexes an object that became live under all its keys (last in order). */
  add(object: CloudObject): void {
    const slot: TenantSlot = { object };
    this.live.set(object.cloudId, slot);
    this.setKeys(slot);
    this.softMatchTargets += softMatchTarget(object);
  }

  /** Drops an object and the keys it holds. */
  remove(object: CloudObject): void {
    const slot = this.live.get(object.cloudId);
    this.live.delete(object.cloudId);
    this.dropKeys(object);
    if (slot) this.softMatchTargets -= softMatchTarget(slot.object);
  }

  /** A new version of a live record whose keys changed: the old keys go, the new ones come; same place. */
  rekey(previous: CloudObject, next: CloudObject): void {
    const slot = this.live.get(next.cloudId);
    this.dropKeys(previous);
    // (Defensive: the tenant rekeys only live objects; an unknown one is indexed as new, as before slots.)
    if (!slot) {
      this.add(next);
      return;
    }
    this.replace(next, slot);
    this.setKeys(slot);
  }

  /**
   * A new version of a live record whose keys stay as they are: same place. `slot` is the object's slot
   * when the caller holds it already (looked up by anchor), else it is looked up by cloud id.
   */
  replace(next: CloudObject, slot: TenantSlot | undefined = this.live.get(next.cloudId)): void {
    if (!slot) {
      this.add(next);
      return;
    }
    this.softMatchTargets += softMatchTarget(next) - softMatchTarget(slot.object);
    slot.object = next;
  }

  private setKeys(slot: TenantSlot): void {
    const object = slot.object;
    if (object.onPremisesImmutableId !== undefined) this.anchors.set(object.onPremisesImmutableId, slot);
    const upn = object.attributes.userPrincipalName;
    if (typeof upn === "string") this.upns.set(upn.toLowerCase(), object.cloudId);
    const proxies = object.attributes.proxyAddresses;
    // Index loops: a record's lists are frozen, and for-of over a frozen list makes an iterator and a
    // result object per element.
    if (Array.isArray(proxies))
      for (let i = 0; i < proxies.length; i++)
        this.proxies.set(proxyKey(proxies[i] as string), object.cloudId);
  }

  private dropKeys(object: CloudObject): void {
    const id = object.cloudId;
    const anchor = object.onPremisesImmutableId;
    if (anchor !== undefined && this.anchors.get(anchor)?.object.cloudId === id) this.anchors.delete(anchor);
    const upn = object.attributes.userPrincipalName;
    if (typeof upn === "string") drop(this.upns, upn.toLowerCase(), id);
    const proxies = object.attributes.proxyAddresses;
    if (Array.isArray(proxies))
      for (let i = 0; i < proxies.length; i++) drop(this.proxies, proxyKey(proxies[i] as string), id);
  }
}

/**
 * True for a user soft match may take over: cloud-managed (not synced) and holding no admin role
 * (how-to-connect-install-existing-tenant). The tenant's soft match and the index's count both ask this.
 * @internal
 */
export function isSoftMatchTarget(object: CloudObject): boolean {
  return object.objectType === "user" && !object.dirSyncEnabled && !object.isAdmin;
}

/** 1 for a {@link isSoftMatchTarget soft-match target}, else 0 (for the index's count). */
function softMatchTarget(object: CloudObject): number {
  return isSoftMatchTarget(object) ? 1 : 0;
}

/** Proxy addresses conflict on their full value, case-insensitively (`smtp:a@x` = `SMTP:A@x`). @internal */
export function proxyKey(proxy: string): string {
  return proxy.toLowerCase();
}

function drop(map: Map<string, string>, key: string, id: string): void {
  if (map.get(key) === id) map.delete(key);
}
