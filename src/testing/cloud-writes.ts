import fc from "fast-check";
import type { Feature } from "../engines/engine.js";
import { EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES } from "../model/exchange-online.js";
import type { ScenarioEventInput } from "../scenario/schema.js";
import { MINUTE, parseDuration } from "../scheduler/duration.js";
import { checkedOptionsObject, checkWholeNumber, optionNames } from "../scheduler/errors.js";
import type { GeneratedDirectory } from "./directory.js";
import { checkDuration, checkGeneratedDirectory, checkKinds, optionField } from "./option-values.js";

/**
 * Writes that start in the cloud and end in AD: self-service password resets, groups and devices made in
 * the cloud, Exchange Online mailbox settings — the scripted `cloud-password-reset`, `cloud-group`,
 * `cloud-device` and `exchange-online` events, naming the directory's generated users.
 */

/**
 * The writeback features a scenario with cloud writes turns on, so that each kind has its way to AD (an
 * engine that lacks one reports its events `unsupported`).
 *
 * @public
 */
export const CLOUD_WRITE_FEATURES: readonly Feature[] = Object.freeze([
  "password-writeback",
  "group-writeback",
  "group-provisioning-to-ad",
  "device-writeback",
  "exchange-hybrid-writeback",
]);

/** The scripted event types {@link cloudWriteArbitrary} draws. @public */
export type CloudWriteKind = "cloud-password-reset" | "cloud-group" | "cloud-device" | "exchange-online";

/** Every {@link CloudWriteKind}. @public */
export const CLOUD_WRITE_KINDS: readonly CloudWriteKind[] = Object.freeze([
  "cloud-password-reset",
  "cloud-group",
  "cloud-device",
  "exchange-online",
]);

/**
 * Options of {@link cloudWriteArbitrary}.
 *
 * @public
 */
export interface CloudWriteOptions {
  /** The scenario's workload duration (events fall in [from, duration)); ms or `"2h"`. Default 2 h. */
  readonly duration?: number | string;
  /** Earliest event time (default 5 min, after the engines' first cycles). */
  readonly from?: number | string;
  /** Most events (default 6). */
  readonly maxEvents?: number;
  /** Kinds to draw from (default all). */
  readonly kinds?: readonly CloudWriteKind[];
}

const CLOUD_WRITE_OPTION_NAMES = optionNames<CloudWriteOptions>()("duration", "from", "maxEvents", "kinds");

/**
 * Cloud writes over a directory's generated users (`user-1 …`), in time order. Groups and devices get names
 * of their own (`Cloud Team 1`, `CLOUD-PC-1`). The users named must still be alive in AD when each event
 * plays: a scenario that deletes users by script should leave them out (`scenarioArbitrary` does).
 *
 * @public
 */
export function cloudWriteArbitrary(
  directory: GeneratedDirectory,
  options: CloudWriteOptions = {},
): fc.Arbitrary<ScenarioEventInput[]> {
  checkedOptionsObject(options, CLOUD_WRITE_OPTION_NAMES);
  checkGeneratedDirectory(directory);
  checkCloudWriteOptionValues(options);
  const from = parseDuration(options.from ?? 5 * MINUTE);
  const duration = parseDuration(options.duration ?? "2h");
  const kinds = (options.kinds ?? CLOUD_WRITE_KINDS).filter(
    (kind) => directory.users > 0 || kind === "cloud-device",
  );
  if (kinds.length === 0 || duration <= from) return fc.constant([]);
  const users = Math.max(1, directory.users);
  const step = fc.record({
    kind: fc.constantFrom(...kinds),
    at: fc.integer({ min: Math.ceil(from / 1000), max: Math.floor((duration - 1) / 1000) }),
    user: fc.integer({ min: 1, max: users }),
    members: fc.uniqueArray(fc.integer({ min: 1, max: users }), { maxLength: Math.min(4, users) }),
    microsoft365: fc.boolean(),
    attribute: fc.constantFrom(...EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES),
  });
  return fc.array(step, { maxLength: options.maxEvents ?? 6 }).map((steps) =>
    [...steps]
      .sort((a, b) => a.at - b.at)
      .map((s, i): ScenarioEventInput => {
        const at = `${s.at}s`;
        switch (s.kind) {
          case "cloud-password-reset":
            return { type: "cloud-password-reset", at, object: `user-${s.user}` };
          case "cloud-group":
            return {
              type: "cloud-group",
              at,
              object: `Cloud Team ${i + 1}`,
              groupType: s.microsoft365 ? "microsoft365" : "security",
              members: s.members.map((n) => `user-${n}`),
            };
          case "cloud-device":
            return { type: "cloud-device", at, object: `CLOUD-PC-${i + 1}` };
          default:
            return { type: "exchange-online", at, object: `user-${s.user}`, attribute: s.attribute };
        }
      }),
  );
}

/**
 * `events` without the cloud writes that name an object some event of `others` deletes: such a user may
 * be gone when the write plays.
 *
 * @internal
 */
export function withoutDeletedNames(
  events: readonly ScenarioEventInput[],
  others: readonly ScenarioEventInput[],
): ScenarioEventInput[] {
  const deleted = new Set(others.filter((e) => e.type === "delete").map((e) => e.object.toLowerCase()));
  const names = (e: ScenarioEventInput): string[] => [
    ...("object" in e && e.type !== "cloud-group" && e.type !== "cloud-device" ? [e.object] : []),
    ...(e.type === "cloud-group" ? (e.members ?? []) : []),
  ];
  return events.filter((e) => names(e).every((name) => !deleted.has(name.toLowerCase())));
}

/**
 * The values of {@link CloudWriteOptions}, checked (`option-values.ts`).
 *
 * @param prefix - where they sit when nested (`cloudWrites` in `scenarioArbitrary`'s options)
 * @internal
 */
export function checkCloudWriteOptionValues(options: CloudWriteOptions, prefix?: string): void {
  checkDuration(options.duration, optionField(prefix, "duration"));
  checkDuration(options.from, optionField(prefix, "from"));
  checkWholeNumber(options.maxEvents, optionField(prefix, "maxEvents"));
  checkKinds(options.kinds, CLOUD_WRITE_KINDS, optionField(prefix, "kinds"));
}
