import { GROUP_TYPE_SECURITY } from "../model/ad-object.js";
import { flatConcat } from "../model/values.js";
import { World } from "../model/world.js";
import type { RandomStream } from "../scheduler/random.js";
import { EMPLOYEE_ID_DRAWS, type EmployeeIds } from "./employee-ids.js";
import { containersOf, forestOus, placementOf, sharedCopyName, sharedPeople } from "./layout.js";
import { Population } from "./population.js";
import type { ObjectKind, Scenario } from "./schema.js";
import { scenarioPassword } from "./secrets.js";

/**
 * Builds the world a scenario starts from, at virtual time 0 and before any engine attaches: the forests
 * and their OUs, `users` users spread round-robin over the OUs (`user-1 … user-N`, with the attributes an
 * HR feed would set), groups with `membersPerGroup` members each, mail contacts and computer objects, and
 * an initial password per user. Draws come from the `directory` stream (attribute values, group members),
 * so the workload stream starts from the same state whichever engine runs.
 */

const GIVEN = [
  "Ann",
  "Ben",
  "Chloe",
  "David",
  "Emma",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kofi",
  "Lena",
  "Mateo",
  "Nora",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
  "Uma",
  "Viktor",
  "Wen",
  "Yara",
  "Zoe",
];
const SURNAMES = [
  "Adams",
  "Berg",
  "Costa",
  "Dubois",
  "Evans",
  "Fischer",
  "Garcia",
  "Hansen",
  "Ivanova",
  "Jensen",
  "Kim",
  "Larsen",
  "Müller",
  "Nakamura",
  "Okafor",
  "Petrov",
  "Rossi",
  "Silva",
  "Tanaka",
  "Urban",
  "Virtanen",
  "Weber",
  "Xu",
  "Young",
  "Zimmer",
];
/** Departments the generator and the workload draw from. @public */
export const DEPARTMENTS = [
  "Sales",
  "Marketing",
  "Finance",
  "IT",
  "HR",
  "Legal",
  "Operations",
  "Research",
  "Support",
  "Logistics",
];
/** Job titles the generator and the workload draw from. @public */
export const TITLES = [
  "Analyst",
  "Engineer",
  "Manager",
  "Consultant",
  "Specialist",
  "Coordinator",
  "Director",
  "Associate",
  "Architect",
  "Administrator",
];

/**
 * A built world and what the harness knows about its objects.
 *
 * @public
 */
export interface BuiltWorld {
  /** The world, at time 0, with no engine attached. */
  readonly world: World;
  /** Live objects, names and password serials. */
  readonly population: Population;
}

/**
 * An independent copy of a built world that has not started ({@link World.fork}, {@link Population.fork}):
 * what a comparison gives every engine but the last, so the directory is built once.
 *
 * @public
 */
export function forkWorld(built: BuiltWorld): BuiltWorld {
  const world = built.world.fork();
  return { world, population: built.population.fork(world) };
}

// Each "given surname" spelled once: 625 display names shared by every generated user, not one copy each.
const DISPLAY_NAMES: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  GIVEN.map((given) => [given, new Map(SURNAMES.map((sn) => [sn, flatConcat(given, " ", sn)]))]),
);

/**
 * Attributes of a generated (or workload-created) user; its employeeID is one `employeeIds` has not handed
 * out yet. @internal
 */
export function userAttributes(
  random: RandomStream,
  name: string,
  domain: string,
  employeeIds: EmployeeIds,
): Record<string, unknown> {
  const given = random.pick(GIVEN);
  const sn = random.pick(SURNAMES);
  const mail = flatConcat(name, "@", domain);
  return {
    userPrincipalName: mail,
    displayName: DISPLAY_NAMES.get(given)?.get(sn) as string,
    givenName: given,
    sn,
    mail,
    mailNickname: name,
    proxyAddresses: [flatConcat("SMTP:", mail)],
    department: random.pick(DEPARTMENTS),
    title: random.pick(TITLES),
    company: "Contoso",
    employeeID: employeeIds.claim(random.int(0, EMPLOYEE_ID_DRAWS)),
    telephoneNumber: telephoneNumber(random.int(0, 9999)),
  };
}

// The 10,000 numbers `+1 555 0000` … `+1 555 9999`, each spelled once when first drawn: shared by every
// user who draws it (150,000 users held ~28 bytes each, and building one took three strings).
const PHONE_NUMBERS = new Array<string | undefined>(10_000).fill(undefined);

/** The telephone number with line number `line` (0-9999). @internal */
export function telephoneNumber(line: number): string {
  let number = PHONE_NUMBERS[line];
  if (number === undefined) {
    number = flatConcat("+1 555 ", String(line).padStart(4, "0"));
    PHONE_NUMBERS[line] = number;
  }
  return number;
}

/** Lower-case names the scripted events refer to (the workload leaves them alone). @internal */
export function reservedNames(scenario: Scenario): Set<string> {
  const names = new Set<string>();
  for (const event of scenario.events) {
    if ("object" in event) names.add(event.object.toLowerCase());
    if ("member" in event) names.add(event.member.toLowerCase());
    // A cloud group's members must still be in the cloud when it is made.
    if ("members" in event) for (const member of event.members) names.add(member.toLowerCase());
  }
  return names;
}

/**
 * A merger: copies of `originals` (the first generated users of the first forest) in every other forest, named
 * `<forest label>-user-K` (`fabrikam-user-1`), in that forest's first container, with the same person's
 * attributes (names, mail, employeeID, ...) and their own UPN — what a multi-forest join works on.
 */
function shareUsers(
  world: World,
  shape: Scenario["directory"],
  containers: ReturnType<typeof containersOf>,
  population: Population,
  originals: readonly string[],
): string[] {
  const copies: string[] = [];
  for (const guid of originals) {
    const home = population.directoryOf(guid);
    const original = home.get(guid);
    if (!original) continue;
    // A merged person is not deleted or moved by the random workload: the join keeps the cloud user
    // alive through the other account, which the observer could not tell from a lost delete.
    population.keepFromDisposal("user", guid);
    for (const forest of shape.forests) {
      if (forest.name.toLowerCase() === home.forest.toLowerCase()) continue;
      const where = containers.find((c) => c.forest === forest.name);
      if (!where) continue;
      const target = world.forest(forest.name);
      const base = String(original.attributes.mailNickname ?? original.dn.slice(3, original.dn.indexOf(",")));
      const name = sharedCopyName(forest.name, base);
      const attributes: Record<string, unknown> = {};
      for (const key of SHARED_ATTRIBUTES) {
        const value = original.attributes[key];
        if (value !== undefined) attributes[key] = value;
      }
      attributes.userPrincipalName = `${base}@${forest.name}`;
      const copy = target.create({ objectClass: "user", parentDn: where.dn, name, attributes });
      population.register(name, "user", target, copy.objectGUID, { workload: false });
      copies.push(copy.objectGUID);
    }
  }
  return copies;
}

/** What a merged person has in both forests (the UPN is each forest's own). */
const SHARED_ATTRIBUTES = [
  "displayName",
  "givenName",
  "sn",
  "mail",
  "mailNickname",
  "proxyAddresses",
  "department",
  "title",
  "company",
  "employeeID",
  "telephoneNumber",
] as const;

/**
 * Builds a scenario's world with the given seed.
 *
 * @param scenario - a validated scenario
 * @param seed - the seed (the scenario's, unless overridden)
 * @public
 */
export function buildWorld(scenario: Scenario, seed: number): BuiltWorld {
  const shape = scenario.directory;
  const first = shape.forests[0]?.name ?? "contoso.com";
  const world = new World({
    seed,
    forests: shape.forests.map((f) => ({ name: f.name })),
    tenant: { initialDomain: `${first.split(".")[0]}.onmicrosoft.com`, ...scenario.tenant },
  });
  const population = new Population(world, reservedNames(scenario));
  const random = world.random.stream("directory");

  for (const ou of forestOus(shape)) {
    const directory = world.forest(ou.forest);
    const comma = ou.dn.indexOf(",");
    directory.create({
      objectClass: "organizationalUnit",
      parentDn: ou.dn.slice(comma + 1),
      name: ou.dn.slice(3, comma),
    });
  }

  const containers = containersOf(shape);
  const make = (
    kind: ObjectKind,
    count: number,
    build: (name: string, domain: string) => Record<string, unknown>,
  ): string[] => {
    const guids: string[] = [];
    for (let i = 1; i <= count; i++) {
      const where = placementOf(containers, i);
      const directory = world.forest(where.forest);
      const name = `${kind}-${i}`;
      const object = directory.create({
        objectClass: kind === "device" ? "computer" : kind,
        parentDn: where.dn,
        name,
        attributes: build(name, where.forest),
      });
      population.register(name, kind, directory, object.objectGUID);
      guids.push(object.objectGUID);
    }
    return guids;
  };

  const users = make("user", shape.users, (name, domain) =>
    userAttributes(random, name, domain, population.employeeIds),
  );
  // The loops over every user are indexed: this code runs once, mostly before it is optimised, where a
  // for-of makes an iterator result per step (150,000 users × three loops).
  // The shared people are the ones validation knows by name (layout.ts sharedPeople), in index order.
  const originals = [...sharedPeople(shape, containers).originals].map(
    (name) => population.byName(name)?.objectGUID as string,
  );
  users.push(...shareUsers(world, shape, containers, population, originals));
  for (let i = 0; i < users.length; i++) {
    const guid = users[i] as string;
    const serial = population.initialSerial();
    population.directoryOf(guid).setPassword(guid, scenarioPassword(seed, guid, serial));
  }
  const groups = make("group", shape.groups, (name, domain) => ({
    displayName: `Group ${name.slice(6)}`,
    description: `${random.pick(DEPARTMENTS)} team`,
    mail: `${name}@${domain}`,
    mailNickname: name,
    proxyAddresses: [`SMTP:${name}@${domain}`],
    groupType: GROUP_TYPE_SECURITY | 0x2,
  }));
  make("contact", shape.contacts, (name) => {
    const given = random.pick(GIVEN);
    const sn = random.pick(SURNAMES);
    const mail = `${name}@partner.example`;
    return {
      displayName: `${given} ${sn} (partner)`,
      givenName: given,
      sn,
      mail,
      proxyAddresses: [`SMTP:${mail}`],
    };
  });
  make("device", shape.devices, (name, domain) => ({
    displayName: name,
    dNSHostName: `${name}.${domain}`,
    operatingSystem: "Windows 11 Enterprise",
    operatingSystemVersion: "10.0 (22631)",
  }));

  // Members: distinct users drawn per group, same-forest only (AD groups here hold same-domain members).
  const usersByForest = new Map<string, string[]>();
  for (let i = 0; i < users.length; i++) {
    const guid = users[i] as string;
    const forest = population.directoryOf(guid).forest;
    let list = usersByForest.get(forest);
    if (!list) usersByForest.set(forest, (list = []));
    list.push(guid);
  }
  for (const groupGuid of groups) {
    const directory = population.directoryOf(groupGuid);
    const candidates = usersByForest.get(directory.forest) ?? [];
    const wanted = Math.min(shape.membersPerGroup, candidates.length);
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(random.int(0, candidates.length - 1));
    const members: string[] = [];
    for (const index of chosen) members.push(candidates[index] as string);
    directory.addMembers(groupGuid, members);
  }
  return { world, population };
}
