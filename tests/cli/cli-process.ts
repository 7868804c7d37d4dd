import { spawn } from "node:child_process";
import { join } from "node:path";

/** The project's root: the CLI tests run there. */
export const root = join(import.meta.dirname, "..", "..");

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

/** Runs Node with these arguments (and environment additions) in the project's root. */
export function node(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
