import type { AdObject } from "../../model/ad-object.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import { isUnder } from "../../model/dn.js";
import type { ExchangeOnlineValues } from "../../model/exchange-online.js";
import type { CloudObject } from "../../model/tenant-types.js";
import { SimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { ConnectConfig } from "./config.js";
import type { ConnectorSpace } from "./connector-space.js";
import { withCloudState } from "./entra-connector-space.js";
import type { RunStatus } from "./events.js";
import type { RunContext } from "./run-context.js";
import { type RunResult, runProfile } from "./run-profile.js";

/** True when the object lies in the connector's selected domains and OUs (OU/domain filtering). @internal */
export function inContainerScope(
  object: Pick<AdObject, "dn" | "domain">,
  scope: ConnectConfig["scope"],
): boolean {
  // Loops rather than `some` callbacks: a callback reading `object` would put it in a context object on
  // every call (the engine's `inScope` asks for every change), filters or not.
  if (scope.domains.length > 0) {
    const domain = object.domain.toLowerCase();
    let selected = false;
    for (const d of scope.domains)
      if (d.toLowerCase() === domain) {
        selected = true;
        break;
      }
    if (!selected) return false;
  }
  if (scope.ous.length === 0) return true;
  for (const ou of scope.ous) if (isUnder(object.dn, ou)) return true;
  return false;
}

/**
 * True (with an incident) when the objects the database would hold after a run exceed LocalDB's limit:
 * `projected` objects in `space`, and every other forest's connector space as it is (one database serves
 * every connector). `projected` is only counted for a LocalDB: a delta import's count looks up every object
 * read in the connector space.
 */
function databaseFull(ctx: RunContext, space: ConnectorSpace, projected: () => number): boolean {
  // how-to-connect-install-prerequisites: LocalDB's 10 GB ≈ 100,000 objects stops runs (stopped-database-disk-full).
  if (ctx.config.database !== "localdb") return false;
  const needed = ctx.db.objectCount - space.size + projected();
  if (needed <= ctx.config.localDbObjectLimit) return false;
  ctx.incident(
    "database-full",
    `${ctx.server}: LocalDB limit of ${ctx.config.localDbObjectLimit.toLocaleString("en-US")} objects reached (${needed.toLocaleString("en-US")} needed); run stopped`,
  );
  return true;
}

/**
 * Full import of one AD connector: reads every object in scope (a snapshot through the DC), charges the
 * linear import cost, stages adds and updates, and stages a delete for every held object it did not see.
 * The watermark moves only when the run completes.
 *
 * @public
 */
export function* fullImport(ctx: RunContext, space: ConnectorSpace): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "full-import", space.name, function* (counts): ProcessBody<RunStatus> {
    const read = ctx.world.forest(space.forest).snapshot();
    const objects = read.objects.filter(
      (o) => ctx.pipeline.handlesClass(o.objectClass) && inContainerScope(o, ctx.config.scope),
    );
    // plan-connect-performance-factors: import time is linear in the objects read.
    yield sleep(objects.length * ctx.config.timing.importPerObjectMs);
    if (databaseFull(ctx, space, () => objects.length)) return "stopped-database-disk-full";
    const seen = new Set<string>();
    counts.adds = counts.updates = counts.deletes = 0;
    for (const object of objects) {
      seen.add(object.objectGUID);
      const staged = space.stage(object);
      if (staged === "add") counts.adds++;
      else if (staged === "update") counts.updates++;
    }
    for (const held of [...space.values()])
      if (!seen.has(held.anchor) && space.stageDelete(held.anchor)) counts.deletes++;
    space.watermark = read.watermark;
    space.fullImportDone = true;
    return "success";
  });
}

/**
 * Delta import of one AD connector: the DirSync-like query from the stored watermark. Deleted objects and
 * objects moved out of the selected OUs become pending deletes; the rest adds or updates.
 *
 * @public
 */
export function* deltaImport(ctx: RunContext, space: ConnectorSpace): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "delta-import", space.name, function* (counts): ProcessBody<RunStatus> {
    const read = ctx.world.forest(space.forest).changesSince(space.watermark);
    const objects = read.objects.filter((o) => ctx.pipeline.handlesClass(o.objectClass));
    yield sleep(objects.length * ctx.config.timing.importPerObjectMs);
    const adds = (): number =>
      objects.filter((o) => !o.isDeleted && !space.get(o.objectGUID) && inContainerScope(o, ctx.config.scope))
        .length;
    if (databaseFull(ctx, space, () => space.size + adds())) return "stopped-database-disk-full";
    counts.adds = counts.updates = counts.deletes = 0;
    for (const object of objects) {
      if (object.isDeleted || !inContainerScope(object, ctx.config.scope)) {
        if (space.stageDelete(object.objectGUID)) counts.deletes++;
        continue;
      }
      const staged = space.stage(object);
      if (staged === "add") counts.adds++;
      else if (staged === "update") counts.updates++;
    }
    space.watermark = read.watermark;
    return "success";
  });
}

/**
 * Import of the Entra ID connector. A full import reads every synced cloud object (so a rebuilt server
 * rejoins by source anchor instead of re-exporting); a delta import reads what changed in the tenant since
 * its cookie plus what it exported and has not confirmed yet. Import confirms exports: values sent become
 * the confirmed cloud state.
 *
 * @public
 */
export function* importFromEntra(ctx: RunContext, full: boolean): ProcessBody<RunResult> {
  const profile = full ? "full-import" : "delta-import";
  return yield* runProfile(ctx, profile, "entra", function* (counts): ProcessBody<RunStatus> {
    const { world, db } = ctx;
    const entra = db.entra;
    yield* world.cloudLink.transmit("entra import");
    if (!world.tenant.isAvailable)
      throw new SimulationError("tenant-unavailable", "tenant: service unavailable, import refused", {
        field: "tenant",
      });
    const position = ctx.journal.position;
    let anchors: Iterable<string>;
    let count: number;
    if (full) {
      const listed: string[] = [];
      for (const object of world.tenant.objects())
        if (object.dirSyncEnabled && object.onPremisesImmutableId) listed.push(object.onPremisesImmutableId);
      const inTenant = new Set(listed);
      for (const held of entra.values()) if (!inTenant.has(held.anchor)) listed.push(held.anchor);
      anchors = listed;
      count = listed.length;
    } else {
      // Each anchor once, in first-seen order: what the tenant changed since the cookie, then what was sent
      // and not confirmed — gathered in one set (no intermediate lists).
      const wanted = ctx.journal.addSince(entra.watermark, new Set());
      entra.addUnconfirmed(wanted);
      anchors = wanted;
      count = wanted.size;
    }
    // The read happens now; the import then takes its linear time (plan-connect-performance-factors).
    const clouds: (CloudObject | undefined)[] = [];
    for (const anchor of anchors) clouds.push(world.tenant.getByAnchor(anchor));
    const exchange = readExchangeSettings(ctx, anchors, clouds);
    yield sleep(count * ctx.config.timing.entraImportPerObjectMs);
    counts.confirmed = counts.imported = 0;
    let i = 0;
    for (const anchor of anchors) applyCloudState(ctx, anchor, clouds[i++], counts);
    if (exchange) noteExchangeSettings(ctx, exchange);
    entra.watermark = position;
    return "success";
  });
}

/**
 * With Exchange hybrid writeback on, the Exchange Online settings of the users read (an import reads the
 * cloud user whole); undefined when it is off or Exchange Online has no settings at all (no look-ups then).
 */
function readExchangeSettings(
  ctx: RunContext,
  anchors: Iterable<string>,
  clouds: readonly (CloudObject | undefined)[],
): Map<string, ExchangeOnlineValues | undefined> | undefined {
  const exchange = ctx.world.tenant.exchangeOnline;
  if (!ctx.features.has("exchange-hybrid-writeback") || exchange.size === 0) return undefined;
  const read = new Map<string, ExchangeOnlineValues | undefined>();
  let i = 0;
  for (const anchor of anchors) {
    const cloud = clouds[i++];
    read.set(anchor, cloud?.objectType === "user" ? exchange.get(cloud.cloudId) : undefined);
  }
  return read;
}

/**
 * Keeps the Exchange settings imported, and queues for the next export to AD the users whose settings
 * changed (reference-connect-sync-attributes-synchronized, "Exchange hybrid writeback").
 */
function noteExchangeSettings(
  ctx: RunContext,
  read: ReadonlyMap<string, ExchangeOnlineValues | undefined>,
): void {
  const { exchangeImported, exchangePending, entra } = ctx.db;
  for (const [anchor, values] of read) {
    if (values === undefined || !entra.get(anchor)) {
      exchangeImported.delete(anchor);
      for (const pending of exchangePending.values()) pending.delete(anchor);
    } else if (exchangeImported.get(anchor) !== values) {
      // The store replaces a user's record on every change: another record is another value.
      exchangeImported.set(anchor, values);
      for (const pending of exchangePending.values()) pending.add(anchor);
    }
  }
}

function applyCloudState(
  ctx: RunContext,
  anchor: string,
  cloud: CloudObject | undefined,
  counts: Record<string, number>,
): void {
  const entra = ctx.db.entra;
  const held = entra.get(anchor);
  if (!held) {
    // Only synced objects this engine wrote (its servers' writer ids `connect:<server>`) are its to manage.
    if (!cloud?.dirSyncEnabled || !cloud.writer?.startsWith("connect:")) return;
    // A synced object this server does not know (exported by another server, or before a rebuild): held as
    // a disconnector until outbound sync joins it on source anchor.
    entra.put({
      anchor,
      objectType: cloud.objectType,
      desired: undefined,
      confirmed: cloud.attributes,
      unconfirmed: undefined,
      mvId: undefined,
      deprovisioned: false,
      sourceUsn: undefined,
    });
    entra.markImported(anchor);
    counts.imported = (counts.imported ?? 0) + 1;
    return;
  }
  let confirmed: Readonly<Record<string, CloudValue>> | undefined;
  let unconfirmed = held.unconfirmed;
  if (held.unconfirmed === null && !cloud) {
    confirmed = undefined;
    unconfirmed = undefined;
    counts.confirmed = (counts.confirmed ?? 0) + 1;
  } else if (held.unconfirmed && cloud) {
    // Confirmed: the cloud holds what was sent (duplicate-attribute resiliency may show another UPN; the
    // sent value is kept as the connector's view so it is not re-exported forever) — and whatever else
    // it holds: an Add that restored a soft-deleted object by hard match left the values the object had
    // where the Add sent none (a department cleared in AD meanwhile), which the next export clears.
    confirmed = withCloudExtras(held.unconfirmed, cloud.attributes);
    unconfirmed = undefined;
    counts.confirmed = (counts.confirmed ?? 0) + 1;
  } else if (held.unconfirmed === undefined) {
    confirmed = cloud?.attributes;
  } else {
    confirmed = held.confirmed; // the export did not land: keep it unconfirmed, it is sent again
  }
  const next = withCloudState(held, confirmed, unconfirmed);
  if (next.deprovisioned && confirmed === undefined && unconfirmed === undefined) entra.remove(anchor);
  else {
    entra.put(next);
    entra.markImported(anchor);
  }
}

/**
 * `sent` with the attributes the cloud holds and `sent` lacks, or `sent` itself when there are none (the
 * usual case: no record built).
 */
function withCloudExtras(
  sent: Readonly<Record<string, CloudValue>>,
  cloud: Readonly<Record<string, CloudValue | undefined>>,
): Readonly<Record<string, CloudValue>> {
  let merged: Record<string, CloudValue> | undefined;
  for (const key in cloud) {
    const value = cloud[key];
    if (value === undefined || key in sent) continue;
    merged ??= { ...sent };
    merged[key] = value;
  }
  return merged ?? sent;
}
