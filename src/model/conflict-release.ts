import type { EventEmitter } from "eventemitter3";
import { produce } from "immer";
import type { Scheduler } from "../scheduler/scheduler.js";
import type { DuplicateAttributes } from "./duplicate-attributes.js";
import type { TenantIndex } from "./tenant-index.js";
import type { TenantEvents } from "./tenant-types.js";

/**
 * The tenant's hourly job of duplicate attribute resiliency: a UPN or proxy address set aside because
 * another object held it is given back once its holder no longer has it. {@link DuplicateAttributes} works
 * out what to give back; this writes it, as the tenant writes (a new version, a `conflict` and a `write`).
 */

/**
 * Gives back values whose holder no longer has them: each releasable conflict's object gets a new version
 * written by `tenant`, then the conflict is settled and both events are emitted.
 *
 * @internal
 */
export function releaseConflicts(
  duplicates: DuplicateAttributes,
  index: TenantIndex,
  events: EventEmitter<TenantEvents>,
  scheduler: Scheduler,
): void {
  for (const { position, object, attributes } of duplicates.releasable()) {
    const now = scheduler.now;
    const next = produce(object, (draft) => {
      (draft as { attributes: unknown }).attributes = attributes;
      draft.updatedAt = now;
      draft.writer = "tenant";
    });
    index.rekey(object, next);
    const resolved = duplicates.settle(position, now);
    events.emit("conflict", resolved);
    events.emit("write", {
      at: now,
      cloudId: next.cloudId,
      anchor: next.onPremisesImmutableId,
      objectType: next.objectType,
      action: "updated",
      changed: [resolved.attribute],
      writer: "tenant",
      sourceUsn: undefined,
    });
  }
}
