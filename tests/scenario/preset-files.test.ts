import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/scenario/presets.js";

// examples/scenarios/<name>.json are generated from the presets (npx tsx examples/scenarios/generate.ts,
// then formatted by biome): each must hold exactly its preset's scenario.
const dir = join(import.meta.dirname, "..", "..", "examples", "scenarios");

describe("examples/scenarios", () => {
  for (const preset of PRESETS) {
    it(`${preset.name}.json equals the preset`, () => {
      expect(JSON.parse(readFileSync(join(dir, `${preset.name}.json`), "utf8"))).toEqual(preset.scenario);
    });
  }
});
