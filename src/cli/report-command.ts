/**
 * `entra-sync-sim report`: renders a result saved earlier with `--json` — a run's or a sweep's — as the
 * table, the HTML report or the Markdown report, without running anything again. The JSON is the record
 * of a run (the 150,000-user comparison takes half a minute, a sweep many); the reports are views of it,
 * wanted later in another format, or again after the renderers improve.
 */
import type { Command } from "commander";
import { renderHtml } from "../report/html.js";
import { renderJson } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import { renderTable } from "../report/table.js";
import type { ComparisonResult } from "../scenario/result.js";
import { checkedAgainst, comparisonResultSchema } from "../scenario/result-schema.js";
import { sweepResultSchema } from "../scenario/sweep-schema.js";
import {
  checkReports,
  fileName,
  InputError,
  type ReportFlags,
  type ReportRenderers,
  readJsonFile,
  STDIN,
  writeReports,
} from "./arguments.js";
import { SWEEP_REPORTS } from "./sweep-commands.js";

/** A run's reports (`run`, and `report` of a run's JSON). */
export const RUN_REPORTS: ReportRenderers<ComparisonResult> = {
  json: (result) => renderJson(result),
  markdown: renderMarkdown,
  html: (result) => renderHtml(result),
  table: (result) => renderTable(result),
};

/**
 * Renders the result saved in `file`. A sweep's JSON (`sweep`, `merge`) is told from a run's by its `sweep`
 * field; either is checked against its schema first, so a file of another kind, or one edited by hand,
 * is bad input naming the file and its first wrong field, not a renderer's crash.
 */
function renderSaved(file: string, flags: ReportFlags): void {
  const value = readJsonFile(file, "result");
  // Where messages put the file: before a field's path (unquoted), and in a command to copy.
  const label = file === STDIN ? "standard input" : file;
  const argument = file === STDIN ? STDIN : JSON.stringify(file);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(
      `result: ${fileName(file)} holds ${Array.isArray(value) ? "a list" : JSON.stringify(value)}, not the JSON of run --json or sweep --json`,
    );
  }
  // The likeliest mix-up: the scenario given where its result belongs.
  if (!("scenario" in value) && !("sweep" in value) && ("directory" in value || "workload" in value)) {
    throw new InputError(
      `result: ${fileName(file)} is a scenario, not a result: run it (entra-sync-sim run ${argument} --json result.json), then report that`,
    );
  }
  const style = { separator: ": ", sayWhat: true } as const;
  if ("sweep" in value) {
    writeReports(
      checkedAgainst(sweepResultSchema, value, label, "a sweep result", style),
      flags,
      SWEEP_REPORTS,
    );
  } else {
    const result = checkedAgainst(comparisonResultSchema, value, label, "a run's result (run --json)", style);
    writeReports(result, flags, RUN_REPORTS);
  }
}

/** Adds `report` to the program. */
export function addReportCommand(program: Command): void {
  program
    .command("report")
    .description(
      "print the table of a result saved with `run --json` or `sweep --json`, and write its HTML or Markdown report, without running it again",
    )
    .argument("<file>", "the result's JSON file (run, sweep or merge --json; - for standard input)")
    .option("--html <file>", "also write the self-contained HTML report to a file (- for stdout)")
    .option("--markdown <file>", "also write the Markdown report to a file (- for stdout)")
    .option("-q, --quiet", "print no table")
    .action((file: string, options: Pick<ReportFlags, "html" | "markdown" | "quiet">) => {
      checkReports(options);
      renderSaved(file, options);
    });
}
