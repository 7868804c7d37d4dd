/**
 * `npm run bench`: runs every `bench/*.bench.ts` module in name order, prints each figure as a
 * machine-readable `name value unit` line, then a readable table with targets and pass/fail. A module that
 * throws is reported and the others still run. Benchmarks measure real time; nothing here is simulation.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchLine } from "./types.js";

interface ModuleOutcome {
  readonly module: string;
  readonly lines: readonly BenchLine[];
  readonly error: string | undefined;
}

/** Checks a value against a target written as `< 1000`, `<= 300`, `>= 0.5`, `> 0`. */
export function meetsTarget(value: number, target: string | undefined): boolean | undefined {
  if (target === undefined) return undefined;
  const match = /^\s*(<=|>=|<|>)\s*(-?[\d_.,]+)/.exec(target);
  if (!match) return undefined;
  const bound = Number((match[2] as string).replace(/[_,]/g, ""));
  switch (match[1]) {
    case "<":
      return value < bound;
    case "<=":
      return value <= bound;
    case ">":
      return value > bound;
    default:
      return value >= bound;
  }
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  return value.toFixed(value >= 100 ? 1 : value >= 1 ? 2 : 3);
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const only = process.argv[2];
  const files = readdirSync(here)
    .filter((file) => file.endsWith(".bench.ts"))
    .filter((file) => only === undefined || file.includes(only))
    .sort();
  const outcomes: ModuleOutcome[] = [];
  for (const file of files) {
    try {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as {
        run?: () => Promise<BenchLine[]>;
      };
      if (typeof mod.run !== "function") throw new Error(`${file} does not export run()`);
      const lines = await mod.run();
      for (const line of lines) console.log(`${line.name} ${line.value} ${line.unit}`);
      outcomes.push({ module: file, lines, error: undefined });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`bench ${file} failed: ${message}`);
      outcomes.push({ module: file, lines: [], error: message.split("\n")[0] });
    }
  }
  const rows: string[][] = [["name", "value", "unit", "target", "result"]];
  for (const outcome of outcomes) {
    if (outcome.error !== undefined) rows.push([outcome.module, "-", "-", "-", `ERROR: ${outcome.error}`]);
    for (const line of outcome.lines) {
      const pass = meetsTarget(line.value, line.target);
      rows.push([
        line.name,
        formatValue(line.value),
        line.unit,
        line.target ?? "",
        pass === undefined ? "" : pass ? "pass" : "FAIL",
      ]);
    }
  }
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  const render = (row: string[]): string =>
    row
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  console.log("");
  console.log(render(rows[0] as string[]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows.slice(1)) console.log(render(row));
  const failed = outcomes.some((outcome) => outcome.error !== undefined);
  if (failed) process.exitCode = 1;
}

await main();
