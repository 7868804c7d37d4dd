import type { AdObject } from "../model/ad-object.js";
import { dnKey, domainToDn, qualifyDn, splitDn } from "../model/dn.js";
import { SimulationError, show } from "../scheduler/errors.js";
import type { DirectoryShape, ObjectKind } from "./schema.js";

/**
 * Where generated objects live: the containers (OUs, or a domain root for a forest without OUs) of every
 * forest, in declaration order, and the deterministic placement of `user-N`, `group-N`, ... over them.
 * The world builder and the validator share it, so a scripted event can be checked against the forest its
 * object will be in.
 */

/**
 * One container generated objects are spread over.
 *
 * @public
 */
export interface Container {
  /** Forest (root domain) name. */
  readonly forest: string;
  /** Full DN of the OU (or of the domain root). */
  readonly dn: string;
}

/** The generated-object name prefixes per kind. @public */
export const NAME_PREFIX: Readonly<Record<ObjectKind, string>> = {
  user: "user",
  group: "group",
  contact: "contact",
  device: "device",
};

/** Full DN of an OU written relative to a forest (`OU=Sales` → `OU=Sales,DC=contoso,DC=com`). @public */
export function ouDn(forest: string, ou: string): string {
  return qualifyDn(ou, forest);
}

/** The OUs of every forest as full DNs, parents before children (creation order). @public */
export function forestOus(shape: DirectoryShape): Array<{ forest: string; dn: string }> {
  const out: Array<{ forest: string; dn: string }> = [];
  for (const forest of shape.forests) {
    const seen = new Set<string>();
    const dns: string[] = [];
    for (const ou of forest.ous) {
      const dn = ouDn(forest.name, ou);
      if (seen.has(dnKey(dn))) continue;
      seen.add(dnKey(dn));
      dns.push(dn);
    }
    // Parents first: fewer RDNs sort earlier; ties keep declaration order (stable sort).
    dns.sort((a, b) => a.split(",").length - b.split(",").length);
    for (const dn of dns) out.push({ forest: forest.name, dn });
  }
  return out;
}

/** The containers generated objects are spread over, round-robin. @public */
export function containersOf(shape: DirectoryShape): Container[] {
  const containers: Container[] = [];
  for (const forest of shape.forests) {
    if (forest.ous.length === 0) {
      containers.push({ forest: forest.name, dn: domainToDn(forest.name) });
      continue;
    }
    const seen = new Set<string>();
    for (const ou of forest.ous) {
      const dn = ouDn(forest.name, ou);
      if (seen.has(dnKey(dn))) continue;
      seen.add(dnKey(dn));
      containers.push({ forest: forest.name, dn });
    }
  }
  return containers;
}

/** The container of the `index`-th (1-based) generated object of a kind. @public */
export function placementOf(containers: readonly Container[], index: number): Container {
  return containers[(index - 1) % containers.length] as Container;
}

/** How many objects of a kind the directory generates. @public */
export function generatedCount(shape: DirectoryShape, kind: ObjectKind): number {
  switch (kind) {
    case "user":
      return shape.users;
    case "group":
      return shape.groups;
    case "contact":
      return shape.contacts;
    case "device":
      return shape.devices;
  }
}

/** Parses a generated name (`user-12`) into its kind and index, if it is one the directory generates. @public */
export function parseGeneratedName(
  shape: DirectoryShape,
  name: string,
): { kind: ObjectKind; index: number } | undefined {
  const match = /^(user|group|contact|device)-([1-9]\d*)$/.exec(name);
  if (!match) return undefined;
  const kind = match[1] as ObjectKind;
  const index = Number(match[2]);
  return index <= generatedCount(shape, kind) ? { kind, index } : undefined;
}

/** The parent DN of an OU DN, or undefined when it is not a DN. @internal */
export function parentOf(dn: string): string | undefined {
  try {
    return splitDn(dn).parent;
  } catch {
    return undefined;
  }
}

const KIND_OF_CLASS: Readonly<Record<string, ObjectKind>> = {
  user: "user",
  group: "group",
  contact: "contact",
  computer: "device",
};

/** The scenario kind of an AD object. @internal */
export function kindOf(object: AdObject): ObjectKind {
  const kind = KIND_OF_CLASS[object.objectClass];
  if (!kind)
    throw new SimulationError("invalid-argument", `object: ${show(object.dn)} is a ${object.objectClass}`, {
      field: "object",
      value: object.dn,
    });
  return kind;
}

/** The name of a shared person's account in another forest: `fabrikam-user-12`. @internal */
export function sharedCopyName(forest: string, original: string): string {
  return `${forest.split(".")[0]}-${original}`;
}

/**
 * A merger's shared people (`directory.sharedUsers`): the first N users of the first forest, each with an
 * account `<forest label>-user-<i>` in every other forest (world-builder.ts `shareUsers`). By lower-cased
 * name: the copies, to their forest and the original's name; the originals.
 *
 * @internal
 */
export function sharedPeople(
  shape: DirectoryShape,
  containers: readonly Container[],
): { copies: Map<string, { forest: string; original: string }>; originals: Set<string> } {
  const copies = new Map<string, { forest: string; original: string }>();
  const originals = new Set<string>();
  const home = shape.forests[0]?.name.toLowerCase();
  for (let i = 1; i <= shape.users && originals.size < shape.sharedUsers; i++) {
    if (placementOf(containers, i).forest.toLowerCase() !== home) continue;
    originals.add(`user-${i}`);
    for (const forest of shape.forests.slice(1))
      copies.set(sharedCopyName(forest.name, `user-${i}`).toLowerCase(), {
        forest: forest.name,
        original: `user-${i}`,
      });
  }
  return { copies, originals };
}

/**
 * Where a scripted `create` puts its object: the OU it names, else the first container of its forest
 * (the script does so; validation works out the DN of a scripted group from it). @internal
 */
export function createdParent(shape: DirectoryShape, forest: string, ou: string | undefined): string {
  if (ou) return ouDn(forest, ou);
  return containersOf(shape).find((c) => c.forest.toLowerCase() === forest.toLowerCase())?.dn ?? "";
}
