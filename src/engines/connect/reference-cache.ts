import { type ListSplice, mapSplices, recordSplices, splicesBetween } from "../../model/list-edits.js";
import type { ReferenceListResolver, ReferenceResolver } from "./flow-values.js";
import { matchInMiddle } from "./list-changes.js";
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
 *
 * A reference list (a group's members) is resolved against the same flow's list at the object's last
 * outbound evaluation: keys in the common head and tail of the two lists, and keys of the old list found in
 * between, resolve as they did then (a group update usually adds or removes one member of fifty); only the
 * other keys are looked up. A list AD changed by a few edits since (its key list records the splices that
 * made it: flow-values.ts) takes the prior anchors with the same splices, nothing compared. Such a
 * remembered answer is as good as the memo's: it is dropped when one of its keys is forgotten — through
 * the reverse reference index's referrers of that key. An object's attributes change only in an AD sync,
 * which evaluates it again afterwards, so at a forget a remembered list either holds the keys of its
 * object's current attributes (the object is a referrer) or its object is evaluated again, from keys of
 * its current attributes, before any answer is reused. An object's lists are replaced at each of its
 * outbound evaluations (those of flows that did not run, or of an object gone or out of scope, dropped).
 */

/**
 * One reference-list flow's answer at an object's last outbound evaluation: per key, its anchor. An
 * object's answers are chained (most objects with a list have one: a group's members), not mapped by slot.
 */
interface ListResolution {
  /** The flow's slot in the outbound plan. */
  readonly slot: number;
  readonly keys: readonly string[];
  readonly anchors: readonly (string | undefined)[];
  /** The object's answer for another list flow, if any. */
  readonly next: ListResolution | undefined;
}

/** A metaverse object's list answers: the first of its chain. */
type ObjectLists = ListResolution;

/** The answer of the list flow in `slot` among an object's answers. */
function answerAt(lists: ObjectLists | undefined, slot: number): ListResolution | undefined {
  for (let answer = lists; answer; answer = answer.next) if (answer.slot === slot) return answer;
  return undefined;
}

interface ReferenceMemo {
  pipeline: RulePipeline;
  generation: number;
  /** Reference key → source anchor, or null when it resolves to nothing. */
  readonly entries: Map<string, string | null>;
  readonly resolve: ReferenceResolver;
  readonly resolveList: ReferenceListResolver;
  /** Metaverse id → its list answers at its last outbound evaluation. */
  readonly lists: Map<string, ObjectLists>;
  /** The lists of the object being evaluated, as remembered, and as this evaluation gives them. */
  prior: ObjectLists | undefined;
  fresh: ObjectLists | undefined;
}

const memos = new WeakMap<RunContext, ReferenceMemo>();

/** The reference memo of a server (one per run context: no closure per object), made current. */
function memoOf(ctx: RunContext): ReferenceMemo {
  let memo = memos.get(ctx);
  if (!memo) {
    const created: ReferenceMemo = {
      pipeline: ctx.pipeline,
      generation: ctx.db.metaverse.generation,
      entries: new Map(),
      resolve: (key) => resolveReference(ctx, created, key),
      resolveList: (keys, slot) => resolveList(created, keys, slot),
      lists: new Map(),
      prior: undefined,
      fresh: undefined,
    };
    memos.set(ctx, (memo = created));
  }
  if (memo.pipeline !== ctx.pipeline || memo.generation !== ctx.db.metaverse.generation) {
    // A new rule set scopes objects differently (and numbers its slots afresh); an emptied database
    // reuses metaverse ids.
    memo.entries.clear();
    memo.lists.clear();
    memo.pipeline = ctx.pipeline;
    memo.generation = ctx.db.metaverse.generation;
  }
  return memo;
}

/**
 * The resolvers for one outbound evaluation of metaverse object `mvId`: its reference lists are resolved
 * against what they were at its last evaluation. Call {@link endOutbound} once the evaluation is over
 * (or when the object is not evaluated at all: gone or out of scope). @internal
 */
export function beginOutbound(
  ctx: RunContext,
  mvId: string,
): { readonly resolve: ReferenceResolver; readonly resolveList: ReferenceListResolver } {
  const memo = memoOf(ctx);
  memo.prior = memo.lists.size > 0 ? memo.lists.get(mvId) : undefined;
  memo.fresh = undefined;
  return memo;
}

/** Keeps the list answers of the evaluation {@link beginOutbound} started (none: forgets the object's). @internal */
export function endOutbound(ctx: RunContext, mvId: string): void {
  const memo = memos.get(ctx);
  if (!memo) return;
  if (memo.fresh) memo.lists.set(mvId, memo.fresh);
  else if (memo.prior) memo.lists.delete(mvId);
  memo.prior = memo.fresh = undefined;
}

/**
 * Drops what these reference keys resolved to: their objects changed (link, attributes, deletion). The
 * remembered lists holding one of them go too: those of the key's referrers. @internal
 */
export function forgetReferences(ctx: RunContext, keys: Iterable<string>): void {
  const memo = memos.get(ctx);
  if (!memo) return;
  const mv = ctx.db.metaverse;
  for (const key of keys) {
    memo.entries.delete(key);
    if (memo.lists.size > 0 && mv.hasReferrers(key))
      for (const referrer of mv.referrersOf(key)) memo.lists.delete(referrer);
  }
}

/**
 * A reference list's anchors (those of the keys that resolve, in order), reusing the answers of the same
 * flow's list at the object's last evaluation for keys in the common head and tail and for old keys found
 * in between.
 */
function resolveList(memo: ReferenceMemo, keys: readonly string[], slot: number): string[] {
  const prior = answerAt(memo.prior, slot);
  const splices = prior === undefined ? undefined : splicesBetween(prior.keys, keys);
  if (prior !== undefined && splices !== undefined && splices.length > 0)
    return splicedList(memo, prior, keys, slot, splices);
  const anchors = new Array<string | undefined>(keys.length);
  let start = 0;
  let end = keys.length;
  let endOld = 0;
  if (prior) {
    const old = prior.keys;
    const shorter = Math.min(old.length, end);
    while (start < shorter && old[start] === keys[start]) {
      anchors[start] = prior.anchors[start];
      start++;
    }
    endOld = old.length;
    while (endOld > start && end > start && old[endOld - 1] === keys[end - 1]) {
      endOld--;
      end--;
      anchors[end] = prior.anchors[endOld];
    }
  }
  // In between, keys still in the old list resolve as they did then too (found by key); the rest afresh.
  let cursor = start;
  for (let i = start; i < end; i++) {
    const key = keys[i] as string;
    const at = prior ? matchInMiddle(prior.keys, start, endOld, key, cursor) : -1;
    if (at >= 0) {
      anchors[i] = prior?.anchors[at];
      cursor = at + 1;
    } else anchors[i] = memo.resolve(key);
  }
  // The very same list (an object evaluated again for another reason) keeps its answer record.
  memo.fresh =
    prior && start === keys.length && prior.keys.length === start && prior.next === memo.fresh
      ? prior
      : { slot, keys, anchors, next: memo.fresh };
  return resolvedOnly(anchors);
}

/**
 * {@link resolveList} of a key list made from the prior one by splices (flow-values.ts): the prior
 * anchors with the same splices, the added keys resolved — nothing compared. When every key resolves, the
 * answer (the tenant's new member list) records the splices too, for the observer.
 */
function splicedList(
  memo: ReferenceMemo,
  prior: ListResolution,
  keys: readonly string[],
  slot: number,
  splices: readonly ListSplice[],
): string[] {
  const { list: anchors, made } = mapSplices(prior.anchors, splices, memo.resolve);
  memo.fresh = { slot, keys, anchors, next: memo.fresh };
  const answer = resolvedOnly(anchors);
  // (A key that did not resolve before or now: the lists are not the ones the tenant holds.)
  if (answer === anchors && made.every(({ removed }) => !removed.includes(undefined)))
    recordSplices(prior.anchors as readonly string[], answer, made as ListSplice[]);
  return answer;
}

/** The anchors of the keys that resolved, in order: `anchors` itself when every key did. */
function resolvedOnly(anchors: readonly (string | undefined)[]): string[] {
  let resolved = 0;
  for (let i = 0; i < anchors.length; i++) if (anchors[i] !== undefined) resolved++;
  // Every key resolved (the usual case): the answer is the anchors themselves, not a copy. Neither is ever
  // changed once made (the tenant freezes the list it is sent).
  if (resolved === anchors.length) return anchors as string[];
  const out = new Array<string>(resolved);
  for (let i = 0, j = 0; i < anchors.length; i++) {
    const anchor = anchors[i];
    if (anchor !== undefined) out[j++] = anchor;
  }
  return out;
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
