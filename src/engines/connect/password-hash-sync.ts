import { isSimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { RunContext } from "./run-context.js";

/**
 * Password hash sync (how-to-connect-password-hash-synchronization): its own loop every 2 minutes on the
 * active server, independent of the cycle; paused until the first full cycle has completed; per user in
 * chronological (USN) order; only for users already exported ("target not exported" users are retried next
 * pass). Hashes are read from the password channel at send time and never kept; the PBKDF2 cost is charged
 * in virtual time. The channel watermark and retry list live in the server's database, so a server resumes
 * where it left off (a server that never ran PHS starts from the beginning: a full password sync).
 *
 * @public
 */
export class PasswordHashSync {
  private readonly ctx: RunContext;

  /** @param ctx - the server's run context */
  constructor(ctx: RunContext) {
    this.ctx = ctx;
  }

  /** The loop: a process on the server's host. */
  *loop(enabled: () => boolean): ProcessBody<void> {
    for (;;) {
      yield sleep(this.ctx.config.phsIntervalMs);
      // how-to-connect-sync-staging-server: a staging server runs no PHS; PHS waits for the first full cycle.
      if (!enabled() || !this.ctx.isActive() || !this.ctx.db.firstFullCycleDone) continue;
      yield* this.pass();
    }
  }

  /** One pass over every forest's password channel. */
  *pass(): ProcessBody<void> {
    const { world, db, config, writer } = this.ctx;
    let sent = 0;
    let retried = 0;
    for (const [forest, space] of db.adSpaces) {
      const directory = world.forest(forest);
      const retry = db.phsRetry.get(forest) ?? new Set<string>();
      db.phsRetry.set(forest, retry);
      try {
        const read = directory.passwordChangesSince(db.phsWatermarks.get(forest) ?? 0);
        // The watermark moves now; what is not sent stays on the retry list (kept in the database).
        for (const change of read.changes) retry.add(change.objectGUID);
        db.phsWatermarks.set(forest, read.watermark);
      } catch (error) {
        if (!isSimulationError(error, "dc-unreachable")) throw error;
      }
      const order = [...retry]
        .map((guid) => directory.passwordOf(guid))
        .filter((c) => c !== undefined)
        .sort((a, b) => a.usn - b.usn);
      for (const change of order) {
        const anchor = this.exportedAnchor(space.get(change.objectGUID)?.mvId);
        if (anchor === undefined) {
          retried++; // "target not exported": retried next pass
          continue;
        }
        // PBKDF2-HMAC-SHA256 ×1,000 per user, charged in virtual time.
        yield sleep(config.timing.phsPerUserMs);
        if (!this.ctx.isActive()) return;
        const current = directory.passwordOf(change.objectGUID);
        try {
          world.cloudLink.ensureUp("password hash");
          if (current) world.tenant.setPasswordHash(anchor, current.hash, writer);
          retry.delete(change.objectGUID);
          sent++;
        } catch (error) {
          if (!isSimulationError(error)) throw error;
          retried++;
        }
      }
      // Users deleted in AD have no hash to send any more.
      for (const guid of retry)
        if (!directory.passwordOf(guid) || directory.get(guid)?.isDeleted) retry.delete(guid);
    }
    this.ctx.emit("phs:batch", { at: world.scheduler.now, server: this.ctx.server, sent, retried });
  }

  /** The source anchor of a user already exported to the tenant, if any. */
  private exportedAnchor(mvId: string | undefined): string | undefined {
    if (mvId === undefined) return undefined;
    const mv = this.ctx.db.metaverse.get(mvId);
    const held = mv ? this.ctx.db.entra.get(mv.sourceAnchor) : undefined;
    if (!held || held.deprovisioned || held.objectType !== "user") return undefined;
    const exported =
      held.confirmed !== undefined || (held.unconfirmed !== undefined && held.unconfirmed !== null);
    return exported ? held.anchor : undefined;
  }
}
