/**
 * Binary min-heap operations on a plain array ordered by a numeric key — what the password-hash queues of
 * both engines keep (changes by USN or by arrival). The array stays a plain array, so `heap[0]` is the
 * head and `heap.length` the size. (The kernel's event queue has its own two-key heap with lazy cancel.)
 *
 * @internal
 */

/** Adds `item` to `heap`, ordered by `key` (ties: the earlier-pushed first is not guaranteed). */
export function heapPush<T>(heap: T[], item: T, key: (item: T) => number): void {
  let i = heap.push(item) - 1;
  const k = key(item);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as T;
    if (key(p) <= k) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = item;
}

/** Removes and returns the item with the smallest key, or undefined when `heap` is empty. */
export function heapPop<T>(heap: T[], key: (item: T) => number): T | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (top === undefined || last === undefined || heap.length === 0) return top;
  const k = key(last);
  const n = heap.length;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const child = r < n && key(heap[r] as T) < key(heap[l] as T) ? r : l;
    const c = heap[child] as T;
    if (key(c) >= k) break;
    heap[i] = c;
    i = child;
  }
  heap[i] = last;
  return top;
}
