import type { Capability, Feature } from "../engine.js";
import type { CapabilityProfile } from "./config.js";

const row = (feature: Feature, supported: boolean, reason: string): Capability => ({
  feature,
  supported,
  reason,
});

/**
 * The Cloud Sync capability table of a profile, one row per {@link Feature} (reference.md B "Limits and
 * features"). `article` is the older stance of the article the project grew from: no writeback of any kind
 * and no Exchange hybrid.
 *
 * @public
 */
export function cloudSyncCapabilities(profile: CapabilityProfile): readonly Capability[] {
  const current = profile === "current";
  const older = "not in the article profile (the older stance: no writeback of any kind, no Exchange hybrid)";
  return Object.freeze([
    row("password-hash-sync", true, "own job on a 2-minute schedule (reference-cloud-sync-faq)"),
    row(
      "pass-through-authentication",
      false,
      "PTA needs Connect; Cloud Sync has no PTA agent (reference.md B)",
    ),
    row("federation", false, "AD FS federation is configured with Connect only (reference.md B)"),
    row(
      "password-writeback",
      current,
      current ? "GA: an SSPR reset is written to AD through an active agent (reference.md B)" : older,
    ),
    row(
      "group-writeback",
      false,
      "Connect's group writeback; Cloud Sync offers group provisioning to AD instead",
    ),
    row("device-writeback", false, "device writeback is a Connect feature (reference.md B)"),
    row(
      "exchange-hybrid-writeback",
      current,
      current
        ? "off by default (preview in parts): Exchange Online's settings written to AD by a job per configuration, every 20 min (cloud-sync exchange-hybrid; interval an assumption)"
        : older,
    ),
    row(
      "group-provisioning-to-ad",
      current,
      current
        ? "cloud security groups as universal groups in AD, a job every 20 min (reference.md B)"
        : older,
    ),
    row("multi-forest", true, "disconnected forests, one configuration per domain (reference.md B)"),
    row(
      "multi-forest-merge",
      false,
      "one person in two forests becomes two cloud users (merge is preview only)",
    ),
    row(
      "staging-server",
      false,
      "no staging-server equivalent; HA comes from several agents (reference.md B)",
    ),
    row("custom-sync-rules", false, "no advanced sync rules; attribute mappings only (reference.md B)"),
    row("on-demand-provisioning", true, "one object by DN, at once, scoping not applied (reference.md B)"),
    row("accidental-delete-prevention", true, "on by default, 500 per execution (how-to-accidental-deletes)"),
    row(
      "high-availability",
      true,
      "several agents per configuration, failover; 3 recommended (reference.md B)",
    ),
  ]);
}

/**
 * Features the product supports that this simulator does not model: asking for them yields an
 * `unsupported-feature` incident that says so, and the run goes on. None at present (Exchange hybrid
 * writeback was the last); kept so callers that test for it keep working.
 *
 * @public
 */
export const NOT_MODELLED_FEATURES: ReadonlySet<Feature> = new Set<Feature>();
