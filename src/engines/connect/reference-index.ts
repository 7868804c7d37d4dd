import type { AttributeValue } from "../../model/ad-object.js";
import { type ListChanges, listChanges } from "./list-changes.js";

/** Metaverse attributes holding reference keys. @internal */
export const REFERENCE_ATTRIBUTES: readonly string[] = ["manager", "member"];

/**
 * The metaverse's reverse index of reference values: reference key → ids of the objects whose reference
 * attributes hold it, so that objects pointing at a changed object are evaluated again (their references
 * may now resolve differently). @internal
 */
export class ReferenceIndex {
  /**
   * Reference key → its referrers: the one id itself while there is one (most keys: a user in one group),
   * a set from the second on — not a set per key of every group member.
   */
  private readonly referrers = new Map<string, string | Set<string>>();

  /** True when some object refers to `key`. */
  has(key: string): boolean {
    const held = this.referrers.get(key);
    return held !== undefined && (typeof held === "string" || held.size > 0);
  }

  /** Ids of the objects referring to `key` (a copy), in the order they first did. */
  referrersOf(key: string): readonly string[] {
    const held = this.referrers.get(key);
    if (held === undefined) return [];
    return typeof held === "string" ? [held] : [...held];
  }

  /** Empties the index. */
  clear(): void {
    this.referrers.clear();
  }

  /** Re-indexes one object whose attributes changed from `before` to `after`. */
  update(
    id: string,
    before: Readonly<Record<string, AttributeValue>>,
    after: Readonly<Record<string, AttributeValue>>,
  ): void {
    // Most updates leave the references as they were (a rebuilt member list holds the same keys).
    let same = true;
    for (const name of REFERENCE_ATTRIBUTES)
      if (!sameAttributeValue(before[name], after[name])) {
        same = false;
        break;
      }
    if (same) return;
    // Usually one member joined or left a group, or a manager changed: only those keys move.
    const found: ListChanges[] = [];
    for (const name of REFERENCE_ATTRIBUTES) {
      const changes = listChanges(referenceList(before[name]), referenceList(after[name]));
      if (!changes) {
        this.reindexReferences(id, before, after);
        return;
      }
      found.push(changes);
    }
    for (const changes of found) {
      for (const key of changes.removed) if (!holdsReference(after, key)) this.dropReferrer(key, id);
      for (const key of changes.added) if (!holdsReference(before, key)) this.addReferrer(key, id);
    }
  }

  /** {@link ReferenceIndex.update} for lists that differ widely: every key compared as sets. */
  private reindexReferences(
    id: string,
    before: Readonly<Record<string, AttributeValue>>,
    after: Readonly<Record<string, AttributeValue>>,
  ): void {
    const keys = (attrs: Readonly<Record<string, AttributeValue>>): Set<string> => {
      const out = new Set<string>();
      for (const name of REFERENCE_ATTRIBUTES) for (const key of referenceList(attrs[name])) out.add(key);
      return out;
    };
    const old = keys(before);
    const now = keys(after);
    for (const key of old) if (!now.has(key)) this.dropReferrer(key, id);
    for (const key of now) if (!old.has(key)) this.addReferrer(key, id);
  }

  private addReferrer(key: string, id: string): void {
    const held = this.referrers.get(key);
    if (held === undefined) this.referrers.set(key, id);
    else if (typeof held !== "string") held.add(id);
    else if (held !== id) this.referrers.set(key, new Set([held, id]));
  }

  private dropReferrer(key: string, id: string): void {
    const held = this.referrers.get(key);
    if (held === id) this.referrers.delete(key);
    else if (held !== undefined && typeof held !== "string") held.delete(id);
  }
}

/** The reference keys an attribute value holds. */
function referenceList(value: AttributeValue | undefined): readonly string[] {
  if (value === undefined) return NO_KEYS;
  return Array.isArray(value) ? (value as readonly string[]) : [String(value)];
}

/** True when some reference attribute holds this key. */
function holdsReference(attributes: Readonly<Record<string, AttributeValue>>, key: string): boolean {
  for (const name of REFERENCE_ATTRIBUTES) {
    const value = attributes[name];
    if (value === undefined) continue;
    if (Array.isArray(value) ? (value as readonly string[]).includes(key) : String(value) === key)
      return true;
  }
  return false;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/** Value equality of attribute values (lists element-wise, in order). */
function sameAttributeValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
