import type { Capability, Feature } from "../engine.js";

/**
 * Features this build models now; the rest of Connect's supported features arrive with the rule-language
 * issue and are refused by `enableFeatures` as "not yet modelled" until then.
 *
 * @public
 */
export const CONNECT_MODELLED_FEATURES: ReadonlySet<Feature> = new Set<Feature>([
  "password-hash-sync",
  "staging-server",
  "multi-forest",
  "accidental-delete-prevention",
]);

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
    "PTA agents validate against AD (how-to-connect-pta-how-it-works); not yet modelled in this build",
  ),
  row("federation", true, "AD FS validates sign-ins (choose-ad-authn); not yet modelled in this build"),
  row(
    "password-writeback",
    true,
    "real time via a relay (concept-sspr-writeback); not yet modelled in this build",
  ),
  row(
    "group-writeback",
    true,
    "v1, Microsoft 365 groups at the cycle (reference.md Writeback); not yet modelled in this build",
  ),
  row("device-writeback", true, "single forest (reference.md Writeback); not yet modelled in this build"),
  row(
    "exchange-hybrid-writeback",
    true,
    "Exchange hybrid attributes (reference-connect-sync-attributes-synchronized); not yet modelled in this build",
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
    "users joined across forests by a join rule (concept-azure-ad-connect-sync-declarative-provisioning); not yet modelled in this build",
  ),
  row(
    "staging-server",
    true,
    "imports and syncs, exports nothing; manual promotion (how-to-connect-sync-staging-server)",
  ),
  row(
    "custom-sync-rules",
    true,
    "declarative rules with expressions (concept-azure-ad-connect-sync-declarative-provisioning); not yet modelled in this build",
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
