/**
 * An SDM-managed SBC through the native plugin, in process, as the engine drives it: CheckConfig
 * names an SDM url that lacks what the lock needs (so preview says it), each change runs inside
 * SDM's device lock and releases it, and another SDM user's lock fails the change with the dynamic
 * path's sentence and leaves the SBC untouched. tests/e2e/sdm.e2e.test.ts shows the same under
 * the real CLI from YAML and Python.
 */
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { EmulatorHandle, SdmEmulatorHandle, startEmulator, startSdmEmulator } from "../emulator";
import { configFailures } from "../provider/native/providerConfig";
import { NativePlugin, secret, startNativePlugin, struct, UNKNOWN } from "./support/nativeProvider";
import { deviceHolderAtEachLock } from "./support/sdm";

const SBC_PASSWORD = "Sbc-native-Pa55word-1d";
const SDM_PASSWORD = "Sdm-native-Pa55word-8e";
const REALM = "sbc:index:RealmConfig";

let sbc: EmulatorHandle;
let sdm: SdmEmulatorHandle;
let native: NativePlugin;

beforeAll(async () => {
  sbc = await startEmulator({ activateMs: 5, users: [{ name: "admin", password: SBC_PASSWORD, admin: true }] });
  sdm = await startSdmEmulator({ users: [{ name: "provisioner", password: SDM_PASSWORD }], devices: [{ name: "lab-sbc", sbcUrl: sbc.url }] });
  native = await startNativePlugin();
});

afterAll(async () => {
  await native.close();
  await Promise.all([sbc.close(), sdm.close()]);
});

/** The provider's config as the engine sends stack config: strings, the passwords secrets. */
function config(more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    host: sbc.url,
    username: "admin",
    password: secret(SBC_PASSWORD),
    lockTimeoutSeconds: "2",
    sdmUrl: sdm.url,
    sdmUsername: "provisioner",
    sdmPassword: secret(SDM_PASSWORD),
    sdmDeviceName: "lab-sbc",
    ...more,
  };
}

async function checkConfig(news: Record<string, unknown>): Promise<[string, string][]> {
  const res = await native.call<rpc.CheckRequest, rpc.CheckResponse>("checkConfig", new rpc.CheckRequest().setNews(struct(news)));
  return res.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
}

function realms(): string[] {
  return (sbc.sbc.store.stores.running.get("realm-config") ?? []).map((r) => String(r.attributes.identifier));
}

test("CheckConfig: an SDM url without its user, password or device is named with where to set each, on sdmUrl, not on the password", async () => {
  expect(await checkConfig(config())).toEqual([]);
  const { sdmUsername: _u, sdmPassword: _p, sdmDeviceName: _d, ...urlOnly } = config();
  expect(await checkConfig(urlOnly)).toEqual([
    [
      "sdmUrl",
      "sbc:sdmUrl is set, so every change to the SBC waits for SDM's device lock, but not sbc:sdmUsername, sbc:sdmPassword and sbc:sdmDeviceName or sbc:sdmDeviceId " +
        "(the SBC's device in SDM, by name or id): set them in stack config (the password with --secret), as the explicit provider's sdmUsername, sdmPassword and " +
        "sdmDeviceName or sdmDeviceId, or in the environment (SBC_SDM_USERNAME, SBC_SDM_PASSWORD and SBC_SDM_DEVICE_NAME or SBC_SDM_DEVICE_ID)",
    ],
  ]);
  const { sdmDeviceName: _device, ...noDevice } = config();
  expect(await checkConfig(noDevice)).toEqual([["sdmUrl", expect.stringContaining("but not sbc:sdmDeviceName or sbc:sdmDeviceId (the SBC's device in SDM, by name or id): set it in stack config, as")]]);
  // A value the engine fills in later (an output of another resource) counts as given.
  expect(await checkConfig({ ...noDevice, sdmDeviceId: UNKNOWN })).toEqual([]);
  // Without an SDM url nothing of SDM is needed.
  expect(await checkConfig({ host: sbc.url, username: "admin", password: secret(SBC_PASSWORD) })).toEqual([]);
});

test("CheckConfig counts what the environment gives, as the connection does", () => {
  const { sdmUsername: _u, sdmPassword: _p, ...partial } = config();
  const plain = { ...partial, password: SBC_PASSWORD };
  expect(configFailures(plain, { SBC_SDM_USERNAME: "provisioner", SBC_SDM_PASSWORD: "x" })).toEqual([]);
  expect(configFailures(plain, { SBC_SDM_USERNAME: "provisioner" })).toEqual([{ property: "sdmUrl", reason: expect.stringMatching(/but not sbc:sdmPassword: set it in stack config \(the password with --secret\), as the explicit provider's sdmPassword, or in the environment \(SBC_SDM_PASSWORD\)$/) }]);
});

test("create and delete each run the SBC's lock inside SDM's device lock; both are free after, and every SDM session logged out", async () => {
  await native.configure(config());
  const holders = deviceHolderAtEachLock(sdm, [[sbc, "ID1"]]);
  const created = await native.create(REALM, "core", { identifier: "core", description: "behind SDM" });
  expect(realms()).toEqual(["core"]);
  await native.delete(REALM, "core", created.id, created.properties, { identifier: "core", description: "behind SDM" });
  expect(realms()).toEqual([]);
  expect(holders).toEqual(["ID1: provisioner", "ID1: provisioner"]);
  expect(sdm.sdm.holder("ID1")).toBeUndefined();
  expect(sdm.sdm.stats).toMatchObject({ locks: 2, unlocks: 2, refusals: 0 });
  expect(sdm.sdm.stats.logouts).toBe(sdm.sdm.stats.logins);
  expect(sbc.sbc.sessions.lockHolder()).toBeUndefined();
});

test("another SDM user holding the device: the change fails naming the holder after lockTimeoutSeconds; the SBC is neither locked nor changed", async () => {
  await native.configure(config());
  sdm.sdm.lockAs("ID1", "ops-bob");
  try {
    const before = { locks: sbc.sbc.stats.lockAcquisitions, mutating: sbc.sbc.stats.mutatingRequests };
    const err = (await native.create(REALM, "core", { identifier: "core" }).catch((e: Error) => e)) as Error;
    expect(err.message).toContain(
      `realm-config [identifier=core]: sdm-lock failed on ${sbc.url}: SDM's device lock on device "lab-sbc" at ${sdm.url} stayed taken by another user or session for 2 s ` +
        `(the server said: "locked by ops-bob"). Another SDM user is working on this device, and only that user can unlock it`,
    );
    expect(err.message).not.toContain(SDM_PASSWORD);
    expect({ locks: sbc.sbc.stats.lockAcquisitions, mutating: sbc.sbc.stats.mutatingRequests }).toEqual(before);
    expect(realms()).toEqual([]);
    expect(sdm.sdm.holder("ID1")).toBe("ops-bob");
  } finally {
    sdm.sdm.release("ID1");
  }
});
