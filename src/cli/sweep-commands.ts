/**
 * `entra-sync-sim sweep` and `merge` (design.md "Scale beyond one machine"): a scenario over seeds and a
 * grid of variants, the engine runs on worker threads; split into shards (`--shard i/n`) for a batch
 * system — a CI matrix, Kubernetes Jobs, Slurm — to run, and their JSON joined by `merge` into the JSON
 * the sweep run whole writes.
 */
import { type Command, Option } from "commander";
import { renderJson } from "../report/json.js";
import { renderSweepHtml } from "../report/sweep-html.js";
import { renderSweepMarkdown } from "../report/sweep-markdown.js";
import { renderSweepTable } from "../report/sweep-table.js";
import { runSweep, type SweepResult } from "../scenario/sweep.js";
import { mergeSweeps } from "../scenario/sweep-merge.js";
import { parseDimension, parseSeeds, parseShard, variantGrid } from "../scenario/sweep-plan.js";
import {
  checkReports,
  collect,
  ENGINE_CHOICES,
  InputError,
  type ReportFlags,
  type ReportRenderers,
  readJsonFile,
  SET_HELP,
  USERS_HELP,
  variantOf,
  writeReports,
} from "./arguments.js";
import { sweepProgress } from "./progress.js";

/** The sweep's reports (`sweep`, `merge`, and `report` of a sweep's JSON). */
export const SWEEP_REPORTS: ReportRenderers<SweepResult> = {
  json: (result) => renderJson(result),
  markdown: renderSweepMarkdown,
  html: (result) => renderSweepHtml(result),
  table: renderSweepTable,
};

/** The `--threads` value: a whole number ≥ 1 (bad input otherwise). */
function parseThreads(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1)
    throw new InputError(`--threads: ${JSON.stringify(value)} is not a whole number ≥ 1`);
  return Number(value);
}

/** Adds `sweep` and `merge` to the program. */
export function addSweepCommands(program: Command): void {
  program
    .command("sweep")
    .description(
      "run a scenario over seeds and variants (or one shard of that) and print each engine's latency across the seeds",
    )
    .argument("<scenario>", "a scenario JSON file (- for standard input) or a preset name (see `presets`)")
    .option(
      "--seeds <list>",
      "the seeds: whole numbers and ranges, e.g. 1..10 or 1,5,9 (default: the scenario's)",
    )
    .option(
      "--vary <path=values>",
      "a dimension of the grid of variants, e.g. engines.connect.cycleInterval=30m,60m (repeatable: every combination is a variant; commas inside [..], {..} or quotes do not split)",
      collect,
      [],
    )
    .option("--set <path=value>", `${SET_HELP}; applies to every variant`, collect, [])
    .option("--users <n>", USERS_HELP)
    .addOption(
      new Option("-e, --engine <engine>", "engine(s) to run")
        .choices(["connect", "cloud-sync", "both"])
        .default("both"),
    )
    .option(
      "--shard <i/n>",
      "run only the i-th of n shards of the points (join the shards' JSON with `merge`)",
    )
    .option(
      "--threads <n>",
      "engine runs at a time, on a pool of worker threads (1: this thread; default: the CPUs when directory objects plus expected changes reach 50,000, else 1)",
    )
    .option("-j, --json <file>", "also write the sweep JSON to a file (- for stdout)")
    .option("--markdown <file>", "also write the sweep's Markdown report to a file (- for stdout)")
    .option("--html <file>", "also write the sweep's self-contained HTML report to a file (- for stdout)")
    .option("-q, --quiet", "print no table")
    .action(
      async (
        reference: string,
        options: {
          seeds?: string;
          vary: string[];
          set: string[];
          users?: string;
          engine: string;
          shard?: string;
          threads?: string;
          json?: string;
          markdown?: string;
          html?: string;
          quiet?: boolean;
        },
      ) => {
        const input = variantOf(reference, options);
        checkReports(options);
        const threads = options.threads === undefined ? undefined : parseThreads(options.threads);
        const bar = sweepProgress({ enabled: process.stderr.isTTY === true && !options.quiet });
        let result: SweepResult;
        try {
          result = await runSweep(input, {
            ...(options.seeds === undefined ? {} : { seeds: parseSeeds(options.seeds) }),
            variants: variantGrid(options.vary.map(parseDimension)),
            engines: ENGINE_CHOICES[options.engine] ?? ENGINE_CHOICES.both ?? [],
            ...(options.shard === undefined ? {} : { shard: parseShard(options.shard) }),
            ...(threads === undefined ? {} : { threads }),
            onProgress: bar.update,
          });
        } finally {
          bar.stop();
        }
        writeReports(result, options, SWEEP_REPORTS);
      },
    );

  program
    .command("merge")
    .description("join the JSON of a sweep's shards into the sweep's result and print its table")
    .argument("<files...>", "the shards' `sweep --json` files (- for standard input)")
    .option("-j, --json <file>", "also write the merged sweep JSON to a file (- for stdout)")
    .option("--markdown <file>", "also write the sweep's Markdown report to a file (- for stdout)")
    .option("--html <file>", "also write the sweep's self-contained HTML report to a file (- for stdout)")
    .option("-q, --quiet", "print no table")
    .action((files: string[], options: ReportFlags) => {
      checkReports(options);
      const parts = files.map((file, i) => readJsonFile(file, `files[${i}]`));
      writeReports(mergeSweeps(parts, { names: files }), options, SWEEP_REPORTS);
    });
}
