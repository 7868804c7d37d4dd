import type { UpsertRequest } from "../../model/tenant-types.js";
import { isSimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import { attributeDelta, type EntraCsObject, exportOperation } from "./connector-space.js";
import type { RunStatus } from "./events.js";
import type { RunContext } from "./run-context.js";
import { type RunResult, runProfile } from "./run-profile.js";

/**
 * Export to Entra ID: checks the deletion threshold first (more pending deletes than the threshold stops
 * the run before anything is exported), then writes each pending object, one per export cost, backing
 * off when the tenant throttles. What was written stays written if the server dies mid-run; the values
 * stay unconfirmed (and are sent again) until the next import confirms them.
 *
 * @public
 */
export function* exportToEntra(ctx: RunContext): ProcessBody<RunResult> {
  return yield* runProfile(ctx, "export", "entra", function* (counts): ProcessBody<RunStatus> {
    const { world, db, config } = ctx;
    const queue = db.entra.exportAnchors();
    // Only a deprovisioned object can be a delete: the others need no diff of their values here.
    let deletes = 0;
    for (const anchor of queue) {
      const held = db.entra.get(anchor);
      if (held?.deprovisioned && exportOperation(held) === "delete") deletes++;
    }
    // how-to-connect-sync-feature-prevent-accidental-deletes: more than the threshold stops the export.
    if (!ctx.threshold.permits(deletes)) {
      const limit = ctx.threshold.threshold as number;
      counts.deletes = deletes;
      ctx.emit("threshold:exceeded", { at: world.scheduler.now, deletes, threshold: limit });
      ctx.incident(
        "threshold-exceeded",
        `${ctx.server}: export stopped, ${deletes} deletes pending exceed the deletion threshold of ${limit}`,
      );
      return "stopped-deletion-threshold-exceeded";
    }
    ctx.threshold.consume();
    yield* world.cloudLink.transmit("export");
    counts.adds = counts.updates = counts.deletes = counts.errors = 0;
    let throttledFor = 0;
    try {
      for (const anchor of queue) {
        // A server demoted (or promoted away) mid-run stops exporting at once: only one server exports.
        if (!ctx.isActive()) break;
        const held = db.entra.get(anchor);
        const operation = held && exportOperation(held);
        if (!held || !operation) continue;
        yield sleep(config.timing.exportPerObjectMs);
        for (;;) {
          try {
            world.cloudLink.ensureUp("export");
            write(ctx, held, operation);
            const key = operation === "add" ? "adds" : operation === "update" ? "updates" : "deletes";
            counts[key] = (counts[key] ?? 0) + 1;
            break;
          } catch (error) {
            if (isSimulationError(error, "throttled")) {
              // plan-connect-performance-factors: 7,000 writes / 5 min; back off as told, up to the cap.
              const wait = Math.max(1, error.details.retryAfterMs ?? 1_000);
              throttledFor += wait;
              if (throttledFor > config.timing.maxThrottleWaitMs) throw error;
              yield sleep(wait);
              if (!ctx.isActive()) return "failed";
              continue;
            }
            if (isSimulationError(error, "quota-exceeded") || isSimulationError(error, "invalid-attribute")) {
              counts.errors = (counts.errors ?? 0) + 1; // an export error on this object; it stays pending and is retried next export
              break;
            }
            throw error;
          }
        }
      }
    } finally {
      ctx.emit("export", {
        at: world.scheduler.now,
        by: ctx.writer,
        adds: counts.adds ?? 0,
        updates: counts.updates ?? 0,
        deletes: counts.deletes ?? 0,
      });
    }
    return (counts.errors ?? 0) > 0 ? "completed-export-errors" : "success";
  });
}

function write(ctx: RunContext, held: EntraCsObject, operation: "add" | "update" | "delete"): void {
  const { tenant } = ctx.world;
  if (operation === "delete") {
    tenant.delete(held.anchor, ctx.writer);
    ctx.db.entra.put({ ...held, unconfirmed: null });
    return;
  }
  const desired = held.desired ?? {};
  const attributes = operation === "add" ? desired : attributeDelta(held.confirmed ?? {}, desired);
  if (attributes) {
    const request: UpsertRequest = {
      anchor: held.anchor,
      objectType: held.objectType,
      attributes,
      writer: ctx.writer,
      sourceUsn: held.sourceUsn,
    };
    tenant.upsert(request);
  }
  ctx.db.entra.put({ ...held, unconfirmed: desired });
}
