import type { AttributeValue } from "../../model/ad-object.js";
import { LinkIndex } from "../../model/link-index.js";
import { netChanges, splicesBetween } from "../../model/list-edits.js";
import { type ListChanges, listChanges } from "./list-changes.js";

/** Metaverse attributes holding reference keys. @internal */
export const REFERENCE_ATTRIBUTES: readonly string[] = ["manager", "member"];

/**
 * The metaverse's reverse index of reference values: reference key → ids of the objects whose reference
 * attributes hold it, so that objects pointing at a changed object are evaluated again (their references
 * may now resolve differently). @internal
 */
export class ReferenceIndex {
  // Reference key → its referrers (LinkIndex keeps a lone referrer — most keys: a user in one group —
  // without a Set).
  private readonly referrers = new LinkIndex();

  /** True when some object refers to `key`. */
  has(key: string): boolean {
    return this.referrers.hasAny(key);
  }

  /** Ids of the objects referring to `key` (a copy), in the order they first did. */
  referrersOf(key: string): readonly string[] {
    return this.referrers.valuesOf(key);
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
    // Usually one member joined or left a group, or a manager changed: only those keys move. An attribute
    // whose value stayed the same moves none: only the others are compared. Lists that differ widely are
    // compared as sets, from `before` and `after`; keys already moved are moved again harmlessly (adding or
    // removing a referrer twice changes nothing).
    for (const name of REFERENCE_ATTRIBUTES) {
      if (sameAttributeValue(before[name], after[name])) continue;
      const old = referenceList(before[name]);
      const now = referenceList(after[name]);
      // Key lists made by splices (flow-values.ts): what they took out is not in the new list, what they
      // put in was not in the old one — only the other reference attribute may still hold such a key.
      const splices = splicesBetween(old, now);
      if (splices !== undefined) {
        this.move(id, before, after, netChanges(splices), name);
        continue;
      }
      const changes = listChanges(old, now);
      if (!changes) {
        this.reindexReferences(id, before, after);
        return;
      }
      this.move(id, before, after, changes);
    }
  }

  /**
   * Moves the referrer `id` off the keys one attribute no longer holds and onto those it now holds (in any
   * order). With `changed`, the changes are exact for that attribute (net changes of splices): only the other
   * reference attributes may still hold a key it lost, or already hold one it gained.
   */
  private move(
    id: string,
    before: Readonly<Record<string, AttributeValue>>,
    after: Readonly<Record<string, AttributeValue>>,
    changes: ListChanges,
    changed?: string,
  ): void {
    for (const key of changes.removed)
      if (!holdsReference(after, key, changed)) this.referrers.delete(key, id);
    for (const key of changes.added) if (!holdsReference(before, key, changed)) this.referrers.add(key, id);
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
    for (const key of old) if (!now.has(key)) this.referrers.delete(key, id);
    for (const key of now) if (!old.has(key)) this.referrers.add(key, id);
  }
}

/** The reference keys an attribute value holds. */
function referenceList(value: AttributeValue | undefined): readonly string[] {
  if (value === undefined) return NO_KEYS;
  return Array.isArray(value) ? (value as readonly string[]) : [String(value)];
}

/** True when some reference attribute (other than `except`) holds this key. */
function holdsReference(
  attributes: Readonly<Record<string, AttributeValue>>,
  key: string,
  except?: string,
): boolean {
  for (const name of REFERENCE_ATTRIBUTES) {
    if (name === except) continue;
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
