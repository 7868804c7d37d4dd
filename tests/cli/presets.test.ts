import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/scenario/presets.js";

const root = join(import.meta.dirname, "..", "..");
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
  });

describe("entra-sync-sim presets", () => {
  it("presets lists every built-in scenario on one line with its summary", () => {
    const r = cli("presets");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(PRESETS.length);
    PRESETS.forEach((preset, i) => {
      expect(lines[i]).toMatch(new RegExp(`^${preset.name}\\s+\\S`));
      expect(lines[i]).toContain(preset.summary);
    });
  });

  it("run and validate accept a preset name", () => {
    const v = cli("validate", "flagship");
    expect(v.status).toBe(0);
    expect(v.stdout).toContain("flagship: valid");
    const r = cli("run", "office-day", "--engine", "connect", "--json", "-");
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { scenario: string; engines: Record<string, { warmup: number }> };
    expect(result.scenario).toBe("office-day");
    expect(result.engines.connect?.warmup).toBeGreaterThan(0);
  });
});
