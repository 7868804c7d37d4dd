import type { FlowError } from "./rule-pipeline.js";
import type { RunContext } from "./run-context.js";

/**
 * Records the flow errors of one object as its sync error (the object's changes are not applied this run;
 * it is tried again when it next changes or at the next full sync), with a `sync-error` incident when the
 * error is new or its message changed.
 *
 * @internal
 */
export function recordSyncError(
  ctx: RunContext,
  connector: string,
  anchor: string,
  object: string,
  errors: readonly FlowError[],
): void {
  const first = errors[0];
  if (!first) return;
  const key = `${connector}|${anchor}`;
  const held = ctx.db.syncErrors.get(key);
  ctx.db.syncErrors.set(
    key,
    Object.freeze({
      at: ctx.world.scheduler.now,
      connector,
      object,
      rule: first.rule,
      target: first.target,
      message: first.message,
    }),
  );
  // The evaluator's messages name the rule and flow already (rule "X" flow "y": position 0: …).
  const named = first.message.startsWith(`rule "${first.rule}"`);
  if (held?.message !== first.message)
    ctx.incident(
      "sync-error",
      `${ctx.server}: ${object} (${connector}): ${named ? "" : `rule "${first.rule}": `}${first.message}`,
    );
}

/** The object synced cleanly: its sync error (if any) is resolved. @internal */
export function clearSyncError(ctx: RunContext, connector: string, anchor: string): void {
  // Called for every object synced: nothing to build or look up while no object is in error.
  if (ctx.db.syncErrors.size === 0) return;
  ctx.db.syncErrors.delete(`${connector}|${anchor}`);
}
