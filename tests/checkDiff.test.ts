/**
 * `check` and `diff` without any network: inputs validated offline against the built-in catalog,
 * and diffs of program inputs against outputs shaped as `create` stores them (the live element
 * with the SBC's defaults and `last-modified-*`, built here by the emulator's in-process store).
 */
import { builtinCatalog } from "../client/catalog/catalog";
import { ConfigElement } from "../client/types";
import { ConfigStore } from "../emulator/configStore";
import { checkInputs } from "../provider/core/elements/check";
import { ConnectionSettings, resolveConnection } from "../provider/core/connection/connection";
import { diffElement } from "../provider/core/elements/diff";
import { outputsOf } from "../provider/core/elements/elementOperations";
import { ElementInputs, ElementOutputs, toConfigElement, UNKNOWN } from "../provider/core/elements/elementState";

const PORT = { address: "192.0.2.10", port: "5060", "transport-protocol": "UDP" };

function check(news: Record<string, unknown>) {
  return checkInputs(builtinCatalog, news);
}

describe("check", () => {
  test("a valid realm-config passes", () => {
    expect(check({ elementType: "realm-config", attributes: { identifier: "core", "addr-prefix": "10.0.0.0/8", "max-bandwidth": "1000" } })).toEqual([]);
  });

  test("a valid sip-interface with sip-ports and a valid connection passes", () => {
    expect(
      check({
        elementType: "sip-interface",
        attributes: { "realm-id": "core", carriers: ["a", "b"] },
        subElements: [{ elementType: "sip-port", attributes: PORT }, { elementType: "sip-port", attributes: { ...PORT, port: "5061" } }],
        connection: { host: "sbc.example.net", commit: "save", lockTimeoutSeconds: 30 },
      }),
    ).toEqual([]);
  });

  test("an unknown attribute names the attribute", () => {
    const failures = check({ elementType: "realm-config", attributes: { identifier: "core", "no-such-thing": "x" } });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("attributes.no-such-thing");
    expect(failures[0].reason).toContain("no-such-thing");
    expect(failures[0].reason).toContain("is not an attribute of realm-config");
  });

  test("an invalid enum value lists the valid values", () => {
    const failures = check({ elementType: "realm-config", attributes: { identifier: "core", "mm-in-realm": "maybe" } });
    expect(failures).toEqual([{ property: "attributes.mm-in-realm", reason: expect.stringContaining("enabled, disabled") }]);
    expect(failures[0].reason).toContain('"maybe"');
  });

  test("an integer out of range", () => {
    const failures = check({ elementType: "realm-config", attributes: { identifier: "core", "nat-trust-threshold": "65536" } });
    expect(failures).toEqual([{ property: "attributes.nat-trust-threshold", reason: expect.stringContaining("at most 65535") }]);
    expect(check({ elementType: "realm-config", attributes: { identifier: "core", "deny-period": "-1" } })).toEqual([
      { property: "attributes.deny-period", reason: expect.stringContaining("at least 0") },
    ]);
    expect(check({ elementType: "realm-config", attributes: { identifier: "core", "deny-period": "soon" } })).toEqual([
      { property: "attributes.deny-period", reason: expect.stringContaining("whole number") },
    ]);
  });

  test("a missing key attribute", () => {
    const failures = check({ elementType: "realm-config", attributes: { description: "no name" } });
    expect(failures).toEqual([{ property: "attributes.identifier", reason: expect.stringContaining("key attribute") }]);
    expect(failures[0].reason).toContain("missing");
  });

  test("a list for a single-valued attribute", () => {
    const failures = check({ elementType: "realm-config", attributes: { identifier: "core", description: ["a", "b"] } });
    expect(failures).toEqual([{ property: "attributes.description", reason: expect.stringContaining("single value") }]);
  });

  test("a bad item of a list attribute stays an attribute property", () => {
    expect(check({ elementType: "ntp-config", attributes: { server: ["192.0.2.1", "not-an-ip"] } })).toEqual([
      { property: "attributes.server[1]", reason: expect.stringContaining("IPv4 or IPv6") },
    ]);
  });

  test("an unknown element type (checked offline) says where the catalog's 122 types are listed", () => {
    const failures = check({ elementType: "no-such-type", attributes: { identifier: "core" } });
    expect(failures).toEqual([{ property: "elementType", reason: "\"no-such-type\" is not a known SBC element type; docs/resources/README.md lists the catalog's types" }]);
  });

  test("a misspelt element type, attribute or sub-element type gets the closest known name, and a far-off one none", () => {
    expect(check({ elementType: "realm-konfig", attributes: { identifier: "core" } })).toEqual([
      { property: "elementType", reason: '"realm-konfig" is not a known SBC element type; did you mean "realm-config"?' },
    ]);
    expect(check({ elementType: "realm-config", attributes: { identifier: "core", "max-bandwith": "100" } })).toEqual([
      { property: "attributes.max-bandwith", reason: 'realm-config: max-bandwith is not an attribute of realm-config; did you mean "max-bandwidth"?' },
    ]);
    const sip = check({
      elementType: "sip-interface",
      attributes: { "realm-id": "core" },
      subElements: [{ elementType: "sip-prot", attributes: PORT }],
    });
    expect(sip).toEqual([{ property: "subElements.sip-prot[0]", reason: expect.stringMatching(/is not a sub-element of sip-interface .*; did you mean "sip-port"\?$/) }]);
    const [far] = check({ elementType: "realm-config", attributes: { identifier: "core", "no-such-thing": "x" } });
    expect(far.reason).not.toContain("did you mean");
  });

  test("a missing or non-string element type, or a malformed attribute map, is a shape failure", () => {
    expect(check({ attributes: {} })).toEqual([{ property: "elementType", reason: expect.any(String) }]);
    expect(check({ elementType: "realm-config", attributes: { identifier: 7 } })).toEqual([
      { property: "attributes", reason: expect.stringContaining("strings") },
    ]);
  });

  test("sub-element problems map to the sub-element's property", () => {
    const failures = check({
      elementType: "sip-interface",
      attributes: { "realm-id": "core" },
      subElements: [
        { elementType: "sip-port", attributes: { ...PORT, port: "70000" } },
        { elementType: "sip-port", attributes: { ...PORT, port: "5062", "transport-protocol": "QUIC" } },
      ],
    });
    expect(failures).toEqual([
      { property: "subElements.sip-port[0].attributes.port", reason: expect.stringContaining("at most 65535") },
      { property: "subElements.sip-port[1].attributes.transport-protocol", reason: expect.stringContaining("UDP, TCP, TLS, SCTP") },
    ]);
    expect(failures[0].reason).toContain("sip-port[0].port");
  });

  test("a sub-element missing a key attribute", () => {
    const { address: _omit, ...withoutAddress } = PORT;
    void _omit;
    expect(check({ elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: [{ elementType: "sip-port", attributes: withoutAddress }] })).toEqual([
      { property: "subElements.sip-port[0].attributes.address", reason: expect.stringContaining("missing") },
    ]);
  });

  test("duplicate sip-port keys name the sub-element, not an attribute", () => {
    const failures = check({
      elementType: "sip-interface",
      attributes: { "realm-id": "core" },
      subElements: [{ elementType: "sip-port", attributes: PORT }, { elementType: "sip-port", attributes: { ...PORT, "allow-anonymous": "registered" } }],
    });
    expect(failures).toEqual([{ property: "subElements.sip-port[1]", reason: expect.stringContaining("duplicates the key") }]);
  });

  test("a sub-element type the element does not have", () => {
    expect(check({ elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: [{ elementType: "header-rule", attributes: { name: "x" } }] })).toEqual([
      { property: "subElements.header-rule[0]", reason: expect.stringContaining("allowed: sip-port") },
    ]);
  });

  test("bad connection settings name the connection field", () => {
    expect(check({ elementType: "realm-config", attributes: { identifier: "core" }, connection: { commit: "later" } })).toEqual([
      { property: "connection.commit", reason: expect.stringContaining("activate, save, none") },
    ]);
    expect(check({ elementType: "realm-config", attributes: { identifier: "core" }, connection: { lockTimeoutSeconds: -5, apiVersion: "1.1" } })).toEqual([
      { property: "connection.apiVersion", reason: expect.any(String) },
      { property: "connection.lockTimeoutSeconds", reason: expect.any(String) },
    ]);
  });

  test("bad SDM settings name the field as the program wrote it (connection.sdm.*)", () => {
    const connection = { sdmUrl: "sdm.example.net", sdmDeviceId: "ID1", sdmDeviceName: "sbc1", sdmApiVersion: "1.3" };
    expect(check({ elementType: "realm-config", attributes: { identifier: "core" }, connection })).toEqual([
      { property: "connection.sdm.url", reason: expect.stringContaining("https://sdm.example.net:8443") },
      { property: "connection.sdm.apiVersion", reason: expect.stringContaining("v1.1") },
      { property: "connection.sdm.deviceId", reason: expect.stringContaining("not both") },
    ]);
  });

  test("an SDM url without user, password or device is refused with what to set, before anything is contacted", () => {
    const resolve = (sdm: ConnectionSettings) => () => resolveConnection([{ host: "sbc1", username: "admin", password: "pw", ...sdm }]);
    expect(resolve({ sdmUrl: "https://sdm:8443" })).toThrow(
      /SDM url is set \(https:\/\/sdm:8443\) but not sdmUsername .*sbc:sdmUsername or SBC_SDM_USERNAME.*; sdmPassword .*; the SBC's device in SDM/,
    );
    expect(resolve({ sdmUrl: "https://sdm:8443", sdmUsername: "u", sdmPassword: "p", sdmDeviceName: "sbc1" })()).toMatchObject({
      sdm: { url: "https://sdm:8443", username: "u", password: "p", device: { deviceName: "sbc1" }, insecure: false },
    });
    expect(resolve({ sdmDeviceName: "sbc1" })().sdm).toBeUndefined();
    // The resource's device by name overrides stack config's by id: one setting, given two ways.
    const layered = resolveConnection([
      { host: "sbc1", username: "admin", password: "pw", sdmDeviceName: "edge-2" },
      { sdmUrl: "https://sdm:8443", sdmUsername: "u", sdmPassword: "p", sdmDeviceId: "ID9" },
    ]);
    expect(layered.sdm?.device).toEqual({ deviceName: "edge-2" });
  });

  describe("the unknown sentinel is skipped", () => {
    test("as a whole attribute value", () => {
      expect(check({ elementType: "realm-config", attributes: { identifier: "core", "max-bandwidth": UNKNOWN, "mm-in-realm": UNKNOWN } })).toEqual([]);
    });

    test("as one item of a list", () => {
      expect(check({ elementType: "ntp-config", attributes: { server: ["192.0.2.1", UNKNOWN] } })).toEqual([]);
      expect(check({ elementType: "realm-config", attributes: { identifier: "core", "network-interfaces": [UNKNOWN] } })).toEqual([]);
    });

    test("as a key attribute, also of sub-elements (no duplicate-key failure)", () => {
      expect(check({ elementType: "realm-config", attributes: { identifier: UNKNOWN } })).toEqual([]);
      expect(
        check({
          elementType: "sip-interface",
          attributes: { "realm-id": UNKNOWN },
          subElements: [{ elementType: "sip-port", attributes: { ...PORT, address: UNKNOWN } }, { elementType: "sip-port", attributes: { ...PORT, address: UNKNOWN } }],
        }),
      ).toEqual([]);
    });

    test("as the whole attributes object, the whole sub-element list or one sub-element", () => {
      expect(check({ elementType: "realm-config", attributes: UNKNOWN })).toEqual([]);
      expect(check({ elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: UNKNOWN })).toEqual([]);
      expect(check({ elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: [UNKNOWN] })).toEqual([]);
    });

    test("as a connection field", () => {
      expect(check({ elementType: "realm-config", attributes: { identifier: "core" }, connection: { host: UNKNOWN, commit: UNKNOWN } })).toEqual([]);
    });

    test("but real problems next to unknowns are still reported", () => {
      expect(check({ elementType: "realm-config", attributes: { identifier: UNKNOWN, "mm-in-realm": "maybe" } })).toEqual([
        { property: "attributes.mm-in-realm", reason: expect.any(String) },
      ]);
    });
  });
});

/** The outputs `create` would store for these inputs: the element as the SBC completes it. */
function outputsFor(inputs: ElementInputs, store = new ConfigStore(builtinCatalog)): ElementOutputs {
  return JSON.parse(JSON.stringify(outputsOf(inputs, builtinCatalog.get(inputs.elementType)!, liveFor(inputs, store)))) as ElementOutputs;
}

/** The outputs 0.1.0 stored for these inputs: every attribute the SBC returned, and what the program managed beside them. */
function outputsBy010(inputs: ElementInputs): ElementOutputs {
  const live = liveFor(inputs);
  return JSON.parse(JSON.stringify({
    ...outputsFor(inputs),
    attributes: live.attributes,
    subElements: live.subElements,
    managedAttributes: Object.keys(inputs.attributes ?? {}),
    managesSubElements: inputs.subElements !== undefined,
  })) as ElementOutputs;
}

/** The element as the SBC completes it on create. */
function liveFor(inputs: ElementInputs, store = new ConfigStore(builtinCatalog)): ConfigElement {
  const spec = builtinCatalog.get(inputs.elementType)!;
  let live: ConfigElement;
  const element = toConfigElement(spec.name, inputs.attributes ?? {}, inputs.subElements);
  const author = { user: "admin", address: "192.0.2.99" };
  if (spec.singleton) {
    store.create({ elementType: spec.name, attributes: {}, subElements: [] }, author);
    live = store.update(element, author);
  } else {
    live = store.create(element, author);
  }
  return live;
}

function diff(olds: ElementOutputs, news: ElementInputs) {
  return diffElement(builtinCatalog, olds, news);
}

const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: false };
const UPDATE = { changes: true, replaces: [], deleteBeforeReplace: false };

describe("diff", () => {
  const realm: ElementInputs = {
    elementType: "realm-config",
    attributes: { identifier: "core", description: "Core network", "mm-in-realm": "enabled", "network-interfaces": ["M00:0"] },
    connection: { host: "sbc1.example.net", username: "admin" },
    connectionPassword: "secret",
  };
  const olds = outputsFor(realm);

  test("the outputs carry the attributes the program sets, as the SBC returned them, and nothing the program does not set", () => {
    expect(olds).toEqual({
      elementType: "realm-config",
      key: { identifier: "core" },
      attributes: realm.attributes,
      connection: realm.connection,
      connectionPassword: "secret",
    });
  });

  test("identical inputs: no change", () => {
    expect(diff(olds, structuredClone(realm))).toEqual(NO_CHANGE);
    expect(diff(outputsBy010(realm), structuredClone(realm))).toEqual(NO_CHANGE);
  });

  test("state written by 0.1.0 (server defaults and last-modified-* in the outputs, not set by the program): no change", () => {
    const old = outputsBy010(realm);
    expect(Object.keys(old.attributes).length).toBeGreaterThan(Object.keys(realm.attributes).length + 2);
    const later = structuredClone(old);
    later.attributes["last-modified-date"] = "2031-01-01 00:00:00";
    later.attributes["last-modified-by"] = "REST-someone@198.51.100.1";
    later.attributes["qos-enable"] = "enabled"; // drifted out of band, but not managed by the program
    expect(diff(later, structuredClone(realm))).toEqual(NO_CHANGE);
  });

  test("a non-key change is an in-place update", () => {
    expect(diff(olds, { ...realm, attributes: { ...realm.attributes, description: "Core" } })).toEqual(UPDATE);
  });

  test("setting an attribute the program did not set is an update, which records it (against 0.1.0 state, its current default is no change)", () => {
    expect(diff(olds, { ...realm, attributes: { ...realm.attributes, "deny-period": "30" } })).toEqual(UPDATE);
    expect(diff(outputsBy010(realm), { ...realm, attributes: { ...realm.attributes, "deny-period": "30" } })).toEqual(NO_CHANGE);
    expect(diff(outputsBy010(realm), { ...realm, attributes: { ...realm.attributes, "deny-period": "60" } })).toEqual(UPDATE);
  });

  test("a key change replaces, creating the new element first", () => {
    expect(diff(olds, { ...realm, attributes: { ...realm.attributes, identifier: "access" } })).toEqual({
      changes: true,
      replaces: ["attributes.identifier"],
      deleteBeforeReplace: false,
    });
  });

  test("an unknown non-key attribute is a change, not a replace", () => {
    expect(diff(olds, { ...realm, attributes: { ...realm.attributes, description: UNKNOWN } })).toEqual(UPDATE);
    expect(diff(olds, { ...realm, attributes: { ...realm.attributes, "network-interfaces": ["M00:0", UNKNOWN] } })).toEqual(UPDATE);
  });

  test("an unknown key attribute replaces", () => {
    const outcome = diff(olds, { ...realm, attributes: { ...realm.attributes, identifier: UNKNOWN } });
    expect(outcome.changes).toBe(true);
    expect(outcome.replaces).toEqual(["attributes.identifier"]);
  });

  test("unknown attributes as a whole may hold another key: a replace for a keyed type, a change for a singleton", () => {
    // The engine asks dependents this way before a deleteBeforeReplace; "no replace" would let it
    // delete a realm that a sip-interface still references.
    expect(diff(olds, { ...realm, attributes: UNKNOWN as unknown as ElementInputs["attributes"] })).toEqual({ changes: true, replaces: ["attributes"], deleteBeforeReplace: false });
    const ntp = outputsFor({ elementType: "ntp-config", attributes: { server: ["192.0.2.1"] } });
    expect(diff(ntp, { elementType: "ntp-config", attributes: UNKNOWN as unknown as ElementInputs["attributes"] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("an elementType change of a singleton replaces, deleting first", () => {
    const ntp = outputsFor({ elementType: "ntp-config", attributes: { server: ["192.0.2.1"] } });
    expect(diff(ntp, { elementType: "sip-config", attributes: {} })).toEqual({ changes: true, replaces: ["elementType"], deleteBeforeReplace: true });
  });

  test("an elementType change of a multi-instance element replaces, creating first", () => {
    expect(diff(olds, { ...realm, elementType: "session-group" })).toEqual({ changes: true, replaces: ["elementType"], deleteBeforeReplace: false });
  });

  test("a connection.host change replaces (another SBC)", () => {
    const outcome = diff(olds, { ...realm, connection: { ...realm.connection, host: "sbc2.example.net" } });
    expect(outcome.changes).toBe(true);
    expect(outcome.replaces).toContain("connection.host");
    expect(outcome.deleteBeforeReplace).toBe(false);
    expect(diff(olds, { ...realm, connection: { ...realm.connection, host: UNKNOWN } }).replaces).toContain("connection.host");
  });

  test("other connection changes are an update, with no replace", () => {
    expect(diff(olds, { ...realm, connection: { ...realm.connection, commit: "save" } })).toEqual(UPDATE);
    expect(diff(olds, { ...realm, connectionPassword: "rotated" })).toEqual(UPDATE);
  });

  test("an attribute dropped from the program is a change (reset to its default)", () => {
    const { description: _dropped, ...rest } = realm.attributes;
    void _dropped;
    expect(diff(olds, { ...realm, attributes: rest })).toEqual(UPDATE);
  });

  test("a multi-valued attribute given as one string equals the live one-item list", () => {
    expect(olds.attributes["network-interfaces"]).toEqual(["M00:0"]);
    expect(diff(olds, { ...realm, attributes: { ...realm.attributes, "network-interfaces": "M00:0" } })).toEqual(NO_CHANGE);
    expect(diff(olds, { ...realm, attributes: { ...realm.attributes, "network-interfaces": "M01:0" } })).toEqual(UPDATE);
  });

  describe("a replacement whose new element takes the old one's address and port deletes first (verify refuses both at once)", () => {
    const sip: ElementInputs = { elementType: "sip-interface", attributes: { "realm-id": "core" }, subElements: [{ elementType: "sip-port", attributes: PORT }] };
    const pool: ElementInputs = { elementType: "steering-pool", attributes: { "ip-address": "192.0.2.20", "start-port": "20000", "end-port": "29999", "realm-id": "core" } };
    const REPLACE_FIRST_DELETE = { changes: true, replaces: ["attributes.realm-id"], deleteBeforeReplace: true };

    test("a sip-interface moved to another realm with the same sip-port", () => {
      expect(diff(outputsFor(sip), { ...sip, attributes: { "realm-id": "core2" } })).toEqual(REPLACE_FIRST_DELETE);
    });
    test("a steering-pool moved to another realm with an overlapping range", () => {
      expect(diff(outputsFor(pool), { ...pool, attributes: { ...pool.attributes, "realm-id": "core2", "end-port": "20100" } })).toEqual(REPLACE_FIRST_DELETE);
    });
    test("but new ports, or another SBC, create first", () => {
      const otherPort = { elementType: "sip-port", attributes: { ...PORT, port: "5070" } };
      expect(diff(outputsFor(sip), { ...sip, attributes: { "realm-id": "core2" }, subElements: [otherPort] })).toMatchObject({ deleteBeforeReplace: false });
      const elsewhere = { ...sip, attributes: { "realm-id": "core2" }, connection: { host: "sbc2.example.net" } };
      expect(diff(outputsFor(sip), elsewhere)).toMatchObject({ replaces: ["connection.host", "attributes.realm-id"], deleteBeforeReplace: false });
    });
  });

  describe("sub-elements", () => {
    const sip: ElementInputs = {
      elementType: "sip-interface",
      attributes: { "realm-id": "core" },
      subElements: [{ elementType: "sip-port", attributes: PORT }, { elementType: "sip-port", attributes: { ...PORT, "transport-protocol": "TCP" } }],
    };
    const sipOlds = outputsFor(sip);

    test("the same sub-elements (recorded in the attributes the program sets): no change", () => {
      expect(sipOlds.subElements?.[0].attributes).toEqual(PORT);
      expect(diff(sipOlds, structuredClone(sip))).toEqual(NO_CHANGE);
    });

    test("a sub-element attribute change is an in-place update", () => {
      const news = structuredClone(sip);
      news.subElements![1].attributes["max-incoming-conns"] = "100";
      expect(diff(sipOlds, news)).toEqual(UPDATE);
    });

    test("an added or removed sub-element, or an unknown one, is a change", () => {
      expect(diff(sipOlds, { ...sip, subElements: sip.subElements!.slice(0, 1) })).toEqual(UPDATE);
      expect(diff(sipOlds, { ...sip, subElements: [] })).toEqual(UPDATE);
      expect(diff(sipOlds, { ...sip, subElements: [sip.subElements![0], { elementType: "sip-port", attributes: { ...PORT, port: UNKNOWN } }] })).toEqual(UPDATE);
    });

    test("sub-elements not given by the program: no change, whatever is live", () => {
      const { subElements: _subs, ...withoutSubs } = sip;
      void _subs;
      expect(sipOlds.subElements).toHaveLength(2);
      expect(diff(sipOlds, withoutSubs)).toEqual(NO_CHANGE);
    });
  });
});

describe("sub-elements in the SBC's order", () => {
  test("Check hands the engine a program's sub-elements grouped by type as the SBC keeps them, each type's in the program's order", async () => {
    const { elementOperations } = await import("../provider/core/elements/elementOperations");
    const rule = (type: string, name: string) => ({ elementType: type, attributes: { name } });
    const news = {
      elementType: "sip-manipulation",
      attributes: { name: "mixed" },
      subElements: [rule("mime-rule", "m1"), rule("header-rule", "h1"), rule("mime-rule", "m2"), rule("header-rule", "h2")],
    };
    const checked = await elementOperations.check({}, news);
    expect(checked.failures ?? []).toEqual([]);
    expect((checked.inputs.subElements as { attributes: { name: string } }[]).map((s) => s.attributes.name)).toEqual(["h1", "h2", "m1", "m2"]);
    // What the SBC returns, in its order, is then no difference.
    const store = new ConfigStore(builtinCatalog);
    store.create(toConfigElement("sip-manipulation", news.attributes, news.subElements), { user: "admin", address: "test" });
    const live = store.stores.editing.get("sip-manipulation")![0];
    const olds = outputsOf(checked.inputs as unknown as ElementInputs, builtinCatalog.get("sip-manipulation")!, live);
    expect(diffElement(builtinCatalog, olds, checked.inputs as unknown as ElementInputs).changes).toBe(false);
  });
});
