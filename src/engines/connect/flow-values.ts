import { type AdObject, type AttributeValue, isEnabled } from "../../model/ad-object.js";
import { sourceAnchorOf } from "../../model/anchor.js";
import { commonEnds } from "../../model/list-diff.js";
import { type ListSplice, mapSplices, recordSplices, splicesBetween } from "../../model/list-edits.js";
import { matchInMiddle } from "./list-changes.js";
import type { FlowFunctionName } from "./sync-rule.js";

/**
 * Where the value of a rule's flow comes from, short of expressions (flow-expressions.ts): an object's
 * attributes as rules read them, the named transforms and what each reads, and the metaverse reference keys
 * `referenceIn` makes, reusing the keys the flow gave last time. Inbound and outbound evaluation both read
 * through these; the empty list every evaluation shares is here, below them all, so that it is one list.
 */

/** How the outbound `referenceOut` transform turns a metaverse reference key into a source anchor. @public */
export type ReferenceResolver = (referenceKey: string) => string | undefined;

/**
 * How the outbound `referenceOut` transform resolves a list of reference keys (a group's members): the
 * anchors of the keys that resolve, in list order. `slot` is the flow's slot in the rule plan, so that a
 * resolver may remember each list flow's last answer (reference-cache.ts). @internal
 */
export type ReferenceListResolver = (referenceKeys: readonly string[], slot: number) => string[];

/**
 * The shared empty list. An evaluation's error list is this one until its first error (flow-expressions.ts
 * tells the two apart by identity), so there must be only this one. @internal
 */
export const NONE: readonly never[] = Object.freeze([]);

/** An AD object's attribute as rules read it (`dn` and `objectGUID` are the object's own). @internal */
export function readAd(object: AdObject, attribute: string): AttributeValue | undefined {
  return attribute === "dn"
    ? object.dn
    : attribute === "objectGUID"
      ? object.objectGUID
      : object.attributes[attribute];
}

/** A metaverse attribute. @internal */
export function readRecord(
  attributes: Readonly<Record<string, AttributeValue>>,
  attribute: string,
): AttributeValue | undefined {
  return attributes[attribute];
}

/** Metaverse reference key of an AD object: forest and objectGUID. @internal */
export function referenceKey(forest: string, objectGUID: string): string {
  return `${forest}|${objectGUID}`;
}

/** Named transforms (sync-rule.ts {@link FlowFunctionName}). @internal */
export function transform(
  fn: FlowFunctionName,
  value: AttributeValue | undefined,
  object: AdObject | undefined,
  forest: string | undefined,
  resolve: ReferenceResolver | undefined,
  previous?: AttributeValue | null,
  resolveList?: ReferenceListResolver,
  slot = -1,
): AttributeValue | undefined {
  switch (fn) {
    case "accountEnabled":
      return object ? isEnabled(object) : undefined;
    case "sourceAnchor":
      return object ? sourceAnchorOf(object) : undefined;
    case "referenceIn": {
      if (value === undefined || forest === undefined) return undefined;
      if (!Array.isArray(value)) {
        const guid = String(value);
        return typeof previous === "string" && isKeyOf(previous, forest, guid)
          ? previous
          : referenceKey(forest, guid);
      }
      return referenceKeys(forest, value as readonly string[], previous);
    }
    case "referenceOut": {
      if (value === undefined || !resolve) return undefined;
      // Only references to objects that are themselves synced flow (cloud-schema standardProjection).
      if (!Array.isArray(value)) return resolve(String(value));
      if (resolveList) return resolveList(value as readonly string[], slot);
      const out: string[] = [];
      for (const key of value as readonly string[]) {
        const anchor = resolve(key);
        if (anchor !== undefined) out.push(anchor);
      }
      return out;
    }
  }
}

/**
 * The attributes a transform reads from its object: its source, and what {@link transform} reads besides
 * (`isEnabled`: userAccountControl; `sourceAnchorOf`: mS-DS-ConsistencyGuid, else the objectGUID). Keep in
 * step with {@link transform}: a patched evaluation (sync.ts) trusts this list. @internal
 */
export function transformReads(fn: FlowFunctionName, source: string): readonly string[] {
  switch (fn) {
    case "accountEnabled":
      return [source, "userAccountControl"];
    case "sourceAnchor":
      return [source, "objectGUID", "mS-DS-ConsistencyGuid"];
    case "referenceIn":
    case "referenceOut":
      return [source];
  }
}

/** True when `key` is the {@link referenceKey} of `guid` in `forest` (compared in place, nothing built). */
function isKeyOf(key: string | undefined, forest: string, guid: string): boolean {
  return (
    key !== undefined &&
    key.length === forest.length + 1 + guid.length &&
    key.endsWith(guid) &&
    key.charCodeAt(forest.length) === 124 && // "|"
    key.startsWith(forest)
  );
}

/** The GUID list (and forest) a list of reference keys was made from: `keys[i]` is the key of `guids[i]`. */
interface KeySource {
  readonly forest: string;
  readonly guids: readonly string[];
}

/**
 * Key lists made by {@link referenceKeys}, each with the GUID list it was made from. Both lists are never
 * changed once made (AD member lists are frozen; a key list is only stored), so the pairing stays true for
 * as long as the key list lives; it goes with it (weak).
 */
const keySources = new WeakMap<readonly string[], KeySource>();

/**
 * The reference keys of a list of GUIDs. The keys the same flow gave last time (`previous`) are reused where
 * the lists agree — the common head and tail, and members found in the old middle part; a group update
 * usually adds or removes one member — so the
 * metaverse keeps one string per key across syncs: later comparisons and look-ups of an unchanged key find
 * it by identity with its hash already computed, instead of flattening and hashing a new string each time.
 * When `previous` was made here, the GUID list it came from is compared with the new one (the directory
 * keeps unchanged members as the very same strings: a comparison of references, not of key texts).
 */
function referenceKeys(
  forest: string,
  guids: readonly string[],
  previous: AttributeValue | null | undefined,
): string[] {
  const old = Array.isArray(previous) ? (previous as readonly string[]) : NONE;
  const source = old.length > 0 ? keySources.get(old) : undefined;
  // The very same member list (the group changed otherwise): the very same keys.
  if (source?.guids === guids && source.forest === forest) return old as string[];
  const paired = source?.forest === forest ? source.guids : undefined;
  // AD made the member list from the one the keys were made from: the same splices make the keys.
  const splices = paired === undefined ? undefined : splicesBetween(paired, guids);
  if (splices !== undefined && splices.length > 0) return splicedKeys(forest, old, guids, splices);
  const out = new Array<string>(guids.length);
  const [start, endOld, end] = paired ? commonEnds(paired, guids) : sameKeyEnds(old, forest, guids);
  for (let i = 0; i < start; i++) out[i] = old[i] as string;
  for (let i = end, j = endOld; i < guids.length; i++, j++) out[i] = old[j] as string;
  // In between, members still in the old list keep their keys too (found by GUID), when it is known.
  let cursor = start;
  for (let i = start; i < end; i++) {
    const guid = guids[i] as string;
    const at = paired ? matchInMiddle(paired, start, endOld, guid, cursor) : -1;
    if (at >= 0) {
      out[i] = old[at] as string;
      cursor = at + 1;
    } else out[i] = referenceKey(forest, guid);
  }
  keySources.set(out, { forest, guids });
  return out;
}

/**
 * The keys of `guids`, made from `old` (the keys of an earlier version of the list) by the splices AD
 * recorded between the two: the added members' keys are made, the rest are the old keys, and nothing is
 * compared. The key list records the same splices, for the metaverse's reference index and the outbound
 * flow (model/list-edits.ts).
 */
function splicedKeys(
  forest: string,
  old: readonly string[],
  guids: readonly string[],
  splices: readonly ListSplice[],
): string[] {
  const { list: out, made } = mapSplices(old, splices, (guid) => referenceKey(forest, guid));
  recordSplices(old, out, made);
  keySources.set(out, { forest, guids });
  return out;
}

/** {@link commonEnds} of a key list and a GUID list, comparing each key with the key of the GUID. */
function sameKeyEnds(
  old: readonly string[],
  forest: string,
  guids: readonly string[],
): [number, number, number] {
  const shorter = Math.min(old.length, guids.length);
  let start = 0;
  while (start < shorter && isKeyOf(old[start], forest, guids[start] as string)) start++;
  let endOld = old.length;
  let end = guids.length;
  while (endOld > start && end > start && isKeyOf(old[endOld - 1], forest, guids[end - 1] as string)) {
    endOld--;
    end--;
  }
  return [start, endOld, end];
}

/** Number of reference values of an AD object (sync cost grows with them, plan-connect-performance-factors). @internal */
export function referenceCount(object: AdObject): number {
  const member = object.attributes.member;
  return (Array.isArray(member) ? member.length : 0) + (object.attributes.manager === undefined ? 0 : 1);
}
