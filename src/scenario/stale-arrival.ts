import type { SyncEngine } from "../engines/engine.js";
import type { AdObject } from "../model/ad-object.js";
import { sourceAnchorOf } from "../model/anchor.js";
import { cloudTypeOf } from "../model/cloud-schema.js";
import { sameValue } from "../model/values.js";
import type { World } from "../model/world.js";
import { attributeExpectation } from "./attribute-expectation.js";
import type { Expectation } from "./change-types.js";
import { FLOW_FROM } from "./change-visibility.js";

/**
 * An object that comes back into the engine's scope while the cloud still holds it — it left (a move, an
 * admin's `set-scope`) and came back before the engine removed it — is in the cloud with the values it had
 * when it left: edits made while it was out were filtered. Each attribute the standard flows carry whose
 * cloud value is not what AD now projects is a change the cloud must still show (the engine writes it when
 * it syncs the object again). Without these, the arrival showed at once and nothing waited for the engine:
 * a run could end with the old values in the cloud.
 *
 * Engines with flows of their own (custom rules, mapping overrides) are left to their previews, and
 * references (members, manager) to the engine's next write of them: none here.
 *
 * @internal
 */
export function staleOnArrival(world: World, engine: SyncEngine, object: AdObject): Expectation[] {
  const type = cloudTypeOf(object.objectClass);
  if (type === undefined || engine.previewChange?.(object, object) !== undefined) return [];
  const held = world.tenant.getByAnchor(sourceAnchorOf(object));
  if (!held) return [];
  const directory = world.directoryHolding(object.objectGUID) ?? world.forest();
  const out: Expectation[] = [];
  for (const [attribute, flow] of FLOW_FROM[type]) {
    // References (a group's members, a manager) change with other objects' lives, and membership is
    // tracked by member, not as one value: a snapshot of them here would wait for a list AD no longer has.
    if (flow.transform === "reference") continue;
    const expect = attributeExpectation(engine, object, attribute, flow, true, directory);
    if (expect?.kind !== "attribute" || sameValue(held.attributes[expect.attribute], expect.value)) continue;
    out.push(expect);
  }
  return out;
}
