import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { heapPop, heapPush } from "../../src/scheduler/keyed-heap.js";

describe("keyed heap", () => {
  it("pops items in key order whatever the order and interleaving of pushes (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 60 }),
        (ops) => {
          const heap: { key: number }[] = [];
          const reference: number[] = [];
          const key = (item: { key: number }) => item.key;
          for (const op of ops) {
            if (op < 0) {
              reference.sort((a, b) => a - b);
              expect(heapPop(heap, key)?.key).toBe(reference.shift());
            } else {
              heapPush(heap, { key: op }, key);
              reference.push(op);
            }
            expect(heap.length).toBe(reference.length);
            if (heap.length > 0) expect(heap[0]?.key).toBe(Math.min(...reference));
          }
        },
      ),
    );
  });

  it("pops undefined when empty", () => {
    expect(heapPop([], (n: number) => n)).toBeUndefined();
  });
});
