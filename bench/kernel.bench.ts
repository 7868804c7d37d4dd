/**
 * Kernel benchmark: 1,000,000 events scheduled and executed by the {@link Scheduler}, against a bare
 * binary-heap loop doing the same pushes and pops in the same process (issue 2 target: ratio >= 0.5).
 */
import { Scheduler } from "../src/scheduler/scheduler.js";
import type { BenchLine } from "./types.js";

const EVENTS = 1_000_000;
const ROUNDS = 3;

/** Deterministic pseudo-random delays (an LCG; the same sequence for both loops). */
function delays(count: number): Int32Array {
  const out = new Int32Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) | 0;
    out[i] = (state >>> 8) % 10_000;
  }
  return out;
}

interface Bare {
  time: number;
  seq: number;
  action: () => void;
}

/** The baseline: a plain binary heap of (time, seq, action), pushes then pops, nothing else. */
function bareLoop(times: Int32Array): number {
  const heap: Bare[] = [];
  let counter = 0;
  const action = (): void => {
    counter++;
  };
  const less = (a: Bare, b: Bare): boolean => a.time < b.time || (a.time === b.time && a.seq < b.seq);
  for (let i = 0; i < times.length; i++) {
    const entry: Bare = { time: times[i] as number, seq: i, action };
    let index = heap.length;
    heap.push(entry);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const up = heap[parent] as Bare;
      if (!less(entry, up)) break;
      heap[index] = up;
      index = parent;
    }
    heap[index] = entry;
  }
  while (heap.length > 0) {
    const top = heap[0] as Bare;
    const last = heap.pop() as Bare;
    const length = heap.length;
    if (length > 0) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        let child = left;
        if (right < length && less(heap[right] as Bare, heap[left] as Bare)) child = right;
        const candidate = heap[child] as Bare;
        if (!less(candidate, last)) break;
        heap[index] = candidate;
        index = child;
      }
      heap[index] = last;
    }
    top.action();
  }
  return counter;
}

function kernelLoop(times: Int32Array): number {
  const scheduler = new Scheduler();
  let counter = 0;
  const action = (): void => {
    counter++;
  };
  for (let i = 0; i < times.length; i++) scheduler.schedule(times[i] as number, action);
  scheduler.runUntilIdle({ maxEvents: times.length });
  return counter;
}

function time(fn: () => number, expected: number): number {
  const start = performance.now();
  const done = fn();
  const elapsed = performance.now() - start;
  if (done !== expected) throw new Error(`expected ${expected} events, ran ${done}`);
  return elapsed;
}

/** Runs the kernel benchmark. */
export async function run(): Promise<BenchLine[]> {
  const times = delays(EVENTS);
  // Warm both loops on a smaller set so neither pays the JIT alone.
  bareLoop(times.subarray(0, 100_000));
  kernelLoop(times.subarray(0, 100_000));
  let bare = Number.POSITIVE_INFINITY;
  let kernel = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    bare = Math.min(
      bare,
      time(() => bareLoop(times), EVENTS),
    );
    kernel = Math.min(
      kernel,
      time(() => kernelLoop(times), EVENTS),
    );
  }
  return [
    { name: "kernel.events_per_sec", value: Math.round(EVENTS / (kernel / 1000)), unit: "events/s" },
    { name: "kernel.baseline_events_per_sec", value: Math.round(EVENTS / (bare / 1000)), unit: "events/s" },
    {
      name: "kernel.ratio_to_baseline",
      value: Number((bare / kernel).toFixed(3)),
      unit: "ratio",
      target: ">= 0.5",
    },
  ];
}
