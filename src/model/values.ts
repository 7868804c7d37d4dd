/**
 * Value equality of attribute values, AD or cloud (`string | number | boolean | string[]`): lists
 * element by element, in order. Every store that decides "did this write change anything" asks this.
 * (The observer's visibility check is looser on purpose: an empty list there equals an absent value.)
 *
 * @internal
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `list` with `value` appended; the list is made at the first value, just that long (an array begun empty
 * reserves room for 17 at its first push, and one or two values are usually all there is).
 *
 * @internal
 */
export function appended<T>(list: T[] | undefined, value: T): T[] {
  if (!list) return [value];
  list.push(value);
  return list;
}

/**
 * One flat string of `parts`. A `+` or template literal of 13 characters or more makes a rope in V8: the
 * first index that lower-cases or hashes it flattens it into a second copy, and a record that keeps the
 * string keeps both. For strings every object of a large world holds (DNs, UPNs, mail, observer keys).
 *
 * @internal
 */
export function flatConcat(...parts: string[]): string {
  return parts.join("");
}
