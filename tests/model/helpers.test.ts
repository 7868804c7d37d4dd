import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isEnabled, normaliseAttribute, UAC_ACCOUNT_DISABLE } from "../../src/model/ad-object.js";
import { guidToImmutableId, sourceAnchorOf } from "../../src/model/anchor.js";
import {
  cloudTypeOf,
  projectFlow,
  STANDARD_FLOWS,
  standardProjection,
} from "../../src/model/cloud-schema.js";
import { dnComponent, dnKey, domainToDn, isUnder, qualifyDn, rdnValue, splitDn } from "../../src/model/dn.js";
import {
  deriveCloudCredential,
  hashPassword,
  saltedHash,
  verifyCloudCredential,
  verifyPassword,
} from "../../src/model/passwords.js";
import { WriteThrottle } from "../../src/model/throttle.js";
import { createWorld } from "../../src/model/world.js";
import { MINUTE } from "../../src/scheduler/duration.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { thrown } from "../fixtures/errors.js";
import { smallDirectory } from "./fixtures.js";

describe("WriteThrottle", () => {
  it("allows `limit` writes in any sliding window and says how long to wait", () => {
    const throttle = new WriteThrottle(3, 100);
    expect(throttle.tryAcquire(0)).toBe(true);
    expect(throttle.tryAcquire(10)).toBe(true);
    expect(throttle.tryAcquire(20)).toBe(true);
    expect(throttle.waitTime(20)).toBe(80);
    expect(throttle.tryAcquire(99)).toBe(false);
    expect(throttle.waitTime(99)).toBe(1);
    expect(throttle.tryAcquire(100)).toBe(true);
    expect(throttle.waitTime(100)).toBe(10);
    expect(throttle.tryAcquire(110)).toBe(true);
    expect(throttle.tryAcquire(119)).toBe(false);
  });

  it("defaults to 7,000 writes per 5 minutes", () => {
    const throttle = new WriteThrottle();
    expect(throttle.limit).toBe(7_000);
    expect(throttle.windowMs).toBe(5 * MINUTE);
    for (let i = 0; i < 7_000; i++) expect(throttle.tryAcquire(0)).toBe(true);
    expect(throttle.tryAcquire(0)).toBe(false);
    expect(throttle.waitTime(0)).toBe(5 * MINUTE);
  });
});

describe("DN helpers", () => {
  it("compare case- and space-insensitively and split into RDN and parent", () => {
    expect(dnKey(" CN=Ann Lee , OU=Sales,DC=contoso,DC=com ")).toBe("cn=ann lee,ou=sales,dc=contoso,dc=com");
    expect(dnKey("CN=Ann,DC=x")).toBe("cn=ann,dc=x");
    expect(splitDn("CN=Ann,OU=Sales,DC=x")).toEqual({ rdn: "CN=Ann", parent: "OU=Sales,DC=x" });
    expect(splitDn("DC=x")).toEqual({ rdn: "DC=x", parent: "" });
    expect(() => splitDn("nonsense", "ou")).toThrow(
      expect.objectContaining({ code: "invalid-dn", message: expect.stringContaining("ou") }),
    );
    expect(rdnValue("CN=Ann Lee,OU=x")).toBe("Ann Lee");
    expect(isUnder("CN=a,OU=Sales,DC=x", "ou=sales,dc=x")).toBe(true);
    expect(isUnder("OU=Sales,DC=x", "OU=Sales,DC=x")).toBe(true);
    expect(isUnder("CN=a,OU=PreSales,DC=x", "OU=Sales,DC=x")).toBe(false);
    expect(domainToDn("emea.contoso.com")).toBe("DC=emea,DC=contoso,DC=com");
    expect(qualifyDn("OU=Sales", "contoso.com")).toBe("OU=Sales,DC=contoso,DC=com");
    expect(qualifyDn("OU=Sales,DC=contoso,DC=com", "contoso.com")).toBe("OU=Sales,DC=contoso,DC=com");
    expect(dnComponent("CN=Ann,OU=Sales,DC=x", 2)).toBe("Sales");
    expect(dnComponent("CN=Ann", 3)).toBeUndefined();
  });
});

describe("anchors", () => {
  it("turn a GUID into the mixed-endian base64 ImmutableId", () => {
    const expected = Buffer.from("33221100554477668899aabbccddeeff", "hex").toString("base64");
    expect(guidToImmutableId("00112233-4455-6677-8899-aabbccddeeff")).toBe(expected);
    expect(guidToImmutableId("not-a-guid")).toBe(Buffer.from("not-a-guid").toString("base64"));
  });

  it("encode every GUID as Buffer's base64 of its mixed-endian bytes, whatever the case of its digits", () => {
    const reference = (hex: string) => {
      const b = Buffer.from(hex, "hex");
      return Buffer.concat([
        b.subarray(0, 4).reverse(),
        b.subarray(4, 6).reverse(),
        b.subarray(6, 8).reverse(),
        b.subarray(8),
      ]).toString("base64");
    };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.boolean(), (raw, upper) => {
        const hex = Buffer.from(raw).toString("hex");
        const text = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
        expect(guidToImmutableId(upper ? text.toUpperCase() : text)).toBe(reference(hex));
      }),
    );
  });

  it("use mS-DS-ConsistencyGuid when set, else objectGUID", () => {
    const { directory, sales } = smallDirectory();
    const ann = directory.create({ objectClass: "user", parentDn: sales.dn, name: "ann" });
    expect(sourceAnchorOf(ann)).toBe(guidToImmutableId(ann.objectGUID));
    const stamped = directory.modify(ann.objectGUID, {
      "mS-DS-ConsistencyGuid": "00112233-4455-6677-8899-aabbccddeeff",
    });
    expect(sourceAnchorOf(stamped)).toBe(guidToImmutableId("00112233-4455-6677-8899-aabbccddeeff"));
  });
});

describe("standardProjection", () => {
  /** Ann, reporting to boss, with `attributes` besides her UPN and manager. */
  function annAndBoss(attributes: Record<string, string | string[]>) {
    const { directory, sales } = smallDirectory();
    const boss = directory.create({ objectClass: "user", parentDn: sales.dn, name: "boss" });
    const ann = directory.create({
      objectClass: "user",
      parentDn: sales.dn,
      name: "ann",
      attributes: { userPrincipalName: "ann@contoso.com", manager: boss.objectGUID, ...attributes },
    });
    return { directory, sales, boss, ann };
  }

  it("maps the standard user attributes, the enabled flag and references to anchors", () => {
    const { directory, boss, ann } = annAndBoss({ sn: "Lee", title: "Dev", employeeType: "x" });
    const anchors = new Map([[boss.objectGUID, "BOSS"]]);
    expect(standardProjection(ann, (guid) => anchors.get(guid))).toEqual({
      userPrincipalName: "ann@contoso.com",
      surname: "Lee",
      jobTitle: "Dev",
      onPremisesSamAccountName: "ann",
      accountEnabled: true,
      manager: "BOSS",
    });
    const disabled = directory.disable(ann.objectGUID);
    const projected = standardProjection(disabled, () => undefined);
    expect(projected.accountEnabled).toBe(false);
    expect(projected.manager).toBeUndefined();
  });

  it("projects group members that are synced, and nothing for OUs", () => {
    const { directory, sales } = smallDirectory();
    const group = directory.create({ objectClass: "group", parentDn: sales.dn, name: "g" });
    const a = directory.create({ objectClass: "user", parentDn: sales.dn, name: "a" });
    const b = directory.create({ objectClass: "user", parentDn: sales.dn, name: "b" });
    directory.addMember(group.objectGUID, a.objectGUID);
    const full = directory.addMember(group.objectGUID, b.objectGUID);
    expect(standardProjection(full, (guid) => (guid === a.objectGUID ? "A" : undefined))).toEqual({
      onPremisesSamAccountName: "g",
      members: ["A"],
    });
    expect(standardProjection(group, () => undefined)).toEqual({
      onPremisesSamAccountName: "g",
      members: [],
    });
    expect(standardProjection(sales, () => undefined)).toEqual({});
    expect(cloudTypeOf("computer")).toBe("device");
    expect(cloudTypeOf("organizationalUnit")).toBeUndefined();
    expect(STANDARD_FLOWS.device.map((f) => f.target)).toContain("accountEnabled");
  });

  it("projects one flow as the whole projection does (the observer asks for one written attribute)", () => {
    const { directory, sales, boss, ann } = annAndBoss({ proxyAddresses: ["SMTP:a@x"] });
    const group = directory.create({ objectClass: "group", parentDn: sales.dn, name: "g" });
    const full = directory.addMember(group.objectGUID, ann.objectGUID);
    const anchorOf = (guid: string) => (guid === boss.objectGUID ? undefined : `anchor-${guid}`);
    for (const object of [ann, directory.disable(ann.objectGUID), group, full]) {
      const type = cloudTypeOf(object.objectClass);
      if (!type) throw new Error("not synced");
      const whole = standardProjection(object, anchorOf);
      for (const flow of STANDARD_FLOWS[type])
        expect(projectFlow(object, flow, anchorOf)).toEqual(whole[flow.target]);
    }
    // A group without members projects an empty member list.
    const members = STANDARD_FLOWS.group.find((flow) => flow.target === "members");
    expect(members && projectFlow(group, members, anchorOf)).toEqual([]);
  });
});

describe("attributes and passwords", () => {
  it("normaliseAttribute stores lists frozen and deduplicated; empty or null clears", () => {
    const list = normaliseAttribute("user", "proxyAddresses", ["a", "b", "a"]);
    expect(list).toEqual(["a", "b"]);
    expect(Object.isFrozen(list)).toBe(true);
    expect(normaliseAttribute("user", "proxyAddresses", "x")).toEqual(["x"]);
    expect(normaliseAttribute("user", "proxyAddresses", [])).toBeUndefined();
    expect(normaliseAttribute("user", "title", null)).toBeUndefined();
    expect(() => normaliseAttribute("user", "toString", "x")).toThrow(
      expect.objectContaining({ code: "invalid-attribute" }),
    );
    expect(() => normaliseAttribute("organizationalUnit", "title", "x")).toThrow(
      expect.objectContaining({ code: "invalid-attribute" }),
    );
    expect(() => normaliseAttribute("user", "title", "x".repeat(1025))).toThrow(
      expect.objectContaining({ code: "invalid-attribute" }),
    );
  });

  it("isEnabled reads the ACCOUNTDISABLE bit", () => {
    const { directory, sales } = smallDirectory();
    const ann = directory.create({ objectClass: "user", parentDn: sales.dn, name: "ann" });
    expect(isEnabled(ann)).toBe(true);
    expect(
      isEnabled(directory.modify(ann.objectGUID, { userAccountControl: 512 | UAC_ACCOUNT_DISABLE })),
    ).toBe(false);
    expect(isEnabled(sales)).toBe(true);
  });

  it("salted hashes verify the right password only; cloud credentials re-hash the AD hash", () => {
    const hash = hashPassword("Pw-1", "salt", 4);
    expect(hash).toEqual({ version: 4, salt: "salt", hash: saltedHash("salt", "Pw-1") });
    expect(hash.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyPassword(hash, "Pw-1")).toBe(true);
    expect(verifyPassword(hash, "Pw-2")).toBe(false);
    expect(hashPassword("Pw-1", "other", 4).hash).not.toBe(hash.hash);
    const credential = deriveCloudCredential(hash, "cloudsalt");
    expect(credential).toMatchObject({
      version: 4,
      sourceSalt: "salt",
      cloudSalt: "cloudsalt",
      origin: "phs",
    });
    expect(credential.hash).not.toBe(hash.hash);
    expect(verifyCloudCredential(credential, "Pw-1")).toBe(true);
    expect(verifyCloudCredential(credential, "nope")).toBe(false);
  });
});

describe("passwords of the wrong type", () => {
  it("are refused by type, never hashed as their text nor printed", () => {
    const stored = hashPassword("Secret-1", "salt", 1);
    const credential = deriveCloudCredential(stored, "cloud");
    for (const wrong of [undefined, null, 1234, { pw: "x" }] as unknown[]) {
      for (const call of [
        () => hashPassword(wrong as string, "salt", 1),
        () => verifyPassword(stored, wrong as string),
        () => verifyCloudCredential(credential, wrong as string),
      ]) {
        const error = thrown(call);
        expect(isSimulationError(error, "invalid-argument")).toBe(true);
        const type = wrong === null ? "null" : typeof wrong;
        expect((error as Error).message).toBe(`password: ${type} is not a password (a string)`);
      }
    }
    expect(verifyPassword(stored, "Secret-1")).toBe(true);
    expect(verifyCloudCredential(credential, "Secret-1")).toBe(true);
  });
});

describe("World", () => {
  it("wires the kernel, streams, forests with their DCs, the tenant with its service host and the link", () => {
    const world = createWorld({
      seed: 3,
      forests: [
        { name: "contoso.com" },
        { name: "fabrikam.com", domains: ["fabrikam.com", "eu.fabrikam.com"] },
      ],
      cloudLatencyMs: 40,
    });
    expect([...world.forests.keys()]).toEqual(["contoso.com", "fabrikam.com"]);
    expect(world.forest().forest).toBe("contoso.com");
    expect(world.forest("fabrikam.com").domains).toEqual(["fabrikam.com", "eu.fabrikam.com"]);
    expect([...world.hosts.keys()]).toEqual(["cloud", "dc:contoso.com", "dc:fabrikam.com"]);
    expect(world.forest().readerDc).toBe(world.hosts.get("dc:contoso.com"));
    expect(world.cloudLink.latencyMs).toBe(40);
    world.hosts.get("cloud")?.crash();
    expect(world.tenant.isAvailable).toBe(false);
    expect(() => world.forest("nope")).toThrow(expect.objectContaining({ code: "no-such-object" }));
    expect(() => world.addHost("cloud", "other")).toThrow(
      expect.objectContaining({ code: "duplicate-identity" }),
    );
    expect(() => createWorld({ seed: 1, forests: [{ name: "a.com" }, { name: "a.com" }] })).toThrow(
      expect.objectContaining({ code: "duplicate-identity" }),
    );
  });

  it("is deterministic: the same seed gives the same GUIDs whatever other streams drew", () => {
    const a = createWorld({ seed: 5 });
    const b = createWorld({ seed: 5 });
    b.random.stream("engine:connect").float();
    const ua = a.forest().create({ objectClass: "user", parentDn: "DC=contoso,DC=com", name: "x" });
    const ub = b.forest().create({ objectClass: "user", parentDn: "DC=contoso,DC=com", name: "x" });
    expect(ua.objectGUID).toBe(ub.objectGUID);
    expect(
      createWorld({ seed: 6 })
        .forest()
        .create({ objectClass: "user", parentDn: "DC=contoso,DC=com", name: "x" }).objectGUID,
    ).not.toBe(ua.objectGUID);
  });
});
