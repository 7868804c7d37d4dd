/**
 * `entra-sync-sim sweep` and `merge` (design.md "Scale beyond one machine"): a scenario over seeds and a
 * grid of variants, the engine runs on worker threads; split into shards (`--shard i/n`) for a batch
 * system — a CI matrix, Kubernetes Jobs, Slurm — to run, and their JSON joined by `merge` into the JSON
 * the sweep run whole writes.
 */
import { type Command, Option } from "commander";
import { renderSweepHtml } from "../report/sweep-html.js";
import { renderSweepMarkdown } from "../report/sweep-markdown.js";
import { renderSweepTable } from "../report/sweep-table.js";
import type { SweepResult } from "../scenario/sweep.js";
import { runSweep } from "../scenario/sweep.js";
import { mergeSweeps } from "../scenario/sweep-merge.js";
import { parseDimension, parseSeeds, parseShard, variantGrid } from "../scenario/sweep-plan.js";
import {
  checkOutputs,
  collect,
  ENGINE_CHOICES,
  InputError,
  readJsonFile,
  SET_HELP,
  variantOf,
  write,
} from "./arguments.js";
import { sweepProgress } from "./progress.js";

/** A sweep result as JSON: two-space indents, a final newline (as `run --json`). */
function sweepJson(result: SweepResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** The report flags of `sweep` and `merge`. */
interface ReportOptions {
  readonly json?: string;
  readonly markdown?: string;
  readonly html?: string;
  readonly quiet?: boolean;
}

/** Checks, before anything runs, that the reports can be written where they were asked for. */
function checkReports(options: ReportOptions): void {
  checkOutputs([
    ["--json", options.json],
    ["--markdown", options.markdown],
    ["--html", options.html],
  ]);
}

/** Writes the reports where asked, and the table unless quiet or a report went to stdout. */
function report(result: SweepResult, options: ReportOptions): void {
  if (options.json !== undefined) write(options.json, sweepJson(result));
  if (options.markdown !== undefined) write(options.markdown, renderSweepMarkdown(result));
  if (options.html !== undefined) write(options.html, renderSweepHtml(result));
  if (options.quiet || [options.json, options.markdown, options.html].includes("-")) return;
  process.stdout.write(renderSweepTable(result));
  for (const [flag, file] of [
    ["json", options.json],
    ["markdown", options.markdown],
    ["html", options.html],
  ] as const) {
    if (file !== undefined) process.stdout.write(`${flag} report written to ${file}\n`);
  }
}

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
    .argument("<scenario>", "a scenario JSON file or a preset name (see `presets`)")
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
      "engine runs at a time, on a pool of worker threads (1: this thread; default: the CPUs from 100,000 directory objects, else 1)",
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
          engine: string;
          shard?: string;
          threads?: string;
          json?: string;
          markdown?: string;
          html?: string;
          quiet?: boolean;
        },
      ) => {
        const input = variantOf(reference, options.set);
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
        report(result, options);
      },
    );

  program
    .command("merge")
    .description("join the JSON of a sweep's shards into the sweep's result and print its table")
    .argument("<files...>", "the shards' `sweep --json` files")
    .option("-j, --json <file>", "also write the merged sweep JSON to a file (- for stdout)")
    .option("--markdown <file>", "also write the sweep's Markdown report to a file (- for stdout)")
    .option("--html <file>", "also write the sweep's self-contained HTML report to a file (- for stdout)")
    .option("-q, --quiet", "print no table")
    .action((files: string[], options: ReportOptions) => {
      checkReports(options);
      const parts = files.map((file, i) => readJsonFile(file, `files[${i}]`));
      report(mergeSweeps(parts, { names: files }), options);
    });
}
