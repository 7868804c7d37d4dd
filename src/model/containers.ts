import { SimulationError, show } from "../scheduler/errors.js";
import type { AdObject, AdObjectClass } from "./ad-object.js";
import type { DirectoryIndex } from "./directory-index.js";

/**
 * Containers — the OUs and domains that hold other objects: which classes they are, and how a write finds
 * its parent container by DN, remembering the last one found for the bulk loads that create thousands of
 * objects under one OU.
 */

/** The classes that hold other objects: a parent is one, and one must be empty to be deleted. @internal */
export const CONTAINER_CLASSES: ReadonlySet<AdObjectClass> = new Set(["organizationalUnit", "domainDNS"]);

/**
 * The live container (OU or domain) at `dn` (`field` is the argument that named it).
 *
 * @throws SimulationError `unknown-parent`
 */
function requireContainer(index: DirectoryIndex, dn: string, field: string): AdObject {
  const parent = typeof dn === "string" ? index.getByDn(dn) : undefined;
  if (!parent || !CONTAINER_CLASSES.has(parent.objectClass)) {
    throw new SimulationError("unknown-parent", `${field}: ${show(dn)} is not an existing OU or domain`, {
      field,
      value: dn,
    });
  }
  return parent;
}

/**
 * A directory's parent look-ups: {@link requireContainer}, remembering the last container found until
 * any container changes.
 *
 * @internal
 */
export class ParentLookup {
  private containerVersion = 0;
  private lastParent:
    | { readonly dn: string; readonly version: number; readonly object: AdObject }
    | undefined;

  /** An independent copy (the remembered record is immutable and shared). */
  clone(): ParentLookup {
    const copy = new ParentLookup();
    copy.containerVersion = this.containerVersion;
    copy.lastParent = this.lastParent;
    return copy;
  }

  /** A container was written (created, renamed, moved, deleted or restored). */
  containerChanged(): void {
    this.containerVersion++;
  }

  /**
   * The live container at `dn` in `index`.
   *
   * @throws SimulationError `unknown-parent`
   */
  require(index: DirectoryIndex, dn: string, field: string): AdObject {
    // Bulk loads create thousands of objects under one OU: remember the last container looked up, valid
    // until any container changes (create, rename, move, delete, restore bump `containerVersion`).
    const cached = this.lastParent;
    if (cached !== undefined && cached.dn === dn && cached.version === this.containerVersion)
      return cached.object;
    const parent = requireContainer(index, dn, field);
    this.lastParent = { dn, version: this.containerVersion, object: parent };
    return parent;
  }
}
