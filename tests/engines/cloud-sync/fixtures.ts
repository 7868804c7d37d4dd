import { type CloudSyncConfigInput, CloudSyncEngine } from "../../../src/engines/cloud-sync/index.js";
import type { AdObject } from "../../../src/model/ad-object.js";
import { sourceAnchorOf } from "../../../src/model/anchor.js";
import type { CloudObject } from "../../../src/model/tenant-types.js";
import { World, type WorldOptions } from "../../../src/model/world.js";

/** Root DN of the default forest. */
export const ROOT = "DC=contoso,DC=com";

/** A small world: one forest, an OU `Sync` with `users` users (user-1 …), and an engine attached. */
export function setup(
  options: {
    users?: number;
    config?: CloudSyncConfigInput;
    world?: Partial<WorldOptions>;
    start?: boolean;
  } = {},
): { world: World; engine: CloudSyncEngine; ou: AdObject; users: AdObject[] } {
  const world = new World({ seed: 1, ...options.world });
  const dir = world.forest();
  const ou = dir.create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Sync" });
  const users = addUsers(world, ou.dn, options.users ?? 0);
  const engine = new CloudSyncEngine(options.config);
  engine.attach(world);
  if (options.start ?? true) engine.start();
  return { world, engine, ou, users };
}

/** Creates `count` users under `parentDn`, named `prefix-1` …. */
export function addUsers(world: World, parentDn: string, count: number, prefix = "user"): AdObject[] {
  const dir = world.forest();
  const out: AdObject[] = [];
  for (let i = 1; i <= count; i++) {
    out.push(
      dir.create({
        objectClass: "user",
        parentDn,
        name: `${prefix}-${i}`,
        attributes: {
          userPrincipalName: `${prefix}-${i}@contoso.com`,
          displayName: `User ${i}`,
          department: "Sales",
        },
      }),
    );
  }
  return out;
}

/** The cloud object of an AD object, by source anchor. */
export function cloudOf(world: World, object: AdObject): CloudObject | undefined {
  return world.tenant.getByAnchor(sourceAnchorOf(object));
}

/** Records the first time the tenant wrote `attribute` = `value` for `object`. */
export function watchAttribute(
  world: World,
  object: AdObject,
  attribute: string,
  value: unknown,
): () => number | undefined {
  let at: number | undefined;
  const anchor = sourceAnchorOf(object);
  world.tenant.events.on("write", (event) => {
    if (at !== undefined || event.anchor !== anchor) return;
    if (world.tenant.getByAnchor(anchor)?.attributes[attribute] === value) at = event.at;
  });
  return () => at;
}

/** Records the time the tenant first stored password `version` for `object`. */
export function watchPassword(world: World, object: AdObject, version: number): () => number | undefined {
  let at: number | undefined;
  const anchor = sourceAnchorOf(object);
  world.tenant.events.on("credential", (event) => {
    if (at === undefined && event.anchor === anchor && event.version === version) at = event.at;
  });
  return () => at;
}
