import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/model/passwords.js";
import { Tenant } from "../../src/model/tenant.js";
import type { CloudObject } from "../../src/model/tenant-types.js";
import { MINUTE } from "../../src/scheduler/duration.js";
import { Host } from "../../src/scheduler/host.js";
import { RandomStreams } from "../../src/scheduler/random.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

// A new version of a cloud object is one frozen literal with eight positional fields (tenant.ts
// cloudVersion): these pin what each write keeps and what it changes, field by field and in the record's
// field order, against a spread of the version before — what the versions were before the literal.
describe("Tenant versions", () => {
  const scheduler = new Scheduler();
  const service = new Host(scheduler, "cloud", "cloud-service");
  const tenant = new Tenant({ scheduler, random: new RandomStreams(3).stream("tenant"), service });
  const created = tenant.upsert({
    anchor: "A1",
    objectType: "user",
    attributes: { userPrincipalName: "ann@contoso.com" },
    writer: "sync",
  }).object;

  const expectVersion = (next: CloudObject, want: CloudObject): void => {
    expect(next).toStrictEqual(want);
    expect(Object.keys(next)).toEqual(Object.keys(want));
    expect(Object.isFrozen(next)).toBe(true);
  };

  it("a password hash changes the credential and updatedAt, and keeps the writer", () => {
    scheduler.runFor(MINUTE);
    const before = tenant.getByAnchor("A1") as CloudObject;
    const next = tenant.setPasswordHash("A1", hashPassword("pw", "salt", 1), "phs");
    expectVersion(next, { ...before, credential: next.credential, updatedAt: scheduler.now });
    expect(next.writer).toBe("sync");
    expect(next.credential).toBeDefined();
  });

  it("an update changes the attributes, writer and updatedAt", () => {
    scheduler.runFor(MINUTE);
    const before = tenant.getByAnchor("A1") as CloudObject;
    const next = tenant.upsert({
      anchor: "A1",
      objectType: "user",
      attributes: { userPrincipalName: "ann@contoso.com", displayName: "Ann" },
      writer: "export",
    }).object;
    expectVersion(next, {
      ...before,
      attributes: next.attributes,
      writer: "export",
      updatedAt: scheduler.now,
    });
    expect(next.attributes.displayName).toBe("Ann");
    expect(next.cloudId).toBe(created.cloudId);
  });

  it("a delete sets deletedAt and the writer, and keeps updatedAt", () => {
    scheduler.runFor(MINUTE);
    const before = tenant.getByAnchor("A1") as CloudObject;
    tenant.delete("A1", "cleanup");
    const gone = tenant.getDeletedByAnchor("A1") as CloudObject;
    expectVersion(gone, { ...before, deletedAt: scheduler.now, writer: "cleanup" });
    expect(gone.updatedAt).toBe(before.updatedAt);
  });
});
