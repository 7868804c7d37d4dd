import type { CloudValue } from "../../model/cloud-schema.js";
import type { UpsertRequest } from "../../model/tenant-types.js";
import { isSimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import {
  attributeDelta,
  type EntraCsObject,
  type ExportOperation,
  exportOperation,
  recordsDiffer,
  withSent,
  withUnconfirmed,
} from "./entra-connector-space.js";
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
    // The queue's deletes, kept as the queue changes (no look at every queued object here).
    const deletes = db.entra.pendingDeleteCount;
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
    yield* world.cloudLink.transmit("export");
    // Used up only by an export that reaches the tenant: one that cannot still has the admin's allowance.
    ctx.threshold.consume();
    counts.adds = counts.updates = counts.deletes = counts.errors = 0;
    let throttledFor = 0;
    // Adds the tenant's object quota refused in this run (how-to-connect-install-existing-tenant: 50,000
    // objects, 300,000 with a verified domain): said once, not every cycle while it lasts.
    let quota = { refused: 0, limit: 0 };
    // One step record for the run, filled per object (what an export sends is used before the next).
    const step: ExportStep = { operation: "add", attributes: undefined };
    try {
      for (const anchor of queue) {
        // A server demoted (or promoted away) mid-run stops exporting at once: only one server exports.
        if (!ctx.isActive()) break;
        const held = db.entra.get(anchor);
        if (!held || !exportStep(held, step)) continue;
        const { operation } = step;
        yield sleep(config.timing.exportPerObjectMs);
        for (;;) {
          try {
            world.cloudLink.ensureUp("export");
            write(ctx, held, step);
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
              if (error.code === "quota-exceeded")
                quota = { refused: quota.refused + 1, limit: error.details.value as number };
              break;
            }
            throw error;
          }
        }
      }
      if (quota.refused > 0 && !db.quotaReported)
        ctx.incident(
          "limit-exceeded",
          `${ctx.server}: ${quota.refused} object${quota.refused === 1 ? "" : "s"} not exported, the tenant's object quota of ${quota.limit} reached; retried each export`,
        );
      if (ctx.isActive()) db.quotaReported = quota.refused > 0;
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

/** What one export sends for an object: the operation and, for an add or update, the attributes. */
interface ExportStep {
  operation: ExportOperation;
  attributes: Readonly<Record<string, CloudValue | undefined>> | undefined;
}

/**
 * Fills `step` with the export step of an object ({@link exportOperation} with its attributes); false when
 * there is nothing to export. An update of values the cloud confirmed — the common case — is decided by the
 * delta itself: one diff of confirmed and desired values instead of one to decide and another to send.
 */
function exportStep(held: EntraCsObject, step: ExportStep): boolean {
  const { confirmed, desired } = held;
  if (
    !held.deprovisioned &&
    desired !== undefined &&
    held.unconfirmed === undefined &&
    confirmed !== undefined
  ) {
    if (confirmed === desired) return false;
    const attributes = attributeDelta(confirmed, desired);
    if (!attributes) return false;
    step.operation = "update";
    step.attributes = attributes;
    return true;
  }
  const operation = exportOperation(held);
  if (!operation) return false;
  const values = desired ?? {};
  step.operation = operation;
  step.attributes =
    operation === "add"
      ? values
      : operation === "update"
        ? unsettledDelta(confirmed ?? {}, held.unconfirmed, values)
        : undefined;
  return true;
}

/**
 * The attributes an update sends while an earlier export is unconfirmed: the cloud holds the confirmed
 * values or the ones sent since, no import has said which, so every attribute where the desired values
 * differ from either goes (exported values are re-exported until an import confirms them,
 * concept-azure-ad-connect-sync-architecture). A delta from the confirmed values alone missed a value
 * set back to the confirmed one after a different one was sent — a user moved out of an OU and back, with
 * a flow made of the OU, while the tenant was down: the second export sent nothing, the import took the
 * unsent value as landed, and the cloud kept the first for good (deep suite, custom-flows seed -1786949828).
 */
function unsettledDelta(
  confirmed: Readonly<Record<string, CloudValue>>,
  unconfirmed: EntraCsObject["unconfirmed"],
  desired: Readonly<Record<string, CloudValue>>,
): Record<string, CloudValue | undefined> | undefined {
  const fromConfirmed = attributeDelta(confirmed, desired);
  const fromSent = unconfirmed ? attributeDelta(unconfirmed, desired) : undefined;
  if (!fromSent) return fromConfirmed;
  return fromConfirmed ? { ...fromConfirmed, ...fromSent } : fromSent;
}

function write(ctx: RunContext, held: EntraCsObject, step: ExportStep): void {
  const { tenant } = ctx.world;
  if (step.operation === "delete") {
    tenant.delete(held.anchor, ctx.writer);
    ctx.db.entra.put(withUnconfirmed(held, null));
    return;
  }
  const { attributes } = step;
  const { desired } = held;
  if (attributes) {
    const request: UpsertRequest = {
      anchor: held.anchor,
      objectType: held.objectType,
      attributes,
      writer: ctx.writer,
      sourceUsn: held.sourceUsn,
    };
    const { object } = tenant.upsert(request);
    // The cloud now holds just the values sent (nothing set aside: nearly every write). The connector space
    // then keeps the cloud's (frozen) record as its desired and sent values instead of its own equal copy —
    // one record of the object's cloud attributes instead of two, for as long as a sync finds nothing to
    // change (it compares values, and keeps the record it holds when they are equal).
    if (desired !== undefined && !recordsDiffer(desired, object.attributes)) {
      ctx.db.entra.put(withSent(held, object.attributes));
      return;
    }
  }
  ctx.db.entra.put(withUnconfirmed(held, desired ?? {}));
}
