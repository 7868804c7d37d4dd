import { describe, expect, it } from "vitest";
import { World } from "../../src/model/world.js";

describe("World.directoryHolding", () => {
  it("finds the forest of a live or deleted object, and none for an unknown GUID", () => {
    const world = new World({ seed: 3, forests: [{ name: "contoso.com" }, { name: "fabrikam.com" }] });
    const fabrikam = world.forest("fabrikam.com");
    const root = fabrikam.snapshot().objects[0]?.dn as string;
    const live = fabrikam.create({ objectClass: "user", parentDn: root, name: "kim" });
    const gone = fabrikam.create({ objectClass: "user", parentDn: root, name: "lee" });
    fabrikam.delete(gone.objectGUID);
    const contoso = world.forest("contoso.com");
    const home = contoso.create({
      objectClass: "user",
      parentDn: contoso.snapshot().objects[0]?.dn as string,
      name: "kim",
    });

    expect(world.directoryHolding(live.objectGUID)).toBe(fabrikam);
    expect(world.directoryHolding(gone.objectGUID)).toBe(fabrikam);
    expect(world.directoryHolding(home.objectGUID)).toBe(contoso);
    expect(world.directoryHolding("00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });
});
