import type { AttributeValue } from "../../model/ad-object.js";
import {
  type ConnectorContribution,
  derivable,
  derivedRecords,
  indexOfConnector,
  keepApplyOnce,
  NO_RECORDS,
  slotsOf,
  slotValuesOf,
  withRecord,
  withValues,
} from "./connector-contributions.js";
import type { AttributePatch } from "./patched-evaluation.js";
import {
  type ContributionSlots,
  type FlowContribution,
  type PriorContribution,
  resolvePrecedence,
  resolveSlots,
  resolveSlotsOr,
  type SlotValues,
  slotContributions,
} from "./precedence.js";
import { ReferenceIndex } from "./reference-index.js";

/**
 * One metaverse object as the store holds it: its current (immutable) record and the contributions of each
 * linked connector, in link order. Internal to {@link Metaverse}; the record is replaced on every change.
 */
interface MvEntry {
  object: MvObject;
  /** Replaced rather than grown: an array grown by `push` from empty reserves room for 17 entries. */
  records: readonly ConnectorContribution[];
}

/** The objects of a run of entries. */
function* objectsOf(entries: IterableIterator<MvEntry>): IterableIterator<MvObject> {
  for (const entry of entries) yield entry.object;
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
  /** Objects by id, each with its connectors' contributions: one map entry per object, not one per store. */
  private readonly entries = new Map<string, MvEntry>();
  private readonly byAnchor = new Map<string, string>();
  private readonly references = new ReferenceIndex();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly connectorRank: ReadonlyMap<string, number>;
  private nextId = 1;
  private clears = 0;
  /** The record {@link Metaverse.contributionOf} fills when asked to reuse one. */
  private priorView: PriorRecord | undefined;

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
    return this.entries.size;
  }

  /** The object with this id. */
  get(id: string): MvObject | undefined {
    return this.entries.get(id)?.object;
  }

  /** Join on source anchor. */
  findByAnchor(sourceAnchor: string): MvObject | undefined {
    const id = this.byAnchor.get(sourceAnchor);
    return id === undefined ? undefined : this.entries.get(id)?.object;
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
      for (const entry of this.entries.values()) this.indexAdd(key, entry.object);
    }
    const ids = index.get(caseInsensitive ? value.toLowerCase() : value);
    if (!ids) return [];
    const out: MvObject[] = [];
    for (const id of ids) {
      const object = this.entries.get(id)?.object;
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
    this.entries.set(object.id, { object, records: NO_RECORDS });
    this.byAnchor.set(sourceAnchor, object.id);
    for (const key of this.indexes.keys()) this.indexAdd(key, object);
    return object;
  }

  /** Join: links another connector-space object. */
  link(id: string, connector: string, csAnchor: string): MvObject {
    const entry = this.require(id);
    const current = entry.object;
    return this.replace(
      entry,
      mvObject(
        current,
        current.attributes,
        Object.freeze({ ...current.links, [connector]: csAnchor }),
        current.sourceUsn,
      ),
    );
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
   * (`undefined` = no contribution). The values are copied when kept: the caller may reuse its array.
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
    const entry = this.require(id);
    const current = entry.object;
    const at = indexOfConnector(entry.records, connector);
    const prior = at >= 0 ? entry.records[at] : undefined;
    // Apply once: a flow's first value is kept for as long as the link lasts.
    const kept = prior?.slots.anyApplyOnce
      ? keepApplyOnce(withValues(prior, current.attributes), slots, values)
      : values;
    let attributes: Record<string, AttributeValue>;
    if (entry.records.length === 0 || (entry.records.length === 1 && at === 0)) {
      // One connector (the usual case): values the attributes hold exactly are not kept a second time.
      // Attributes resolved from the same slots before (so in the same order) are kept as they are when
      // every value is the same (a password change or a move of a user changes none of them).
      const before = at === 0 && prior?.slots === slots ? current.attributes : undefined;
      attributes = resolveSlotsOr(slots, kept, before);
      entry.records = derivable(slots, kept)
        ? derivedRecords(connector, slots)
        : [{ connector, slots, values: kept.slice() }];
    } else {
      const record: ConnectorContribution = { connector, slots, values: kept.slice() };
      entry.records = withRecord(entry.records, at, record, current.attributes);
      attributes = this.resolve(entry.records, current.attributes);
    }
    this.references.update(id, current.attributes, attributes);
    return this.replace(
      entry,
      mvObject(current, Object.freeze(attributes), current.links, Math.max(current.sourceUsn, sourceUsn)),
    );
  }

  /**
   * The attributes object `id` would hold were `connector`'s contribution these slot values, the other
   * connectors' kept (a preview: nothing is stored). Undefined when there is no such object or no other
   * connector contributes to it (the contribution alone decides). @internal
   */
  resolvedWith(
    id: string,
    connector: string,
    slots: ContributionSlots,
    values: SlotValues,
  ): Record<string, AttributeValue> | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const at = indexOfConnector(entry.records, connector);
    const others = entry.records.length - (at >= 0 ? 1 : 0);
    if (others === 0) return undefined;
    const record: ConnectorContribution = { connector, slots, values: values.slice() };
    const current = entry.object.attributes;
    return this.resolve(withRecord(entry.records, at, record, current), current);
  }

  /**
   * The attributes of an object whose only contribution is this connector's, made with these slots and held
   * exactly by the attributes (see {@link derivable}): what a patched inbound evaluation may start from
   * (sync.ts). Undefined otherwise. @internal
   */
  soleContributionOf(
    id: string,
    connector: string,
    slots: ContributionSlots,
  ): Readonly<Record<string, AttributeValue>> | undefined {
    const entry = this.entries.get(id);
    if (entry?.records.length !== 1) return undefined;
    const record = entry.records[0] as ConnectorContribution;
    if (record.connector !== connector || record.slots !== slots || record.values !== undefined)
      return undefined;
    return entry.object.attributes;
  }

  /**
   * {@link Metaverse.contributeSlots} of an object {@link Metaverse.soleContributionOf} answered for, given
   * as the attributes that change: what contributing the patched values would give (their precedence is
   * their own: one slot per target; the record stays derivable: no value is a null). @internal
   */
  patchAttributes(id: string, changes: readonly AttributePatch[], sourceUsn: number): MvObject {
    const entry = this.require(id);
    const current = entry.object;
    let attributes = current.attributes;
    if (changes.length > 0) {
      // Every changed attribute is present before and after: the copy keeps the key order of a resolution.
      const next: Record<string, AttributeValue> = { ...attributes };
      for (const change of changes) next[change.target] = change.after;
      attributes = Object.freeze(next);
      this.references.update(id, current.attributes, attributes);
    }
    return this.replace(
      entry,
      mvObject(current, attributes, current.links, Math.max(current.sourceUsn, sourceUsn)),
    );
  }

  /**
   * Disconnects a connector-space object; an object with no source (AD) link left is deleted (the
   * default metaverse deletion rule). Returns the object after the change, or undefined once deleted.
   */
  disconnect(id: string, connector: string): MvObject | undefined {
    const entry = this.require(id);
    const current = entry.object;
    const links = { ...current.links };
    delete links[connector];
    const at = indexOfConnector(entry.records, connector);
    if (at >= 0) entry.records = entry.records.filter((_, i) => i !== at);
    const records = entry.records;
    if (Object.keys(links).some((name) => name !== "entra")) {
      const attributes = this.resolve(records, current.attributes);
      this.references.update(id, current.attributes, attributes);
      return this.replace(
        entry,
        mvObject(current, Object.freeze(attributes), Object.freeze(links), current.sourceUsn),
      );
    }
    this.references.update(id, current.attributes, {});
    for (const key of this.indexes.keys()) this.indexRemove(key, current);
    this.entries.delete(id);
    if (this.byAnchor.get(current.sourceAnchor) === id) this.byAnchor.delete(current.sourceAnchor);
    return undefined;
  }

  /**
   * Attributes by precedence across connectors: at equal precedence the earlier connector wins. `current`
   * are the object's attributes before the change (what a record without values stands for).
   */
  private resolve(
    records: readonly ConnectorContribution[],
    current: Readonly<Record<string, AttributeValue>>,
  ): Record<string, AttributeValue> {
    const only = records.length === 1 ? records[0] : undefined;
    if (only) return resolveSlots(only.slots, slotValuesOf(only, current));
    const all: { c: FlowContribution; rank: number; seq: number }[] = [];
    let seq = 0;
    for (const record of records) {
      const rank = this.connectorRank.get(record.connector) ?? this.connectorRank.size;
      for (const c of slotContributions(record.slots, slotValuesOf(record, current)))
        all.push({ c, rank, seq: seq++ });
    }
    all.sort((a, b) => a.c.precedence - b.c.precedence || a.rank - b.rank || a.seq - b.seq);
    return resolvePrecedence(all.map((e) => e.c));
  }

  /**
   * What one connector contributed to an object last (its slots and values), if anything. With `reuse`,
   * in the record the previous such call returned (sync reads it before asking for the next object's,
   * instead of a new record per object). @internal
   */
  contributionOf(id: string, connector: string, reuse = false): PriorContribution | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    const at = indexOfConnector(entry.records, connector);
    const record = at >= 0 ? entry.records[at] : undefined;
    if (!record) return undefined;
    const { slots, values } = record;
    const attributes = entry.object.attributes;
    if (!reuse) return { slots, values, attributes };
    const view = (this.priorView ??= { slots, values, attributes });
    view.slots = slots;
    view.values = values;
    view.attributes = attributes;
    return view;
  }

  /** True when some metaverse object's reference attributes point at `referenceKey`. @internal */
  hasReferrers(referenceKey: string): boolean {
    return this.references.has(referenceKey);
  }

  /** Ids of metaverse objects whose reference attributes point at `referenceKey`. */
  referrersOf(referenceKey: string): readonly string[] {
    return this.references.referrersOf(referenceKey);
  }

  /** Every object, in creation order. */
  values(): IterableIterator<MvObject> {
    return objectsOf(this.entries.values());
  }

  /** Empties the metaverse (database loss). */
  clear(): void {
    this.entries.clear();
    this.byAnchor.clear();
    this.references.clear();
    this.indexes.clear();
    this.nextId = 1;
    this.clears++;
  }

  private replace(entry: MvEntry, next: MvObject): MvObject {
    if (this.indexes.size > 0) for (const key of this.indexes.keys()) this.indexRemove(key, entry.object);
    entry.object = next;
    if (this.indexes.size > 0) for (const key of this.indexes.keys()) this.indexAdd(key, next);
    return next;
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

  private require(id: string): MvEntry {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`metaverse: no object ${id}`);
    return entry;
  }
}

/**
 * A metaverse object record, always built with the same fields in the same order (one object shape for
 * every record; an object spread per change made a fresh shape each time).
 */
function mvObject(
  current: MvObject,
  attributes: Readonly<Record<string, AttributeValue>>,
  links: Readonly<Record<string, string>>,
  sourceUsn: number,
): MvObject {
  return Object.freeze({
    id: current.id,
    objectType: current.objectType,
    sourceAnchor: current.sourceAnchor,
    attributes,
    links,
    sourceUsn,
  });
}

/** The record {@link Metaverse.contributionOf} fills when asked to reuse one. */
type PriorRecord = { -readonly [K in keyof PriorContribution]: PriorContribution[K] };

export { REFERENCE_ATTRIBUTES } from "./reference-index.js";
