import type { CloudObject } from "./tenant-types.js";

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
  private readonly live = new Map<string, CloudObject>();
  // Anchor → the live record itself (not its id): engines and the observer read by anchor far more often
  // than anything writes, so a read is one lookup; every write that replaces the record sets it.
  private readonly anchors = new Map<string, CloudObject>();
  private readonly upns = new Map<string, string>();
  private readonly proxies = new Map<string, string>();

  /** Number of live objects. */
  get size(): number {
    return this.live.size;
  }

  /** A live object by cloud id. */
  get(cloudId: string): CloudObject | undefined {
    return this.live.get(cloudId);
  }

  /** The live object with this source anchor. */
  getByAnchor(anchor: string): CloudObject | undefined {
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
    return id === undefined ? undefined : this.live.get(id);
  }

  /** The live object holding this proxy address. */
  findByProxy(proxy: string): CloudObject | undefined {
    const id = this.proxyHolder(proxy);
    return id === undefined ? undefined : this.live.get(id);
  }

  /** Live objects in the order they became live (created, restored); a new version keeps its place. */
  values(): IterableIterator<CloudObject> {
    return this.live.values();
  }

  /** Indexes an object that became live under all its keys (last in order). */
  add(object: CloudObject): void {
    this.live.set(object.cloudId, object);
    this.setKeys(object);
  }

  /** Drops an object and the keys it holds. */
  remove(object: CloudObject): void {
    this.live.delete(object.cloudId);
    this.dropKeys(object);
  }

  /** A new version of a live record whose keys changed: the old keys go, the new ones come; same place. */
  rekey(previous: CloudObject, next: CloudObject): void {
    this.dropKeys(previous);
    this.live.set(next.cloudId, next);
    this.setKeys(next);
  }

  /** A new version of a live record whose keys stay as they are: same place. */
  replace(next: CloudObject): void {
    this.live.set(next.cloudId, next);
    const anchor = next.onPremisesImmutableId;
    if (anchor !== undefined && this.anchors.get(anchor)?.cloudId === next.cloudId)
      this.anchors.set(anchor, next);
  }

  private setKeys(object: CloudObject): void {
    if (object.onPremisesImmutableId !== undefined) this.anchors.set(object.onPremisesImmutableId, object);
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
    if (anchor !== undefined && this.anchors.get(anchor)?.cloudId === id) this.anchors.delete(anchor);
    const upn = object.attributes.userPrincipalName;
    if (typeof upn === "string") drop(this.upns, upn.toLowerCase(), id);
    const proxies = object.attributes.proxyAddresses;
    if (Array.isArray(proxies))
      for (let i = 0; i < proxies.length; i++) drop(this.proxies, proxyKey(proxies[i] as string), id);
  }
}

/** Proxy addresses conflict on their full value, case-insensitively (`smtp:a@x` = `SMTP:A@x`). @internal */
export function proxyKey(proxy: string): string {
  return proxy.toLowerCase();
}

function drop(map: Map<string, string>, key: string, id: string): void {
  if (map.get(key) === id) map.delete(key);
}
