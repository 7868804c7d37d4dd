import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOUR, parseDuration, SECOND } from "../../src/scheduler/duration.js";
import { checkProperty, observeRun, scenarioArbitrary } from "../../src/testing/index.js";
import { DIRECTORY, ENV, TIMEOUT } from "./helpers.js";

/**
 * Property — Connect Health's "data not up to date" alert (how-to-connect-health-data-freshness). One to
 * three Connect servers through any recoverable schedule of server crashes and restarts, link cuts and
 * admin actions over 4 to 8 hours: a server gets the alert exactly 2 h into every silence (the server down
 * or the link cut) that lasts longer than that, and at no other time; the alert is resolved the moment the
 * silence ends. The silences are worked out from the scenario's fault events alone, independently of the
 * engine.
 */
const FILE = "tests/properties/health-alerts.test.ts";
const STALE = 2 * HOUR;

/** Each server's silences `[from, to)`, from the fault events the run carried out (status `done`). */
function silences(
  events: readonly { type: string; at: unknown; target?: string; fault?: string }[],
  done: (index: number) => boolean,
  servers: readonly string[],
): Map<string, [number, number][]> {
  const up = new Map(servers.map((s) => [s, true]));
  let link = true;
  const since = new Map<string, number>();
  const out = new Map<string, [number, number][]>(servers.map((s) => [s, []]));
  const order = events
    .map((event, index) => ({ event, index, at: parseDuration(event.at as string) }))
    .filter(({ event, index }) => event.type === "fault" && done(index))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  for (const { event, at } of order) {
    const going = event.fault === "crash" || event.fault === "down";
    const coming = event.fault === "restart" || event.fault === "up";
    if (event.target === "link:cloud") link = coming ? true : going ? false : link;
    else if (event.target?.startsWith("connect:")) {
      const server = event.target.slice("connect:".length);
      if (going) up.set(server, false);
      else if (coming) up.set(server, true);
    } else continue;
    for (const server of servers) {
      const silent = !(up.get(server) && link);
      const from = since.get(server);
      if (silent && from === undefined) since.set(server, at);
      if (!silent && from !== undefined) {
        out.get(server)?.push([from, at]);
        since.delete(server);
      }
    }
  }
  return out;
}

describe("property: Connect Health's data alert", () => {
  it(
    "comes 2 h into every longer silence of a server, and is resolved when it ends",
    () => {
      checkProperty(
        fc.property(
          scenarioArbitrary({
            directory: DIRECTORY,
            workload: { maxPerHour: 4 },
            hours: { min: 4, max: 8 },
            connectServers: { min: 1, max: 3 },
            agents: { min: 1, max: 1 },
            faults: { maxEvents: ENV.deep ? 16 : 8, families: ["connect-server", "link", "connect-admin"] },
            recoverable: true,
          }),
          (scenario) => {
            const run = observeRun(scenario, { engine: "connect" });
            const result = run.engineResult;
            const servers = (scenario.engines?.connect?.servers as { name: string }[] | undefined)?.map(
              (s) => s.name,
            ) ?? ["primary"];
            const spans = silences(
              scenario.events ?? [],
              (i) => result.events[i]?.status === "done",
              servers,
            );
            for (const server of servers) {
              const mine = (kind: string) =>
                result.incidents
                  .filter((i) => i.kind === kind && i.detail.startsWith(`${server}: Health service data`))
                  .map((i) => i.at);
              // A silence ending within a second of its 2 h mark may go either way: not asserted.
              const long = (spans.get(server) ?? []).filter(([from, to]) => to - from - STALE > SECOND);
              const borderline = (spans.get(server) ?? []).some(
                ([from, to]) => Math.abs(to - from - STALE) <= SECOND,
              );
              if (borderline) continue;
              expect(mine("health-alert"), `${server} alerts`).toEqual(long.map(([from]) => from + STALE));
              expect(mine("health-alert-resolved"), `${server} resolved`).toEqual(long.map(([, to]) => to));
            }
          },
        ),
        { numRuns: 6, deepRuns: 60, file: FILE },
      );
    },
    TIMEOUT,
  );
});
