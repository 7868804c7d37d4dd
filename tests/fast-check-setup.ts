import fc from "fast-check";
import { propertyEnvironment } from "../src/testing/replay.js";

/**
 * The suite's rule for the properties that call `fc.assert` directly (unit properties of the model, the
 * kernel and the engines), as `checkProperty` has it for the rest (docs/testing.md): a fixed seed, so a
 * CI run is the run a developer repeats. `FC_RANDOM=1` or a deep run draws a fresh seed each time, and
 * `FC_SEED` replays one. A random seed per run once turned a green suite red with no change to the code.
 */
const env = propertyEnvironment();
if (env.seed !== undefined) fc.configureGlobal({ seed: env.seed });
else if (!env.deep && !env.random) fc.configureGlobal({ seed: 42 });
