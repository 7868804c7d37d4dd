import { spawn } from "node:child_process";
import { join } from "node:path";

/** The project's root: the CLI tests run there. */
export const root = join(import.meta.dirname, "..", "..");

/**
 * The small scenario the CLI tests run (40 users, two hours, a few changes an hour: a second or two a run),
 * named `name`, with one scripted modify when `scripted`.
 */
export function smallScenario(name: string, scripted = true): Record<string, unknown> {
  return {
    name,
    seed: 3,
    duration: "2h",
    drain: "2h",
    directory: { users: 40, forests: [{ name: "contoso.com", ous: ["OU=Sales"] }] },
    workload: { attributeChangesPerHour: 20, passwordChangesPerHour: 5 },
    ...(scripted
      ? { events: [{ type: "modify", at: "1h", object: "user-1", attributes: { title: "Boss" } }] }
      : {}),
  };
}

/** What a finished process said. */
export interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI from source (`tsx`), as `npx tsx src/cli/main.ts` would, without npx's start-up cost. */
export function cli(...args: string[]): Promise<Finished> {
  return node(["--import", "tsx", "src/cli/main.ts", ...args]);
}

/** Runs the CLI from source with `input` on its standard input. */
export function cliWithInput(input: string, ...args: string[]): Promise<Finished> {
  return node(["--import", "tsx", "src/cli/main.ts", ...args], {}, input);
}

/**
 * Runs Node with these arguments (and environment additions) in the project's root; its standard input
 * is `input`, or empty.
 */
export function node(args: string[], env: Record<string, string> = {}, input = ""): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
    child.stdin.end(input);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Runs the CLI from source and closes its stdout after the first chunk, as `| head -c 10` does: what the
 * process said on stderr and how it ended.
 */
export function cliReadOnce(...args: string[]): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.once("data", (chunk) => {
      stdout += chunk;
      child.stdout.destroy();
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
