import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Directory } from "../../src/model/directory.js";
import { RandomStreams } from "../../src/scheduler/random.js";
import { smallDirectory } from "./fixtures.js";

/**
 * `hasPassword` reads the record; `passwordOf` asks the password channel. They must always agree. And a
 * password read from any watermark is each live user's latest change above it, in USN order (the channel's
 * log keeps only latest changes, and asks the recycle bin which users are gone).
 */
function agree(directory: Directory, users: readonly string[], watermarks: readonly number[]): void {
  for (const object of directory.objects("user"))
    expect(directory.hasPassword(object)).toBe(directory.passwordOf(object.objectGUID) !== undefined);
  for (const w of watermarks) {
    const expected = users
      .filter((guid) => directory.get(guid)?.isDeleted === false)
      .map((guid) => directory.passwordOf(guid))
      .filter((change) => change !== undefined && change.usn > w)
      .sort((a, b) => (a?.usn ?? 0) - (b?.usn ?? 0));
    expect(directory.passwordChangesSince(w).changes).toEqual(expected);
  }
}

describe("Directory.hasPassword and password reads", () => {
  it("answers as the password channel does through create, password writes, delete, restore and fork", () => {
    const op = fc.record({
      kind: fc.constantFrom("create", "password", "hash", "modify", "delete", "restore", "fork"),
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        let { directory, sales } = smallDirectory();
        const made: string[] = [];
        const watermarks = [0];
        for (const { kind, pick } of ops) {
          const guid = made.length > 0 ? (made[pick % made.length] as string) : undefined;
          const live = guid !== undefined && directory.get(guid)?.isDeleted === false;
          if (kind === "create") {
            made.push(
              directory.create({ objectClass: "user", parentDn: sales.dn, name: `u${made.length}` })
                .objectGUID,
            );
          } else if (kind === "password" && live) directory.setPassword(guid, `Pw!${pick}`);
          else if (kind === "hash" && live)
            directory.setPasswordHash(guid, { version: 1, salt: "aa", hash: "bb" });
          else if (kind === "modify" && live) directory.modify(guid, { title: `t${pick}` });
          else if (kind === "delete" && live) directory.delete(guid);
          else if (kind === "restore" && guid !== undefined && !live) directory.restore(guid);
          else if (kind === "fork") {
            const { scheduler, dc } = smallDirectory();
            // A stream of its own: the fork's new GUIDs must not repeat the template's.
            directory = directory.fork({
              scheduler,
              dc,
              random: new RandomStreams(pick + 1000).stream("fork"),
            });
            sales = directory.getByDn(sales.dn) ?? sales;
          }
          watermarks.push(directory.highestUsn);
          agree(directory, made, watermarks);
        }
      }),
    );
  });

  it("cannot be forged: pwdLastSet is not writable", () => {
    const { directory, sales } = smallDirectory();
    expect(() =>
      directory.create({
        objectClass: "user",
        parentDn: sales.dn,
        name: "ann",
        attributes: { pwdLastSet: 5 },
      }),
    ).toThrow(/pwdLastSet/);
    const ann = directory.create({ objectClass: "user", parentDn: sales.dn, name: "ann" });
    expect(() => directory.modify(ann.objectGUID, { pwdLastSet: 5 })).toThrow(/pwdLastSet/);
    expect(directory.hasPassword(directory.get(ann.objectGUID)!)).toBe(false);
  });
});
