/**
 * What the SDM emulator remembers: its users, cookie sessions (ended by logout or after
 * `sessionTtlSeconds` without a request, as a servlet session times out), the device inventory,
 * and who holds each device's lock. The lock belongs to the SDM *user*, not to a session: SDM says
 * only the locking user can operate on or unlock the device, so the lock outlives the session
 * that took it (a re-login after a timeout still holds it), and stays until that user unlocks it.
 * Tests drive it directly: lock a device as another user, release it, expire every session.
 */
import { randomBytes } from "node:crypto";
import { SdmDevice } from "../../client/sdm/sdmXml";

export interface SdmUser {
  name: string;
  password: string;
}

export const DEFAULT_SDM_USERS: readonly SdmUser[] = [
  { name: "admin", password: "admin" },
  { name: "operator", password: "operator" },
];

/** A device to list: `address` defaults to the host:port of `sbcUrl`, `id` to `ID<n>` by position (from 1). */
export interface SdmDeviceSpec {
  id?: string;
  name: string;
  address?: string;
  /** The SBC (or SBC emulator) this device stands for; reported by the control endpoint, not by SDM's API. */
  sbcUrl?: string;
}

export interface SdmDeviceRecord extends SdmDevice {
  sbcUrl?: string;
}

/** Counters the tests read. */
export interface SdmStats {
  /** Every request to the SDM API (not the control endpoint). */
  requests: number;
  logins: number;
  failedLogins: number;
  logouts: number;
  /** Locks taken (a holder's repeated Lock is not counted). */
  locks: number;
  /** Locks released by Unlock. */
  unlocks: number;
  /** Lock or Unlock refused because another user holds the device. */
  refusals: number;
}

interface Session {
  user: string;
  lastUsed: number;
  ended: boolean;
}

/** What a Lock or Unlock came to: done, or refused because `holder` holds the device. */
export type LockOutcome = { done: true } | { done: false; holder: string };

function toRecord(spec: SdmDeviceSpec, index: number): SdmDeviceRecord {
  let address = spec.address;
  if (address === undefined && spec.sbcUrl !== undefined) address = new URL(spec.sbcUrl).host;
  if (address === undefined) throw new TypeError(`SDM device ${spec.name}: give an address or an sbcUrl`);
  return { id: spec.id ?? `ID${index + 1}`, name: spec.name, address, ...(spec.sbcUrl ? { sbcUrl: spec.sbcUrl } : {}) };
}

export class SdmState {
  readonly devices: readonly SdmDeviceRecord[];
  readonly stats: SdmStats = { requests: 0, logins: 0, failedLogins: 0, logouts: 0, locks: 0, unlocks: 0, refusals: 0 };
  private readonly sessions = new Map<string, Session>();
  private readonly holders = new Map<string, string>();

  constructor(
    private readonly users: readonly SdmUser[],
    devices: readonly SdmDeviceSpec[],
    public sessionTtlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.devices = devices.map(toRecord);
    const ids = new Set<string>();
    for (const device of this.devices) {
      if (ids.has(device.id)) throw new TypeError(`SDM device id ${device.id} is used twice`);
      ids.add(device.id);
    }
  }

  /** A new session's cookie value for these credentials, or undefined when they do not match. */
  login(name: string, password: string): string | undefined {
    if (!this.users.some((u) => u.name === name && u.password === password)) {
      this.stats.failedLogins++;
      return undefined;
    }
    const cookie = `${randomBytes(16).toString("hex").toUpperCase()}.sdm-emulator`;
    this.sessions.set(cookie, { user: name, lastUsed: this.now(), ended: false });
    this.stats.logins++;
    return cookie;
  }

  /** The user of a live session, which this use keeps alive; undefined when unknown, ended or timed out. */
  sessionUser(cookie: string): string | undefined {
    const session = this.sessions.get(cookie);
    if (!session || session.ended || this.now() - session.lastUsed >= this.sessionTtlSeconds * 1000) return undefined;
    session.lastUsed = this.now();
    return session.user;
  }

  logout(cookie: string): void {
    const session = this.sessions.get(cookie);
    if (session && !session.ended) {
      session.ended = true;
      this.stats.logouts++;
    }
  }

  /** Ends every session at once, as a timeout would (tests of re-login); locks stay with their users. */
  expireSessions(): void {
    for (const session of this.sessions.values()) session.ended = true;
  }

  /** Every session cookie value issued so far, ended ones included (tests check that none leaks). */
  sessionIds(): string[] {
    return [...this.sessions.keys()];
  }

  device(id: string): SdmDeviceRecord | undefined {
    return this.devices.find((d) => d.id === id);
  }

  private known(deviceId: string): void {
    if (!this.device(deviceId)) throw new TypeError(`no SDM device with id ${deviceId}; ids: ${this.devices.map((d) => d.id).join(", ")}`);
  }

  /** The user holding the device's lock, if anyone does. */
  holder(deviceId: string): string | undefined {
    return this.holders.get(deviceId);
  }

  lock(deviceId: string, user: string): LockOutcome {
    const holder = this.holders.get(deviceId);
    if (holder !== undefined && holder !== user) {
      this.stats.refusals++;
      return { done: false, holder };
    }
    if (holder === undefined) this.stats.locks++;
    this.holders.set(deviceId, user);
    return { done: true };
  }

  /** Only the holder may unlock; unlocking a device nobody holds is done already. */
  unlock(deviceId: string, user: string): LockOutcome {
    const holder = this.holders.get(deviceId);
    if (holder !== undefined && holder !== user) {
      this.stats.refusals++;
      return { done: false, holder };
    }
    if (holder !== undefined) this.stats.unlocks++;
    this.holders.delete(deviceId);
    return { done: true };
  }

  /** Test hook: `user` (any name, not necessarily a login user) holds the device from now on. */
  lockAs(deviceId: string, user: string): void {
    this.known(deviceId);
    this.holders.set(deviceId, user);
  }

  /** Test hook: the device's lock is gone, whoever held it (as an SDM administrator's override). */
  release(deviceId: string): void {
    this.known(deviceId);
    this.holders.delete(deviceId);
  }

  /** Each device with its lock holder (null when free), for the control endpoint and logs. */
  snapshot(): { devices: (SdmDeviceRecord & { holder: string | null })[]; stats: SdmStats } {
    return {
      devices: this.devices.map((d) => ({ ...d, holder: this.holders.get(d.id) ?? null })),
      stats: { ...this.stats },
    };
  }
}
