import type { AdObject } from "../model/ad-object.js";
import { memberList } from "../model/member-list.js";
import type { World } from "../model/world.js";
import type { TrackedChange } from "./change-types.js";

/**
 * The changes a pending delete overtook, kept until the object is restored or the run ends: a restore
 * before the delete reached the cloud means the cloud never lost the object, so what the delete overtook
 * (an earlier membership removal, an attribute edit) must still show — the observer puts it back.
 *
 * @internal
 */
export class DeleteOvertakes {
  private readonly byGuid = new Map<string, { change: TrackedChange; overtaken: TrackedChange[] }>();

  /** @param world - the run's world, whose forests hold the groups of membership changes */
  constructor(private readonly world: World) {}

  /** A delete of `guid` (pending) overtook these changes. */
  record(guid: string, change: TrackedChange, overtaken: TrackedChange[]): void {
    this.byGuid.set(guid, { change, overtaken });
  }

  /**
   * `restored` is back: the changes its delete overtook that still describe AD, to be reopened. When the
   * delete already showed in the cloud, the restore is a change of its own — but a user was only
   * soft-deleted there, with the values it had: the engine's add restores it by hard match and sets what it
   * sends, and an attribute edit the delete overtook (a department cleared) shows only once the engine
   * writes it, so those are reopened still. Other objects were deleted outright and come back whole.
   */
  restored(restored: AdObject): TrackedChange[] {
    const deleted = this.byGuid.get(restored.objectGUID);
    if (!deleted) return [];
    this.byGuid.delete(restored.objectGUID);
    if (deleted.change.status === "applied") {
      if (restored.objectClass !== "user") return [];
      return deleted.overtaken.filter(
        (earlier) => earlier.status === "superseded" && earlier.expect.kind === "attribute",
      );
    }
    return deleted.overtaken.filter(
      (earlier) =>
        earlier.status === "superseded" &&
        earlier.expect.kind !== "gone" &&
        this.stillHeld(earlier, restored),
    );
  }

  /**
   * Whether a change a delete overtook still describes AD once the deleted object is back (never its
   * removal from the cloud — a move or scope change out, overtaken by the delete — as it is back): always
   * for an attribute (it cannot change while its object is deleted), but a membership can have changed
   * meanwhile — AD drops a deleted member from every group, and a restore brings back only the members
   * still alive — so the group (the restored object, or one looked up) must be alive and hold the member
   * as the change left it: a group deleted meanwhile, or changed again, never shows it.
   */
  private stillHeld(change: TrackedChange, restored: AdObject): boolean {
    if (change.expect.kind !== "member" || change.other === undefined) return true;
    const group = change.objectGUID === restored.objectGUID ? restored : this.adObject(change.objectGUID);
    if (!group || group.isDeleted) return false;
    return memberList(group).includes(change.other) === change.expect.present;
  }

  /** The AD object with this objectGUID, in whichever forest holds it. */
  private adObject(guid: string): AdObject | undefined {
    return this.world.directoryHolding(guid)?.get(guid);
  }
}
