import type { ReferenceResolver } from "./rule-eval.js";
import type { RulePipeline } from "./rule-pipeline.js";
import type { RunContext } from "./run-context.js";

/**
 * Outbound reference resolution with a memo per reference key. A group of 50 members is synced again
 * whenever its member list changes (plan-connect-performance-factors), and each sync resolved every member
 * from scratch: parse the key, find the connector-space object, its metaverse object, and evaluate the
 * Provision scope — three look-ups in maps of every object plus a scope evaluation, per member.
 *
 * What a key resolves to changes only when its connector-space object's link changes (joined, projected,
 * disconnected, deleted) or when its metaverse object starts or stops being provisioned (its source anchor
 * never changes), and both happen only in an AD connector's sync: that sync forgets exactly those keys
 * ({@link forgetReferences}) before its outbound half resolves anything, so an attribute change that leaves
 * the object provisioned keeps the memo. A new rule set or an emptied database forgets everything.
 */

interface ReferenceMemo {
  pipeline: RulePipeline;
  generation: number;
  /** Reference key → source anchor, or null when it resolves to nothing. */
  readonly entries: Map<string, string | null>;
  readonly resolve: ReferenceResolver;
}

const memos = new WeakMap<RunContext, ReferenceMemo>();

/** The reference resolver of a server (one per run context, not a closure per object). @internal */
export function resolverOf(ctx: RunContext): ReferenceResolver {
  let memo = memos.get(ctx);
  if (!memo) {
    const created: ReferenceMemo = {
      pipeline: ctx.pipeline,
      generation: ctx.db.metaverse.generation,
      entries: new Map(),
      resolve: (key) => resolveReference(ctx, created, key),
    };
    memos.set(ctx, (memo = created));
  }
  if (memo.pipeline !== ctx.pipeline || memo.generation !== ctx.db.metaverse.generation) {
    // A new rule set scopes objects differently; an emptied database reuses metaverse ids.
    memo.entries.clear();
    memo.pipeline = ctx.pipeline;
    memo.generation = ctx.db.metaverse.generation;
  }
  return memo.resolve;
}

/** Drops what these reference keys resolved to: their objects changed (link, attributes, deletion). @internal */
export function forgetReferences(ctx: RunContext, keys: Iterable<string>): void {
  const memo = memos.get(ctx);
  if (!memo) return;
  for (const key of keys) memo.entries.delete(key);
}

/** A metaverse reference key → the source anchor of the referenced object, only if it is itself synced. */
function resolveReference(ctx: RunContext, memo: ReferenceMemo, key: string): string | undefined {
  const known = memo.entries.get(key);
  if (known !== undefined) return known ?? undefined;
  const bar = key.indexOf("|");
  const held = ctx.db.adSpaces.get(key.slice(0, bar))?.get(key.slice(bar + 1));
  const target = held?.mvId === undefined ? undefined : ctx.db.metaverse.get(held.mvId);
  const anchor =
    target && memo.pipeline.provisions(target.objectType, target.attributes)
      ? target.sourceAnchor
      : undefined;
  // Bounded: keys of objects long deleted are dropped wholesale once they could dominate.
  if (memo.entries.size > 2 * ctx.db.metaverse.size + 10_000) memo.entries.clear();
  memo.entries.set(key, anchor ?? null);
  return anchor;
}
