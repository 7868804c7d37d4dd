import type { CloudCredential } from "./passwords.js";

/** One cloud reset waiting for password writeback's answer: its version and the credential it replaced. */
interface ResetInFlight {
  readonly version: number;
  previous: CloudCredential | undefined;
}

/**
 * The cloud password resets of synced users that password writeback has not answered yet, with the
 * credential each replaced. Writeback is synchronous in the product (concept-sspr-writeback): a reset AD
 * refuses, or that cannot reach AD, is refused to the user, and the old password stays in force in the
 * cloud as on premises. The tenant applies a reset at once (the relay's round trip is seconds) and puts the
 * old credential back when writeback fails.
 *
 * @internal
 */
export class ResetsInFlight {
  private readonly byUser = new Map<string, ResetInFlight[]>();

  /** A reset to `version` replaced `previous`. */
  add(cloudId: string, version: number, previous: CloudCredential | undefined): void {
    const list = this.byUser.get(cloudId);
    if (list) list.push({ version, previous });
    else this.byUser.set(cloudId, [{ version, previous }]);
  }

  /** Writeback carried the reset to AD: nothing to undo any more. */
  confirm(cloudId: string, version: number): void {
    this.take(cloudId, version);
  }

  /**
   * Writeback failed: the credential to put back, when `current` is still this reset's; `null` when a later
   * change replaced it (a later reset then restores what this one replaced, should it fail too).
   */
  reject(
    cloudId: string,
    version: number,
    current: CloudCredential | undefined,
  ): CloudCredential | undefined | null {
    const reset = this.take(cloudId, version);
    if (!reset) return null;
    if (current?.origin === "cloud" && current.version === version) return reset.previous;
    for (const later of this.byUser.get(cloudId) ?? [])
      if (later.previous?.origin === "cloud" && later.previous.version === version)
        later.previous = reset.previous;
    return null;
  }

  private take(cloudId: string, version: number): ResetInFlight | undefined {
    const list = this.byUser.get(cloudId);
    const at = list ? list.findIndex((r) => r.version === version) : -1;
    if (!list || at < 0) return undefined;
    const [reset] = list.splice(at, 1);
    if (list.length === 0) this.byUser.delete(cloudId);
    return reset;
  }
}
