import type { AdObject } from "../model/ad-object.js";
import { sourceAnchorOf } from "../model/anchor.js";
import type { CloudValue } from "../model/cloud-schema.js";
import type { Directory } from "../model/directory.js";
import type { ExchangeWritebackAttribute } from "../model/exchange-online.js";
import { sameValue } from "../model/values.js";
import { AdWaits, type CloudToAdOutcome, type CloudToAdRun, featureRefusal } from "./cloud-to-ad.js";
import type { ScriptedExchangeOnlineEvent } from "./exchange-online-event.js";

/** The value an `exchange-online` event without one sets: plausible for the attribute, its own per event. @internal */
export function defaultExchangeValue(attribute: ExchangeWritebackAttribute, index: number): CloudValue {
  switch (attribute) {
    case "msExchArchiveStatus":
      return 1; // an online archive (0: none)
    case "msExchUCVoiceMailSettings":
      return ["ExchangeHostedVoiceMail=1"];
    case "msExchUserHoldPolicies":
      return [`hold-policy-${index + 1}`];
    default:
      // The hashes are binary in AD: base64 text here, one per event.
      return btoa(`${attribute}#${index + 1}`);
  }
}

interface SettingWait {
  readonly guid: string;
  readonly directory: Directory;
  readonly attribute: ExchangeWritebackAttribute;
  readonly value: CloudValue;
}

/**
 * The scripted Exchange Online settings of one run: each is set on the user's cloud object at its event,
 * then looked for in AD — `applied` at the first AD write after which the user's AD object holds the value
 * (at once when it already did); `superseded` when a later event sets the same setting to another value
 * before AD shows it; `failed` when the run ends first, when Exchange hybrid writeback is not among the
 * scenario's features, or when the user is not in the cloud; `unsupported` when the engine lacks the
 * feature. AD is watched only while a setting is awaited.
 *
 * @internal
 */
export class ExchangeWrites extends AdWaits<SettingWait> {
  /** @param run - the run's parts, and `settle`, which records an event's outcome once AD shows it */
  constructor(run: CloudToAdRun) {
    super(run, "user", "the setting had not reached AD when the run ended");
  }

  /**
   * Sets the event's value in Exchange Online and waits for it in AD; or says why not.
   *
   * @throws SimulationError from the tenant (down): the script reports the event `failed`
   */
  set(event: ScriptedExchangeOnlineEvent, index: number): CloudToAdOutcome {
    const run = this.run;
    const refusal = featureRefusal(run, "exchange-hybrid-writeback", "the setting stays in Exchange Online");
    if (refusal) return refusal;
    const guid = run.population.byName(event.object)?.objectGUID;
    const directory = guid === undefined ? undefined : run.population.directoryOf(guid);
    const user = guid === undefined ? undefined : directory?.get(guid);
    if (guid === undefined || !directory || !user || user.isDeleted)
      return { status: "failed", reason: "the user is deleted in AD" };
    const cloud = run.world.tenant.getByAnchor(sourceAnchorOf(user));
    if (!cloud) return { status: "failed", reason: "the user is not in the cloud yet" };
    const value = event.value ?? defaultExchangeValue(event.attribute, index);
    run.world.tenant.exchangeOnline.set(cloud.cloudId, event.attribute, value);
    const wait: SettingWait = { guid, directory, attribute: event.attribute, value };
    // An earlier, other value of the same setting that AD has not shown yet never will: the engines write
    // the settings as they are when they run. (The same value set again arrives for both.)
    for (const [earlier, other] of this.waits) {
      if (other.guid !== guid || other.attribute !== event.attribute || sameValue(other.value, value))
        continue;
      this.waits.delete(earlier);
      run.settle(earlier, {
        status: "superseded",
        reason: `a later exchange-online event set ${event.attribute} again before AD had this value`,
      });
    }
    if (holdsValue(user, wait)) return { status: "applied", visibleAt: event.at };
    this.waits.set(index, wait);
    return { status: "pending" };
  }

  /** The awaited user holds the value. */
  protected shows(wait: SettingWait, user: AdObject, directory: Directory): boolean {
    return user.objectGUID === wait.guid && directory === wait.directory && holdsValue(user, wait);
  }
}

function holdsValue(user: AdObject, wait: SettingWait): boolean {
  return sameValue(user.attributes[wait.attribute], wait.value);
}
