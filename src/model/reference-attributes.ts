import { SimulationError, show } from "../scheduler/errors.js";
import type { AttributeValue } from "./ad-object.js";
import type { DirectoryIndex } from "./directory-index.js";

/**
 * Reference attributes (`manager`, `managedBy`): single values naming another object by its GUID. A write
 * may name only a live object; a restore drops the references to objects gone meanwhile. (Group members
 * are references too, but kept as a list of their own: member-list.ts.)
 */

/** The single-valued reference attributes. @internal */
export const REFERENCE_ATTRIBUTES = ["manager", "managedBy"] as const;

/**
 * Reference attributes must name live objects; only those being written are checked (`only`).
 *
 * @throws SimulationError `no-such-object` naming the attribute and the target
 * @internal
 */
export function checkReferences(
  index: DirectoryIndex,
  attributes: Readonly<Record<string, AttributeValue>>,
  only: readonly string[] | undefined,
): void {
  for (const name of REFERENCE_ATTRIBUTES) {
    const target = attributes[name];
    if (typeof target !== "string" || (only !== undefined && !only.includes(name))) continue;
    if (!index.get(target)) {
      throw new SimulationError("no-such-object", `${name}: ${show(target)} does not exist`, {
        field: name,
        value: target,
      });
    }
  }
}

/**
 * A copy of a deleted object's `attributes` without the references to objects that are not live (a
 * deleted manager), as AD drops links to objects past their lifetime: what a restore writes.
 *
 * @internal
 */
export function withoutDeadReferences(
  attributes: Readonly<Record<string, AttributeValue>>,
  index: DirectoryIndex,
): Record<string, AttributeValue> {
  const kept: Record<string, AttributeValue> = { ...attributes };
  for (const name of REFERENCE_ATTRIBUTES) {
    const target = kept[name];
    if (typeof target === "string" && !index.get(target)) delete kept[name];
  }
  return kept;
}
