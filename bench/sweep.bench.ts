/**
 * Sweep benchmark, from the built package (`npm run bench` builds first): `office-day` (5,000 users) over
 * four seeds, and the same day at 30,000 users over two seeds, each on this thread one run after the other
 * and on a pool of two worker threads. No target is set; the figures are what `runSweep`'s default
 * `threads` rests on (1 below 10,000 objects, the CPUs above). The results on one and on two threads must
 * be byte-identical, or the bench fails.
 */
import { checkBuild } from "./in-child.js";
import type { BenchLine } from "./types.js";

/** Runs each sweep on one thread, then on two. */
export async function run(): Promise<BenchLine[]> {
  checkBuild();
  const lib = (await import(
    new URL("../dist/index.js", import.meta.url).href
  )) as typeof import("../src/index.js");
  const lines: BenchLine[] = [];
  const sweeps = [
    {
      name: "office-day_4seeds",
      scenario: lib.scalePreset("office-day", { users: 5_000 }),
      seeds: [1, 2, 3, 4],
    },
    {
      name: "office-day_30k_2seeds",
      scenario: lib.scalePreset("office-day", { users: 30_000 }),
      seeds: [1, 2],
    },
  ];
  for (const sweep of sweeps) {
    const timed = async (threads: number): Promise<{ wall: number; json: string }> => {
      const started = performance.now();
      const result = await lib.runSweep(sweep.scenario, { seeds: sweep.seeds, threads });
      return { wall: performance.now() - started, json: JSON.stringify(result) };
    };
    const one = await timed(1);
    const two = await timed(2);
    if (one.json !== two.json) throw new Error(`${sweep.name}: the sweep on two threads differs from one`);
    lines.push(
      { name: `sweep.${sweep.name}.threads1.wall`, value: Math.round(one.wall), unit: "ms" },
      { name: `sweep.${sweep.name}.threads2.wall`, value: Math.round(two.wall), unit: "ms" },
      {
        name: `sweep.${sweep.name}.speedup`,
        value: Math.round((one.wall / two.wall) * 100) / 100,
        unit: "ratio",
      },
    );
  }
  return lines;
}
