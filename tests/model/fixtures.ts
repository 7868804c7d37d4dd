import { Directory } from "../../src/model/directory.js";
import { Host } from "../../src/scheduler/host.js";
import { RandomStreams } from "../../src/scheduler/random.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

/** A small forest with an OU `Sales` for tests. */
export function smallDirectory(options: { domains?: string[]; lifetimeMs?: number } = {}) {
  const scheduler = new Scheduler();
  const dc = new Host(scheduler, "dc:contoso.com", "domain-controller");
  const directory = new Directory({
    forest: "contoso.com",
    domains: options.domains,
    scheduler,
    random: new RandomStreams(42).stream("ad:contoso.com"),
    dc,
    deletedObjectLifetimeMs: options.lifetimeMs,
  });
  const sales = directory.create({
    objectClass: "organizationalUnit",
    parentDn: "DC=contoso,DC=com",
    name: "Sales",
  });
  return { scheduler, dc, directory, sales };
}

/** Everything observable about a directory, as plain JSON: two equal states mean nothing changed. */
export function stateOf(directory: Directory): unknown {
  return JSON.parse(
    JSON.stringify({
      usn: directory.highestUsn,
      size: directory.size,
      live: directory.snapshot().objects,
      journal: directory.changesSince(0),
      passwords: directory.passwordChangesSince(0),
      found: [...directory.objects()].map((o) => [o.objectGUID, directory.find(o.dn)?.objectGUID]),
    }),
  );
}
