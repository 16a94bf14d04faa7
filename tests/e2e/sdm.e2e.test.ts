/**
 * SBCs managed by Session Delivery Manager through the native `sbc` plugin under the real CLI
 * (issue 31, item 5), as the dynamic provider does it (tests/sdmLock.test.ts): every lock session
 * on such an SBC runs inside SDM's device lock, which is released with every SDM session after it.
 * From YAML with SDM in stack config (examples/yaml on the default provider); from YAML over
 * several SBCs through explicit providers, one behind SDM (examples/yaml-sdm), where another SDM
 * user's lock fails that SBC's changes, names the user and holds up neither the other SBC nor
 * the next run; and from Python, SDM in stack config for one SBC and on an explicit sbc.Provider
 * for another (tests/fixtures/programs/python-sdm).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, SdmDeviceSpec, SdmEmulatorHandle, startSdmEmulator } from "../../emulator";
import { deviceHolderAtEachLock } from "../support/sdm";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
import { configuration, counters, elements, emulators, expectSettled, ids, since } from "./support/sbc";

const example = (name: string) => path.join(ROOT, "examples", name);
const emulator = emulators();
const PASSWORD = "Sdm-e2e-Sbc-Pa55word-5a";
const SDM_PASSWORD = "Sdm-e2e-Sdm-Pa55word-9c";
const USERS = [{ name: "admin", password: PASSWORD, admin: true }];
const SDM_LOGIN = { "sbc:sdmUsername": "provisioner" };

function realm(sbc: EmulatorHandle, identifier = "core") {
  return elements(sbc, "realm-config").find((r) => r.attributes.identifier === identifier);
}

/** SDM let every lock go again, and logged every session out. */
function expectSdmReleased(sdm: SdmEmulatorHandle): void {
  expect(sdm.sdm.snapshot().devices.map((d) => d.holder)).toEqual(sdm.sdm.snapshot().devices.map(() => null));
  expect(sdm.sdm.stats.unlocks).toBe(sdm.sdm.stats.locks);
  expect(sdm.sdm.stats.logouts).toBe(sdm.sdm.stats.logins);
}

describeWithCli("SBCs managed by SDM through the native sbc plugin under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  const sdms: SdmEmulatorHandle[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-sdm-e2e-"));
  let python: Promise<string> | undefined;

  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
    await Promise.all(sdms.map((s) => s.close()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const stack = (dir: string) => {
    const s = new CliStack(dir, "sdm");
    stacks.push(s);
    return s;
  };

  const sdmFor = async (devices: SdmDeviceSpec[]) => {
    const sdm = await startSdmEmulator({ users: [{ name: "provisioner", password: SDM_PASSWORD }], devices });
    sdms.push(sdm);
    return sdm;
  };

  test("YAML, SDM in stack config: the preview names a missing device; then preview touches neither; up, a change and destroy each lock the SBC only inside SDM's device lock; both free after; no password in the state", async () => {
    const sbc = await emulator({ users: USERS });
    const sdm = await sdmFor([{ name: "lab-sbc", sbcUrl: sbc.url }]);
    const start = configuration(sbc);
    const holders = deviceHolderAtEachLock(sdm, [[sbc, "ID1"]]);
    const s = stack(example("yaml"));
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin", "sbc:sdmUrl": sdm.url, ...SDM_LOGIN }, { "sbc:password": PASSWORD, "sbc:sdmPassword": SDM_PASSWORD });

    // Without the SBC's device in SDM, the plugin's CheckConfig fails the preview, before anything is asked of SDM or the SBC.
    const incomplete = await s.run(["preview"], { expectFailure: true });
    expect(incomplete.output).toContain(
      "sbc:sdmUrl is set, so every change to the SBC waits for SDM's device lock, but not sbc:sdmDeviceName or sbc:sdmDeviceId (the SBC's device in SDM, by name or id): " +
        "set it in stack config, as the explicit provider's sdmDeviceName or sdmDeviceId, or in the environment (SBC_SDM_DEVICE_NAME or SBC_SDM_DEVICE_ID)",
    );
    await s.setConfig({ "sbc:sdmDeviceName": "lab-sbc" });

    await s.run(["preview"]);
    expect(sdm.sdm.stats.requests).toBe(0);
    expect(counters(sbc)).toMatchObject({ mutating: 0, locks: 0 });

    await s.run(["up", "--yes"]);
    expect(realm(sbc)?.attributes.description).toBe("Carrier-facing core realm");
    expect(elements(sbc, "sip-interface")[0].attributes["realm-id"]).toBe("core");
    // Two waves at least (the realm, then what refers to it): each its own lock session, each inside SDM's lock.
    expect(holders.length).toBeGreaterThanOrEqual(2);
    expect(new Set(holders)).toEqual(new Set(["ID1: provisioner"]));
    expect(sdm.sdm.stats.locks).toBe(counters(sbc).locks);
    expectSdmReleased(sdm);
    expectSettled(sbc);
    const { text } = await s.exportState();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(SDM_PASSWORD);
    await s.run(["preview", "--expect-no-changes"]);

    await s.setConfig({ realmDescription: "changed behind SDM" });
    const locksBefore = holders.length;
    await s.run(["up", "--yes"]);
    expect(realm(sbc)?.attributes.description).toBe("changed behind SDM");
    expect(holders.slice(locksBefore)).toEqual(["ID1: provisioner"]);

    await s.run(["destroy", "--yes"]);
    expect(configuration(sbc)).toEqual(start);
    expect(new Set(holders)).toEqual(new Set(["ID1: provisioner"]));
    expectSdmReleased(sdm);
    expectSettled(sbc);
  });

  test("examples/yaml-sdm: two SBCs through explicit providers, west behind SDM; another SDM user's lock fails west alone, naming the user; then up, a change and destroy hold it around every west session", async () => {
    const [east, west] = [await emulator({ users: USERS }), await emulator({ users: USERS })];
    const sdm = await sdmFor([{ name: "sbc-west", sbcUrl: west.url }]);
    const [eastStart, westStart] = [configuration(east), configuration(west)];
    const holders = deviceHolderAtEachLock(sdm, [[west, "ID1"]]);
    const s = stack(example("yaml-sdm"));
    await s.init(
      { eastHost: east.url, westHost: west.url, sdmUrl: sdm.url, sdmUsername: "provisioner" },
      { eastPassword: PASSWORD, westPassword: PASSWORD, sdmPassword: SDM_PASSWORD },
    );

    await s.run(["preview"]);
    expect(sdm.sdm.stats.requests).toBe(0);
    expect([counters(east).locks, counters(west).locks]).toEqual([0, 0]);

    // The providers leave lockTimeoutSeconds to the environment (SBC_LOCK_TIMEOUT_SECONDS): long enough for east to finish meanwhile.
    const waiting = { env: { SBC_LOCK_TIMEOUT_SECONDS: "15" } };
    sdm.sdm.lockAs("ID1", "ops-bob");
    const refused = await s.run(["up", "--yes"], { ...waiting, expectFailure: true });
    expect(refused.output).toContain(
      `realm-config [identifier=core]: sdm-lock failed on ${west.url}: SDM's device lock on device "sbc-west" at ${sdm.url} stayed taken by another user or session for 15 s (the server said: "locked by ops-bob")`,
    );
    expect(realm(east)?.attributes.description).toBe("East core realm");
    expect(ids(east, "session-agent", "hostname")).toEqual(["west.example.net"]);
    expect(elements(east, "sip-interface")).toHaveLength(1);
    expectSettled(east);
    expect(configuration(west)).toEqual(westStart);
    expect(counters(west).locks).toBe(0);
    expectSettled(west);
    expect(sdm.sdm.holder("ID1")).toBe("ops-bob");
    expect(sdm.sdm.stats.locks).toBe(0);
    expect(refused.output).not.toContain(SDM_PASSWORD);

    sdm.sdm.release("ID1");
    const eastBefore = counters(east);
    const up = await s.run(["up", "--yes"], waiting);
    expect(resourceCounts(up.output)).toMatchObject({ created: 3 });
    expect(realm(west)?.attributes.description).toBe("West core realm");
    expect(ids(west, "session-agent", "hostname")).toEqual(["east.example.net"]);
    expect(since(east, eastBefore)).toMatchObject({ mutating: 0, locks: 0 });
    expect(holders.length).toBeGreaterThanOrEqual(2);
    expect(new Set(holders)).toEqual(new Set(["ID1: provisioner"]));
    expectSdmReleased(sdm);
    expectSettled(west);
    const { text } = await s.exportState();
    for (const secret of [PASSWORD, SDM_PASSWORD]) expect(text).not.toContain(secret);
    await s.run(["preview", "--expect-no-changes"]);

    await s.setConfig({ westDescription: "West, changed behind SDM" });
    const locksBefore = holders.length;
    const change = await s.run(["up", "--yes"]);
    expect(resourceCounts(change.output)).toMatchObject({ updated: 1 });
    expect(realm(west)?.attributes.description).toBe("West, changed behind SDM");
    expect(holders.slice(locksBefore)).toEqual(["ID1: provisioner"]);

    await s.run(["destroy", "--yes"]);
    expect(configuration(east)).toEqual(eastStart);
    expect(configuration(west)).toEqual(westStart);
    expect(new Set(holders)).toEqual(new Set(["ID1: provisioner"]));
    expectSdmReleased(sdm);
  });

  test("Python: one SBC with SDM in stack config, another with SDM on an explicit sbc.Provider (its device by id); each SBC locked only inside its own device's lock; destroy empties both", async () => {
    python ??= pythonVenv(path.join(scratch, "venv"));
    const [lab, edge] = [await emulator({ users: USERS }), await emulator({ users: USERS })];
    const sdm = await sdmFor([
      { name: "lab-sbc", sbcUrl: lab.url },
      { name: "edge-sbc", sbcUrl: edge.url },
    ]);
    const [labStart, edgeStart] = [configuration(lab), configuration(edge)];
    const holders = deviceHolderAtEachLock(sdm, [
      [lab, "ID1"],
      [edge, "ID2"],
    ]);
    const s = usePython(stack(path.join(ROOT, "tests", "fixtures", "programs", "python-sdm")), await python);
    await s.init(
      { "sbc:host": lab.url, "sbc:username": "admin", "sbc:sdmUrl": sdm.url, ...SDM_LOGIN, "sbc:sdmDeviceName": "lab-sbc", edgeHost: edge.url, edgeDevice: "ID2" },
      { "sbc:password": PASSWORD, "sbc:sdmPassword": SDM_PASSWORD, edgePassword: PASSWORD },
    );

    await s.run(["up", "--yes"]);
    expect(realm(lab)?.attributes.description).toBe("Lab core realm");
    expect(realm(edge)?.attributes.description).toBe("Edge core realm");
    expect(elements(lab, "steering-pool")[0].attributes["ip-address"]).toBe("192.0.2.20");
    expect(elements(edge, "steering-pool")[0].attributes["ip-address"]).toBe("198.51.100.20");
    expect(holders.filter((h) => h.startsWith("ID1")).length).toBeGreaterThanOrEqual(2);
    expect(holders.filter((h) => h.startsWith("ID2")).length).toBeGreaterThanOrEqual(2);
    expect(new Set(holders)).toEqual(new Set(["ID1: provisioner", "ID2: provisioner"]));
    expect(sdm.sdm.stats.locks).toBe(counters(lab).locks + counters(edge).locks);
    expectSdmReleased(sdm);
    expectSettled(lab);
    expectSettled(edge);
    const { text } = await s.exportState();
    for (const secret of [PASSWORD, SDM_PASSWORD]) expect(text).not.toContain(secret);
    const outputs = JSON.parse((await s.run(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    expect(outputs).toEqual({ labRealm: "core", edgeRealm: "core" });
    await s.run(["preview", "--expect-no-changes"]);

    await s.run(["destroy", "--yes"]);
    expect(configuration(lab)).toEqual(labStart);
    expect(configuration(edge)).toEqual(edgeStart);
    expect(new Set(holders)).toEqual(new Set(["ID1: provisioner", "ID2: provisioner"]));
    expectSdmReleased(sdm);
  });
});
