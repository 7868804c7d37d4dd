import { type CloudSyncConfigInput, resolveCloudSyncConfig } from "../engines/cloud-sync/config.js";
import { type ConnectConfigInput, resolveConnectConfig } from "../engines/connect/config.js";
import type { EngineKind } from "../engines/engine.js";
import { createEngine } from "./engines.js";

/**
 * The parts of each engine a scenario can name: Connect servers and Cloud Sync agents.
 *
 * @public
 */
export interface EngineTopology {
  /** Connect server names (empty for Cloud Sync). */
  readonly servers: readonly string[];
  /** Cloud Sync agent names `agent-1 … agent-N` (empty for Connect). */
  readonly agents: readonly string[];
}

/**
 * Checks an engine config with the engine's own validator and returns what scripted events may target.
 * The engine is made once from the config and dropped: its construction parses and checks what the config
 * resolution alone does not (Connect's custom rules and their expressions, Cloud Sync's expression
 * mappings), so that a scenario whose rule cannot parse is refused by validation, not when its run starts.
 *
 * @throws SimulationError `invalid-argument` (or `invalid-expression`) whose `field` is the path inside the
 *   config
 * @public
 */
export function engineTopology(kind: EngineKind, config: Readonly<Record<string, unknown>>): EngineTopology {
  createEngine(kind, config);
  if (kind === "connect") {
    const resolved = resolveConnectConfig(config as ConnectConfigInput);
    return { servers: resolved.servers.map((s) => s.name), agents: [] };
  }
  const resolved = resolveCloudSyncConfig(config as CloudSyncConfigInput);
  return { servers: [], agents: Array.from({ length: resolved.agents }, (_, i) => `agent-${i + 1}`) };
}
