import type { AdObject } from "./ad-object.js";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Byte order of a GUID's text form in memory: the first three groups are little-endian (Windows' GUID
// layout), the last two as written. Index i of the ImmutableId's bytes comes from hex byte ORDER[i].
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const bytes = new Uint8Array(16);
const raw = new Uint8Array(16);
// A plain array, not a typed one: `String.fromCharCode.apply` takes a JS array's elements as they are, but
// copies a typed array into a fresh argument list first (~200 bytes per anchor).
const codes: number[] = new Array<number>(24).fill(0);

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Parses 32 hex digits (dashes allowed anywhere) into `bytes` in ImmutableId order; false if not a GUID. */
function parseGuid(guid: string): boolean {
  let nibbles = 0;
  for (let i = 0; i < guid.length; i++) {
    const code = guid.charCodeAt(i);
    if (code === 45) continue; // "-"
    const value = hexValue(code);
    if (value < 0 || nibbles >= 32) return false;
    const index = nibbles >> 1;
    raw[index] = nibbles & 1 ? (raw[index] as number) | value : value << 4;
    nibbles++;
  }
  if (nibbles !== 32) return false;
  for (let i = 0; i < 16; i++) bytes[i] = raw[ORDER[i] as number] as number;
  return true;
}

/**
 * Turns a GUID string into the base64 ImmutableId form Entra ID shows (the GUID's bytes in Windows'
 * mixed-endian order, base64-encoded). A value that is not a GUID is base64-encoded as UTF-8 text.
 *
 * @remarks Called for every object an engine or observer touches, so it parses and encodes by hand
 * instead of building regexes and Buffers per call.
 * @public
 */
export function guidToImmutableId(guid: string): string {
  if (!parseGuid(guid)) return Buffer.from(guid, "utf8").toString("base64");
  // One flat string from its char codes: `+=` concatenation leaves a chain of rope pieces behind every
  // anchor an engine or the tenant keeps (150,000 objects × several stores), several times the memory.
  let c = 0;
  for (let i = 0; i < 15; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    codes[c++] = BASE64.charCodeAt(n >> 18);
    codes[c++] = BASE64.charCodeAt((n >> 12) & 63);
    codes[c++] = BASE64.charCodeAt((n >> 6) & 63);
    codes[c++] = BASE64.charCodeAt(n & 63);
  }
  const last = bytes[15] as number;
  codes[20] = BASE64.charCodeAt(last >> 2);
  codes[21] = BASE64.charCodeAt((last & 3) << 4);
  codes[22] = 61; // "="
  codes[23] = 61;
  return String.fromCharCode.apply(null, codes);
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
