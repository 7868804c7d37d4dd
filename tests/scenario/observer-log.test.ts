import { describe, expect, it } from "vitest";
import type { SyncEngine } from "../../src/engines/engine.js";
import { sourceAnchorOf } from "../../src/model/anchor.js";
import { Observer } from "../../src/scenario/observer.js";
import { smallWorld } from "../engines/connect/fixtures.js";

/** An engine stand-in: the observer asks it nothing but `inScope`. */
function scopeOnly(inScope: () => boolean): SyncEngine {
  return { inScope } as unknown as SyncEngine;
}

describe("Observer: change log and superseding", () => {
  it("keeps the fate of more changes than one chunk of its log holds", () => {
    const { world, people } = smallWorld(1);
    const ad = world.forest();
    let scoped = false;
    const observer = new Observer(
      world,
      scopeOnly(() => scoped),
    );
    const user = ad.get(people[0]!.objectGUID)!;
    for (let i = 0; i < 5_000; i++) observer.recordPassword(user, i + 1);
    // A synced object deleted before it reached the cloud: visible at once, latency 0.
    scoped = true;
    world.scheduler.runFor(1_000);
    const before = ad.get(user.objectGUID)!;
    ad.delete(user.objectGUID);
    const gone = observer.recordDelete(before);
    expect(gone).toMatchObject({ id: 5_000, status: "applied", visibleAt: 1_000, at: 1_000 });
    expect(observer.counts()).toEqual({
      made: 5_001,
      applied: 1,
      superseded: 0,
      pending: 0,
      lost: 0,
      filtered: 5_000,
      unsupported: 0,
    });
    expect([...observer.latencies()]).toEqual([["delete", Float64Array.of(0)]]);
  });

  it("applies the latest pending change of an attribute a tenant write shows and supersedes the earlier ones", () => {
    const { world, people } = smallWorld(2);
    const ad = world.forest();
    world.tenant.start();
    const observer = new Observer(
      world,
      scopeOnly(() => true),
    );
    const [first, second] = people as [(typeof people)[0], (typeof people)[0]];
    const write = (guid: string, department: string) =>
      world.tenant.upsert({
        anchor: sourceAnchorOf(ad.get(guid)!),
        objectType: "user",
        attributes: { displayName: guid, department },
        writer: "test",
      });
    write(first.objectGUID, "Sales");
    write(second.objectGUID, "Sales");
    const edit = (guid: string, department: string) => {
      const { object, changed } = ad.modifyReporting(guid, { department });
      return observer.recordModify(object, changed, ad)[0]!;
    };
    world.scheduler.runFor(1_000);
    const a = edit(first.objectGUID, "IT");
    const other = edit(second.objectGUID, "IT");
    world.scheduler.runFor(1_000);
    const b = edit(first.objectGUID, "HR");
    const title = observer.recordModify(
      ad.modifyReporting(first.objectGUID, { title: "Boss" }).object,
      ["title"],
      ad,
    )[0]!;
    world.scheduler.runFor(1_000);
    const c = edit(first.objectGUID, "IT");
    expect(observer.pendingCount).toBe(5);
    world.scheduler.runFor(1_000);
    // The cloud jumps straight to the latest value (that of the first edit too): the latest edit is
    // visible, the two before it are overtaken.
    write(first.objectGUID, "IT");
    expect([a.status, b.status, c.status]).toEqual(["superseded", "superseded", "applied"]);
    expect(c.visibleAt).toBe(4_000);
    // Another attribute of the same object, and the same attribute of another object, still wait.
    expect(title.status).toBe("pending");
    expect(other.status).toBe("pending");
    expect(observer.pendingCount).toBe(2);
  });
});
