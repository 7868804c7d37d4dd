import type { AttributeValue } from "../../model/ad-object.js";
import type { ErrorSink } from "./flow-expressions.js";
import { NONE } from "./flow-values.js";
import type { RulePlan } from "./rule-compiler.js";
import type { SyncRule } from "./sync-rule.js";

/**
 * The reusable records evaluations write to when their result does not outlive its use ({@link Scratch}),
 * and the two scratches themselves: in a module of their own, below inbound and outbound evaluation and the
 * provisioning question that share them, so that each exists once.
 */

/** An inbound evaluation being filled in by {@link scanInbound}. @internal */
export interface InboundScan extends ErrorSink {
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

/** A scan of `plan` not begun: nothing in scope, no errors. @internal */
export function newScan(plan: RulePlan, values: (AttributeValue | null | undefined)[]): InboundScan {
  return { plan, values, provisioningRule: undefined, linkRule: undefined, joinRules: NONE, errors: NONE };
}

/** The scratch of sync's inbound and of outbound evaluation (their plans are not the same). @internal */
export const reused = new Scratch();
/** The scratch of the engine's `inScope`. @internal */
export const provisioning = new Scratch();
