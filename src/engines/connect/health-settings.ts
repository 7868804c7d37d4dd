import { type DurationInput, durationArgument, HOUR, MINUTE } from "../../scheduler/duration.js";
import { invalidArgument, isRecord } from "../../scheduler/errors.js";

/**
 * When Connect Health raises each alert (how long each silence lasts first, in milliseconds), and whether
 * alerts are on.
 *
 * @public
 */
export interface HealthAlertSettings {
  /** Alerts on (Connect Health's sync agent is installed with Connect). */
  readonly alerts: boolean;
  /** Silence of a server's Health agent before "data not up to date" (how-to-connect-health-alert-catalog: no data for 2 h). */
  readonly dataStaleMs: number;
  /** Silence of password hash sync before its heartbeat alert (how-to-connect-health-alert-catalog: 120 min). */
  readonly phsHeartbeatMs: number;
  /** Time without an export to Entra ID before "no sync registered" (how-to-connect-health-alert-catalog: 24 h). */
  readonly noSyncMs: number;
}

/**
 * JSON-friendly overrides of {@link HealthAlertSettings}, durations as numbers (ms) or strings (`"2h"`).
 *
 * @public
 */
export interface HealthAlertInput {
  /** Alerts on (default true). */
  readonly alerts?: boolean;
  /** Silence of a server's Health agent before "data not up to date" (default 2h). */
  readonly dataStaleAfter?: DurationInput;
  /** Silence of password hash sync before its heartbeat alert (default 120m). */
  readonly phsHeartbeatAfter?: DurationInput;
  /** Time without an export to Entra ID before "no sync registered" (default 24h). */
  readonly noSyncAfter?: DurationInput;
}

/**
 * Connect Health's documented alert delays.
 *
 * @public
 */
export const DEFAULT_HEALTH_ALERTS: HealthAlertSettings = Object.freeze({
  alerts: true,
  // how-to-connect-health-alert-catalog ("Health service data is not up to date", how-to-connect-health-data-freshness):
  // raised when no data came from the server in the past two hours.
  dataStaleMs: 2 * HOUR,
  // how-to-connect-health-alert-catalog: "heartbeat was skipped in last 120 minutes".
  phsHeartbeatMs: 120 * MINUTE,
  // how-to-connect-health-alert-catalog: no synchronization registered for 24 hours.
  noSyncMs: 24 * HOUR,
});

const DELAYS = {
  dataStaleAfter: "dataStaleMs",
  phsHeartbeatAfter: "phsHeartbeatMs",
  noSyncAfter: "noSyncMs",
} as const;

/**
 * Validates the `health` setting of a Connect config and merges it over {@link DEFAULT_HEALTH_ALERTS}.
 *
 * @throws SimulationError `invalid-argument` whose `field` is `health` or `health.<key>`
 * @public
 */
export function resolveHealthAlerts(input: HealthAlertInput | undefined): HealthAlertSettings {
  if (input === undefined) return DEFAULT_HEALTH_ALERTS;
  if (!isRecord(input)) throw invalidArgument("health", input, "is not an object");
  const settings: { -readonly [K in keyof HealthAlertSettings]: HealthAlertSettings[K] } = {
    ...DEFAULT_HEALTH_ALERTS,
  };
  for (const [key, value] of Object.entries(input)) {
    if (key === "alerts") {
      if (typeof value !== "boolean") throw invalidArgument("health.alerts", value, "is not a boolean");
      settings.alerts = value;
      continue;
    }
    const target = DELAYS[key as keyof typeof DELAYS];
    if (target === undefined) throw invalidArgument(`health.${key}`, value, "is not a health setting");
    const ms = durationArgument(value as DurationInput, `health.${key}`);
    if (ms <= 0) throw invalidArgument(`health.${key}`, value, "must be > 0");
    settings[target] = ms;
  }
  return Object.freeze(settings);
}
