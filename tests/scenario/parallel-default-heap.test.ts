import { describe, expect, it, vi } from "vitest";
import { compareEnginesInParallel } from "../../src/scenario/parallel.js";
import { compareEngines } from "../../src/scenario/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";

// The default old-space limit made far too small (4 MB: no engine even loads): every engine thread runs out
// of memory under it, and the comparison must still come back whole — each thread run again under Node's
// own limit. (Were the rerun not wired to the default, this comparison would reject.)
vi.mock("../../src/scenario/thread-heap.js", async (original) => ({
  ...(await original<typeof import("../../src/scenario/thread-heap.js")>()),
  defaultEngineThreadOldSpaceMb: () => 4,
}));

const scenario: ScenarioInput = {
  name: "default-heap",
  seed: 8,
  duration: "1h",
  directory: { users: 30, groups: 2, membersPerGroup: 4 },
  workload: { attributeChangesPerHour: 30, passwordChangesPerHour: 6 },
};

describe("the engine threads' default heap limit", () => {
  it("reruns a thread out of memory under it, and the comparison gives the sequential JSON", async () => {
    const progress: number[] = [];
    const parallel = await compareEnginesInParallel(scenario, {
      onProgress: (_e, now) => progress.push(now),
    });
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(compareEngines(scenario)));
    expect(progress.length).toBeGreaterThan(0);
  }, 60_000);
});
