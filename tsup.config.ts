import { defineConfig } from "tsup";

// The library: ESM first, CommonJS beside it, declarations for both (see package.json "exports").
// The CLI: ESM only, it is run, never imported.
export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    splitting: false,
  },
  {
    entry: { "cli/main": "src/cli/main.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    splitting: false,
  },
]);
