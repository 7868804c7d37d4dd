import type { CloudSyncConfigInput } from "../engines/cloud-sync/config.js";
import { CLOUD_SYNC_ADMIN_ACTIONS, CloudSyncEngine } from "../engines/cloud-sync/engine.js";
import type { ConnectConfigInput } from "../engines/connect/config.js";
import { CONNECT_ADMIN_ACTIONS, ConnectEngine } from "../engines/connect/engine.js";
import type { AdminActionName, EngineKind } from "../engines/engine.js";

/**
 * The parts of each engine a scenario can name: Connect servers and PTA agents, Cloud Sync agents.
 *
 * @public
 */
export interface EngineTopology {
  /** Connect server names (empty for Cloud Sync). */
  readonly servers: readonly string[];
  /** Cloud Sync agent names `agent-1 … agent-N` (empty for Connect). */
  readonly agents: readonly string[];
  /** The admin actions the engine takes ({@link CONNECT_ADMIN_ACTIONS}, {@link CLOUD_SYNC_ADMIN_ACTIONS}). */
  readonly actions: readonly AdminActionName[];
  /** PTA agents Connect installs, `pta-agent-1 … pta-agent-N` when PTA is on (0 for Cloud Sync). */
  readonly ptaAgents: number;
}

/**
 * Checks an engine config with the engine's own validator and returns what scripted events may target.
 * The engine is made once from the config and dropped (the topology is read from the config it resolved):
 * its construction parses and checks what the config resolution alone does not (Connect's custom rules and their expressions, Cloud Sync's expression
 * mappings), so that a scenario whose rule cannot parse is refused by validation, not when its run starts.
 *
 * @throws SimulationError `invalid-argument` (or `invalid-expression`) whose `field` is the path inside the
 *   config
 * @public
 */
export function engineTopology(kind: EngineKind, config: Readonly<Record<string, unknown>>): EngineTopology {
  if (kind === "connect") {
    const { servers, ptaAgents } = new ConnectEngine(config as ConnectConfigInput).config;
    return { servers: servers.map((s) => s.name), agents: [], actions: CONNECT_ADMIN_ACTIONS, ptaAgents };
  }
  const { agents } = new CloudSyncEngine(config as CloudSyncConfigInput).config;
  return {
    servers: [],
    agents: Array.from({ length: agents }, (_, i) => `agent-${i + 1}`),
    actions: CLOUD_SYNC_ADMIN_ACTIONS,
    ptaAgents: 0,
  };
}
