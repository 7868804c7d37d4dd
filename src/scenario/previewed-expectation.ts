import type { ChangePreview } from "../engines/change-preview.js";
import type { SyncEngine } from "../engines/engine.js";
import type { AdObject, AttributeValue } from "../model/ad-object.js";
import type { Expectation } from "./change-types.js";

/**
 * The observer's expectation of an attribute write under an engine's own flows (Connect's custom rules,
 * Cloud Sync's mapping overrides), from the engine's preview of the write (engines/change-preview.ts).
 */

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
