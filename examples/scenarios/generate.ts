/**
 * Writes every built-in preset as `examples/scenarios/<name>.json` (the files a user copies and edits).
 * Run after changing `src/scenario/presets.ts`: `npx tsx examples/scenarios/generate.ts && npx biome format
 * --write examples/scenarios`; tests/scenario/preset-files.test.ts fails while a file differs from its preset.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PRESETS, presetJson } from "../../src/scenario/presets.js";

for (const preset of PRESETS) {
  writeFileSync(join(import.meta.dirname, `${preset.name}.json`), presetJson(preset));
}
process.stdout.write(`wrote ${PRESETS.length} scenario files\n`);
