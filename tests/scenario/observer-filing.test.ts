import { describe, expect, it } from "vitest";
import type { SyncEngine } from "../../src/engines/engine.js";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import { World } from "../../src/model/world.js";
import { Observer } from "../../src/scenario/observer.js";

/**
 * The observer files pending changes by anchor and by object, and tells a change's chain peers from the
 * list it was just filed into: a change of an object whose earlier changes all settled must be filed,
 * chained and settled as the first one was (chains, A → B → A, and the recheck of a change counted
 * visible at once).
 */
describe("observer: filing across settles", () => {
  function setup() {
    const world = new World({ seed: 5 });
    const directory = world.forest();
    const ou = directory.create({
      objectClass: "organizationalUnit",
      parentDn: "DC=contoso,DC=com",
      name: "Sales",
    });
    const ann = directory.create({
      objectClass: "user",
      parentDn: ou.dn,
      name: "ann",
      attributes: { title: "A" },
    });
    const engine = { inScope: () => true } as unknown as SyncEngine;
    const observer = new Observer(world, engine);
    const anchor = sourceAnchorOf(ann);
    const write = (title: string, action: "created" | "updated") =>
      world.tenant.upsert({
        anchor,
        objectType: "user",
        attributes:
          action === "created"
            ? { userPrincipalName: "ann@contoso.com", jobTitle: title }
            : { jobTitle: title },
        writer: "test",
      });
    const modify = (title: string) => {
      const { object, changed } = directory.modifyReporting(ann.objectGUID, { title });
      return observer.recordModify(object, changed, directory)[0]!;
    };
    return { world, observer, write, modify };
  }

  it("applies, supersedes and re-files the changes of one attribute as the cloud catches up", () => {
    const { observer, write, modify } = setup();
    write("A", "created");
    const first = modify("B");
    const second = modify("C");
    expect([first.status, second.status]).toEqual(["pending", "pending"]);
    write("C", "updated");
    // The later change showed: the earlier one of the same attribute is superseded.
    expect([first.status, second.status]).toEqual(["superseded", "applied"]);
    expect(observer.pendingCount).toBe(0);
    // Nothing of the object is pending now; its next changes are filed afresh and still chain.
    const third = modify("D");
    const fourth = modify("C");
    // Back to what the cloud shows (A → B → A): visible at once, the one it overtook superseded.
    expect([third.status, fourth.status]).toEqual(["superseded", "applied"]);
    expect(observer.pendingCount).toBe(0);
    const fifth = modify("E");
    expect(fifth.status).toBe("pending");
    write("E", "updated");
    expect(fifth.status).toBe("applied");
    expect(observer.pendingCount).toBe(0);
  });

  it("reopens a change counted visible at once when a later write undoes it, unless a later change decides", () => {
    const { observer, write, modify } = setup();
    write("A", "created");
    const toB = modify("B");
    const backToA = modify("A");
    expect([toB.status, backToA.status]).toEqual(["superseded", "applied"]);
    // An in-flight write of the overtaken state lands: the A → A change waits again.
    write("B", "updated");
    expect(backToA.status).toBe("pending");
    write("A", "updated");
    expect(backToA.status).toBe("applied");
    // Counted at once again, then a later change of the same attribute: the recheck leaves it settled.
    const toC = modify("C");
    const backAgain = modify("A");
    expect([toC.status, backAgain.status]).toEqual(["superseded", "applied"]);
    const toD = modify("D");
    write("D", "updated");
    expect(toD.status).toBe("applied");
    expect(backAgain.status).toBe("applied");
    expect(observer.pendingCount).toBe(0);
  });
});
