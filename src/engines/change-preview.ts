import type { CloudValue } from "../model/cloud-schema.js";
import { sameValue } from "../model/values.js";

/**
 * What an engine's own flows (Connect's custom sync rules, Cloud Sync's mapping overrides) make of one AD
 * change in the cloud: the engine's answer to "preview this change", as Connect's Synchronization Service
 * Manager previews one object through the rules. The harness's observer asks for it when an engine flows
 * attributes other than the standard way, so that it waits for the value the engine will write
 * (`UCase([department])` gives "SALES", not "Sales") and knows an AD attribute no flow reads any more.
 */

/**
 * The cloud attributes one AD change alters under an engine's flows.
 *
 * @public
 */
export interface ChangePreview {
  /**
   * Cloud attributes whose value differs between the object's projections before and after the change,
   * with the value after (`undefined`: cleared), in the engine's flow order. Reference attributes
   * (`manager`, `members`: other objects' anchors, which only a sync resolves) are left out.
   */
  readonly changed: ReadonlyMap<string, CloudValue | undefined>;
  /**
   * A flow error the engine's sync of the object after the change would stop on (Connect's `Error()`
   * function, a failing conversion), if any; nothing of the change reaches the cloud while it holds.
   */
  readonly error?: string;
  /**
   * Cloud attributes the flows leave as the cloud holds them after the change (Cloud Sync's
   * IgnoreFlowIfNullOrEmpty on an empty source): an earlier write of one that has not reached the cloud
   * never will, as the engine no longer sends a value for it.
   */
  readonly kept?: ReadonlySet<string>;
}

/**
 * The preview of a change from the two projections an engine made of its object: the non-reference
 * attributes whose values differ. `before` / `after` are undefined when the engine does not project the
 * object then (every attribute of the other counts as changed).
 *
 * @internal
 */
export function previewBetween(
  before: Readonly<Record<string, CloudValue | undefined>> | undefined,
  after: Readonly<Record<string, CloudValue | undefined>> | undefined,
  references: readonly string[],
): ChangePreview {
  const changed = new Map<string, CloudValue | undefined>();
  for (const [target, value] of Object.entries(after ?? {}))
    if (!references.includes(target) && !sameValue(value, before?.[target])) changed.set(target, value);
  for (const [target, value] of Object.entries(before ?? {}))
    if (!references.includes(target) && value !== undefined && !(after && target in after))
      changed.set(target, undefined);
  return { changed };
}
