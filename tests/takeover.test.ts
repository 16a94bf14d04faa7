/**
 * Taking over a brownfield SBC (issue 24) through the real plugin (tests/harness): `sbc-export` of
 * the brownfield emulator (307 elements), then `up`. Elements that hold what the program says are
 * not written — their `last-modified-*` stay as they were — and one that differs gets one PUT of
 * its key and what differs; the first refresh finds nothing that differs; and a destroy (the
 * harness does not honour protect, as `pulumi state unprotect --all` would not) runs to the end:
 * the released sip-config no longer names the realms the destroy deletes after it. The same under
 * the real CLI, protection included: tests/e2e/export.e2e.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, startEmulator } from "../emulator";
import { builtinCatalog } from "../client/catalog/catalog";
import { ConfigElement } from "../client/types";
import { printedConfig } from "./e2e/support/sbcExport";
import { Engine } from "./harness/engine";
import { runBin } from "./support/bins";
import { linkPackageModules } from "./support/exportedProject";

const PROJECT = "sbc-brownfield";
let sbc: EmulatorHandle;
let work: string;
let engine: Engine;

function everything(store: "running" | "saved" | "editing" = "running"): Map<string, ConfigElement[]> {
  return structuredClone(sbc.sbc.store.stores[store]);
}

function counters(): { mutating: number; locks: number; activations: number } {
  return { mutating: sbc.sbc.stats.mutatingRequests, locks: sbc.sbc.stats.lockAcquisitions, activations: sbc.sbc.operations.completed.activate };
}

beforeAll(async () => {
  sbc = await startEmulator({ seed: "brownfield", activateMs: 20 });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-takeover-"));
  const exported = await runBin("sbc-export", ["--out", work, "--name", PROJECT], { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" });
  if (exported.code !== 0) throw new Error(`sbc-export failed: ${exported.stderr}`);
  linkPackageModules(work);
  const secrets = Object.fromEntries(Object.entries(printedConfig(exported.stdout).secret).map(([key, value]) => [`${PROJECT}:${key}`, value]));
  engine = new Engine({
    programDir: work,
    stateFile: path.join(work, "state.json"),
    project: PROJECT,
    config: { "sbc:host": sbc.url, "sbc:username": "admin", "sbc:password": "admin", ...secrets },
    secretConfigKeys: ["sbc:password", ...Object.keys(secrets)],
  });
}, 60_000);

afterAll(async () => {
  await sbc?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("up takes every element over; only the one changed since the export is written, with its key and what differs", async () => {
  // Changed on the ACLI after the export: the program still says "IMS core".
  const { store } = sbc.sbc;
  store.update({ elementType: "realm-config", attributes: { identifier: "core", description: "changed on the ACLI" }, subElements: [] }, { user: "admin", address: "acli" });
  store.copy("editing", "saved");
  store.copy("editing", "running");
  const before = everything();
  const start = counters();
  const updates = jest.spyOn(store, "update");
  try {
    const up = await engine.up();
    expect(up.errors).toEqual([]);
    expect(up.steps).toHaveLength(307);
    expect(up.steps.every((s) => s.op === "create")).toBe(true);
    expect(updates.mock.calls.map(([given]) => given)).toEqual([{ elementType: "realm-config", attributes: { identifier: "core", description: "IMS core" }, subElements: [] }]);
  } finally {
    updates.mockRestore();
  }
  expect(counters().mutating - start.mutating).toBe(1);
  expect(counters().activations - start.activations).toBe(1);
  // Every other element as it was, last-modified-by/-date included.
  const after = everything();
  const core = (list: ConfigElement[]) => list.find((e) => e.attributes.identifier === "core")!;
  expect(core(after.get("realm-config")!).attributes.description).toBe("IMS core");
  expect(core(after.get("realm-config")!).attributes["last-modified-by"]).toMatch(/^REST-admin@/);
  after.set("realm-config", after.get("realm-config")!.filter((e) => e.attributes.identifier !== "core"));
  before.set("realm-config", before.get("realm-config")!.filter((e) => e.attributes.identifier !== "core"));
  expect(after).toEqual(before);
  expect(everything("editing")).toEqual(everything("running"));
  expect(sbc.sbc.sessions.lockHolder()).toBeUndefined();
}, 300_000);

test("the first refresh after the take-over finds nothing that differs, and records sub-elements as the program writes them", async () => {
  const refreshed = await engine.refresh();
  expect(refreshed.errors).toEqual([]);
  expect(refreshed.steps.filter((s) => s.op !== "read" || s.changed)).toEqual([]);
  // A sip-interface's recorded sip-ports: their key and what is off its default, not every default.
  const sip = engine.loadState().resources.find((r) => r.urn.endsWith("::sip_interface_core"))!;
  const ports = (sip.inputs.subElements as { attributes: Record<string, unknown> }[]).map((p) => p.attributes);
  expect(ports[0]).toEqual({ address: "10.0.0.10", port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" });
  const again = await engine.refresh();
  expect(again.steps.filter((s) => s.op !== "read" || s.changed)).toEqual([]);
}, 120_000);

test("a sub-element changed on the SBC still shows at refresh", async () => {
  const { store } = sbc.sbc;
  const sip = store.stores.editing.get("sip-interface")!.find((e) => e.attributes["realm-id"] === "core")!;
  const ports = structuredClone(sip.subElements);
  ports[0].attributes["allow-anonymous"] = "all";
  store.update({ elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: ports }, { user: "admin", address: "acli" });
  store.copy("editing", "saved");
  store.copy("editing", "running");
  const refreshed = await engine.refresh();
  expect(refreshed.steps.filter((s) => s.changed).map((s) => s.urn.split("::").pop())).toEqual(["sip_interface_core"]);
  // Put back as the program has it, for the destroy below.
  ports[0].attributes["allow-anonymous"] = "agents-only";
  store.update({ elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: ports }, { user: "admin", address: "acli" });
  store.copy("editing", "saved");
  store.copy("editing", "running");
}, 120_000);

test("destroy runs to the end: every element deleted, the singletons stay with what the program set back at its defaults", async () => {
  const destroyed = await engine.destroy();
  expect(destroyed.errors).toEqual([]);
  expect(engine.loadState().resources).toEqual([]);
  const left = everything();
  const singletons = builtinCatalog.types().filter((t) => t.singleton).map((t) => t.name);
  expect([...left].filter(([type, list]) => !singletons.includes(type) && list.length > 0)).toEqual([]);
  const sipConfig = left.get("sip-config")![0];
  expect(sipConfig.attributes["home-realm-id"]).toBe("");
  expect(sipConfig.attributes["egress-realm-id"]).toBe("");
  expect(everything("saved")).toEqual(left);
  expect(everything("editing")).toEqual(left);
  expect(sbc.sbc.sessions.lockHolder()).toBeUndefined();
}, 300_000);
