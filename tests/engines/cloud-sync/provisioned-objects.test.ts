import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { anchoredByObjectGUID, ProvisionedObjects } from "../../../src/engines/cloud-sync/configuration.js";
import type { AdObject } from "../../../src/model/ad-object.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";

const GUIDS = [
  "0f8fad5b-d9cb-469f-a165-70867728950e",
  "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
];
const CONSISTENCY = ["6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b811-9dad-11d1-80b4-00c04fd430c8"];

/** A user record as the agent reads it: only what the anchor depends on. */
function user(objectGUID: string, consistencyGuid: string | undefined): AdObject {
  const attributes = consistencyGuid === undefined ? {} : { "mS-DS-ConsistencyGuid": consistencyGuid };
  return { objectGUID, objectClass: "user", attributes } as unknown as AdObject;
}

type Step =
  | { kind: "anchor"; guid: string; consistency: string | undefined }
  | { kind: "provision"; guid: string; flagged: boolean }
  | { kind: "deprovision"; guid: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("anchor" as const),
    guid: fc.constantFrom(...GUIDS),
    consistency: fc.option(fc.constantFrom(...CONSISTENCY, ...GUIDS), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant("provision" as const),
    guid: fc.constantFrom(...GUIDS),
    flagged: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("deprovision" as const), guid: fc.constantFrom(...GUIDS) }),
);

describe("ProvisionedObjects.anchorFor", () => {
  test("always gives the anchor sourceAnchorOf gives", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 30 }), (steps) => {
        const provisioned = new ProvisionedObjects();
        // The objects as AD holds them now (an admin may set or clear mS-DS-ConsistencyGuid at any time).
        const objects = new Map(GUIDS.map((guid) => [guid, user(guid, undefined)]));
        for (const step of steps) {
          const object = objects.get(step.guid) as AdObject;
          if (step.kind === "anchor") objects.set(step.guid, user(step.guid, step.consistency));
          else if (step.kind === "deprovision") provisioned.remove(step.guid);
          else {
            // As the provisioning job records a write; unflagged: a caller that does not say where from.
            const anchor = provisioned.anchorFor(object);
            provisioned.add(step.guid, anchor, step.flagged && anchoredByObjectGUID(object));
          }
          for (const current of objects.values())
            expect(provisioned.anchorFor(current)).toBe(sourceAnchorOf(current));
        }
      }),
      { numRuns: 500 },
    );
  });

  test("a provisioned object without mS-DS-ConsistencyGuid gets its recorded anchor back", () => {
    const provisioned = new ProvisionedObjects();
    const object = user(GUIDS[0] as string, undefined);
    const anchor = sourceAnchorOf(object);
    provisioned.add(object.objectGUID, anchor, true);
    expect(provisioned.anchorFor(object)).toBe(anchor);
    // Anchored by its consistency GUID, then cleared: the objectGUID's anchor, not the recorded one.
    const moved = user(object.objectGUID, CONSISTENCY[0]);
    provisioned.add(moved.objectGUID, provisioned.anchorFor(moved), anchoredByObjectGUID(moved));
    expect(provisioned.anchorOf(moved.objectGUID)).toBe(sourceAnchorOf(moved));
    expect(provisioned.anchorFor(object)).toBe(anchor);
  });
});
