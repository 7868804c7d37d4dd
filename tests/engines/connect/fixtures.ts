import { type ConnectConfigInput, ConnectEngine } from "../../../src/engines/connect/index.js";
import type { AdObject } from "../../../src/model/ad-object.js";
import { World } from "../../../src/model/world.js";

/** The root DN of the test forest. */
export const ROOT = "DC=contoso,DC=com";

/** A small world with two OUs (`Sales`, `Parked`) and `users` users in Sales. */
export function smallWorld(
  users: number,
  seed = 1,
): { world: World; sales: string; parked: string; people: AdObject[] } {
  const world = new World({ seed });
  const ad = world.forest();
  const sales = ad.create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Sales" }).dn;
  const parked = ad.create({ objectClass: "organizationalUnit", parentDn: ROOT, name: "Parked" }).dn;
  const people: AdObject[] = [];
  for (let i = 0; i < users; i++) {
    people.push(
      ad.create({
        objectClass: "user",
        parentDn: sales,
        name: `user${i}`,
        attributes: {
          userPrincipalName: `user${i}@contoso.com`,
          displayName: `User ${i}`,
          department: "Sales",
        },
      }),
    );
  }
  return { world, sales, parked, people };
}

/** An engine attached to the world and started. */
export function startEngine(world: World, config: ConnectConfigInput = {}): ConnectEngine {
  const engine = new ConnectEngine(config);
  engine.attach(world);
  engine.start();
  return engine;
}

/** Virtual time of the first tenant write carrying `attribute` = `value` for the user, if any. */
export function watchAttribute(
  world: World,
  anchorOf: () => string,
  attribute: string,
  value: unknown,
): () => number | undefined {
  let seen: number | undefined;
  world.tenant.events.on("write", (event) => {
    if (seen !== undefined || event.anchor !== anchorOf()) return;
    const object = world.tenant.get(event.cloudId);
    if (object?.attributes[attribute] === value) seen = event.at;
  });
  return () => seen;
}

/** Each server's metaverse attributes, export values and the cloud's objects, as text (key order included). */
export function syncState(engine: ConnectEngine, world: World): string {
  const out: Record<string, unknown> = {};
  for (const [name, server] of engine.servers) {
    const db = server.db;
    const objects: Record<string, unknown> = {};
    for (const object of db.metaverse.values())
      objects[object.sourceAnchor] = {
        attributes: object.attributes,
        export: db.entra.get(object.sourceAnchor)?.desired,
        cloud: world.tenant.getByAnchor(object.sourceAnchor)?.attributes,
      };
    out[name] = objects;
  }
  return JSON.stringify(out);
}
