import type { CloudValue } from "./cloud-schema.js";
import { isSoftMatchTarget, type TenantIndex } from "./tenant-index.js";
import type { CloudObject, UpsertRequest } from "./tenant-types.js";

/**
 * Soft match (reference.md A, "Matching, conflicts"): a synced user whose anchor the tenant does not know,
 * and that no hard match restores, takes over the cloud-managed user with its UPN or primary SMTP address
 * instead of being created beside it.
 */

/**
 * The user a synced write of a new anchor soft-matches, if any: none for other types or while soft match
 * is `blocked`.
 *
 * @internal
 */
export function softMatchCandidate(
  index: TenantIndex,
  request: UpsertRequest,
  blocked: boolean | undefined,
): CloudObject | undefined {
  if (blocked || request.objectType !== "user") return undefined;
  // Only a cloud-managed user can be taken over (see below): with none in the tenant — one filled by sync
  // alone, as after every initial export — there is no candidate to look up.
  if (index.softMatchTargetCount === 0) return undefined;
  const upn = request.attributes.userPrincipalName;
  const primary = primarySmtp(request.attributes.proxyAddresses);
  const byUpn = typeof upn === "string" ? index.findByUpn(upn) : undefined;
  const bySmtpAddress = primary ? index.findByProxy(`smtp:${primary}`) : undefined;
  // Soft match uses the candidate's primary address (`SMTP:`), not a secondary `smtp:` one.
  const bySmtp =
    bySmtpAddress &&
    primarySmtp(bySmtpAddress.attributes.proxyAddresses)?.toLowerCase() === primary?.toLowerCase()
      ? bySmtpAddress
      : undefined;
  const candidate = byUpn ?? bySmtp;
  // Only cloud-managed objects are soft-matched; a synced object with another anchor is a conflict.
  return candidate !== undefined && isSoftMatchTarget(candidate) ? candidate : undefined;
}

function primarySmtp(proxies: CloudValue | undefined): string | undefined {
  if (!Array.isArray(proxies)) return undefined;
  const primary = (proxies as string[]).find((p) => p.startsWith("SMTP:"));
  return primary?.slice(5);
}
