/**
 * The emulator answers as a real SBC does where clients written against real SBCs depend on it
 * (issue 15): absolute links that answer when fetched as given, configElement bodies without a
 * Content-Type, `system/status` with the HA role, and the KPI resources, whose values and role
 * tests drive through `emu.sbc` or `/__emulator/system`.
 */
import http from "node:http";
import https from "node:https";
import { startEmulator, EmulatorHandle } from "../emulator";
import { decodeEnvelope, textOf } from "../client/xmlCodec";
import { raw, login, useEmulator, elementXml, RawResponse } from "./support/emulator";
import { builtinCatalog } from "../client/catalog/catalog";
import { ConfigElement } from "../client/types";
import { verifyConfiguration } from "../emulator/verify";

const current = useEmulator({ control: true });
const V = "/rest/v1.1";
const ELEMENTS = `${V}/configuration/configElements`;
const base = () => current().url;

/** A request exactly as given: no header is added (fetch would add a Content-Type to a body). */
function bare(method: string, url: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, messages: text ? decodeEnvelope(text).messages : [] }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function data(res: RawResponse): Record<string, unknown> {
  return decodeEnvelope(res.body).data as Record<string, unknown>;
}

async function control(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base()}/__emulator/system`, { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function waitUntilIdle(): Promise<void> {
  while (current().sbc.operations.status()?.status === "inProgress") await new Promise((r) => setTimeout(r, 5));
}

let admin: string;
beforeEach(async () => {
  admin = await login(base());
  await raw(base(), "POST", `${V}/configuration/lock`, { token: admin });
  current().sbc.store.stores.editing.delete("realm-config");
});
afterEach(() => {
  // Ending every token frees the lock for the next test.
  current().sbc.sessions.expireAll();
  current().sbc.system.setRole("standalone");
});

describe("links are absolute URLs that answer when fetched as given", () => {
  async function waitUntilDone(link: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const res = await raw("", "GET", link, { token: admin });
      expect(res.status).toBe(200);
      const status = textOf((data(res).operationState as Record<string, unknown>).status);
      if (status !== "inProgress") return status;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error("operation did not finish");
  }

  test.each([
    ["PUT", "save"],
    ["PUT", "verify"],
    ["POST", "activate"],
    ["PUT", "restore&restoreSource=running"],
    ["POST", "backup&backupSource=running&filename=links.gz"],
    ["PUT", "restore&restoreSource=backupFile&filename=links.gz"],
  ])("the 202 of %s %s links to asyncstatus by absolute URL", async (method, action) => {
    const accepted = await raw(base(), method, `${V}/configuration/management?action=${action}`, { token: admin });
    expect(accepted.status).toBe(202);
    const links = decodeEnvelope(accepted.body).links;
    expect(links).toEqual([`${base()}${V}/admin/asyncstatus`]);
    expect(await waitUntilDone(links[0])).toBe("success");
  });

  test("links name the address the client used, so they answer from where it is", async () => {
    const viaLocalhost = base().replace("127.0.0.1", "localhost");
    const accepted = await raw(viaLocalhost, "PUT", `${V}/configuration/management?action=save`, { token: admin });
    expect(decodeEnvelope(accepted.body).links).toEqual([`${viaLocalhost}${V}/admin/asyncstatus`]);
    await waitUntilDone(decodeEnvelope(accepted.body).links[0]);
  });

  test("with TLS the links are https URLs", async () => {
    const emu = await startEmulator({ tls: true });
    try {
      const get = (path: string, headers: Record<string, string>, method = "GET"): Promise<string> =>
        new Promise((resolve, reject) => {
          const req = https.request(`${emu.url}${path}`, { method, headers, ca: emu.caCert }, (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
            res.on("end", () => resolve(text));
          });
          req.on("error", reject);
          req.end();
        });
      const tokenXml = await get(`${V}/auth/token`, { Authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` }, "POST");
      const token = textOf(decodeEnvelope(tokenXml).data.accessToken);
      const discovery = decodeEnvelope(await get(`${V}/statistics/kpiTypes`, { Authorization: `Bearer ${token}` }));
      expect(discovery.links[0]).toBe(`${emu.url}${V}/statistics/kpiTypes?type=globalSessions`);
    } finally {
      await emu.close();
    }
  });
});

describe("backup and restore from a backup file", () => {
  const management = (method: string, query: string) => raw(base(), method, `${V}/configuration/management?${query}`, { token: admin });

  test("a backup of editing restores later edits away", async () => {
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "kept" }) });
    expect((await management("POST", "action=backup&backupSource=editing&filename=before.gz")).status).toBe(202);
    await waitUntilIdle();
    await raw(base(), "POST", ELEMENTS, { token: admin, body: elementXml("realm-config", { identifier: "later" }) });
    expect((await management("PUT", "action=restore&restoreSource=backupFile&filename=before.gz")).status).toBe(202);
    await waitUntilIdle();
    expect(current().sbc.store.stores.editing.get("realm-config")?.map((e) => e.attributes.identifier)).toEqual(["kept"]);
  });

  test.each([
    ["POST", "action=backup&filename=x.gz", 400, /backupSource must be one of running, saved, editing/],
    ["POST", "action=backup&backupSource=running", 400, /filename is required/],
    ["POST", "action=backup&backupSource=running&filename=../etc/x", 400, /not a path/],
    ["PUT", "action=restore&restoreSource=backupFile&filename=never-made.gz", 404, /backup file never-made.gz not found/],
    ["PUT", "action=backup&backupSource=running&filename=x.gz", 405, /not a PUT action/],
  ])("%s %s gets %i", async (method, query, status, message) => {
    const res = await management(method, query);
    expect([res.status, res.messages.join("\n")]).toEqual([status, expect.stringMatching(message)]);
  });
});

describe("configElement bodies and media types", () => {
  test("POST and PUT with no Content-Type header are accepted (200)", async () => {
    const auth = { Authorization: `Bearer ${admin}` };
    const created = await bare("POST", `${base()}${ELEMENTS}`, auth, elementXml("realm-config", { identifier: "bare" }));
    expect([created.status, created.messages]).toEqual([200, []]);
    const updated = await bare("PUT", `${base()}${ELEMENTS}`, auth, elementXml("realm-config", { identifier: "bare", description: "no type" }));
    expect([updated.status, updated.messages]).toEqual([200, []]);
    expect(current().sbc.store.stores.editing.get("realm-config")?.[0].attributes.description).toBe("no type");
  });

  test.each([
    ["JSON", "application/json", `{"elementType":"realm-config"}`],
    ["form", "application/x-www-form-urlencoded", "elementType=realm-config"],
  ])("an explicit %s Content-Type gets 415 and changes nothing", async (_what, contentType, body) => {
    const res = await raw(base(), "POST", ELEMENTS, { token: admin, body, contentType });
    expect(res.status).toBe(415);
    expect(res.messages[0]).toMatch(/application\/xml/);
    expect(current().sbc.store.stores.editing.get("realm-config") ?? []).toEqual([]);
  });

  test("Accept that rules out application/xml gets 406; none, */* and application/xml are served", async () => {
    const path = `${base()}${V}/system/status`;
    const auth = { Authorization: `Bearer ${admin}` };
    expect((await bare("GET", path, { ...auth, Accept: "application/json" })).status).toBe(406);
    for (const accept of [undefined, "*/*", "application/xml", "text/html, application/xml;q=0.9"]) {
      const res = await bare("GET", path, accept ? { ...auth, Accept: accept } : auth);
      expect([accept, res.status]).toEqual([accept, 200]);
    }
  });
});

describe("system/status", () => {
  test("answers the system's status with its role: standalone unless a test makes it part of a pair", async () => {
    const res = await raw(base(), "GET", `${V}/system/status`, { token: admin });
    expect(res.status).toBe(200);
    const status = data(res);
    expect(Object.keys(status)).toEqual(["uptimeSeconds", "hostName", "systemState", "role", "healthScorePercent"]);
    expect(textOf(status.role)).toBe("standalone");
    expect(textOf(status.systemState)).toBe("online");
  });

  test("needs a token but no lock and no administrator rights", async () => {
    expect((await raw(base(), "GET", `${V}/system/status`)).status).toBe(401);
    const monitor = await login(base(), "monitor");
    expect((await raw(base(), "GET", `${V}/system/status`, { token: monitor })).status).toBe(200);
  });

  test("the role set through emu.sbc or /__emulator/system is reported, with the peer's", async () => {
    current().sbc.system.setRole("standby");
    let status = data(await raw(base(), "GET", `${V}/system/status`, { token: admin }));
    expect([textOf(status.role), textOf(status.haPeerRole)]).toEqual(["standby", "active"]);
    const answer = await control({ role: "active" });
    expect([answer.status, answer.json.role]).toEqual([200, "active"]);
    status = data(await raw(base(), "GET", `${V}/system/status`, { token: admin }));
    expect([textOf(status.role), textOf(status.haPeerRole)]).toEqual(["active", "standby"]);
  });
});

describe("statistics: kpiTypes and kpis", () => {
  const TYPES = ["globalSessions", "sessCapacityUtil", "sipRegistrations", "sysCPUUtil", "sysMemoryUtil"];

  test("kpiTypes discovers Oracle's five types by absolute link, each of which answers its schema and links its values", async () => {
    const res = await raw(base(), "GET", `${V}/statistics/kpiTypes`, { token: admin });
    expect(res.status).toBe(200);
    const discovery = decodeEnvelope(res.body);
    expect(discovery.data).toEqual({});
    expect(discovery.links).toEqual(TYPES.map((t) => `${base()}${V}/statistics/kpiTypes?type=${t}`));
    for (const [i, link] of discovery.links.entries()) {
      const schema = await raw("", "GET", link, { token: admin });
      expect([link, schema.status]).toEqual([link, 200]);
      const valuesLink = decodeEnvelope(schema.body).links[0];
      expect(valuesLink).toBe(`${base()}${V}/statistics/kpis?type=${TYPES[i]}`);
      expect((await raw("", "GET", valuesLink, { token: admin })).status).toBe(200);
    }
  });

  test("kpis?type=globalSessions carries sysGlobalConSessions and sysGlobalCPS, as set by a test", async () => {
    current().sbc.kpis.set("globalSessions", { sysGlobalConSessions: 0, sysGlobalCPS: 0 });
    const read = async () => data(await raw(base(), "GET", `${V}/statistics/kpis?type=globalSessions`, { token: admin })).globalSessions as Record<string, unknown>;
    expect(await read()).toEqual({ sysGlobalConSessions: "0", sysGlobalCPS: "0" });
    current().sbc.kpis.set("globalSessions", { sysGlobalConSessions: 1200 });
    expect(await read()).toEqual({ sysGlobalConSessions: "1200", sysGlobalCPS: "0" });
    const answer = await control({ kpis: { globalSessions: { sysGlobalCPS: 35 } } });
    expect(answer.status).toBe(200);
    expect(await read()).toEqual({ sysGlobalConSessions: "1200", sysGlobalCPS: "35" });
  });

  test("a missing type gets 400, an unknown one 404", async () => {
    expect((await raw(base(), "GET", `${V}/statistics/kpis`, { token: admin })).status).toBe(400);
    const unknown = await raw(base(), "GET", `${V}/statistics/kpis?type=warpCore`, { token: admin });
    expect(unknown.status).toBe(404);
    expect(unknown.messages).toEqual(["Unsupported KPI type: warpCore"]);
  });

  test("the control hook refuses what the SBC could not report and then changes nothing", async () => {
    const sbc: EmulatorHandle["sbc"] = current().sbc;
    const before = sbc.kpis.snapshot();
    for (const body of [
      { role: "leader" },
      { kpis: { globalSessions: { sysGlobalConSessions: -1 } } },
      { kpis: { sysCPUUtil: { sysCPUUtil: 101 } } },
      { kpis: { globalSessions: { callsPerSecond: 3 } } },
      { role: "standby", kpis: { warpCore: { x: 1 } } },
    ]) {
      const answer = await control(body);
      expect([body, answer.status]).toEqual([body, 400]);
      expect(typeof answer.json.error).toBe("string");
    }
    expect(sbc.kpis.snapshot()).toEqual(before);
    expect(sbc.system.role).toBe("standalone");
  });
});

describe("verify: an address and port are taken once (emulator/README.md, \"verify\")", () => {
  const el = (elementType: string, attributes: Record<string, string>, subs: Record<string, string>[] = []): ConfigElement => ({
    elementType,
    attributes,
    subElements: subs.map((a) => ({ elementType: "sip-port", attributes: a, subElements: [] })),
  });
  const realms = [el("realm-config", { identifier: "core" }), el("realm-config", { identifier: "core2" })];
  const verify = (elements: ConfigElement[]) => {
    const config = new Map<string, ConfigElement[]>();
    for (const e of [...realms, ...elements]) config.set(e.elementType, [...(config.get(e.elementType) ?? []), e]);
    return verifyConfiguration(builtinCatalog, config);
  };
  const port = { address: "10.0.0.1", port: "5060", "transport-protocol": "UDP" };

  test("two sip-interfaces with the same sip-port address, port and transport fail; another port or transport passes", () => {
    expect(verify([el("sip-interface", { "realm-id": "core" }, [port]), el("sip-interface", { "realm-id": "core2" }, [port])])).toEqual([
      "ERROR: sip-interface [realm-id=core2] sip-port 10.0.0.1:5060/UDP takes a port that sip-interface [realm-id=core] sip-port 10.0.0.1:5060/UDP already takes",
    ]);
    expect(verify([el("sip-interface", { "realm-id": "core" }, [port]), el("sip-interface", { "realm-id": "core2" }, [{ ...port, port: "5070" }])])).toEqual([]);
    expect(verify([el("sip-interface", { "realm-id": "core" }, [port]), el("sip-interface", { "realm-id": "core2" }, [{ ...port, "transport-protocol": "TCP" }])])).toEqual([]);
  });

  test("two steering-pools on one address with overlapping ranges fail; adjacent ranges pass", () => {
    const pool = (realm: string, from: string, to: string) => el("steering-pool", { "ip-address": "10.0.0.2", "start-port": from, "end-port": to, "realm-id": realm });
    expect(verify([pool("core", "20000", "29999"), pool("core2", "29999", "39999")])).toEqual([
      "ERROR: steering-pool [ip-address=10.0.0.2 start-port=29999 realm-id=core2] ports 29999-39999 on 10.0.0.2 takes a port that " +
        "steering-pool [ip-address=10.0.0.2 start-port=20000 realm-id=core] ports 20000-29999 on 10.0.0.2 already takes",
    ]);
    expect(verify([pool("core", "20000", "29999"), pool("core2", "30000", "39999")])).toEqual([]);
  });
});
