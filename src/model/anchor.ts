import type { AdObject } from "./ad-object.js";

/**
 * Turns a GUID string into the base64 ImmutableId form Entra ID shows (the GUID's bytes in Windows'
 * mixed-endian order, base64-encoded).
 *
 * @public
 */
export function guidToImmutableId(guid: string): string {
  const hex = guid.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return Buffer.from(guid, "utf8").toString("base64");
  const bytes = Buffer.from(hex, "hex");
  const reordered = Buffer.from([
    bytes[3] as number,
    bytes[2] as number,
    bytes[1] as number,
    bytes[0] as number,
    bytes[5] as number,
    bytes[4] as number,
    bytes[7] as number,
    bytes[6] as number,
    ...bytes.subarray(8),
  ]);
  return reordered.toString("base64");
}

/**
 * The source anchor of an AD object: `mS-DS-ConsistencyGuid` when set, else `objectGUID` (both products'
 * default, `how-to-connect-install-existing-tenant`, cloud-sync `concept-how-it-works`), as an ImmutableId.
 *
 * @public
 */
export function sourceAnchorOf(object: AdObject): string {
  const consistency = object.attributes["mS-DS-ConsistencyGuid"];
  return guidToImmutableId(typeof consistency === "string" ? consistency : object.objectGUID);
}
