/**
 * SdmClient against the SDM emulator over real HTTP(S) on loopback: the cookie session (one
 * login, shared by concurrent calls, renewed once after a timeout), device lookup by id, name and
 * address, Lock and Unlock, refusal when another SDM user holds the device (naming the holder),
 * one typed error per failure with status, method, path and SDM's message, an unreachable SDM
 * failing fast with a TransportError, and no password or session cookie in any error.
 */
import { startEmulator } from "../emulator";
import { SdmEmulatorHandle, SdmEmulatorOptions, startSdmEmulator } from "../emulator/sdm/sdmServer";
import { SdmUser } from "../emulator/sdm/sdmState";
import { TransportError } from "../client/errors";
import { SdmClient, SdmClientOptions } from "../client/sdm/sdmClient";
import {
  SdmAmbiguousDeviceError,
  SdmBadRequestError,
  SdmDeviceLockedError,
  SdmNotFoundError,
  SdmUnauthorizedError,
  SdmUnexpectedResponseError,
} from "../client/sdm/sdmErrors";
import { deviceLockedMessage, lockHolderIn, sdmErrorForResponse } from "../client/sdm/sdmResponses";
import { expectDetails, rejection } from "./support/errors";
import { closedPort } from "./support/ports";

const PASSWORD = "Adm1n-S3cret-Pa55";
const V = "/rest/v1.3";
const LOGIN = `${V}/admin/login`;
const DEVICES = `${V}/inventory/deviceMgmt/devices`;
const action = (id: string): string => `${DEVICES}/${id}/action`;

const users: SdmUser[] = [
  { name: "admin", password: PASSWORD },
  { name: "operator", password: "0perator-S3cret" },
];

/** Every error a test saw, checked at the end for credentials. */
const seen: unknown[] = [];
let handle: SdmEmulatorHandle;
let sbcUrl: string;
let closeSbc: () => Promise<void>;
const clients: SdmClient[] = [];

function open(overrides: Partial<SdmClientOptions> = {}, target: SdmEmulatorHandle = handle): SdmClient {
  const client = new SdmClient({ url: target.url, username: "admin", password: PASSWORD, ...overrides });
  clients.push(client);
  return client;
}

/** The error `promise` rejects with, exactly of class `type`, kept for the final check for credentials. */
async function refusal<T extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  const err = await rejection(promise, type);
  seen.push(err);
  return err;
}

async function withSdm(options: Partial<SdmEmulatorOptions>, run: (sdm: SdmEmulatorHandle) => Promise<void>): Promise<void> {
  const other = await startSdmEmulator({ users, devices: [{ id: "ID1", name: "sbc1", address: "192.0.2.1" }], ...options });
  await run(other).finally(() => other.close());
}

beforeAll(async () => {
  const sbc = await startEmulator();
  sbcUrl = sbc.url;
  closeSbc = () => sbc.close();
  handle = await startSdmEmulator({
    users,
    devices: [
      { id: "ID1", name: "sbc1", address: "192.0.2.1" },
      { id: "ID2", name: "sbc2", sbcUrl },
      { id: "ID3", name: "edge-a", address: "198.51.100.7" },
      { id: "ID4", name: "edge-b", address: "198.51.100.7" },
    ],
  });
});

afterAll(async () => {
  await handle.close();
  await closeSbc();
});

beforeEach(() => {
  for (const device of handle.sdm.devices) handle.sdm.release(device.id);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe("session", () => {
  test("login keeps SDM's JSESSIONID and sends it back: one login for many requests", async () => {
    const before = handle.sdm.stats.logins;
    const client = open();
    await client.login();
    expect(handle.sdm.stats.logins).toBe(before + 1);
    await client.listDevices();
    await client.lockDevice("ID1");
    await client.unlockDevice("ID1");
    expect(handle.sdm.stats.logins).toBe(before + 1);
  });

  test("concurrent first calls share one login", async () => {
    const before = handle.sdm.stats.logins;
    const client = open();
    await Promise.all([client.lockDevice("ID1"), client.findDevice({ deviceName: "sbc2" }), client.listDevices()]);
    expect(handle.sdm.stats.logins).toBe(before + 1);
    expect(handle.sdm.holder("ID1")).toBe("admin");
  });

  test("an expired session gets one fresh login, and the user still holds the lock", async () => {
    const client = open();
    await client.lockDevice("ID1");
    const before = handle.sdm.stats.logins;
    handle.sdm.expireSessions();
    await client.lockDevice("ID1");
    expect(handle.sdm.stats.logins).toBe(before + 1);
    expect(handle.sdm.holder("ID1")).toBe("admin");
    await client.unlockDevice("ID1");
    expect(handle.sdm.holder("ID1")).toBeUndefined();
  });

  test("logout ends the session on SDM; the next call logs in again; close logs out", async () => {
    const client = open();
    await client.login();
    const logouts = handle.sdm.stats.logouts;
    await client.logout();
    expect(handle.sdm.stats.logouts).toBe(logouts + 1);
    await client.logout();
    expect(handle.sdm.stats.logouts).toBe(logouts + 1);
    const logins = handle.sdm.stats.logins;
    await client.listDevices();
    expect(handle.sdm.stats.logins).toBe(logins + 1);
    await client.close();
    expect(handle.sdm.stats.logouts).toBe(logouts + 2);
  });

  test("wrong password: SdmUnauthorizedError with SDM's message, without the password", async () => {
    const password = "Wr0ng-Secret-Pa55word";
    const err = await refusal(open({ password }).login(), SdmUnauthorizedError);
    expectDetails(err, 401, "POST", LOGIN, ["Invalid user name or password"]);
    expect(err.message).not.toContain(password);
  });

  test("a re-login refused after the session timed out: SdmUnauthorizedError, one re-login only", async () => {
    const user = { name: "ops", password: "first-Secret-11" };
    await withSdm({ users: [user] }, async (sdm) => {
      const client = open({ username: "ops", password: user.password }, sdm);
      await client.lockDevice("ID1");
      user.password = "second-Secret-22";
      sdm.sdm.expireSessions();
      const failedBefore = sdm.sdm.stats.failedLogins;
      const err = await refusal(client.unlockDevice("ID1"), SdmUnauthorizedError);
      expectDetails(err, 401, "POST", LOGIN);
      expect(sdm.sdm.stats.failedLogins).toBe(failedBefore + 1);
      expect(err.message).not.toContain("first-Secret-11");
      for (const cookie of sdm.sdm.sessionIds()) expect(err.message).not.toContain(cookie);
    });
  });

  test("an SDM REST version the server does not serve: SdmNotFoundError naming it", async () => {
    const err = await refusal(open({ apiVersion: "v9.9" }).login(), SdmNotFoundError);
    expectDetails(err, 404, "POST", "/rest/v9.9/admin/login", ["Unsupported versionId in URI: v9.9"]);
  });
});

describe("device lookup", () => {
  test("by id, by name and by address (bare, host:port or URL)", async () => {
    const client = open();
    expect(await client.findDevice({ deviceId: "ID1" })).toEqual({ id: "ID1", name: "sbc1", address: "192.0.2.1" });
    expect(await client.findDevice({ deviceName: "sbc1" })).toEqual({ id: "ID1", name: "sbc1", address: "192.0.2.1" });
    expect((await client.findDevice({ address: "192.0.2.1" })).id).toBe("ID1");
    expect((await client.findDevice({ address: "https://192.0.2.1:8443" })).id).toBe("ID1");
    expect((await client.listDevices()).map((d) => d.name)).toEqual(["sbc1", "sbc2", "edge-a", "edge-b"]);
  });

  test("a device fronting an SBC emulator is found by that emulator's URL", async () => {
    const device = await open().findDevice({ address: sbcUrl });
    expect(device).toEqual({ id: "ID2", name: "sbc2", address: new URL(sbcUrl).host });
  });

  test("unknown id: SdmNotFoundError (404) with SDM's message", async () => {
    const err = await refusal(open().findDevice({ deviceId: "ID99" }), SdmNotFoundError);
    expectDetails(err, 404, "GET", `${DEVICES}/ID99`, ["Device ID99 not found"]);
  });

  test("no device of that name or address: SdmNotFoundError naming what was looked for and what there is", async () => {
    const client = open();
    const byName = await refusal(client.findDevice({ deviceName: "sbc9" }), SdmNotFoundError);
    expectDetails(byName, undefined, "GET", DEVICES);
    expect(byName.message).toContain('no device named "sbc9"');
    expect(byName.message).toContain("sbc1 (id ID1, 192.0.2.1)");
    const byAddress = await refusal(client.findDevice({ address: "203.0.113.9" }), SdmNotFoundError);
    expect(byAddress.message).toContain('no device at address "203.0.113.9"');
  });

  test("two devices at one address: SdmAmbiguousDeviceError listing both", async () => {
    const err = await refusal(open().findDevice({ address: "198.51.100.7" }), SdmAmbiguousDeviceError);
    expect(err.message).toContain("edge-a (id ID3");
    expect(err.message).toContain("edge-b (id ID4");
    expect(err.message).toContain("deviceId or deviceName");
  });
});

describe("lock and unlock", () => {
  test("lock takes the device for this user; locking again is fine; unlock releases it", async () => {
    const client = open();
    const locks = handle.sdm.stats.locks;
    await client.lockDevice("ID1");
    expect(handle.sdm.holder("ID1")).toBe("admin");
    await client.lockDevice("ID1");
    expect(handle.sdm.stats.locks).toBe(locks + 1);
    await client.unlockDevice("ID1");
    expect(handle.sdm.holder("ID1")).toBeUndefined();
    await client.unlockDevice("ID1");
  });

  test("another SDM user holds the device: lock refused with SdmDeviceLockedError naming the holder", async () => {
    const operator = open({ username: "operator", password: "0perator-S3cret" });
    await operator.lockDevice("ID1");
    const err = await refusal(open().lockDevice("ID1"), SdmDeviceLockedError);
    expectDetails(err, 400, "POST", action("ID1"), [deviceLockedMessage("ID1", "operator")]);
    expect(err.holder).toBe("operator");
    expect(err.deviceId).toBe("ID1");
    expect(err.message).toContain("SDM device ID1 is locked by operator");
    expect(handle.sdm.holder("ID1")).toBe("operator");
  });

  test("unlock by a user who does not hold the device is refused; the holder keeps it", async () => {
    handle.sdm.lockAs("ID1", "bob");
    const err = await refusal(open().unlockDevice("ID1"), SdmDeviceLockedError);
    expect(err.holder).toBe("bob");
    expect(err.sdmMessage).toContain("only bob can unlock it");
    expect(handle.sdm.holder("ID1")).toBe("bob");
    handle.sdm.release("ID1");
    await open().lockDevice("ID1");
    expect(handle.sdm.holder("ID1")).toBe("admin");
  });

  test("unknown device: SdmNotFoundError (404)", async () => {
    const err = await refusal(open().lockDevice("ID99"), SdmNotFoundError);
    expectDetails(err, 404, "POST", action("ID99"), ["Device ID99 not found"]);
  });
});

describe("answers mapped to typed errors", () => {
  const answer = (status: number, body: string) => ({ status, body, contentType: "application/xml" });
  const map = (status: number, body: string, deviceId?: string) => sdmErrorForResponse("POST", action("ID1"), answer(status, body), [PASSWORD], deviceId);

  test("400 bad input is SdmBadRequestError; 400 saying 'locked by' and any 409/423 are lock refusals", () => {
    const bad = map(400, '<error><errorMessage>Unknown device action type "lock"</errorMessage></error>');
    expect(bad).toBeInstanceOf(SdmBadRequestError);
    expect(bad.sdmMessages).toEqual(['Unknown device action type "lock"']);
    const locked = map(400, "<error><errorMessage>Device is locked by another user: carol</errorMessage></error>", "ID1");
    expect(locked).toBeInstanceOf(SdmDeviceLockedError);
    expect((locked as SdmDeviceLockedError).holder).toBe("carol");
    for (const status of [409, 423]) {
      const refused = map(status, "Conflict", "ID1");
      expect(refused).toBeInstanceOf(SdmDeviceLockedError);
      expect((refused as SdmDeviceLockedError).holder).toBeUndefined();
      expect(refused.message).toContain("locked by another SDM user");
    }
    expect(map(503, "")).toBeInstanceOf(SdmUnexpectedResponseError);
  });

  test("a text body is SDM's message, with the password scrubbed", () => {
    const err = map(400, `bad input near ${PASSWORD}`);
    expect(err.sdmMessages).toEqual(["bad input near [redacted]"]);
  });

  test("the holder is read from the wordings a refusal may use", () => {
    expect(lockHolderIn("Device ID1 is locked by user bob")).toBe("bob");
    expect(lockHolderIn("locked by bob.")).toBe("bob");
    expect(lockHolderIn("Device locked by another user (alice)")).toBe("alice");
    expect(lockHolderIn("Device is locked by another user")).toBeUndefined();
  });

  test("the emulator answers 400 to a malformed body and to an unknown action type", async () => {
    const login = await fetch(`${handle.url}${LOGIN}`, {
      method: "POST",
      headers: { "Content-Type": "application/xml" },
      body: `<session><userName>admin</userName><password>${PASSWORD}</password></session>`,
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    expect(cookie).toMatch(/^JSESSIONID=\S+$/);
    expect(login.headers.get("set-cookie")).toMatch(/Path=\/rest; HttpOnly/);
    const post = (body: string) => fetch(`${handle.url}${action("ID1")}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/xml" }, body });
    const malformed = await post("<deviceAction><type>Lock</deviceAction>");
    expect(malformed.status).toBe(400);
    const mapped = sdmErrorForResponse("POST", action("ID1"), answer(400, await malformed.text()), []);
    expect(mapped).toBeInstanceOf(SdmBadRequestError);
    expect(mapped.sdmMessage).toMatch(/^Invalid request body: malformed XML/);
    const unknown = await post("<deviceAction><type>Reboot</type></deviceAction>");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Unknown device action type &quot;Reboot&quot;; supported: Lock, Unlock");
    expect((await post("<deviceAction><type>Lock</type></deviceAction>")).status).toBe(204);
    expect(handle.sdm.holder("ID1")).toBe("admin");
  });
});

describe("transport", () => {
  test("SDM unreachable: a TransportError naming SDM's origin, within a second", async () => {
    const port = await closedPort();
    const client = new SdmClient({ url: `http://127.0.0.1:${port}`, username: "admin", password: PASSWORD, retry: { deadlineMs: 300, baseDelayMs: 50 } });
    clients.push(client);
    const started = Date.now();
    const err = await refusal(client.lockDevice("ID1"), TransportError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err.message).toContain(`connection to the SDM at http://127.0.0.1:${port} refused`);
    // The transport's own few tries are all a refused connection gets (issue 12): callers do not retry it for minutes.
    expect(err.transient).toBe(false);
    expect({ method: err.method, path: err.path }).toEqual({ method: "POST", path: LOGIN });
  });

  test("HTTPS: SDM's self-signed certificate is refused unless trusted through caCert", async () => {
    await withSdm({ tls: true }, async (sdm) => {
      const err = await refusal(open({}, sdm).login(), TransportError);
      expect(err.message).toContain("the SDM at https://127.0.0.1");
      expect(err.message).toContain("caCert");
      await open({ caCert: sdm.caCert }, sdm).lockDevice("ID1");
      expect(sdm.sdm.holder("ID1")).toBe("admin");
    });
  });
});

afterAll(() => {
  // Every error any test saw: neither the password nor a session cookie, in any form it can take.
  expect(seen.length).toBeGreaterThan(10);
  const cookies = handle.sdm.sessionIds();
  expect(cookies.length).toBeGreaterThan(5);
  for (const err of seen) {
    const forms = [String(err), (err as Error).stack ?? "", JSON.stringify(err), JSON.stringify({ ...(err as object) })];
    for (const text of forms) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain("0perator-S3cret");
      for (const cookie of cookies) expect(text).not.toContain(cookie.split(".")[0]);
    }
  }
});
