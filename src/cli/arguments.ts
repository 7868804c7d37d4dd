/**
 * What the CLI's commands share: reading a scenario (a file, standard input, a preset, a preset at
 * `--users`) and its `--set` variant, seeds, checking and writing report files, and the error that means
 * bad input (exit code 2).
 */
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { EngineKind } from "../engines/engine.js";
import { applyOverrides } from "../scenario/overrides.js";
import { getPreset, isPresetUsers, PRESET_USERS, PRESETS, scalePreset } from "../scenario/presets.js";
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

/** A scenario: a preset's, or read from a JSON file (`-`: standard input). */
export function loadScenario(reference: string): ScenarioInput {
  const preset = getPreset(reference);
  if (preset) return preset.scenario;
  if (reference !== STDIN && !existsSync(reference)) {
    throw new InputError(
      `scenario: ${JSON.stringify(reference)} is neither a preset (${PRESETS.map((p) => p.name).join(", ")}) nor a file`,
    );
  }
  return readJsonFile(reference, "scenario") as ScenarioInput;
}

/** The file name that means standard input, as the report flags' `-` means standard output. */
export const STDIN = "-";

/**
 * A JSON file's content (`-`: standard input, e.g. a scenario a script generates, or a result piped from
 * `run --json -`); `what` names the argument in messages.
 */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === STDIN ? 0 : file, "utf8");
  } catch (error) {
    throw new InputError(`${what}: cannot read ${fileName(file)}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what}: ${fileName(file)} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A file as messages name it: quoted, or `standard input` for `-`. */
export function fileName(file: string): string {
  return file === STDIN ? "standard input" : JSON.stringify(file);
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

export const USERS_HELP =
  "build a preset at this many users, its workload rates and scripted events scaled to match (presets only: a file's size is --set directory.users=N)";

/** What `run`, `validate` and `sweep` build their scenario from, besides its name. */
export interface VariantFlags {
  /** `--set` assignments. */
  readonly set: readonly string[];
  /** `--users`: the size to build a preset at. */
  readonly users?: string;
}

/**
 * The scenario: a preset (at `--users` when given) or a file, with the `--set` assignments applied.
 * Unless an assignment names it, the variant's name lists what made it differ
 * (`office-day [users=20000, engines.connect.cycleInterval=60m]`), so that its table, reports and JSON
 * tell it from the scenario as written.
 */
export function variantOf(reference: string, flags: VariantFlags): ScenarioInput {
  const users = flags.users === undefined ? undefined : parseUsers(flags.users);
  const input = applyOverrides(
    users === undefined ? loadScenario(reference) : presetAt(reference, users),
    flags.set,
  );
  const labels = [...(users === undefined ? [] : [`users=${users}`]), ...flags.set];
  if (labels.length === 0 || flags.set.some((a) => a.startsWith("name="))) return input;
  const name = typeof input.name === "string" ? input.name : reference;
  return { ...input, name: `${name} [${labels.join(", ")}]` };
}

/** The `--users` value: a whole number of users a preset can be built at. */
function parseUsers(value: string): number {
  const users = Number(value);
  if (!/^\d+$/.test(value) || !isPresetUsers(users))
    throw new InputError(`--users: ${JSON.stringify(value)} is not ${PRESET_USERS}`);
  return users;
}

/** The preset named `reference` built at `users` (scalePreset); a file cannot be. */
function presetAt(reference: string, users: number): ScenarioInput {
  const preset = getPreset(reference);
  if (preset === undefined)
    throw new InputError(
      `--users: ${JSON.stringify(reference)} is not a preset (${PRESETS.map((p) => p.name).join(", ")}); to resize a file's directory alone, --set directory.users=${users}`,
    );
  return scalePreset(preset, { users });
}

export function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InputError(`--seed: ${JSON.stringify(value)} is not an integer`);
  return Number(value);
}
