import type { ChangePreview } from "../engines/change-preview.js";
import type { SyncEngine } from "../engines/engine.js";
import type { AdObject, AttributeValue } from "../model/ad-object.js";
import { sourceAnchorOf } from "../model/anchor.js";
import { projectFlow, type StandardFlow } from "../model/cloud-schema.js";
import type { Directory } from "../model/directory.js";
import type { Expectation } from "./change-types.js";

/**
 * The observer's expectation of one attribute of an AD write: what the tenant must show — under the
 * standard flows, or under an engine's own flows (Connect's custom rules, Cloud Sync's mapping overrides)
 * from the engine's preview of the write (engines/change-preview.ts).
 */

/** The resolver of a flow that carries no reference: never called. */
const NO_REFERENCES = (): undefined => undefined;

/**
 * What the tenant must show for the write of `attribute` (`flow` its standard flow, if any): with the
 * engine's preview of the whole write (`previewed`, which only an engine with flows of its own gives),
 * what its flows make; else the standard flow's value. Undefined when the write of it shows nowhere (out
 * of scope, no flow carries it, or the engine's flows make nothing of it).
 *
 * @internal
 */
export function attributeExpectation(
  engine: SyncEngine,
  object: AdObject,
  attribute: string,
  flow: StandardFlow | undefined,
  inScope: boolean,
  directory: Directory,
  previewed?: { readonly previous: AdObject; readonly preview: ChangePreview; readonly written: number },
): Expectation | undefined {
  // References stay with the standard flows: only a sync resolves them (change-preview.ts).
  if (previewed && flow?.transform !== "reference") {
    const { previous, preview, written } = previewed;
    return previewedExpectation(engine, previous, object, attribute, written, preview, flow?.target);
  }
  if (!inScope || !flow) return undefined;
  // Only the written attribute's flow is projected: resolving every reference of the object (a group's
  // members) per write made the observer O(group size) per change. And only a reference flow looks at
  // other objects: the others get no resolver (no closure per write).
  const resolve = flow.transform === "reference" ? syncedAnchors(engine, directory) : NO_REFERENCES;
  return { kind: "attribute", attribute: flow.target, value: projectFlow(object, flow, resolve) };
}

/** The anchor of a referenced object of `directory` the engine syncs (undefined for the others). */
function syncedAnchors(engine: SyncEngine, directory: Directory): (guid: string) => string | undefined {
  return (guid) => {
    const object = directory.get(guid);
    if (!object || object.isDeleted || !engine.inScope(object)) return undefined;
    return sourceAnchorOf(object);
  };
}

/**
 * What the tenant must show for a write of `attribute` under the engine's own flows, from its preview of
 * the whole write: the cloud attribute the attribute alone alters (its standard target when that is one,
 * else the first), with the value the whole write gives it; undefined when the attribute alone alters
 * nothing in the cloud (no flow reads it: `displayName` once a custom rule makes it of `givenName` and
 * `sn`) or the write as a whole leaves that attribute as it was.
 *
 * @internal
 */
export function previewedExpectation(
  engine: SyncEngine,
  previous: AdObject,
  object: AdObject,
  attribute: string,
  written: number,
  whole: ChangePreview,
  standardTarget: string | undefined,
): Expectation | undefined {
  const alone =
    written === 1 ? whole : engine.previewChange?.(previous, withOnly(previous, object, attribute));
  if (!alone || alone.error) return undefined;
  const target =
    standardTarget !== undefined && alone.changed.has(standardTarget)
      ? standardTarget
      : alone.changed.keys().next().value;
  if (target === undefined || !whole.changed.has(target)) return undefined;
  return { kind: "attribute", attribute: target, value: whole.changed.get(target) };
}

/** `previous` with `attribute` as `object` holds it: the write of that attribute alone. */
function withOnly(previous: AdObject, object: AdObject, attribute: string): AdObject {
  const attributes: Record<string, AttributeValue> = { ...previous.attributes };
  const value = object.attributes[attribute];
  if (value === undefined) delete attributes[attribute];
  else attributes[attribute] = value;
  return { ...previous, attributes };
}

/** The expectation of a change no flow carries: `filtered`, never looked for. @internal */
export function notFlowed(attribute: string): Expectation {
  return { kind: "attribute", attribute, value: undefined };
}
