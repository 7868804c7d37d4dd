import type { ProvisionedObjects, ResolvedReferences } from "./configuration.js";

/**
 * What a write may reference besides the provisioned objects: the objects its cycle deprovisions (never
 * referenced, wherever their records sit in the reply) and the anchor of a referenced object that is not
 * provisioned (yet) — an object later in the same reply, or an on-demand object naming itself.
 *
 * @internal
 */
export interface ReferenceScope {
  /** objectGUIDs the running cycle deprovisions. */
  readonly gone: ReadonlySet<string>;
  /** The anchor of a referenced object that is not provisioned, if the write may name it. */
  pending(objectGUID: string): string | undefined;
}

/** No object is deprovisioned (on-demand provisioning). @internal */
export const NOTHING_GONE: ReadonlySet<string> = new Set();

/**
 * The references one write resolved, to record with `ProvisionedObjects.setReferences` once the write
 * went through.
 *
 * @internal
 */
export interface ResolvedWrite {
  /** The referenced objectGUIDs, in the order the mappings name them. */
  readonly guids: readonly string[];
  /** Per objectGUID, the anchor read from the provisioned objects (undefined: resolved otherwise). */
  readonly anchors: readonly (string | undefined)[] | undefined;
  /** The anchor generation the resolution began at. */
  readonly generation: number;
}

const NO_REFERENCES: ResolvedWrite = { guids: [], anchors: undefined, generation: -1 };

const NO_SCOPE: ReferenceScope = { gone: NOTHING_GONE, pending: () => undefined };

/**
 * Lists shorter than this keep no remembered anchors: a manager link or a small group costs a lookup or
 * two either way, and 150,000 users' manager links should not carry a second array each.
 */
const REMEMBER_FROM = 8;

/**
 * Resolves the references (group members, manager) of one write at a time to source anchors, in the
 * order the mappings name them. A group write usually adds or removes one member of a long list: every
 * other member was resolved by the group's last write, through the provisioned objects, and its anchor
 * still holds unless {@link ProvisionedObjects} dropped the remembered anchors since (a member
 * deprovisioned or re-anchored). Those are taken from the last write instead of being looked up again
 * among the 150,000 provisioned objects; the result is the same as looking every one up.
 *
 * One resolver serves a job: {@link ReferenceResolver.begin} starts a write, `resolve` is handed to
 * `AttributeMappings.project`, and {@link ReferenceResolver.end} returns what it resolved — an object
 * without references costs no allocation.
 *
 * @internal
 */
export class ReferenceResolver {
  /** Resolves one referenced objectGUID of the current write (for `AttributeMappings.project`). */
  readonly resolve = (objectGUID: string): string | undefined => this.lookup(objectGUID);
  private readonly provisioned: ProvisionedObjects;
  private referrer = "";
  private scope: ReferenceScope = NO_SCOPE;
  // The referrer's last write, read on the first reference (undefined: not read yet; null: none).
  private last: ResolvedReferences | null | undefined;
  private generation = 0;
  // Where the walk over the last write's list stands (its entries come in the same order).
  private at = 0;
  private namesGone: boolean | undefined;
  private guids: string[] | undefined;
  private anchors: (string | undefined)[] | undefined;

  /** @param provisioned - the configuration's provisioned objects */
  constructor(provisioned: ProvisionedObjects) {
    this.provisioned = provisioned;
  }

  /** Starts resolving the references of `referrer`'s write within `scope`. */
  begin(referrer: string, scope: ReferenceScope): void {
    this.referrer = referrer;
    this.scope = scope;
    this.last = undefined;
    this.generation = this.provisioned.anchorGeneration;
    this.at = 0;
    this.namesGone = undefined;
    this.guids = undefined;
    this.anchors = undefined;
  }

  /** What the current write resolved (call before the write yields: the resolver serves the next one). */
  end(): ResolvedWrite {
    const guids = this.guids;
    const anchors = this.anchors;
    // Let go of the cycle's scope (it holds the cycle's reply) and the lists, until the next write.
    this.scope = NO_SCOPE;
    this.last = undefined;
    this.guids = undefined;
    this.anchors = undefined;
    if (guids === undefined) return NO_REFERENCES;
    return {
      guids,
      anchors: guids.length >= REMEMBER_FROM ? anchors : undefined,
      generation: this.generation,
    };
  }

  private lookup(objectGUID: string): string | undefined {
    const { gone } = this.scope;
    let anchor = this.remembered(objectGUID);
    let provisioned = true;
    if (anchor !== undefined) {
      // A deprovisioned object is never referenced; the last write named one only if it links to it.
      if (this.lastNamesGone() && gone.has(objectGUID)) return undefined;
    } else {
      if (gone.size > 0 && gone.has(objectGUID)) return undefined;
      anchor = this.provisioned.anchorOf(objectGUID);
      if (anchor === undefined) {
        anchor = this.scope.pending(objectGUID);
        provisioned = false;
        if (anchor === undefined) return undefined;
      }
    }
    (this.guids ??= []).push(objectGUID);
    // Only an anchor read from the provisioned objects is remembered: a pending one may never be provisioned.
    (this.anchors ??= []).push(provisioned ? anchor : undefined);
    return anchor;
  }

  /** The anchor the last write resolved `objectGUID` to, when it is the next (or the one after) in its list. */
  private remembered(objectGUID: string): string | undefined {
    if (this.last === undefined) this.last = this.provisioned.resolvedReferencesOf(this.referrer) ?? null;
    const last = this.last;
    if (last === null || last.anchors === undefined) return undefined;
    const end = Math.min(this.at + 2, last.guids.length);
    for (let i = this.at; i < end; i++) {
      if (last.guids[i] === objectGUID) {
        this.at = i + 1;
        return last.anchors[i];
      }
    }
    return undefined;
  }

  /**
   * True when the referrer's last write named an object the cycle deprovisions: a pass over the few
   * deprovisioned objects once per write, instead of a look-up of every remembered member among them.
   */
  private lastNamesGone(): boolean {
    if (this.namesGone === undefined) {
      this.namesGone = false;
      for (const objectGUID of this.scope.gone) {
        if (this.provisioned.isReferencedBy(objectGUID, this.referrer)) {
          this.namesGone = true;
          break;
        }
      }
    }
    return this.namesGone;
  }
}
