import { SimulationError, show } from "../scheduler/errors.js";
import type { AdObject, AdObjectClass, AttributeValue } from "./ad-object.js";
import { dnKey, isUnder } from "./dn.js";
import { LinkIndex } from "./link-index.js";

/**
 * The lookup keys an object is indexed under: its DN key, its sAMAccountName (per domain and forest-wide)
 * and its userPrincipalName, all lower case.
 *
 * @internal
 */
export interface NameKeys {
  readonly dn: string;
  /** Lower-case domain, the scope of sAMAccountName uniqueness. */
  readonly domain: string;
  readonly sam: string | undefined;
  readonly upn: string | undefined;
}

/**
 * The lookup tables of a {@link Directory}: by GUID, per class, by DN, by sAMAccountName (per domain) and
 * userPrincipalName (per forest), and reverse links (groups of a member, reports of a manager).
 *
 * @remarks Hot paths take precomputed {@link NameKeys} and skip re-indexing names a write did not touch:
 * a 150,000-user directory sees a million modifies in the benchmark.
 * @internal
 */
export class DirectoryIndex {
  private readonly byGuid = new Map<string, AdObject>();
  // Per-class maps for every class but users: users are most of a directory, so listing them walks
  // `byGuid` and skips the rest, which saves a map insert per user create.
  private readonly byClass = new Map<AdObjectClass, Map<string, AdObject>>();
  private readonly byDn = new Map<string, string>();
  // sAMAccountName is unique per domain: one map per (lower-case) domain, no composite key strings.
  private readonly bySam = new Map<string, Map<string, string>>();
  private readonly byUpn = new Map<string, string>();
  private memberOf = new LinkIndex();
  private reports = new LinkIndex();

  get size(): number {
    return this.byGuid.size;
  }

  /** An independent copy: the same entries in the same order (records are immutable and shared). */
  clone(): DirectoryIndex {
    const copy = new DirectoryIndex();
    copyInto(copy.byGuid, this.byGuid);
    for (const [objectClass, perClass] of this.byClass) copy.byClass.set(objectClass, new Map(perClass));
    copyInto(copy.byDn, this.byDn);
    for (const [domain, perDomain] of this.bySam) copy.bySam.set(domain, new Map(perDomain));
    copyInto(copy.byUpn, this.byUpn);
    copy.memberOf = this.memberOf.clone();
    copy.reports = this.reports.clone();
    return copy;
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
    for (const perDomain of this.bySam.values()) {
      const bySam = perDomain.get(lower);
      if (bySam !== undefined) return this.byGuid.get(bySam);
    }
    return undefined;
  }

  *values(objectClass?: AdObjectClass): IterableIterator<AdObject> {
    if (objectClass === undefined) yield* this.byGuid.values();
    else if (objectClass !== "user") yield* this.byClass.get(objectClass)?.values() ?? [];
    else for (const object of this.byGuid.values()) if (object.objectClass === "user") yield object;
  }

  hasChildren(dn: string): boolean {
    const suffix = `,${dnKey(dn)}`;
    for (const key of this.byDn.keys()) if (key.endsWith(suffix)) return true;
    return false;
  }

  descendants(dn: string): AdObject[] {
    const out: AdObject[] = [];
    for (const object of this.byGuid.values())
      if (object.dn !== dn && isUnder(object.dn, dn)) out.push(object);
    return out;
  }

  groupsOf(guid: string): string[] {
    return this.memberOf.valuesOf(guid);
  }

  reportsOf(guid: string): string[] {
    return this.reports.valuesOf(guid);
  }

  /** The keys an object with this DN, domain and attributes is indexed under. */
  keysOf(dn: string, domain: string, attributes: Readonly<Record<string, AttributeValue>>): NameKeys {
    const sam = attributes.sAMAccountName;
    const upn = attributes.userPrincipalName;
    return {
      dn: dnKey(dn),
      domain: domain.toLowerCase(),
      sam: typeof sam === "string" ? sam.toLowerCase() : undefined,
      upn: typeof upn === "string" ? upn.toLowerCase() : undefined,
    };
  }

  /**
   * Throws `duplicate-identity` if `dn`, the sAMAccountName (per domain) or userPrincipalName (per forest)
   * is taken by another live object than `self`. Returns the keys, for {@link DirectoryIndex.add}.
   */
  assertUnique(
    dn: string,
    domain: string,
    attributes: Readonly<Record<string, AttributeValue>>,
    self: string | undefined,
  ): NameKeys {
    const keys = this.keysOf(dn, domain, attributes);
    this.assertFree(this.byDn, keys.dn, self, "dn", dn);
    const samMap = this.bySam.get(keys.domain);
    if (keys.sam !== undefined && samMap)
      this.assertFree(samMap, keys.sam, self, "sAMAccountName", attributes.sAMAccountName);
    if (keys.upn !== undefined)
      this.assertFree(this.byUpn, keys.upn, self, "userPrincipalName", attributes.userPrincipalName);
    return keys;
  }

  add(object: AdObject, keys: NameKeys = this.keysOf(object.dn, object.domain, object.attributes)): void {
    this.byGuid.set(object.objectGUID, object);
    if (object.objectClass !== "user") {
      let perClass = this.byClass.get(object.objectClass);
      if (!perClass) this.byClass.set(object.objectClass, (perClass = new Map()));
      perClass.set(object.objectGUID, object);
    }
    this.indexNames(object.objectGUID, keys, true);
    const manager = object.attributes.manager;
    if (typeof manager === "string") this.reports.add(manager, object.objectGUID);
  }

  replace(previous: AdObject, next: AdObject): void {
    const guid = next.objectGUID;
    this.byGuid.set(guid, next);
    if (next.objectClass !== "user") this.byClass.get(next.objectClass)?.set(guid, next);
    const a = previous.attributes;
    const b = next.attributes;
    // Most writes touch neither the DN nor a unique name: skip the re-index then.
    if (
      previous.dn !== next.dn ||
      a.sAMAccountName !== b.sAMAccountName ||
      a.userPrincipalName !== b.userPrincipalName
    ) {
      this.indexNames(guid, this.keysOf(previous.dn, previous.domain, a), false);
      this.indexNames(guid, this.keysOf(next.dn, next.domain, b), true);
    }
    const before = a.manager;
    const after = b.manager;
    if (before !== after) {
      if (typeof before === "string") this.reports.delete(before, guid);
      if (typeof after === "string") this.reports.add(after, guid);
    }
  }

  remove(object: AdObject): void {
    this.indexNames(object.objectGUID, this.keysOf(object.dn, object.domain, object.attributes), false);
    this.byGuid.delete(object.objectGUID);
    this.byClass.get(object.objectClass)?.delete(object.objectGUID);
    const manager = object.attributes.manager;
    if (typeof manager === "string") this.reports.delete(manager, object.objectGUID);
  }

  isMember(group: string, member: string): boolean {
    return this.memberOf.has(member, group);
  }

  setMembership(group: string, member: string, add: boolean): void {
    if (add) this.memberOf.add(member, group);
    else this.memberOf.delete(member, group);
  }

  private assertFree(
    map: Map<string, string>,
    key: string,
    self: string | undefined,
    field: string,
    value: unknown,
  ): void {
    const owner = map.get(key);
    if (owner !== undefined && owner !== self) {
      throw new SimulationError(
        "duplicate-identity",
        `${field}: ${show(value)} is already used by ${show(this.byGuid.get(owner)?.dn ?? owner)}`,
        { field, value },
      );
    }
  }

  private indexNames(guid: string, keys: NameKeys, add: boolean): void {
    setKey(this.byDn, keys.dn, guid, add);
    if (keys.sam !== undefined) {
      let samMap = this.bySam.get(keys.domain);
      if (!samMap) this.bySam.set(keys.domain, (samMap = new Map()));
      setKey(samMap, keys.sam, guid, add);
    }
    if (keys.upn !== undefined) setKey(this.byUpn, keys.upn, guid, add);
  }
}

function copyInto<K, V>(target: Map<K, V>, source: ReadonlyMap<K, V>): void {
  for (const [key, value] of source) target.set(key, value);
}

function setKey(map: Map<string, string>, key: string, guid: string, add: boolean): void {
  if (add) map.set(key, guid);
  else if (map.get(key) === guid) map.delete(key);
}
