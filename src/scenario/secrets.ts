import { hash } from "node:crypto";

/**
 * Scenario passwords, derived on demand and never kept.
 *
 * The harness needs a user's current and previous password for scripted sign-ins, but the model must never
 * hold a plaintext password (design.md "Model contracts"). So a password is a pure function of the
 * scenario seed, the user's objectGUID and a serial number the harness keeps per user: it is recomputed at
 * the instant it is typed and dropped at once. Only the serial (a counter) is stored.
 */

// "Pw!" + 18 digest characters + "9a", assembled as char codes: one flat string per password rather than
// a slice and two concatenations (which the model's hashing then flattens into a fourth string).
const PREFIX = "Pw!";
const SUFFIX = "9a";
const DIGEST_CHARS = 18;
const codes: number[] = Array.from(`${PREFIX}${"x".repeat(DIGEST_CHARS)}${SUFFIX}`, (c) => c.charCodeAt(0));

/**
 * The `serial`-th password of a user in a scenario run: deterministic, complex enough for any policy.
 *
 * @param seed - scenario seed
 * @param objectGUID - the user
 * @param serial - 1 for the initial password, +1 per change or reset
 * @public
 */
export function scenarioPassword(seed: number, objectGUID: string, serial: number): string {
  const digest = hash("sha256", `${seed}:${objectGUID}:${serial}`, "base64url");
  for (let i = 0; i < DIGEST_CHARS; i++) codes[PREFIX.length + i] = digest.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}
