import { hash } from "node:crypto";
import { SimulationError } from "../scheduler/errors.js";

/**
 * A password a caller passed, checked: a string. Anything else would be hashed as its text ("undefined")
 * and verify later against that same mistake.
 */
function checkedSecret(password: unknown, field: string): string {
  if (typeof password === "string") return password;
  // Named by its type only: the value may be a password of the wrong type, and none is ever printed.
  const type = password === null ? "null" : typeof password;
  throw new SimulationError("invalid-argument", `${field}: ${type} is not a password (a string)`, {
    field,
    value: type,
  });
}

/**
 * A salted password hash with its version: what the directory keeps instead of a password, and what
 * travels on the password channel. No plaintext password is ever stored or emitted by the simulator.
 *
 * @remarks This models the product's hash chain (MD4 → per-user salt → PBKDF2-HMAC-SHA256 ×1,000,
 * `how-to-connect-password-hash-synchronization`); it is not a vault. One SHA-256 stands for the chain, and
 * the PBKDF2 cost is charged in virtual time by the engines, not in CPU.
 * @public
 */
export interface PasswordHash {
  /** Per-user change counter, 1 for the first password. */
  readonly version: number;
  /** Hex salt, drawn from a seeded stream. */
  readonly salt: string;
  /** Hex SHA-256 of salt and password. */
  readonly hash: string;
}

/** SHA-256 of `salt` and `secret`, hex. @public */
export function saltedHash(salt: string, secret: string): string {
  // One-shot crypto.hash (Node >= 20.12): the same digest as a streamed createHash of the three parts, at
  // a third of the cost — every password write and sign-in check of a 150,000-user run comes here.
  return hash("sha256", `${salt}\u0000${secret}`, "hex");
}

/**
 * Hashes a password with a salt and version.
 *
 * @throws SimulationError `invalid-argument` when `password` is not a string
 * @public
 */
export function hashPassword(password: string, salt: string, version: number): PasswordHash {
  return { version, salt, hash: saltedHash(salt, checkedSecret(password, "password")) };
}

/**
 * True when `password` is the one `stored` was made from.
 *
 * @throws SimulationError `invalid-argument` when `password` is not a string
 * @public
 */
export function verifyPassword(stored: PasswordHash, password: string): boolean {
  return saltedHash(stored.salt, checkedSecret(password, "password")) === stored.hash;
}

/**
 * The cloud's copy of a synced hash: the on-premises hash hashed again with a cloud salt, as password hash
 * sync re-hashes before sending. The cloud can verify a sign-in without ever holding the AD hash itself.
 *
 * @public
 */
export interface CloudCredential {
  /** Version of the on-premises password it came from (or of the cloud reset). */
  readonly version: number;
  /** Salt of the on-premises hash (needed to recompute it from a typed password). */
  readonly sourceSalt: string;
  /** Cloud salt. */
  readonly cloudSalt: string;
  /** Hex SHA-256 of cloud salt and the on-premises hash. */
  readonly hash: string;
  /** `phs` for a synced hash, `cloud` for a password set in the cloud (SSPR). */
  readonly origin: "phs" | "cloud";
}

/** Derives the cloud credential from an on-premises hash. @public */
export function deriveCloudCredential(
  source: PasswordHash,
  cloudSalt: string,
  origin: "phs" | "cloud" = "phs",
): CloudCredential {
  return {
    version: source.version,
    sourceSalt: source.salt,
    cloudSalt,
    hash: saltedHash(cloudSalt, source.hash),
    origin,
  };
}

/**
 * True when `password` matches a cloud credential.
 *
 * @throws SimulationError `invalid-argument` when `password` is not a string
 * @public
 */
export function verifyCloudCredential(credential: CloudCredential, password: string): boolean {
  const secret = checkedSecret(password, "password");
  return saltedHash(credential.cloudSalt, saltedHash(credential.sourceSalt, secret)) === credential.hash;
}
