import type { Tenant } from "../../model/tenant.js";

/**
 * The tenant's change feed as the Entra connector reads it with its delta cookie: the anchors of synced
 * objects written or deleted, or whose Exchange Online settings changed, in order. One journal per engine;
 * each server's Entra connector space keeps its own position in it, so a staging server sees what the
 * active server exported.
 *
 * @remarks The tenant model has no change query; the journal records its committed write/delete events.
 * @public
 */
export class CloudJournal {
  private readonly anchors: string[] = [];

  /** @param tenant - the tenant to follow */
  constructor(tenant: Tenant) {
    tenant.events.on("write", (event) => {
      if (event.anchor !== undefined) this.anchors.push(event.anchor);
    });
    tenant.events.on("delete", (event) => {
      if (event.anchor !== undefined) this.anchors.push(event.anchor);
    });
    // Exchange Online's settings are attributes of the cloud user too: a delta import reads them.
    tenant.events.on("exchange-online", (event) => {
      if (event.anchor !== undefined) this.anchors.push(event.anchor);
    });
  }

  /** Position after the last entry (a cookie). */
  get position(): number {
    return this.anchors.length;
  }

  /** Distinct anchors changed since `position`, in first-change order. */
  since(position: number): string[] {
    return [...this.addSince(position, new Set())];
  }

  /** Adds the anchors changed since `position` to `into` (in first-change order); returns `into`. */
  addSince(position: number, into: Set<string>): Set<string> {
    const anchors = this.anchors;
    for (let i = position; i < anchors.length; i++) into.add(anchors[i] as string);
    return into;
  }
}
