import type { AttributeValue } from "../../model/ad-object.js";
import type { ContributionSlots, FlowContribution, SlotValues } from "./precedence.js";

// The metaverse's compact record of what each connector contributed to an object: a value per slot of the
// connector's rule plan, shared or left out where the object's attributes already say it. Apart from the
// Metaverse store that holds them (metaverse.ts): these are the pure record operations it composes.

/**
 * One connector's contributions to one metaverse object, compact: a value per slot of its rule plan.
 * `values` is left out (undefined) when the object's attributes hold them exactly: see {@link derivable}.
 */
export interface ConnectorContribution {
  readonly connector: string;
  readonly slots: ContributionSlots;
  readonly values: SlotValues | undefined;
}

/** Compact slots for an ad-hoc list of contributions (the public {@link Metaverse.contribute} path). */
export function slotsOf(list: readonly FlowContribution[]): ContributionSlots {
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

export const NO_RECORDS: readonly ConnectorContribution[] = Object.freeze([]);

/** The shared record lists of {@link derivedRecords}, by slots, then connector. */
const derivedLists = new WeakMap<ContributionSlots, Map<string, readonly ConnectorContribution[]>>();

/**
 * The records of an object whose only contribution is derivable (see {@link derivable}): one connector, its
 * slots, no values. That record says nothing about the object, so every such object of one connector and
 * rule plan shares one list of one frozen record instead of holding a record and a list of its own (two
 * objects per metaverse object). Records and their lists are never changed, only replaced: sharing is safe.
 */
export function derivedRecords(
  connector: string,
  slots: ContributionSlots,
): readonly ConnectorContribution[] {
  let byConnector = derivedLists.get(slots);
  if (!byConnector) derivedLists.set(slots, (byConnector = new Map()));
  let records = byConnector.get(connector);
  if (!records) {
    // The list is typed read-only rather than frozen: a frozen array's elements are read on a slow path.
    records = [Object.freeze({ connector, slots, values: undefined })];
    byConnector.set(connector, records);
  }
  return records;
}

export function indexOfConnector(records: readonly ConnectorContribution[], connector: string): number {
  for (let i = 0; i < records.length; i++)
    if ((records[i] as ConnectorContribution).connector === connector) return i;
  return -1;
}

/**
 * True when a sole connector's values need not be stored: the object's attributes hold them exactly. That
 * is so when each slot has its own target (nothing a lower-precedence flow offered is hidden), no flow
 * merges or applies once, and no value is an AuthoritativeNull (which leaves the attribute absent, like no
 * value at all, but would block another connector's value).
 */
export function derivable(slots: ContributionSlots, values: SlotValues): boolean {
  if (slots.anyMerge || slots.anyApplyOnce || slots.targetCount !== slots.targets.length) return false;
  for (let i = 0; i < values.length; i++) if (values[i] === null) return false;
  return true;
}

/** A record's values: as stored, or read back from the attributes (see {@link derivable}). */
export function slotValuesOf(
  record: ConnectorContribution,
  attributes: Readonly<Record<string, AttributeValue>>,
): SlotValues {
  if (record.values) return record.values;
  return record.slots.targets.map((target) =>
    Object.hasOwn(attributes, target) ? attributes[target] : undefined,
  );
}

/** A record with its values spelled out. */
export function withValues(
  record: ConnectorContribution,
  attributes: Readonly<Record<string, AttributeValue>>,
): { readonly connector: string; readonly slots: ContributionSlots; readonly values: SlotValues } {
  return record.values
    ? (record as ReturnType<typeof withValues>)
    : { ...record, values: slotValuesOf(record, attributes) };
}

/**
 * The records of an object of several connectors with one connector's record put in place (at `at`, or
 * last when new), every other one with its values spelled out. Apart from `contributeSlots` so that its
 * one-connector path makes no closure context.
 */
export function withRecord(
  records: readonly ConnectorContribution[],
  at: number,
  record: ConnectorContribution,
  attributes: Readonly<Record<string, AttributeValue>>,
): ConnectorContribution[] {
  const others = records.map((r) => withValues(r, attributes));
  return at >= 0 ? others.map((r, i) => (i === at ? record : r)) : [...others, record];
}

/** The previous apply-once values kept over the new ones (matched by target). */
export function keepApplyOnce(
  previous: { readonly slots: ContributionSlots; readonly values: SlotValues },
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
