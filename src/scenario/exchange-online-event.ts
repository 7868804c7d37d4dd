import type { ExchangeWritebackAttribute } from "../model/exchange-online.js";
import type { DurationInput } from "../scheduler/duration.js";

/**
 * The scripted `exchange-online` event: Exchange Online changes a setting of a synced user's mailbox (an
 * online archive turned on, a safe senders list edited in Outlook, a litigation hold), measured until the
 * user's AD object holds it — what Exchange hybrid writeback is for
 * (reference-connect-sync-attributes-synchronized, cloud-sync exchange-hybrid).
 */

/**
 * A value an `exchange-online` event sets: an integer, a string or a list of strings, by attribute.
 *
 * @public
 */
export type ExchangeOnlineSetting = string | number | string[];

/**
 * `exchange-online` as written: one setting of a synced user changed in Exchange Online, `applied` once AD
 * holds it.
 *
 * @public
 */
export interface ScriptedExchangeOnlineEventInput {
  /** Event type. */
  type: "exchange-online";
  /** When, from the workload's start. */
  at: DurationInput;
  /** The user (a scenario user, in the cloud by then). */
  object: string;
  /** The AD attribute the setting is written to, e.g. `msExchArchiveStatus`. */
  attribute: ExchangeWritebackAttribute;
  /**
   * The new value: an integer for `msExchArchiveStatus` (default 1, an archive), a string for the hashes,
   * a list of strings for `msExchUCVoiceMailSettings` and `msExchUserHoldPolicies`. By default one made
   * for the event (the same on both engines).
   */
  value?: ExchangeOnlineSetting;
}

/**
 * A validated `exchange-online`.
 *
 * @public
 */
export interface ScriptedExchangeOnlineEvent {
  /** Event type. */
  type: "exchange-online";
  /** When, ms from the workload's start. */
  at: number;
  /** The user, by scenario name. */
  object: string;
  /** The AD attribute the setting is written to. */
  attribute: ExchangeWritebackAttribute;
  /** The new value, when the scenario gave one. */
  value?: ExchangeOnlineSetting;
}
