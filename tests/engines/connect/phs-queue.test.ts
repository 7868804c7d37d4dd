import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsnQueue } from "../../../src/engines/connect/password-hash-sync.js";
import type { PasswordChange } from "../../../src/model/directory-types.js";
import { heapPop, heapPush } from "../../../src/scheduler/keyed-heap.js";

// One change object per USN, as the directory makes them (every password write has its own USN).
const changes = new Map<number, PasswordChange>();
function change(usn: number): PasswordChange {
  let made = changes.get(usn);
  if (!made) {
    made = {
      usn,
      at: usn,
      objectGUID: `g${usn}`,
      hash: { version: 1, salt: "s", hash: "h" },
      mustChangeAtNextLogon: false,
    };
    changes.set(usn, made);
  }
  return made;
}

describe("UsnQueue (password hash sync's pass queue)", () => {
  it("pops in the order one binary heap of every change pops them", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), usn: fc.nat(60) }),
      fc.record({ kind: fc.constant("pop" as const) }),
      fc.record({ kind: fc.constant("fill" as const), usns: fc.array(fc.nat(60), { maxLength: 12 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const queue = new UsnQueue();
        const heap: PasswordChange[] = [];
        const usnOf = (c: PasswordChange) => c.usn;
        for (const step of ops) {
          if (step.kind === "push") {
            queue.push(change(step.usn));
            heapPush(heap, change(step.usn), usnOf);
          } else if (step.kind === "fill") {
            // Sorted or not (a retry list in set order is not): the queue sorts what needs it.
            const batch = step.usns.map(change);
            for (const c of batch) heapPush(heap, c, usnOf);
            queue.fill([...batch]);
          } else expect(queue.pop()).toBe(heapPop(heap, usnOf));
        }
        for (;;) {
          const expected = heapPop(heap, usnOf);
          expect(queue.pop()).toBe(expected);
          if (!expected) break;
        }
      }),
    );
  });
});
