/**
 * Reverse links — member → groups, manager → reports, referenced object → referrers: each key's values in
 * the order they were linked, as a Set per key would keep them.
 *
 * @remarks Most keys hold one value (a user in one group, with one manager): that value is kept bare in
 * the map, and a Set is made only for a second one. A Set costs ~150 bytes; a 150,000-user directory links
 * 50,000 members, each store of them once per engine.
 * @internal
 */
export class LinkIndex {
  private readonly links = new Map<string, string | Set<string>>();

  /** An independent copy: the same keys and values in the same order. */
  clone(): LinkIndex {
    const copy = new LinkIndex();
    for (const [key, values] of this.links)
      copy.links.set(key, typeof values === "string" ? values : new Set(values));
    return copy;
  }

  /** True when some value is linked to `key`. */
  hasAny(key: string): boolean {
    return this.links.has(key);
  }

  /** True when `value` is linked to `key`. */
  has(key: string, value: string): boolean {
    const values = this.links.get(key);
    if (values === undefined) return false;
    return typeof values === "string" ? values === value : values.has(value);
  }

  /** Links `value` to `key` (last in order; no-op when linked already). */
  add(key: string, value: string): void {
    const values = this.links.get(key);
    if (values === undefined) this.links.set(key, value);
    else if (typeof values !== "string") values.add(value);
    else if (values !== value) this.links.set(key, new Set([values, value]));
  }

  /** Unlinks `value` from `key` (no-op when not linked). */
  delete(key: string, value: string): void {
    const values = this.links.get(key);
    if (values === undefined) return;
    if (typeof values === "string") {
      if (values === value) this.links.delete(key);
      return;
    }
    values.delete(value);
    // Back to a bare value when one is left; the Map keeps the key's place either way.
    if (values.size === 1) this.links.set(key, values.values().next().value as string);
    else if (values.size === 0) this.links.delete(key);
  }

  /** Drops every link. */
  clear(): void {
    this.links.clear();
  }

  /** The values linked to `key`, in the order linked (a fresh array: the caller may edit links meanwhile). */
  valuesOf(key: string): string[] {
    const values = this.links.get(key);
    if (values === undefined) return [];
    return typeof values === "string" ? [values] : [...values];
  }
}
