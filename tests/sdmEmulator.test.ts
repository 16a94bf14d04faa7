/**
 * The SDM emulator's API over raw HTTP, as any SDM client (curl, Python) would see it: the cookie
 * session and its timeout, statuses for unknown URIs, versions, methods and devices, JSON bodies
 * (SDM takes both), lock ownership by user, and the control endpoint that tests running it as a
 * separate process use to make a device locked by someone else.
 */
import { SdmEmulatorHandle, startSdmEmulator } from "../emulator/sdm/sdmServer";
import { SdmState } from "../emulator/sdm/sdmState";

const V = "/rest/v1.3";
const DEVICES = `${V}/inventory/deviceMgmt/devices`;
const LOCK = "<deviceAction><type>Lock</type></deviceAction>";
const UNLOCK = "<deviceAction><type>Unlock</type></deviceAction>";

let sdm: SdmEmulatorHandle;

beforeAll(async () => {
  sdm = await startSdmEmulator({
    devices: [
      { name: "sbc1", address: "192.0.2.1" },
      { name: "sbc2", sbcUrl: "https://127.0.0.1:8443" },
    ],
    control: true,
  });
});

afterAll(async () => {
  await sdm.close();
});

beforeEach(() => {
  for (const device of sdm.sdm.devices) sdm.sdm.release(device.id);
});

async function call(method: string, path: string, options: { cookie?: string; body?: string; json?: boolean } = {}) {
  const headers: Record<string, string> = { Accept: "application/xml" };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.body !== undefined) headers["Content-Type"] = options.json ? "application/json" : "application/xml";
  const res = await fetch(`${sdm.url}${path}`, { method, headers, body: options.body });
  return { status: res.status, body: await res.text(), setCookie: res.headers.get("set-cookie") };
}

async function login(user = "admin", password = user, json = false): Promise<string> {
  const body = json
    ? JSON.stringify({ userName: user, password })
    : `<?xml version="1.0" encoding="UTF-8"?>\n<session>\n  <userName>${user}</userName>\n  <password>${password}</password>\n</session>`;
  const res = await call("POST", `${V}/admin/login`, { body, json });
  expect(res.status).toBe(200);
  return res.setCookie!.split(";")[0];
}

test("login answers 200 with a JSESSIONID cookie (XML or JSON body); bad credentials 401; no body 400", async () => {
  expect(await login()).toMatch(/^JSESSIONID=[0-9A-F]{32}\.sdm-emulator$/);
  expect(await login("operator", "operator", true)).toMatch(/^JSESSIONID=/);
  const wrong = await call("POST", `${V}/admin/login`, { body: "<session><userName>admin</userName><password>nope</password></session>" });
  expect(wrong.status).toBe(401);
  expect(wrong.body).toContain("<errorMessage>Invalid user name or password</errorMessage>");
  expect(wrong.setCookie).toBeNull();
  expect((await call("POST", `${V}/admin/login`, { body: "" })).status).toBe(400);
  expect((await call("POST", `${V}/admin/login`, { body: "<!DOCTYPE x><session/>" })).status).toBe(400);
});

test("the inventory lists every device in Oracle's shape; one device by id; an SBC URL becomes its host:port", async () => {
  const cookie = await login();
  const list = await call("GET", DEVICES, { cookie });
  expect(list.status).toBe(200);
  expect(list.body).toContain("<devices><devices><bootstrapState>Activated</bootstrapState>");
  expect(list.body).toContain("<id>ID1</id><ip>192.0.2.1</ip><key>sbc1_192.0.2.1</key>");
  expect(list.body).toContain("<id>ID2</id><ip>127.0.0.1:8443</ip>");
  const one = await call("GET", `${DEVICES}/ID2`, { cookie });
  expect(one.body).toMatch(/^<\?xml[^>]*\?><device>.*<name>sbc2<\/name><\/device>$/);
  expect((await call("GET", `${DEVICES}/ID9`, { cookie })).status).toBe(404);
});

test("no session, an ended session or a timed-out one: 401", async () => {
  expect((await call("GET", DEVICES)).status).toBe(401);
  expect((await call("GET", DEVICES, { cookie: "JSESSIONID=made-up" })).status).toBe(401);
  const cookie = await login();
  const logout = await call("POST", `${V}/admin/logout`, { cookie });
  expect(logout.status).toBe(204);
  expect(logout.setCookie).toContain("Max-Age=0");
  expect((await call("GET", DEVICES, { cookie })).status).toBe(401);
  expect((await call("POST", `${V}/admin/logout`, { cookie })).status).toBe(401);

  let now = 1_000_000;
  const state = new SdmState([{ name: "u", password: "p" }], [{ name: "d", address: "192.0.2.9" }], 60, () => now);
  const session = state.login("u", "p")!;
  now += 59_000;
  expect(state.sessionUser(session)).toBe("u");
  now += 59_000;
  expect(state.sessionUser(session)).toBe("u");
  now += 60_000;
  expect(state.sessionUser(session)).toBeUndefined();
});

test("unknown URI or version → 404, wrong method → 405, in that order and before the session", async () => {
  expect((await call("GET", "/rest/v1.3/inventory/nothing")).status).toBe(404);
  expect((await call("GET", "/elsewhere")).status).toBe(404);
  const version = await call("GET", "/rest/v7.0/inventory/deviceMgmt/devices");
  expect(version.status).toBe(404);
  expect(version.body).toContain("Unsupported versionId in URI: v7.0");
  expect((await call("DELETE", DEVICES)).status).toBe(405);
  expect((await call("GET", `${DEVICES}/ID1/action`)).status).toBe(405);
});

test("the lock belongs to the user: other users are refused (400 naming the holder), the holder may lock again and unlock", async () => {
  const admin = await login();
  const operator = await login("operator");
  expect((await call("POST", `${DEVICES}/ID1/action`, { cookie: admin, body: LOCK })).status).toBe(204);
  expect((await call("POST", `${DEVICES}/ID1/action`, { cookie: admin, body: JSON.stringify({ type: "Lock" }), json: true })).status).toBe(204);
  const refused = await call("POST", `${DEVICES}/ID1/action`, { cookie: operator, body: LOCK });
  expect(refused.status).toBe(400);
  expect(refused.body).toContain("<errorMessage>Device ID1 is locked by user admin</errorMessage>");
  const notYours = await call("POST", `${DEVICES}/ID1/action`, { cookie: operator, body: UNLOCK });
  expect(notYours.status).toBe(400);
  expect(notYours.body).toContain("only admin can unlock it");
  // A new session of the same user still holds it.
  const again = await login();
  expect((await call("POST", `${DEVICES}/ID1/action`, { cookie: again, body: UNLOCK })).status).toBe(204);
  expect((await call("POST", `${DEVICES}/ID1/action`, { cookie: operator, body: LOCK })).status).toBe(204);
  expect(sdm.sdm.holder("ID1")).toBe("operator");
  expect((await call("POST", `${DEVICES}/ID9/action`, { cookie: admin, body: LOCK })).status).toBe(404);
  expect((await call("POST", `${DEVICES}/ID2/action`, { cookie: admin, body: "<deviceAction><type>lock</type></deviceAction>" })).status).toBe(400);
  expect((await call("POST", `${DEVICES}/ID2/action`, { cookie: admin, body: "" })).status).toBe(400);
});

test("the control endpoint reports holders and counters, locks a device as anyone, releases it, ends sessions", async () => {
  const control = async (method: string, body?: unknown) => {
    const res = await fetch(`${sdm.url}/__emulator/sdm`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as { devices?: { id: string; holder: string | null; sbcUrl?: string }[]; error?: string } };
  };
  const locked = await control("POST", { lock: { deviceId: "ID2", user: "night-shift" } });
  expect(locked.status).toBe(200);
  expect(locked.json.devices).toEqual([
    { id: "ID1", name: "sbc1", address: "192.0.2.1", holder: null },
    { id: "ID2", name: "sbc2", address: "127.0.0.1:8443", sbcUrl: "https://127.0.0.1:8443", holder: "night-shift" },
  ]);
  const cookie = await login();
  const refused = await call("POST", `${DEVICES}/ID2/action`, { cookie, body: LOCK });
  expect(refused.body).toContain("locked by user night-shift");
  expect((await control("POST", { release: "ID2" })).json.devices![1].holder).toBeNull();
  expect((await control("POST", { expireSessions: true })).status).toBe(200);
  expect((await call("GET", DEVICES, { cookie })).status).toBe(401);

  expect(await control("POST", { lock: { deviceId: "ID9", user: "x" } })).toEqual({ status: 400, json: { error: expect.stringContaining("no device with id ID9") } });
  expect((await control("POST", { reboot: true })).status).toBe(400);
  expect((await control("POST", "not json")).status).toBe(400);
  expect((await control("DELETE")).status).toBe(405);

  const plain = await startSdmEmulator({ devices: [{ name: "d", address: "192.0.2.9" }] });
  try {
    expect((await fetch(`${plain.url}/__emulator/sdm`)).status).toBe(404);
  } finally {
    await plain.close();
  }
});
