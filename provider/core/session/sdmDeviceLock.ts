/**
 * Session Delivery Manager's device lock as one of a lock session's locks: while SDM holds it for
 * us, no other SDM user (GUI, SOAP or REST) can run operations on the SBC, so nobody changes the
 * device through SDM in the middle of a run. It is taken before the SBC's configuration lock and
 * released after it (lockSession.ts). Each session logs in, locks, and after the SBC is unlocked,
 * unlocks and logs out, so that no SDM session is left open between lock sessions or after the
 * run. The device is looked up by name once per process.
 */
import { SdmClient, SdmDeviceLockedError } from "../../../client/sdm";
import { ResolvedSdm } from "../connection/connection";
import { SessionLock, Step } from "./sessionSteps";

export class SdmDeviceLock implements SessionLock {
  readonly takeStep: Step = "sdm-lock";
  readonly description: string;
  readonly waitAdvice =
    "Another SDM user is working on this device, and only that user can unlock it; " +
    "ask them to finish (or an SDM administrator to release the lock), or raise lockTimeoutSeconds.";
  private deviceId?: string;

  constructor(private readonly client: SdmClient, private readonly sdm: ResolvedSdm) {
    const device = "deviceId" in sdm.device ? `device id ${sdm.device.deviceId}` : `device "${sdm.device.deviceName}"`;
    this.description = `SDM's device lock on ${device} at ${client.origin}`;
  }

  private async device(): Promise<string> {
    this.deviceId ??= "deviceId" in this.sdm.device ? this.sdm.device.deviceId : (await this.client.findDevice(this.sdm.device)).id;
    return this.deviceId;
  }

  async take(): Promise<void> {
    try {
      await this.client.lockDevice(await this.device());
    } catch (err) {
      // Not holding the lock: the session has no further use now, and waiting must not keep it open.
      await this.client.logout().catch(() => undefined);
      throw err;
    }
  }

  heldBy(err: unknown): string | undefined {
    if (!(err instanceof SdmDeviceLockedError)) return undefined;
    return err.holder ? `locked by ${err.holder}` : (err.sdmMessage ?? "");
  }

  async release(): Promise<void> {
    try {
      await this.client.unlockDevice(await this.device());
    } finally {
      await this.client.logout().catch(() => undefined);
    }
  }
}
