/**
 * The SBC's own metadata decides what the catalog cannot (issue 31, item 2), through the
 * provider's operations against emulators of three releases: the catalog's (S-Cz8.4.0), an older
 * one that lacks parameters (`--metadata older`, S-Cz8.1.0) and a newer one with a type,
 * a sub-element type and parameters the catalog lacks (`--metadata newer`, S-Cz9.3.0).
 * A check of known names asks the SBC nothing; what the catalog cannot decide is asked once per SBC
 * per run; a catalog parameter the SBC's release lacks is refused before anything is locked.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, EmulatorHandle } from "../emulator";
import { newerRelease, olderRelease } from "../emulator/metadataSets";
import { elementOperations } from "../provider/core/elements/elementOperations";
import { ElementInputs } from "../provider/core/elements/elementState";
import { Engine } from "./harness/engine";

const started: EmulatorHandle[] = [];
let current: EmulatorHandle;
let older: EmulatorHandle;
let newer: EmulatorHandle;

beforeAll(async () => {
  current = await startEmulator({});
  const [o, n] = [olderRelease(), newerRelease()];
  older = await startEmulator({ catalog: o.catalog, release: o.release });
  newer = await startEmulator({ catalog: n.catalog, release: n.release });
  started.push(current, older, newer);
});
afterAll(async () => {
  await Promise.all(started.map((e) => e.close()));
});

function inputs(sbc: EmulatorHandle, elementType: string, attributes: Record<string, string | string[]>, subElements?: ElementInputs["subElements"]): ElementInputs {
  return { elementType, attributes, ...(subElements && { subElements }), connection: { host: sbc.url, username: "admin", lockTimeoutSeconds: 5 }, connectionPassword: "admin" };
}

const stats = (sbc: EmulatorHandle) => ({ ...sbc.sbc.stats });
const running = (sbc: EmulatorHandle, type: string) => sbc.sbc.store.stores.running.get(type) ?? [];

test("a check of names the catalog knows asks the SBC nothing, whatever its release", async () => {
  for (const sbc of [current, older, newer]) {
    const before = stats(sbc);
    const result = await elementOperations.check({}, inputs(sbc, "media-policy", { name: "voice", "rtp-ttl": "64" }) as never);
    expect(result.failures ?? []).toEqual([]);
    expect(stats(sbc).requests).toBe(before.requests);
  }
});

test("a type only the SBC's metadata knows is checked, created, read and deleted against it, its metadata asked once", async () => {
  const before = stats(newer);
  const tunnel = inputs(newer, "ikev2-ipsec-wancom0-params", { name: "mgmt-vpn", state: "enabled", remoteip: "198.51.100.7", remoteport: "500" });
  expect((await elementOperations.check({}, tunnel as never)).failures ?? []).toEqual([]);
  // The release and the type's metadata, once for the check, kept for the rest of the run.
  expect(stats(newer).metadataRequests - before.metadataRequests).toBe(2);
  const { id, outs } = await elementOperations.create(tunnel);
  expect(id).toBe("ikev2-ipsec-wancom0-params/name=mgmt-vpn");
  expect(running(newer, "ikev2-ipsec-wancom0-params")[0].attributes).toMatchObject({ name: "mgmt-vpn", remoteip: "198.51.100.7", remoteport: "500" });
  expect(outs.key).toEqual({ name: "mgmt-vpn" });
  const read = await elementOperations.read(id, outs);
  expect(read.inputs?.attributes).toMatchObject({ remoteip: "198.51.100.7" });
  await elementOperations.delete(id, outs);
  expect(running(newer, "ikev2-ipsec-wancom0-params")).toEqual([]);
  // One more for the run: the SBC's list of types, which the check for staged changes reads before the first change.
  expect(stats(newer).metadataRequests - before.metadataRequests).toBe(3);
});

test("a value the SBC's metadata refuses for a type only it knows is one check failure naming the type, the parameter and what is allowed", async () => {
  const bad = inputs(newer, "ikev2-ipsec-wancom0-params", { name: "bad", state: "sometimes", remoteport: "70000" });
  const failures = (await elementOperations.check({}, bad as never)).failures ?? [];
  expect(failures.map((f) => f.reason)).toEqual([
    'ikev2-ipsec-wancom0-params: state must be one of enabled, disabled; got "sometimes"',
    "ikev2-ipsec-wancom0-params: remoteport must be at most 65535, got 70000",
  ]);
});

test("parameters and a sub-element type only the newer SBC knows, on types the catalog has, reach it; the catalog's SBC refuses them naming its release", async () => {
  const rule = inputs(newer, "translation-rules", { id: "to-e164", type: "add", "add-string": "+1", "input-header-type": "From" });
  expect((await elementOperations.check({}, rule as never)).failures ?? []).toEqual([]);
  await elementOperations.create(rule);
  expect(running(newer, "translation-rules")[0].attributes["input-header-type"]).toBe("From");
  const translation = inputs(newer, "session-translation", { id: "e164" }, [{ elementType: "session-trans-rule", attributes: { "rule-id": "to-e164", mandatory: "enabled" } }]);
  expect((await elementOperations.check({}, translation as never)).failures ?? []).toEqual([]);
  await elementOperations.create(translation);
  expect(running(newer, "session-translation")[0].subElements[0].attributes).toMatchObject({ "rule-id": "to-e164", mandatory: "enabled", state: "enabled" });

  const onCurrent = (await elementOperations.check({}, inputs(current, "translation-rules", { id: "x", "input-header-type": "From" }) as never)).failures ?? [];
  expect(onCurrent.map((f) => f.reason)).toEqual([
    `translation-rules: input-header-type is not an attribute of translation-rules on ${current.url}, which runs S-Cz8.4.0 (the release of the catalog, S-Cz8.4.0)`,
  ]);
});

test("a catalog parameter the older SBC lacks passes a preview's check (no request) and is refused before the lock, naming the release", async () => {
  const policy = inputs(older, "media-policy", { name: "voice", "rtp-ttl": "64" });
  const before = stats(older);
  const err = await elementOperations.create(policy).then(() => undefined, (e: Error) => e);
  expect(err?.message).toBe(
    `media-policy [name=voice]: rtp-ttl is not a parameter of media-policy on ${older.url}, which runs S-Cz8.1.0 (an older release than the catalog, S-Cz8.4.0); ` +
      `the catalog has it from S-Cz8.2.0: leave it out for this SBC; nothing was changed on ${older.url}`,
  );
  const after = stats(older);
  expect(after.lockAcquisitions).toBe(before.lockAcquisitions);
  expect(after.mutatingRequests).toBe(before.mutatingRequests);
  expect(after.metadataRequests - before.metadataRequests).toBe(2);
  expect(running(older, "media-policy")).toEqual([]);
  // Without the parameter the same SBC takes it, asking nothing more of its metadata than its list of types (the check for staged changes).
  await elementOperations.create(inputs(older, "media-policy", { name: "voice" }));
  expect(stats(older).metadataRequests - before.metadataRequests).toBe(3);
});

test("on the catalog's release, an up of known names asks only the release and the list of types, once per SBC per run", async () => {
  const fresh = await startEmulator({});
  started.push(fresh);
  await elementOperations.create(inputs(fresh, "media-policy", { name: "video" }));
  await elementOperations.create(inputs(fresh, "media-policy", { name: "fax" }));
  // The release (for the check) and the list of types (for the check for staged changes), shared by both creates.
  expect(stats(fresh).metadataRequests).toBe(2);
});

describe("a TypeScript program through the dynamic provider's typed classes and ConfigElement", () => {
  test("extraAttributes, extraSubElements and a type only the newer SBC knows apply; a second up is no change; a changed extra attribute is an update of it", async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-extras-")), "state.json");
    const engine = (extra: Record<string, string> = {}) =>
      new Engine({ programDir: path.join(__dirname, "fixtures", "programs", "extras"), stateFile, config: { "sbc:host": newer.url, "sbc:username": "admin", "sbc:password": "admin", ...extra }, secretConfigKeys: ["sbc:password"] });
    const up = await engine().up();
    expect(up.errors).toEqual([]);
    expect(running(newer, "translation-rules").find((r) => r.attributes.id === "hdr-from")?.attributes["output-header-type"]).toBe("P-Asserted-Identity");
    expect(running(newer, "session-translation").find((t) => t.attributes.id === "hdr")?.subElements[0].attributes["rule-id"]).toBe("hdr-from");
    expect(running(newer, "ikev2-ipsec-wancom0-params").find((t) => t.attributes.name === "oam-ts")?.attributes.remoteip).toBe("198.51.100.9");
    // The state records the extra attributes the program sets, as the SBC holds them, among the element's attributes.
    const rule = (JSON.parse(fs.readFileSync(stateFile, "utf8")) as { resources: { urn: string; outputs: { attributes: Record<string, unknown> } }[] }).resources.find((r) => r.urn.endsWith("::rule"));
    expect(rule?.outputs.attributes).toMatchObject({ "input-header-type": "From", "output-header-type": "P-Asserted-Identity" });
    const again = await engine().up();
    expect(again.errors).toEqual([]);
    expect(again.steps.filter((s) => s.op !== "same")).toEqual([]);
    const changed = await engine({ "test:headerType": "To" }).up();
    expect(changed.errors).toEqual([]);
    expect(changed.steps.filter((s) => s.op !== "same").map((s) => [s.urn.split("::").pop(), s.op])).toEqual([["rule", "update"]]);
    expect(running(newer, "translation-rules").find((r) => r.attributes.id === "hdr-from")?.attributes["input-header-type"]).toBe("To");
  }, 120_000);
});

test("after an SBC upgrade adds attributes to an element, a refresh records only what the program sets: nothing shows as drift the program made", async () => {
  const sbc = await startEmulator({});
  started.push(sbc);
  const { id, outs } = await elementOperations.create(inputs(sbc, "media-policy", { name: "upgraded" }));
  // What an upgrade does to the element: attributes of the new release appear, at their defaults.
  for (const store of ["editing", "saved", "running"] as const) {
    const element = sbc.sbc.store.stores[store].get("media-policy")!.find((e) => e.attributes.name === "upgraded")!;
    element.attributes["rtp-marking"] = "disabled";
  }
  const refreshed = await elementOperations.read(id, outs);
  expect(refreshed.inputs?.attributes).toEqual({ name: "upgraded" });
  expect(refreshed.props?.attributes).toEqual({ name: "upgraded" });
  const diff = await elementOperations.diff(id, refreshed.props!, inputs(sbc, "media-policy", { name: "upgraded" }));
  expect(diff.changes).toBe(false);
});
