// The engine worker when the library runs from its TypeScript sources (tsx, vitest): registers tsx's
// loader in this thread, then loads the worker. Never built or shipped; the package runs engine-worker.js.
import { register } from "tsx/esm/api";

register();
await import("./engine-worker.ts");
