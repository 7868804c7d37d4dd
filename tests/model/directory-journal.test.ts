import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AdObject } from "../../src/model/ad-object.js";
import type { Directory } from "../../src/model/directory.js";
import { SimulationError } from "../../src/scheduler/errors.js";
import { RandomStreams } from "../../src/scheduler/random.js";
import { smallDirectory } from "./fixtures.js";

/**
 * The journal keeps each USN's record only while it is its object's latest write, so a read walks it
 * without looking objects up. What a read returns must stay what the objects are now: after renames and
 * moves of OUs (children change DN without a USN), deletes, restores, and in a fork.
 */

/** What changesSince(w) must return: every object whose latest write is above w, as it is now, in USN order. */
function expected(directory: Directory, all: readonly string[], w: number, tombstones: boolean): unknown[] {
  const objects = all
    .map((guid) => directory.get(guid) as AdObject)
    .filter((o) => o.uSNChanged > w && (tombstones || !o.isDeleted))
    .sort((a, b) => a.uSNChanged - b.uSNChanged);
  return objects.map((o) => (o.isDeleted ? { guid: o.objectGUID, deleted: true } : o));
}

function actual(read: readonly AdObject[]): unknown[] {
  return read.map((o) => (o.isDeleted ? { guid: o.objectGUID, deleted: true } : o));
}

describe("Directory journal", () => {
  it("reads every object's current record after OU renames, moves, deletes, restores and forks", () => {
    const op = fc.record({
      kind: fc.constantFrom(
        "user",
        "ou",
        "modify",
        "renameOu",
        "moveUser",
        "moveOu",
        "delete",
        "restore",
        "fork",
      ),
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        const world = smallDirectory();
        let directory = world.directory;
        const sales = world.sales;
        const all: string[] = directory.snapshot().objects.map((o) => o.objectGUID);
        const ous: string[] = [sales.objectGUID];
        const watermarks: number[] = [0, directory.highestUsn];
        let n = 0;
        for (const { kind, pick } of ops) {
          const some = (list: readonly string[]) => list[pick % list.length] as string;
          const ou = directory.get(some(ous));
          const target = directory.get(some(all));
          try {
            if (kind === "user" && ou && !ou.isDeleted)
              all.push(
                directory.create({ objectClass: "user", parentDn: ou.dn, name: `u${n++}` }).objectGUID,
              );
            else if (kind === "ou" && ou && !ou.isDeleted) {
              const made = directory.create({
                objectClass: "organizationalUnit",
                parentDn: ou.dn,
                name: `o${n++}`,
              });
              all.push(made.objectGUID);
              ous.push(made.objectGUID);
            } else if (kind === "modify" && target?.objectClass === "user" && !target.isDeleted)
              directory.modify(target.objectGUID, { title: `t${n++}` });
            else if (kind === "renameOu" && ou && !ou.isDeleted) directory.rename(ou.objectGUID, `r${n++}`);
            else if (kind === "moveUser" && target?.objectClass === "user" && ou && !ou.isDeleted)
              directory.move(target.objectGUID, ou.dn);
            else if (kind === "moveOu" && ou && target?.objectClass === "organizationalUnit")
              directory.move(target.objectGUID, ou.dn);
            else if (kind === "delete" && target && target.objectClass === "user" && !target.isDeleted)
              directory.delete(target.objectGUID);
            else if (kind === "restore" && target?.isDeleted) directory.restore(target.objectGUID);
            else if (kind === "fork") {
              const { scheduler, dc } = smallDirectory();
              directory = directory.fork({
                scheduler,
                dc,
                random: new RandomStreams(pick + 7).stream("fork"),
              });
            }
          } catch (error) {
            // A refused write (a move into its own subtree, a name taken) changes nothing.
            if (!(error instanceof SimulationError)) throw error;
          }
          watermarks.push(directory.highestUsn);
          for (const w of watermarks) {
            expect(actual(directory.changesSince(w).objects)).toEqual(expected(directory, all, w, true));
          }
          expect(actual(directory.snapshot().objects)).toEqual(expected(directory, all, 0, false));
        }
      }),
      { numRuns: 150 },
    );
  });
});
