import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EntraConnectorSpace,
  type EntraCsObject,
  exportOperation,
} from "../../../src/engines/connect/entra-connector-space.js";
import type { CloudValue } from "../../../src/model/cloud-schema.js";

/**
 * The Entra connector space keeps its export, delete, disconnector and unconfirmed lists by looking only at
 * what changed between the record replaced and the new one. Whatever the sequence of puts and removes, the
 * lists must be those a space rebuilding every list from every record on each put would hold, in the same
 * order (the export queue's order is the export order).
 */

/** The reference: every list updated from the new record alone, on every put (the straightforward way). */
class NaiveSpace {
  readonly objects = new Map<string, EntraCsObject>();
  readonly exportQueue = new Set<string>();
  readonly deleteQueue = new Set<string>();
  readonly unjoined = new Set<string>();
  readonly unconfirmed = new Set<string>();
  readonly unlinked = new Set<string>();

  put(next: EntraCsObject): void {
    this.objects.set(next.anchor, next);
    const operation = exportOperation(next);
    if (operation) this.exportQueue.add(next.anchor);
    else this.exportQueue.delete(next.anchor);
    if (operation === "delete") this.deleteQueue.add(next.anchor);
    else this.deleteQueue.delete(next.anchor);
    if (next.mvId === undefined && next.desired === undefined && !next.deprovisioned)
      this.unjoined.add(next.anchor);
    else this.unjoined.delete(next.anchor);
    if (next.unconfirmed !== undefined) this.unconfirmed.add(next.anchor);
    else this.unconfirmed.delete(next.anchor);
    if (next.mvId === undefined) this.unlinked.add(next.anchor);
    else this.unlinked.delete(next.anchor);
  }

  remove(anchor: string): void {
    this.objects.delete(anchor);
    for (const list of [this.exportQueue, this.deleteQueue, this.unjoined, this.unconfirmed, this.unlinked])
      list.delete(anchor);
  }
}

// A few attribute records: two equal in value but distinct objects, so both the identity shortcut and the
// value comparison of confirmed and desired values are exercised.
const A: Readonly<Record<string, CloudValue>> = Object.freeze({ displayName: "A" });
const A2: Readonly<Record<string, CloudValue>> = Object.freeze({ displayName: "A" });
const B: Readonly<Record<string, CloudValue>> = Object.freeze({ displayName: "B", mail: "b@x" });
const values = fc.constantFrom(undefined, A, A2, B);

const record: fc.Arbitrary<EntraCsObject> = fc.record({
  anchor: fc.constantFrom("a1", "a2", "a3"),
  objectType: fc.constant("user" as const),
  desired: values,
  confirmed: values,
  unconfirmed: fc.constantFrom(undefined, null, A, A2, B),
  mvId: fc.constantFrom(undefined, "mv-1"),
  deprovisioned: fc.boolean(),
  sourceUsn: fc.constant(undefined),
});

const step = fc.oneof(
  { weight: 5, arbitrary: record.map((r) => ({ put: r })) },
  { weight: 1, arbitrary: fc.constantFrom("a1", "a2", "a3").map((anchor) => ({ remove: anchor })) },
);

describe("EntraConnectorSpace lists", () => {
  it("hold what rebuilding them from every record gives, in the same order", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const space = new EntraConnectorSpace();
        const naive = new NaiveSpace();
        for (const s of steps) {
          if ("put" in s) {
            space.put({ ...s.put });
            naive.put(s.put);
          } else {
            space.remove(s.remove);
            naive.remove(s.remove);
          }
          expect(space.exportAnchors()).toEqual([...naive.exportQueue]);
          expect(space.pendingDeleteCount).toBe(naive.deleteQueue.size);
          expect(space.pendingExportCount).toBe(naive.exportQueue.size);
          expect(space.unjoinedAnchors()).toEqual([...naive.unjoined]);
          expect(space.unconfirmedAnchors()).toEqual([...naive.unconfirmed]);
          // What the Entra sync joins from: the records without a metaverse link among those asked about.
          expect(space.unlinkedAmong(new Set(["a1", "a3"]))).toEqual(
            [...naive.unlinked].filter((anchor) => anchor !== "a2"),
          );
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
