/** What tests of SDM coordination read off the emulators. */
import { EmulatorHandle, SdmEmulatorHandle } from "../../emulator";

/**
 * Records, at every lock of each SBC, who holds that SBC's device in SDM (`ID1: admin`): an SBC
 * locked outside its device lock shows as `ID1: null`.
 */
export function deviceHolderAtEachLock(sdm: SdmEmulatorHandle, sbcs: [EmulatorHandle, string][]): string[] {
  const seen: string[] = [];
  for (const [sbc, device] of sbcs) {
    const lock = sbc.sbc.sessions.lock.bind(sbc.sbc.sessions);
    sbc.sbc.sessions.lock = (token) => {
      seen.push(`${device}: ${sdm.sdm.snapshot().devices.find((d) => d.id === device)!.holder}`);
      return lock(token);
    };
  }
  return seen;
}
