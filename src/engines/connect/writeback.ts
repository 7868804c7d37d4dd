import { cloudGroupMembers, isMicrosoft365Group } from "../../model/cloud-only.js";
import type { Directory } from "../../model/directory.js";
import { domainToDn } from "../../model/dn.js";
import { exchangeEdits } from "../../model/exchange-online.js";
import type { CloudObject } from "../../model/tenant-types.js";
import { isSimulationError, show } from "../../scheduler/errors.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { RunStatus } from "./events.js";
import type { RunContext } from "./run-context.js";
import { type RunResult, runProfile } from "./run-profile.js";

/** Documented member limits of group writeback (reference.md "Writeback"). @public */
export const GROUP_WRITEBACK_MEMBER_LIMITS: Readonly<{
  /** Microsoft 365 (unified) groups: at most 50,000 members are written back. */
  microsoft365: number;
  /**
   * Security groups: 250,000 members under group writeback v2, retired in Connect after 2024-06-30
   * (groups-write-back-portal). Kept for reference: Connect no longer writes security groups back.
   */
  security: number;
}> = Object.freeze({ microsoft365: 50_000, security: 250_000 });

// v1 writes Microsoft 365 groups as universal distribution groups.
const UNIVERSAL_DISTRIBUTION = 0x8;

/** The root DN of a DNS domain name. @internal */
export function domainRootDn(domain: string): string {
  return domainToDn(domain);
}

/**
 * Export to AD (writeback), the last step of a cycle on the active server (how-to-connect-sync-feature-scheduler):
 * group writeback v1 — Microsoft 365 groups made in the cloud become distribution groups `CN=Group_<cloudId>` in
 * the writeback container, members that are synced users resolved to their AD objects, within the documented member limits
 * — and device writeback — cloud devices become `CN=Device_<cloudId>` objects (single forest). Written-back
 * objects carry the `Group_` / `Device_` prefix that the out-of-box inbound rules exclude, so they are not
 * synced up again. Every new AD object gets an objectGUID drawn from the engine's own random stream, so the
 * AD workload stream is not shifted.
 *
 * @public
 */
export function* exportToAd(
  ctx: RunContext,
  kinds: { groups: boolean; devices: boolean; exchange?: boolean },
  forest: Directory = ctx.world.forest(),
): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "export", `ad:${forest.forest}`, function* (counts): ProcessBody<RunStatus> {
    const { config } = ctx;
    counts.adds = counts.updates = counts.deletes = counts.errors = 0;
    const dc = forest.readerDc;
    if (dc && !dc.isUp) {
      ctx.incident(
        "writeback-failed",
        `${ctx.server}: export to ${forest.forest} failed: ${dc.name} is unreachable`,
      );
      return "failed";
    }
    const root = domainRootDn(forest.domains[0] ?? forest.forest);
    const work: WritebackStep[] = [];
    if (kinds.groups) work.push(...groupWork(ctx, forest, config.groupWritebackContainer ?? root));
    if (kinds.devices) work.push(...deviceWork(ctx, forest, config.deviceWritebackContainer ?? root));
    if (kinds.exchange) work.push(...exchangeWork(ctx, forest));
    for (const step of work) {
      if (!ctx.isActive()) break;
      yield sleep(config.timing.exportPerObjectMs);
      try {
        const done = step();
        if (done) counts[done] = (counts[done] ?? 0) + 1;
      } catch (error) {
        if (!isSimulationError(error)) throw error;
        counts.errors = (counts.errors ?? 0) + 1;
        ctx.incident("writeback-failed", `${ctx.server}: writeback to ${forest.forest}: ${error.message}`);
      }
    }
    return (counts.errors ?? 0) > 0 ? "completed-export-errors" : "success";
  });
}

function cloudOnly(world: RunContext["world"], type: "group" | "device"): CloudObject[] {
  return [...world.tenant.objects(type)].filter((o) => !o.dirSyncEnabled);
}

/** A cloud member value (cloud id or source anchor) → the objectGUID of the synced AD object in `forest`. */
function memberGuid(ctx: RunContext, forest: string, value: string): string | undefined {
  const cloud = ctx.world.tenant.get(value);
  const anchor = cloud?.onPremisesImmutableId ?? value;
  const mvId = ctx.db.entra.get(anchor)?.mvId;
  const mv = mvId === undefined ? undefined : ctx.db.metaverse.get(mvId);
  return mv?.links[`ad:${forest}`];
}

/** One AD write of a writeback export, run after its cost: which export counter it adds to, if any. */
type WritebackStep = () => "adds" | "updates" | "deletes" | undefined;

function groupWork(ctx: RunContext, forest: Directory, container: string): WritebackStep[] {
  const { db, world } = ctx;
  const steps: WritebackStep[] = [];
  const live = new Set<string>();
  for (const group of cloudOnly(world, "group")) {
    // groups-write-back-portal: group writeback v2, which wrote cloud security groups, is retired in
    // Connect after 2024-06-30; v1 writes Microsoft 365 groups only (Cloud Sync provisions security groups).
    if (!isMicrosoft365Group(group)) continue;
    live.add(group.cloudId);
    const list = cloudGroupMembers(group);
    const limit = GROUP_WRITEBACK_MEMBER_LIMITS.microsoft365;
    if (list.length > limit) {
      if (!db.groupsOverLimit.has(group.cloudId)) {
        db.groupsOverLimit.add(group.cloudId);
        ctx.incident(
          "limit-exceeded",
          `${ctx.server}: group ${groupName(group)} has ${list.length.toLocaleString("en-US")} members, over the writeback limit of ${limit.toLocaleString("en-US")}; not written back`,
        );
      }
      continue;
    }
    db.groupsOverLimit.delete(group.cloudId);
    steps.push(() => {
      const wanted = list
        .map((m) => memberGuid(ctx, forest.forest, m))
        .filter((g): g is string => g !== undefined);
      let guid = db.groupWriteback.get(group.cloudId);
      let kind: "adds" | "updates" | undefined;
      if (guid === undefined || !forest.get(guid) || forest.get(guid)?.isDeleted) {
        const attributes: Record<string, unknown> = { groupType: UNIVERSAL_DISTRIBUTION };
        for (const key of ["displayName", "mail", "mailNickname", "description"])
          if (typeof group.attributes[key] === "string") attributes[key] = group.attributes[key];
        guid = forest.create({
          objectClass: "group",
          parentDn: container,
          name: `Group_${group.cloudId}`,
          attributes,
          objectGUID: world.random.stream("engine:connect").guid(),
        }).objectGUID;
        db.groupWriteback.set(group.cloudId, guid);
        kind = "adds";
      }
      const held = forest.get(guid);
      const current = new Set(
        Array.isArray(held?.attributes.member) ? (held.attributes.member as string[]) : [],
      );
      const want = new Set(wanted);
      for (const m of want)
        if (!current.has(m)) {
          forest.addMember(guid, m);
          kind ??= "updates";
        }
      for (const m of current)
        if (!want.has(m)) {
          forest.removeMember(guid, m);
          kind ??= "updates";
        }
      if (kind)
        ctx.emit("writeback", { at: world.scheduler.now, kind: "group", cloudId: group.cloudId, ok: true });
      return kind;
    });
  }
  for (const cloudId of db.groupsOverLimit) if (!live.has(cloudId)) db.groupsOverLimit.delete(cloudId);
  return [...steps, ...removals(forest, db.groupWriteback, live)];
}

function deviceWork(ctx: RunContext, forest: Directory, container: string): WritebackStep[] {
  const { db, world } = ctx;
  const steps: WritebackStep[] = [];
  const live = new Set<string>();
  for (const device of cloudOnly(world, "device")) {
    live.add(device.cloudId);
    if (db.deviceWriteback.has(device.cloudId)) continue;
    steps.push(() => {
      const attributes: Record<string, unknown> = {};
      for (const key of ["displayName", "operatingSystem", "operatingSystemVersion"])
        if (typeof device.attributes[key] === "string") attributes[key] = device.attributes[key];
      const created = forest.create({
        objectClass: "computer",
        parentDn: container,
        name: `Device_${device.cloudId}`,
        attributes,
        objectGUID: world.random.stream("engine:connect").guid(),
      });
      db.deviceWriteback.set(device.cloudId, created.objectGUID);
      ctx.emit("writeback", { at: world.scheduler.now, kind: "device", cloudId: device.cloudId, ok: true });
      return "adds";
    });
  }
  return [...steps, ...removals(forest, db.deviceWriteback, live)];
}

/**
 * Exchange hybrid writeback ("Out to AD - User Exchange Hybrid"): the Exchange Online settings imported
 * since they were last written go to the user's AD object in `forest`, the attributes whose value differs
 * (reference-connect-sync-attributes-synchronized, "Exchange hybrid writeback"). A user stays queued for a
 * forest until its write there lands: a failed export is retried at the next cycle.
 */
function exchangeWork(ctx: RunContext, forest: Directory): WritebackStep[] {
  const { db, world } = ctx;
  const steps: WritebackStep[] = [];
  const link = `ad:${forest.forest}`;
  const pending = db.exchangePending.get(forest.forest);
  if (!pending) return steps;
  for (const anchor of [...pending]) {
    const mvId = db.entra.get(anchor)?.mvId;
    const guid = mvId === undefined ? undefined : db.metaverse.get(mvId)?.links[link];
    if (guid === undefined) {
      // Not linked in this forest: nothing of it to write here.
      pending.delete(anchor);
      continue;
    }
    steps.push(() => {
      const values = db.exchangeImported.get(anchor);
      const user = forest.get(guid);
      if (!values || !user || user.isDeleted || user.objectClass !== "user") {
        pending.delete(anchor);
        return undefined;
      }
      const edits = exchangeEdits(user, values);
      if (edits) forest.modify(guid, edits);
      pending.delete(anchor);
      if (!edits) return undefined;
      const cloudId = world.tenant.getByAnchor(anchor)?.cloudId ?? anchor;
      ctx.emit("writeback", { at: world.scheduler.now, kind: "exchange", cloudId, ok: true });
      return "updates";
    });
  }
  return steps;
}

/** Steps deleting the AD objects written back for cloud objects that are gone (`written`: cloud id → GUID). */
function removals(
  forest: Directory,
  written: Map<string, string>,
  live: ReadonlySet<string>,
): (() => "deletes" | undefined)[] {
  const steps: (() => "deletes" | undefined)[] = [];
  for (const [cloudId, guid] of [...written]) {
    if (live.has(cloudId)) continue;
    steps.push(() => {
      written.delete(cloudId);
      const held = forest.get(guid);
      if (!held || held.isDeleted) return undefined;
      forest.delete(guid);
      return "deletes";
    });
  }
  return steps;
}

/** A cloud group as an admin knows it: its display name, quoted, else its cloud id. */
function groupName(group: CloudObject): string {
  const name = group.attributes.displayName;
  return typeof name === "string" ? show(name) : group.cloudId;
}
