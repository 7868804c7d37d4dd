import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/model/passwords.js";
import { Tenant } from "../../src/model/tenant.js";
import { Host } from "../../src/scheduler/host.js";
import { RandomStreams } from "../../src/scheduler/random.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

/**
 * A cloud reset of a synced user waits for password writeback's answer: refused, the old password is in
 * force again (concept-sspr-writeback: synchronous); carried to AD, it stands.
 */
function synced() {
  const scheduler = new Scheduler();
  const service = new Host(scheduler, "cloud", "cloud-service");
  const tenant = new Tenant({ scheduler, random: new RandomStreams(4).stream("tenant"), service });
  const ann = tenant.upsert({
    anchor: "A1",
    objectType: "user",
    attributes: { userPrincipalName: "ann@contoso.com" },
    writer: "test",
  }).object;
  tenant.setPasswordHash("A1", hashPassword("Old-pass1", "s1", 1), "test");
  const works = (password: string) => tenant.signIn("ann@contoso.com", password).success;
  return { tenant, id: ann.cloudId, works };
}

describe("a cloud password reset and password writeback's answer", () => {
  it("a refused reset puts the old password back; a confirmed one stands", () => {
    const { tenant, id, works } = synced();
    const refused = tenant.resetPassword(id, "New-pass1");
    expect(works("New-pass1")).toBe(true);
    expect(tenant.rejectPasswordReset(id, refused)).toBe(true);
    expect([works("New-pass1"), works("Old-pass1")]).toEqual([false, true]);
    const kept = tenant.resetPassword(id, "New-pass2");
    tenant.confirmPasswordReset(id, kept);
    // Answered already: nothing to undo any more.
    expect(tenant.rejectPasswordReset(id, kept)).toBe(false);
    expect(works("New-pass2")).toBe(true);
  });

  it("a refused reset overtaken by a later change leaves it alone, and hands down what it replaced", () => {
    const { tenant, id, works } = synced();
    const first = tenant.resetPassword(id, "First-pass1");
    const second = tenant.resetPassword(id, "Second-pass1");
    // The first is refused after the second replaced it: the second stands.
    expect(tenant.rejectPasswordReset(id, first)).toBe(false);
    expect(works("Second-pass1")).toBe(true);
    // The second refused too: the password before both is back, not the refused first.
    expect(tenant.rejectPasswordReset(id, second)).toBe(true);
    expect([works("First-pass1"), works("Second-pass1"), works("Old-pass1")]).toEqual([false, false, true]);
  });

  it("a synced hash that replaced the reset is left alone", () => {
    const { tenant, id, works } = synced();
    const reset = tenant.resetPassword(id, "New-pass1");
    tenant.setPasswordHash("A1", hashPassword("Synced-pass1", "s3", 3), "test");
    expect(tenant.rejectPasswordReset(id, reset)).toBe(false);
    expect(works("Synced-pass1")).toBe(true);
  });
});
