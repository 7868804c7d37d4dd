/**
 * The worker-thread side of {@link runEnginesInParallel}: runs one engine on the scenario it is sent and
 * posts back the plain-JSON result (or the error, as plain data). Started to serve (a sweep's pool), it
 * runs each task it is sent in turn instead. Progress is forwarded as messages so the
 * caller's listener — the CLI's bar — follows each engine as it runs.
 *
 * Built as a self-contained bundle (`dist/engine-worker.js`, `dist/cli/engine-worker.js`): it shares no
 * module instance with its parent, only messages.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { EngineKind } from "../engines/engine.js";
import { currentThreadId } from "./cpu-placement.js";
import {
  type EngineTask,
  type EngineTaskAnswer,
  type EngineWorkerData,
  type EngineWorkerMessage,
  errorToData,
  type ServingWorkerData,
} from "./parallel-messages.js";
import { runEngines } from "./run.js";

const port = parentPort;
if (port && (workerData as Partial<ServingWorkerData>).serve === true) {
  // A sweep's pool: run each task sent, in turn, until the parent lets go of the thread.
  port.on("message", (task: EngineTask) => {
    let answer: EngineTaskAnswer;
    try {
      answer = { type: "result", result: runEngines(task.scenario, [task.kind], { seed: task.seed }) };
    } catch (error) {
      answer = { type: "error", error: errorToData(error) };
    }
    port.postMessage(answer);
  });
} else if (port) {
  const data = workerData as EngineWorkerData;
  const post = (message: EngineWorkerMessage): void => port.postMessage(message);
  // Which kernel thread this is, for the comparison's CPU placement (cpu-placement.ts).
  post({ type: "thread", tid: currentThreadId() });
  try {
    const result = runEngines(data.scenario, [data.kind], {
      seed: data.seed,
      ...(data.progress
        ? {
            onProgress: (engine: EngineKind, now: number, horizon: number, phase?: "warm-up" | "run") =>
              post({ type: "progress", engine, now, horizon, ...(phase ? { phase } : {}) }),
          }
        : {}),
    });
    post({ type: "result", result });
  } catch (error) {
    post({ type: "error", error: errorToData(error) });
  }
}
