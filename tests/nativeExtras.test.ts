/**
 * Nothing the SBC holds is lost through the native plugin (issue 31, items 1 and 3): typed
 * resources and their sub-elements take `extraAttributes` and `extraSubElements` for what the
 * catalog does not list, and `sbc:index:ConfigElement` takes any element type the SBC has — with
 * check, property-level diff, create, import and refresh — against an emulator of a newer release
 * whose metadata has a type, a sub-element type and parameters the catalog lacks.
 */
import * as rpc from "@pulumi/pulumi/proto/provider_pb";
import { newerRelease } from "../emulator/metadataSets";
import { EmulatorHandle, startEmulator } from "../emulator";
import { NativePlugin, secret, startNativePlugin } from "./support/nativeProvider";

const TRANSLATION_RULES = "sbc:index:TranslationRules";
const SESSION_TRANSLATION = "sbc:index:SessionTranslation";
const TCP_MEDIA_PROFILE = "sbc:index:TcpMediaProfile";
const CONFIG_ELEMENT = "sbc:index:ConfigElement";
const { Kind } = rpc.PropertyDiff;

let sbc: EmulatorHandle;
let native: NativePlugin;
beforeAll(async () => {
  const release = newerRelease();
  sbc = await startEmulator({ catalog: release.catalog, release: release.release, activateMs: 5 });
  native = await startNativePlugin();
  await native.configure({ host: sbc.url, username: "admin", password: secret("admin"), lockTimeoutSeconds: "30" });
});
afterAll(async () => {
  await native.close();
  await sbc.close();
});

const running = (type: string) => sbc.sbc.store.stores.running.get(type) ?? [];

test("a typed resource's extraAttributes reach the SBC, come back by the SBC's names, and a change of one is a diff of that property alone", async () => {
  const inputs = { idAttribute: "to-e164", type: "add", addString: "+1", extraAttributes: { "input-header-type": "From", "output-header-type": "P-Asserted-Identity" } };
  expect((await native.check(TRANSLATION_RULES, "rule", inputs)).failures).toEqual([]);
  const created = await native.create(TRANSLATION_RULES, "rule", inputs);
  expect(running("translation-rules")[0].attributes).toMatchObject({ id: "to-e164", "input-header-type": "From", "output-header-type": "P-Asserted-Identity" });
  expect(created.properties.extraAttributes).toEqual(inputs.extraAttributes);
  const changed = { ...inputs, extraAttributes: { ...inputs.extraAttributes, "input-header-type": "To" } };
  const diff = await native.diff(TRANSLATION_RULES, "rule", created.id, created.properties, changed, inputs);
  expect(diff.detaileddiffMap).toEqual([['extraAttributes["input-header-type"]', expect.objectContaining({ kind: Kind.UPDATE })]]);
  expect(diff.diffsList).toEqual(["extraAttributes"]);
  const updated = await native.update(TRANSLATION_RULES, "rule", created.id, created.properties, changed, inputs);
  expect(updated.extraAttributes).toEqual(changed.extraAttributes);
  expect(running("translation-rules")[0].attributes["input-header-type"]).toBe("To");
});

test("an extra attribute the SBC's metadata lacks is refused at check, naming the SBC's release", async () => {
  const failures = (await native.check(TRANSLATION_RULES, "bad", { idAttribute: "bad", extraAttributes: { "input-headr-type": "From" } })).failures;
  expect(failures).toEqual([{
    property: 'extraAttributes["input-headr-type"]',
    reason: `translation-rules: input-headr-type is not an attribute of translation-rules on ${sbc.url}, which runs S-Cz9.3.0 (a newer release than the catalog, S-Cz8.4.0); did you mean "input-header-type"?`,
  }]);
});

test("extraSubElements carry a sub-element type the catalog lacks; a typed sub-element's extraAttributes carry its parameters the catalog lacks", async () => {
  const translation = { idAttribute: "e164", extraSubElements: [{ elementType: "session-trans-rule", attributes: { "rule-id": "to-e164", mandatory: "enabled" } }] };
  expect((await native.check(SESSION_TRANSLATION, "t", translation)).failures).toEqual([]);
  const t = await native.create(SESSION_TRANSLATION, "t", translation);
  expect(running("session-translation")[0].subElements[0].attributes).toMatchObject({ "rule-id": "to-e164", mandatory: "enabled" });
  expect(t.properties.extraSubElements).toEqual([{ elementType: "session-trans-rule", attributes: expect.objectContaining({ "rule-id": "to-e164", mandatory: "enabled" }) }]);

  const profile = { name: "msrp", tcpMediaProfileEntries: [{ mediaType: "message", transportProtocol: "TCP/MSRP", extraAttributes: { "msrp-cema-support": "enabled" } }] };
  expect((await native.check(TCP_MEDIA_PROFILE, "p", profile)).failures).toEqual([]);
  await native.create(TCP_MEDIA_PROFILE, "p", profile);
  expect(running("tcp-media-profile")[0].subElements[0].attributes).toMatchObject({ "media-type": "message", "msrp-cema-support": "enabled" });
});

test("ConfigElement manages a type only the SBC knows: check, create, a diff per attribute, import by id, delete", async () => {
  const inputs = { elementType: "ikev2-ipsec-wancom0-params", attributes: { name: "oam", state: "enabled", remoteip: "198.51.100.9", remoteport: 4500 } };
  expect((await native.check(CONFIG_ELEMENT, "oam", inputs)).failures).toEqual([]);
  const bad = await native.check(CONFIG_ELEMENT, "bad", { elementType: "ikev2-ipsec-wancom0-params", attributes: { name: "x", state: "maybe" } });
  expect(bad.failures).toEqual([{ property: 'attributes["state"]', reason: 'ikev2-ipsec-wancom0-params: state must be one of enabled, disabled; got "maybe"' }]);
  const created = await native.create(CONFIG_ELEMENT, "oam", inputs);
  expect(created.id).toBe("ikev2-ipsec-wancom0-params/name=oam");
  expect(created.properties).toMatchObject({ elementType: "ikev2-ipsec-wancom0-params", attributes: { name: "oam", state: "enabled", remoteip: "198.51.100.9", remoteport: "4500" }, key: { name: "oam" } });
  expect(running("ikev2-ipsec-wancom0-params")[0].attributes.remoteport).toBe("4500");

  const moved = { ...inputs, attributes: { ...inputs.attributes, remoteip: "198.51.100.10" } };
  const diff = await native.diff(CONFIG_ELEMENT, "oam", created.id, created.properties, moved, inputs);
  expect(diff.detaileddiffMap).toEqual([['attributes["remoteip"]', expect.objectContaining({ kind: Kind.UPDATE })]]);
  const rekeyed = await native.diff(CONFIG_ELEMENT, "oam", created.id, created.properties, { ...inputs, attributes: { ...inputs.attributes, name: "oam2" } }, inputs);
  expect(rekeyed.replacesList).toEqual(['attributes["name"]']);

  const imported = await native.read(CONFIG_ELEMENT, "imported", "ikev2-ipsec-wancom0-params/name=oam");
  expect(imported.id).toBe("ikev2-ipsec-wancom0-params/name=oam");
  // The program an import writes: the key and what is off the SBC's defaults, by the SBC's own metadata.
  expect(imported.inputs).toEqual({ elementType: "ikev2-ipsec-wancom0-params", attributes: { name: "oam", state: "enabled", remoteip: "198.51.100.9", remoteport: "4500" } });

  await native.delete(CONFIG_ELEMENT, "oam", created.id, created.properties, inputs);
  expect(running("ikev2-ipsec-wancom0-params")).toEqual([]);
});

test("a ConfigElement of a type neither the catalog nor the SBC has is one check failure that says so", async () => {
  const failures = (await native.check(CONFIG_ELEMENT, "x", { elementType: "realm-confg", attributes: { identifier: "x" } })).failures;
  expect(failures).toEqual([{
    property: "elementType",
    reason: `"realm-confg" is an element type neither of the catalog nor of ${sbc.url}, which runs S-Cz9.3.0 (a newer release than the catalog, S-Cz8.4.0); did you mean "realm-config"?`,
  }]);
});
