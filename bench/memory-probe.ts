/**
 * How fast this machine's memory answers right now, as the time of one step of a pointer chase: one random
 * cycle through a 4 MB array, each step reading the index of the next. No step can start before the last
 * has answered, so a step costs the latency of wherever the array sits.
 *
 * Why the comparison bench reports it: the engines spend much of their time looking objects up in maps of
 * 150,000 entries (docs/scenarios.md, "Large runs"), so their speed follows the memory's. On the 2-core
 * machines these figures come from, 4 MB fits the processor's shared L3 cache at quiet moments (~17 ns a
 * step) but not when other tenants of the host hold that cache (~60–90 ns, near the ~175 ns of a 64 MB array
 * that no cache holds), and the same comparison then takes a quarter to a third longer. The figure lets a
 * reader tell a slower machine from slower code; it changes no target.
 */

/** Entries of the chased array: 2^20 four-byte indexes, 4 MB. */
const ENTRIES = 1 << 20;
/** Steps timed per probe: ~0.3–2 s. */
const STEPS = 20_000_000;

let cycle: Int32Array | undefined;

/**
 * One random cycle through every entry (Sattolo's algorithm), from a fixed linear congruential sequence so
 * that every probe chases the same path. Made once per process.
 */
function randomCycle(): Int32Array {
  if (cycle) return cycle;
  const next = new Int32Array(ENTRIES);
  for (let i = 0; i < ENTRIES; i++) next[i] = i;
  let state = 12_345;
  for (let i = ENTRIES - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = Math.floor((state / 2 ** 32) * i);
    const swap = next[i] as number;
    next[i] = next[j] as number;
    next[j] = swap;
  }
  cycle = next;
  return next;
}

/** Nanoseconds per step of the chase, measured now. */
export function memoryChaseNs(): number {
  const next = randomCycle();
  let at = 0;
  const started = performance.now();
  for (let step = 0; step < STEPS; step++) at = next[at] as number;
  const elapsed = performance.now() - started;
  // Read the end of the chase, so that no compiler can drop the loop as unused.
  if (at < 0) throw new Error("unreachable: indexes are never negative");
  return (elapsed * 1e6) / STEPS;
}
