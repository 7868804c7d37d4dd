import type { AdObject } from "../../model/ad-object.js";
import type { UpsertRequest } from "../../model/tenant-types.js";
import { SimulationError } from "../../scheduler/errors.js";
import type { ConfigurationContext } from "./configuration.js";
import { ReferenceResolver, type ReferenceScope, type ResolvedWrite } from "./references.js";
import { ScopingFilter } from "./scope.js";

/**
 * How the provisioning job maps one raw AD object into its tenant write: the object type, the group
 * member limit, the attribute mappings with their references resolved, and what the write costs.
 */

/**
 * What a write costs (reference.md B "Timing"): in the initial cycle and on demand every object needs a
 * match query against the target (`match`: match cost, or create cost when nothing matched); in an
 * incremental cycle an object this configuration already provisioned is only updated (update cost).
 *
 * @internal
 */
export type CostMode = "match" | "incremental";

/**
 * One object's write, mapped and costed, waiting for its cost to be paid: the tenant request itself (one
 * record per write instead of a request plus a generator), carrying what the job records once it went
 * through.
 *
 * @internal
 */
export interface PreparedWrite extends UpsertRequest {
  /** The raw AD object the attributes were mapped from. */
  readonly object: AdObject;
  /** The references the mapping resolved. */
  readonly references: ResolvedWrite;
  /** What the write costs, ms of virtual time (see `prepare`). */
  readonly cost: number;
}

/**
 * Prepares the writes of one configuration's provisioning job, one at a time: it holds the resolver of
 * their references and which oversized groups were already reported.
 *
 * @internal
 */
export class WritePreparer {
  private readonly ctx: ConfigurationContext;
  private readonly oversizedGroups = new Map<string, number>();
  private readonly references: ReferenceResolver;

  constructor(ctx: ConfigurationContext) {
    this.ctx = ctx;
    this.references = new ReferenceResolver(ctx.provisioned);
  }

  /**
   * Maps one raw object into the write the job's `provision` makes, with the cost it pays first
   * (undefined: the object is skipped). `provisionedAs` says this configuration provisioned the object
   * with `anchor`. Resolves its references before the write yields: the resolver serves the next one.
   */
  prepare(
    object: AdObject,
    anchor: string,
    provisionedAs: boolean,
    scope: ReferenceScope,
    mode: CostMode,
  ): PreparedWrite | undefined {
    const { ctx } = this;
    const type = ScopingFilter.typeOf(object);
    if (!type)
      throw new SimulationError("unsupported", `${object.dn}: ${object.objectClass} is not provisioned`);
    const members = object.attributes.member;
    if (type === "group" && Array.isArray(members) && members.length > ctx.config.groupMemberLimit) {
      // reference.md B "Limits and features": groups up to 50,000 members; nested groups count as one each.
      const error = `group has ${members.length} members, over the ${ctx.config.groupMemberLimit} limit; not provisioned`;
      if (this.oversizedGroups.get(object.objectGUID) !== object.uSNChanged) {
        this.oversizedGroups.set(object.objectGUID, object.uSNChanged);
        ctx.incident("sync-error", `${object.dn}: ${error}`);
      }
      return undefined;
    }
    // The references this write names, so a later deprovision of one of them can drop it (see
    // dropReferencesTo in deprovisioning.ts).
    this.references.begin(object.objectGUID, scope);
    const attributes = ctx.mappings.project(
      type,
      object,
      this.references.resolve,
      this.references.resolveList,
    );
    const references = this.references.end();
    const exists = ctx.tenant.getByAnchor(anchor) !== undefined;
    const timing = ctx.config.timing;
    // Generic engine figures: creates cost about twice a match; an incremental change to an object this
    // configuration provisioned needs no match query (updateCost, derived — see timing.ts).
    const cost = !exists
      ? timing.createCost
      : mode === "incremental" && provisionedAs
        ? timing.updateCost
        : timing.matchCost;
    return {
      anchor,
      objectType: type,
      attributes,
      writer: ctx.writer,
      sourceUsn: object.uSNChanged,
      object,
      references,
      cost,
    };
  }
}
