import type { CloudValue } from "./cloud-schema.js";
import type { CloudObject } from "./tenant-types.js";
import { appended, sameValue } from "./values.js";

/**
 * What a write makes of a cloud object: its new version (a frozen record), the attributes a patch sets,
 * and the sorted names of the attributes that changed — the `changed` of every tenant write. The tenant's
 * hottest path (every export and every password hash comes here), so each helper says what it spares.
 */

/**
 * A new version of a cloud object (frozen): what a write changes, the rest as `base` has it. One object
 * literal with every field in declaration order — the order the records always had, and one shape with
 * its fields inside the object: a spread of an eleven-field record puts most of them in a second,
 * separate property array, two allocations for every export and every password hash.
 *
 * @internal
 */
export function cloudVersion(
  base: CloudObject,
  onPremisesImmutableId: string | undefined,
  dirSyncEnabled: boolean,
  attributes: CloudObject["attributes"],
  writer: string | undefined,
  updatedAt: number,
  deletedAt: number | undefined,
  credential: CloudObject["credential"],
): CloudObject {
  return Object.freeze({
    cloudId: base.cloudId,
    objectType: base.objectType,
    onPremisesImmutableId,
    dirSyncEnabled,
    attributes,
    writer,
    createdAt: base.createdAt,
    updatedAt,
    deletedAt,
    credential,
    isAdmin: base.isAdmin,
  });
}

/**
 * Sets (or, for undefined, clears) one attribute of a record being built. A list is frozen as it is taken:
 * the base record's lists are frozen already (and the one conflict resolution rebuilds), so the record
 * ends as immutable as its versions before it.
 *
 * @internal
 */
export function write(
  attributes: Record<string, CloudValue>,
  key: string,
  value: CloudValue | undefined,
): void {
  if (value === undefined) delete attributes[key];
  else attributes[key] = Array.isArray(value) ? Object.freeze(value) : value;
}

/**
 * The `changed` of a write that changes nothing: one shared empty list (frozen; a write that gets it
 * returns at once, so it is never appended to or sorted).
 *
 * @internal
 */
export const NO_KEYS: string[] = Object.freeze([]) as unknown as string[];

/**
 * The keys of `patch` whose values differ from those of `attributes`, in patch order ({@link NO_KEYS} when none).
 *
 * @internal
 */
export function patchDiff(
  attributes: Readonly<Record<string, CloudValue>>,
  patch: Readonly<Record<string, CloudValue | undefined>>,
): string[] {
  let differing: string[] | undefined;
  for (const key in patch) if (!sameValue(attributes[key], patch[key])) differing = appended(differing, key);
  return differing ?? NO_KEYS;
}

/**
 * Sorts attribute names in place, in the order `Array.prototype.sort` gives strings (UTF-16 code units).
 * By insertion: a write changes one to a few attributes (a create some twenty), and V8's sort allocates
 * work arrays for every call, even for two names.
 *
 * @internal
 */
export function sortKeys(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * The keys whose values differ between `before` and `after` when `after` is `before` with `patch` applied
 * and conflicts resolved (which touches only the UPN and proxy addresses): sorted, as {@link diffKeys}.
 *
 * @internal
 */
export function patchedKeys(
  before: Readonly<Record<string, CloudValue>>,
  after: Readonly<Record<string, CloudValue>>,
  patch: Readonly<Record<string, CloudValue | undefined>>,
): string[] {
  let changed: string[] | undefined;
  for (const key in patch) if (!sameValue(before[key], after[key])) changed = appended(changed, key);
  for (const key of CONTESTED_KEYS)
    if (!(key in patch) && !sameValue(before[key], after[key])) changed = appended(changed, key);
  return changed === undefined ? [] : sortKeys(changed);
}

const CONTESTED_KEYS = ["userPrincipalName", "proxyAddresses"] as const;

/**
 * The keys whose values differ between `before` and `after` (present in one only, or unequal), sorted.
 *
 * @internal
 */
export function diffKeys(
  before: Readonly<Record<string, CloudValue>>,
  after: Readonly<Record<string, CloudValue>>,
): string[] {
  // Every key once (those of `after`, then those only in `before`), without a Set per write; sorted after.
  let changed: string[] | undefined;
  for (const key in after) if (!sameValue(before[key], after[key])) changed = appended(changed, key);
  for (const key in before)
    if (!(key in after) && !sameValue(before[key], undefined)) changed = appended(changed, key);
  return changed === undefined ? [] : sortKeys(changed);
}
