/**
 * What the CLI's commands share: reading a scenario (file or preset) and its `--set` variant, seeds,
 * checking and writing report files, and the error that means bad input (exit code 2).
 */
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { EngineKind } from "../engines/engine.js";
import { applyOverrides } from "../scenario/overrides.js";
import { getPreset, PRESETS } from "../scenario/presets.js";
import type { ScenarioInput } from "../scenario/schema.js";

/** The engines `--engine` names. */
export const ENGINE_CHOICES: Readonly<Record<string, readonly EngineKind[]>> = {
  connect: ["connect"],
  "cloud-sync": ["cloudSync"],
  cloudSync: ["cloudSync"],
  both: ["connect", "cloudSync"],
};

/** Bad input: exit code 2. */
export class InputError extends Error {}

/** A scenario: a preset's, or read from a JSON file. */
export function loadScenario(reference: string): ScenarioInput {
  const preset = getPreset(reference);
  if (preset) return preset.scenario;
  if (!existsSync(reference)) {
    throw new InputError(
      `scenario: ${JSON.stringify(reference)} is neither a preset (${PRESETS.map((p) => p.name).join(", ")}) nor a file`,
    );
  }
  return readJsonFile(reference, "scenario") as ScenarioInput;
}

/** A JSON file's content; `what` names the argument in messages. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`${what}: cannot read ${JSON.stringify(file)}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what}: ${JSON.stringify(file)} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Writes a report to a file, or to stdout for `-` (when allowed). */
export function write(file: string, text: string): void {
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

/** The report flags that `run`, `sweep` and `merge` share. */
export interface ReportFlags {
  readonly json?: string;
  readonly markdown?: string;
  readonly html?: string;
  readonly quiet?: boolean;
}

/** How a command writes its result in each format. */
export interface ReportRenderers<R> {
  readonly json: (result: R) => string;
  readonly markdown: (result: R) => string;
  readonly html: (result: R) => string;
  readonly table: (result: R) => string;
}

/** Checks, before anything runs, that each report can be written where it was asked for. */
export function checkReports(flags: ReportFlags): void {
  checkOutputs([
    ["--json", flags.json],
    ["--markdown", flags.markdown],
    ["--html", flags.html],
  ]);
}

/**
 * Writes each report asked for, then the table and where the reports went — unless quiet or a report went
 * to stdout (which the table would spoil).
 */
export function writeReports<R>(result: R, flags: ReportFlags, render: ReportRenderers<R>): void {
  const reports = [
    ["json", flags.json, render.json],
    ["markdown", flags.markdown, render.markdown],
    ["html", flags.html, render.html],
  ] as const;
  for (const [, file, renderer] of reports) if (file !== undefined) write(file, renderer(result));
  if (flags.quiet || reports.some(([, file]) => file === "-")) return;
  process.stdout.write(render.table(result));
  for (const [flag, file] of reports) {
    if (file !== undefined) process.stdout.write(`${flag} report written to ${file}\n`);
  }
}

/** Collects a repeated option's values. */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

export const SET_HELP =
  "override a field of the scenario, e.g. engines.connect.cycleInterval=60m or events[0].at=2h (repeatable; the value is JSON when it parses as JSON, else text)";

/**
 * The scenario with the `--set` assignments applied. Unless one of them names it, the variant's name lists
 * them (`office-day [engines.connect.cycleInterval=60m]`), so that its table, reports and JSON tell it from
 * the scenario as written.
 */
export function variantOf(reference: string, assignments: readonly string[]): ScenarioInput {
  const input = applyOverrides(loadScenario(reference), assignments);
  if (assignments.length === 0 || assignments.some((a) => a.startsWith("name="))) return input;
  const name = typeof input.name === "string" ? input.name : reference;
  return { ...input, name: `${name} [${assignments.join(", ")}]` };
}

export function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InputError(`--seed: ${JSON.stringify(value)} is not an integer`);
  return Number(value);
}
