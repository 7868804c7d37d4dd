import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { observeRun } from "../../src/testing/index.js";

/**
 * The standard flows carry the contact and address attributes and Exchange's extensionAttribute1-15 as
 * both products do by default (reference-connect-sync-attributes-synchronized): an edit of `mobile`, the
 * office, the city, the country or an extension attribute is measured and lands under its Entra ID name.
 * They used to be `filtered`, as if neither product synced them.
 */
const EDIT = {
  mobile: "+47 555 0101",
  physicalDeliveryOfficeName: "Building 2",
  streetAddress: "1 Main Street",
  l: "Oslo",
  st: "Oslo",
  postalCode: "0150",
  co: "Norway",
  c: "NO",
  extensionAttribute5: "cost-centre 42",
};
const CLOUD = {
  mobilePhone: "+47 555 0101",
  officeLocation: "Building 2",
  streetAddress: "1 Main Street",
  city: "Oslo",
  state: "Oslo",
  postalCode: "0150",
  country: "Norway",
  usageLocation: "NO",
  extensionAttribute5: "cost-centre 42",
};

const scenario: ScenarioInput = {
  name: "standard flows",
  duration: "1h",
  drain: "2h",
  directory: { users: 3, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
  events: [{ type: "modify", at: "5m", object: "user-2", attributes: EDIT }],
};

describe("the standard flows", () => {
  it.each(["connect", "cloudSync"] as const)(
    "%s: address, phone and extension attributes reach the cloud under their Entra ID names",
    (engine) => {
      const run = observeRun(scenario, { engine });
      expect(run.engineResult.events[0]).toMatchObject({ status: "applied" });
      expect(run.engineResult.changes).toMatchObject({ made: 9, applied: 9, filtered: 0 });
      const user = run.world.forest().find("user-2");
      const cloud = run.world.tenant.getByAnchor(sourceAnchorOf(user!))?.attributes;
      expect(cloud).toMatchObject(CLOUD);
    },
  );
});
