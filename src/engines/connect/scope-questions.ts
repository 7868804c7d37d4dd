import type { AdObject } from "../../model/ad-object.js";
import type { Directory } from "../../model/directory.js";
import type { World } from "../../model/world.js";
import type { ChangePreview } from "../change-preview.js";
import type { ConnectConfig } from "./config.js";
import { inContainerScope } from "./import.js";
import type { RulePipeline } from "./rule-pipeline.js";
import { type JoinedResolution, previewThroughRules } from "./rule-preview.js";
import { type ConnectScopeExclusion, describeConnectExclusion } from "./scope-exclusion.js";
import type { MembershipTest } from "./scoping.js";
import type { SyncDatabase } from "./sync-database.js";
import { MV_TYPE_OF } from "./sync-rule.js";

/** What the questions read of the engine: its configuration and rules in force, and the active database. */
export interface ScopeQuestionSources {
  readonly config: () => ConnectConfig;
  readonly rules: () => RulePipeline;
  /** True when custom rules are in force (a rule set given whole, or custom rules in the config). */
  readonly customRules: () => boolean;
  readonly activeDb: () => SyncDatabase | undefined;
}

/**
 * What the harness asks the Connect engine of one AD object, without a run: would the engine sync it, why
 * not, and what its custom rules make of a change. Its own file because none of it changes the engine:
 * it reads the configuration and rules in force, and the active server's metaverse for a joined object.
 *
 * @internal
 */
export class ScopeQuestions {
  private readonly sources: ScopeQuestionSources;
  /**
   * The world's forests, listed once at attach (a world's forests are fixed when it is built): `inScope`,
   * asked for every change, looks the object up in each without an iterator per call.
   */
  private directories: readonly Directory[] = [];

  /** @param sources - the engine's configuration, rules and active database */
  constructor(sources: ScopeQuestionSources) {
    this.sources = sources;
  }

  /** Lists the world's forests. */
  attach(world: World): void {
    this.directories = [...world.forests.values()];
  }

  /** The first test of the engine's `inScope` that `object` fails, if any. */
  exclusion(object: AdObject): ConnectScopeExclusion | undefined {
    if (object.isDeleted) return "deleted";
    const rules = this.sources.rules();
    const config = this.sources.config();
    if (!rules.handlesClass(object.objectClass)) return "object-class";
    if (!inContainerScope(object, config.scope)) return "container";
    if (object.objectClass === "user" && !this.inAccountForest(object, config)) return "resource-forest";
    const directory = this.directoryHolding(object);
    // ISMEMBEROF answers only when some rule asks: made apart, so that a call that needs none captures
    // nothing (a closure here would put this call's variables in a context object on every call).
    const memberOf = rules.usesMembership ? directMembership(directory, object.objectGUID) : undefined;
    const provisions = rules.provisionsFromAd(
      object,
      directory?.forest ?? "",
      MV_TYPE_OF[object.objectClass] ?? "",
      memberOf,
    );
    return provisions ? undefined : "sync-rules";
  }

  /** Why the engine leaves `object` out, in words. */
  outOfScopeReason(object: AdObject): string | undefined {
    const exclusion = this.exclusion(object);
    return exclusion && describeConnectExclusion(exclusion, object, this.sources.config());
  }

  /**
   * What the custom sync rules make of a change in the cloud, previewed through the rules; undefined with
   * the out-of-box rules alone, which flow the standard way.
   */
  previewChange(before: AdObject, after: AdObject): ChangePreview | undefined {
    const mvType = MV_TYPE_OF[after.objectClass];
    if (mvType === undefined || !this.sources.customRules()) return undefined;
    const rules = this.sources.rules();
    const directory = this.directoryHolding(after);
    const forest = directory?.forest ?? "";
    const memberOf = rules.usesMembership ? directMembership(directory, after.objectGUID) : undefined;
    // Joined to a metaverse object other forests contribute to: resolved with theirs, as the active
    // server holds them.
    const db = this.sources.activeDb();
    const space = db?.adSpaces.get(forest);
    const mvId = space?.get(after.objectGUID)?.mvId;
    const joined: JoinedResolution | undefined =
      db && space && mvId !== undefined
        ? (slots, values) => db.metaverse.resolvedWith(mvId, space.name, slots, values)
        : undefined;
    return previewThroughRules(rules, before, after, forest, mvType, memberOf, joined);
  }

  /** The forest's directory that holds the object. */
  private directoryHolding(object: AdObject): Directory | undefined {
    for (const d of this.directories) if (d.get(object.objectGUID) !== undefined) return d;
    return undefined;
  }

  /** With a cross-forest user join, a resource-forest user only joins: it is not synced on its own. */
  private inAccountForest(object: AdObject, config: ConnectConfig): boolean {
    const join = config.userJoin;
    if (!join || join.resourceForests.length === 0) return true;
    for (const directory of this.directories)
      if (directory.get(object.objectGUID)) return !join.resourceForests.includes(directory.forest);
    return true;
  }
}

/** ISMEMBEROF for one AD object: a direct member of the group with this DN in its directory. */
function directMembership(directory: Directory | undefined, guid: string): MembershipTest {
  return (groupDn) => {
    const members = directory?.getByDn(groupDn)?.attributes.member;
    return Array.isArray(members) && (members as readonly string[]).includes(guid);
  };
}
