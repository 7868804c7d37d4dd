import type { AdObject } from "../../model/ad-object.js";
import type { Directory } from "../../model/directory.js";
import { isUnder } from "../../model/dn.js";
import type { MappedObjectType } from "./mappings.js";

/**
 * The first test of a configuration's scoping filter an object fails ({@link ScopingFilter.exclusion}).
 *
 * @public
 */
export type ScopeExclusion =
  | "deleted"
  | "other-domain"
  | "object-class"
  | "critical-system-object"
  | "outside-ous"
  | "not-in-scoping-group"
  | "provisioned-from-cloud";

/**
 * The scoping filter of one configuration, as the agent applies it: the object's class must be one Cloud
 * Sync provisions, it must not be a critical system object, it must lie in the configuration's domain, in
 * one of the scoped OUs (subtree) if any are set, and be a direct member of one of the scoped groups if
 * any are set. Group scoping takes first-level members only — a nested group is in scope as one member,
 * its own members are not (reference.md B "Limits and features": pilot use only).
 *
 * @public
 */
export class ScopingFilter {
  /** The configuration's domain. */
  readonly domain: string;
  /** Scoped OU DNs (empty: the whole domain). */
  ous: readonly string[];
  /** Scoped groups, by DN or name (empty: no group scoping). */
  groups: readonly string[];
  // Member sets per group record; records are immutable, so a changed group is a new key.
  private readonly memberSets = new WeakMap<AdObject, ReadonlySet<string>>();
  private readonly fromCloud: ReadonlySet<string>;

  /**
   * @param domain - DNS name of the configuration's domain
   * @param scope - OU DNs and group DNs or names
   * @param fromCloud - objectGUIDs of the groups group provisioning to AD wrote: never synced back
   */
  constructor(
    domain: string,
    scope: { readonly ous: readonly string[]; readonly groups: readonly string[] },
    fromCloud: ReadonlySet<string> = new Set(),
  ) {
    this.domain = domain;
    this.ous = scope.ous;
    this.groups = scope.groups;
    this.fromCloud = fromCloud;
  }

  /**
   * The admin changed the configuration's scope (`set-scope`): every question from now on is asked of the
   * new OUs and groups. The job's next cycle is an initial one (reference.md B "Timing": a scope change
   * clears the watermark).
   */
  replace(scope: { readonly ous: readonly string[]; readonly groups: readonly string[] }): void {
    this.ous = scope.ous;
    this.groups = scope.groups;
  }

  /** The cloud object type of a class this engine provisions, if any. */
  static typeOf(object: AdObject): MappedObjectType | undefined {
    const c = object.objectClass;
    return c === "user" || c === "group" || c === "contact" ? c : undefined;
  }

  /** True when the configuration provisions `object` (a live object of this domain). */
  inScope(object: AdObject, directory: Directory): boolean {
    return this.exclusion(object, directory) === undefined;
  }

  /**
   * Why the configuration leaves `object` out — the first test of {@link ScopingFilter.inScope} it fails —
   * or undefined when it provisions it. The observer gives the reason to a change it files as filtered.
   */
  exclusion(object: AdObject, directory: Directory): ScopeExclusion | undefined {
    if (object.isDeleted) return "deleted";
    if (object.domain !== this.domain) return "other-domain";
    if (!ScopingFilter.typeOf(object)) return "object-class";
    if (object.attributes.isCriticalSystemObject === true) return "critical-system-object";
    if (this.fromCloud.size > 0 && this.fromCloud.has(object.objectGUID)) return "provisioned-from-cloud";
    if (this.ous.length > 0 && !this.ous.some((ou) => isUnder(object.dn, ou))) return "outside-ous";
    if (this.groups.length > 0) {
      for (const name of this.groups) {
        const group = this.lookup(name, directory);
        if (group && this.membersOf(group).has(object.objectGUID)) return undefined;
      }
      return "not-in-scoping-group";
    }
    return undefined;
  }

  /** A sentence for an {@link ScopingFilter.exclusion} of `object`, naming what the configuration holds. */
  describe(exclusion: ScopeExclusion, object: AdObject): string {
    switch (exclusion) {
      case "deleted":
        return "deleted in AD";
      case "other-domain":
        return `in domain ${object.domain}, not the configuration's ${this.domain}`;
      case "object-class":
        // reference.md B "Limits and features": users, groups and contacts; devices need Connect.
        return `Cloud Sync does not provision ${object.objectClass} objects (users, groups and contacts only; device sync and hybrid join need Connect)`;
      case "critical-system-object":
        return "a critical system object, never provisioned";
      case "outside-ous":
        return `outside the configuration's scoped OUs (${this.ous.join("; ")})`;
      case "not-in-scoping-group":
        return `not a direct member of a scoping group (${this.groups.join("; ")})`;
      case "provisioned-from-cloud":
        return "written to AD by group provisioning to AD: never synced back to the cloud";
    }
  }

  /** True when `object` is one of the scoping groups (its member changes re-scope its members). */
  isScopingGroup(object: AdObject, directory: Directory): boolean {
    if (object.objectClass !== "group") return false;
    for (const name of this.groups) {
      if (this.lookup(name, directory)?.objectGUID === object.objectGUID) return true;
    }
    return false;
  }

  /** The live scoping groups. */
  scopingGroups(directory: Directory): AdObject[] {
    const out: AdObject[] = [];
    for (const name of this.groups) {
      const group = this.lookup(name, directory);
      if (group) out.push(group);
    }
    return out;
  }

  /** The live scoping group a configured DN or name names, if any (looked up each time: groups change). */
  private lookup(name: string, directory: Directory): AdObject | undefined {
    const group = directory.getByDn(name) ?? directory.find(name);
    return group && group.objectClass === "group" ? group : undefined;
  }

  private membersOf(group: AdObject): ReadonlySet<string> {
    let set = this.memberSets.get(group);
    if (!set) {
      set = new Set((group.attributes.member as readonly string[] | undefined) ?? []);
      this.memberSets.set(group, set);
    }
    return set;
  }
}
