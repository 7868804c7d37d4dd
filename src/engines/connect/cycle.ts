import type { ProcessBody } from "../../scheduler/process.js";
import { exportToEntra } from "./export.js";
import { deltaImport, fullImport, importFromEntra } from "./import.js";
import type { RunContext } from "./run-context.js";
import type { RunResult } from "./run-profile.js";
import { deltaSync, fullSync, syncEntra } from "./sync.js";
import { exportToAd } from "./writeback.js";

/**
 * A cycle as `Start-ADSyncSyncCycle -PolicyType` names it.
 *
 * @public
 */
export type CycleKind = "delta" | "initial";

/**
 * What a cycle did.
 *
 * @public
 */
export interface CycleOutcome {
  /** The kind that actually ran (a delta becomes initial when the database needs it). */
  readonly kind: CycleKind;
  /** True when every run profile succeeded. */
  readonly ok: boolean;
  /** Totals over the run profiles. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * One sync cycle, in the documented connector order (how-to-connect-sync-feature-scheduler): import each
 * AD connector, import the Entra connector, sync the AD connectors, sync the Entra connector, export to
 * Entra ID, export to AD when writeback is on (a staging server stops before export). Full steps replace delta steps on the first cycle,
 * after database loss, after a filter or rule change, and when the last delta is older than 7 days.
 *
 * @public
 */
export function* syncCycle(ctx: RunContext, requested: CycleKind): ProcessBody<CycleOutcome> {
  const { db, config } = ctx;
  const now = ctx.world.scheduler.now;
  const kind: CycleKind = requested === "initial" || !db.firstFullCycleDone ? "initial" : "delta";
  const staleDelta = db.lastSyncAt !== undefined && now - db.lastSyncAt > config.maxDeltaAgeMs;
  const fullSyncNeeded = kind === "initial" || staleDelta;
  // A rule or filter change made while this cycle runs is the next cycle's to carry out.
  const requests = db.fullRunRequests;
  ctx.emit("cycle:start", { at: now, cycle: kind, detail: ctx.server });
  const results: RunResult[] = [];
  let stopped = false;
  for (const space of db.adSpaces.values()) {
    const full = kind === "initial" || !space.fullImportDone || db.forceFullImport.has(space.forest);
    const result = yield* full ? fullImport(ctx, space) : deltaImport(ctx, space);
    results.push(result);
    if (result.status === "success" && db.fullRunRequests === requests)
      db.forceFullImport.delete(space.forest);
    // how-to-connect-install-prerequisites: a full LocalDB stops runs.
    if (result.status === "stopped-database-disk-full") stopped = true;
  }
  if (!stopped) {
    results.push(yield* importFromEntra(ctx, kind === "initial"));
    for (const space of db.adSpaces.values())
      results.push(
        yield* fullSyncNeeded || db.fullSyncForced(space.forest)
          ? fullSync(ctx, space)
          : deltaSync(ctx, space),
      );
    // Cloud objects no AD object claims are deprovisioned only when the AD side is complete: every AD
    // connector fully imported once and imported and synced this cycle (a failed read proves nothing).
    const adComplete =
      results.every((r) => r.status === "success") &&
      [...db.adSpaces.values()].every((space) => space.fullImportDone);
    results.push(yield* syncEntra(ctx, { deprovisionUnjoined: adComplete, full: kind === "initial" }));
    const syncsOk = results.every((r) => r.status === "success");
    if (syncsOk && kind === "initial") db.firstFullCycleDone = true;
    if (syncsOk && db.fullRunRequests === requests) db.fullSyncsDone();
    // how-to-connect-sync-staging-server: a staging server imports and syncs but exports nothing.
    if (ctx.isActive()) results.push(yield* exportToEntra(ctx));
    // Export to AD (writeback) comes last (how-to-connect-sync-feature-scheduler); never on a staging server.
    // Group and device writeback write to the first forest; Exchange hybrid writeback to each user's forest.
    const groups = ctx.features.has("group-writeback");
    const devices = ctx.features.has("device-writeback");
    const exchange = ctx.features.has("exchange-hybrid-writeback");
    const first = ctx.world.forest();
    for (const forest of ctx.world.forests.values()) {
      const kinds = {
        groups: groups && forest === first,
        devices: devices && forest === first,
        exchange: exchange && db.adSpaces.has(forest.forest),
      };
      if (ctx.isActive() && (kinds.groups || kinds.devices || kinds.exchange))
        results.push(yield* exportToAd(ctx, kinds, forest));
    }
  }
  const counts: Record<string, number> = {};
  for (const result of results)
    for (const [key, value] of Object.entries(result.counts)) counts[key] = (counts[key] ?? 0) + value;
  const ok = !stopped && results.every((r) => r.status === "success");
  ctx.emit("cycle:end", { at: ctx.world.scheduler.now, cycle: kind, ok, counts });
  return { kind, ok, counts };
}
