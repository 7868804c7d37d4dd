import { describe, expect, it } from "vitest";
import { CloudJournal } from "../../src/engines/connect/journal.js";
import type { ExchangeOnlineEvent } from "../../src/model/exchange-online.js";
import { Tenant } from "../../src/model/tenant.js";
import { SimulationError } from "../../src/scheduler/errors.js";
import { Host } from "../../src/scheduler/host.js";
import { RandomStreams } from "../../src/scheduler/random.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

/** Exchange Online's settings of synced users (model/exchange-online.ts), kept beside their synced attributes. */
function setup() {
  const scheduler = new Scheduler();
  const service = new Host(scheduler, "cloud", "cloud-service");
  const tenant = new Tenant({ scheduler, random: new RandomStreams(9).stream("tenant"), service });
  const synced = tenant.upsert({
    anchor: "A1",
    objectType: "user",
    attributes: { userPrincipalName: "ann@contoso.com", displayName: "Ann" },
    writer: "test",
  }).object;
  const events: ExchangeOnlineEvent[] = [];
  tenant.events.on("exchange-online", (event) => events.push(event));
  return { scheduler, tenant, synced, events };
}

function codeOf(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof SimulationError ? error.code : "not a SimulationError";
  }
  return undefined;
}

describe("Exchange Online settings in the tenant", () => {
  it("sets a setting, announces it with the user's anchor, and keeps it out of the synced attributes", () => {
    const { tenant, synced, events } = setup();
    tenant.exchangeOnline.set(synced.cloudId, "msExchArchiveStatus", 1);
    tenant.exchangeOnline.set(synced.cloudId, "msExchUserHoldPolicies", ["p1"]);
    expect(tenant.exchangeOnline.get(synced.cloudId)).toEqual({
      msExchArchiveStatus: 1,
      msExchUserHoldPolicies: ["p1"],
    });
    expect(events.map((e) => [e.anchor, e.attribute])).toEqual([
      ["A1", "msExchArchiveStatus"],
      ["A1", "msExchUserHoldPolicies"],
    ]);
    expect(tenant.get(synced.cloudId)?.attributes).toEqual({
      userPrincipalName: "ann@contoso.com",
      displayName: "Ann",
    });
    // A later sync write leaves them alone.
    tenant.upsert({
      anchor: "A1",
      objectType: "user",
      attributes: { displayName: "Ann Lee" },
      writer: "test",
    });
    expect(tenant.exchangeOnline.get(synced.cloudId)?.msExchArchiveStatus).toBe(1);
  });

  it("an equal value changes nothing and announces nothing", () => {
    const { tenant, synced, events } = setup();
    tenant.exchangeOnline.set(synced.cloudId, "msExchUCVoiceMailSettings", ["a", "b"]);
    const held = tenant.exchangeOnline.get(synced.cloudId);
    tenant.exchangeOnline.set(synced.cloudId, "msExchUCVoiceMailSettings", ["a", "b"]);
    expect(tenant.exchangeOnline.get(synced.cloudId)).toBe(held);
    expect(events).toHaveLength(1);
  });

  it("refuses a cloud-only user, an unknown id, another attribute, a value AD cannot hold and a tenant that is down, changing nothing", () => {
    const { tenant, synced, events } = setup();
    const admin = tenant.createCloudUser({
      userPrincipalName: "admin@contoso.onmicrosoft.com",
      isAdmin: true,
    });
    expect(codeOf(() => tenant.exchangeOnline.set(admin.cloudId, "msExchArchiveStatus", 1))).toBe(
      "no-such-object",
    );
    expect(codeOf(() => tenant.exchangeOnline.set("nope", "msExchArchiveStatus", 1))).toBe("no-such-object");
    expect(
      // @ts-expect-error: not an Exchange hybrid writeback attribute
      codeOf(() => tenant.exchangeOnline.set(synced.cloudId, "mail", "x")),
    ).toBe("invalid-attribute");
    // A value AD could not hold is refused here, not at the writeback.
    expect(codeOf(() => tenant.exchangeOnline.set(synced.cloudId, "msExchArchiveStatus", true))).toBe(
      "invalid-attribute",
    );
    expect(codeOf(() => tenant.exchangeOnline.set(synced.cloudId, "msExchUserHoldPolicies", "p1"))).toBe(
      "invalid-attribute",
    );
    tenant.setAvailable(false);
    expect(codeOf(() => tenant.exchangeOnline.set(synced.cloudId, "msExchArchiveStatus", 1))).toBe(
      "tenant-unavailable",
    );
    expect(tenant.exchangeOnline.size).toBe(0);
    expect(events).toEqual([]);
  });

  it("Connect's cloud journal lists the user, so a delta import of the cloud reads it", () => {
    const { tenant, synced } = setup();
    const journal = new CloudJournal(tenant);
    const cookie = journal.position;
    tenant.exchangeOnline.set(synced.cloudId, "msExchSafeSendersHash", "c2FmZQ==");
    expect(journal.since(cookie)).toEqual(["A1"]);
  });
});
