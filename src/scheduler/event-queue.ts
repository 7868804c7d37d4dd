/**
 * An entry of the event queue. Ordered by `time`, then by `seq` (the order in which it was scheduled), so
 * that two runs of the same scenario execute the same events in the same order.
 *
 * @internal
 */
export interface QueueEntry {
  time: number;
  seq: number;
  action: () => void;
  label: string | undefined;
  cancelled: boolean;
  /** Set when popped to run: cancelling it afterwards is a no-op. */
  done: boolean;
}

function before(a: QueueEntry, b: QueueEntry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/**
 * A binary min-heap of {@link QueueEntry}. Cancelling is lazy: a cancelled entry stays in the heap and is
 * skipped when it reaches the top (SimPy and most DES kernels do the same; O(1) cancel, no index upkeep).
 *
 * @internal
 */
export class EventQueue {
  private readonly heap: QueueEntry[] = [];
  private live = 0;

  /** Entries that will still run. */
  get size(): number {
    return this.live;
  }

  push(entry: QueueEntry): void {
    const heap = this.heap;
    let index = heap.length;
    heap.push(entry);
    this.live++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const up = heap[parent] as QueueEntry;
      if (!before(entry, up)) break;
      heap[index] = up;
      index = parent;
    }
    heap[index] = entry;
  }

  /** Marks an entry cancelled; true if it was still due to run. */
  cancel(entry: QueueEntry): boolean {
    if (entry.cancelled || entry.done) return false;
    entry.cancelled = true;
    this.live--;
    return true;
  }

  /** The next live entry without removing it. */
  peek(): QueueEntry | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  /** Removes and returns the next live entry. */
  pop(): QueueEntry | undefined {
    this.dropCancelled();
    const top = this.removeTop();
    if (top) {
      top.done = true;
      this.live--;
    }
    return top;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && (this.heap[0] as QueueEntry).cancelled) this.removeTop();
  }

  private removeTop(): QueueEntry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const length = heap.length;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && before(heap[right] as QueueEntry, heap[left] as QueueEntry)) child = right;
      const candidate = heap[child] as QueueEntry;
      if (!before(candidate, last)) break;
      heap[index] = candidate;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
