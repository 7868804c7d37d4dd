import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Every examples/*.ts runs to completion (npx tsx examples/<name>.ts) and exits 0.
const root = join(import.meta.dirname, "..");
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ts"));

function run(file: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join("examples", file)], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("examples", () => {
  it("has the documented examples", () => {
    expect(examples).toEqual(
      expect.arrayContaining(["compare-engines.ts", "custom-sync-rule.ts", "failover-drill.ts"]),
    );
  });

  it.each(examples)(
    "%s runs and exits 0",
    async (file) => {
      const r = await run(file);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    },
    30_000,
  );
});
