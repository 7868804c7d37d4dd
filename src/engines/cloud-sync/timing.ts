import { DAY, MINUTE, SECOND } from "../../scheduler/duration.js";

/**
 * Every figure of time the Cloud Sync-style engine uses, in milliseconds of virtual time. A named profile
 * ({@link TIMING_PROFILES}) gives the defaults; a scenario may override any field.
 *
 * @public
 */
export interface TimingProfile {
  /** Interval of the object provisioning job: next start = previous start + interval, no overlap. */
  readonly cycleInterval: number;
  /** Interval of the password hash sync job (its own schedule). */
  readonly passwordCycleInterval: number;
  /**
   * Service cost of one object that already exists in the cloud and has to be matched against it: every
   * such object of an initial cycle or an on-demand run, and an incremental one this configuration had not
   * provisioned yet (moved into scope, matched to an object someone else created).
   */
  readonly matchCost: number;
  /** Service cost of one object created in the cloud (≈ 2× a match), in any cycle: a create needs the match query. */
  readonly createCost: number;
  /**
   * Service cost of one incremental change to an object this configuration already provisioned (no match
   * query against the target), and of one delete in an incremental cycle.
   */
  readonly updateCost: number;
  /** Service cost of one delete in an initial cycle (objects gone since they were provisioned). */
  readonly deleteCost: number;
  /** Agent cost of reading one object from AD and returning it raw. */
  readonly agentReadCost: number;
  /** Service cost of one password hash (re-hash and write). */
  readonly passwordCost: number;
  /** A request the agent does not answer fails after this long. */
  readonly requestTimeout: number;
  /** The agent's LDAP timeout: a read against an unreachable DC fails after this long. */
  readonly ldapTimeout: number;
  /** Agents bootstrap (refresh config, report status) on restart and at this interval. */
  readonly bootstrapInterval: number;
  /** An agent not heard from for this long is taken as gone and the service fails over. */
  readonly failoverDetection: number;
  /** First auto-update of the agents. */
  readonly updateFirstAt: number;
  /** Interval between auto-update rounds. */
  readonly updateInterval: number;
  /** How long an auto-update keeps one agent down. */
  readonly updateOutage: number;
  /** Interval of the group provisioning to AD job (its own schedule). */
  readonly groupProvisioningInterval: number;
  /** Interval of each configuration's Exchange hybrid writeback job (its own schedule). */
  readonly exchangeWritebackInterval: number;
  /** Password writeback: relay round trip plus the AD write, once an agent takes the reset. */
  readonly passwordWritebackLatency: number;
}

/**
 * Names of the built-in timing profiles.
 *
 * @public
 */
export type TimingProfileName = "documented" | "field";

/**
 * The generic provisioning engine's low figure: 0.01 min per object in the initial cycle, creates about
 * twice the cost of matches (reference.md B "Timing", generic engine figures).
 */
// (0.01 min as a division: `0.01 * MINUTE` is a boxed double in V8 even though it is 600, and every virtual
// time after a sleep of it is one too — which the tenant's records then keep boxed, per time field.)
const DOCUMENTED_MATCH_COST = MINUTE / 100;

/**
 * What users report: a full resync of ~20k objects took ~2 h (reference.md B "Timing", *field*), i.e.
 * 0.36 s per matched object.
 */
const FIELD_MATCH_COST = Math.round((2 * 60 * MINUTE) / 20_000);

/**
 * Derived assumption: the generic engine "under ~5,000 changes usually finish in one incremental cycle"
 * (reference.md B "Timing"), with the documented 2-minute cycle (`reference-cloud-sync-faq`): one cycle
 * absorbs ~5,000 changes → 2 min / 5,000 = 24 ms per incremental update of a provisioned object (no match
 * query). The initial-cycle figure (0.01 min = 600 ms) applied to every change would cap the engine at
 * 6,000 changes per hour, contradicting that sentence.
 */
const DOCUMENTED_UPDATE_COST = Math.round((2 * MINUTE) / 5_000);

/**
 * Field reports (reference.md B "Timing", *field*: changes and passwords take 15+ min, ~10 min between updates, bulk
 * changes arrive slowly, then in a burst) show no faster incremental path than the observed resync rate:
 * the field profile keeps its match cost (0.36 s) for updates — ~3,300 changes per 20-minute cycle, so a
 * bulk change of more spills over several cycles and then lands in a burst.
 */
const FIELD_UPDATE_COST = FIELD_MATCH_COST;

const SHARED = {
  // concept-how-it-works: a cloud request to the agent times out after 10 min; agent LDAP timeout 30 s.
  requestTimeout: 10 * MINUTE,
  ldapTimeout: 30 * SECOND,
  // concept-how-it-works: bootstrap on every restart and every 10 min; status reported every 10 min.
  bootstrapInterval: 10 * MINUTE,
  // Assumption (reference.md B "High availability": detection time not documented): 10 min.
  failoverDetection: 10 * MINUTE,
  // Assumption: agents read ~1,000 objects/s from AD and re-hash a password in 50 ms.
  agentReadCost: 1,
  passwordCost: 50,
  // Assumption (auto-update schedule not documented): a round every 30 days from day 7, 3 min outage each,
  // one agent at a time.
  updateFirstAt: 7 * DAY,
  updateInterval: 30 * DAY,
  updateOutage: 3 * MINUTE,
  // reference.md B "Limits and features": group provisioning to AD runs as a job every 20 min.
  groupProvisioningInterval: 20 * MINUTE,
  // Assumption (cloud-sync exchange-hybrid gives no schedule): the Exchange hybrid writeback job
  // (AAD2ADExchangeHybridWriteback) is the same kind of cloud-to-AD job as group provisioning to AD
  // (AAD2ADGroupProvisioning), so it runs on the same 20-minute schedule.
  exchangeWritebackInterval: 20 * MINUTE,
  // concept-sspr-writeback: real time and synchronous via a relay; the figure is an assumption, the one
  // the Connect engine makes for the same relay (its passwordWritebackMs), so the two compare on the path.
  passwordWritebackLatency: 2 * SECOND,
} as const;

/**
 * The built-in profiles: `documented` (the default) and `field` (what users report).
 *
 * @public
 */
export const TIMING_PROFILES: Readonly<Record<TimingProfileName, TimingProfile>> = {
  documented: {
    ...SHARED,
    // reference-cloud-sync-faq: user, group and password hash changes every 2 minutes.
    cycleInterval: 2 * MINUTE,
    passwordCycleInterval: 2 * MINUTE,
    matchCost: DOCUMENTED_MATCH_COST,
    createCost: 2 * DOCUMENTED_MATCH_COST,
    updateCost: DOCUMENTED_UPDATE_COST,
    deleteCost: DOCUMENTED_MATCH_COST,
  },
  field: {
    ...SHARED,
    // reference.md B "Timing" (*field*): 20-minute schedules observed, changes and passwords 15+ min.
    cycleInterval: 20 * MINUTE,
    passwordCycleInterval: 20 * MINUTE,
    matchCost: FIELD_MATCH_COST,
    createCost: 2 * FIELD_MATCH_COST,
    updateCost: FIELD_UPDATE_COST,
    deleteCost: FIELD_MATCH_COST,
  },
};
