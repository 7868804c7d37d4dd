import type { DirectoryChange, PasswordChange } from "../../model/directory-types.js";
import { isSimulationError, type SimulationError } from "../../scheduler/errors.js";
import { heapPop, heapPush } from "../../scheduler/keyed-heap.js";
import { type ProcessBody, Signal, sleep, waitFor } from "../../scheduler/process.js";
import { type ConfigurationContext, retryDelay, writeWithBackoff } from "./configuration.js";
import type { JobState } from "./events.js";

/** What the password hash job's `look` returns for a held hash. */
const HELD: unique symbol = Symbol("held");

/**
 * A password change waiting in the job: for a user not yet in the cloud, or read this run. `seq` is its
 * place in the job's queue (first-come order, kept when a later change of the same user replaces it), so
 * hashes are written in the order a full pass over the queue would write them.
 */
interface QueuedChange {
  readonly guid: string;
  change: PasswordChange;
  readonly seq: number;
  // Due for a look in the running pass / in the next run (each at most once).
  inPass: boolean;
  inNext: boolean;
  // True while it is the queue's entry for its user: a pass skips entries dequeued since they were marked
  // due without a look-up of the user among the (up to 150,000) queued ones.
  inQueue: boolean;
}

/**
 * The password hash sync job of one configuration, on its own schedule (2 minutes documented,
 * `reference-cloud-sync-faq`). Each run asks an agent for the password changes since its own watermark;
 * a hash for a user the configuration has not yet created in the cloud fails and is retried on the next
 * runs (expected on the first runs, reference.md B "Timing"); a user who must change the password at next
 * logon has the hash held until a later change without the flag.
 *
 * @remarks Each run looks only at the changes whose outcome can differ from the last look: new changes,
 * users the directory wrote since, users the configuration provisioned or deprovisioned since, and users
 * whose cloud object was missing. The others are still waiting for their user and are counted as retried
 * without a look — so a run costs O(changes), not O(waiting users), even while an initial cycle of
 * 150,000 users is still creating them (every user's first hash waits for that).
 * @public
 */
export class PasswordHashJob {
  private readonly ctx: ConfigurationContext;
  private watermark = 0;
  private paused = false;
  private nextRunAt = 0;
  private failing = false;
  // Changes waiting for their user to exist in the cloud, latest per user, in `seq` order.
  private readonly retrying = new Map<string, QueuedChange>();
  private readonly ranks = new SeqCounter();
  private nextSeq = 0;
  // Due for a look in the next run; and, while a pass runs, the ones due in it: those due at its start,
  // sorted by seq (read from `passAt` on), and those that became due during it (a min-heap by seq).
  private next: QueuedChange[] = [];
  private pass: QueuedChange[] = [];
  private passAt = 0;
  private late: QueuedChange[] = [];
  // Seq of the change the running pass is at; -1 between passes.
  private cursor = -1;
  // The forest has this one domain: every changed user is the configuration's (the directory keeps every
  // object it ever held, tombstones included), so the channel needs no per-change domain look-up.
  private readonly singleDomain: boolean;
  // The throttled error of the last `write`, if it was throttled.
  private writeFailed: SimulationError | undefined;
  private held = 0;
  private synced = 0;
  private readonly wake = new Signal<void>();

  /** @internal */
  constructor(ctx: ConfigurationContext) {
    this.ctx = ctx;
    this.singleDomain = ctx.directory.domains.length === 1 && ctx.directory.domains[0] === ctx.domain;
    ctx.provisioned.watch((guid) => this.touch(guid));
    ctx.directory.events.on("change", (change) => this.directoryChanged(change));
  }

  /** The job state. */
  get state(): JobState {
    return this.paused ? "Paused" : "Active";
  }

  /** Starts the loop in the cloud; the first run is at once. */
  start(): void {
    this.nextRunAt = this.ctx.scheduler.now;
    this.ctx.scheduler.spawn(this.loop(), { name: `cloud-sync:${this.ctx.domain}:password-hash` });
  }

  /** Pauses the job. */
  pause(): void {
    this.paused = true;
    this.stateChanged();
  }

  /** Resumes the job; the next run is at once. */
  resume(): void {
    this.paused = false;
    this.nextRunAt = this.ctx.scheduler.now;
    this.wake.fire();
    this.stateChanged();
  }

  /** JSON-safe view for `status()`. */
  snapshot(): Record<string, unknown> {
    return {
      state: this.state,
      watermark: this.watermark,
      nextCycleAt: this.paused ? null : this.nextRunAt,
      retrying: this.retrying.size,
      held: this.held,
      synced: this.synced,
    };
  }

  private *loop(): ProcessBody<void> {
    for (;;) {
      const now = this.ctx.scheduler.now;
      if (this.paused) {
        yield* waitFor(this.wake);
        continue;
      }
      if (this.nextRunAt > now) {
        yield* waitFor(this.wake, this.nextRunAt - now);
        continue;
      }
      this.nextRunAt = now + this.ctx.config.timing.passwordCycleInterval;
      yield* this.run();
      this.nextRunAt = Math.max(this.nextRunAt, this.ctx.scheduler.now);
    }
  }

  private *run(): ProcessBody<void> {
    const { ctx } = this;
    const cycle = `${ctx.domain}:password-hash`;
    ctx.events.emit("cycle:start", { at: ctx.scheduler.now, cycle });
    const reply = yield* ctx.pool.call(ctx.domain, "password query", (agent) =>
      agent.readPasswords(ctx.directory, this.watermark),
    );
    if (!reply.ok) {
      // One incident per outage, not one per run.
      if (!this.failing) ctx.incident("cycle-failed", `${cycle}: ${reply.reason}`);
      this.failing = true;
      ctx.events.emit("cycle:end", {
        at: ctx.scheduler.now,
        cycle,
        ok: false,
        counts: { retrying: this.retrying.size },
      });
      return;
    }
    this.failing = false;
    this.watermark = reply.value.watermark;
    for (const change of reply.value.changes) {
      if (this.singleDomain || ctx.directory.get(change.objectGUID)?.domain === ctx.domain)
        this.enqueue(change);
    }
    const counts = { synced: 0, held: 0, retrying: 0, failed: 0 };
    this.startPass();
    let at: QueuedChange | undefined;
    try {
      while ((at = this.nextInPass()) !== undefined) {
        const look = this.look(at);
        if (look === HELD) {
          counts.held++;
          continue;
        }
        if (look === undefined) continue;
        // The user is in the cloud: re-hash and write.
        yield sleep(ctx.config.timing.passwordCost);
        if (this.write(at, look)) counts.synced++;
        else if (this.writeFailed !== undefined) {
          // Throttled: back off as long as the tenant asks, then write.
          const outcome = yield* this.writeAfterBackoff(at, look);
          if (outcome) counts.synced++;
        }
      }
    } catch (error) {
      if (!isSimulationError(error)) throw error;
      // Every change ahead of the failed one that is still queued was counted as retried.
      counts.retrying = at === undefined ? 0 : this.ranks.countBelow(at.seq);
      this.abortPass(at);
      ctx.incident("cycle-failed", `${cycle}: ${error.message}`);
      ctx.events.emit("cycle:end", { at: ctx.scheduler.now, cycle, ok: false, counts });
      return;
    }
    this.cursor = -1;
    // Whatever is still queued was looked at (or is unchanged since its last look) and retried.
    counts.retrying = this.retrying.size;
    this.held += counts.held;
    this.synced += counts.synced;
    ctx.events.emit("cycle:end", { at: ctx.scheduler.now, cycle, ok: true, counts });
  }

  /**
   * One look at a queued change: drop it (user gone or out of scope), hold it (must change at next logon),
   * leave it queued (user not in the cloud yet) — all `undefined` but `HELD` — or return the anchor
   * of the cloud user to write the hash to.
   */
  private look(queued: QueuedChange): string | typeof HELD | undefined {
    const { ctx } = this;
    const { guid, change } = queued;
    const user = ctx.directory.get(guid);
    if (!user || user.isDeleted) {
      this.dequeue(queued);
      return undefined;
    }
    if (change.mustChangeAtNextLogon) {
      // reference.md B "Timing": the hash is held until the user changes the password.
      this.dequeue(queued);
      return HELD;
    }
    const anchor = ctx.provisioned.anchorOf(guid);
    if (anchor === undefined) {
      // "Target not in the cloud yet": expected on the first runs; looked at again once provisioned.
      if (!ctx.scope.inScope(user, ctx.directory)) this.dequeue(queued);
      return undefined;
    }
    if (!ctx.tenant.getByAnchor(anchor)) {
      // Provisioned but not (or no longer) in the cloud: look again next run.
      this.due(queued);
      return undefined;
    }
    return anchor;
  }

  /**
   * Writes the hash: true when written; false when the cloud user is gone (looked at again next run) or
   * the tenant throttled (`writeFailed` holds the error). Other errors fail the run.
   */
  private write(queued: QueuedChange, anchor: string): boolean {
    this.writeFailed = undefined;
    try {
      this.ctx.tenant.setPasswordHash(anchor, queued.change.hash, this.ctx.writer);
    } catch (error) {
      if (isSimulationError(error, "throttled")) {
        this.writeFailed = error;
        return false;
      }
      if (!isSimulationError(error, "no-such-object")) throw error;
      this.due(queued);
      return false;
    }
    this.dequeue(queued);
    return true;
  }

  private *writeAfterBackoff(queued: QueuedChange, anchor: string): ProcessBody<boolean> {
    const { ctx } = this;
    yield sleep(retryDelay(this.writeFailed as SimulationError));
    this.writeFailed = undefined;
    try {
      yield* writeWithBackoff(() => ctx.tenant.setPasswordHash(anchor, queued.change.hash, ctx.writer));
    } catch (error) {
      if (!isSimulationError(error, "no-such-object")) throw error;
      this.due(queued);
      return false;
    }
    this.dequeue(queued);
    return true;
  }

  // ---- the queue ---------------------------------------------------------------------------------------

  /** Queues the latest change of a user (replacing an older one in place). */
  private enqueue(change: PasswordChange): void {
    let queued = this.retrying.get(change.objectGUID);
    if (queued) queued.change = change;
    else {
      queued = {
        guid: change.objectGUID,
        change,
        seq: this.nextSeq++,
        inPass: false,
        inNext: false,
        inQueue: true,
      };
      this.retrying.set(queued.guid, queued);
      this.ranks.add(queued.seq, 1);
    }
    this.due(queued);
  }

  private dequeue(queued: QueuedChange): void {
    const current = this.retrying.get(queued.guid);
    if (current) current.inQueue = false;
    this.retrying.delete(queued.guid);
    this.ranks.add(queued.seq, -1);
  }

  /**
   * Marks a queued change for a look: in the running pass if the pass has not reached it yet (a full pass
   * would look at it with the state of that moment), else in the next run.
   */
  private due(queued: QueuedChange): void {
    if (this.cursor >= 0 && queued.seq > this.cursor) {
      if (!queued.inPass) {
        queued.inPass = true;
        heapPush(this.late, queued, seqOf);
      }
    } else if (!queued.inNext) {
      queued.inNext = true;
      this.next.push(queued);
    }
  }

  private touch(guid: string): void {
    const queued = this.retrying.get(guid);
    if (queued) this.due(queued);
  }

  private touchAll(): void {
    for (const queued of this.retrying.values()) this.due(queued);
  }

  /** A directory write can change a queued user's fate (deleted, moved out of scope, scope changed). */
  private directoryChanged(change: DirectoryChange): void {
    if (this.retrying.size === 0) return;
    const c = change.objectClass;
    if (c === "organizationalUnit" || c === "domainDNS") {
      // A renamed or moved OU moves its subtree without writes of its own: OU scoping may change.
      if (change.kind === "rename" || change.kind === "move") this.touchAll();
    } else if (c === "group" && this.ctx.scope.groups.length > 0) {
      // Group scoping (pilot use, small): any group write may change who is in scope.
      this.touchAll();
    } else this.touch(change.objectGUID);
  }

  private startPass(): void {
    const due = this.next;
    this.next = [];
    // Mostly queued in seq order already (new changes arrive in USN order): sort only when not.
    let sorted = true;
    for (let i = 0; i < due.length; i++) {
      const queued = due[i] as QueuedChange;
      queued.inNext = false;
      queued.inPass = true;
      if (i > 0 && (due[i - 1] as QueuedChange).seq > queued.seq) sorted = false;
    }
    if (!sorted) due.sort(bySeq);
    this.pass = due;
    this.passAt = 0;
    this.cursor = 0;
  }

  private nextInPass(): QueuedChange | undefined {
    for (;;) {
      // The lower seq of the two heads: the sorted run is read in order, without heap work.
      const head = this.pass[this.passAt];
      const lateHead = this.late[0];
      let queued: QueuedChange;
      if (head !== undefined && (lateHead === undefined || head.seq < lateHead.seq)) {
        queued = head;
        this.passAt++;
      } else if (lateHead !== undefined) queued = heapPop(this.late, seqOf) as QueuedChange;
      else {
        this.pass = [];
        return undefined;
      }
      queued.inPass = false;
      // Skip changes dequeued (or replaced by a new entry of the user) since they were marked.
      if (!queued.inQueue) continue;
      this.cursor = queued.seq;
      return queued;
    }
  }

  /** A failed run: the change it failed on and those it had not reached are looked at next run. */
  private abortPass(at: QueuedChange | undefined): void {
    this.cursor = -1;
    if (at) this.due(at);
    for (let i = this.passAt; i < this.pass.length; i++) this.undue(this.pass[i] as QueuedChange);
    for (const queued of this.late) this.undue(queued);
    this.pass = [];
    this.late = [];
  }

  private undue(queued: QueuedChange): void {
    queued.inPass = false;
    this.due(queued);
  }

  private stateChanged(): void {
    this.ctx.events.emit("job:state", {
      at: this.ctx.scheduler.now,
      domain: this.ctx.domain,
      job: "password-hash",
      state: this.state,
    });
  }
}

function bySeq(a: QueuedChange, b: QueuedChange): number {
  return a.seq - b.seq;
}

const seqOf = (queued: QueuedChange): number => queued.seq;

/** Counts of queued seqs with prefix sums (a Fenwick tree): how many queued changes lie before a seq. */
class SeqCounter {
  // Index i (1-based) holds the count of seqs in (i - lowbit(i), i]; seq s sits at index s + 1.
  private tree = new Int32Array(1_024);

  add(seq: number, delta: number): void {
    while (seq + 1 >= this.tree.length) this.grow();
    for (let i = seq + 1; i < this.tree.length; i += i & -i) this.tree[i] = (this.tree[i] as number) + delta;
  }

  /** Number of counted seqs below `seq`. */
  countBelow(seq: number): number {
    let sum = 0;
    for (let i = Math.min(seq, this.tree.length - 1); i > 0; i -= i & -i) sum += this.tree[i] as number;
    return sum;
  }

  private grow(): void {
    // Doubling a power-of-two tree: old nodes keep their ranges; node L (the old length) covers 1..L, the
    // newer ones cover only new (empty) indices.
    const length = this.tree.length;
    const total = this.countBelow(length);
    const tree = new Int32Array(length * 2);
    tree.set(this.tree);
    tree[length] = total;
    this.tree = tree;
  }
}
