import type { World } from "../model/world.js";
import { HOUR } from "../scheduler/duration.js";
import { isSimulationError } from "../scheduler/errors.js";
import type { RandomStream } from "../scheduler/random.js";
import type { EventHandle } from "../scheduler/scheduler.js";
import type { DirectoryActions } from "./actions.js";
import { EMPLOYEE_ID_DRAWS } from "./employee-ids.js";
import { type Container, containersOf } from "./layout.js";
import type { Population } from "./population.js";
import type { Replication } from "./replication.js";
import { type Scenario, WORKLOAD_CATEGORIES, type WorkloadRates, type WriteOrigin } from "./schema.js";
import { DEPARTMENTS, TITLES, telephoneNumber, userAttributes } from "./world-builder.js";

/**
 * The random workload: one Poisson arrival process per category (rates per hour from the scenario),
 * every draw from the `workload` stream. Targets come from the harness's own live-object sets, never from
 * the engine, so the same seed makes the same AD changes at the same instants whichever engine runs.
 */

type Category = keyof WorkloadRates;

const CATEGORIES: readonly Category[] = WORKLOAD_CATEGORIES;
// Event labels, spelled once rather than per arrival (a 24-hour run schedules 240,000 of them).
const LABELS = Object.fromEntries(CATEGORIES.map((c) => [c, `workload:${c}`])) as Record<Category, string>;

const USER_ATTRIBUTES = [
  "department",
  "title",
  "telephoneNumber",
  "displayName",
  "company",
  "employeeID",
] as const;
const COMPANIES = ["Contoso", "Fabrikam", "Northwind", "Tailspin"];
// Parts of the display names the workload writes (spelled here: a literal in the call is a new list each time).
const FIRST_NAMES = ["Alex", "Sam", "Robin", "Kim", "Jo"];
const SURNAMES = ["North", "South", "East", "West"];

/** One category's Poisson arrivals: its rate and the action every arrival runs. */
interface Arrivals {
  readonly ratePerMs: number;
  readonly label: string;
  /** The scheduled event of the last arrival. */
  event: EventHandle | undefined;
  readonly arrive: () => void;
}

/**
 * Drives the random workload of one run.
 *
 * @public
 */
export class Workload {
  private readonly world: World;
  private readonly random: RandomStream;
  private readonly population: Population;
  private readonly actions: DirectoryActions;
  private readonly containers: readonly Container[];
  private readonly end: number;
  private readonly replication: Replication | undefined;
  private hires = 0;

  /**
   * @param world - the run's world
   * @param scenario - the validated scenario
   * @param population - live objects
   * @param actions - AD writes with observation
   * @param origin - virtual time the workload starts (after a warm-up)
   * @param replication - where writes are made, when the scenario sends a share to other DCs
   */
  constructor(
    world: World,
    scenario: Scenario,
    population: Population,
    actions: DirectoryActions,
    origin = 0,
    replication?: Replication,
  ) {
    this.world = world;
    this.random = world.random.stream("workload");
    this.population = population;
    this.actions = actions;
    this.containers = containersOf(scenario.directory);
    this.end = origin + scenario.duration;
    this.replication = replication;
    for (const category of CATEGORIES) {
      // A rate so small that it underflows per millisecond (5e-324 per hour) means no arrivals at all.
      const ratePerMs = scenario.workload[category] / HOUR;
      if (ratePerMs > 0 && Number.isFinite(ratePerMs)) this.arm(this.arrivalsOf(category, ratePerMs));
    }
  }

  /**
   * The arrival process of one category: one action for every arrival, made once (a 24-hour run has
   * 240,000 arrivals; a closure each was ~60 bytes per change more to collect).
   */
  private arrivalsOf(category: Category, ratePerMs: number): Arrivals {
    const arrivals: Arrivals = {
      ratePerMs,
      label: LABELS[category],
      event: undefined,
      arrive: () => {
        this.arm(arrivals);
        try {
          this.act(category);
        } catch (error) {
          // A write AD refuses (a race with a scripted event) is simply not made; the same on every engine.
          if (!isSimulationError(error)) throw error;
        }
      },
    };
    return arrivals;
  }

  /** Schedules the category's next arrival (none at or after the end). */
  private arm(arrivals: Arrivals): void {
    // Whole milliseconds before adding: the same relative instants whatever the warm-up's length.
    const at = this.world.scheduler.now + Math.round(this.random.exponential(arrivals.ratePerMs));
    if (at >= this.end) return;
    // The event of the arrival that is running now serves again for the next one.
    const scheduler = this.world.scheduler;
    if (arrivals.event === undefined || !scheduler.reschedule(arrivals.event, at))
      arrivals.event = scheduler.schedule(at, arrivals.arrive, arrivals.label);
  }

  private act(category: Category): void {
    const { live, disposable } = this.population;
    const r = this.random;
    // Drawn from a stream of its own: the workload's draws are the same whether or not writes replicate.
    const where: WriteOrigin | undefined = this.replication?.workloadOrigin();
    switch (category) {
      case "attributeChangesPerHour": {
        if (live.group.size > 0 && r.chance(0.1)) {
          const group = live.group.pick(r) as string;
          this.actions.modifyOn(where, group, { description: `${r.pick(DEPARTMENTS)} team ${r.int(1, 99)}` });
          return;
        }
        const user = live.user.pick(r);
        if (!user) return;
        const attribute = r.pick(USER_ATTRIBUTES);
        this.actions.modifyOn(where, user, { [attribute]: this.valueFor(attribute) });
        return;
      }
      case "passwordChangesPerHour": {
        const user = live.user.pick(r);
        if (user) this.actions.passwordOn(where, user);
        return;
      }
      case "createsPerHour": {
        const container = r.pick(this.containers);
        const name = `hire-${++this.hires}`;
        const directory = this.world.forest(container.forest);
        this.actions.createOn(
          where,
          "user",
          name,
          directory,
          container.dn,
          userAttributes(r, name, container.forest, this.population.employeeIds),
        );
        return;
      }
      case "deletesPerHour": {
        const user = disposable.user.pick(r);
        if (user) this.actions.deleteOn(where, user);
        return;
      }
      case "movesPerHour": {
        const user = disposable.user.pick(r);
        if (!user) return;
        const directory = this.population.directoryOf(user);
        const current = directory.get(user)?.dn ?? "";
        const parent = current.slice(current.indexOf(",") + 1).toLowerCase();
        const options = this.containers.filter(
          (c) => c.forest === directory.forest && c.dn.toLowerCase() !== parent,
        );
        if (options.length > 0) this.actions.moveOn(where, user, r.pick(options).dn);
        return;
      }
      case "membershipChangesPerHour": {
        const group = live.group.pick(r);
        if (!group) return;
        const directory = this.population.directoryOf(group);
        const members = (directory.get(group)?.attributes.member as readonly string[] | undefined) ?? [];
        if (members.length > 0 && r.chance(0.5)) {
          this.actions.membershipOn(where, group, r.pick(members), false);
          return;
        }
        const user = live.user.pick(r);
        if (user && this.population.directoryOf(user) === directory && !directory.isMember(group, user)) {
          this.actions.membershipOn(where, group, user, true);
        }
        return;
      }
    }
  }

  private valueFor(attribute: (typeof USER_ATTRIBUTES)[number]): string {
    const r = this.random;
    switch (attribute) {
      case "department":
        return r.pick(DEPARTMENTS);
      case "title":
        return r.pick(TITLES);
      case "telephoneNumber":
        return telephoneNumber(r.int(0, 9999));
      case "displayName":
        return `${r.pick(FIRST_NAMES)} ${r.pick(SURNAMES)}-${r.int(1, 999)}`;
      case "company":
        return r.pick(COMPANIES);
      case "employeeID":
        return this.population.employeeIds.claim(r.int(0, EMPLOYEE_ID_DRAWS));
    }
  }
}
