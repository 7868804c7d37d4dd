import { describe, expect, it } from "vitest";
import type { Expectation, TrackedChange } from "../../src/scenario/change-types.js";
import { PendingChanges } from "../../src/scenario/pending-changes.js";

/** The observer's books on their own: filing, settling, chains and the latest-first walk of check(). */
describe("PendingChanges", () => {
  function setup() {
    const shown: number[] = [];
    const books = new PendingChanges((change) => {
      shown.push(change.id);
      books.supersedeEarlier(change);
      books.settle(change, "applied", 10);
    });
    const make = (
      objectGUID: string,
      expect: Expectation,
      chain: TrackedChange["chain"] = "a",
      other?: string,
    ) => {
      const change: TrackedChange = {
        id: books.add("attribute", 0, "pending"),
        category: "attribute",
        at: 0,
        objectGUID,
        anchor: `anchor-${objectGUID}`,
        expect,
        status: "pending",
        visibleAt: null,
        chain,
        other,
      };
      const behindPeer = books.enlist(change);
      return { change, behindPeer };
    };
    return { books, shown, make };
  }
  const title = (value: string): Expectation => ({ kind: "attribute", attribute: "jobTitle", value });

  it("counts, chains and settles the changes it files", () => {
    const { books, make } = setup();
    const a = make("g1", title("A"));
    const b = make("g1", title("B"));
    const other = make("g1", { kind: "attribute", attribute: "department", value: "X" });
    expect([a.behindPeer, b.behindPeer, other.behindPeer]).toEqual([false, true, false]);
    expect(books.count).toBe(3);
    expect(books.hasLaterPeer(a.change)).toBe(true);
    expect(books.hasLaterPeer(b.change)).toBe(false);
    expect(books.objectUnder("anchor-g1")).toBe("g1");

    books.supersedeEarlier(b.change);
    expect(a.change.status).toBe("superseded");
    expect(other.change.status).toBe("pending");
    expect(books.count).toBe(2);
    expect(books.all().map((c) => c.id)).toEqual([b.change.id, other.change.id]);
    expect(books.counts()).toMatchObject({ made: 3, superseded: 1, pending: 2 });

    books.reinstate(a.change);
    expect(a.change.status).toBe("pending");
    expect(books.count).toBe(3);
  });

  it("check() walks the changes under an anchor latest first, so a later one supersedes its chain", () => {
    const { books, shown, make } = setup();
    const a = make("g1", title("A"));
    const b = make("g1", title("B"));
    books.check("anchor-g1", "B", null, (change, value) =>
      change.expect.kind === "attribute" ? change.expect.value === value : false,
    );
    expect(shown).toEqual([b.change.id]);
    expect(a.change.status).toBe("superseded");
    expect(b.change).toMatchObject({ status: "applied", visibleAt: 10 });
    expect(books.count).toBe(0);
    expect(books.latencies().get("attribute")).toEqual(new Float64Array([10]));
  });

  it("supersedeAll settles what it picks among an object's changes, members included", () => {
    const { books, make } = setup();
    const own = make("g1", title("A"));
    const membership = make("group", { kind: "member", member: "anchor-g1", present: true }, "m", "g1");
    const kept = make("g2", title("C"));
    const overtaken = books.supersedeAll("g1", () => true);
    expect(overtaken.map((c) => c.id)).toEqual([own.change.id, membership.change.id]);
    expect(kept.change.status).toBe("pending");
    expect(books.ofObject("g1")).toEqual([]);
    expect(books.ofObject("g2")).toEqual([kept.change]);
  });
});
