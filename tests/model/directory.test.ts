import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AdObject } from "../../src/model/ad-object.js";
import { UAC_ACCOUNT_DISABLE, UAC_NORMAL_ACCOUNT } from "../../src/model/ad-object.js";
import type { DirectoryChange } from "../../src/model/directory-types.js";
import { verifyPassword } from "../../src/model/passwords.js";
import { DAY } from "../../src/scheduler/duration.js";
import { SimulationError } from "../../src/scheduler/errors.js";
import { smallDirectory, stateOf } from "./fixtures.js";

/** Runs `fn`, expects a SimulationError with `code`, and that the directory state did not change. */
function refused(directory: Parameters<typeof stateOf>[0], code: string, fn: () => unknown): SimulationError {
  const before = stateOf(directory);
  let error: unknown;
  try {
    fn();
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected ${code}`).toBeInstanceOf(SimulationError);
  expect((error as SimulationError).code).toBe(code);
  expect(stateOf(directory)).toEqual(before);
  return error as SimulationError;
}

function withUsers() {
  const world = smallDirectory();
  const { directory, sales } = world;
  const ann = directory.create({
    objectClass: "user",
    parentDn: sales.dn,
    name: "ann",
    attributes: {
      userPrincipalName: "ann@contoso.com",
      givenName: "Ann",
      proxyAddresses: ["SMTP:ann@contoso.com"],
    },
  });
  const bob = directory.create({
    objectClass: "user",
    parentDn: sales.dn,
    name: "bob",
    attributes: { userPrincipalName: "bob@contoso.com", manager: ann.objectGUID },
  });
  const group = directory.create({ objectClass: "group", parentDn: sales.dn, name: "team" });
  return { ...world, ann, bob, group };
}

describe("Directory: create and read", () => {
  it("starts with the domain objects and issues one USN per write", () => {
    const { directory, sales } = smallDirectory({ domains: ["contoso.com", "emea.contoso.com"] });
    expect(directory.domains).toEqual(["contoso.com", "emea.contoso.com"]);
    expect(directory.getByDn("DC=emea,DC=contoso,DC=com")?.objectClass).toBe("domainDNS");
    expect(directory.highestUsn).toBe(3);
    expect(sales.uSNCreated).toBe(3);
    expect(sales.uSNChanged).toBe(3);
    expect(sales.dn).toBe("OU=Sales,DC=contoso,DC=com");
  });

  it("creates users with account defaults and finds them by GUID, DN, sAMAccountName and UPN", () => {
    const { directory, ann, scheduler } = withUsers();
    expect(ann.attributes.sAMAccountName).toBe("ann");
    expect(ann.attributes.userAccountControl).toBe(UAC_NORMAL_ACCOUNT);
    expect(ann.dn).toBe("CN=ann,OU=Sales,DC=contoso,DC=com");
    expect(ann.domain).toBe("contoso.com");
    expect(ann.whenChanged).toBe(scheduler.now);
    expect(ann.objectGUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const name of [ann.objectGUID, "cn=ANN,ou=sales,dc=contoso,dc=com", "ANN", "Ann@Contoso.com"]) {
      expect(directory.find(name)?.objectGUID).toBe(ann.objectGUID);
    }
    expect(directory.getByDn("CN=ann, OU=Sales, DC=contoso, DC=com")?.objectGUID).toBe(ann.objectGUID);
    expect(directory.find("nobody")).toBeUndefined();
    expect(directory.list("user").map((u) => u.attributes.sAMAccountName)).toEqual(["ann", "bob"]);
    expect(directory.list("group")).toHaveLength(1);
    expect([...directory.objects()].length).toBe(directory.size);
  });

  it("creates groups with no members, computers with a $ account, contacts and OUs", () => {
    const { directory, sales } = smallDirectory();
    const group = directory.create({ objectClass: "group", parentDn: sales.dn, name: "g" });
    const pc = directory.create({ objectClass: "computer", parentDn: sales.dn, name: "PC1" });
    const contact = directory.create({
      objectClass: "contact",
      parentDn: sales.dn,
      name: "ext",
      attributes: { mail: "x@fabrikam.com" },
    });
    const ou = directory.create({ objectClass: "organizationalUnit", parentDn: sales.dn, name: "EMEA" });
    expect(group.attributes.member).toEqual([]);
    expect(pc.attributes.sAMAccountName).toBe("PC1$");
    expect(contact.attributes.sAMAccountName).toBeUndefined();
    expect(ou.dn).toBe("OU=EMEA,OU=Sales,DC=contoso,DC=com");
    expect(directory.list("computer")).toHaveLength(1);
    expect(directory.list("contact")).toHaveLength(1);
  });

  it("keeps records immutable: objects, attribute maps and lists are frozen", () => {
    const { directory, ann, group } = withUsers();
    const updated = directory.modify(ann.objectGUID, { title: "Boss" });
    const member = directory.addMember(group.objectGUID, ann.objectGUID);
    for (const record of [ann, updated, member, directory.changesSince(0).objects[0]]) {
      expect(Object.isFrozen(record)).toBe(true);
      expect(Object.isFrozen(record?.attributes)).toBe(true);
    }
    expect(Object.isFrozen(ann.attributes.proxyAddresses)).toBe(true);
    expect(Object.isFrozen(member.attributes.member)).toBe(true);
    expect(() => {
      (ann as { dn: string }).dn = "x";
    }).toThrow(TypeError);
    expect(ann.attributes.title).toBeUndefined();
  });

  it("refuses bad creates with the right code and changes nothing", () => {
    const { directory, sales, ann } = withUsers();
    const user =
      (name: string, attributes: Record<string, unknown> = {}, parentDn = sales.dn) =>
      () =>
        directory.create({ objectClass: "user", parentDn, name, attributes });
    expect(
      refused(directory, "unknown-parent", user("x", {}, "OU=Nowhere,DC=contoso,DC=com")).message,
    ).toContain("OU=Nowhere");
    refused(directory, "unknown-parent", user("x", {}, ann.dn));
    refused(directory, "invalid-dn", user("a,b"));
    refused(directory, "invalid-dn", user("  "));
    expect(refused(directory, "duplicate-identity", user("ann")).details.field).toBe("dn");
    expect(refused(directory, "duplicate-identity", user("x", { sAMAccountName: "ANN" })).details.field).toBe(
      "sAMAccountName",
    );
    const upn = refused(directory, "duplicate-identity", user("x", { userPrincipalName: "ANN@contoso.com" }));
    expect(upn.details).toEqual({ field: "userPrincipalName", value: "ANN@contoso.com" });
    refused(directory, "duplicate-identity", () =>
      directory.create({ objectClass: "user", parentDn: sales.dn, name: "x", objectGUID: ann.objectGUID }),
    );
    expect(refused(directory, "invalid-attribute", user("x", { shoeSize: "9" })).details.field).toBe(
      "shoeSize",
    );
    refused(directory, "invalid-attribute", user("x", { member: ["y"] }));
    refused(directory, "invalid-attribute", user("x", { givenName: 5 }));
    refused(directory, "invalid-attribute", user("x", { givenName: "" }));
    refused(directory, "invalid-attribute", user("x", { proxyAddresses: [1] }));
    refused(directory, "invalid-attribute", user("x", { userAccountControl: "512" }));
    refused(directory, "invalid-attribute", user("x", { isCriticalSystemObject: "yes" }));
    refused(directory, "no-such-object", user("x", { manager: "no-such-guid" }));
    refused(directory, "invalid-argument", () =>
      directory.create({ objectClass: "domainDNS" as never, parentDn: sales.dn, name: "x" }),
    );
    // From JavaScript, no input at all (a TypeError from destructuring before).
    refused(directory, "invalid-argument", () => directory.create(null as never));
  });
});

describe("Directory: modify", () => {
  it("reports, writes and takes a USN exactly as applying the edits one by one to a copy would", () => {
    const names = fc.constantFrom("title", "sn", "givenName", "department");
    const value = fc.constantFrom("A", "B", null);
    fc.assert(
      fc.property(fc.array(fc.record({ attribute: names, value }), { maxLength: 6 }), (steps) => {
        const { directory, ann } = withUsers();
        const before = directory.get(ann.objectGUID) as AdObject;
        const usn = directory.highestUsn;
        // The reference: a copy edited step by step, noting each attribute the first time a step changes it.
        const copy: Record<string, unknown> = { ...before.attributes };
        const changed: string[] = [];
        for (const { attribute, value } of steps) {
          if (copy[attribute] === (value ?? undefined)) continue;
          if (!changed.includes(attribute)) changed.push(attribute);
          if (value === null) delete copy[attribute];
          else copy[attribute] = value;
        }
        const edits = steps.map(({ attribute, value }) => ({ op: "replace" as const, attribute, value }));
        const written = directory.modifyReporting(ann.objectGUID, edits);
        expect(written.changed).toEqual(changed);
        expect(directory.highestUsn).toBe(changed.length === 0 ? usn : usn + 1);
        if (changed.length === 0) expect(written.object).toBe(before);
        else expect(written.object.attributes).toEqual(copy);
        expect(Object.isFrozen(written.object.attributes)).toBe(true);
        expect(before.attributes).toEqual(ann.attributes);
      }),
    );
  });

  it("replaces, clears, adds and removes values, taking one USN and emitting the changed attributes", () => {
    const { directory, ann } = withUsers();
    const changes: DirectoryChange[] = [];
    directory.events.on("change", (change) => changes.push(change));
    const usn = directory.highestUsn;
    const updated = directory.modify(ann.objectGUID, [
      { op: "replace", attribute: "title", value: "Lead" },
      { op: "replace", attribute: "givenName", value: undefined },
      { op: "add", attribute: "proxyAddresses", values: ["smtp:a@contoso.com", "SMTP:ann@contoso.com"] },
    ]);
    expect(updated.uSNChanged).toBe(usn + 1);
    expect(updated.uSNCreated).toBe(ann.uSNCreated);
    expect(updated.attributes.title).toBe("Lead");
    expect(updated.attributes.givenName).toBeUndefined();
    expect(updated.attributes.proxyAddresses).toEqual(["SMTP:ann@contoso.com", "smtp:a@contoso.com"]);
    expect(changes).toEqual([
      {
        usn: usn + 1,
        at: 0,
        kind: "modify",
        objectGUID: ann.objectGUID,
        objectClass: "user",
        dn: ann.dn,
        attributes: ["title", "givenName", "proxyAddresses"],
      },
    ]);
    const removed = directory.modify(ann.objectGUID, [
      { op: "remove", attribute: "proxyAddresses", values: ["SMTP:ann@contoso.com", "smtp:a@contoso.com"] },
    ]);
    expect(removed.attributes.proxyAddresses).toBeUndefined();
    expect(directory.modify(ann.objectGUID, { proxyAddresses: [] }).uSNChanged).toBe(usn + 2);
  });

  it("modifyReporting names the attributes a write changed, in the order edited", () => {
    const { directory, ann } = withUsers();
    const usn = directory.highestUsn;
    const before = directory.get(ann.objectGUID);
    const written = directory.modifyReporting(ann.objectGUID, { title: "Lead", givenName: "Ann", sn: "Lee" });
    expect(written.changed).toEqual(["title", "sn"]);
    expect(written.previous).toBe(before);
    expect(written.object).toBe(directory.get(ann.objectGUID));
    expect(written.object.uSNChanged).toBe(usn + 1);
    const edits = directory.modifyReporting(ann.objectGUID, [
      { op: "replace", attribute: "title", value: "Chief" },
      { op: "replace", attribute: "sn", value: null },
      { op: "replace", attribute: "title", value: "Lead" },
    ]);
    // A list of edits may name an attribute twice: it is reported once; "Lead" again is still a write.
    expect(edits.changed).toEqual(["title", "sn"]);
    expect(edits.object.attributes.sn).toBeUndefined();
    const same = directory.modifyReporting(ann.objectGUID, { title: "Lead", sn: null });
    expect(same).toEqual({ object: edits.object, changed: [], previous: edits.object });
    expect(directory.highestUsn).toBe(usn + 2);
    refused(directory, "invalid-attribute", () => directory.modifyReporting(ann.objectGUID, { member: [] }));
    expect(() => directory.modify(ann.objectGUID, { member: [] })).toThrow(
      /^member: not a writable attribute of a user$/,
    );
    expect(() => directory.modify(ann.objectGUID, { bogus: "x" })).toThrow(
      /^bogus: not a writable attribute of a user$/,
    );
  });

  it("takes no USN for a write that changes nothing", () => {
    const { directory, ann } = withUsers();
    const usn = directory.highestUsn;
    expect(directory.modify(ann.objectGUID, { givenName: "Ann" })).toBe(ann);
    expect(directory.modify(ann.objectGUID, [])).toBe(ann);
    expect(directory.highestUsn).toBe(usn);
  });

  it("lets an object keep its own UPN and takes a freed one", () => {
    const { directory, ann, bob } = withUsers();
    directory.modify(ann.objectGUID, { userPrincipalName: "ANN@contoso.com" });
    directory.modify(ann.objectGUID, { userPrincipalName: "anna@contoso.com" });
    expect(
      directory.modify(bob.objectGUID, { userPrincipalName: "ann@contoso.com" }).attributes.userPrincipalName,
    ).toBe("ann@contoso.com");
    expect(directory.find("ann@contoso.com")?.objectGUID).toBe(bob.objectGUID);
    expect(directory.find("anna@contoso.com")?.objectGUID).toBe(ann.objectGUID);
  });

  it("refuses bad modifies and changes nothing", () => {
    const { directory, ann, bob } = withUsers();
    refused(directory, "no-such-object", () => directory.modify("nope", { title: "x" }));
    refused(directory, "duplicate-identity", () =>
      directory.modify(bob.objectGUID, { userPrincipalName: "Ann@Contoso.com" }),
    );
    refused(directory, "duplicate-identity", () =>
      directory.modify(bob.objectGUID, { sAMAccountName: "ann" }),
    );
    refused(directory, "invalid-attribute", () =>
      directory.modify(ann.objectGUID, { title: "ok", objectGUID: "x" }),
    );
    refused(directory, "invalid-attribute", () =>
      directory.modify(ann.objectGUID, { title: "ok", bogus: "x" }),
    );
    refused(directory, "invalid-attribute", () =>
      directory.modify(ann.objectGUID, [{ op: "add", attribute: "title", values: ["a"] }]),
    );
    refused(directory, "invalid-attribute", () =>
      directory.modify(ann.objectGUID, [{ op: "append" as never, attribute: "title", values: ["a"] }]),
    );
    refused(directory, "invalid-attribute", () => directory.modify(ann.objectGUID, null as never));
    refused(directory, "no-such-object", () => directory.modify(bob.objectGUID, { manager: "ghost" }));
    directory.delete(bob.objectGUID);
    refused(directory, "object-deleted", () => directory.modify(bob.objectGUID, { title: "x" }));
  });

  it("disable and enable flip the ACCOUNTDISABLE bit", () => {
    const { directory, ann } = withUsers();
    const disabled = directory.disable(ann.objectGUID);
    expect(disabled.attributes.userAccountControl).toBe(UAC_NORMAL_ACCOUNT | UAC_ACCOUNT_DISABLE);
    expect(directory.disable(ann.objectGUID).uSNChanged).toBe(disabled.uSNChanged);
    expect(directory.enable(ann.objectGUID).attributes.userAccountControl).toBe(UAC_NORMAL_ACCOUNT);
    refused(directory, "no-such-object", () => directory.enable("nope"));
  });
});

describe("Directory: rename and move", () => {
  it("renames an object with a new USN; children of a renamed OU follow without a USN", () => {
    const { directory, sales, ann } = withUsers();
    const renamed = directory.rename(ann.objectGUID, "anna");
    expect(renamed.dn).toBe("CN=anna,OU=Sales,DC=contoso,DC=com");
    expect(renamed.uSNChanged).toBe(directory.highestUsn);
    expect(directory.getByDn(ann.dn)).toBeUndefined();
    const usnBefore = directory.get(ann.objectGUID)?.uSNChanged;
    const ou = directory.rename(sales.objectGUID, "Marketing");
    expect(ou.dn).toBe("OU=Marketing,DC=contoso,DC=com");
    const child = directory.get(ann.objectGUID);
    expect(child?.dn).toBe("CN=anna,OU=Marketing,DC=contoso,DC=com");
    expect(child?.uSNChanged).toBe(usnBefore);
    expect(directory.getByDn("CN=anna,OU=Marketing,DC=contoso,DC=com")?.objectGUID).toBe(ann.objectGUID);
    expect(directory.rename(ann.objectGUID, "anna")).toBe(child);
  });

  it("moves objects and OU subtrees", () => {
    const { directory, sales, ann } = withUsers();
    const emea = directory.create({
      objectClass: "organizationalUnit",
      parentDn: "DC=contoso,DC=com",
      name: "EMEA",
    });
    const moved = directory.move(ann.objectGUID, emea.dn);
    expect(moved.dn).toBe("CN=ann,OU=EMEA,DC=contoso,DC=com");
    const ouMoved = directory.move(sales.objectGUID, emea.dn);
    expect(ouMoved.dn).toBe("OU=Sales,OU=EMEA,DC=contoso,DC=com");
    expect(directory.find("bob")?.dn).toBe("CN=bob,OU=Sales,OU=EMEA,DC=contoso,DC=com");
    // The cached parent lookup must follow the move.
    const carl = directory.create({
      objectClass: "user",
      parentDn: "OU=Sales,OU=EMEA,DC=contoso,DC=com",
      name: "carl",
    });
    expect(carl.dn).toBe("CN=carl,OU=Sales,OU=EMEA,DC=contoso,DC=com");
  });

  it("refuses bad renames and moves and changes nothing", () => {
    const { directory, sales, ann, bob } = withUsers();
    refused(directory, "invalid-dn", () => directory.rename(ann.objectGUID, "a=b"));
    refused(directory, "duplicate-identity", () => directory.rename(ann.objectGUID, "BOB"));
    refused(directory, "no-such-object", () => directory.rename("nope", "x"));
    refused(directory, "unknown-parent", () =>
      directory.move(ann.objectGUID, "OU=Nowhere,DC=contoso,DC=com"),
    );
    refused(directory, "unknown-parent", () => directory.move(ann.objectGUID, bob.dn));
    const inner = directory.create({ objectClass: "organizationalUnit", parentDn: sales.dn, name: "Inner" });
    refused(directory, "unknown-parent", () => directory.move(sales.objectGUID, inner.dn));
    directory.delete(bob.objectGUID);
    refused(directory, "object-deleted", () => directory.move(bob.objectGUID, inner.dn));
  });

  it("refuses a move across domains", () => {
    const { directory, ann } = { ...withUsersIn(["contoso.com", "emea.contoso.com"]) };
    refused(directory, "unknown-parent", () => directory.move(ann.objectGUID, "DC=emea,DC=contoso,DC=com"));
  });
});

function withUsersIn(domains: string[]) {
  const world = smallDirectory({ domains });
  const ann = world.directory.create({ objectClass: "user", parentDn: world.sales.dn, name: "ann" });
  return { ...world, ann };
}

describe("Directory: groups", () => {
  it("adds and removes members (nesting allowed) and tracks one USN per change", () => {
    const { directory, ann, group, sales } = withUsers();
    const inner = directory.create({ objectClass: "group", parentDn: sales.dn, name: "inner" });
    const usn = directory.highestUsn;
    directory.addMember(group.objectGUID, ann.objectGUID);
    const nested = directory.addMember(group.objectGUID, inner.objectGUID);
    expect(nested.attributes.member).toEqual([ann.objectGUID, inner.objectGUID]);
    expect(nested.uSNChanged).toBe(usn + 2);
    expect(directory.addMember(group.objectGUID, ann.objectGUID)).toBe(nested);
    expect(directory.removeMember(group.objectGUID, ann.objectGUID).attributes.member).toEqual([
      inner.objectGUID,
    ]);
    expect(directory.highestUsn).toBe(usn + 3);
  });

  it("refuses bad membership edits and changes nothing", () => {
    const { directory, ann, bob, group } = withUsers();
    refused(directory, "invalid-attribute", () => directory.addMember(ann.objectGUID, bob.objectGUID));
    refused(directory, "invalid-attribute", () => directory.addMember(group.objectGUID, group.objectGUID));
    refused(directory, "no-such-object", () => directory.addMember(group.objectGUID, "ghost"));
    refused(directory, "no-such-object", () => directory.addMember("ghost", ann.objectGUID));
    directory.delete(bob.objectGUID);
    refused(directory, "object-deleted", () => directory.addMember(group.objectGUID, bob.objectGUID));
  });

  it("adds many members in one write, skipping present ones, and refuses a bad list whole", () => {
    const { directory, ann, bob, group } = withUsers();
    directory.addMember(group.objectGUID, ann.objectGUID);
    const usn = directory.highestUsn;
    const updated = directory.addMembers(group.objectGUID, [ann.objectGUID, bob.objectGUID]);
    expect(updated.attributes.member).toEqual([ann.objectGUID, bob.objectGUID]);
    expect(updated.uSNChanged).toBe(usn + 1);
    expect(directory.addMembers(group.objectGUID, [bob.objectGUID])).toBe(updated);
    const error = refused(directory, "no-such-object", () =>
      directory.addMembers(group.objectGUID, [ann.objectGUID, "ghost"]),
    );
    expect(error.details.field).toBe("members[1]");
    refused(directory, "invalid-attribute", () => directory.addMembers(group.objectGUID, [group.objectGUID]));
    refused(directory, "invalid-attribute", () => directory.addMembers(ann.objectGUID, [bob.objectGUID]));
    // Deleting a member still unlinks it from the group.
    directory.delete(bob.objectGUID);
    expect(directory.get(group.objectGUID)?.attributes.member).toEqual([ann.objectGUID]);
  });
});

describe("Directory: delete and restore", () => {
  it("deletes to a tombstone, drops memberships and manager links first, and restores with the same GUID", () => {
    const { directory, scheduler, ann, bob, group } = withUsers();
    directory.addMember(group.objectGUID, ann.objectGUID);
    const kinds: string[] = [];
    directory.events.on("change", (change) => kinds.push(`${change.kind}:${change.usn}`));
    const usn = directory.highestUsn;
    scheduler.runFor(1_000);
    const dead = directory.delete(ann.objectGUID);
    expect(kinds).toEqual([`membership:${usn + 1}`, `modify:${usn + 2}`, `delete:${usn + 3}`]);
    expect(dead.isDeleted).toBe(true);
    expect(dead.whenChanged).toBe(1_000);
    expect(directory.get(ann.objectGUID)?.isDeleted).toBe(true);
    expect(directory.find("ann")).toBeUndefined();
    expect(directory.get(bob.objectGUID)?.attributes.manager).toBeUndefined();
    expect(directory.get(group.objectGUID)?.attributes.member).toEqual([]);
    const tomb = directory.changesSince(usn + 2).objects;
    expect(tomb).toHaveLength(1);
    expect(tomb[0]?.isDeleted).toBe(true);
    expect(tomb[0]?.attributes).toEqual({ sAMAccountName: "ann" });
    // The name is free again.
    const other = directory.create({
      objectClass: "user",
      parentDn: "OU=Sales,DC=contoso,DC=com",
      name: "ann2",
      attributes: { userPrincipalName: "ann@contoso.com" },
    });
    directory.delete(other.objectGUID);
    const back = directory.restore(ann.objectGUID);
    expect(back.objectGUID).toBe(ann.objectGUID);
    expect(back.isDeleted).toBe(false);
    expect(back.attributes.userPrincipalName).toBe("ann@contoso.com");
    expect(directory.find("ann@contoso.com")?.objectGUID).toBe(ann.objectGUID);
    expect(directory.get(group.objectGUID)?.attributes.member).toEqual([ann.objectGUID]);
  });

  it("deleting a group releases its members' links; its members can then be deleted", () => {
    const { directory, ann, group, bob } = withUsers();
    directory.addMember(group.objectGUID, ann.objectGUID);
    directory.addMember(group.objectGUID, bob.objectGUID);
    directory.delete(group.objectGUID);
    expect(() => directory.delete(ann.objectGUID)).not.toThrow();
    const restored = directory.restore(group.objectGUID);
    expect(restored.attributes.member).toEqual([bob.objectGUID]);
    directory.delete(bob.objectGUID);
    expect(directory.get(group.objectGUID)?.attributes.member).toEqual([]);
  });

  it("restore drops a reference to a manager deleted meanwhile", () => {
    const { directory, ann, bob } = withUsers();
    directory.delete(bob.objectGUID);
    directory.delete(ann.objectGUID);
    expect(directory.restore(bob.objectGUID).attributes.manager).toBeUndefined();
  });

  it("refuses bad deletes and restores and changes nothing", () => {
    const { directory, scheduler, sales, ann, bob } = withUsers();
    refused(directory, "invalid-argument", () => directory.delete(sales.objectGUID));
    refused(directory, "no-such-object", () => directory.delete("ghost"));
    refused(directory, "no-such-object", () => directory.restore("ghost"));
    refused(directory, "not-deleted", () => directory.restore(ann.objectGUID));
    directory.delete(ann.objectGUID);
    refused(directory, "object-deleted", () => directory.delete(ann.objectGUID));
    directory.create({ objectClass: "user", parentDn: sales.dn, name: "ann" });
    refused(directory, "duplicate-identity", () => directory.restore(ann.objectGUID));
    directory.delete(bob.objectGUID);
    const empty = directory.create({
      objectClass: "organizationalUnit",
      parentDn: "DC=contoso,DC=com",
      name: "Temp",
    });
    const carl = directory.create({ objectClass: "user", parentDn: empty.dn, name: "carl" });
    directory.delete(carl.objectGUID);
    directory.delete(empty.objectGUID);
    refused(directory, "unknown-parent", () => directory.restore(carl.objectGUID));
    scheduler.runFor(180 * DAY);
    expect(directory.restore(bob.objectGUID).objectGUID).toBe(bob.objectGUID);
    directory.delete(bob.objectGUID);
    scheduler.runFor(180 * DAY + 1);
    refused(directory, "restore-expired", () => directory.restore(bob.objectGUID));
  });
});

describe("Directory: changesSince", () => {
  it("returns the current state of each object changed after the watermark, in USN order", () => {
    const { directory, ann, bob } = withUsers();
    const mark = directory.highestUsn;
    directory.modify(ann.objectGUID, { title: "A" });
    directory.modify(bob.objectGUID, { title: "B" });
    directory.modify(ann.objectGUID, { title: "C" });
    const read = directory.changesSince(mark);
    expect(read.watermark).toBe(mark + 3);
    expect(read.objects.map((o) => [o.attributes.sAMAccountName, o.attributes.title, o.uSNChanged])).toEqual([
      ["bob", "B", mark + 2],
      ["ann", "C", mark + 3],
    ]);
    expect(directory.changesSince(read.watermark).objects).toEqual([]);
    expect(directory.changesSince(0).objects.length).toBe(directory.size);
  });

  it("filters by domain, and snapshot returns every live object in USN order", () => {
    const { directory, sales } = smallDirectory({ domains: ["contoso.com", "emea.contoso.com"] });
    directory.create({ objectClass: "user", parentDn: "DC=emea,DC=contoso,DC=com", name: "eve" });
    directory.create({ objectClass: "user", parentDn: sales.dn, name: "sam" });
    expect(directory.changesSince(0, { domain: "emea.contoso.com" }).objects.map((o) => o.dn)).toEqual([
      "DC=emea,DC=contoso,DC=com",
      "CN=eve,DC=emea,DC=contoso,DC=com",
    ]);
    const snap = directory.snapshot();
    expect(snap.objects.length).toBe(directory.size);
    expect(snap.watermark).toBe(directory.highestUsn);
    expect(snap.objects.map((o) => o.uSNChanged)).toEqual(
      [...snap.objects.map((o) => o.uSNChanged)].sort((a, b) => a - b),
    );
    expect(directory.snapshot({ domain: "emea.contoso.com" }).objects).toHaveLength(2);
  });

  it("reads fail with dc-unreachable while the domain controller is down", () => {
    const { directory, dc, ann } = withUsers();
    dc.crash();
    for (const read of [
      () => directory.changesSince(0),
      () => directory.snapshot(),
      () => directory.passwordChangesSince(0),
      () => directory.authenticate(ann.objectGUID, "x"),
    ]) {
      expect(read).toThrow(expect.objectContaining({ code: "dc-unreachable" }));
    }
    dc.restart();
    expect(directory.changesSince(0).objects.length).toBeGreaterThan(0);
  });

  it("refuses a watermark that is not a USN", () => {
    const { directory } = withUsers();
    expect(() => directory.changesSince(-1)).toThrow(expect.objectContaining({ code: "invalid-argument" }));
    expect(() => directory.changesSince(1.5)).toThrow(expect.objectContaining({ code: "invalid-argument" }));
    expect(() => directory.passwordChangesSince(Number.NaN)).toThrow(
      expect.objectContaining({ code: "invalid-argument" }),
    );
  });
});

describe("Directory: passwords", () => {
  it("skips a deleted user's password and puts it on the channel again when the user is restored", () => {
    const { directory, ann } = withUsers();
    const mark = directory.highestUsn;
    const change = directory.setPassword(ann.objectGUID, "Secret-1!");
    directory.delete(ann.objectGUID);
    // Read while deleted: nothing to send, and the watermark moves past the change.
    const whileDeleted = directory.passwordChangesSince(mark);
    expect(whileDeleted.changes).toEqual([]);
    const restored = directory.restore(ann.objectGUID);
    const afterRestore = directory.passwordChangesSince(whileDeleted.watermark).changes;
    // The same hash and version, at the restore's USN: not a new password.
    expect(afterRestore.map((c) => [c.objectGUID, c.hash.version, c.usn])).toEqual([
      [ann.objectGUID, 1, restored.uSNChanged],
    ]);
    expect(afterRestore[0]?.hash).toBe(change.hash);
    expect(directory.passwordOf(ann.objectGUID)?.usn).toBe(restored.uSNChanged);
  });

  it("keeps salted hashes with versions on their own channel and never the password", () => {
    const { directory, scheduler, ann, bob } = withUsers();
    const emitted: unknown[] = [];
    directory.events.on("password", (event) => emitted.push(event));
    directory.events.on("change", (event) => emitted.push(event));
    const first = directory.setPassword(ann.objectGUID, "Secret-1!");
    scheduler.runFor(10);
    const mark = directory.highestUsn;
    directory.setPassword(bob.objectGUID, "Other-1!");
    const second = directory.setPassword(ann.objectGUID, "Secret-2!", { mustChangeAtNextLogon: true });
    expect(first.hash.version).toBe(1);
    expect(second.hash.version).toBe(2);
    expect(second.mustChangeAtNextLogon).toBe(true);
    expect(verifyPassword(second.hash, "Secret-2!")).toBe(true);
    expect(directory.passwordOf(ann.objectGUID)).toBe(second);
    expect(directory.get(ann.objectGUID)?.attributes.pwdLastSet).toBe(10);
    const channel = directory.passwordChangesSince(mark);
    expect(channel.changes.map((c) => [c.objectGUID, c.hash.version])).toEqual([
      [bob.objectGUID, 1],
      [ann.objectGUID, 2],
    ]);
    expect(directory.passwordChangesSince(0).changes).toHaveLength(2);
    const everything = JSON.stringify([emitted, stateOf(directory), channel]);
    for (const secret of ["Secret-1!", "Secret-2!", "Other-1!"]) expect(everything).not.toContain(secret);
    expect(emitted).toContainEqual({ usn: second.usn, at: 10, objectGUID: ann.objectGUID, version: 2 });
  });

  it("stores a hash from writeback with the next version", () => {
    const { directory, ann } = withUsers();
    directory.setPassword(ann.objectGUID, "a");
    const given = { version: 9, salt: "ab", hash: "cd" };
    const stored = directory.setPasswordHash(ann.objectGUID, given);
    expect(stored.hash).toEqual({ version: 2, salt: "ab", hash: "cd" });
    // The stored hash is the directory's own frozen copy: the caller's object is neither kept nor frozen.
    expect(stored.hash).not.toBe(given);
    expect(Object.isFrozen(stored.hash)).toBe(true);
    expect(Object.isFrozen(given)).toBe(false);
    expect(Object.isFrozen(directory.passwordOf(ann.objectGUID)?.hash)).toBe(true);
    refused(directory, "invalid-attribute", () =>
      directory.setPasswordHash(ann.objectGUID, { version: 1 } as never),
    );
  });

  it("authenticates like a DC: unknown, disabled, mismatch, must-change, ok", () => {
    const { directory, ann, bob, group } = withUsers();
    directory.setPassword(ann.objectGUID, "pw");
    expect(directory.authenticate(ann.objectGUID, "pw")).toEqual({ ok: true });
    expect(directory.authenticate(ann.objectGUID, "nope")).toEqual({
      ok: false,
      reason: "password-mismatch",
    });
    expect(directory.authenticate(bob.objectGUID, "pw")).toEqual({ ok: false, reason: "password-mismatch" });
    expect(directory.authenticate(group.objectGUID, "pw")).toEqual({ ok: false, reason: "no-such-user" });
    directory.setPassword(bob.objectGUID, "pw", { mustChangeAtNextLogon: true });
    expect(directory.authenticate(bob.objectGUID, "pw")).toEqual({
      ok: false,
      reason: "must-change-password",
    });
    directory.disable(ann.objectGUID);
    expect(directory.authenticate(ann.objectGUID, "pw")).toEqual({ ok: false, reason: "account-disabled" });
  });

  it("refuses bad password writes and changes nothing", () => {
    const { directory, ann, bob, group } = withUsers();
    refused(directory, "invalid-attribute", () => directory.setPassword(ann.objectGUID, ""));
    refused(directory, "invalid-attribute", () => directory.setPassword(group.objectGUID, "pw"));
    refused(directory, "no-such-object", () => directory.setPassword("ghost", "pw"));
    directory.delete(bob.objectGUID);
    refused(directory, "object-deleted", () => directory.setPassword(bob.objectGUID, "pw"));
  });
});
