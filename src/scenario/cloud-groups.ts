import type { EngineKind, Feature } from "../engines/engine.js";
import type { AdObject } from "../model/ad-object.js";
import { sourceAnchorOf } from "../model/anchor.js";
import type { CloudValue } from "../model/cloud-schema.js";
import type { Directory } from "../model/directory.js";
import { memberList } from "../model/member-list.js";
import { show } from "../scheduler/errors.js";
import type { CloudGroupKind, ScriptedCloudGroupEvent } from "./cloud-group-event.js";
import { AdWaits, type CloudToAdOutcome, type CloudToAdRun, featureRefusal } from "./cloud-to-ad.js";

/**
 * The feature that brings a group made in the cloud to AD, per engine: Connect's group writeback, Cloud
 * Sync's group provisioning to AD (reference.md "Writeback", B "Limits and features").
 *
 * @internal
 */
export const CLOUD_GROUPS_TO_AD: Readonly<Record<EngineKind, Feature>> = {
  connect: "group-writeback",
  cloudSync: "group-provisioning-to-ad",
};

/**
 * The kinds of cloud group each engine brings to AD: Connect's group writeback v1 writes Microsoft 365
 * groups as distribution groups (v2, which wrote security groups, is retired after 2024-06-30:
 * groups-write-back-portal); Cloud Sync provisions security groups only (reference.md "Writeback",
 * B "Limits and features").
 *
 * @internal
 */
export const CLOUD_GROUP_KINDS: Readonly<Record<EngineKind, readonly CloudGroupKind[]>> = {
  connect: ["microsoft365"],
  cloudSync: ["security"],
};

/** Why an engine leaves the other kind of cloud group in the cloud. */
const OTHER_KIND_NOTE: Readonly<Record<EngineKind, string>> = {
  connect: "group writeback v2, which wrote cloud security groups, is retired after 2024-06-30",
  cloudSync: "group provisioning to AD takes security groups only",
};

interface GroupWait {
  readonly displayName: string;
  /** The members' objectGUIDs in AD. */
  readonly members: readonly string[];
}

/**
 * The scripted cloud groups of one run: each is created in the tenant at its event, then looked for in
 * AD — `applied` at the first AD write after which a live group of that display name holds every member
 * alive in its forest (the engine wrote it back: Connect names it `Group_<cloudId>`, so the display name is what
 * both engines keep); `failed` when the run ends first, when the engine's feature is not among the
 * scenario's features, or when a member is not in the cloud yet; `unsupported` when the engine lacks it.
 * AD is watched only while a group is awaited.
 *
 * @internal
 */
export class CloudGroups extends AdWaits<GroupWait> {
  /** @param run - the run's parts, and `settle`, which records an event's outcome once AD shows its group */
  constructor(run: CloudToAdRun) {
    super(run, "group", "the group had not reached AD when the run ended");
  }

  /**
   * Creates the event's group in the cloud, its members the named users' cloud objects, and waits for it
   * in AD; or says why not.
   *
   * @throws SimulationError from the tenant (down, quota): the script reports the event `failed`
   */
  create(event: ScriptedCloudGroupEvent, index: number): CloudToAdOutcome {
    const context = this.run;
    const feature = CLOUD_GROUPS_TO_AD[context.kind];
    const refusal = featureRefusal(context, feature, "the group stays in the cloud");
    if (refusal?.status === "unsupported") return refusal;
    if (!CLOUD_GROUP_KINDS[context.kind].includes(event.groupType))
      return {
        status: "unsupported",
        reason: `${feature} brings ${CLOUD_GROUP_KINDS[context.kind].join(" and ")} groups to AD, not ${event.groupType} groups: ${OTHER_KIND_NOTE[context.kind]}`,
      };
    if (refusal) return refusal;
    const anchors: string[] = [];
    const guids: string[] = [];
    for (const name of event.members) {
      const guid = context.population.byName(name)?.objectGUID;
      const user = guid === undefined ? undefined : context.population.directoryOf(guid).get(guid);
      const anchor = user && !user.isDeleted ? sourceAnchorOf(user) : undefined;
      if (!user || anchor === undefined || !context.world.tenant.getByAnchor(anchor))
        return { status: "failed", reason: `member ${show(name)} is not in the cloud yet` };
      anchors.push(anchor);
      guids.push(user.objectGUID);
    }
    const unified = event.groupType === "microsoft365";
    const attributes: Record<string, CloudValue> = {
      displayName: event.object,
      members: anchors,
      securityEnabled: !unified,
      ...(unified
        ? { groupTypes: ["Unified"], mailNickname: event.object.replace(/[^A-Za-z0-9]/g, "") }
        : {}),
    };
    this.run.world.tenant.createCloudObject({ objectType: "group", attributes });
    this.waits.set(index, { displayName: event.object, members: guids });
    return { status: "pending" };
  }

  /** A live group of the awaited name holding every awaited member alive in its forest. */
  protected shows(wait: GroupWait, group: AdObject, directory: Directory): boolean {
    return (
      group.attributes.displayName === wait.displayName &&
      holdsAll(group, wait, (guid) => directory.get(guid))
    );
  }
}

/**
 * Whether `group` lists every awaited member that is a live object of its forest (`get` reads that
 * forest): both engines write a cloud group to one forest, with the members they know there, so members of
 * other forests are never expected.
 */
function holdsAll(group: AdObject, wait: GroupWait, get: (guid: string) => AdObject | undefined): boolean {
  const held = new Set(memberList(group));
  for (const guid of wait.members) {
    const member = get(guid);
    if (member && !member.isDeleted && !held.has(guid)) return false;
  }
  return true;
}
