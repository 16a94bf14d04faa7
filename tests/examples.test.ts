/**
 * Every example under examples/ run through the engine-faithful harness against emulators: the
 * typed resources map to the SBC's attributes, references order the work, and a second preview
 * shows no change.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, startSdmEmulator, EmulatorHandle } from "../emulator";
import { Engine } from "./harness/engine";
import { ConfigElement } from "../client/types";
import { deviceHolderAtEachLock } from "./support/sdm";

const EXAMPLES = path.join(__dirname, "..", "examples");
const emulators: EmulatorHandle[] = [];

afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

async function emulator(): Promise<EmulatorHandle> {
  const handle = await startEmulator({ activateMs: 10 });
  emulators.push(handle);
  return handle;
}

function running(handle: EmulatorHandle, type: string): ConfigElement[] {
  return handle.sbc.store.stores.running.get(type) ?? [];
}

/** An engine for one run of an example; a run that continues another's stack passes its stateFile. */
function engineFor(example: string, project: string, config: Record<string, string>, stateFile?: string): Engine {
  return new Engine({
    programDir: path.join(EXAMPLES, example),
    stateFile: stateFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), `example-${example}-`)), "state.json"),
    project,
    config: { "sbc:username": "admin", "sbc:password": "admin", ...config },
    secretConfigKeys: ["sbc:password"],
  });
}

test("basic: every element created with typed values mapped to the SBC's attributes; then no changes", async () => {
  const sbc = await emulator();
  const engine = engineFor("basic", "sbc-basic", { "sbc:host": sbc.url });
  const up = await engine.up();
  expect(up.errors).toEqual([]);
  expect(up.steps.map((s) => s.op)).toEqual(Array(6).fill("create"));
  const [sip] = running(sbc, "sip-interface");
  expect(sip.attributes["realm-id"]).toBe("core");
  expect(sip.subElements[0].attributes).toMatchObject({ address: "192.0.2.10", port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" });
  expect(running(sbc, "steering-pool")[0].attributes).toMatchObject({ "start-port": "20000", "end-port": "29999", "realm-id": "core" });
  const [policy] = running(sbc, "local-policy");
  expect(policy.attributes["from-address"]).toEqual(["*"]);
  expect(policy.subElements[0].attributes).toMatchObject({ "next-hop": "carrier.example.net", realm: "core", cost: "0" });
  expect(running(sbc, "ntp-config")[0].attributes.server).toEqual(["192.0.2.123", "192.0.2.124"]);
  const preview = await engine.preview();
  expect(preview.steps.map((s) => s.op)).toEqual(Array(6).fill("same"));
});

test("carrier: codec and media policies on the realm, translations on the session agent, a route through a local routing table; a changed packetization time is the one update", async () => {
  const sbc = await emulator();
  const engine = engineFor("carrier", "sbc-carrier", { "sbc:host": sbc.url });
  const up = await engine.up();
  expect(up.errors).toEqual([]);
  expect(up.steps.map((s) => s.op)).toEqual(Array(10).fill("create"));
  expect(running(sbc, "codec-policy")[0].attributes).toMatchObject({ name: "core-codecs", "order-codecs": ["PCMU", "G729", "*"], "packetization-time": "20" });
  expect(running(sbc, "realm-config")[0].attributes).toMatchObject({ identifier: "core", "codec-policy": "core-codecs", "media-policy": "voice-ef" });
  expect(running(sbc, "session-agent")[0].attributes).toMatchObject({ "in-translationid": "from-carrier", "out-translationid": "to-carrier" });
  expect(running(sbc, "session-translation").map((t) => [t.attributes.id, t.attributes["rules-called"]])).toEqual([["to-carrier", ["add-plus"]], ["from-carrier", ["strip-plus"]]]);
  expect(running(sbc, "local-policy")[0].subElements[0].attributes).toMatchObject({ "next-hop": "lrt:carrier-routes", realm: "core" });
  const update = await engineFor("carrier", "sbc-carrier", { "sbc:host": sbc.url, "sbc-carrier:packetizationTime": "30" }, engine.options.stateFile).up();
  expect(update.errors).toEqual([]);
  expect(update.steps.filter((s) => s.op !== "same").map((s) => [s.urn.split("::").pop(), s.op])).toEqual([["core-codecs", "update"]]);
  expect(running(sbc, "codec-policy")[0].attributes["packetization-time"]).toBe("30");
}, 120_000);

test("compose: SBC elements take their addresses from another resource's outputs", async () => {
  const sbc = await emulator();
  const engine = engineFor("compose", "sbc-compose", { "sbc:host": sbc.url, "sbc-compose:accessCidr": "198.51.100.64/26" });
  const up = await engine.up();
  expect(up.errors).toEqual([]);
  const [sip] = running(sbc, "sip-interface");
  expect(sip.subElements.map((p) => `${p.attributes.address}/${p.attributes["transport-protocol"]}`)).toEqual(["198.51.100.66/UDP", "198.51.100.66/TCP"]);
  expect(running(sbc, "steering-pool")[0].attributes["ip-address"]).toBe("198.51.100.67");
  expect(running(sbc, "host-route")[0].attributes).toMatchObject({ "dest-network": "198.51.100.64", gateway: "198.51.100.65" });
  expect(running(sbc, "realm-config")[0].attributes.description).toBe("Access realm on 198.51.100.64/26");
});

test("fleet: one baseline on two SBCs with per-SBC overrides, each its own connection", async () => {
  const [one, two] = [await emulator(), await emulator()];
  const sites = [
    { name: "lab1", host: one.url },
    { name: "lab2", host: two.url, ntpServers: ["198.51.100.123"], maxSessions: 200 },
  ];
  const engine = engineFor("fleet", "sbc-fleet", { "sbc-fleet:sbcs": JSON.stringify(sites) });
  const up = await engine.up();
  expect(up.errors).toEqual([]);
  expect(up.steps).toHaveLength(10);
  expect(running(one, "ntp-config")[0].attributes.server).toEqual(["192.0.2.123", "192.0.2.124"]);
  expect(running(two, "ntp-config")[0].attributes.server).toEqual(["198.51.100.123"]);
  expect(running(one, "session-agent")[0].attributes["max-sessions"]).toBe("500");
  expect(running(two, "session-agent")[0].attributes["max-sessions"]).toBe("200");
  for (const sbc of [one, two]) {
    expect(running(sbc, "realm-config").map((r) => r.attributes.identifier)).toEqual(["core"]);
    expect(sbc.sbc.sessions.lockHolder()).toBeUndefined();
  }
});

test("fleet with SDM coordination: each SBC's sessions run inside SDM's device lock on its own device", async () => {
  const [one, two] = [await emulator(), await emulator()];
  const sdm = await startSdmEmulator({ devices: [{ name: "lab1", sbcUrl: one.url }, { name: "edge-2", sbcUrl: two.url }] });
  try {
    const sites = [
      { name: "lab1", host: one.url },
      { name: "lab2", host: two.url, sdmDevice: "edge-2" },
    ];
    // Both devices held whenever an SBC is locked: sampled on every SBC lock.
    const seen = deviceHolderAtEachLock(sdm, [[one, "ID1"], [two, "ID2"]]);
    const engine = engineFor("fleet", "sbc-fleet", {
      "sbc-fleet:sbcs": JSON.stringify(sites),
      "sbc:sdmUrl": sdm.url,
      "sbc:sdmUsername": "admin",
      "sbc:sdmPassword": "admin",
    });
    const up = await engine.up();
    expect(up.errors).toEqual([]);
    expect(running(two, "ntp-config")[0].attributes.server).toEqual(["192.0.2.123", "192.0.2.124"]);
    expect(new Set(seen)).toEqual(new Set(["ID1: admin", "ID2: admin"]));
    expect(sdm.sdm.stats.locks).toBeGreaterThanOrEqual(2);
    expect(sdm.sdm.stats.unlocks).toBe(sdm.sdm.stats.locks);
    expect(sdm.sdm.snapshot().devices.map((d) => d.holder)).toEqual([null, null]);
  } finally {
    await sdm.close();
  }
});
