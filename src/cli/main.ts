#!/usr/bin/env node
/**
 * `entra-sync-sim`: run a scenario (a JSON file or a built-in preset) on one or both engines and print
 * the side-by-side table; validate a scenario file; list the presets; sweep a scenario over seeds and
 * variants, in shards if need be, and merge the shards (sweep-commands.ts); render a saved result again
 * (report-command.ts).
 *
 * Exit codes: 0 success, 2 bad input (the message names the field, no stack trace), 1 internal error.
 * The progress bars (progress.ts) are the only place that reads the real clock.
 */
import { Command, CommanderError, Option } from "commander";
import { CPU_PLACEMENT_MODES, type CpuPlacementMode } from "../scenario/cpu-placement.js";
import { expectedWork, PARALLEL_FROM_WORK, runEnginesInParallel } from "../scenario/parallel.js";
import { PRESETS } from "../scenario/presets.js";
import type { ComparisonResult } from "../scenario/result.js";
import { runEngines } from "../scenario/run.js";
import { ScenarioError, validateScenario } from "../scenario/validate.js";
import { VERSION } from "../scenario/version.js";
import { isSimulationError } from "../scheduler/errors.js";
import {
  checkReports,
  collect,
  ENGINE_CHOICES,
  InputError,
  parseSeed,
  SET_HELP,
  USERS_HELP,
  variantOf,
  writeReports,
} from "./arguments.js";
import { progress } from "./progress.js";
import { addReportCommand, RUN_REPORTS } from "./report-command.js";
import { addSweepCommands } from "./sweep-commands.js";

function buildProgram(): Command {
  const program = new Command("entra-sync-sim")
    .description(
      "Simulate Entra Connect Sync and Entra Cloud Sync over virtual time and compare them on one scenario.",
    )
    .version(VERSION, "-v, --version")
    .exitOverride()
    .showHelpAfterError();

  program
    .command("run")
    .description("run a scenario (JSON file or preset name) and print the engines side by side")
    .argument("<scenario>", "a scenario JSON file (- for standard input) or a preset name (see `presets`)")
    .addOption(
      new Option("-e, --engine <engine>", "engine(s) to run")
        .choices(["connect", "cloud-sync", "both"])
        .default("both"),
    )
    .option("-s, --seed <n>", "seed (default: the scenario's)")
    .option("--set <path=value>", SET_HELP, collect, [])
    .option("--users <n>", USERS_HELP)
    .option("-j, --json <file>", "also write the result JSON to a file (- for stdout)")
    .option("--html <file>", "also write the self-contained HTML report to a file (- for stdout)")
    .option("--markdown <file>", "also write the Markdown report to a file (- for stdout)")
    .option("-q, --quiet", "print no table")
    .option(
      "--parallel",
      `run each engine on its own worker thread (default when both run and the directory's objects and the workload's expected changes add up to ${PARALLEL_FROM_WORK.toLocaleString("en-US")} or more)`,
    )
    .option("--no-parallel", "run the engines one after the other on the main thread")
    .addOption(
      new Option(
        "--cpu-placement <mode>",
        "on threads, on a two-CPU Linux machine: give the engine behind a CPU of its own (auto) or not (off)",
      )
        .choices(CPU_PLACEMENT_MODES)
        .default("auto"),
    )
    .action(
      async (
        reference: string,
        options: {
          engine: string;
          seed?: string;
          set: string[];
          users?: string;
          json?: string;
          html?: string;
          markdown?: string;
          quiet?: boolean;
          parallel?: boolean;
          cpuPlacement: CpuPlacementMode;
        },
      ) => {
        const input = variantOf(reference, options);
        const seed = options.seed === undefined ? undefined : parseSeed(options.seed);
        checkReports(options);
        const kinds = ENGINE_CHOICES[options.engine] ?? ENGINE_CHOICES.both ?? [];
        const parallel =
          options.parallel ??
          (kinds.length > 1 && expectedWork(validateScenario(input)) >= PARALLEL_FROM_WORK);
        const bar = progress({ enabled: process.stderr.isTTY === true && !options.quiet, kinds });
        let result: ComparisonResult;
        try {
          const runOptions = { ...(seed !== undefined ? { seed } : {}), onProgress: bar.update };
          result = parallel
            ? await runEnginesInParallel(input, kinds, { ...runOptions, cpuPlacement: options.cpuPlacement })
            : runEngines(input, kinds, runOptions);
        } finally {
          bar.stop();
        }
        writeReports(result, options, RUN_REPORTS);
      },
    );

  program
    .command("validate")
    .description("check a scenario file and list every problem by path")
    .argument("<file>", "scenario JSON file (- for standard input) or preset name")
    .option("--set <path=value>", SET_HELP, collect, [])
    .option("--users <n>", USERS_HELP)
    .action((reference: string, options: { set: string[]; users?: string }) => {
      const scenario = validateScenario(variantOf(reference, options));
      process.stdout.write(
        `${reference}: valid (${scenario.name}, ${scenario.events.length} scripted event${scenario.events.length === 1 ? "" : "s"})\n`,
      );
    });

  program
    .command("presets")
    .description("list the built-in scenarios (run one with `run <name>`)")
    .action(() => {
      const width = Math.max(...PRESETS.map((p) => p.name.length));
      for (const preset of PRESETS) process.stdout.write(`${preset.name.padEnd(width)}  ${preset.summary}\n`);
    });
  addSweepCommands(program);
  addReportCommand(program);
  return program;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors (already printed by commander) are bad input.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (
      error instanceof InputError ||
      error instanceof ScenarioError ||
      isSimulationError(error, "invalid-scenario")
    ) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      return 2;
    }
    if (isSimulationError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.ENTRA_SYNC_SIM_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
    return 1;
  }
}

// A reader that stops early (`run flagship --json - | head`) closes the pipe. That is its choice, not an
// error of ours: stop quietly, as Unix tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
