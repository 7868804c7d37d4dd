import { hash } from "node:crypto";

/**
 * Scenario passwords, derived on demand and never kept.
 *
 * The harness needs a user's current and previous password for scripted sign-ins, but the model must never
 * hold a plaintext password (design.md "Model contracts"). So a password is a pure function of the
 * scenario seed, the user's objectGUID and a serial number the harness keeps per user: it is recomputed at
 * the instant it is typed and dropped at once. Only the serial (a counter) is stored.
 */

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
  return `Pw!${digest.slice(0, 18)}9a`;
}
