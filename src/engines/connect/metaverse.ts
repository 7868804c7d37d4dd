import type { AttributeValue } from "../../model/ad-object.js";
import {
  type ContributionSlots,
  type FlowContribution,
  resolvePrecedence,
  resolveSlots,
  type SlotValues,
  slotContributions,
} from "./precedence.js";

/** One connector's contributions to one metaverse object, compact: a value per slot of its rule plan. */
interface ConnectorContribution {
  readonly connector: string;
  readonly slots: ContributionSlots;
  readonly values: SlotValues;
}

/** Compact slots for an ad-hoc list of contributions (the public {@link Metaverse.contribute} path). */
function slotsOf(list: readonly FlowContribution[]): ContributionSlots {
  const ids = new Map<string, number>();
  const targetIds = new Int32Array(list.length);
  list.forEach((c, i) => {
    let id = ids.get(c.target);
    if (id === undefined) ids.set(c.target, (id = ids.size));
    targetIds[i] = id;
  });
  return {
    targets: list.map((c) => c.target),
    precedence: list.map((c) => c.precedence),
    slotRule: list.map((c) => ({ name: c.rule ?? "" })),
    merge: list.map((c) => c.merge),
    applyOnce: list.map((c) => c.applyOnce === true),
    targetIds,
    targetCount: ids.size,
    anyMerge: list.some((c) => c.merge !== undefined && c.merge !== "Update"),
    anyApplyOnce: list.some((c) => c.applyOnce === true),
  };
}

/**
 * A metaverse object: the joined identity, its attributes (each from the lowest-precedence rule that gave
 * a value), and its links to connector-space objects.
 *
 * @public
 */
export interface MvObject {
  /** Metaverse id (`mv-<n>`, deterministic). */
  readonly id: string;
  /** Metaverse object type (`person`, `group`, `device`). */
  readonly objectType: string;
  /** Source anchor: the join key of the out-of-box rules. */
  readonly sourceAnchor: string;
  /** Attributes. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Links: connector name → connector-space anchor. */
  readonly links: Readonly<Record<string, string>>;
  /** Highest USN among the contributing AD states (provenance for the tenant write). */
  readonly sourceUsn: number;
}

/**
 * The metaverse: objects by id, the source-anchor join index, and a reverse index of reference values so
 * that objects pointing at a changed object are re-evaluated (their references may now resolve).
 *
 * @public
 */
export class Metaverse {
  private readonly objects = new Map<string, MvObject>();
  private readonly byAnchor = new Map<string, string>();
  private readonly referrers = new Map<string, Set<string>>();
  private readonly contributions = new Map<string, ConnectorContribution[]>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly connectorRank: ReadonlyMap<string, number>;
  private nextId = 1;
  private clears = 0;

  /**
   * @param connectorOrder - connector names in declaration order: at equal precedence the earlier
   *   connector's value wins (the wizard numbers each connector's rules in the order connectors were added)
   */
  constructor(connectorOrder: readonly string[] = []) {
    this.connectorRank = new Map(connectorOrder.map((name, i) => [name, i]));
  }

  /** Times the metaverse was emptied (database loss): what a memo of its contents checks. @internal */
  get generation(): number {
    return this.clears;
  }

  /** Number of objects. */
  get size(): number {
    return this.objects.size;
  }

  /** The object with this id. */
  get(id: string): MvObject | undefined {
    return this.objects.get(id);
  }

  /** Join on source anchor. */
  findByAnchor(sourceAnchor: string): MvObject | undefined {
    const id = this.byAnchor.get(sourceAnchor);
    return id === undefined ? undefined : this.objects.get(id);
  }

  /**
   * Join search: ids of objects of `objectType` whose attribute `attribute` equals `value` (exact, or
   * case-insensitive), in creation order. `sourceAnchor` is the object's anchor. Indexes are built on
   * first use and kept up to date.
   */
  findBy(objectType: string, attribute: string, value: string, caseInsensitive = false): MvObject[] {
    if (attribute === "sourceAnchor" && !caseInsensitive) {
      const hit = this.findByAnchor(value);
      return hit && hit.objectType === objectType ? [hit] : [];
    }
    const key = caseInsensitive ? `${attribute}\u0000i` : attribute;
    let index = this.indexes.get(key);
    if (!index) {
      index = new Map();
      this.indexes.set(key, index);
      for (const object of this.objects.values()) this.indexAdd(key, object);
    }
    const ids = index.get(caseInsensitive ? value.toLowerCase() : value);
    if (!ids) return [];
    const out: MvObject[] = [];
    for (const id of ids) {
      const object = this.objects.get(id);
      if (object && object.objectType === objectType) out.push(object);
    }
    return out;
  }

  /** Projection: creates a metaverse object linked to one connector-space object. */
  project(objectType: string, sourceAnchor: string, connector: string, csAnchor: string): MvObject {
    const object: MvObject = Object.freeze({
      id: `mv-${this.nextId++}`,
      objectType,
      sourceAnchor,
      attributes: Object.freeze({}),
      links: Object.freeze({ [connector]: csAnchor }),
      sourceUsn: 0,
    });
    this.objects.set(object.id, object);
    this.byAnchor.set(sourceAnchor, object.id);
    for (const key of this.indexes.keys()) this.indexAdd(key, object);
    return object;
  }

  /** Join: links another connector-space object. */
  link(id: string, connector: string, csAnchor: string): MvObject {
    const current = this.require(id);
    return this.replace(current, {
      ...current,
      links: Object.freeze({ ...current.links, [connector]: csAnchor }),
    });
  }

  /**
   * Import attribute flow: records one connector's contributions and recomputes the attributes by
   * precedence across every linked connector (lower precedence number wins; a NULL gives way).
   */
  contribute(
    id: string,
    connector: string,
    contributions: readonly FlowContribution[],
    sourceUsn: number,
  ): MvObject {
    return this.contributeSlots(
      id,
      connector,
      slotsOf(contributions),
      contributions.map((c) => c.value),
      sourceUsn,
    );
  }

  /**
   * {@link Metaverse.contribute} in compact form: one value per slot of the connector's rule plan
   * (`undefined` = no contribution). The values array is kept as given (not copied): pass a fresh one.
   *
   * @internal
   */
  contributeSlots(
    id: string,
    connector: string,
    slots: ContributionSlots,
    values: SlotValues,
    sourceUsn: number,
  ): MvObject {
    const current = this.require(id);
    let records = this.contributions.get(id);
    if (!records) this.contributions.set(id, (records = []));
    const at = records.findIndex((r) => r.connector === connector);
    const previous = at >= 0 ? records[at] : undefined;
    // Apply once: a flow's first value is kept for as long as the link lasts.
    const kept = previous?.slots.anyApplyOnce ? keepApplyOnce(previous, slots, values) : values;
    const record: ConnectorContribution = { connector, slots, values: kept };
    if (at >= 0) records[at] = record;
    else records.push(record);
    const attributes = this.resolve(records);
    this.indexReferences(id, current.attributes, attributes);
    return this.replace(current, {
      ...current,
      attributes: Object.freeze(attributes),
      sourceUsn: Math.max(current.sourceUsn, sourceUsn),
    });
  }

  /**
   * Disconnects a connector-space object; an object with no source (AD) link left is deleted (the
   * default metaverse deletion rule). Returns the object after the change, or undefined once deleted.
   */
  disconnect(id: string, connector: string): MvObject | undefined {
    const current = this.require(id);
    const links = { ...current.links };
    delete links[connector];
    const records = this.contributions.get(id);
    const at = records ? records.findIndex((r) => r.connector === connector) : -1;
    if (records && at >= 0) records.splice(at, 1);
    if (Object.keys(links).some((name) => name !== "entra")) {
      const attributes = this.resolve(records ?? []);
      this.indexReferences(id, current.attributes, attributes);
      return this.replace(current, {
        ...current,
        attributes: Object.freeze(attributes),
        links: Object.freeze(links),
      });
    }
    this.indexReferences(id, current.attributes, {});
    for (const key of this.indexes.keys()) this.indexRemove(key, current);
    this.objects.delete(id);
    this.contributions.delete(id);
    if (this.byAnchor.get(current.sourceAnchor) === id) this.byAnchor.delete(current.sourceAnchor);
    return undefined;
  }

  /** Attributes by precedence across connectors: at equal precedence the earlier connector wins. */
  private resolve(records: readonly ConnectorContribution[]): Record<string, AttributeValue> {
    const only = records.length === 1 ? records[0] : undefined;
    if (only) return resolveSlots(only.slots, only.values);
    const all: { c: FlowContribution; rank: number; seq: number }[] = [];
    let seq = 0;
    for (const record of records) {
      const rank = this.connectorRank.get(record.connector) ?? this.connectorRank.size;
      for (const c of slotContributions(record.slots, record.values)) all.push({ c, rank, seq: seq++ });
    }
    all.sort((a, b) => a.c.precedence - b.c.precedence || a.rank - b.rank || a.seq - b.seq);
    return resolvePrecedence(all.map((e) => e.c));
  }

  /** Ids of metaverse objects whose reference attributes point at `referenceKey`. */
  referrersOf(referenceKey: string): readonly string[] {
    const set = this.referrers.get(referenceKey);
    return set ? [...set] : [];
  }

  /** Every object, in creation order. */
  values(): IterableIterator<MvObject> {
    return this.objects.values();
  }

  /** Empties the metaverse (database loss). */
  clear(): void {
    this.objects.clear();
    this.byAnchor.clear();
    this.referrers.clear();
    this.contributions.clear();
    this.indexes.clear();
    this.nextId = 1;
    this.clears++;
  }

  private replace(current: MvObject, next: MvObject): MvObject {
    const frozen = Object.freeze(next);
    for (const key of this.indexes.keys()) this.indexRemove(key, current);
    this.objects.set(current.id, frozen);
    for (const key of this.indexes.keys()) this.indexAdd(key, frozen);
    return frozen;
  }

  private indexValues(key: string, object: MvObject): string[] {
    const insensitive = key.endsWith("\u0000i");
    const attribute = insensitive ? key.slice(0, -2) : key;
    const value = attribute === "sourceAnchor" ? object.sourceAnchor : object.attributes[attribute];
    if (value === undefined) return [];
    const list = Array.isArray(value) ? (value as readonly string[]) : [String(value)];
    return insensitive ? list.map((v) => v.toLowerCase()) : [...list];
  }

  private indexAdd(key: string, object: MvObject): void {
    const index = this.indexes.get(key);
    if (!index) return;
    for (const v of this.indexValues(key, object)) {
      let ids = index.get(v);
      if (!ids) index.set(v, (ids = new Set()));
      ids.add(object.id);
    }
  }

  private indexRemove(key: string, object: MvObject): void {
    const index = this.indexes.get(key);
    if (!index) return;
    for (const v of this.indexValues(key, object)) index.get(v)?.delete(object.id);
  }

  private require(id: string): MvObject {
    const object = this.objects.get(id);
    if (!object) throw new Error(`metaverse: no object ${id}`);
    return object;
  }

  private indexReferences(
    id: string,
    before: Readonly<Record<string, AttributeValue>>,
    after: Readonly<Record<string, AttributeValue>>,
  ): void {
    let same = true;
    for (const name of REFERENCE_ATTRIBUTES) if (before[name] !== after[name]) same = false;
    if (same) return;
    const keys = (attrs: Readonly<Record<string, AttributeValue>>): Set<string> => {
      const out = new Set<string>();
      for (const name of REFERENCE_ATTRIBUTES) {
        const value = attrs[name];
        if (value === undefined) continue;
        for (const key of Array.isArray(value) ? (value as string[]) : [String(value)]) out.add(key);
      }
      return out;
    };
    const old = keys(before);
    const now = keys(after);
    for (const key of old) if (!now.has(key)) this.referrers.get(key)?.delete(id);
    for (const key of now) {
      if (old.has(key)) continue;
      let set = this.referrers.get(key);
      if (!set) this.referrers.set(key, (set = new Set()));
      set.add(id);
    }
  }
}

/** The previous apply-once values kept over the new ones (matched by target). */
function keepApplyOnce(
  previous: ConnectorContribution,
  slots: ContributionSlots,
  values: SlotValues,
): SlotValues {
  let out: (AttributeValue | null | undefined)[] | undefined;
  for (let i = 0; i < values.length; i++) {
    if (!slots.applyOnce[i] || values[i] === undefined) continue;
    const target = slots.targets[i];
    for (let j = 0; j < previous.values.length; j++) {
      if (!previous.slots.applyOnce[j] || previous.values[j] === undefined) continue;
      if (previous.slots.targets[j] !== target) continue;
      out ??= [...values];
      out[i] = previous.values[j];
      break;
    }
  }
  return out ?? values;
}

/** Metaverse attributes holding reference keys. @internal */
export const REFERENCE_ATTRIBUTES: readonly string[] = ["manager", "member"];
