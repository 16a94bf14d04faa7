/**
 * The emulator over raw HTTP, status by status, as the SBC REST API reference describes it.
 * Each test names the behaviour it pins down; the configuration is read back after every refusal
 * to show nothing changed.
 */
import { raw, login, useEmulator, elementXml } from "./support/emulator";
import { decodeEnvelope, asArray, decodeConfigElementNode, decodeOperationState } from "../client/xmlCodec";
import { ConfigElement } from "../client/types";

const current = useEmulator({ tokenTtlSeconds: 600 });
const V = "/rest/v1.1";
const ELEMENTS = `${V}/configuration/configElements`;
const base = () => current().url;

function elementsOf(body: string): ConfigElement[] {
  return asArray(decodeEnvelope(body).data.configElement).map((n) => decodeConfigElementNode(n));
}

async function listAll(token: string, type: string, running = false): Promise<ConfigElement[]> {
  const res = await raw(base(), "GET", `${ELEMENTS}?elementType=${type}${running ? "&running=true" : ""}`, { token });
  expect(res.status).toBe(200);
  return elementsOf(res.body);
}

async function waitForOperation(token: string): Promise<ReturnType<typeof decodeOperationState>> {
  for (let i = 0; i < 200; i++) {
    const res = await raw(base(), "GET", `${V}/admin/asyncstatus`, { token });
    const state = decodeOperationState(decodeEnvelope(res.body).data);
    if (state.status !== "inProgress") return state;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("operation did not finish");
}

let admin: string;
beforeEach(async () => {
  admin = await login(base());
  await raw(base(), "POST", `${V}/configuration/lock`, { token: admin });
  // Each test starts from an editing configuration without realm-configs.
  current().sbc.store.stores.editing.delete("realm-config");
});
afterEach(async () => {
  await raw(base(), "POST", `${V}/configuration/unlock`, { token: admin });
});

describe("authentication", () => {
  test("HTTP Basic gets a bearer token; bad credentials get 401", async () => {
    expect(typeof admin).toBe("string");
    const bad = await raw(base(), "POST", `${V}/auth/token`, { basic: ["admin", "wrong"] });
    expect(bad.status).toBe(401);
    expect(bad.messages).toEqual(["Client not authorized"]);
  });

  test.each([
    ["missing", undefined],
    ["bad", "not-a-token"],
  ])("a %s token gets 401 on every path", async (_what, token) => {
    for (const [method, path] of [
      ["GET", `${ELEMENTS}?elementType=realm-config`],
      ["POST", `${V}/configuration/lock`],
      ["PUT", `${V}/configuration/management?action=save`],
      ["GET", `${V}/configuration/elementTypes`],
    ]) {
      const res = await raw(base(), method, path, { token });
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  test("an expired token gets 401 and frees the lock it held", async () => {
    const sbc = current().sbc;
    const other = await login(base());
    sbc.sessions.expireAll();
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin })).status).toBe(401);
    const fresh = await login(base());
    expect((await raw(base(), "POST", `${V}/configuration/lock`, { token: fresh })).status).toBe(204);
    expect((await raw(base(), "POST", `${V}/configuration/lock`, { token: other })).status).toBe(401);
    admin = fresh;
  });

  test("re-authenticating with the still-valid token moves the lock to the new token", async () => {
    const res = await raw(base(), "POST", `${V}/auth/token`, {
      basic: ["admin", "admin"],
      body: `token=${encodeURIComponent(admin)}`,
      contentType: "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(200);
    const renewed = asArray(decodeEnvelope(res.body).data.accessToken)[0] as string;
    const create = await raw(base(), "POST", ELEMENTS, { token: renewed, body: elementXml("realm-config", { identifier: "moved" }) });
    expect(create.status).toBe(200);
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin })).status).toBe(401);
    admin = renewed;
  });

  test("a monitor user reads but gets 403 on everything that needs administrator rights", async () => {
    const monitor = await login(base(), "monitor");
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: monitor })).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", `${V}/configuration/lock`, undefined],
      ["POST", `${V}/configuration/unlock`, undefined],
      ["POST", ELEMENTS, elementXml("realm-config", { identifier: "m" })],
      ["PUT", ELEMENTS, elementXml("realm-config", { identifier: "m" })],
      ["DELETE", `${ELEMENTS}?elementType=realm-config&identifier=m`, undefined],
      ["PUT", `${V}/configuration/management?action=save`, undefined],
      ["POST", `${V}/configuration/management?action=activate`, undefined],
    ] as const) {
      const res = await raw(base(), method, path, { token: monitor, body });
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
  });
});

describe("versions and paths", () => {
  test("an unsupported version gets 404 'Unsupported versionId in URI'", async () => {
    const res = await raw(base(), "GET", `/rest/v9.9/configuration/configElements?elementType=realm-config`, { token: admin });
    expect(res.status).toBe(404);
    expect(res.messages[0]).toMatch(/Unsupported versionId in URI/);
    expect((await raw(base(), "POST", `/rest/v0.1/auth/token`, { basic: ["admin", "admin"] })).status).toBe(404);
  });

  test("supported versions are listed outside the versioned prefix", async () => {
    const res = await raw(base(), "GET", "/rest/api/supportedversions");
    expect(res.status).toBe(200);
    expect(res.body).toContain("<latestVersion>v1.2</latestVersion>");
  });

  test("an unsupported element type gets 404 on GET, POST, PUT and DELETE", async () => {
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=warp-drive`, { token: admin })).status).toBe(404);
    expect((await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("warp-drive", { a: "b" }) })).status).toBe(404);
    expect((await raw(base(), "PUT", ELEMENTS, { token: admin, body: elementXml("warp-drive", { a: "b" }) })).status).toBe(404);
    const del = await raw(base(), "DELETE", `${ELEMENTS}?elementType=warp-drive&a=b`, { token: admin });
    expect(del.status).toBe(404);
    expect(del.messages[0]).toMatch(/Unsupported element type: warp-drive/);
  });

  test("a verb the path does not support gets 405; a wrong Content-Type gets 415", async () => {
    expect((await raw(base(), "DELETE", `${V}/configuration/lock`, { token: admin })).status).toBe(405);
    const res = await raw(base(), "POST", ELEMENTS, { token: admin, body: "identifier=x", contentType: "text/plain" });
    expect(res.status).toBe(415);
  });
});

describe("the configuration lock", () => {
  test("204 for the taker, 423 'Resource locked by another user' for anyone else", async () => {
    const other = await login(base());
    const res = await raw(base(), "POST", `${V}/configuration/lock`, { token: other });
    expect(res.status).toBe(423);
    expect(res.messages).toEqual(["Resource locked by another user"]);
    expect((await raw(base(), "POST", `${V}/configuration/lock`, { token: admin })).status).toBe(204);
  });

  test("every mutation without the lock gets 423 with the right message, and changes nothing", async () => {
    const other = await login(base());
    const mutations = [
      ["POST", ELEMENTS, elementXml("realm-config", { identifier: "x" })],
      ["PUT", ELEMENTS, elementXml("realm-config", { identifier: "x" })],
      ["DELETE", `${ELEMENTS}?elementType=realm-config&identifier=x`, undefined],
      ["PUT", `${V}/configuration/management?action=save`, undefined],
      ["PUT", `${V}/configuration/management?action=verify`, undefined],
      ["PUT", `${V}/configuration/management?action=restore&restoreSource=running`, undefined],
      ["POST", `${V}/configuration/management?action=activate`, undefined],
      ["POST", `${V}/configuration/unlock`, undefined],
    ] as const;
    for (const [method, path, body] of mutations) {
      const res = await raw(base(), method, path, { token: other, body });
      expect([method, path, res.status, res.messages]).toEqual([method, path, 423, ["Resource locked by another user"]]);
    }
    await raw(base(), "POST", `${V}/configuration/unlock`, { token: admin });
    for (const [method, path, body] of mutations) {
      const res = await raw(base(), method, path, { token: other, body });
      expect([method, path, res.status, res.messages]).toEqual([method, path, 423, ["User does not have the lock"]]);
    }
    expect(await listAll(admin, "realm-config")).toEqual([]);
    await raw(base(), "POST", `${V}/configuration/lock`, { token: admin });
  });

  test("reads need no lock", async () => {
    const other = await login(base());
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: other })).status).toBe(200);
    expect((await raw(base(), "GET", `${V}/configuration/elementTypes/metadata?elementType=realm-config`, { token: other })).status).toBe(200);
  });
});

describe("configElements", () => {
  test("POST answers the complete element with defaults and last-modified bookkeeping", async () => {
    const res = await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "core", "addr-prefix": "10.0.0.0/24" }) });
    expect(res.status).toBe(200);
    const [el] = elementsOf(res.body);
    expect(el.attributes.identifier).toBe("core");
    expect(el.attributes["addr-prefix"]).toBe("10.0.0.0/24");
    expect(el.attributes["last-modified-by"]).toMatch(/^REST-admin@/);
    expect(el.attributes["last-modified-date"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const spec = current().sbc.store.catalog.get("realm-config")!;
    for (const attr of spec.attributes) expect(el.attributes).toHaveProperty([attr.name]);
  });

  test("a duplicate key gets 409; PUT and DELETE of an unknown key get 404", async () => {
    const body = elementXml("realm-config", { identifier: "dup" });
    expect((await raw(base(), "POST", ELEMENTS, { token: admin, body })).status).toBe(200);
    const dup = await raw(base(), "POST", ELEMENTS, { token: admin, body });
    expect(dup.status).toBe(409);
    expect(dup.messages[0]).toMatch(/identifier=dup/);
    expect((await raw(base(), "PUT", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "ghost" }) })).status).toBe(404);
    expect((await raw(base(), "DELETE", `${ELEMENTS}?elementType=realm-config&identifier=ghost`, { token: admin })).status).toBe(404);
    expect((await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config&identifier=ghost`, { token: admin })).status).toBe(404);
  });

  test("a key left out is its default: an element that gives it and one that leaves it out are one element (409)", async () => {
    const given = elementXml("access-control", { "realm-id": "dup-acl", "source-address": "192.0.2.0/24", "application-protocol": "SIP", "destination-address": "0.0.0.0", "transport-protocol": "ALL" });
    const leftOut = elementXml("access-control", { "realm-id": "dup-acl", "source-address": "192.0.2.0/24", "application-protocol": "SIP" });
    expect((await raw(base(), "POST", ELEMENTS, { token: admin, body: given })).status).toBe(200);
    expect((await raw(base(), "POST", ELEMENTS, { token: admin, body: leftOut })).status).toBe(409);
    // Gone again: its realm does not exist, and the later tests verify the whole editing configuration.
    const key = "realm-id=dup-acl&source-address=192.0.2.0%2F24&application-protocol=SIP&destination-address=0.0.0.0&transport-protocol=ALL";
    expect((await raw(base(), "DELETE", `${ELEMENTS}?elementType=access-control&${key}`, { token: admin })).status).toBe(204);
  });

  test("the benchmarks' count of whole-type reads counts a list and a single-instance element, not a GET by key", async () => {
    const stats = current().sbc.stats;
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "counted" }) });
    const before = stats.typeReads;
    await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin });
    await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config&running=true`, { token: admin });
    await raw(base(), "GET", `${ELEMENTS}?elementType=system-config`, { token: admin });
    await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config&identifier=counted`, { token: admin });
    expect(stats.typeReads - before).toBe(3);
    expect((await raw(base(), "DELETE", `${ELEMENTS}?elementType=realm-config&identifier=counted`, { token: admin })).status).toBe(204);
  });

  test("GET by key, PUT merges, DELETE removes", async () => {
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "r1", description: "first" }) });
    const put = await raw(base(), "PUT", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "r1", "addr-prefix": "192.168.0.0/16" }) });
    expect(put.status).toBe(200);
    const got = await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config&identifier=r1`, { token: admin });
    const [el] = elementsOf(got.body);
    expect(el.attributes.description).toBe("first");
    expect(el.attributes["addr-prefix"]).toBe("192.168.0.0/16");
    expect((await raw(base(), "DELETE", `${ELEMENTS}?elementType=realm-config&identifier=r1`, { token: admin })).status).toBe(204);
    expect(await listAll(admin, "realm-config")).toEqual([]);
  });

  test("a singleton is created by one POST, then changed by PUT; a second POST gets 409", async () => {
    const first = await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("sip-config", {}) });
    expect(first.status).toBe(200);
    const second = await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("sip-config", {}) });
    expect(second.status).toBe(409);
    expect(second.messages[0]).toMatch(/single-instance/);
    const put = await raw(base(), "PUT", ELEMENTS, { token: admin, body: elementXml("sip-config", { state: "disabled" }) });
    expect(put.status).toBe(200);
    expect(elementsOf(put.body)[0].attributes.state).toBe("disabled");
    const got = await raw(base(), "GET", `${ELEMENTS}?elementType=sip-config`, { token: admin });
    expect(elementsOf(got.body)[0].attributes.state).toBe("disabled");
  });

  test("PUT of a singleton never created gets 404", async () => {
    const res = await raw(base(), "PUT", ELEMENTS, { token: admin, body: elementXml("media-manager", { state: "enabled" }) });
    expect(res.status).toBe(404);
    expect(res.messages[0]).toMatch(/POST first/);
  });

  test("sub-elements are stored with defaults; a PUT naming sip-ports replaces that list", async () => {
    const xml = (ports: string[]) =>
      `<configElement><elementType>sip-interface</elementType><attribute><name>realm-id</name><value>edge</value></attribute>` +
      ports.map((p) => `<subElement><subElementType>sip-port</subElementType><attribute><name>address</name><value>10.0.0.1</value></attribute><attribute><name>port</name><value>${p}</value></attribute><attribute><name>transport-protocol</name><value>UDP</value></attribute></subElement>`).join("") +
      `</configElement>`;
    const created = await raw(base(), "POST", ELEMENTS, { token: admin, body: xml(["5060", "5070"]) });
    expect(created.status).toBe(200);
    const [el] = elementsOf(created.body);
    expect(el.subElements.map((s) => s.attributes.port)).toEqual(["5060", "5070"]);
    expect(el.subElements[0].attributes).toHaveProperty("allow-anonymous");
    const put = await raw(base(), "PUT", ELEMENTS, { token: admin, body: xml(["5080"]) });
    expect(elementsOf(put.body)[0].subElements.map((s) => s.attributes.port)).toEqual(["5080"]);
    const descOnly = await raw(base(), "PUT", ELEMENTS, { token: admin, body: elementXml("sip-interface", { "realm-id": "edge", description: "d" }) });
    expect(elementsOf(descOnly.body)[0].subElements.map((s) => s.attributes.port)).toEqual(["5080"]);
    await raw(base(), "DELETE", `${ELEMENTS}?elementType=sip-interface&realm-id=edge`, { token: admin });
  });

  test("paging: 100 instances a page with a link to the next", async () => {
    for (let i = 0; i < 130; i++) {
      const res = await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: `p${i}` }) });
      expect(res.status).toBe(200);
    }
    const first = await raw(base(), "GET", `${ELEMENTS}?elementType=realm-config`, { token: admin });
    const doc = decodeEnvelope(first.body);
    expect(elementsOf(first.body)).toHaveLength(100);
    expect(doc.links).toHaveLength(1);
    expect(doc.links[0].startsWith(`${base()}${ELEMENTS}?`)).toBe(true);
    const next = await raw("", "GET", doc.links[0], { token: admin });
    expect(elementsOf(next.body).map((e) => e.attributes.identifier)).toEqual(Array.from({ length: 30 }, (_, i) => `p${100 + i}`));
    expect(decodeEnvelope(next.body).links).toEqual([]);
  });
});

describe("bad input gets 400 with a message that names the problem, and changes nothing", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["unknown attribute", elementXml("realm-config", { identifier: "bad", "warp-factor": "9" }), /warp-factor is not an attribute of realm-config/],
    ["wrong value type", elementXml("realm-config", { identifier: "bad", "max-bandwidth": "lots" }), /max-bandwidth must be a whole number/],
    ["value not in the valid set", elementXml("realm-config", { identifier: "bad", "mm-in-realm": "maybe" }), /mm-in-realm must be one of/],
    ["invalid address", elementXml("realm-config", { identifier: "bad", "addr-prefix": "10.0.0.300" }), /addr-prefix must be an IP address or prefix/],
    ["missing key attribute", elementXml("realm-config", { description: "no id" }), /identifier is a key attribute of realm-config and is missing/],
    ["list for a single-valued attribute", elementXml("realm-config", { identifier: "bad", description: ["a", "b"] }), /description takes a single value/],
    ["unknown sub-element", `<configElement><elementType>realm-config</elementType><attribute><name>identifier</name><value>bad</value></attribute><subElement><subElementType>sip-port</subElementType></subElement></configElement>`, /sip-port\[0\] is not a sub-element of realm-config/],
    ["malformed XML", `<configElement><elementType>realm-config</elementType><attribute><name>identifier</name><value>bad</value></attribute>`, /malformed XML/],
    ["entity bomb", `<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><configElement><elementType>realm-config</elementType><attribute><name>identifier</name><value>&b;</value></attribute></configElement>`, /DOCTYPE declarations are not allowed/],
    ["external entity", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><configElement><elementType>realm-config</elementType><attribute><name>identifier</name><value>&x;</value></attribute></configElement>`, /DOCTYPE declarations are not allowed/],
    ["empty body", "", /request body not found/],
  ];

  test.each(cases)("%s", async (_name, body, message) => {
    const before = structuredClone([...current().sbc.store.stores.editing]);
    const res = await raw(base(), "POST", ELEMENTS, { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.messages.join("\n")).toMatch(message);
    expect([...current().sbc.store.stores.editing]).toEqual(before);
  });

  test("a body over the size limit gets 400 and the server keeps serving", async () => {
    const body = elementXml("realm-config", { identifier: "big", description: "x".repeat(5 * 1024 * 1024) });
    const res = await raw(base(), "POST", ELEMENTS, { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.messages[0]).toMatch(/exceeds the \d+-byte limit/);
    expect(await listAll(admin, "realm-config")).toEqual([]);
  });

  test("invalid PUT leaves the element exactly as it was", async () => {
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "keep", description: "orig" }) });
    const before = await listAll(admin, "realm-config");
    const res = await raw(base(), "PUT", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "keep", description: "new", "max-bandwidth": "-5x" }) });
    expect(res.status).toBe(400);
    expect(await listAll(admin, "realm-config")).toEqual(before);
  });
});

describe("save, verify, activate, restore", () => {
  test("all answer 202 with a link to poll; save moves editing to saved and activate to running", async () => {
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "live" }) });
    expect(await listAll(admin, "realm-config", true)).toEqual([]);
    const save = await raw(base(), "PUT", `${V}/configuration/management?action=save`, { token: admin });
    expect(save.status).toBe(202);
    expect(decodeEnvelope(save.body).links).toEqual([`${base()}${V}/admin/asyncstatus`]);
    expect(await waitForOperation(admin)).toMatchObject({ operation: "save", status: "success" });
    expect(current().sbc.store.stores.saved.get("realm-config")).toHaveLength(1);
    expect(await listAll(admin, "realm-config", true)).toEqual([]);
    const activate = await raw(base(), "POST", `${V}/configuration/management?action=activate`, { token: admin });
    expect(activate.status).toBe(202);
    expect(await waitForOperation(admin)).toMatchObject({ operation: "activate", status: "success" });
    expect((await listAll(admin, "realm-config", true)).map((e) => e.attributes.identifier)).toEqual(["live"]);
  });

  test("verify reports a sip-interface whose realm-id names no realm-config", async () => {
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("sip-interface", { "realm-id": "nowhere" }) });
    expect((await raw(base(), "PUT", `${V}/configuration/management?action=verify`, { token: admin })).status).toBe(202);
    const state = await waitForOperation(admin);
    expect(state.status).toBe("fail");
    expect(state.details.join("\n")).toMatch(/realm-id references realm-config "nowhere", which does not exist/);
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "nowhere" }) });
    await raw(base(), "PUT", `${V}/configuration/management?action=verify`, { token: admin });
    expect(await waitForOperation(admin)).toMatchObject({ operation: "verify", status: "success" });
    await raw(base(), "DELETE", `${ELEMENTS}?elementType=sip-interface&realm-id=nowhere`, { token: admin });
  });

  test("restore from running discards staged edits", async () => {
    const running = await listAll(admin, "realm-config", true);
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "staged" }) });
    expect((await raw(base(), "PUT", `${V}/configuration/management?action=restore&restoreSource=running`, { token: admin })).status).toBe(202);
    expect(await waitForOperation(admin)).toMatchObject({ operation: "restore", status: "success" });
    expect(await listAll(admin, "realm-config")).toEqual(running);
  });

  test("restore from saved brings back the saved configuration, discarding later edits", async () => {
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "kept" }) });
    await raw(base(), "PUT", `${V}/configuration/management?action=save`, { token: admin });
    await waitForOperation(admin);
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "discarded" }) });
    expect((await raw(base(), "PUT", `${V}/configuration/management?action=restore&restoreSource=saved`, { token: admin })).status).toBe(202);
    expect(await waitForOperation(admin)).toMatchObject({ operation: "restore", status: "success" });
    expect((await listAll(admin, "realm-config")).map((e) => e.attributes.identifier)).toEqual(["kept"]);
  });

  test("activate is a POST action; PUT gets 405", async () => {
    expect((await raw(base(), "PUT", `${V}/configuration/management?action=activate`, { token: admin })).status).toBe(405);
  });
});

describe("element-type metadata", () => {
  test("elementTypes lists every catalog type and marks singletons", async () => {
    const res = await raw(base(), "GET", `${V}/configuration/elementTypes`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/<elementType single="true"><name>system-config<\/name>/);
    expect(res.body).toContain("<name>realm-config</name>");
  });

  test("metadata marks key attributes; unknown types get 404", async () => {
    const res = await raw(base(), "GET", `${V}/configuration/elementTypes/metadata?elementType=access-control`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/<elementType>access-control<\/elementType><description>[^<]*<\/description><singleInstance>false<\/singleInstance><attributeMetadata><name>realm-id<\/name>/);
    expect(res.body).toMatch(/<name>realm-id<\/name><help>[^<]*<\/help><required>true<\/required><key>true<\/key>/);
    expect((await raw(base(), "GET", `${V}/configuration/elementTypes/metadata?elementType=nope`, { token: admin })).status).toBe(404);
  });
});
