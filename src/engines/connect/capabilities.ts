import type { Capability, Feature } from "../engine.js";

const row = (feature: Feature, supported: boolean, reason: string): Capability =>
  Object.freeze({ feature, supported, reason });

/**
 * What Microsoft Entra Connect Sync supports, per reference.md part A.
 *
 * @public
 */
export const CONNECT_CAPABILITIES: readonly Capability[] = Object.freeze([
  row("password-hash-sync", true, "own 2-minute loop (how-to-connect-password-hash-synchronization)"),
  row(
    "pass-through-authentication",
    true,
    "PTA agents (3 by default, how-to-connect-pta-faq) validate against AD in real time; no fallback (how-to-connect-pta-how-it-works)",
  ),
  row(
    "federation",
    true,
    "a federation host validates sign-ins; PHS as backup on an admin switch (choose-ad-authn)",
  ),
  row(
    "password-writeback",
    true,
    "real time via a relay, active server only; fails at once when it is down (concept-sspr-writeback)",
  ),
  row(
    "group-writeback",
    true,
    "v1: Microsoft 365 groups as distribution groups at the cycle, up to 50,000 members; v2 (cloud security groups) retired after 2024-06-30 (reference.md Writeback, groups-write-back-portal)",
  ),
  row("device-writeback", true, "single forest (reference.md Writeback)"),
  row(
    "exchange-hybrid-writeback",
    true,
    "Exchange hybrid attributes to the cloud, and Exchange Online's settings written back to AD at the cycle (reference-connect-sync-attributes-synchronized)",
  ),
  row(
    "group-provisioning-to-ad",
    false,
    "a Cloud Sync feature (reference.md B, Limits and features); Connect has group writeback instead",
  ),
  row(
    "multi-forest",
    true,
    "one AD connector and connector space per forest (concept-azure-ad-connect-sync-architecture)",
  ),
  row(
    "multi-forest-merge",
    true,
    "users joined across forests by a join rule, precedence picks each value (concept-azure-ad-connect-sync-declarative-provisioning)",
  ),
  row(
    "staging-server",
    true,
    "imports and syncs, exports nothing; manual promotion (how-to-connect-sync-staging-server)",
  ),
  row(
    "custom-sync-rules",
    true,
    "declarative rules with scoping, join groups and expressions (concept-azure-ad-connect-sync-declarative-provisioning, reference-connect-sync-functions-reference)",
  ),
  row(
    "on-demand-provisioning",
    false,
    "a Cloud Sync feature (reference.md B, Timing); Connect offers a manual cycle instead",
  ),
  row(
    "accidental-delete-prevention",
    true,
    "export deletion threshold, 500 (how-to-connect-sync-feature-prevent-accidental-deletes)",
  ),
  row(
    "high-availability",
    false,
    "only one server may export; a staging server is a warm standby with manual promotion (how-to-connect-sync-staging-server)",
  ),
]);

/**
 * Features this build models: every feature the capability table marks supported.
 *
 * @public
 */
export const CONNECT_MODELLED_FEATURES: ReadonlySet<Feature> = new Set<Feature>(
  CONNECT_CAPABILITIES.filter((c) => c.supported).map((c) => c.feature),
);
