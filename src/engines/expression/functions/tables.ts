import type { ExpressionDialect } from "../types.js";
import { CLOUD_SYNC_FUNCTIONS } from "./cloud-sync.js";
import { CONNECT_FUNCTIONS } from "./connect.js";
import type { ExpressionFunction } from "./define.js";

/** The function table of a dialect. @internal */
export function functionsOf(dialect: ExpressionDialect): ReadonlyMap<string, ExpressionFunction> {
  return dialect === "connect" ? CONNECT_FUNCTIONS : CLOUD_SYNC_FUNCTIONS;
}
