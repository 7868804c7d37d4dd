import { SimulationError, show } from "../scheduler/errors.js";
import type { AdObject, AdObjectClass, AttributeValue } from "./ad-object.js";
import { dnKey, isUnder } from "./dn.js";

/**
 * The lookup tables of a {@link Directory}: by GUID, per class, by DN, by sAMAccountName (per domain) and
 * userPrincipalName (per forest), and reverse links (groups of a member, reports of a manager).
 *
 * @internal
 */
export class DirectoryIndex {
  private readonly byGuid = new Map<string, AdObject>();
  private readonly byClass = new Map<AdObjectClass, Map<string, AdObject>>();
  private readonly byDn = new Map<string, string>();
  private readonly bySam = new Map<string, string>();
  private readonly byUpn = new Map<string, string>();
  private readonly bySamAnyDomain = new Map<string, string>();
  private readonly memberOf = new Map<string, Set<string>>();
  private readonly reports = new Map<string, Set<string>>();

  get size(): number {
    return this.byGuid.size;
  }

  get(guid: string): AdObject | undefined {
    return this.byGuid.get(guid);
  }

  getByDn(dn: string): AdObject | undefined {
    const guid = this.byDn.get(dnKey(dn));
    return guid === undefined ? undefined : this.byGuid.get(guid);
  }

  find(name: string): AdObject | undefined {
    if (typeof name !== "string") return undefined;
    const byGuid = this.byGuid.get(name);
    if (byGuid) return byGuid;
    const lower = name.toLowerCase();
    const guid = this.byUpn.get(lower) ?? (name.includes("=") ? this.byDn.get(dnKey(name)) : undefined);
    if (guid !== undefined) return this.byGuid.get(guid);
    const bySam = this.bySamAnyDomain.get(lower);
    return bySam === undefined ? undefined : this.byGuid.get(bySam);
  }

  *values(objectClass?: AdObjectClass): IterableIterator<AdObject> {
    yield* objectClass ? (this.byClass.get(objectClass)?.values() ?? []) : this.byGuid.values();
  }

  hasChildren(dn: string): boolean {
    const base = dnKey(dn);
    for (const key of this.byDn.keys()) if (key.endsWith(`,${base}`)) return true;
    return false;
  }

  descendants(dn: string): AdObject[] {
    const out: AdObject[] = [];
    for (const object of this.byGuid.values()) if (object.dn !== dn && isUnder(object.dn, dn)) out.push(object);
    return out;
  }

  groupsOf(guid: string): string[] {
    return [...(this.memberOf.get(guid) ?? [])];
  }

  reportsOf(guid: string): string[] {
    return [...(this.reports.get(guid) ?? [])];
  }

  /**
   * Throws `duplicate-identity` if `dn`, the sAMAccountName (per domain) or userPrincipalName (per forest)
   * is taken by another live object than `self`.
   */
  assertUnique(dn: string, domain: string, attributes: Readonly<Record<string, AttributeValue>>, self: string | undefined): void {
    const taken = (map: Map<string, string>, key: string, field: string, value: unknown): void => {
      const owner = map.get(key);
      if (owner !== undefined && owner !== self) {
        throw new SimulationError("duplicate-identity", `${field}: ${show(value)} is already used by ${show(this.byGuid.get(owner)?.dn ?? owner)}`, {
          field,
          value,
        });
      }
    };
    taken(this.byDn, dnKey(dn), "dn", dn);
    const sam = attributes.sAMAccountName;
    if (typeof sam === "string") taken(this.bySam, `${domain.toLowerCase()}|${sam.toLowerCase()}`, "sAMAccountName", sam);
    const upn = attributes.userPrincipalName;
    if (typeof upn === "string") taken(this.byUpn, upn.toLowerCase(), "userPrincipalName", upn);
  }

  add(object: AdObject): void {
    this.byGuid.set(object.objectGUID, object);
    let perClass = this.byClass.get(object.objectClass);
    if (!perClass) this.byClass.set(object.objectClass, (perClass = new Map()));
    perClass.set(object.objectGUID, object);
    this.indexNames(object, true);
    const manager = object.attributes.manager;
    if (typeof manager === "string") link(this.reports, manager, object.objectGUID, true);
  }

  replace(previous: AdObject, next: AdObject): void {
    this.indexNames(previous, false);
    this.byGuid.set(next.objectGUID, next);
    this.byClass.get(next.objectClass)?.set(next.objectGUID, next);
    this.indexNames(next, true);
    const before = previous.attributes.manager;
    const after = next.attributes.manager;
    if (before !== after) {
      if (typeof before === "string") link(this.reports, before, next.objectGUID, false);
      if (typeof after === "string") link(this.reports, after, next.objectGUID, true);
    }
  }

  remove(object: AdObject): void {
    this.indexNames(object, false);
    this.byGuid.delete(object.objectGUID);
    this.byClass.get(object.objectClass)?.delete(object.objectGUID);
    const manager = object.attributes.manager;
    if (typeof manager === "string") link(this.reports, manager, object.objectGUID, false);
  }

  setMembership(group: string, member: string, add: boolean): void {
    link(this.memberOf, member, group, add);
  }

  private indexNames(object: AdObject, add: boolean): void {
    const apply = (map: Map<string, string>, key: string): void => {
      if (add) map.set(key, object.objectGUID);
      else if (map.get(key) === object.objectGUID) map.delete(key);
    };
    apply(this.byDn, dnKey(object.dn));
    const sam = object.attributes.sAMAccountName;
    if (typeof sam === "string") {
      apply(this.bySam, `${object.domain.toLowerCase()}|${sam.toLowerCase()}`);
      apply(this.bySamAnyDomain, sam.toLowerCase());
    }
    const upn = object.attributes.userPrincipalName;
    if (typeof upn === "string") apply(this.byUpn, upn.toLowerCase());
  }
}

function link(map: Map<string, Set<string>>, key: string, value: string, add: boolean): void {
  let set = map.get(key);
  if (add) {
    if (!set) map.set(key, (set = new Set()));
    set.add(value);
  } else if (set) {
    set.delete(value);
    if (set.size === 0) map.delete(key);
  }
}
