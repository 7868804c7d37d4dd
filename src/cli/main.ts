#!/usr/bin/env node
/**
 * `entra-sync-sim`: run a scenario (a JSON file or a built-in preset) on one or both engines and print
 * the side-by-side table; validate a scenario file; list the presets.
 *
 * Exit codes: 0 success, 2 bad input (the message names the field, no stack trace), 1 internal error.
 * The progress bars (progress.ts) are the only place that reads the real clock.
 */
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import type { EngineKind } from "../engines/engine.js";
import { renderHtml } from "../report/html.js";
import { renderJson } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import { renderTable } from "../report/table.js";
import { CPU_PLACEMENT_MODES, type CpuPlacementMode } from "../scenario/cpu-placement.js";
import { applyOverrides } from "../scenario/overrides.js";
import { runEnginesInParallel } from "../scenario/parallel.js";
import { getPreset, PRESETS } from "../scenario/presets.js";
import type { ComparisonResult } from "../scenario/result.js";
import { runEngines } from "../scenario/run.js";
import type { Scenario, ScenarioInput } from "../scenario/schema.js";
import { ScenarioError, validateScenario } from "../scenario/validate.js";
import { VERSION } from "../scenario/version.js";
import { isSimulationError } from "../scheduler/errors.js";
import { progress } from "./progress.js";

/** Bad input: exit code 2. */
class InputError extends Error {}

const ENGINE_CHOICES: Readonly<Record<string, readonly EngineKind[]>> = {
  connect: ["connect"],
  "cloud-sync": ["cloudSync"],
  cloudSync: ["cloudSync"],
  both: ["connect", "cloudSync"],
};

/**
 * Directory size from which `run` puts each engine on its own worker thread unless told otherwise: below
 * it a run takes a few seconds at most, and starting two threads (each loading the simulator) costs more
 * than running the engines one after the other saves.
 */
const PARALLEL_FROM_OBJECTS = 10_000;

function directorySize(scenario: Scenario): number {
  const d = scenario.directory;
  return d.users + d.groups + d.contacts + d.devices;
}

function loadScenario(reference: string): ScenarioInput {
  const preset = getPreset(reference);
  if (preset) return preset.scenario;
  if (!existsSync(reference)) {
    throw new InputError(
      `scenario: ${JSON.stringify(reference)} is neither a preset (${PRESETS.map((p) => p.name).join(", ")}) nor a file`,
    );
  }
  let text: string;
  try {
    text = readFileSync(reference, "utf8");
  } catch (error) {
    throw new InputError(`scenario: cannot read ${JSON.stringify(reference)}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as ScenarioInput;
  } catch (error) {
    throw new InputError(
      `scenario: ${JSON.stringify(reference)} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** Writes a report to a file, or to stdout for `-` (when allowed). */
function write(file: string, text: string): void {
  if (file === "-") {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new InputError(`cannot write ${JSON.stringify(file)}: ${(error as Error).message}`);
  }
}

/**
 * Checks, before a run, that each report can be written where it was asked for: one stdout at most, an
 * existing directory, not a directory itself. A run of a large scenario takes a minute; a mistyped path
 * found only after it would throw that minute away. (Writing can still fail afterwards, e.g. a full disk:
 * {@link write} reports that.)
 */
function checkOutputs(outputs: ReadonlyArray<readonly [flag: string, file: string | undefined]>): void {
  const toStdout = outputs.filter(([, file]) => file === "-").map(([flag]) => flag);
  if (toStdout.length > 1) {
    throw new InputError(`${toStdout.join(" and ")}: only one report can go to stdout (-)`);
  }
  for (const [flag, file] of outputs) {
    if (file === undefined || file === "-") continue;
    const problem = outputProblem(file);
    if (problem !== undefined)
      throw new InputError(`${flag}: cannot write ${JSON.stringify(file)}: ${problem}`);
  }
}

/** Why a report cannot be written to `file` (undefined when it can, as far as can be told beforehand). */
function outputProblem(file: string): string | undefined {
  const folder = dirname(resolve(file));
  const isDirectory = (path: string): boolean =>
    statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  if (!isDirectory(folder)) return `no directory ${JSON.stringify(folder)}`;
  if (isDirectory(file)) return "it is a directory";
  try {
    accessSync(existsSync(file) ? file : folder, constants.W_OK);
    return undefined;
  } catch {
    return "permission denied";
  }
}

/** Collects a repeated option's values. */
function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

const SET_HELP =
  "override a field of the scenario, e.g. engines.connect.cycleInterval=60m or events[0].at=2h (repeatable; the value is JSON when it parses as JSON, else text)";

/**
 * The scenario with the `--set` assignments applied. Unless one of them names it, the variant's name lists
 * them (`office-day [engines.connect.cycleInterval=60m]`), so that its table, reports and JSON tell it from
 * the scenario as written.
 */
function variantOf(reference: string, assignments: readonly string[]): ScenarioInput {
  const input = applyOverrides(loadScenario(reference), assignments);
  if (assignments.length === 0 || assignments.some((a) => a.startsWith("name="))) return input;
  const name = typeof input.name === "string" ? input.name : reference;
  return { ...input, name: `${name} [${assignments.join(", ")}]` };
}

function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InputError(`--seed: ${JSON.stringify(value)} is not an integer`);
  return Number(value);
}

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
    .argument("<scenario>", "a scenario JSON file or a preset name (see `presets`)")
    .addOption(
      new Option("-e, --engine <engine>", "engine(s) to run")
        .choices(["connect", "cloud-sync", "both"])
        .default("both"),
    )
    .option("-s, --seed <n>", "seed (default: the scenario's)")
    .option("--set <path=value>", SET_HELP, collect, [])
    .option("-j, --json <file>", "also write the result JSON to a file (- for stdout)")
    .option("--html <file>", "also write the self-contained HTML report to a file (- for stdout)")
    .option("--markdown <file>", "also write the Markdown report to a file (- for stdout)")
    .option("-q, --quiet", "print no table")
    .option(
      "--parallel",
      `run each engine on its own worker thread (default when both run and the directory holds ${PARALLEL_FROM_OBJECTS.toLocaleString("en-US")} objects or more)`,
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
          json?: string;
          html?: string;
          markdown?: string;
          quiet?: boolean;
          parallel?: boolean;
          cpuPlacement: CpuPlacementMode;
        },
      ) => {
        const input = variantOf(reference, options.set);
        const seed = options.seed === undefined ? undefined : parseSeed(options.seed);
        checkOutputs([
          ["--json", options.json],
          ["--markdown", options.markdown],
          ["--html", options.html],
        ]);
        const kinds = ENGINE_CHOICES[options.engine] ?? ENGINE_CHOICES.both ?? [];
        const parallel =
          options.parallel ??
          (kinds.length > 1 && directorySize(validateScenario(input)) >= PARALLEL_FROM_OBJECTS);
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
        const toStdout = options.json === "-" || options.markdown === "-" || options.html === "-";
        if (options.json !== undefined) write(options.json, renderJson(result));
        if (options.markdown !== undefined) write(options.markdown, renderMarkdown(result));
        if (options.html !== undefined) write(options.html, renderHtml(result));
        if (!options.quiet && !toStdout) process.stdout.write(renderTable(result));
        if (!options.quiet && !toStdout) {
          for (const [flag, file] of [
            ["json", options.json],
            ["markdown", options.markdown],
            ["html", options.html],
          ] as const) {
            if (file !== undefined) process.stdout.write(`${flag} report written to ${file}\n`);
          }
        }
      },
    );

  program
    .command("validate")
    .description("check a scenario file and list every problem by path")
    .argument("<file>", "scenario JSON file (or preset name)")
    .option("--set <path=value>", SET_HELP, collect, [])
    .action((reference: string, options: { set: string[] }) => {
      const scenario = validateScenario(variantOf(reference, options.set));
      process.stdout.write(
        `${reference}: valid (${scenario.name}, ${scenario.events.length} scripted events)\n`,
      );
    });

  program
    .command("presets")
    .description("list the built-in scenarios (run one with `run <name>`)")
    .action(() => {
      const width = Math.max(...PRESETS.map((p) => p.name.length));
      for (const preset of PRESETS) process.stdout.write(`${preset.name.padEnd(width)}  ${preset.summary}\n`);
    });
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

process.exitCode = await main(process.argv.slice(2));
