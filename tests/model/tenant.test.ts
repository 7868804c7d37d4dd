import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../src/model/passwords.js";
import { Tenant, type TenantOptions } from "../../src/model/tenant.js";
import type { CloudObject, UpsertRequest } from "../../src/model/tenant-types.js";
import { DAY, HOUR, MINUTE } from "../../src/scheduler/duration.js";
import { SimulationError } from "../../src/scheduler/errors.js";
import { Host } from "../../src/scheduler/host.js";
import { RandomStreams } from "../../src/scheduler/random.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

function makeTenant(options: Partial<Omit<TenantOptions, "scheduler" | "random">> = {}) {
  const scheduler = new Scheduler();
  const service = new Host(scheduler, "cloud", "cloud-service");
  const tenant = new Tenant({
    scheduler,
    random: new RandomStreams(9).stream("tenant"),
    service,
    ...options,
  });
  return { scheduler, tenant, service };
}

function user(anchor: string, upn: string, extra: Record<string, unknown> = {}): UpsertRequest {
  return {
    anchor,
    objectType: "user",
    attributes: { userPrincipalName: upn, ...extra } as UpsertRequest["attributes"],
    writer: "test",
  };
}

function stateOf(tenant: Tenant): unknown {
  return JSON.parse(
    JSON.stringify({ objects: [...tenant.objects()], conflicts: tenant.conflicts, size: tenant.size }),
  );
}

function refused(tenant: Tenant, code: string, fn: () => unknown): SimulationError {
  const before = stateOf(tenant);
  let error: unknown;
  try {
    fn();
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected ${code}`).toBeInstanceOf(SimulationError);
  expect((error as SimulationError).code).toBe(code);
  expect(stateOf(tenant)).toEqual(before);
  return error as SimulationError;
}

describe("Tenant: changed attributes", () => {
  it("are listed sorted as Array.prototype.sort sorts strings, for creates and updates alike", () => {
    const names = fc.constantFrom(
      "displayName",
      "Department",
      "title",
      "jobTitle",
      "_x",
      "a1",
      "A1",
      "é",
      "Z",
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(names, { maxLength: 9 }),
        fc.uniqueArray(names, { maxLength: 9 }),
        (first, second) => {
          const { tenant } = makeTenant();
          const created = tenant.upsert(
            user("A1", "ann@contoso.com", Object.fromEntries(first.map((n) => [n, "v1"]))),
          );
          expect(created.changed).toEqual([...first, "userPrincipalName"].sort());
          const updated = tenant.upsert(
            user("A1", "ann@contoso.com", Object.fromEntries(second.map((n) => [n, "v2"]))),
          );
          expect(updated.changed).toEqual([...second].sort());
          expect(updated.action).toBe(second.length === 0 ? "unchanged" : "updated");
          if (second.length === 0) expect(updated.object).toBe(created.object);
        },
      ),
    );
  });
});

describe("Tenant: matching", () => {
  it("creates by anchor, then updates the same object on a hard match", () => {
    const { tenant, scheduler } = makeTenant();
    const writes: string[] = [];
    tenant.events.on("write", (event) =>
      writes.push(`${event.action}:${event.changed.join(",")}@${event.at}`),
    );
    const created = tenant.upsert(user("A1", "ann@contoso.com", { displayName: "Ann" }));
    expect(created.action).toBe("created");
    expect(created.object.onPremisesImmutableId).toBe("A1");
    expect(created.object.dirSyncEnabled).toBe(true);
    expect(Object.isFrozen(created.object)).toBe(true);
    scheduler.runFor(MINUTE);
    const updated = tenant.upsert(
      user("A1", "ann@contoso.com", { displayName: "Ann Lee", title: undefined }),
    );
    expect(updated.action).toBe("updated");
    expect(updated.object.cloudId).toBe(created.object.cloudId);
    expect(updated.object.updatedAt).toBe(MINUTE);
    expect(updated.object.createdAt).toBe(0);
    expect(tenant.upsert(user("A1", "ann@contoso.com", { displayName: "Ann Lee" })).action).toBe("unchanged");
    expect(writes).toEqual(["created:displayName,userPrincipalName@0", `updated:displayName@${MINUTE}`]);
    expect(tenant.getByAnchor("A1")?.cloudId).toBe(created.object.cloudId);
    expect(tenant.findByUpn("ANN@contoso.com")?.cloudId).toBe(created.object.cloudId);
    expect(tenant.size).toBe(1);
  });

  it("lists live objects in the order they became live: updates and re-keyed UPNs keep their place", () => {
    const { tenant } = makeTenant();
    for (const a of ["A1", "A2", "A3"]) tenant.upsert(user(a, `${a.toLowerCase()}@contoso.com`));
    tenant.upsert(user("A1", "a1@contoso.com", { displayName: "Ann" }));
    tenant.upsert(user("A2", "renamed@contoso.com"));
    expect([...tenant.objects()].map((o) => o.onPremisesImmutableId)).toEqual(["A1", "A2", "A3"]);
    expect(tenant.findByUpn("renamed@contoso.com")?.onPremisesImmutableId).toBe("A2");
    expect(tenant.findByUpn("a2@contoso.com")).toBeUndefined();
    tenant.delete("A1", "test");
    tenant.upsert(user("A1", "a1@contoso.com"));
    expect([...tenant.objects()].map((o) => o.onPremisesImmutableId)).toEqual(["A2", "A3", "A1"]);
  });

  it("an update or a synced hash is the version every read returns: by id, by anchor, by UPN and in order", () => {
    const { tenant } = makeTenant();
    for (const a of ["A1", "A2"]) tenant.upsert(user(a, `${a.toLowerCase()}@contoso.com`));
    const updated = tenant.upsert(user("A1", "a1@contoso.com", { displayName: "Ann" })).object;
    const hashed = tenant.setPasswordHash("A1", hashPassword("pw", "salt", 1), "test");
    for (const latest of [updated, hashed]) expect(latest.cloudId).toBe(hashed.cloudId);
    expect(hashed.attributes).toBe(updated.attributes);
    expect(tenant.get(hashed.cloudId)).toBe(hashed);
    expect(tenant.getByAnchor("A1")).toBe(hashed);
    expect(tenant.findByUpn("A1@contoso.com")).toBe(hashed);
    expect([...tenant.objects()]).toEqual([hashed, tenant.getByAnchor("A2")]);
  });

  it("creates cloud-only groups and devices (never soft-matched, not synced), refusing bad input unchanged", () => {
    const { tenant } = makeTenant();
    const group = tenant.createCloudObject({
      objectType: "group",
      cloudId: "g1",
      attributes: { displayName: "Team", members: ["A1"] },
    });
    expect(group).toMatchObject({
      cloudId: "g1",
      objectType: "group",
      dirSyncEnabled: false,
      writer: "admin",
    });
    expect(Object.isFrozen(group.attributes.members)).toBe(true);
    const device = tenant.createCloudObject({ objectType: "device", attributes: { displayName: "Laptop" } });
    expect(tenant.get(device.cloudId)?.attributes.displayName).toBe("Laptop");
    expect([...tenant.objects("group")].map((g) => g.cloudId)).toEqual(["g1"]);
    refused(tenant, "duplicate-identity", () =>
      tenant.createCloudObject({ objectType: "group", cloudId: "g1", attributes: {} }),
    );
    refused(tenant, "invalid-argument", () =>
      tenant.createCloudObject({ objectType: "user" as "group", attributes: {} }),
    );
  });

  it("soft-matches a cloud-managed user by UPN and stamps the anchor", () => {
    const { tenant } = makeTenant();
    const cloud = tenant.createCloudUser({ userPrincipalName: "ann@contoso.com" });
    expect(cloud.dirSyncEnabled).toBe(false);
    const result = tenant.upsert(user("A1", "Ann@contoso.com", { displayName: "Ann" }));
    expect(result.action).toBe("soft-matched");
    expect(result.object.cloudId).toBe(cloud.cloudId);
    expect(result.object.onPremisesImmutableId).toBe("A1");
    expect(result.object.dirSyncEnabled).toBe(true);
    expect(tenant.size).toBe(1);
  });

  it("soft-matches by primary SMTP address, not by a secondary one", () => {
    const { tenant } = makeTenant();
    const primary = tenant.createCloudUser({
      userPrincipalName: "ann@contoso.onmicrosoft.com",
      proxyAddresses: ["SMTP:ann@contoso.com"],
    });
    const secondary = tenant.createCloudUser({
      userPrincipalName: "bob@contoso.onmicrosoft.com",
      proxyAddresses: ["SMTP:bob@contoso.com", "smtp:robert@contoso.com"],
    });
    const matched = tenant.upsert(
      user("A1", "ann@contoso.com", { proxyAddresses: ["SMTP:Ann@contoso.com"] }),
    );
    expect(matched.action).toBe("soft-matched");
    expect(matched.object.cloudId).toBe(primary.cloudId);
    const other = tenant.upsert(
      user("B1", "robert@contoso.com", { proxyAddresses: ["SMTP:robert@contoso.com"] }),
    );
    expect(other.action).toBe("created");
    expect(other.object.cloudId).not.toBe(secondary.cloudId);
    expect(other.conflicts.map((c) => c.attribute)).toEqual(["proxyAddresses"]);
  });

  it("blockSoftMatch stops soft match: a new object is created and the UPN conflict recorded", () => {
    const { tenant } = makeTenant({ blockSoftMatch: true });
    const cloud = tenant.createCloudUser({ userPrincipalName: "ann@contoso.com" });
    const result = tenant.upsert(user("A1", "ann@contoso.com"));
    expect(result.action).toBe("created");
    expect(result.object.cloudId).not.toBe(cloud.cloudId);
    expect(result.object.attributes.userPrincipalName).toMatch(/^ann\d{4}@contoso\.onmicrosoft\.com$/);
  });

  it("never soft-matches an admin-role user or an object synced under another anchor", () => {
    const { tenant } = makeTenant({ initialDomain: "fabrikam.onmicrosoft.com" });
    const admin = tenant.createCloudUser({ userPrincipalName: "admin@contoso.com", isAdmin: true });
    const result = tenant.upsert(user("A1", "admin@contoso.com"));
    expect(result.action).toBe("created");
    expect(result.object.cloudId).not.toBe(admin.cloudId);
    expect(result.object.attributes.userPrincipalName).toMatch(/^admin\d{4}@fabrikam\.onmicrosoft\.com$/);
    const synced = tenant.upsert(user("B1", "bob@contoso.com")).object;
    const second = tenant.upsert(user("B2", "bob@contoso.com"));
    expect(second.action).toBe("created");
    expect(second.object.cloudId).not.toBe(synced.cloudId);
  });
});

describe("Tenant: duplicate attribute resiliency", () => {
  it("replaces a conflicting UPN with prefix+4 digits@initial domain, records it once, and sets proxies aside", () => {
    const { tenant } = makeTenant();
    const seen: unknown[] = [];
    tenant.events.on("conflict", (conflict) => seen.push(conflict));
    const first = tenant.upsert(
      user("A1", "ann@contoso.com", { proxyAddresses: ["SMTP:ann@contoso.com", "smtp:sales@contoso.com"] }),
    ).object;
    const second = tenant.upsert(
      user("A2", "ann@contoso.com", { proxyAddresses: ["SMTP:ann2@contoso.com", "smtp:SALES@contoso.com"] }),
    );
    expect(second.action).toBe("created");
    const replacement = second.object.attributes.userPrincipalName as string;
    expect(replacement).toMatch(/^ann\d{4}@contoso\.onmicrosoft\.com$/);
    expect(second.object.attributes.proxyAddresses).toEqual(["SMTP:ann2@contoso.com"]);
    expect(second.conflicts).toEqual([
      {
        at: 0,
        cloudId: second.object.cloudId,
        attribute: "userPrincipalName",
        value: "ann@contoso.com",
        conflictsWith: first.cloudId,
        replacement,
        resolvedAt: undefined,
      },
      {
        at: 0,
        cloudId: second.object.cloudId,
        attribute: "proxyAddresses",
        value: "smtp:SALES@contoso.com",
        conflictsWith: first.cloudId,
        replacement: undefined,
        resolvedAt: undefined,
      },
    ]);
    expect(tenant.conflicts).toEqual(second.conflicts);
    expect(seen).toEqual(second.conflicts);
    const again = tenant.upsert(
      user("A2", "ann@contoso.com", { proxyAddresses: ["SMTP:ann2@contoso.com", "smtp:SALES@contoso.com"] }),
    );
    expect(again.action).toBe("unchanged");
    expect(again.object.attributes.userPrincipalName).toBe(replacement);
    expect(tenant.conflicts).toHaveLength(2);
  });

  it("the hourly job gives values back once their holder lets go", () => {
    const { tenant, scheduler } = makeTenant();
    tenant.start();
    tenant.start();
    tenant.upsert(user("A1", "ann@contoso.com", { proxyAddresses: ["smtp:sales@contoso.com"] }));
    const loser = tenant.upsert(
      user("A2", "ann@contoso.com", { proxyAddresses: ["smtp:sales@contoso.com"] }),
    ).object;
    scheduler.runFor(HOUR);
    expect(tenant.get(loser.cloudId)?.attributes.userPrincipalName).not.toBe("ann@contoso.com");
    scheduler.runFor(10 * MINUTE);
    tenant.delete("A1", "test");
    scheduler.runFor(50 * MINUTE - 1);
    expect(tenant.get(loser.cloudId)?.attributes.userPrincipalName).not.toBe("ann@contoso.com");
    scheduler.runFor(1);
    const released = tenant.get(loser.cloudId);
    expect(released?.attributes.userPrincipalName).toBe("ann@contoso.com");
    expect(released?.attributes.proxyAddresses).toEqual(["smtp:sales@contoso.com"]);
    expect(released?.writer).toBe("tenant");
    expect(tenant.conflicts.map((c) => c.resolvedAt)).toEqual([2 * HOUR, 2 * HOUR]);
    tenant.stop();
    expect(scheduler.pending).toBe(0);
  });
});

describe("Tenant: deletes and the soft-delete bin", () => {
  it("soft-deletes users for 30 days: a hard match restores them within that time, not after", () => {
    const { tenant, scheduler } = makeTenant();
    const deletes: unknown[] = [];
    tenant.events.on("delete", (event) => deletes.push(event));
    const ann = tenant.upsert(user("A1", "ann@contoso.com")).object;
    const gone = tenant.delete("A1", "test");
    expect(gone?.deletedAt).toBe(0);
    expect(tenant.getByAnchor("A1")).toBeUndefined();
    expect(tenant.findByUpn("ann@contoso.com")).toBeUndefined();
    expect(tenant.getDeletedByAnchor("A1")?.cloudId).toBe(ann.cloudId);
    expect(tenant.delete("A1", "test")).toBeUndefined();
    scheduler.runFor(30 * DAY);
    const restored = tenant.upsert(user("A1", "ann@contoso.com"));
    expect(restored.action).toBe("restored");
    expect(restored.object.cloudId).toBe(ann.cloudId);
    expect(restored.object.deletedAt).toBeUndefined();
    tenant.delete("A1", "test");
    scheduler.runFor(30 * DAY + 1);
    expect(tenant.getDeletedByAnchor("A1")).toBeUndefined();
    const fresh = tenant.upsert(user("A1", "ann@contoso.com"));
    expect(fresh.action).toBe("created");
    expect(fresh.object.cloudId).not.toBe(ann.cloudId);
    expect(deletes[0]).toEqual({
      at: 0,
      cloudId: ann.cloudId,
      anchor: "A1",
      objectType: "user",
      soft: true,
      writer: "test",
    });
  });

  it("deletes groups for good", () => {
    const { tenant } = makeTenant();
    const group = tenant.upsert({
      anchor: "G1",
      objectType: "group",
      attributes: { displayName: "g" },
      writer: "t",
    }).object;
    tenant.delete("G1", "t");
    expect(tenant.getDeletedByAnchor("G1")).toBeUndefined();
    const again = tenant.upsert({
      anchor: "G1",
      objectType: "group",
      attributes: { displayName: "g" },
      writer: "t",
    });
    expect(again.action).toBe("created");
    expect(again.object.cloudId).not.toBe(group.cloudId);
  });

  it("blockHardMatch keeps a soft-deleted object in the bin", () => {
    const { tenant } = makeTenant({ blockHardMatch: true });
    const ann = tenant.upsert(user("A1", "ann@contoso.com")).object;
    tenant.delete("A1", "t");
    const result = tenant.upsert(user("A1", "ann@contoso.com"));
    expect(result.action).toBe("created");
    expect(result.object.cloudId).not.toBe(ann.cloudId);
  });
});

describe("Tenant: limits and faults", () => {
  it("uses the documented quotas: 50,000 without a verified domain, 300,000 with one", () => {
    expect(makeTenant({ verifiedDomain: false }).tenant.quota).toBe(50_000);
    expect(makeTenant().tenant.quota).toBe(300_000);
    expect(makeTenant({ quota: 7 }).tenant.quota).toBe(7);
  });

  it("refuses creates beyond the quota and changes nothing; updates and soft matches still pass", () => {
    const { tenant } = makeTenant({ quota: 2 });
    tenant.upsert(user("A1", "a@contoso.com"));
    tenant.createCloudUser({ userPrincipalName: "c@contoso.com" });
    const error = refused(tenant, "quota-exceeded", () => tenant.upsert(user("A3", "b@contoso.com")));
    expect(error.message).toContain("2");
    refused(tenant, "quota-exceeded", () => tenant.createCloudUser({ userPrincipalName: "d@contoso.com" }));
    expect(tenant.upsert(user("A1", "a2@contoso.com")).action).toBe("updated");
    expect(tenant.upsert(user("A4", "c@contoso.com")).action).toBe("soft-matched");
  });

  it("throttles at 7,000 writes per 5 minutes and says how long to back off", () => {
    const { tenant, scheduler } = makeTenant();
    tenant.upsert(user("A1", "a@contoso.com"));
    scheduler.runFor(MINUTE);
    for (let i = 1; i < 7_000; i++) tenant.upsert(user("A1", "a@contoso.com"));
    const error = refused(tenant, "throttled", () => tenant.upsert(user("A2", "b@contoso.com")));
    expect(error.details.retryAfterMs).toBe(4 * MINUTE);
    scheduler.runFor(4 * MINUTE - 1);
    expect(refused(tenant, "throttled", () => tenant.delete("A1", "t")).details.retryAfterMs).toBe(1);
    scheduler.runFor(1);
    expect(tenant.upsert(user("A2", "b@contoso.com")).action).toBe("created");
  });

  it("forced throttling tells every writer to wait a full window", () => {
    const { tenant } = makeTenant();
    tenant.setForcedThrottle(true);
    expect(
      refused(tenant, "throttled", () => tenant.upsert(user("A1", "a@contoso.com"))).details.retryAfterMs,
    ).toBe(5 * MINUTE);
    tenant.setForcedThrottle(false);
    expect(tenant.upsert(user("A1", "a@contoso.com")).action).toBe("created");
  });

  it("an outage refuses every call with tenant-unavailable", () => {
    const { tenant, service } = makeTenant();
    tenant.upsert(user("A1", "a@contoso.com"));
    const hash = hashPassword("pw", "salt", 1);
    tenant.setPasswordHash("A1", hash, "t");
    for (const down of [() => tenant.setAvailable(false), () => service.crash()]) {
      down();
      expect(tenant.isAvailable).toBe(false);
      refused(tenant, "tenant-unavailable", () => tenant.upsert(user("A2", "b@contoso.com")));
      refused(tenant, "tenant-unavailable", () => tenant.delete("A1", "t"));
      refused(tenant, "tenant-unavailable", () => tenant.setPasswordHash("A1", hash, "t"));
      refused(tenant, "tenant-unavailable", () =>
        tenant.createCloudUser({ userPrincipalName: "x@contoso.com" }),
      );
      refused(tenant, "tenant-unavailable", () =>
        tenant.resetPassword(tenant.getByAnchor("A1")?.cloudId as string, "x"),
      );
      expect(tenant.signIn("a@contoso.com", "pw")).toEqual({
        success: false,
        reason: "tenant-unavailable",
        method: "phs",
      });
      tenant.setAvailable(true);
      service.restart();
      expect(tenant.signIn("a@contoso.com", "pw").success).toBe(true);
    }
  });

  it("refuses malformed writes with invalid-attribute and changes nothing", () => {
    const { tenant } = makeTenant();
    tenant.upsert(user("A1", "a@contoso.com", { proxyAddresses: ["SMTP:a@contoso.com"] }));
    refused(tenant, "invalid-attribute", () => tenant.upsert(user("", "b@contoso.com")));
    expect(
      refused(tenant, "invalid-attribute", () => tenant.upsert(user("A2", "not a upn"))).details.field,
    ).toBe("userPrincipalName");
    refused(tenant, "invalid-attribute", () =>
      tenant.upsert(user("A2", "b@contoso.com", { proxyAddresses: "SMTP:x" })),
    );
    refused(tenant, "no-such-object", () => tenant.setPasswordHash("nope", hashPassword("x", "s", 1), "t"));
    refused(tenant, "no-such-object", () => tenant.resetPassword("nope", "x"));
    refused(tenant, "duplicate-identity", () =>
      tenant.createCloudUser({ userPrincipalName: "A@contoso.com" }),
    );
    refused(tenant, "duplicate-identity", () =>
      tenant.createCloudUser({ userPrincipalName: "z@contoso.com", proxyAddresses: ["smtp:A@contoso.com"] }),
    );
    refused(tenant, "invalid-attribute", () => tenant.createCloudUser({ userPrincipalName: "nope" }));
  });
});

describe("Tenant: passwords and sign-in", () => {
  it("signs in with a synced password hash (PHS)", () => {
    const { tenant } = makeTenant();
    const credentials: unknown[] = [];
    tenant.events.on("credential", (event) => credentials.push(event));
    const signIns: unknown[] = [];
    tenant.events.on("sign-in", (event) => signIns.push(event));
    tenant.upsert(user("A1", "ann@contoso.com"));
    expect(tenant.signIn("ann@contoso.com", "Pw-1")).toEqual({
      success: false,
      reason: "hash-not-synced",
      method: "phs",
    });
    const withHash = tenant.setPasswordHash("A1", hashPassword("Pw-1", "abc", 3), "connect");
    expect(withHash.credential?.version).toBe(3);
    expect(withHash.credential?.origin).toBe("phs");
    expect(tenant.signIn("ANN@contoso.com", "Pw-1")).toEqual({ success: true, reason: "ok", method: "phs" });
    expect(tenant.signIn("ann@contoso.com", "wrong")).toEqual({
      success: false,
      reason: "password-mismatch",
      method: "phs",
    });
    expect(tenant.signIn("nobody@contoso.com", "x")).toEqual({
      success: false,
      reason: "no-such-user",
      method: "phs",
    });
    tenant.upsert(user("A1", "ann@contoso.com", { accountEnabled: false }));
    expect(tenant.signIn("ann@contoso.com", "Pw-1")).toEqual({
      success: false,
      reason: "account-disabled",
      method: "phs",
    });
    expect(credentials).toEqual([
      { at: 0, cloudId: withHash.cloudId, anchor: "A1", version: 3, first: true, writer: "connect" },
    ]);
    expect(signIns).toHaveLength(5);
    expect(JSON.stringify([signIns, stateOf(tenant)])).not.toContain('Pw-1"');
  });

  it("delegates synced users to the installed provider for PTA", () => {
    const { tenant } = makeTenant();
    tenant.upsert(user("A1", "ann@contoso.com"));
    const asked: string[] = [];
    tenant.setAuthentication("pta", (u: CloudObject) => {
      asked.push(u.onPremisesImmutableId ?? "");
      return { success: false, reason: "no-agent-available", method: "pta" };
    });
    expect(tenant.authentication).toBe("pta");
    expect(tenant.signIn("ann@contoso.com", "x")).toEqual({
      success: false,
      reason: "no-agent-available",
      method: "pta",
    });
    expect(asked).toEqual(["A1"]);
  });

  it("resetPassword changes the cloud credential and emits an AD-ready hash, never the password", () => {
    const { tenant } = makeTenant();
    const ann = tenant.upsert(user("A1", "ann@contoso.com")).object;
    tenant.setPasswordHash("A1", hashPassword("Old-1", "s", 1), "connect");
    const events: unknown[] = [];
    tenant.events.on("password-reset", (event) => events.push(event));
    const hash = tenant.resetPassword(ann.cloudId, "New-Secret-2");
    expect(hash.version).toBe(2);
    expect(verifyPassword(hash, "New-Secret-2")).toBe(true);
    expect(tenant.get(ann.cloudId)?.credential?.origin).toBe("cloud");
    expect(tenant.signIn("ann@contoso.com", "New-Secret-2").success).toBe(true);
    expect(tenant.signIn("ann@contoso.com", "Old-1").success).toBe(false);
    expect(events).toEqual([{ at: 0, cloudId: ann.cloudId, anchor: "A1", hash }]);
    expect(JSON.stringify([events, stateOf(tenant)])).not.toContain("New-Secret-2");
  });
});

describe("Tenant properties", () => {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant("upsert" as const),
      anchor: fc.constantFrom("A", "B", "C", "D", "E"),
      upn: fc.constantFrom("ann", "bob", "cy"),
      proxies: fc.subarray([
        "SMTP:ann@c.com",
        "smtp:ann@c.com",
        "smtp:x@c.com",
        "SMTP:bob@c.com",
        "smtp:y@c.com",
      ]),
    }),
    fc.record({ kind: fc.constant("delete" as const), anchor: fc.constantFrom("A", "B", "C", "D", "E") }),
    fc.record({ kind: fc.constant("cloud" as const), upn: fc.constantFrom("ann", "bob", "zed") }),
    fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 2 * HOUR }) }),
  );

  it("after any sequence of writes, no two live objects share a UPN or a proxy address", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { tenant, scheduler } = makeTenant();
        tenant.start();
        for (const o of ops) {
          try {
            if (o.kind === "upsert")
              tenant.upsert(user(o.anchor, `${o.upn}@c.com`, { proxyAddresses: o.proxies }));
            else if (o.kind === "delete") tenant.delete(o.anchor, "t");
            else if (o.kind === "cloud") tenant.createCloudUser({ userPrincipalName: `${o.upn}@c.com` });
            else scheduler.runFor(o.ms);
          } catch (error) {
            expect((error as SimulationError).code).toBe("duplicate-identity");
          }
          const upns = new Set<string>();
          const proxies = new Set<string>();
          for (const object of tenant.objects()) {
            const upn = String(object.attributes.userPrincipalName).toLowerCase();
            expect(upns.has(upn)).toBe(false);
            upns.add(upn);
            const own = new Set(
              ((object.attributes.proxyAddresses as readonly string[] | undefined) ?? []).map((p) =>
                p.toLowerCase(),
              ),
            );
            for (const proxy of own) {
              expect(proxies.has(proxy)).toBe(false);
              proxies.add(proxy);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a soft-deleted user comes back by hard match within 30 days and not after", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 * DAY }), fc.boolean(), (delay, edge) => {
        const wait = edge ? 30 * DAY + (delay % 2) : delay;
        const { tenant, scheduler } = makeTenant();
        const original = tenant.upsert(user("A1", "ann@contoso.com")).object;
        tenant.delete("A1", "t");
        scheduler.runFor(wait);
        const result = tenant.upsert(user("A1", "ann@contoso.com"));
        if (wait <= 30 * DAY) {
          expect(result.action).toBe("restored");
          expect(result.object.cloudId).toBe(original.cloudId);
        } else {
          expect(result.action).toBe("created");
          expect(result.object.cloudId).not.toBe(original.cloudId);
        }
      }),
      { numRuns: 100 },
    );
  });
});
