import { type AdObject, GROUP_TYPE_SECURITY } from "../../model/ad-object.js";
import { cloudGroupMembers, isMicrosoft365Group } from "../../model/cloud-only.js";
import type { Directory } from "../../model/directory.js";
import { domainToDn } from "../../model/dn.js";
import { memberList } from "../../model/member-list.js";
import type { CloudObject } from "../../model/tenant-types.js";
import type { World } from "../../model/world.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { SyncConfiguration } from "./service.js";

// Universal security group (ADS_GROUP_TYPE_UNIVERSAL_GROUP | ADS_GROUP_TYPE_SECURITY_ENABLED).
const UNIVERSAL_SECURITY = 0x8 | GROUP_TYPE_SECURITY;

/**
 * Group provisioning to AD (reference.md B "Limits and features": security groups as universal groups, a
 * job every 20 minutes): the security groups made in the cloud (not synced from AD, not Microsoft 365
 * groups) become universal security groups in AD, their members the users this engine provisioned from
 * the target domain (members from elsewhere are left out: only objects the service knows on premises can
 * be written as members). Each run writes the groups that are new or whose members changed, and deletes
 * the groups gone from the cloud, through an agent of the target configuration; with no agent, or AD
 * unreachable, the run stops with a `writeback-failed` incident and the next run tries again.
 *
 * Stated assumptions (not in reference.md): the target is the first configuration's domain, in the
 * container `groupProvisioningContainer` (default the domain root); a group is named
 * `<displayName>_<last 12 characters of its cloud id>`; each group written costs the service one
 * incremental update (`updateCost`); groups it wrote are never synced back to the cloud (the scoping
 * filter leaves them out).
 *
 * @internal
 */
export class GroupProvisioning {
  /** AD objectGUIDs of the groups written, by cloud id. */
  private readonly written = new Map<string, string>();
  /** The same AD objectGUIDs, which every configuration's scoping filter leaves out. */
  readonly writtenGuids = new Set<string>();
  private running = false;

  /**
   * @param world - the run's world
   * @param container - DN of the container the groups are written to (undefined: the domain root)
   */
  constructor(
    private readonly world: World,
    private readonly container: string | undefined,
  ) {}

  /** Starts the job's schedule on the target configuration (once). */
  start(target: SyncConfiguration): void {
    if (this.running) return;
    this.running = true;
    this.world.scheduler.spawn(this.loop(target), { name: `cloud-sync:${target.domain}:group-provisioning` });
  }

  /** Runs every interval from the start (next start = previous start + interval, no overlap). */
  private *loop(target: SyncConfiguration): ProcessBody<void> {
    const { scheduler } = this.world;
    const interval = target.context.config.timing.groupProvisioningInterval;
    let next = scheduler.now + interval;
    for (;;) {
      yield sleep(next - scheduler.now);
      yield* this.run(target);
      next += interval;
      while (next < scheduler.now) next += interval;
    }
  }

  /** One run: every cloud security group written (or its members brought up to date), gone ones deleted. */
  private *run(target: SyncConfiguration): ProcessBody<void> {
    const { pool, directory, domain, provisioned, config, incident } = target.context;
    const live = new Set<string>();
    const work: Array<() => void> = [];
    for (const group of this.world.tenant.objects("group")) {
      if (!isCloudSecurityGroup(group)) continue;
      live.add(group.cloudId);
      const members: string[] = [];
      for (const anchor of cloudGroupMembers(group)) {
        const guid = provisioned.guidOf(anchor);
        if (guid !== undefined && directory.get(guid)?.isDeleted === false) members.push(guid);
      }
      const held = this.heldGroup(group.cloudId, directory);
      if (held && sameMembers(held, members)) continue;
      work.push(() => this.write(group, members, directory, domain));
    }
    for (const [cloudId, guid] of this.written) {
      if (live.has(cloudId)) continue;
      work.push(() => {
        this.written.delete(cloudId);
        this.writtenGuids.delete(guid);
        if (directory.get(guid)?.isDeleted === false) directory.delete(guid);
      });
    }
    for (const write of work) {
      yield sleep(config.timing.updateCost);
      const reply = yield* pool.call(domain, "group provisioning to AD", (agent) => agent.writeToAd(write));
      if (!reply.ok) {
        incident("writeback-failed", `${domain}: group provisioning to AD failed: ${reply.reason}`);
        return;
      }
    }
  }

  /** The live AD group written for a cloud group, if any. */
  private heldGroup(cloudId: string, directory: Directory): AdObject | undefined {
    const guid = this.written.get(cloudId);
    const held = guid === undefined ? undefined : directory.get(guid);
    return held && !held.isDeleted ? held : undefined;
  }

  /** Creates the group in AD (first time, or after it was deleted there) and sets its members. */
  private write(group: CloudObject, members: readonly string[], directory: Directory, domain: string): void {
    let held = this.heldGroup(group.cloudId, directory);
    if (!held) {
      const displayName = String(group.attributes.displayName ?? group.cloudId);
      held = directory.create({
        objectClass: "group",
        parentDn: this.container ?? domainToDn(domain),
        // DN-special characters would end the name: written as underscores.
        name: `${displayName.replace(/[,=+<>#;"\\]/g, "_")}_${group.cloudId.slice(-12)}`,
        attributes: { groupType: UNIVERSAL_SECURITY, displayName },
        objectGUID: this.world.random.stream("engine:cloudSync").guid(),
      });
      this.written.set(group.cloudId, held.objectGUID);
      this.writtenGuids.add(held.objectGUID);
    }
    const current = new Set(memberList(held));
    const wanted = new Set(members);
    for (const guid of wanted) if (!current.has(guid)) directory.addMember(held.objectGUID, guid);
    for (const guid of current) if (!wanted.has(guid)) directory.removeMember(held.objectGUID, guid);
  }
}

/** A security group made in the cloud: not synced from AD, not a Microsoft 365 (unified) group. */
function isCloudSecurityGroup(group: CloudObject): boolean {
  return !group.dirSyncEnabled && group.attributes.securityEnabled !== false && !isMicrosoft365Group(group);
}

function sameMembers(held: AdObject, wanted: readonly string[]): boolean {
  const list = memberList(held);
  if (list.length !== wanted.length) return false;
  const set = new Set(list);
  return wanted.every((guid) => set.has(guid));
}
