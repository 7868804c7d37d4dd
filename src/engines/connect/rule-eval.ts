import { type AdObject, type AttributeValue, isEnabled } from "../../model/ad-object.js";
import { sourceAnchorOf } from "../../model/anchor.js";
import type { CloudValue } from "../../model/cloud-schema.js";
import { commonEnds } from "../../model/list-diff.js";
import { sameValue } from "../../model/values.js";
import { isSimulationError } from "../../scheduler/errors.js";
import { evaluateParsed } from "../expression/evaluate.js";
import {
  AUTHORITATIVE_NULL,
  type Expression,
  type ExpressionValue,
  IGNORE_THIS_FLOW,
} from "../expression/index.js";
import { matchInMiddle } from "./list-changes.js";
import {
  type FlowContribution,
  type PriorContribution,
  priorValue,
  resolvePrecedence,
  resolveSlots,
  resolveSlotsOr,
  slotContributions,
} from "./precedence.js";
import type { RulePlan } from "./rule-compiler.js";
import { type AttributeGetter, type CompiledScope, compiledInScope, type MembershipTest } from "./scoping.js";
import type { AttributeFlow, FlowFunctionName, SyncRule } from "./sync-rule.js";

/**
 * The interpreter of compiled rule plans (rule-compiler.ts): scoping, flows and precedence for one object,
 * with the values of its flows held as one array per object (a slot per flow) rather than a record per
 * flow. Rules are data compiled once per rule set; nothing here is built per object but the result.
 */

/**
 * A runtime failure of one flow of one rule on one object (an expression's `Error("...")`, a wrong argument
 * type): recorded per object as the product records sync errors, never a crash.
 *
 * @public
 */
export interface FlowError {
  /** The rule. */
  readonly rule: string;
  /** The flow's target attribute. */
  readonly target: string;
  /** The interpreter's message (names the rule, the position and the cause). */
  readonly message: string;
}

/** How the outbound `referenceOut` transform turns a metaverse reference key into a source anchor. @public */
export type ReferenceResolver = (referenceKey: string) => string | undefined;

/**
 * How the outbound `referenceOut` transform resolves a list of reference keys (a group's members): the
 * anchors of the keys that resolve, in list order. `slot` is the flow's slot in the rule plan, so that a
 * resolver may remember each list flow's last answer (reference-cache.ts). @internal
 */
export type ReferenceListResolver = (referenceKeys: readonly string[], slot: number) => string[];

/** Inbound evaluation of one AD object, compact: one value per slot of the class's plan. @internal */
export interface SlotInbound {
  readonly plan: RulePlan;
  readonly values: (AttributeValue | null | undefined)[];
  readonly provisioningRule: SyncRule | undefined;
  readonly linkRule: SyncRule | undefined;
  readonly joinRules: readonly SyncRule[];
  readonly errors: readonly FlowError[];
}

/**
 * Outcome of evaluating the outbound rules of one metaverse object towards Entra ID.
 *
 * @public
 */
export interface OutboundResult {
  /** The Provision rule in scope; decides the cloud object type. */
  readonly provisioningRule: SyncRule;
  /** Cloud attributes after precedence (absent = not set). */
  readonly attributes: Readonly<Record<string, CloudValue>>;
  /** Targets whose winning flow is apply-once (set on creation, then kept). */
  readonly applyOnce: readonly string[];
  /** Targets only IgnoreThisFlow reached: left as they are in the target. */
  readonly ignored: readonly string[];
  /** Flow errors; when any, the object's export values are not changed. */
  readonly errors: readonly FlowError[];
}

const NONE: readonly never[] = Object.freeze([]);

/** An AD object's attribute as rules read it (`dn` and `objectGUID` are the object's own). @internal */
export function readAd(object: AdObject, attribute: string): AttributeValue | undefined {
  return attribute === "dn"
    ? object.dn
    : attribute === "objectGUID"
      ? object.objectGUID
      : object.attributes[attribute];
}

/** A metaverse attribute. @internal */
export function readRecord(
  attributes: Readonly<Record<string, AttributeValue>>,
  attribute: string,
): AttributeValue | undefined {
  return attributes[attribute];
}

/** Metaverse reference key of an AD object: forest and objectGUID. @internal */
export function referenceKey(forest: string, objectGUID: string): string {
  return `${forest}|${objectGUID}`;
}

/**
 * `%parameters%` of the AD connector (reference-connect-sync-functions-reference examples use
 * `%Domain.Netbios%`, `%Domain.FQDN%`, `%Forest.FQDN%`, `%Domain.LDAP%`, `%Forest.LDAP%`).
 * Assumption: the NetBIOS name is the first DNS label in upper case.
 */
function parameterOf(name: string, object: AdObject, forest: string): string | undefined {
  const ldap = (dns: string): string =>
    dns
      .split(".")
      .map((p) => `DC=${p}`)
      .join(",");
  switch (name) {
    case "Domain.FQDN":
      return object.domain;
    case "Domain.Netbios":
      return (object.domain.split(".")[0] ?? "").toUpperCase();
    case "Domain.LDAP":
      return ldap(object.domain);
    case "Forest.FQDN":
      return forest;
    case "Forest.Netbios":
      return (forest.split(".")[0] ?? "").toUpperCase();
    case "Forest.LDAP":
      return ldap(forest);
    default:
      return undefined;
  }
}

/** An expression result as an attribute value (binary as base64, the form a string attribute holds). */
function toAttributeValue(value: ExpressionValue): AttributeValue | undefined {
  if (value === null) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.length === 0 ? undefined : Object.freeze([...(value as string[])]);
  const v = value as Exclude<ExpressionValue, null | string | number | boolean | readonly string[]>;
  if (v.kind === "binary") return Buffer.from(v.bytes).toString("base64");
  return undefined;
}

/** Named transforms (sync-rule.ts {@link FlowFunctionName}). @internal */
export function transform(
  fn: FlowFunctionName,
  value: AttributeValue | undefined,
  object: AdObject | undefined,
  forest: string | undefined,
  resolve: ReferenceResolver | undefined,
  previous?: AttributeValue | null,
  resolveList?: ReferenceListResolver,
  slot = -1,
): AttributeValue | undefined {
  switch (fn) {
    case "accountEnabled":
      return object ? isEnabled(object) : undefined;
    case "sourceAnchor":
      return object ? sourceAnchorOf(object) : undefined;
    case "referenceIn": {
      if (value === undefined || forest === undefined) return undefined;
      if (!Array.isArray(value)) {
        const guid = String(value);
        return typeof previous === "string" && isKeyOf(previous, forest, guid)
          ? previous
          : referenceKey(forest, guid);
      }
      return referenceKeys(forest, value as readonly string[], previous);
    }
    case "referenceOut": {
      if (value === undefined || !resolve) return undefined;
      // Only references to objects that are themselves synced flow (cloud-schema standardProjection).
      if (!Array.isArray(value)) return resolve(String(value));
      if (resolveList) return resolveList(value as readonly string[], slot);
      const out: string[] = [];
      for (const key of value as readonly string[]) {
        const anchor = resolve(key);
        if (anchor !== undefined) out.push(anchor);
      }
      return out;
    }
  }
}

/**
 * The attributes a transform reads from its object: its source, and what {@link transform} reads besides
 * (`isEnabled`: userAccountControl; `sourceAnchorOf`: mS-DS-ConsistencyGuid, else the objectGUID). Keep in
 * step with {@link transform}: a patched evaluation (sync.ts) trusts this list. @internal
 */
export function transformReads(fn: FlowFunctionName, source: string): readonly string[] {
  switch (fn) {
    case "accountEnabled":
      return [source, "userAccountControl"];
    case "sourceAnchor":
      return [source, "objectGUID", "mS-DS-ConsistencyGuid"];
    case "referenceIn":
    case "referenceOut":
      return [source];
  }
}

/** True when `key` is the {@link referenceKey} of `guid` in `forest` (compared in place, nothing built). */
function isKeyOf(key: string | undefined, forest: string, guid: string): boolean {
  return (
    key !== undefined &&
    key.length === forest.length + 1 + guid.length &&
    key.endsWith(guid) &&
    key.charCodeAt(forest.length) === 124 && // "|"
    key.startsWith(forest)
  );
}

/** The GUID list (and forest) a list of reference keys was made from: `keys[i]` is the key of `guids[i]`. */
interface KeySource {
  readonly forest: string;
  readonly guids: readonly string[];
}

/**
 * Key lists made by {@link referenceKeys}, each with the GUID list it was made from. Both lists are never
 * changed once made (AD member lists are frozen; a key list is only stored), so the pairing stays true for
 * as long as the key list lives; it goes with it (weak).
 */
const keySources = new WeakMap<readonly string[], KeySource>();

/**
 * The reference keys of a list of GUIDs. The keys the same flow gave last time (`previous`) are reused where
 * the lists agree — the common head and tail, and members found in the old middle part; a group update
 * usually adds or removes one member — so the
 * metaverse keeps one string per key across syncs: later comparisons and look-ups of an unchanged key find
 * it by identity with its hash already computed, instead of flattening and hashing a new string each time.
 * When `previous` was made here, the GUID list it came from is compared with the new one (the directory
 * keeps unchanged members as the very same strings: a comparison of references, not of key texts).
 */
function referenceKeys(
  forest: string,
  guids: readonly string[],
  previous: AttributeValue | null | undefined,
): string[] {
  const old = Array.isArray(previous) ? (previous as readonly string[]) : NONE;
  const source = old.length > 0 ? keySources.get(old) : undefined;
  // The very same member list (the group changed otherwise): the very same keys.
  if (source?.guids === guids && source.forest === forest) return old as string[];
  const out = new Array<string>(guids.length);
  const paired = source?.forest === forest ? source.guids : undefined;
  const [start, endOld, end] = paired ? commonEnds(paired, guids) : sameKeyEnds(old, forest, guids);
  for (let i = 0; i < start; i++) out[i] = old[i] as string;
  for (let i = end, j = endOld; i < guids.length; i++, j++) out[i] = old[j] as string;
  // In between, members still in the old list keep their keys too (found by GUID), when it is known.
  let cursor = start;
  for (let i = start; i < end; i++) {
    const guid = guids[i] as string;
    const at = paired ? matchInMiddle(paired, start, endOld, guid, cursor) : -1;
    if (at >= 0) {
      out[i] = old[at] as string;
      cursor = at + 1;
    } else out[i] = referenceKey(forest, guid);
  }
  keySources.set(out, { forest, guids });
  return out;
}

/** {@link commonEnds} of a key list and a GUID list, comparing each key with the key of the GUID. */
function sameKeyEnds(
  old: readonly string[],
  forest: string,
  guids: readonly string[],
): [number, number, number] {
  const shorter = Math.min(old.length, guids.length);
  let start = 0;
  while (start < shorter && isKeyOf(old[start], forest, guids[start] as string)) start++;
  let endOld = old.length;
  let end = guids.length;
  while (endOld > start && end > start && isKeyOf(old[endOld - 1], forest, guids[end - 1] as string)) {
    endOld--;
    end--;
  }
  return [start, endOld, end];
}

/*
 * The readers an expression flow is given, made by functions of their own: a closure written inside an
 * evaluation would put the evaluation's variables in a context object on every call, expression flow or not.
 */

/** An expression's attribute reader over an AD object. */
function adReader(object: AdObject): (name: string) => unknown {
  return (name) => readAd(object, name);
}

/** An expression's `%parameter%` reader for an AD object of a forest. */
function parameterReader(object: AdObject, forest: string): (name: string) => unknown {
  return (name) => parameterOf(name, object, forest);
}

/** An expression's attribute reader over a metaverse attribute record. */
function recordReader(attributes: Readonly<Record<string, AttributeValue>>): (name: string) => unknown {
  return (name) => attributes[name];
}

/** Where an evaluation collects its flow errors: none (the shared empty list) until the first one. */
interface ErrorSink {
  errors: readonly FlowError[];
}

/** What an expression flow's value was: a value, AuthoritativeNull (`null`), nothing, or IgnoreThisFlow. */
const IGNORED = Symbol("ignore-this-flow");

function expressionValue(
  rule: SyncRule,
  flow: AttributeFlow,
  expression: Expression | undefined,
  attribute: (name: string) => unknown,
  parameter: ((name: string) => unknown) | undefined,
  sink: ErrorSink,
): AttributeValue | null | undefined | typeof IGNORED {
  if (!expression) return undefined;
  let result: ExpressionValue;
  try {
    result = evaluateParsed(expression, parameter ? { attribute, parameter } : { attribute });
  } catch (error) {
    if (!isSimulationError(error)) throw error;
    const failure: FlowError = { rule: rule.name, target: flow.target, message: error.message };
    if (sink.errors === NONE) sink.errors = [failure];
    else (sink.errors as FlowError[]).push(failure);
    return undefined;
  }
  if (result === AUTHORITATIVE_NULL) return null;
  if (result === IGNORE_THIS_FLOW) return IGNORED;
  return toAttributeValue(result);
}

/** An inbound evaluation being filled in by {@link scanInbound}. */
interface InboundScan extends ErrorSink {
  plan: RulePlan;
  values: (AttributeValue | null | undefined)[];
  provisioningRule: SyncRule | undefined;
  linkRule: SyncRule | undefined;
  joinRules: readonly SyncRule[];
}

/**
 * What an evaluation whose result does not outlive its use may write to instead of fresh objects: per rule
 * plan a values array, and one inbound scan record. Sync reads an object's inbound result only until the
 * metaverse has stored its contribution (the metaverse keeps the values of out-of-box rules in the object's
 * attributes, never the array, and copies any it keeps); outbound evaluation reads its values only until
 * precedence has copied the winners; the engine's `inScope`, asked for every change, only reads them.
 * Each is overwritten by the next such evaluation instead of a fresh one per object; nothing is remembered
 * from one evaluation to the next (every slot is reset first). `inScope` has a scratch of its own, so that
 * a listener asking it in the middle of a sync cannot overwrite what the sync is reading.
 */
class Scratch {
  private readonly values = new WeakMap<RulePlan, (AttributeValue | null | undefined)[]>();
  private scan: InboundScan | undefined;

  /** The plan's reusable values array, every slot reset to "no contribution". */
  valuesFor(plan: RulePlan): (AttributeValue | null | undefined)[] {
    let values = this.values.get(plan);
    if (!values) this.values.set(plan, (values = new Array(plan.flows.length)));
    return values.fill(undefined);
  }

  /** The reusable scan record, reset for an evaluation of `plan`. */
  scanFor(plan: RulePlan): InboundScan {
    const values = this.valuesFor(plan);
    const scan = (this.scan ??= newScan(plan, values));
    scan.plan = plan;
    scan.values = values;
    scan.provisioningRule = scan.linkRule = undefined;
    scan.joinRules = scan.errors = NONE;
    return scan;
  }
}

/** A scan of `plan` not begun: nothing in scope, no errors. */
function newScan(plan: RulePlan, values: (AttributeValue | null | undefined)[]): InboundScan {
  return { plan, values, provisioningRule: undefined, linkRule: undefined, joinRules: NONE, errors: NONE };
}

/** The scratch of sync's inbound and of outbound evaluation (their plans are not the same). */
const reused = new Scratch();
/** The scratch of the engine's `inScope`. */
const provisioning = new Scratch();

/**
 * Inbound rules of one AD object: scope (per rule, compiled), link and join rules, and every in-scope
 * flow's value in its slot. With `reuse`, the result and its values are the reusable ones (see
 * {@link Scratch}): valid until the next such evaluation, so the caller must copy what it keeps. @internal
 */
export function evaluateInbound(
  plan: RulePlan,
  expressions: ReadonlyMap<AttributeFlow, Expression>,
  object: AdObject,
  forest: string,
  memberOf: MembershipTest | undefined,
  previous?: PriorContribution,
  reuse = false,
): SlotInbound {
  const scan = reuse
    ? reused.scanFor(plan)
    : newScan(plan, new Array<AttributeValue | null | undefined>(plan.flows.length).fill(undefined));
  scanInbound(scan, expressions, object, forest, memberOf, previous, undefined);
  return scan;
}

/**
 * Per rule of a plan (by index), the indexes of the flows an evaluation needs (see {@link flowsTowards}).
 * @internal
 */
export type FlowSelection = readonly (readonly number[])[];

/**
 * The flows of each rule of `plan` towards one of `targets`: what the provisioning question evaluates of
 * an object, chosen once per plan instead of testing every flow's target on every call. @internal
 */
export function flowsTowards(plan: RulePlan, targets: ReadonlySet<string>): FlowSelection {
  return plan.rules.map((planned) => {
    const out: number[] = [];
    planned.rule.flows.forEach((flow, f) => {
      if (targets.has(flow.target)) out.push(f);
    });
    return out;
  });
}

/**
 * The rule loop of {@link evaluateInbound}: fills the scan's values, rules and errors. With `only`, just the
 * selected flows of each rule (and a rule with none that links nothing is passed over): values towards
 * other targets, join rules and errors are then not what a whole evaluation gives.
 */
function scanInbound(
  scan: InboundScan,
  expressions: ReadonlyMap<AttributeFlow, Expression>,
  object: AdObject,
  forest: string,
  memberOf: MembershipTest | undefined,
  previous: PriorContribution | undefined,
  only: FlowSelection | undefined,
): void {
  const { plan, values } = scan;
  // Rules sharing one compiled filter (rule-compiler.ts) test it once.
  let lastScope: CompiledScope | undefined;
  let lastInScope = false;
  // In-scope join rules: while they are the plan's first ones (all of them, usually), a count into the
  // plan's shared list; a list of the object's own only once one was out of scope.
  let joins = 0;
  let joinList: SyncRule[] | undefined;
  const rules = plan.rules;
  for (let r = 0; r < rules.length; r++) {
    const planned = rules[r] as RulePlan["rules"][number];
    const rule = planned.rule;
    // A rule none of whose flows is selected, and that links nothing, cannot change the answer: its scope
    // is not tested.
    const selected = only?.[r];
    if (selected !== undefined && selected.length === 0 && rule.linkType === undefined) continue;
    if (rule.forest !== undefined && rule.forest !== forest) continue;
    if (planned.scope !== lastScope) {
      lastScope = planned.scope;
      lastInScope = compiledInScope(planned.scope, object, readAd, memberOf);
    }
    if (!lastInScope) continue;
    if (rule.linkType !== undefined) {
      scan.linkRule ??= rule;
      if (rule.linkType === "Provision") scan.provisioningRule ??= rule;
    }
    if (planned.joins) {
      if (!joinList && plan.joinRules[joins] === rule) joins++;
      else (joinList ??= plan.joinRules.slice(0, joins)).push(rule);
    }
    const flows = rule.flows;
    // Every flow, or only the selected ones (their indexes in the rule).
    const count = selected === undefined ? flows.length : selected.length;
    for (let k = 0; k < count; k++) {
      const f = selected === undefined ? k : (selected[k] as number);
      const flow = flows[f] as AttributeFlow;
      let value: AttributeValue | null | undefined;
      switch (flow.kind) {
        case "direct":
          value = readAd(object, flow.source);
          break;
        case "constant":
          value = flow.value === null ? undefined : flow.value;
          break;
        case "transform":
          value = transform(
            flow.fn,
            readAd(object, flow.source),
            object,
            forest,
            undefined,
            // Only referenceIn reuses what the flow gave last time.
            flow.fn === "referenceIn" && previous ? priorValue(previous, planned.firstSlot + f) : undefined,
          );
          break;
        case "expression": {
          const v = expressionValue(
            rule,
            flow,
            expressions.get(flow),
            adReader(object),
            parameterReader(object, forest),
            scan,
          );
          value = v === IGNORED ? undefined : v;
          break;
        }
      }
      values[planned.firstSlot + f] = value;
    }
  }
  scan.joinRules =
    joinList ??
    (joins === 0 ? NONE : joins === plan.joinRules.length ? plan.joinRules : plan.joinRules.slice(0, joins));
}

/**
 * The provisioning question of the engine's `inScope` (asked for every change), without building what
 * sync would keep: the inbound rules of `inbound` evaluate only the flows towards `targets` (what outbound
 * Provision scopes read) into the plan's reusable values, and the Provision rules of `outbound` read the
 * metaverse attributes precedence would make of them in place — the record {@link resolveSlots} would
 * build, read without building it. @internal
 */
export function inboundProvisions(
  inbound: RulePlan,
  outbound: RulePlan | undefined,
  expressions: ReadonlyMap<AttributeFlow, Expression>,
  object: AdObject,
  forest: string,
  memberOf: MembershipTest | undefined,
  only: FlowSelection,
): boolean {
  const scan = provisioning.scanFor(inbound);
  scanInbound(scan, expressions, object, forest, memberOf, undefined, only);
  if (!scan.provisioningRule) return false;
  // Merging flows combine values across slots: the general resolution builds the record.
  if (inbound.anyMerge) return planProvisions(outbound, resolveSlots(inbound, scan.values));
  return planProvisionsFrom(outbound, scan, readResolvedSlot);
}

/**
 * A metaverse attribute as {@link resolveSlots} would resolve it from an inbound evaluation: the first slot
 * towards it with a contribution decides (absent when that is an AuthoritativeNull).
 */
function readResolvedSlot(scan: SlotInbound, attribute: string): AttributeValue | undefined {
  const { plan, values } = scan;
  const targets = plan.targets;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== undefined && targets[i] === attribute) return value === null ? undefined : value;
  }
  return undefined;
}

/** The value an inbound evaluation gives `target` (the first contributing slot), or undefined. @internal */
export function slotValue(result: SlotInbound, target: string): AttributeValue | undefined {
  const { plan, values } = result;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== undefined && value !== null && plan.targets[i] === target) return value;
  }
  return undefined;
}

/** The contributions of an inbound evaluation as records (the public {@link InboundResult} form). @internal */
export function inboundContributions(result: SlotInbound): FlowContribution[] {
  return slotContributions(result.plan, result.values);
}

/** True when a Provision rule of the plan has the metaverse object in scope. @internal */
export function planProvisions(
  plan: RulePlan | undefined,
  attributes: Readonly<Record<string, AttributeValue>>,
): boolean {
  return planProvisionsFrom(plan, attributes, readRecord);
}

/** {@link planProvisions} of metaverse attributes read from `source` by `get`. */
function planProvisionsFrom<T>(plan: RulePlan | undefined, source: T, get: AttributeGetter<T>): boolean {
  if (!plan) return false;
  let lastScope: CompiledScope | undefined;
  let lastInScope = false;
  for (const planned of plan.rules) {
    if (planned.rule.linkType !== "Provision") continue;
    if (planned.scope !== lastScope) {
      lastScope = planned.scope;
      lastInScope = compiledInScope(planned.scope, source, get);
    }
    if (lastInScope) return true;
  }
  return false;
}

/**
 * Outbound rules of one metaverse object: the first in-scope Provision rule decides the cloud type; every
 * in-scope rule towards that type flows; precedence resolves. Undefined when nothing provisions it. When
 * the attributes resolved equal those of `unchanged` (what the object's export values were), the result's
 * attributes are that record. With `into`, the result is that record, filled (valid until its next use);
 * with `reuse`, the flow values go to the plan's reusable array (resolvers must not evaluate again).
 * @internal
 */
export function evaluateOutbound(
  plan: RulePlan | undefined,
  expressions: ReadonlyMap<AttributeFlow, Expression>,
  attributes: Readonly<Record<string, AttributeValue>>,
  resolve: ReferenceResolver,
  resolveList?: ReferenceListResolver,
  unchanged?: Readonly<Record<string, CloudValue>>,
  into?: OutboundRecord,
  reuse = false,
): OutboundResult | undefined {
  if (!plan) return undefined;
  const rules = plan.rules;
  // Which rules have the object in scope, one bit per rule rather than an array per object: a type has a
  // handful of rules (rules past the 32nd are tested again in the flow pass below).
  let scopedBits = 0;
  let provisioningRule: SyncRule | undefined;
  let lastScope: CompiledScope | undefined;
  let yes = false;
  for (let r = 0; r < rules.length; r++) {
    const planned = rules[r] as RulePlan["rules"][number];
    if (planned.scope !== lastScope) {
      lastScope = planned.scope;
      yes = compiledInScope(planned.scope, attributes, readRecord);
    }
    if (yes && r < 32) scopedBits |= 1 << r;
    if (yes && !provisioningRule && planned.rule.linkType === "Provision") provisioningRule = planned.rule;
  }
  if (!provisioningRule) return undefined;
  // The values only live through this call (precedence copies what wins): with `reuse`, the plan's
  // reusable array — for sync, whose resolvers evaluate nothing; a caller's own resolver might call back in.
  const values = reuse
    ? reused.valuesFor(plan)
    : new Array<AttributeValue | null | undefined>(plan.flows.length).fill(undefined);
  let sink: ErrorSink | undefined;
  let ignoredSeen: string[] | undefined;
  for (let r = 0; r < rules.length; r++) {
    const planned = rules[r] as RulePlan["rules"][number];
    const scoped =
      r < 32 ? (scopedBits & (1 << r)) !== 0 : compiledInScope(planned.scope, attributes, readRecord);
    if (!scoped) continue;
    const rule = planned.rule;
    // Only rules towards the same cloud type as the provisioning rule flow into the object.
    if (rule.targetObjectType !== provisioningRule.targetObjectType) continue;
    const flows = rule.flows;
    for (let f = 0; f < flows.length; f++) {
      const flow = flows[f] as AttributeFlow;
      let value: AttributeValue | null | undefined;
      switch (flow.kind) {
        case "direct":
          value = attributes[flow.source];
          break;
        case "constant":
          value = flow.value === null ? undefined : flow.value;
          break;
        case "transform":
          value = transform(
            flow.fn,
            attributes[flow.source],
            undefined,
            undefined,
            resolve,
            undefined,
            resolveList,
            planned.firstSlot + f,
          );
          break;
        case "expression": {
          const v = expressionValue(
            rule,
            flow,
            expressions.get(flow),
            recordReader(attributes),
            undefined,
            (sink ??= { errors: NONE }),
          );
          if (v === IGNORED) {
            (ignoredSeen ??= []).push(flow.target);
            value = undefined;
          } else value = v;
          break;
        }
      }
      values[planned.firstSlot + f] = value;
    }
  }
  // Values equal to `unchanged` give that very record (unless apply-once or IgnoreThisFlow targets will be
  // patched into a copy of the result).
  const resolved = plan.anyMerge
    ? resolvePrecedence(slotContributions(plan, values))
    : plan.anyApplyOnce || ignoredSeen
      ? resolveSlots(plan, values)
      : resolveSlotsOr(plan, values, unchanged);
  let applyOnce: string[] | undefined;
  let decided: Set<string> | undefined;
  if (plan.anyApplyOnce || ignoredSeen) {
    decided = new Set<string>();
    for (let i = 0; i < values.length; i++) {
      if (values[i] === undefined) continue;
      const target = plan.targets[i] as string;
      if (decided.has(target)) continue;
      decided.add(target);
      if (plan.applyOnce[i]) (applyOnce ??= []).push(target);
    }
  }
  const ignored = ignoredSeen ? [...new Set(ignoredSeen)].filter((t) => !decided?.has(t)) : NONE;
  if (!into)
    return {
      provisioningRule,
      attributes: resolved as Record<string, CloudValue>,
      applyOnce: applyOnce ?? NONE,
      ignored,
      errors: sink?.errors ?? NONE,
    };
  into.provisioningRule = provisioningRule;
  into.attributes = resolved as Record<string, CloudValue>;
  into.applyOnce = applyOnce ?? NONE;
  into.ignored = ignored;
  into.errors = sink?.errors ?? NONE;
  return into;
}

/** An {@link OutboundResult} an evaluation may fill instead of making a new one. @internal */
export type OutboundRecord = { -readonly [K in keyof OutboundResult]: OutboundResult[K] };

/** Number of reference values of an AD object (sync cost grows with them, plan-connect-performance-factors). @internal */
export function referenceCount(object: AdObject): number {
  const member = object.attributes.member;
  return (Array.isArray(member) ? member.length : 0) + (object.attributes.manager === undefined ? 0 : 1);
}

/**
 * One attribute of an object that a patched evaluation changes: its value before and after (both present:
 * an attribute that appears or disappears moves in the record's key order, and takes the whole evaluation).
 * @internal
 */
export interface AttributePatch {
  /** The attribute. */
  readonly target: string;
  /** Its value before the change. */
  readonly before: AttributeValue;
  /** Its value after the change. */
  readonly after: AttributeValue;
}

/**
 * The inbound evaluation of `after` as a patch of the evaluation of `before` (the state the object's
 * contribution was made from; `attributes` are the metaverse attributes holding that contribution exactly,
 * one slot per target): the metaverse attributes whose value changes. Undefined when the evaluation must be
 * done again whole: the plan cannot be patched, the DN or class changed, an attribute read by a scope or a
 * transform changed, or an attribute appears or disappears. Only direct flows of rules with the object in
 * scope carry a change (scopes read nothing that changed: the rules in scope are those of last time). @internal
 */
export function inboundPatch(
  plan: RulePlan,
  before: AdObject,
  after: AdObject,
  attributes: Readonly<Record<string, AttributeValue>>,
): readonly AttributePatch[] | undefined {
  const patch = plan.patch;
  if (!patch) return undefined;
  if (before.dn !== after.dn || before.objectClass !== after.objectClass) return undefined;
  const was = before.attributes;
  const now = after.attributes;
  if (was === now) return NONE;
  // The attributes that changed, found by walking the new record once (the directory keeps an unchanged
  // value as the very same value): one comparison per attribute the object has, not two reads per
  // attribute the rules read. An attribute gone is seen in the count alone: it takes the whole evaluation.
  let changes: AttributePatch[] | undefined;
  let count = 0;
  let added = 0;
  for (const name in now) {
    count++;
    const value = now[name] as AttributeValue;
    const old = was[name];
    if (old === value) continue;
    if (old === undefined) added++;
    const at = patch.reads.get(name);
    if (at === undefined) continue;
    // Read by a scope or a transform, or present only now: the whole evaluation.
    if (at < 0 || old === undefined) return undefined;
    for (const slot of patch.sourceSlots[at] as readonly number[]) {
      const target = plan.targets[slot] as string;
      const held = attributes[target];
      // The slot's target is its alone (one slot per target, one connector): the attribute holds the old
      // value when the flow's rule had the object in scope, nothing when it had not — and nothing a scope
      // reads changed, so it still has, or still has not, without testing the scope again.
      if (held === undefined) continue;
      if (held !== old && !sameValue(held, old)) return undefined;
      if (sameValue(old, value)) continue;
      (changes ??= []).push({ target, before: old, after: value });
    }
  }
  for (const _ in was) count--;
  if (count !== added) return undefined;
  return changes ?? NONE;
}

/**
 * The outbound evaluation of a metaverse object whose attributes changed by `changes` (nothing else: no
 * reference it holds resolves differently) as a patch of its last one, which provisioned it as a `type`
 * with export values `desired`: `desired` itself when nothing changes, else a copy with the changed targets
 * (keys in the same order). Nothing a scope reads changed, so the rules in scope, the Provision rule among
 * them and the cloud type are those of last time: no scope is tested. Undefined when the evaluation must be
 * done again whole: the plan cannot be patched, a changed attribute is read by a scope or a transform, or a
 * changed target is shared with another flow. @internal
 */
export function outboundPatch(
  plan: RulePlan | undefined,
  changes: readonly AttributePatch[],
  desired: Readonly<Record<string, CloudValue>>,
  type: string,
): Readonly<Record<string, CloudValue>> | undefined {
  const patch = plan?.patch;
  if (!plan || !patch) return undefined;
  const order = patch.typeTargets.get(type);
  if (!order) return undefined;
  let changed: AttributePatch[] | undefined;
  for (const change of changes) {
    const at = patch.reads.get(change.target);
    if (at === undefined) continue;
    if (at < 0) return undefined;
    for (const slot of patch.sourceSlots[at] as readonly number[]) {
      if ((plan.slotRule[slot] as SyncRule).targetObjectType !== type) continue;
      const target = plan.targets[slot] as string;
      // The type's targets are one per slot: the export values hold the flow's old value when its rule had
      // the object in scope, nothing when it had not (nothing a scope reads changed: it still has, or still
      // has not). Anything else: they are not that evaluation's.
      const held = desired[target];
      if (held === undefined) continue;
      if (!sameValue(held, change.before)) return undefined;
      (changed ??= []).push({ target, before: change.before, after: change.after });
    }
  }
  return changed ? resolvedInOrder(order, desired, changed) : desired;
}

/**
 * The record a resolution of a type's slots would build (keys in slot order: the export values the
 * connector space holds may be the cloud's record, in its order) of the values in `desired` with the
 * `changed` targets changed (`targets`: the type's, one per slot). Undefined when `desired` holds a key
 * none of them is.
 */
function resolvedInOrder(
  targets: readonly string[],
  desired: Readonly<Record<string, CloudValue>>,
  changed: readonly AttributePatch[],
): Record<string, CloudValue> | undefined {
  const out: Record<string, CloudValue> = {};
  let count = 0;
  for (const target of targets) {
    if (!Object.hasOwn(desired, target)) continue;
    count++;
    out[target] = desired[target] as CloudValue;
  }
  for (const change of changed) out[change.target] = change.after as CloudValue;
  for (const _ in desired) count--;
  return count === 0 ? out : undefined;
}
