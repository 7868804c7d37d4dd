import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/model/passwords.js";
import { Tenant } from "../../src/model/tenant.js";
import type { TenantCredentialEvent, UpsertRequest } from "../../src/model/tenant-types.js";
import { Host } from "../../src/scheduler/host.js";
import { RandomStreams } from "../../src/scheduler/random.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

function makeTenant() {
  const scheduler = new Scheduler();
  const service = new Host(scheduler, "cloud", "cloud-service");
  const tenant = new Tenant({ scheduler, random: new RandomStreams(9).stream("tenant"), service });
  const firsts: boolean[] = [];
  tenant.events.on("credential", (event: TenantCredentialEvent) => firsts.push(event.first));
  return { tenant, firsts };
}

function user(anchor: string, upn: string): UpsertRequest {
  return { anchor, objectType: "user", attributes: { userPrincipalName: upn }, writer: "test" };
}

// The warm-up counts users with a synced hash by this flag: true at most once per user — for its first
// credential, and never when a cloud reset came first.
describe("Tenant credential event: first", () => {
  it("is true for a user's first hash only", () => {
    const { tenant, firsts } = makeTenant();
    tenant.upsert(user("A1", "ann@contoso.com"));
    tenant.upsert(user("B1", "bob@contoso.com"));
    tenant.setPasswordHash("A1", hashPassword("Pw-1", "s1", 1), "test");
    tenant.setPasswordHash("A1", hashPassword("Pw-2", "s2", 2), "test");
    tenant.setPasswordHash("B1", hashPassword("Pw-3", "s3", 1), "test");
    expect(firsts).toEqual([true, false, true]);
  });

  it("is false after a cloud reset and after a restore from the soft-delete bin", () => {
    const { tenant, firsts } = makeTenant();
    const ann = tenant.upsert(user("A1", "ann@contoso.com")).object;
    tenant.resetPassword(ann.cloudId, "Reset-1");
    tenant.setPasswordHash("A1", hashPassword("Pw-1", "s1", 2), "test");
    tenant.upsert(user("B1", "bob@contoso.com"));
    tenant.setPasswordHash("B1", hashPassword("Pw-2", "s2", 1), "test");
    tenant.delete("B1", "test");
    expect(tenant.upsert(user("B1", "bob@contoso.com")).action).toBe("restored");
    tenant.setPasswordHash("B1", hashPassword("Pw-3", "s3", 2), "test");
    expect(firsts).toEqual([false, true, false]);
  });
});
