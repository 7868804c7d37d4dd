import fc from "fast-check";
import { AD_CHANGE_TYPES, type ScenarioEventInput } from "../scenario/schema.js";
import { formatDuration, MINUTE, parseDuration, SECOND } from "../scheduler/duration.js";
import { checkedOptionsObject, checkFlag, checkWholeNumber, optionNames } from "../scheduler/errors.js";
import type { GeneratedDirectory } from "./directory.js";
import { checkDuration, checkGeneratedDirectory, checkKinds, optionField } from "./option-values.js";

/**
 * Scripted change sequences: create / modify / password / delete / restore / move / add-member /
 * remove-member events that only ever name objects that exist (and are alive) at that moment — the
 * generated `user-N`, `group-N`, `contact-N`, `device-N` of the directory, or objects an earlier scripted
 * create made. Raw steps are drawn first and then folded through a small model of the directory, so
 * fast-check shrinks a failing sequence by dropping steps and the result always validates.
 */

// One scripted event as a scenario writes it (issue 5 §1): re-exported for the testing entry point.
export type { ScenarioEventInput };

/** Kinds of scripted AD change the sequence arbitrary makes. @public */
export type ChangeKind = (typeof AD_CHANGE_TYPES)[number];

/** Every {@link ChangeKind}. @public */
export const CHANGE_KINDS: readonly ChangeKind[] = AD_CHANGE_TYPES;

/**
 * Options of {@link changeSequenceArbitrary}.
 *
 * @public
 */
export interface ChangeSequenceOptions {
  /** The scenario's workload duration (events fall in [from, duration)); ms or `"2h"`. Default 2 h. */
  readonly duration?: number | string;
  /** Earliest event time (default 1 min, so the engines' first cycle has started). */
  readonly from?: number | string;
  /** Most events (default 10). */
  readonly maxEvents?: number;
  /** Kinds to draw from (default all). */
  readonly kinds?: readonly ChangeKind[];
  /** Also write attributes no standard flow carries (`extensionAttribute1`) and clear values (default true). */
  readonly unflowedAttributes?: boolean;
}

const CHANGE_SEQUENCE_OPTION_NAMES = optionNames<ChangeSequenceOptions>()(
  "duration",
  "from",
  "maxEvents",
  "kinds",
  "unflowedAttributes",
);

type ObjectKindName = "user" | "group" | "contact" | "device";

interface Tracked {
  readonly name: string;
  readonly kind: ObjectKindName;
  readonly forest: string;
  ou: string | undefined;
  alive: boolean;
}

interface RawStep {
  readonly kind: ChangeKind;
  readonly gap: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

const DEPARTMENTS = ["Sales", "IT", "Finance", "HR", "Legal", "Research"];
const TITLES = ["Analyst", "Engineer", "Manager", "Director", "Architect"];
const GIVEN = ["Ann", "Ben", "Chloe", "Farid", "Hiro", "Priya"];
const SURNAMES = ["Berg", "Costa", "Kim", "Okafor", "Rossi", "Xu"];

/** Attribute writes per kind: name and a value from the step's draw (`null` clears). */
function attributeWrite(kind: ObjectKindName, draw: number, unflowed: boolean): Record<string, unknown> {
  const pick = <T>(list: readonly T[]): T => list[draw % list.length] as T;
  const user: Array<() => Record<string, unknown>> = [
    () => ({ department: pick(DEPARTMENTS) }),
    () => ({ title: pick(TITLES) }),
    () => ({ displayName: `${pick(GIVEN)} ${pick(SURNAMES)}` }),
    () => ({ telephoneNumber: `+1 555 ${String(1000 + (draw % 9000))}` }),
    () => ({ givenName: pick(GIVEN), sn: pick(SURNAMES) }),
    () => ({ company: pick(["Contoso", "Fabrikam"]) }),
    () => ({ employeeID: String(200000 + draw) }),
    // userAccountControl: 514 = NORMAL_ACCOUNT | ACCOUNTDISABLE, 512 = enabled (flows as accountEnabled).
    () => ({ userAccountControl: draw % 2 === 0 ? 514 : 512 }),
  ];
  const extra: Array<() => Record<string, unknown>> = unflowed
    ? [() => ({ extensionAttribute1: `x${draw}` }), () => ({ department: null }), () => ({ title: null })]
    : [];
  const group: Array<() => Record<string, unknown>> = [
    () => ({ description: `${pick(DEPARTMENTS)} team` }),
    () => ({ displayName: `Team ${pick(SURNAMES)}` }),
  ];
  const contact: Array<() => Record<string, unknown>> = [
    () => ({ displayName: `${pick(GIVEN)} ${pick(SURNAMES)} (partner)` }),
    () => ({ givenName: pick(GIVEN) }),
  ];
  const device: Array<() => Record<string, unknown>> = [
    () => ({ operatingSystemVersion: `10.0 (${22000 + (draw % 1000)})` }),
  ];
  const table =
    kind === "user" ? [...user, ...extra] : kind === "group" ? group : kind === "contact" ? contact : device;
  const write = table[Math.floor(draw / 7) % table.length] as () => Record<string, unknown>;
  return write();
}

/**
 * Folds raw steps into valid scripted events for a directory.
 *
 * @internal
 */
export function foldChanges(
  directory: GeneratedDirectory,
  steps: readonly RawStep[],
  options: ChangeSequenceOptions,
): ScenarioEventInput[] {
  const duration = parseDuration(options.duration ?? "2h");
  const unflowed = options.unflowedAttributes ?? true;
  const objects: Tracked[] = [];
  const containers: Array<{ forest: string; ou: string | undefined }> = [];
  for (const forest of directory.forests) {
    if (forest.ous.length === 0) containers.push({ forest: forest.name, ou: undefined });
    for (const ou of forest.ous) containers.push({ forest: forest.name, ou });
  }
  const add = (kind: ObjectKindName, count: number): void => {
    for (let i = 1; i <= count; i++) {
      // layout.ts placementOf: generated objects go round-robin over every forest's containers.
      const where = containers[(i - 1) % containers.length] as { forest: string; ou: string | undefined };
      objects.push({ name: `${kind}-${i}`, kind, forest: where.forest, ou: where.ou, alive: true });
    }
  };
  add("user", directory.users);
  add("group", directory.groups);
  add("contact", directory.contacts);
  add("device", directory.devices);

  const events: ScenarioEventInput[] = [];
  let at = parseDuration(options.from ?? MINUTE);
  let created = 0;
  const live = (filter: (o: Tracked) => boolean): Tracked[] => objects.filter((o) => o.alive && filter(o));
  for (const step of steps) {
    at += step.gap * SECOND;
    if (at >= duration) break;
    const when = formatDuration(at);
    switch (step.kind) {
      case "create": {
        const kinds: ObjectKindName[] = ["user", "user", "group", "contact"];
        const kind = kinds[step.a % kinds.length] as ObjectKindName;
        const where = containers[step.b % containers.length] as { forest: string; ou: string | undefined };
        const name = `new-${kind}-${++created}`;
        const attributes: Record<string, unknown> =
          kind === "user"
            ? {
                displayName: `${GIVEN[step.c % GIVEN.length]} ${SURNAMES[step.c % SURNAMES.length]}`,
                department: DEPARTMENTS[step.c % DEPARTMENTS.length],
              }
            : kind === "group"
              ? { displayName: `Team ${created}`, description: "scripted group" }
              : { displayName: `Partner ${created}`, mail: `${name}@partner.example` };
        events.push({
          type: "create",
          at: when,
          object: name,
          objectType: kind,
          ...(directory.forests.length > 1 ? { forest: where.forest } : {}),
          ...(where.ou !== undefined ? { ou: where.ou } : {}),
          attributes,
        });
        objects.push({ name, kind, forest: where.forest, ou: where.ou, alive: true });
        break;
      }
      case "modify": {
        const targets = live(() => true);
        const target = targets[step.a % Math.max(1, targets.length)];
        if (!target) break;
        events.push({
          type: "modify",
          at: when,
          object: target.name,
          attributes: attributeWrite(target.kind, step.b, unflowed),
        });
        break;
      }
      case "password": {
        const users = live((o) => o.kind === "user");
        const user = users[step.a % Math.max(1, users.length)];
        if (user) events.push({ type: "password", at: when, object: user.name });
        break;
      }
      case "delete": {
        const targets = live(() => true);
        const target = targets[step.a % Math.max(1, targets.length)];
        if (!target) break;
        events.push({ type: "delete", at: when, object: target.name });
        target.alive = false;
        break;
      }
      case "restore": {
        const dead = objects.filter((o) => !o.alive);
        const target = dead[step.a % Math.max(1, dead.length)];
        if (!target) break;
        events.push({ type: "restore", at: when, object: target.name });
        target.alive = true;
        break;
      }
      case "move": {
        const targets = live(() => true);
        const target = targets[step.a % Math.max(1, targets.length)];
        if (!target) break;
        const forest = directory.forests.find((f) => f.name === target.forest);
        const options = (forest?.ous ?? []).filter((ou) => ou !== target.ou);
        const ou = options[step.b % Math.max(1, options.length)];
        if (ou === undefined) break;
        events.push({ type: "move", at: when, object: target.name, ou });
        target.ou = ou;
        break;
      }
      case "add-member":
      case "remove-member": {
        const groups = live((o) => o.kind === "group");
        const group = groups[step.a % Math.max(1, groups.length)];
        if (!group) break;
        const members = live((o) => o !== group && o.forest === group.forest && o.kind !== "device");
        const member = members[step.b % Math.max(1, members.length)];
        if (!member) break;
        events.push({ type: step.kind, at: when, object: group.name, member: member.name });
        break;
      }
    }
    if (events.length >= (options.maxEvents ?? 10)) break;
  }
  return events;
}

/**
 * A scripted change sequence for `directory`: events in time order, each naming an object alive at that
 * moment (generated or created earlier in the sequence), every one accepted by `validateScenario`.
 * Shrinks by dropping steps.
 *
 * @example
 * ```ts
 * const scenario = fc.sample(
 *   directoryArbitrary().chain((directory) =>
 *     changeSequenceArbitrary(directory, { duration: "2h" }).map((events) => ({ directory, events }))),
 *   1,
 * );
 * ```
 * @public
 */
export function changeSequenceArbitrary(
  directory: GeneratedDirectory,
  options: ChangeSequenceOptions = {},
): fc.Arbitrary<ScenarioEventInput[]> {
  checkedOptionsObject(options, CHANGE_SEQUENCE_OPTION_NAMES);
  checkGeneratedDirectory(directory);
  checkChangeOptionValues(options);
  const kinds = options.kinds ?? CHANGE_KINDS;
  if (kinds.length === 0) return fc.constant([]);
  const duration = parseDuration(options.duration ?? "2h");
  const max = options.maxEvents ?? 10;
  // Average gap so the sequence fits in the duration; gaps vary from 1 s up to twice that.
  const meanGap = Math.max(2, Math.floor(duration / SECOND / (max + 2)));
  const step = fc.record({
    kind: fc.constantFrom(...kinds),
    gap: fc.integer({ min: 1, max: meanGap * 2 }),
    a: fc.nat({ max: 1_000 }),
    b: fc.nat({ max: 1_000 }),
    c: fc.nat({ max: 1_000 }),
  });
  return fc.array(step, { maxLength: max }).map((steps) => foldChanges(directory, steps, options));
}

/**
 * The values of {@link ChangeSequenceOptions}, checked (`option-values.ts`).
 *
 * @param prefix - where they sit when nested (`changes` in `scenarioArbitrary`'s options)
 * @internal
 */
export function checkChangeOptionValues(options: ChangeSequenceOptions, prefix?: string): void {
  checkDuration(options.duration, optionField(prefix, "duration"));
  checkDuration(options.from, optionField(prefix, "from"));
  checkWholeNumber(options.maxEvents, optionField(prefix, "maxEvents"));
  checkKinds(options.kinds, CHANGE_KINDS, optionField(prefix, "kinds"));
  checkFlag(options.unflowedAttributes, optionField(prefix, "unflowedAttributes"));
}
