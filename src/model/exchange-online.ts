import { SimulationError, show } from "../scheduler/errors.js";
import { type AdObject, ATTRIBUTE_SCHEMA } from "./ad-object.js";
import type { CloudValue } from "./cloud-schema.js";
import type { CloudObject } from "./tenant-types.js";
import { sameValue } from "./values.js";

/**
 * Exchange Online's half of an Exchange hybrid deployment: the mailbox settings Exchange Online keeps on a
 * synced user in Entra ID (`cloudMSExchArchiveStatus`, the safe and blocked senders hashes, …), which
 * Exchange hybrid writeback brings to the user's AD object so on-premises Exchange sees them. Both
 * products write the same set back (reference-connect-sync-attributes-synchronized, "Exchange hybrid
 * writeback"; cloud-sync exchange-hybrid, "Attributes synchronized").
 */

/**
 * The Exchange hybrid writeback attributes both products write back, as AD names them, each with the
 * Entra ID attribute it comes from (cloud-sync exchange-hybrid, "Attributes synchronized"). Left out:
 * `msDS-ExternalDirectoryObjectID` and the x500 `proxyAddresses` value, written once when the mailbox is
 * made, and `publicDelegates`, which only Connect writes.
 *
 * @public
 */
export const EXCHANGE_WRITEBACK_ATTRIBUTES: Readonly<{
  /** Online archive: the archive's state (1 when the mailbox has one in Exchange Online). */
  msExchArchiveStatus: "cloudMSExchArchiveStatus";
  /** Filtering: the blocked senders a user set in Outlook (a hash). */
  msExchBlockedSendersHash: "cloudMSExchBlockedSendersHash";
  /** Filtering: the safe recipients (a hash). */
  msExchSafeRecipientsHash: "cloudMSExchSafeRecipientsHash";
  /** Filtering: the safe senders (a hash). */
  msExchSafeSendersHash: "cloudMSExchSafeSendersHash";
  /** Online voice mail: tells on-premises Lync / Skype the user has voice mail in the cloud. */
  msExchUCVoiceMailSettings: "cloudMSExchUCVoiceMailSettings";
  /** Litigation hold: the hold policies that apply to the mailbox. */
  msExchUserHoldPolicies: "cloudMSExchUserHoldPolicies";
}> = Object.freeze({
  msExchArchiveStatus: "cloudMSExchArchiveStatus",
  msExchBlockedSendersHash: "cloudMSExchBlockedSendersHash",
  msExchSafeRecipientsHash: "cloudMSExchSafeRecipientsHash",
  msExchSafeSendersHash: "cloudMSExchSafeSendersHash",
  msExchUCVoiceMailSettings: "cloudMSExchUCVoiceMailSettings",
  msExchUserHoldPolicies: "cloudMSExchUserHoldPolicies",
});

/**
 * An AD attribute Exchange hybrid writeback writes (see {@link EXCHANGE_WRITEBACK_ATTRIBUTES}).
 *
 * @public
 */
export type ExchangeWritebackAttribute = keyof typeof EXCHANGE_WRITEBACK_ATTRIBUTES;

/**
 * The Exchange hybrid writeback attributes, in documentation order.
 *
 * @public
 */
export const EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES: readonly ExchangeWritebackAttribute[] = Object.freeze(
  Object.keys(EXCHANGE_WRITEBACK_ATTRIBUTES) as ExchangeWritebackAttribute[],
);

/**
 * A user's Exchange Online settings as Entra ID holds them, by AD attribute name (the values the writeback
 * brings to AD).
 *
 * @public
 */
export type ExchangeOnlineValues = Readonly<Partial<Record<ExchangeWritebackAttribute, CloudValue>>>;

/**
 * Payload of the tenant's `exchange-online` event: Exchange Online changed a synced user's settings.
 *
 * @public
 */
export interface ExchangeOnlineEvent {
  /** Virtual time. */
  readonly at: number;
  /** The user. */
  readonly cloudId: string;
  /** Its source anchor (what a sync engine's delta import of the cloud keys on). */
  readonly anchor: string | undefined;
  /** The AD attribute whose value changed. */
  readonly attribute: ExchangeWritebackAttribute;
}

/**
 * What an {@link ExchangeOnline} store needs of its tenant (the tenant builds its own store).
 *
 * @public
 */
export interface ExchangeOnlineHost {
  /** The live object with this cloud id. */
  readonly get: (cloudId: string) => CloudObject | undefined;
  /** Throws `tenant-unavailable` while the service is down. */
  readonly ensureAvailable: (what: string) => void;
  /** Virtual time now. */
  readonly now: () => number;
  /** Announces a committed change. */
  readonly emit: (event: ExchangeOnlineEvent) => void;
}

/**
 * The Exchange Online settings of the tenant's synced users. Kept beside the user records, not in their
 * `attributes`: Exchange Online owns them, and a sync engine's export to Entra ID neither sends nor clears
 * them (its connector space holds only what it syncs).
 *
 * @public
 */
export class ExchangeOnline {
  private readonly values = new Map<string, ExchangeOnlineValues>();

  /** @param host - the tenant's parts the store uses */
  constructor(private readonly host: ExchangeOnlineHost) {}

  /** Users with settings. */
  get size(): number {
    return this.values.size;
  }

  /** The settings of the user with this cloud id, or undefined when it has none. */
  get(cloudId: string): ExchangeOnlineValues | undefined {
    return this.values.get(cloudId);
  }

  /** Every user with settings: cloud id and settings, in the order first set. */
  entries(): IterableIterator<[string, ExchangeOnlineValues]> {
    return this.values.entries();
  }

  /**
   * Exchange Online sets one setting of a synced user (an online archive enabled, a safe senders list
   * edited in Outlook, …); a value equal to the one held changes nothing and announces nothing.
   *
   * @throws SimulationError `tenant-unavailable`, `no-such-object` (no live synced user with that cloud
   * id), `invalid-attribute` (not a writeback attribute, or a value AD could not hold: see
   * {@link exchangeValueProblem})
   */
  set(cloudId: string, attribute: ExchangeWritebackAttribute, value: CloudValue): void {
    this.host.ensureAvailable("exchangeOnline.set");
    const user = this.host.get(cloudId);
    if (user?.objectType !== "user" || !user.dirSyncEnabled || user.deletedAt !== undefined) {
      throw new SimulationError(
        "no-such-object",
        `exchangeOnline.set: no synced user with cloud id ${show(cloudId)}`,
        { field: "cloudId", value: cloudId },
      );
    }
    if (!Object.hasOwn(EXCHANGE_WRITEBACK_ATTRIBUTES, attribute)) {
      throw new SimulationError(
        "invalid-attribute",
        `attribute: ${show(attribute)} is not an Exchange hybrid writeback attribute (${EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES.join(", ")})`,
        { field: "attribute", value: attribute },
      );
    }
    const problem = exchangeValueProblem(attribute, value);
    if (problem)
      throw new SimulationError("invalid-attribute", `value: ${problem}`, { field: "value", value });
    const held = this.values.get(cloudId);
    if (held !== undefined && sameValue(held[attribute], value)) return;
    const stored = Array.isArray(value) ? Object.freeze([...value]) : value;
    this.values.set(cloudId, Object.freeze({ ...held, [attribute]: stored }));
    this.host.emit({ at: this.host.now(), cloudId, anchor: user.onPremisesImmutableId, attribute });
  }
}

/**
 * The AD edits that bring `user` to Exchange Online's `values`: each setting whose value AD does not hold
 * yet; undefined when AD holds them all (nothing to write).
 *
 * @public
 */
export function exchangeEdits(
  user: AdObject,
  values: ExchangeOnlineValues,
): Record<string, CloudValue> | undefined {
  let edits: Record<string, CloudValue> | undefined;
  for (const attribute of EXCHANGE_WRITEBACK_ATTRIBUTE_NAMES) {
    const value = values[attribute];
    if (value === undefined || sameValue(user.attributes[attribute], value)) continue;
    edits ??= {};
    edits[attribute] = value;
  }
  return edits;
}

/**
 * What is wrong with a value for an Exchange hybrid writeback attribute, as AD stores it (model/ad-object.ts):
 * an integer for `msExchArchiveStatus`, a list of strings for the multi-valued settings, a string for the
 * hashes; undefined when it fits.
 *
 * @public
 */
export function exchangeValueProblem(
  attribute: ExchangeWritebackAttribute,
  value: unknown,
): string | undefined {
  const spec = ATTRIBUTE_SCHEMA.user[attribute];
  if (spec?.multi)
    return Array.isArray(value) && value.every((v) => typeof v === "string")
      ? undefined
      : `${show(value)} is not a list of strings (${attribute} is multi-valued)`;
  if (spec?.kind === "number")
    return Number.isInteger(value) ? undefined : `${show(value)} is not an integer (${attribute})`;
  return typeof value === "string" ? undefined : `${show(value)} is not a string (${attribute})`;
}
