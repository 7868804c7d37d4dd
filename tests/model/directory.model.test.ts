import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AdObject } from "../../src/model/ad-object.js";
import type { Directory } from "../../src/model/directory.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { smallDirectory } from "./fixtures.js";

/**
 * Model-based test of the Directory against a plain reference: a map of users (CN, sAMAccountName, title,
 * deleted flag, USN of the last write) and one group, with the USN counter predicted write by write.
 */
interface UserModel {
  guid: string;
  cn: string;
  sam: string;
  title: string | undefined;
  deleted: boolean;
  lastUsn: number;
  groupAtDelete: boolean;
}

interface Model {
  usn: number;
  users: UserModel[];
  group: { guid: string; members: string[]; lastUsn: number };
  watermarks: number[];
  /** Objects made before the commands (domain, OU): never written again. */
  fixed: Map<string, number>;
}

interface Real {
  directory: Directory;
  ouDn: string;
}

const NAMES = ["ann", "bob", "cy", "dee", "eve"];

function live(model: Model, name: string, except?: UserModel): boolean {
  const lower = name.toLowerCase();
  return model.users.some((u) => u !== except && !u.deleted && (u.cn === lower || u.sam === lower));
}

function expectCode(fn: () => unknown, code: string): undefined {
  let error: unknown;
  try {
    fn();
  } catch (caught) {
    error = caught;
  }
  expect(isSimulationError(error, code as never), `expected ${code}, got ${String(error)}`).toBe(true);
}

/** After every command: the USN counter matches, and changesSince(w) is exactly right for every w seen. */
function verify(model: Model, real: Real): void {
  const { directory } = real;
  expect(directory.highestUsn).toBe(model.usn);
  model.watermarks.push(model.usn);
  for (const w of model.watermarks) {
    const read = directory.changesSince(w);
    expect(read.watermark).toBe(model.usn);
    const usns = read.objects.map((o) => o.uSNChanged);
    for (let i = 1; i < usns.length; i++) expect(usns[i] as number).toBeGreaterThan(usns[i - 1] as number);
    const got = new Map<string, AdObject>(read.objects.map((o) => [o.objectGUID, o]));
    const expected = new Map<string, number>();
    for (const u of model.users) if (u.lastUsn > w) expected.set(u.guid, u.lastUsn);
    if (model.group.lastUsn > w) expected.set(model.group.guid, model.group.lastUsn);
    for (const [guid, usn] of model.fixed) if (usn > w) expected.set(guid, usn);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [guid, usn] of expected) expect(got.get(guid)?.uSNChanged).toBe(usn);
    for (const u of model.users) {
      const object = got.get(u.guid);
      if (!object) continue;
      expect(object.isDeleted).toBe(u.deleted);
      expect(object.attributes.sAMAccountName).toBe(u.sam);
      if (!u.deleted) {
        expect(object.dn.toLowerCase()).toBe(`cn=${u.cn},${real.ouDn.toLowerCase()}`);
        expect(object.attributes.title).toBe(u.title);
      } else {
        expect(object.attributes.title).toBeUndefined();
      }
    }
    const group = got.get(model.group.guid);
    if (group) expect(group.attributes.member).toEqual(model.group.members);
    // The membership index answers as the member list does, for every user, live or deleted.
    for (const u of model.users)
      expect(directory.isMember(model.group.guid, u.guid)).toBe(model.group.members.includes(u.guid));
  }
}

class Create implements fc.Command<Model, Real> {
  constructor(readonly name: string) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    if (live(model, this.name)) {
      expectCode(
        () => real.directory.create({ objectClass: "user", parentDn: real.ouDn, name: this.name }),
        "duplicate-identity",
      );
    } else {
      const created = real.directory.create({ objectClass: "user", parentDn: real.ouDn, name: this.name });
      model.usn++;
      model.users.push({
        guid: created.objectGUID,
        cn: this.name,
        sam: this.name,
        title: undefined,
        deleted: false,
        lastUsn: model.usn,
        groupAtDelete: false,
      });
    }
    verify(model, real);
  }
  toString(): string {
    return `create(${this.name})`;
  }
}

abstract class OnUser implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check(model: Readonly<Model>): boolean {
    return model.users.length > 0;
  }
  user(model: Model): UserModel {
    return model.users[this.pick % model.users.length] as UserModel;
  }
  run(model: Model, real: Real): void {
    this.apply(model, real, this.user(model));
    verify(model, real);
  }
  abstract apply(model: Model, real: Real, user: UserModel): undefined;
}

class Modify extends OnUser {
  constructor(
    pick: number,
    readonly title: string | undefined,
  ) {
    super(pick);
  }
  override apply(model: Model, real: Real, user: UserModel): undefined {
    if (user.deleted)
      return expectCode(() => real.directory.modify(user.guid, { title: this.title }), "object-deleted");
    real.directory.modify(user.guid, { title: this.title });
    if (user.title !== this.title) {
      user.title = this.title;
      user.lastUsn = ++model.usn;
    }
  }
  override toString(): string {
    return `modify(${this.pick}, ${this.title})`;
  }
}

class Rename extends OnUser {
  constructor(
    pick: number,
    readonly name: string,
  ) {
    super(pick);
  }
  override apply(model: Model, real: Real, user: UserModel): undefined {
    if (user.deleted) return expectCode(() => real.directory.rename(user.guid, this.name), "object-deleted");
    if (user.cn === this.name) {
      real.directory.rename(user.guid, this.name);
      return;
    }
    if (model.users.some((u) => u !== user && !u.deleted && u.cn === this.name)) {
      return expectCode(() => real.directory.rename(user.guid, this.name), "duplicate-identity");
    }
    real.directory.rename(user.guid, this.name);
    user.cn = this.name;
    user.lastUsn = ++model.usn;
  }
  override toString(): string {
    return `rename(${this.pick}, ${this.name})`;
  }
}

class Delete extends OnUser {
  override apply(model: Model, real: Real, user: UserModel): undefined {
    if (user.deleted) return expectCode(() => real.directory.delete(user.guid), "object-deleted");
    real.directory.delete(user.guid);
    user.groupAtDelete = model.group.members.includes(user.guid);
    if (user.groupAtDelete) {
      model.group.members = model.group.members.filter((m) => m !== user.guid);
      model.group.lastUsn = ++model.usn;
    }
    user.deleted = true;
    user.lastUsn = ++model.usn;
  }
  override toString(): string {
    return `delete(${this.pick})`;
  }
}

class Restore extends OnUser {
  override apply(model: Model, real: Real, user: UserModel): undefined {
    if (!user.deleted) return expectCode(() => real.directory.restore(user.guid), "not-deleted");
    const cnTaken = model.users.some((u) => !u.deleted && u.cn === user.cn);
    const samTaken = model.users.some((u) => !u.deleted && u.sam === user.sam);
    if (cnTaken || samTaken) return expectCode(() => real.directory.restore(user.guid), "duplicate-identity");
    real.directory.restore(user.guid);
    user.deleted = false;
    user.lastUsn = ++model.usn;
    if (user.groupAtDelete) {
      model.group.members = [...model.group.members, user.guid];
      model.group.lastUsn = ++model.usn;
    }
  }
  override toString(): string {
    return `restore(${this.pick})`;
  }
}

class Join extends OnUser {
  override apply(model: Model, real: Real, user: UserModel): undefined {
    if (user.deleted)
      return expectCode(() => real.directory.addMember(model.group.guid, user.guid), "object-deleted");
    real.directory.addMember(model.group.guid, user.guid);
    if (!model.group.members.includes(user.guid)) {
      model.group.members = [...model.group.members, user.guid];
      model.group.lastUsn = ++model.usn;
    }
  }
  override toString(): string {
    return `join(${this.pick})`;
  }
}

const commands = [
  fc.constantFrom(...NAMES).map((name) => new Create(name)),
  fc
    .tuple(fc.nat(), fc.option(fc.constantFrom("Dev", "Ops", "Lead"), { nil: undefined }))
    .map(([pick, title]) => new Modify(pick, title)),
  fc.tuple(fc.nat(), fc.constantFrom(...NAMES)).map(([pick, name]) => new Rename(pick, name)),
  fc.nat().map((pick) => new Delete(pick)),
  fc.nat().map((pick) => new Restore(pick)),
  fc.nat().map((pick) => new Join(pick)),
];

describe("Directory model-based", () => {
  it("changesSince returns exactly the objects changed after the watermark, in their current state, with USNs strictly increasing", () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (cmds) => {
        const { directory, sales } = smallDirectory();
        const group = directory.create({ objectClass: "group", parentDn: sales.dn, name: "team" });
        const model: Model = {
          usn: directory.highestUsn,
          users: [],
          group: { guid: group.objectGUID, members: [], lastUsn: group.uSNChanged },
          watermarks: [0, directory.highestUsn],
          fixed: new Map(
            directory
              .snapshot()
              .objects.filter((o) => o.objectClass !== "group")
              .map((o) => [o.objectGUID, o.uSNChanged]),
          ),
        };
        fc.modelRun(() => ({ model, real: { directory, ouDn: sales.dn } }), cmds);
        // A full read is every live object, each once, in USN order (the records themselves).
        const live = [...directory.objects()].sort((a, b) => a.uSNChanged - b.uSNChanged);
        const snapshot = directory.snapshot().objects;
        expect(snapshot).toHaveLength(live.length);
        for (const [i, object] of snapshot.entries()) expect(object).toBe(live[i]);
      }),
      { numRuns: 150 },
    );
  });
});
