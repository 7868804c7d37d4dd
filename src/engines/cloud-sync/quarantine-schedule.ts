import { HOUR, MINUTE } from "../../scheduler/duration.js";

/**
 * Names of the built-in quarantine retry schedules (reference.md B "Quarantine": the versions disagree).
 *
 * @public
 */
export type QuarantineScheduleName = "current" | "older" | "staff";

/**
 * A retry schedule: the delays between attempts, the last one repeating (or doubling up to a cap).
 *
 * @public
 */
export interface QuarantineSchedule {
  /** Delays after entering quarantine, then after each failed retry. */
  readonly delays: readonly number[];
  /** After the list runs out: `repeat` the last delay, or `double` it up to `cap`. */
  readonly afterList: "repeat" | "double";
  /** Upper bound of a doubled delay. */
  readonly cap: number;
}

/**
 * The schedules reference.md names.
 *
 * @public
 */
export const QUARANTINE_SCHEDULES: Readonly<Record<QuarantineScheduleName, QuarantineSchedule>> = {
  // application-provisioning-quarantine-status (current): 6 h, 12 h, 24 h, then every 24 h.
  current: { delays: [6 * HOUR, 12 * HOUR, 24 * HOUR], afterList: "repeat", cap: 24 * HOUR },
  // application-provisioning-quarantine-status (older version): 2, 6, 12, 24, 48, 96, 168 h.
  older: { delays: [2, 6, 12, 24, 48, 96, 168].map((h) => h * HOUR), afterList: "repeat", cap: 168 * HOUR },
  // Staff answer (*field*): ~30 min, doubling. Assumption: capped at 24 h like the current schedule.
  staff: { delays: [30 * MINUTE], afterList: "double", cap: 24 * HOUR },
};

/**
 * The delay before retry number `attempt` (0-based) of a schedule.
 *
 * @public
 */
export function quarantineDelay(schedule: QuarantineSchedule, attempt: number): number {
  const listed = schedule.delays[attempt];
  if (listed !== undefined) return listed;
  const last = schedule.delays[schedule.delays.length - 1] ?? schedule.cap;
  if (schedule.afterList === "repeat") return last;
  const extra = attempt - schedule.delays.length + 1;
  return Math.min(schedule.cap, last * 2 ** Math.min(extra, 40));
}
