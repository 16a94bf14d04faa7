/**
 * The native `sbc` plugin as the engine drives it over gRPC, in process, against the emulator:
 * config and its secrets, check with property paths in the schema's names, property-level diffs
 * (update, replace with the key that causes it), preview that never touches the SBC, create,
 * update, refresh, import by id, delete, and Cancel waiting for lock sessions.
 */
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { ConfigElement } from "../client/types";
import { describeRealmByHand, useEmulator } from "./support/emulator";
import { NativePlugin, secret, SECRET_SIG, startNativePlugin, struct, UNKNOWN } from "./support/nativeProvider";

const PASSWORD = "Zq8-native-Pa55word";
const emulator = useEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 5 });
const REALM = "sbc:index:RealmConfig";
const SIP = "sbc:index:SipInterface";
const NTP = "sbc:index:NtpConfig";
const SNMP_USER = "sbc:index:SnmpUserEntry";
const { Kind } = rpc.PropertyDiff;

let native: NativePlugin;
beforeAll(async () => {
  native = await startNativePlugin();
});
afterAll(async () => {
  await native.close();
});

function running(type: string): ConfigElement[] {
  return emulator().sbc.store.stores.running.get(type) ?? [];
}

function config(): Record<string, unknown> {
  // As the engine sends stack config: strings, the password a secret.
  return { host: emulator().url, username: "admin", password: secret(PASSWORD), commit: "activate", lockTimeoutSeconds: "30" };
}

describe("plugin info, schema and config", () => {
  test("GetPluginInfo names the package's version; GetSchema serves the sbc schema", async () => {
    const info = await native.call<Empty, plugin.PluginInfo>("getPluginInfo", new Empty());
    expect(info.getVersion()).toBe(require("../package.json").version);
    const schema = await native.call<rpc.GetSchemaRequest, rpc.GetSchemaResponse>("getSchema", new rpc.GetSchemaRequest());
    const parsed = JSON.parse(schema.getSchema());
    expect(parsed.name).toBe("sbc");
    expect(parsed.resources[REALM].inputProperties.identifier.type).toBe("string");
  });

  test("CheckConfig names an unknown setting and a refused value by their keys; stack-config strings and typed values both read", async () => {
    const check = async (news: Record<string, unknown>) =>
      (await native.call<rpc.CheckRequest, rpc.CheckResponse>("checkConfig", new rpc.CheckRequest().setNews(struct(news)))).getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
    expect(await check({ ...config(), insecure: "false", lockTimeoutSeconds: 30, version: "0.1.0" })).toEqual([]);
    expect(await check({ ...config(), commit: "sometimes", hots: "x" })).toEqual([
      ["hots", expect.stringMatching(/^sbc:hots is not a setting of the sbc provider; its settings are host, username, password/)],
      ["commit", "sbc:commit must be one of activate, save, none; got \"sometimes\""],
    ]);
    expect(await check({ insecure: "maybe" })).toEqual([["insecure", expect.stringMatching(/sbc:insecure must be true or false/)]]);
  });

  test("DiffConfig: another host replaces the provider (and with it its elements); another password updates it", async () => {
    const diff = async (olds: Record<string, unknown>, news: Record<string, unknown>) =>
      (await native.call<rpc.DiffRequest, rpc.DiffResponse>("diffConfig", new rpc.DiffRequest().setOlds(struct(olds)).setNews(struct(news)))).toObject();
    const host = await diff(config(), { ...config(), host: "https://other.example.net" });
    expect(host).toMatchObject({ changes: rpc.DiffResponse.DiffChanges.DIFF_SOME, replacesList: ["host"] });
    const password = await diff(config(), { ...config(), password: secret("new") });
    expect(password).toMatchObject({ changes: rpc.DiffResponse.DiffChanges.DIFF_SOME, replacesList: [], diffsList: ["password"] });
    expect((await diff(config(), config())).changes).toBe(rpc.DiffResponse.DiffChanges.DIFF_NONE);
  });

  test("Configure refuses a password that arrives in plain text, which the CLI would keep in the state in clear", async () => {
    await expect(native.configure({ ...config(), password: PASSWORD })).rejects.toThrow(
      "sbc:password is set in plain text, and the CLI would store it in the stack's state in clear: set it as a secret with `pulumi config set --secret sbc:password <password>`, or give an explicit provider a secret value",
    );
  });

  test("Configure accepts secrets and supports preview", async () => {
    const res = await native.configure(config());
    expect(res.getAcceptsecrets()).toBe(true);
    expect(res.getSupportspreview()).toBe(true);
  });
});

describe("one realm and its sip-interface through the native plugin", () => {
  const realmInputs = { identifier: "native", description: "a", mmInRealm: "enabled" };
  let realm: { id: string; properties: Record<string, unknown> };

  beforeAll(async () => {
    await native.configure(config());
  });

  test("Check: failures name the schema's properties, nested ones included, with the dynamic path's reasons", async () => {
    // Another key than the lifecycle's: Check records the program's claim on a key, and a delete of a claimed element is skipped (keyClaims.ts).
    const checked = { ...realmInputs, identifier: "checked" };
    expect((await native.check(REALM, "checked", checked)).failures).toEqual([]);
    const typo = await native.check(REALM, "checked", { ...checked, descripton: "x" });
    expect(typo.failures).toEqual([{ property: "descripton", reason: expect.stringMatching(/^realm-config: descripton is not a property of realm-config; its properties are identifier, description, /) }]);
    const bad = await native.check(SIP, "sip", { realmId: "checked", sipPorts: [{ address: "192.0.2.10", port: 70000, transportProtocol: "UDP" }] });
    expect(bad.failures).toEqual([{ property: "sipPorts[0].port", reason: "sip-interface: sip-port[0].port must be at most 65535, got 70000" }]);
    const wrongEnum = await native.check(REALM, "checked", { ...checked, mmInRealm: "yes" });
    expect(wrongEnum.failures).toEqual([{ property: "mmInRealm", reason: expect.stringMatching(/mm-in-realm must be one of enabled, disabled; got "yes"/) }]);
  });

  test("Check keeps the SBC's 0xB8 where a YAML program from pulumi import reads it as the number 184; another number is the program's", async () => {
    const POLICY = "sbc:index:MediaPolicy";
    const imported = { name: "voice-ef", tosSettings: [{ mediaType: "audio", tosValue: "0xB8" }] };
    const asYamlReadsIt = { name: "voice-ef", tosSettings: [{ mediaType: "audio", tosValue: 184 }] };
    expect((await native.check(POLICY, "voice", asYamlReadsIt, imported)).inputs).toEqual(imported);
    const other = { name: "voice-ef", tosSettings: [{ mediaType: "audio", tosValue: 136 }] };
    expect((await native.check(POLICY, "voice", other, imported)).inputs).toEqual(other);
    expect((await native.check(POLICY, "voice", asYamlReadsIt)).inputs).toEqual(asYamlReadsIt);
  });

  test("Create in preview answers the program's values and unknown for what the SBC decides, without a request to the SBC", async () => {
    const before = emulator().sbc.stats.requests;
    const preview = await native.create(REALM, "core", realmInputs, true);
    expect(preview.properties).toMatchObject({ identifier: "native", description: "a", mmInRealm: "enabled", addrPrefix: UNKNOWN });
    expect(emulator().sbc.stats.requests).toBe(before);
  });

  test("Create writes the element to the SBC's running config and answers typed properties under the dynamic path's id", async () => {
    realm = await native.create(REALM, "core", realmInputs);
    expect(realm.id).toBe("realm-config/identifier=native");
    expect(realm.properties).toMatchObject({ identifier: "native", description: "a", mmInRealm: "enabled" });
    // The state keeps what the program sets, as the SBC returned it, and no attribute it leaves to the SBC.
    expect(realm.properties.addrPrefix).toBeUndefined();
    expect(running("realm-config").find((r) => r.attributes.identifier === "native")?.attributes.description).toBe("a");
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();

    const sipInputs = { realmId: "native", sipPorts: [{ address: "192.0.2.10", port: 5060, transportProtocol: "UDP" }] };
    const sip = await native.create(SIP, "sip", sipInputs);
    // The state keeps a sub-element by the attributes the program sets, as the SBC returned them.
    expect(sip.properties.sipPorts).toEqual(sipInputs.sipPorts);
    const samePorts = await native.diff(SIP, "sip", sip.id, sip.properties, sipInputs, sipInputs);
    expect(samePorts.changes).toBe(rpc.DiffResponse.DiffChanges.DIFF_NONE);
    // A sub-element list is shown against the program's old list: the SBC's copy holds every default of every port.
    const otherPort = await native.diff(SIP, "sip", sip.id, sip.properties, { ...sipInputs, sipPorts: [{ ...sipInputs.sipPorts[0], allowAnonymous: "agents-only" }] }, sipInputs);
    expect(otherPort.detaileddiffMap).toEqual([["sipPorts", { kind: Kind.UPDATE, inputdiff: true }]]);
    // Refresh keeps the program's port items while the SBC matches them, and records the SBC's when it does not.
    expect((await native.read(SIP, "sip", sip.id, sip.properties, sipInputs)).inputs.sipPorts).toEqual(sipInputs.sipPorts);
    const drifted = { ...sipInputs, sipPorts: [{ ...sipInputs.sipPorts[0], allowAnonymous: "registered" }] };
    // A program item the SBC does not match is recorded as the SBC holds it, in the shape the state keeps, so the next diff shows the change.
    const recorded = (await native.read(SIP, "sip", sip.id, sip.properties, drifted)).inputs.sipPorts;
    expect(recorded).toEqual(sipInputs.sipPorts);
    expect(recorded).not.toEqual(drifted.sipPorts);
    // An import records the sub-elements too, as a program writes them, so the program it generates keeps the ports.
    expect((await native.read(SIP, "imported", "sip-interface/realm-id=native")).inputs).toEqual(sipInputs);
    await native.delete(SIP, "sip", sip.id, sip.properties, sipInputs);
  });

  test("Diff names the changed property: description \"a\" => \"b\" is an update; a new identifier replaces, caused by identifier", async () => {
    const update = await native.diff(REALM, "core", realm.id, realm.properties, { ...realmInputs, description: "b" }, realmInputs);
    expect(update).toMatchObject({ changes: rpc.DiffResponse.DiffChanges.DIFF_SOME, replacesList: [], hasdetaileddiff: true, deletebeforereplace: false });
    expect(update.detaileddiffMap).toEqual([["description", { kind: Kind.UPDATE, inputdiff: false }]]);
    expect(update.stablesList).toEqual(["identifier"]);

    const replace = await native.diff(REALM, "core", realm.id, realm.properties, { ...realmInputs, identifier: "native2" }, realmInputs);
    expect(replace.replacesList).toEqual(["identifier"]);
    expect(replace.detaileddiffMap).toEqual([["identifier", { kind: Kind.UPDATE_REPLACE, inputdiff: false }]]);

    const none = await native.diff(REALM, "core", realm.id, realm.properties, realmInputs, realmInputs);
    expect(none.changes).toBe(rpc.DiffResponse.DiffChanges.DIFF_NONE);

    const dropped = await native.diff(REALM, "core", realm.id, realm.properties, { identifier: "native", mmInRealm: "enabled" }, realmInputs);
    expect(dropped.detaileddiffMap).toEqual([["description", { kind: Kind.DELETE, inputdiff: false }]]);

    const unknown = await native.diff(REALM, "core", realm.id, realm.properties, { ...realmInputs, identifier: UNKNOWN }, realmInputs);
    expect(unknown.replacesList).toEqual(["identifier"]);
  });

  test("Update in preview keeps what the SBC holds, the program's values over it, without a request; Update changes the SBC", async () => {
    const before = emulator().sbc.stats.requests;
    const preview = await native.update(REALM, "core", realm.id, realm.properties, { identifier: "native", mmInRealm: "enabled" }, realmInputs, true);
    expect(preview).toMatchObject({ identifier: "native", description: UNKNOWN, mmInRealm: "enabled" });
    expect(emulator().sbc.stats.requests).toBe(before);

    const updated = await native.update(REALM, "core", realm.id, realm.properties, { ...realmInputs, description: "b" }, realmInputs);
    expect(updated).toMatchObject({ identifier: "native", description: "b" });
    expect(running("realm-config").find((r) => r.attributes.identifier === "native")?.attributes.description).toBe("b");
    realm = { ...realm, properties: updated };
  });

  test("Read (refresh) sees a change made by hand, in the properties and in the program's inputs", async () => {
    await describeRealmByHand(emulator(), PASSWORD, "native", "by hand");
    const read = await native.read(REALM, "core", realm.id, realm.properties, { ...realmInputs, description: "b" });
    expect(read.id).toBe(realm.id);
    expect(read.properties.description).toBe("by hand");
    expect(read.inputs).toEqual({ identifier: "native", description: "by hand", mmInRealm: "enabled" });
  });

  test("Read with only an id imports the element: the id the dynamic path writes or the bare key; inputs are its key and what differs from defaults", async () => {
    for (const id of ["realm-config/identifier=native", "native"]) {
      const read = await native.read(REALM, "imported", id);
      expect(read.id).toBe("realm-config/identifier=native");
      expect(read.inputs).toEqual({ identifier: "native", description: "by hand", mmInRealm: "enabled" });
      expect(read.properties).toMatchObject({ identifier: "native", addrPrefix: "0.0.0.0" });
    }
    expect((await native.read(REALM, "imported", "missing")).id).toBe("");
    await expect(native.read(REALM, "imported", "sip-interface/realm-id=native")).rejects.toThrow(
      /import id "sip-interface\/realm-id=native" does not name a realm-config: write it as realm-config\/identifier=<identifier> or <identifier> alone/,
    );
  });

  test("Delete removes the element from the SBC, the lock released", async () => {
    await native.delete(REALM, "core", realm.id, realm.properties, realmInputs);
    expect(running("realm-config").some((r) => r.attributes.identifier === "native")).toBe(false);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  });
});

describe("secrets", () => {
  test("a secret attribute comes back secret, a sub-element list holding one too; a property the program sent as secret stays secret", async () => {
    await native.configure(config());
    const user = await native.create(SNMP_USER, "u", { userName: "poller", authPassword: "s3cret-auth" });
    expect(user.properties.authPassword).toEqual({ ...SECRET_SIG, value: "s3cret-auth" });
    expect(user.properties.userName).toBe("poller");
    await native.delete(SNMP_USER, "u", user.id, user.properties, { userName: "poller", authPassword: "s3cret-auth" });
    const authServers = [{ ipAddress: "192.0.2.1", keyId: 1, keyAttribute: "ntp-key" }];
    const ntp = await native.create(NTP, "ntp", { server: ["192.0.2.123"], authServers });
    expect(ntp.properties.authServers).toEqual({ ...SECRET_SIG, value: authServers });
    expect(ntp.properties.server).toEqual(["192.0.2.123"]);
    const realm = await native.create(REALM, "s", { identifier: "secretive", description: secret("hidden") });
    expect(realm.properties.description).toEqual({ ...SECRET_SIG, value: "hidden" });
    expect(realm.properties.identifier).toBe("secretive");
    await native.delete(REALM, "s", realm.id, realm.properties, { identifier: "secretive", description: "hidden" });
  });

  test("the connection password never appears in an error", async () => {
    await native.configure({ ...config(), host: "127.0.0.1:1", requestTimeoutSeconds: "1" });
    const err = await native.create(REALM, "x", { identifier: PASSWORD }).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain(PASSWORD);
    expect(String((err as Error).message)).toMatch(/realm-config \[identifier=\[redacted\]\]: login failed on https:\/\/127\.0\.0\.1:1: /);
  });
});

test("Cancel answers once no lock session is running", async () => {
  await native.configure(config());
  const creating = native.create(REALM, "c", { identifier: "cancel" });
  while (emulator().sbc.sessions.lockHolder() === undefined) await new Promise((resolve) => setTimeout(resolve, 2));
  await native.call("cancel", new Empty());
  expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  const created = await creating;
  expect(running("realm-config").some((r) => r.attributes.identifier === "cancel")).toBe(true);
  await native.delete(REALM, "c", created.id, created.properties, { identifier: "cancel" });
});
