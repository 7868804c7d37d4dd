import { describe, expect, it } from "vitest";
import { ConnectEngine, type WritebackEvent } from "../../../src/engines/connect/index.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import type { CloudObject } from "../../../src/model/tenant-types.js";
import type { World } from "../../../src/model/world.js";
import { MINUTE, SECOND } from "../../../src/scheduler/duration.js";
import { smallWorld } from "./fixtures.js";

function setup(features: Parameters<ConnectEngine["enableFeatures"]>[0], config = {}) {
  const { world, people, sales } = smallWorld(2);
  const engine = new ConnectEngine(config);
  engine.attach(world);
  expect(engine.enableFeatures(features)).toEqual([]);
  engine.start();
  const writebacks: WritebackEvent[] = [];
  engine.connectEvents.on("writeback", (e) => writebacks.push(e));
  world.scheduler.run({ until: 10 * MINUTE });
  return { world, engine, people, sales, writebacks };
}

/** A cloud-only object, as if created in the portal (the tenant model offers no such call for groups/devices). */
function addCloudObject(
  world: World,
  object: Pick<CloudObject, "cloudId" | "objectType" | "attributes">,
): void {
  world.tenant.createCloudObject({
    cloudId: object.cloudId,
    objectType: object.objectType as "group" | "device",
    attributes: object.attributes,
  });
}

describe("Connect writeback", () => {
  it("password writeback: a cloud reset reaches AD within seconds, as a salted hash", () => {
    const { world, people, writebacks } = setup(["password-writeback"]);
    const ad = world.forest();
    const cloud = world.tenant.getByAnchor(sourceAnchorOf(people[0]!))!;
    const landed: number[] = [];
    ad.events.on("password", (e) => landed.push(e.at));
    const at = world.scheduler.now;
    world.tenant.resetPassword(cloud.cloudId, "Reset-pass1");
    world.scheduler.run({ until: at + 5 * SECOND });
    // concept-sspr-writeback: real time; the relay round trip is the 2 s default.
    expect(landed).toEqual([at + 2 * SECOND]);
    expect(writebacks).toEqual([{ at: at + 2 * SECOND, kind: "password", cloudId: cloud.cloudId, ok: true }]);
    expect(ad.authenticate(people[0]!.objectGUID, "Reset-pass1")).toEqual({ ok: true });
  });

  it("password writeback fails at once with a reason while the server is down, or only a staging server is up", () => {
    const { world, engine, people, writebacks } = setup(["password-writeback"]);
    const cloud = world.tenant.getByAnchor(sourceAnchorOf(people[0]!))!;
    engine.fault("primary", "crash");
    const at = world.scheduler.now;
    world.tenant.resetPassword(cloud.cloudId, "Reset-pass1");
    world.scheduler.run({ until: at + 5 * SECOND });
    expect(writebacks).toEqual([
      {
        at,
        kind: "password",
        cloudId: cloud.cloudId,
        ok: false,
        reason: "no active sync server is up (staging servers do not write back)",
      },
    ]);
    expect(engine.incidents.at(-1)).toEqual({
      at,
      kind: "writeback-failed",
      detail: `password writeback for ${cloud.attributes.userPrincipalName} failed: no active sync server is up (staging servers do not write back)`,
    });
    expect(world.forest().passwordOf(people[0]!.objectGUID)).toBeUndefined();
    engine.fault("primary", "restart");
    world.cloudLink.cut();
    world.tenant.resetPassword(cloud.cloudId, "Reset-pass2");
    world.scheduler.run({ until: world.scheduler.now + SECOND });
    expect(writebacks.at(-1)).toMatchObject({ ok: false, reason: "the on-premises link is down" });
  });

  it("a staging server never writes back", () => {
    const { world, engine, people, writebacks } = setup(["password-writeback"], {
      servers: [{ name: "primary" }, { name: "standby", staging: true }],
    });
    const cloud = world.tenant.getByAnchor(sourceAnchorOf(people[0]!))!;
    expect(engine.perform({ action: "demote", target: "primary" }).status).toBe("done");
    world.tenant.resetPassword(cloud.cloudId, "Reset-pass1");
    world.scheduler.run({ until: world.scheduler.now + 5 * SECOND });
    expect(writebacks).toMatchObject([{ ok: false, reason: expect.stringContaining("staging") }]);
  });

  it("group writeback: a cloud group lands in AD at the next cycle with its synced members, and is not synced back", () => {
    const { world, people, writebacks } = setup(["group-writeback"]);
    const members = people.map((p) => sourceAnchorOf(p));
    addCloudObject(world, {
      cloudId: "c1d2",
      objectType: "group",
      attributes: { displayName: "Team", groupTypes: ["Unified"], members },
    });
    world.scheduler.run({ until: 35 * MINUTE });
    const group = world.forest().find("Group_c1d2");
    expect(group?.attributes.member).toEqual(people.map((p) => p.objectGUID));
    expect(group?.attributes.groupType).toBe(8);
    expect(writebacks.map((w) => [w.kind, w.cloudId, w.ok])).toEqual([["group", "c1d2", true]]);
    world.scheduler.run({ until: 70 * MINUTE });
    expect([...world.tenant.objects("group")].filter((g) => g.dirSyncEnabled)).toHaveLength(0);
  });

  it("group writeback leaves a cloud security group in the cloud: v2, which wrote them, is retired", () => {
    // groups-write-back-portal: after 2024-06-30 Connect Sync no longer provisions cloud security groups
    // to AD; v1 writes Microsoft 365 groups. Before, this group was written as a universal security group.
    const { world, people, writebacks } = setup(["group-writeback"]);
    addCloudObject(world, {
      cloudId: "sec1",
      objectType: "group",
      attributes: { displayName: "Secure", members: people.map((p) => sourceAnchorOf(p)) },
    });
    world.scheduler.run({ until: 70 * MINUTE });
    expect(world.forest().find("Group_sec1")).toBeUndefined();
    expect(writebacks).toEqual([]);
  });

  it("group writeback respects the documented member limits", () => {
    const { world, engine } = setup(["group-writeback"]);
    addCloudObject(world, {
      cloudId: "big",
      objectType: "group",
      attributes: {
        displayName: "Big",
        groupTypes: ["Unified"],
        members: Array.from({ length: 50_001 }, (_, i) => `m${i}`),
      },
    });
    world.scheduler.run({ until: 35 * MINUTE });
    expect(world.forest().find("Group_big")).toBeUndefined();
    expect(engine.incidents.filter((i) => i.kind === "limit-exceeded").map((i) => i.detail)).toEqual([
      'primary: group "Big" has 50,001 members, over the writeback limit of 50,000; not written back',
    ]);
  });

  it("device writeback: a cloud device lands in AD at the cycle; refused with several forests", () => {
    const { world } = setup(["device-writeback"]);
    addCloudObject(world, { cloudId: "dev1", objectType: "device", attributes: { displayName: "Laptop" } });
    world.scheduler.run({ until: 35 * MINUTE });
    expect(world.forest().find("Device_dev1$")?.attributes.displayName).toBe("Laptop");
    const { World: W } = { World: world.constructor as typeof World };
    const two = new W({ seed: 1, forests: [{ name: "a.com" }, { name: "b.com" }] });
    const engine = new ConnectEngine();
    engine.attach(two);
    expect(engine.enableFeatures(["device-writeback"])).toEqual(["device-writeback"]);
  });
});
