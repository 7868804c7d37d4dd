import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderSweepHtml } from "../../src/report/sweep-html.js";
import { renderSweepMarkdown } from "../../src/report/sweep-markdown.js";
import { renderSweepTable } from "../../src/report/sweep-table.js";
import { renderTable } from "../../src/report/table.js";
import { getPreset } from "../../src/scenario/presets.js";
import { comparisonResultSchema } from "../../src/scenario/result-schema.js";
import { compareEngines } from "../../src/scenario/run.js";
import { runSweep } from "../../src/scenario/sweep.js";
import { sweepResultSchema } from "../../src/scenario/sweep-schema.js";
import { isSimulationError } from "../../src/scheduler/errors.js";
import { sampleResult } from "../fixtures/sample-result.js";

/** The error a call throws (failing the test when it throws none). */
function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("a result read back as JSON", () => {
  const preset = getPreset("agent-crash-two");
  if (!preset) throw new Error("no preset agent-crash-two");
  const real = compareEngines(preset.scenario);
  const saved = JSON.parse(JSON.stringify(real)) as typeof real;

  it("is a comparison result by the schema, as written by every kind of run", () => {
    expect(comparisonResultSchema.safeParse(saved).success).toBe(true);
    expect(comparisonResultSchema.safeParse(sampleResult()).success).toBe(true);
    // A field a later version adds is kept and ignored.
    expect(comparisonResultSchema.safeParse({ ...saved, producedBy: "tomorrow" }).success).toBe(true);
    // Rendered from the file as from the run.
    expect(renderMarkdown(saved)).toBe(renderMarkdown(real));
  });

  // A saved result as plain JSON, to break one field of.
  type EngineJson = {
    latency: { create: Record<string, unknown> };
    events: [Record<string, unknown>, ...unknown[]];
    timeline: unknown;
  };
  type Saved = { [field: string]: unknown; engines: { connect: EngineJson; cloudSync: EngineJson } };
  const broken: Array<[string, (r: Saved) => unknown, string]> = [
    ["a result that is not an object", () => null, "result: null is not an object"],
    ["a missing field", (r) => ({ ...r, scenario: undefined }), "result.scenario: is required (string)"],
    [
      "a latency of the wrong kind",
      (r) => {
        r.engines.connect.latency.create.p99 = "slow";
        return r;
      },
      'result.engines.connect.latency.create.p99: "slow" is not a number',
    ],
    [
      "an event status the format does not have",
      (r) => {
        r.engines.cloudSync.events[0].status = "maybe";
        return r;
      },
      'result.engines.cloudSync.events[0].status: "maybe" is not one of "applied", "superseded", "pending", "lost", "filtered", "unsupported", "done", "refused", "ignored", "failed"',
    ],
    [
      "a timeline from an older shape",
      (r) => {
        r.engines.connect.timeline = { at: 0 };
        return r;
      },
      'result.engines.connect.timeline: {"at":0} is not an array',
    ],
    [
      "a time past any run (the time axis would divide it into billions of ticks)",
      (r) => {
        (r.engines.connect.timeline as Array<{ at: number }>)[0] = {
          ...(r.engines.connect.timeline as Array<{ at: number }>)[0],
          at: 1e308,
        } as never;
        return r;
      },
      "result.engines.connect.timeline[0].at: 1e+308 must be at most 9007199254740991",
    ],
  ];
  for (const [name, breakIt, message] of broken) {
    it(`is refused by every renderer with invalid-argument naming the field: ${name}`, () => {
      const input = breakIt(JSON.parse(JSON.stringify(real))) as never;
      for (const render of [renderTable, renderHtml, renderMarkdown] as const) {
        const error = thrown(() => render(input));
        expect(isSimulationError(error, "invalid-argument")).toBe(true);
        expect(error.message).toBe(message);
      }
    });
  }

  it("counts the problems it does not name", () => {
    const error = thrown(() => renderTable({} as never));
    expect(error.message).toBe("result.scenario: is required (string) (and 3 more)");
    expect((error as unknown as { details: { value: unknown[] } }).details.value).toHaveLength(4);
  });

  it("refuses report options the renderer does not take, and options that are not an object", () => {
    expect(thrown(() => renderTable(saved, { maxIncident: 3 } as never)).message).toBe(
      "maxIncident: is not an option (the options are maxIncidents, maxEvents)",
    );
    expect(thrown(() => renderHtml(saved, { tittle: "x" } as never)).message).toBe(
      "tittle: is not an option (the options are maxPointsPerSeries, title)",
    );
    expect(thrown(() => renderTable(saved, null as never)).message).toBe("options: null is not an object");
  });
});

describe("a sweep read back as JSON", () => {
  const small = {
    name: "small",
    duration: "2h",
    directory: { users: 20 },
    workload: { attributeChangesPerHour: 30, passwordChangesPerHour: 5 },
  };

  it("is a sweep result by the schema, whole or one shard; a broken one is refused by every renderer", async () => {
    const whole = JSON.parse(JSON.stringify(await runSweep(small, { seeds: [1, 2], threads: 1 })));
    const shard = JSON.parse(
      JSON.stringify(await runSweep(small, { seeds: [1, 2], threads: 1, shard: { index: 1, count: 2 } })),
    );
    expect(sweepResultSchema.safeParse(whole).success).toBe(true);
    expect(sweepResultSchema.safeParse(shard).success).toBe(true);
    expect(renderSweepMarkdown(whole)).toContain("# small: sweep");

    const clean = structuredClone(shard);
    whole.summary[0].engines.connect.latency.attribute.p99.median = "fast";
    shard.runs[0].engines.cloudSync.changes.made = -1;
    const cases: Array<[unknown, string]> = [
      [null, "result: null is not an object"],
      [whole, 'result.summary[0].engines.connect.latency.attribute.p99.median: "fast" is not a number'],
      [shard, "result.runs[0].engines.cloudSync.changes.made: -1 must be at least 0"],
    ];
    for (const [input, message] of cases)
      for (const render of [renderSweepTable, renderSweepHtml, renderSweepMarkdown] as const) {
        const error = thrown(() => render(input as never));
        expect(isSimulationError(error, "invalid-argument")).toBe(true);
        expect(error.message).toBe(message);
      }
    expect(thrown(() => renderSweepHtml(clean, { titel: "x" } as never)).message).toMatch(
      /^titel: is not an option \(the options are title\)$/,
    );
  }, 60_000);
});
