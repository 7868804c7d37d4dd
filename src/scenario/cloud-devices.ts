import type { AdObject } from "../model/ad-object.js";
import type { ScriptedCloudDeviceEvent } from "./cloud-device-event.js";
import { AdWaits, type CloudToAdOutcome, type CloudToAdRun, featureRefusal } from "./cloud-to-ad.js";

/**
 * The scripted cloud devices of one run: each is registered in the tenant at its event, then looked for in
 * AD — `applied` at the first AD write of a live computer object with that display name (Connect's device
 * writeback names it `Device_<cloudId>` and keeps the display name); `failed` when the run ends first or
 * device writeback is not among the scenario's features; `unsupported` when the engine lacks it (Cloud
 * Sync; Connect with several forests). AD is watched only while a device is awaited.
 *
 * @internal
 */
export class CloudDevices extends AdWaits<string> {
  /** @param run - the run's parts, and `settle`, which records an event's outcome once AD shows its device */
  constructor(run: CloudToAdRun) {
    super(run, "computer", "the device had not reached AD when the run ended");
  }

  /**
   * Registers the event's device in the cloud and waits for it in AD; or says why not.
   *
   * @throws SimulationError from the tenant (down, quota): the script reports the event `failed`
   */
  register(event: ScriptedCloudDeviceEvent, index: number): CloudToAdOutcome {
    const refusal = featureRefusal(this.run, "device-writeback", "the device stays in the cloud");
    if (refusal) return refusal;
    this.run.world.tenant.createCloudObject({
      objectType: "device",
      attributes: {
        displayName: event.object,
        operatingSystem: event.operatingSystem,
        operatingSystemVersion: event.operatingSystemVersion,
        accountEnabled: true,
      },
    });
    this.waits.set(index, event.object);
    return { status: "pending" };
  }

  /** A live computer object of the awaited display name. */
  protected shows(displayName: string, computer: AdObject): boolean {
    return computer.attributes.displayName === displayName;
  }
}
