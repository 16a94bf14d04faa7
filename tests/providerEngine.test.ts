/**
 * The provider as the engine drives it: the real dynamic-provider plugin over gRPC (tests/harness),
 * against the emulator, one stack's life from first `up` to `destroy`. The tests in the first block
 * run in order and share the stack state.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, EngineOptions } from "./harness/engine";
import { useEmulator } from "./support/emulator";
import { builtinCatalog } from "../client/catalog/catalog";
import { ConfigElement } from "../client/types";

const PASSWORD = "Zq8-unusual-Pa55word";
const emulator = useEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 20 });
const PROGRAMS = path.join(__dirname, "fixtures", "programs");

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sbc-stack-"));
}

function running(type: string): ConfigElement[] {
  return emulator().sbc.store.stores.running.get(type) ?? [];
}

function editing(type: string): ConfigElement[] {
  return emulator().sbc.store.stores.editing.get(type) ?? [];
}

function realmIds(): string[] {
  return running("realm-config").map((r) => r.attributes.identifier as string);
}

function counters(): { mutating: number; locks: number; requests: number; metadata: number } {
  const { stats } = emulator().sbc;
  return { mutating: stats.mutatingRequests, locks: stats.lockAcquisitions, requests: stats.requests, metadata: stats.metadataRequests };
}

function basicEngine(stateFile: string, extra: Record<string, string> = {}, options: Partial<EngineOptions> = {}): Engine {
  return new Engine({
    programDir: path.join(PROGRAMS, "basic"),
    stateFile,
    config: { "sbc:host": emulator().url, "sbc:username": "admin", "sbc:password": PASSWORD, ...extra },
    secretConfigKeys: ["sbc:password"],
    ...options,
  });
}

function opsOf(result: { steps: { urn: string; op: string }[] }): Record<string, string> {
  return Object.fromEntries(result.steps.map((s) => [s.urn.split("::").pop()!, s.op]));
}

describe("one stack's life against the emulator", () => {
  const dir = tempDir();
  const stateFile = path.join(dir, "state.json");
  let before: Map<string, ConfigElement[]>;

  test("first up creates everything, committed to running, the lock released", async () => {
    before = structuredClone(emulator().sbc.store.stores.running);
    const result = await basicEngine(stateFile).up();
    expect(result.errors).toEqual([]);
    expect(opsOf(result)).toEqual({ "core-realm": "create", "core-sip": "create", ntp: "create" });
    expect(realmIds()).toEqual(["core"]);
    const [sip] = running("sip-interface");
    expect(sip.attributes["realm-id"]).toBe("core");
    expect(sip.subElements.map((s) => s.attributes.port)).toEqual(["5060"]);
    expect(running("ntp-config")[0].attributes.server).toEqual(["10.0.0.123"]);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
    const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
    const realm = state.resources.find((r: { urn: string }) => r.urn.endsWith("core-realm"));
    expect(realm.id).toBe("realm-config/identifier=core");
    expect(realm.type).toBe("pulumi-nodejs:dynamic/sbc:RealmConfig");
    // Outputs record the attributes the program sets, as the SBC returned them, and no default it filled in.
    expect(realm.outputs.attributes.identifier).toBe("core");
    expect(realm.outputs.attributes).not.toHaveProperty("mm-in-realm");
    expect(realm.outputs.key).toEqual({ identifier: "core" });
    // __provider only names the implementation by package: no paths, versions or values that an upgrade would change.
    const provider = String(realm.inputs.__provider);
    expect(provider).toContain('require("pulumi-oracle-sbc/runtime")');
    expect(provider).not.toMatch(/\/work\/|node_modules|dist\/|\d+\.\d+\.\d+|http:/);
    expect(provider.length).toBeLessThan(4000);
  });

  test("a second up with no change makes no mutating request and takes no lock", async () => {
    const start = counters();
    const result = await basicEngine(stateFile).up();
    expect(result.errors).toEqual([]);
    expect(Object.values(opsOf(result))).toEqual(["same", "same", "same"]);
    const end = counters();
    expect(end.mutating).toBe(start.mutating);
    expect(end.locks).toBe(start.locks);
  });

  test("preview makes no request to the SBC at all", async () => {
    const start = counters();
    const result = await basicEngine(stateFile, { "test:description": "changed in preview" }).preview();
    expect(opsOf(result)["core-realm"]).toBe("update");
    expect(counters().requests).toBe(start.requests);
    expect(running("realm-config")[0].attributes.description).toBe("core network");
  });

  test("a non-key change updates in place", async () => {
    const result = await basicEngine(stateFile, { "test:description": "the core" }).up();
    expect(result.errors).toEqual([]);
    expect(opsOf(result)).toEqual({ "core-realm": "update", "core-sip": "same", ntp: "same" });
    expect(running("realm-config")[0].attributes.description).toBe("the core");
  });

  test("a sub-element change updates the parent in place", async () => {
    const result = await basicEngine(stateFile, { "test:description": "the core", "test:sipPort": "5070" }).up();
    expect(opsOf(result)["core-sip"]).toBe("update");
    expect(running("sip-interface")[0].subElements.map((s) => s.attributes.port)).toEqual(["5070"]);
  });

  test("a key change replaces the element (and its dependents), old ones deleted after — but a sip-interface keeping its sip-port before", async () => {
    const result = await basicEngine(stateFile, { "test:realm": "edge", "test:description": "the core", "test:sipPort": "5070" }).up();
    expect(result.errors).toEqual([]);
    // The new sip-interface takes the old one's sip-port, which verify refuses twice: the old goes first (its last step is the replace, not a delete).
    expect(opsOf(result)).toMatchObject({ "core-realm": "delete", "core-sip": "replace", ntp: "same" });
    expect(result.steps.filter((s) => s.op === "replace").map((s) => s.urn.split("::").pop()).sort()).toEqual(["core-realm", "core-sip"]);
    expect(realmIds()).toEqual(["edge"]);
    expect(running("sip-interface").map((s) => s.attributes["realm-id"])).toEqual(["edge"]);
  });

  test("refresh after an out-of-band change shows the drift, and the next up repairs it", async () => {
    const realm = editing("realm-config")[0];
    realm.attributes.description = "changed on the ACLI";
    emulator().sbc.store.copy("editing", "saved");
    emulator().sbc.store.copy("editing", "running");
    const config = { "test:realm": "edge", "test:description": "the core", "test:sipPort": "5070" };
    const refreshed = await basicEngine(stateFile, config).refresh();
    expect(refreshed.errors).toEqual([]);
    const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
    const stored = state.resources.find((r: { urn: string }) => r.urn.endsWith("core-realm"));
    expect(stored.outputs.attributes.description).toBe("changed on the ACLI");
    const preview = await basicEngine(stateFile, config).preview();
    expect(opsOf(preview)["core-realm"]).toBe("update");
    const repaired = await basicEngine(stateFile, config).up();
    expect(opsOf(repaired)["core-realm"]).toBe("update");
    expect(running("realm-config")[0].attributes.description).toBe("the core");
  });

  test("refresh of an element deleted out of band drops it; the next up re-creates it", async () => {
    emulator().sbc.store.stores.editing.delete("sip-interface");
    emulator().sbc.store.copy("editing", "saved");
    emulator().sbc.store.copy("editing", "running");
    const config = { "test:realm": "edge", "test:description": "the core", "test:sipPort": "5070" };
    const refreshed = await basicEngine(stateFile, config).refresh();
    expect(opsOf(refreshed)["core-sip"]).toBe("drop");
    const result = await basicEngine(stateFile, config).up();
    expect(opsOf(result)["core-sip"]).toBe("create");
    expect(running("sip-interface")).toHaveLength(1);
  });

  test("removing a resource from the program deletes it from the SBC", async () => {
    const result = await basicEngine(stateFile, { "test:realm": "edge", "test:description": "the core", "test:withSip": "false" }).up();
    expect(result.errors).toEqual([]);
    expect(opsOf(result)["core-sip"]).toBe("delete");
    expect(running("sip-interface")).toEqual([]);
  });

  test("destroy leaves the SBC as before the first up; the ntp-config singleton stays, with what the program set back at its default", async () => {
    const result = await basicEngine(stateFile).destroy();
    expect(result.errors).toEqual([]);
    expect(JSON.parse(fs.readFileSync(stateFile, "utf8")).resources).toEqual([]);
    const after = emulator().sbc.store.stores.running;
    for (const [type, elements] of before) expect([type, after.get(type) ?? []]).toEqual([type, elements]);
    expect(realmIds()).toEqual([]);
    expect(running("ntp-config")).toHaveLength(1);
    expect(running("ntp-config")[0].attributes.server).toEqual([]);
    expect(result.providerOutput).toMatch(/ntp-config is a single-instance element .* stays on the SBC; what the program set \(server\) is back at its default/);
  });
});

describe("adopting existing configuration", () => {
  const ACLI = { user: "admin", address: "acli" };

  /** Puts `element` on the SBC as an ACLI user would: edited, saved and activated. */
  function madeOnTheAcli(element: ConfigElement): void {
    const { store } = emulator().sbc;
    const exists = (store.stores.editing.get(element.elementType) ?? []).length > 0;
    if (builtinCatalog.get(element.elementType)!.singleton && exists) store.update(element, ACLI);
    else store.create(element, ACLI);
    store.copy("editing", "saved");
    store.copy("editing", "running");
  }

  test("without adopt a clash fails with a message naming adopt; with adopt the element is taken over, and only what differs is written", async () => {
    const dir = tempDir();
    madeOnTheAcli({ elementType: "realm-config", attributes: { identifier: "legacy", description: "made on the ACLI", "addr-prefix": "10.0.0.0/24" }, subElements: [] });
    const config = { "test:realm": "legacy", "test:withSip": "false", "test:withNtp": "false" };
    const refused = await basicEngine(path.join(dir, "a.json"), config).up();
    expect(refused.errors.join("\n")).toMatch(/realm-config \[identifier=legacy\]: create failed on \S+: it already exists.*other values in description.*adopt: true/);
    expect(running("realm-config").find((r) => r.attributes.identifier === "legacy")!.attributes.description).toBe("made on the ACLI");
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();

    const updates = jest.spyOn(emulator().sbc.store, "update");
    try {
      const adopted = await basicEngine(path.join(dir, "b.json"), { ...config, "test:adopt": "true" }).up();
      expect(adopted.errors).toEqual([]);
      // The key and the one attribute that differs; addr-prefix already holds what the program sets.
      expect(updates.mock.calls.map(([given]) => given.attributes)).toEqual([{ identifier: "legacy", description: "core network" }]);
    } finally {
      updates.mockRestore();
    }
    const realm = running("realm-config").find((r) => r.attributes.identifier === "legacy")!;
    expect(realm.attributes.description).toBe("core network");
    expect(realm.attributes["addr-prefix"]).toBe("10.0.0.0/24");
    await basicEngine(path.join(dir, "b.json"), config).destroy();
  });

  test.each([
    ["activate", 0],
    // Only running can be read consistently without the lock: in the other modes the check is made holding it.
    ["save", expect.any(Number)],
  ])("adopting what already holds the program's values (commit %s) writes nothing and commits nothing: last-modified-* stay as they were", async (commit, locks) => {
    const dir = tempDir();
    madeOnTheAcli({ elementType: "realm-config", attributes: { identifier: `held-${commit}`, description: "core network", "addr-prefix": "10.0.0.0/24" }, subElements: [] });
    madeOnTheAcli({ elementType: "ntp-config", attributes: { server: ["10.0.0.123"] }, subElements: [] });
    const held = () => [...running("realm-config").filter((r) => r.attributes.identifier === `held-${commit}`), ...running("ntp-config")];
    const before = structuredClone(held());
    expect(before.map((e) => e.attributes["last-modified-by"])).toEqual(["REST-admin@acli", "REST-admin@acli"]);
    const start = counters();
    const operationsBefore = { ...emulator().sbc.operations.completed };
    const config = { "test:realm": `held-${commit}`, "test:adopt": "true", "test:withSip": "false", "sbc:commit": commit };
    const adopted = await basicEngine(path.join(dir, "s.json"), config).up();
    expect(adopted.errors).toEqual([]);
    expect(opsOf(adopted)).toEqual({ "core-realm": "create", ntp: "create" });
    expect(counters().mutating - start.mutating).toBe(0);
    expect(counters().locks - start.locks).toEqual(locks);
    expect(emulator().sbc.operations.completed).toEqual(operationsBefore);
    expect(held()).toEqual(before);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
    expect((await basicEngine(path.join(dir, "s.json"), config).destroy()).errors).toEqual([]);
    // Commit "save" does not activate: what the destroy saved goes live here, for the tests after this one.
    emulator().sbc.store.copy("editing", "running");
  });
});

describe("errors reach the user before anything changes", () => {
  test("an unknown attribute fails preview and up at check, naming the attribute; only the SBC's metadata is read", async () => {
    const dir = tempDir();
    const start = counters();
    const config = { "test:badAttribute": "warp-factor", "test:withSip": "false", "test:withNtp": "false", "test:realm": "fine" };
    const preview = await basicEngine(path.join(dir, "s.json"), config).preview();
    expect(preview.errors.join("\n")).toMatch(/check failed: attributes\.warp-factor: realm-config: warp-factor is not an attribute of realm-config/);
    // The catalog lacks it, so the SBC's metadata decides (docs/sbc-metadata.md): the login, its release and realm-config's metadata; nothing else.
    expect(counters()).toEqual({ mutating: start.mutating, locks: start.locks, requests: start.requests + 3, metadata: start.metadata + 2 });
    const up = await basicEngine(path.join(dir, "s.json"), config).up();
    expect(up.errors.join("\n")).toMatch(/warp-factor is not an attribute/);
    await basicEngine(path.join(dir, "s.json"), config).destroy();
  });

  test("a commit failure names the step and the SBC's message, leaves nothing staged and no lock", async () => {
    const dir = tempDir();
    const engine = new Engine({
      programDir: path.join(PROGRAMS, "orphan"),
      stateFile: path.join(dir, "s.json"),
      config: { "sbc:host": emulator().url, "sbc:username": "admin", "sbc:password": PASSWORD },
    });
    const result = await engine.up();
    expect(result.errors.join("\n")).toMatch(/sip-interface \[realm-id=nowhere\]: verify failed on \S+: .*realm-id references realm-config "nowhere", which does not exist/);
    expect(editing("sip-interface").filter((s) => s.attributes["realm-id"] === "nowhere")).toEqual([]);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
    expect(engine.loadState().resources).toEqual([]);
  });
});

describe("credentials", () => {
  test("a password given on the resource is secret in state and absent from __provider", async () => {
    const dir = tempDir();
    const stateFile = path.join(dir, "state.json");
    const engine = new Engine({
      programDir: path.join(PROGRAMS, "inlineConnection"),
      stateFile,
      config: { "test:host": emulator().url, "test:username": "admin", "test:password": PASSWORD },
      secretConfigKeys: ["test:password"],
    });
    const result = await engine.up();
    expect(result.errors).toEqual([]);
    expect(realmIds()).toContain("edge");
    const text = fs.readFileSync(stateFile, "utf8");
    expect(text).not.toContain(PASSWORD);
    const [resource] = engine.loadState().resources;
    expect(String(resource.inputs.__provider)).not.toContain(PASSWORD);
    expect(resource.secretProperties).toContain("connectionPassword");
    expect(resource.inputs.connection).toEqual({ host: emulator().url, username: "admin" });
    expect(result.providerOutput).not.toContain(PASSWORD);
    const destroyed = await engine.destroy();
    expect(destroyed.errors).toEqual([]);
    expect(realmIds()).not.toContain("edge");
  });

  test("a password from stack config never reaches state", async () => {
    const dir = tempDir();
    const stateFile = path.join(dir, "state.json");
    const engine = basicEngine(stateFile, { "test:realm": "cfg", "test:withSip": "false", "test:withNtp": "false" });
    expect((await engine.up()).errors).toEqual([]);
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain(PASSWORD);
    await engine.destroy();
  });

  test("the connection can come from SBC_* environment variables alone", async () => {
    const dir = tempDir();
    const engine = new Engine({
      programDir: path.join(PROGRAMS, "basic"),
      stateFile: path.join(dir, "s.json"),
      config: { "test:realm": "from-env", "test:withSip": "false", "test:withNtp": "false" },
      env: { SBC_HOST: emulator().url, SBC_USERNAME: "admin", SBC_PASSWORD: PASSWORD },
    });
    expect((await engine.up()).errors).toEqual([]);
    expect(realmIds()).toContain("from-env");
    expect((await engine.destroy()).errors).toEqual([]);
  });

  test("without any connection settings the error says where to set them", async () => {
    const dir = tempDir();
    const engine = new Engine({
      programDir: path.join(PROGRAMS, "basic"),
      stateFile: path.join(dir, "s.json"),
      config: { "test:withSip": "false", "test:withNtp": "false" },
      env: { SBC_HOST: "", SBC_USERNAME: "", SBC_PASSWORD: "" },
    });
    const result = await engine.up();
    expect(result.errors.join("\n")).toMatch(/no SBC host, username, password configured: set connection\.host, stack config sbc:host or SBC_HOST/);
  });
});
