import { defineConfig } from "tsup";

// The library: ESM first, CommonJS beside it, declarations for both (see package.json "exports").
// d3-scale / d3-shape are ESM-only: they are bundled so that the CommonJS build never require()s an ES
// module (which only Node >= 20.19 can do, and engines says >= 20).
// The CLI: ESM only, it is run, never imported.
export default defineConfig([
  {
    entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    // fast-check stays external: it is an optional peer dependency of the `testing` entry only.
    external: ["fast-check"],
    noExternal: [/^d3-/, "internmap"],
    sourcemap: true,
    clean: true,
    target: "node20",
    // Shared chunks, so `entra-sync-sim` and `entra-sync-sim/testing` share one copy of every class
    // (instanceof across the two entry points works).
    splitting: true,
    // import.meta.url in the CommonJS build too: it finds the engine worker beside the bundle.
    shims: true,
  },
  {
    entry: { "cli/main": "src/cli/main.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    splitting: false,
  },
  {
    // The engine worker of runEnginesInParallel, self-contained, beside each bundle that starts it: the
    // library's (dist/) and the CLI's (dist/cli/).
    entry: {
      "engine-worker": "src/scenario/engine-worker.ts",
      "cli/engine-worker": "src/scenario/engine-worker.ts",
    },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    splitting: false,
  },
]);
