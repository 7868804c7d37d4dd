import { type CloudSyncConfigInput, CloudSyncEngine } from "../engines/cloud-sync/index.js";
import { type ConnectConfigInput, ConnectEngine } from "../engines/connect/index.js";
import type { EngineKind, SyncEngine } from "../engines/engine.js";
import { checkedEngineKind } from "./run-arguments.js";

/**
 * Makes an engine from a scenario's engine config. The one place the harness names the engine classes, so
 * a new engine (or an instrumented one, through {@link RunOptions.engineFactory}) plugs in here.
 *
 * @public
 */
export type EngineFactory = (kind: EngineKind, config: Readonly<Record<string, unknown>>) => SyncEngine;

/**
 * The built-in engines: `connect` → {@link ConnectEngine}, `cloudSync` → {@link CloudSyncEngine}.
 *
 * @throws SimulationError `invalid-argument` for a `kind` that is neither (it made a Cloud Sync engine), and
 *   from the engine's config validation
 * @public
 */
export const createEngine: EngineFactory = (kind, config) => {
  if (checkedEngineKind(kind, "kind") === "connect") return new ConnectEngine(config as ConnectConfigInput);
  return new CloudSyncEngine(config as CloudSyncConfigInput);
};

/** Display names of the engines, for tables and reports. @public */
export const ENGINE_LABELS: Readonly<Record<EngineKind, string>> = {
  connect: "Connect Sync",
  cloudSync: "Cloud Sync",
};
