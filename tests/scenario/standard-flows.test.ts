import { describe, expect, it } from "vitest";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { observeRun } from "../../src/testing/index.js";

/**
 * The standard flows carry the phone and address attributes and Exchange's extensionAttribute1-15 of
 * users, and the job and address attributes of contacts, as both products do by default (reference-connect-sync-attributes-synchronized): an edit of `mobile`, the
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
  directory: { users: 3, contacts: 2, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
  events: [
    { type: "modify", at: "5m", object: "user-2", attributes: EDIT },
    {
      type: "modify",
      at: "6m",
      object: "contact-1",
      attributes: { department: "Legal", title: "Counsel", company: "Fabrikam", mobile: "+47 555 0102" },
    },
  ],
};

describe("the standard flows", () => {
  it.each(["connect", "cloudSync"] as const)(
    "%s: a user's and a contact's address, phone and extension attributes reach the cloud under their Entra ID names",
    (engine) => {
      const run = observeRun(scenario, { engine });
      expect(run.engineResult.events.map((e) => e.status)).toEqual(["applied", "applied"]);
      expect(run.engineResult.changes).toMatchObject({ made: 13, applied: 13, filtered: 0 });
      // Contacts have no sAMAccountName: found by their relative name.
      const cloudOf = (name: string) => {
        const object = [...run.world.forest().objects()].find((o) => o.dn.startsWith(`CN=${name},`));
        return object && run.world.tenant.getByAnchor(sourceAnchorOf(object))?.attributes;
      };
      expect(cloudOf("user-2")).toMatchObject(CLOUD);
      expect(cloudOf("contact-1")).toMatchObject({
        department: "Legal",
        jobTitle: "Counsel",
        companyName: "Fabrikam",
        mobilePhone: "+47 555 0102",
      });
    },
  );
});
