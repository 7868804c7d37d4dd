import { SimulationError, show } from "../scheduler/errors.js";

/**
 * Distinguished-name helpers. DNs compare case-insensitively, as in AD; the simulator keeps them in the
 * form written and compares their {@link dnKey}.
 */

const SPACED_COMMA = /\s,|,\s/;

/** The comparison key of a DN: lower case, no spaces around separators. @public */
export function dnKey(dn: string): string {
  // Fast path: most DNs are written without spaces around the commas (every lookup goes through here).
  if (!SPACED_COMMA.test(dn) && dn.trim() === dn) return dn.toLowerCase();
  return dn
    .split(",")
    .map((part) => part.trim())
    .join(",")
    .toLowerCase();
}

/** A DN split into its first RDN and its parent. @public */
export interface DnParts {
  /** First RDN, e.g. `CN=Ann`. */
  readonly rdn: string;
  /** The rest, e.g. `OU=Sales,DC=contoso,DC=com` (empty for a root). */
  readonly parent: string;
}

/** Splits a DN into its RDN (`CN=Ann`) and parent (`OU=Sales,DC=contoso,DC=com`). @public */
export function splitDn(dn: string, field = "dn"): DnParts {
  const text = dn.trim();
  const comma = text.indexOf(",");
  const rdn = comma < 0 ? text : text.slice(0, comma);
  if (!/^[A-Za-z]+=[^=]+$/.test(rdn.trim())) {
    throw new SimulationError("invalid-dn", `${field}: ${show(dn)} is not a distinguished name`, {
      field,
      value: dn,
    });
  }
  return { rdn: rdn.trim(), parent: comma < 0 ? "" : text.slice(comma + 1).trim() };
}

/** The value of a DN's first RDN (`CN=Ann Lee,OU=x` → `Ann Lee`). @public */
export function rdnValue(dn: string): string {
  const { rdn } = splitDn(dn);
  return rdn.slice(rdn.indexOf("=") + 1).trim();
}

/** True when `dn` is `container` or lies below it. @public */
export function isUnder(dn: string, container: string): boolean {
  const key = dnKey(dn);
  const base = dnKey(container);
  return key === base || key.endsWith(`,${base}`);
}

/**
 * Whether `value` is a DNS name as forests and domains are written: letters, digits and hyphens in
 * dot-separated labels, at least `labels` of them (a scenario's forest wants two, `contoso.com`; a world
 * built by hand may use one). @internal
 */
export function isDnsName(value: unknown, labels = 1): value is string {
  return (
    typeof value === "string" &&
    /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(value) &&
    value.split(".").length >= labels
  );
}

/** `contoso.com` → `DC=contoso,DC=com`. @public */
export function domainToDn(domain: string): string {
  return domain
    .split(".")
    .filter((label) => label.length > 0)
    .map((label) => `DC=${label}`)
    .join(",");
}

/**
 * Turns an OU written relative to a domain (`OU=Sales`) into a full DN (`OU=Sales,DC=contoso,DC=com`);
 * a DN that already ends in the domain's DN is returned as is.
 *
 * @public
 */
export function qualifyDn(dn: string, domain: string): string {
  const root = domainToDn(domain);
  return isUnder(dn, root) ? dn : `${dn},${root}`;
}

/** The Nth RDN value of a DN, 1-based (`DNComponent` semantics). @public */
export function dnComponent(dn: string, index: number): string | undefined {
  const parts = dn.split(",");
  const part = parts[index - 1];
  if (part === undefined) return undefined;
  const eq = part.indexOf("=");
  return eq < 0 ? undefined : part.slice(eq + 1).trim();
}
