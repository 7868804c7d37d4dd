import { defineConfig } from "vitest/config";

// `npm run test:deep`: the property suite only, with many more cases and larger worlds (DEEP=1 is read by
// tests/properties/helpers.ts and src/testing/replay.ts) and no per-test timeout worth speaking of.
export default defineConfig({
  test: {
    include: ["tests/properties/**/*.test.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 60_000,
    pool: "forks",
    setupFiles: ["tests/fast-check-setup.ts"],
    env: { DEEP: "1" },
  },
});
