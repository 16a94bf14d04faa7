/**
 * SDM coordination as the engine drives it: with `sbc:sdmUrl` set, every lock session is wrapped in
 * SDM's device lock (SDM lock → SBC lock → mutate → commit → SBC unlock → SDM unlock), released on
 * every path; another SDM user's lock is waited out and then reported by name; an SDM that cannot
 * be reached stops the run before the SBC is touched.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, SdmEmulatorHandle, startEmulator, startSdmEmulator } from "../emulator";
import { Engine } from "./harness/engine";
import { closedPort } from "./support/ports";

const PROGRAM = path.join(__dirname, "fixtures", "programs", "basic");
const SDM_PASSWORD = "Sdm-Secret-42x";

let sbc: EmulatorHandle;
let sdm: SdmEmulatorHandle;
/** What happened, in order, across both emulators. */
let events: string[];

beforeEach(async () => {
  sbc = await startEmulator({ activateMs: 20, tokenTtlSeconds: 30 });
  sdm = await startSdmEmulator({ users: [{ name: "provisioner", password: SDM_PASSWORD }], devices: [{ name: "lab-sbc", sbcUrl: sbc.url }] });
  events = [];
  const sessions = sbc.sbc.sessions;
  const sbcLock = sessions.lock.bind(sessions);
  const sbcUnlock = sessions.unlock.bind(sessions);
  sessions.lock = (token) => {
    const taken = sbcLock(token);
    if (taken) events.push(`sbc-lock (sdm holder: ${sdmHolder()})`);
    return taken;
  };
  sessions.unlock = () => {
    sbcUnlock();
    events.push(`sbc-unlock (sdm holder: ${sdmHolder()})`);
  };
  const state = sdm.sdm;
  const sdmLock = state.lock.bind(state);
  const sdmUnlock = state.unlock.bind(state);
  state.lock = (id, user) => {
    const outcome = sdmLock(id, user);
    if (outcome.done) events.push(`sdm-lock (sbc locked: ${Boolean(sbc.sbc.sessions.lockHolder())})`);
    return outcome;
  };
  state.unlock = (id, user) => {
    const outcome = sdmUnlock(id, user);
    if (outcome.done) events.push(`sdm-unlock (sbc locked: ${Boolean(sbc.sbc.sessions.lockHolder())})`);
    return outcome;
  };
});

afterEach(async () => {
  await sbc.close();
  await sdm.close();
});

function sdmHolder(): string {
  return sdm.sdm.snapshot().devices[0].holder ?? "none";
}

function engine(extra: Record<string, string> = {}): Engine {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-sdm-"));
  return new Engine({
    programDir: PROGRAM,
    stateFile: path.join(dir, "state.json"),
    config: {
      "sbc:host": sbc.url,
      "sbc:username": "admin",
      "sbc:password": "admin",
      "sbc:sdmUrl": sdm.url,
      "sbc:sdmUsername": "provisioner",
      "sbc:sdmPassword": SDM_PASSWORD,
      "sbc:sdmDeviceName": "lab-sbc",
      "sbc:lockTimeoutSeconds": "3",
      "test:withNtp": "false",
      ...extra,
    },
    secretConfigKeys: ["sbc:password", "sbc:sdmPassword"],
  });
}

function realms(): string[] {
  return (sbc.sbc.store.stores.running.get("realm-config") ?? []).map((r) => r.attributes.identifier as string);
}

test("happy path: each SBC lock session runs inside SDM's device lock, and both are free afterwards", async () => {
  const e = engine();
  const result = await e.up();
  expect(result.errors).toEqual([]);
  expect(realms()).toEqual(["core"]);
  // Two dependency waves (realm, then sip-interface): two sessions, each nested in SDM's lock.
  const session = ["sdm-lock (sbc locked: false)", "sbc-lock (sdm holder: provisioner)", "sbc-unlock (sdm holder: provisioner)", "sdm-unlock (sbc locked: false)"];
  expect(events).toEqual([...session, ...session]);
  expect(sdm.sdm.stats).toMatchObject({ locks: 2, unlocks: 2, refusals: 0 });
  // No SDM session is left open: each lock session logged in and out.
  expect(sdm.sdm.stats.logouts).toBe(sdm.sdm.stats.logins);
  const stateText = fs.readFileSync(e.options.stateFile, "utf8");
  expect(stateText).not.toContain(SDM_PASSWORD);
  expect(result.providerOutput).not.toContain(SDM_PASSWORD);

  await e.destroy();
  expect(realms()).toEqual([]);
  expect(sdmHolder()).toBe("none");
});

test("device held by another SDM user: waited out, then a timeout error that names the holder; the SBC untouched", async () => {
  sdm.sdm.lockAs("ID1", "ops-bob");
  const before = { requests: sbc.sbc.stats.mutatingRequests, locks: sbc.sbc.stats.lockAcquisitions };
  const started = Date.now();
  const result = await engine().up();
  expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/sdm-lock failed on \S+: SDM's device lock on device "lab-sbc" at \S+ stayed taken by another user or session for 3 s \(the server said: "locked by ops-bob"\)/);
  expect(result.errors[0]).toMatch(/only that user can unlock it/);
  expect(result.providerOutput).toMatch(/held by another user or session \("locked by ops-bob"\); waiting up to 3 s/);
  expect({ requests: sbc.sbc.stats.mutatingRequests, locks: sbc.sbc.stats.lockAcquisitions }).toEqual(before);
  expect(sdmHolder()).toBe("ops-bob");
});

test("device released by the other SDM user while we wait: the run proceeds", async () => {
  sdm.sdm.lockAs("ID1", "ops-bob");
  setTimeout(() => sdm.sdm.release("ID1"), 1_000);
  const result = await engine({ "sbc:lockTimeoutSeconds": "20" }).up();
  expect(result.errors).toEqual([]);
  expect(realms()).toEqual(["core"]);
  expect(sdmHolder()).toBe("none");
});

test("SDM unreachable: a clear error naming SDM, and the SBC is never locked or changed", async () => {
  // Not the closed SDM's own port: another worker's server may be given it before the run connects.
  await sdm.close();
  const closed = `http://127.0.0.1:${await closedPort()}`;
  const before = { requests: sbc.sbc.stats.mutatingRequests, locks: sbc.sbc.stats.lockAcquisitions };
  const result = await engine({ "sbc:sdmUrl": closed, "sbc:requestTimeoutSeconds": "1" }).up();
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/sdm-lock failed on \S+: SDM.s device lock on device "lab-sbc" at \S+: connection to the SDM at \S+ refused/);
  expect({ requests: sbc.sbc.stats.mutatingRequests, locks: sbc.sbc.stats.lockAcquisitions }).toEqual(before);
  expect(realms()).toEqual([]);
  sdm = await startSdmEmulator({ devices: [{ name: "unused", address: "192.0.2.1" }] });
});

test("unknown device name: the error lists what SDM has, before anything is locked", async () => {
  const result = await engine({ "sbc:sdmDeviceName": "no-such-sbc" }).up();
  expect(result.errors[0]).toMatch(/SDM has no device named "no-such-sbc"; SDM's devices: lab-sbc \(id ID1/);
  expect(sbc.sbc.stats.lockAcquisitions).toBe(0);
  expect(sdm.sdm.stats.locks).toBe(0);
});

test("a failed commit still releases the SBC lock and then SDM's device lock", async () => {
  sbc.faults.add({ kind: "activate-fail", times: 1 });
  const result = await engine().up();
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/: activate failed on /);
  expect(events.slice(-2)).toEqual(["sbc-unlock (sdm holder: provisioner)", "sdm-unlock (sbc locked: false)"]);
  expect(sbc.sbc.sessions.lockHolder()).toBeUndefined();
  expect(sdmHolder()).toBe("none");
});

test("the SBC's lock held by someone else: after the timeout SDM's device lock is released too", async () => {
  const other = sbc.sbc.sessions.issue({ name: "admin", password: "admin", admin: true });
  sbc.sbc.sessions.lock(other);
  const result = await engine({ "sbc:lockTimeoutSeconds": "1" }).up();
  expect(result.errors[0]).toMatch(/: lock failed on \S+: the SBC's configuration lock on \S+ stayed taken/);
  expect(sdm.sdm.stats.locks).toBeGreaterThanOrEqual(1);
  expect(sdm.sdm.stats.unlocks).toBe(sdm.sdm.stats.locks);
  expect(sdmHolder()).toBe("none");
});
