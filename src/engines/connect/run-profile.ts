import { isSimulationError } from "../../scheduler/errors.js";
import { type ProcessBody, sleep } from "../../scheduler/process.js";
import type { RunProfileName, RunStatus } from "./events.js";
import type { RunContext } from "./run-context.js";

/**
 * What one run profile did.
 *
 * @public
 */
export interface RunResult {
  /** Run status. */
  readonly status: RunStatus;
  /** Counts (adds, updates, deletes, errors...). */
  readonly counts: Readonly<Record<string, number>>;
}

/** The body of a run profile: fills `counts`, returns its status. @internal */
export type RunBody = (counts: Record<string, number>) => ProcessBody<RunStatus>;

/**
 * Runs one run profile: emits `run:start`, runs the body (which reads at once, then charges its
 * per-object cost), charges the fixed overhead of closing the run (run history), and turns a model
 * failure (DC unreachable, link down, tenant unavailable) into a `failed` run with an incident, as the
 * run history records it. A crash of the host kills it in place: nothing after the current step happens.
 *
 * @internal
 */
export function* runProfile(
  ctx: RunContext,
  profile: RunProfileName,
  connector: string,
  body: RunBody,
): ProcessBody<RunResult> {
  const { scheduler } = ctx.world;
  ctx.emit("run:start", { at: scheduler.now, server: ctx.server, profile, connector });
  const counts: Record<string, number> = {};
  let status: RunStatus;
  try {
    status = yield* body(counts);
    yield sleep(ctx.config.timing.runProfileOverheadMs);
  } catch (error) {
    if (!isSimulationError(error)) throw error;
    status = "failed";
    const kind =
      profile === "export" ? "export-failed" : profile.endsWith("import") ? "import-failed" : "cycle-failed";
    ctx.incident(kind, `${ctx.server}: ${profile} on ${connector} failed (${error.code}): ${error.message}`);
  }
  ctx.emit("run:end", { at: scheduler.now, server: ctx.server, profile, connector, status, counts });
  return { status, counts };
}
