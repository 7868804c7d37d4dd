import type { AdObject } from "./ad-object.js";

// The base64 alphabet as char codes, and each ASCII code's hex value (-1 for a non-hex character).
const BASE64 = Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", (c) =>
  c.charCodeAt(0),
);
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE["0123456789abcdef".charCodeAt(i)] = i;
  HEX_VALUE["0123456789ABCDEF".charCodeAt(i)] = i;
}
// Byte order of a GUID's text form in memory: the first three groups are little-endian (Windows' GUID
// layout), the last two as written. Index i of the ImmutableId's bytes comes from hex byte ORDER[i].
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const raw = new Uint8Array(16);

/** Parses 32 hex digits (dashes allowed anywhere) into `raw`, in text order; false if not a GUID. */
function parseGuid(guid: string): boolean {
  let nibbles = 0;
  for (let i = 0; i < guid.length; i++) {
    const code = guid.charCodeAt(i);
    if (code === 45) continue; // "-"
    const value = code < 128 ? (HEX_VALUE[code] as number) : -1;
    if (value < 0 || nibbles >= 32) return false;
    const index = nibbles >> 1;
    raw[index] = nibbles & 1 ? (raw[index] as number) | value : value << 4;
    nibbles++;
  }
  return nibbles === 32;
}

/** Byte `i` of the ImmutableId (in Windows' order). */
function byteAt(i: number): number {
  return raw[ORDER[i] as number] as number;
}

/** Bytes `i`..`i + 2` of the ImmutableId as one 24-bit number: four base64 characters. */
function tripleAt(i: number): number {
  return (byteAt(i) << 16) | (byteAt(i + 1) << 8) | byteAt(i + 2);
}

/** The char code of base64 digit `n` (its low six bits). */
function digit(n: number): number {
  return BASE64[n & 63] as number;
}

/**
 * Turns a GUID string into the base64 ImmutableId form Entra ID shows (the GUID's bytes in Windows'
 * mixed-endian order, base64-encoded). A value that is not a GUID is base64-encoded as UTF-8 text.
 *
 * @remarks Called for every object an engine or observer touches, so it parses and encodes by hand
 * instead of building regexes and Buffers per call, and makes the 24 characters in one call with one
 * argument each: one flat string (`+=` concatenation leaves a chain of rope pieces behind every anchor an
 * engine or the tenant keeps), without the argument list `String.fromCharCode.apply` builds from an array.
 * @public
 */
export function guidToImmutableId(guid: string): string {
  if (!parseGuid(guid)) return Buffer.from(guid, "utf8").toString("base64");
  const a = tripleAt(0);
  const b = tripleAt(3);
  const c = tripleAt(6);
  const d = tripleAt(9);
  const e = tripleAt(12);
  const last = byteAt(15);
  // biome-ignore format: four characters per line, one line per three bytes
  return String.fromCharCode(
    digit(a >> 18), digit(a >> 12), digit(a >> 6), digit(a),
    digit(b >> 18), digit(b >> 12), digit(b >> 6), digit(b),
    digit(c >> 18), digit(c >> 12), digit(c >> 6), digit(c),
    digit(d >> 18), digit(d >> 12), digit(d >> 6), digit(d),
    digit(e >> 18), digit(e >> 12), digit(e >> 6), digit(e),
    digit(last >> 2), digit((last & 3) << 4), 61, 61, // "=="
  );
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
