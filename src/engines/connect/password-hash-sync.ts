import type { Directory } from "../../model/directory.js";
import type { PasswordChange } from "../../model/directory-types.js";
import { isSimulationError } from "../../scheduler/errors.js";
import { heapPop, heapPush } from "../../scheduler/keyed-heap.js";
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
  private readonly cleanedAt = new Map<string, number>();
  private carry: string[] = [];
  private overflowed = false;
  private readonly state = new Map<
    string,
    {
      readonly retry: ReadonlySet<string>;
      readonly syncedAt: number | undefined;
      /**
       * Users of the retry list this pass may send ("pending") or that wait for their export ("parked"):
       * one entry per user rather than one in each of two sets, as a user moves between them (every user of
       * an initial sync is parked and released once while its export runs).
       */
      readonly users: Map<string, UserStatus>;
      /** Pending users by USN (stale entries are dropped when popped). */
      readonly queue: UsnQueue;
      /** The queue is still to be filled from the pending users. */
      fresh: boolean;
    }
  >();

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

  /**
   * One pass over every forest's password channel, in chronological (USN) order per forest.
   *
   * @remarks Users not exported yet ("target not exported") are parked and looked at again only when the
   * Entra connector space reports them exported, or after a sync (links may have changed): the same sends
   * as checking every parked user on every pass, without scanning 150,000 of them every 2 minutes while an
   * initial export runs.
   */
  *pass(): ProcessBody<void> {
    const { world, db, config, writer } = this.ctx;
    let sent = 0;
    let retried = 0;
    const taken = db.entra.takeNewlyExported();
    // Anchors exported during the last pass are released again for every forest (harmless when done).
    const newly = { anchors: [...this.carry, ...taken.anchors], overflow: taken.overflow || this.overflowed };
    this.carry = [];
    this.overflowed = false;
    for (const [forest, space] of db.adSpaces) {
      const directory = world.forest(forest);
      const retry = db.phsRetry.get(forest) ?? new Set<string>();
      db.phsRetry.set(forest, retry);
      let state = this.state.get(forest);
      if (!state || state.retry !== retry || newly.overflow || state.syncedAt !== db.lastSyncAt) {
        // Look at everyone again: a new database, a sync since (links may have moved), or a lost log.
        state = {
          retry,
          syncedAt: db.lastSyncAt,
          users: pendingUsers(retry),
          queue: new UsnQueue(),
          fresh: true,
        };
        this.state.set(forest, state);
      }
      const { users } = state;
      const added: string[] = [];
      try {
        const read = directory.passwordChangesSince(db.phsWatermarks.get(forest) ?? 0);
        // The watermark moves now; what is not sent stays on the retry list (kept in the database).
        for (const change of read.changes) {
          retry.add(change.objectGUID);
          users.set(change.objectGUID, "pending");
          added.push(change.objectGUID);
        }
        db.phsWatermarks.set(forest, read.watermark);
      } catch (error) {
        if (!isSimulationError(error, "dc-unreachable")) throw error;
      }
      const { queue } = state;
      if (state.fresh) {
        // A new pass state holds no parked user (nothing to release) and queues every pending user — those
        // just read included — once: the initial pass of 150,000 users looks none of them up twice.
        const changes: PasswordChange[] = [];
        for (const [guid, status] of users) {
          const change = status === "pending" ? directory.passwordOf(guid) : undefined;
          if (change) changes.push(change);
        }
        queue.fill(changes);
        state.fresh = false;
      } else {
        for (const guid of this.release(newly.anchors, space.name, users)) enqueue(queue, directory, guid);
        for (const guid of added) enqueue(queue, directory, guid);
      }
      const deferred: PasswordChange[] = [];
      let cursor = -1;
      for (;;) {
        const change = queue.pop();
        if (!change) break;
        const guid = change.objectGUID;
        // Stale (sent, parked, or changed again: its newer entry is in the queue) or already passed. Only
        // users on the retry list have a status (both leave together).
        if (users.get(guid) !== "pending" || directory.passwordOf(guid)?.usn !== change.usn) continue;
        if (change.usn <= cursor) {
          // Exported after its turn this pass (or a repeat entry): the next pass sends it.
          if (!deferred.includes(change)) deferred.push(change);
          continue;
        }
        cursor = change.usn;
        const anchor = this.exportedAnchor(space.get(guid)?.mvId);
        if (anchor === undefined) {
          // "target not exported": parked until exported
          users.set(guid, "parked");
          continue;
        }
        // PBKDF2-HMAC-SHA256 ×1,000 per user, charged in virtual time.
        yield sleep(config.timing.phsPerUserMs);
        if (!this.ctx.isActive()) {
          queue.push(change);
          return;
        }
        // Users exported meanwhile: later in the order, this pass sends them; earlier, the next pass.
        const late = db.entra.takeNewlyExported();
        if (late.overflow) this.overflowed = true;
        // Usually none (asked after every hash sent): nothing to carry or release then.
        if (late.anchors.length > 0) {
          for (const a of late.anchors) this.carry.push(a);
          for (const other of this.release(late.anchors, space.name, users)) enqueue(queue, directory, other);
        }
        const current = directory.passwordOf(guid);
        try {
          world.cloudLink.ensureUp("password hash");
          if (current) world.tenant.setPasswordHash(anchor, current.hash, writer);
          retry.delete(guid);
          users.delete(guid);
          sent++;
        } catch (error) {
          if (!isSimulationError(error)) throw error;
          deferred.push(change);
          // Throttled: the rest of the pass waits for the next one (no point knocking per user).
          if (error.code === "throttled") break;
        }
      }
      for (const change of deferred) queue.push(change);
      // Everyone still on the list is retried by a later pass.
      retried += retry.size;
      // Users deleted in AD have no hash to send any more (only worth looking when AD changed since).
      if (this.cleanedAt.get(forest) !== directory.highestUsn) {
        for (const guid of retry)
          if (!directory.passwordOf(guid) || directory.get(guid)?.isDeleted) {
            retry.delete(guid);
            users.delete(guid);
          }
        this.cleanedAt.set(forest, directory.highestUsn);
      }
    }
    this.ctx.emit("phs:batch", { at: world.scheduler.now, server: this.ctx.server, sent, retried });
  }

  /** Moves parked users whose cloud object was just exported back to the pending list; returns them. */
  private release(anchors: readonly string[], connector: string, users: Map<string, UserStatus>): string[] {
    const freed: string[] = [];
    for (const anchor of anchors) {
      const guid = this.ctx.db.metaverse.findByAnchor(anchor)?.links[connector];
      if (guid === undefined || users.get(guid) !== "parked") continue;
      users.set(guid, "pending");
      freed.push(guid);
    }
    return freed;
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

/** Where a user of the retry list stands in the current pass state. */
type UserStatus = "pending" | "parked";

/** Every user of the retry list, pending (a new pass state looks at everyone again). */
function pendingUsers(retry: ReadonlySet<string>): Map<string, UserStatus> {
  const users = new Map<string, UserStatus>();
  for (const guid of retry) users.set(guid, "pending");
  return users;
}

/** Queues a user's current password change. */
function enqueue(queue: UsnQueue, directory: Directory, guid: string): void {
  const change = directory.passwordOf(guid);
  if (change) queue.push(change);
}

/**
 * Password changes by USN, lowest first. A new pass state's users come in one batch, nearly always in USN
 * order already (the channel reads them so: the initial pass is every user in it): they are kept as a
 * sorted run, taken front to back, and only what comes later (users released or read during a pass,
 * deferred ones) goes to a binary heap — no sifting of 150,000 entries through a heap, and a heap small
 * enough to stay in cache. A pop takes the lower of the two heads: the order one heap of them all gives
 * (equal USNs are the same change: the directory gives every password write its own USN).
 *
 * @internal
 */
export class UsnQueue {
  private run: PasswordChange[] = [];
  private next = 0;
  private readonly heap: PasswordChange[] = [];

  /** Adds a batch (the queue's first: a new pass state fills an empty queue). */
  fill(changes: PasswordChange[]): void {
    for (let i = 1; i < changes.length; i++)
      if ((changes[i] as PasswordChange).usn < (changes[i - 1] as PasswordChange).usn) {
        changes.sort((a, b) => a.usn - b.usn);
        break;
      }
    if (this.next < this.run.length) for (const change of changes) this.push(change);
    else {
      this.run = changes;
      this.next = 0;
    }
  }

  /** Adds one change. */
  push(change: PasswordChange): void {
    heapPush(this.heap, change, usnOf);
  }

  /** Removes and returns the change with the lowest USN, or undefined when empty. */
  pop(): PasswordChange | undefined {
    const head = this.run[this.next];
    const top = this.heap[0];
    if (head === undefined || (top !== undefined && top.usn < head.usn)) return heapPop(this.heap, usnOf);
    this.next++;
    // The run is done with once taken: let it go rather than hold every user's change until the next batch.
    if (this.next === this.run.length) {
      this.run = [];
      this.next = 0;
    }
    return head;
  }
}

const usnOf = (change: PasswordChange): number => change.usn;
