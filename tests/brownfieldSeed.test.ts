/**
 * The brownfield seed is an SBC an export can be tried on: about 300 elements running (and saved
 * and staged alike) across every type of the catalog, unique keys, every reference the catalog
 * declares used and resolving (checked here by walking the catalog, not through verify.ts), values
 * off their defaults in every type, ntp-config's secret in place, the emulator's verify and
 * activate accepting it; `sbc-emulator --seed brownfield` serving it and refusing an unknown seed;
 * and exporting it scaled past 2,000 elements costing one list request per type, no element GET.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorHandle, startEmulator } from "../emulator";
import { BROWNFIELD_NTP_SECRET, BROWNFIELD_SNMP_SECRET, brownfieldElements } from "../emulator/seeds/brownfield";
import { verifyConfiguration } from "../emulator/verify";
import { measureExport, requestKind, scaleFor } from "../bench/exportBench";
import { builtinCatalog } from "../client/catalog/catalog";
import { referenceOf } from "../client/catalog/references";
import { SbcClient } from "../client/client";
import { BOOKKEEPING_ATTRIBUTES, ElementTypeSpec, defaultOf, keyOf } from "../client/catalog/schema";
import { ConfigElement, sameValue, valueList } from "../client/types";
import { startEmulatorBin } from "./support/bins";
import { clientFor } from "./support/emulator";

const ROOT = path.join(__dirname, "..");
const BIN = path.join(ROOT, "bin", "sbc-emulator.js");

let sbc: EmulatorHandle;
beforeAll(async () => {
  sbc = await startEmulator({ seed: "brownfield" });
});
afterAll(async () => {
  await sbc?.close();
});

const running = (): Map<string, ConfigElement[]> => sbc.sbc.store.stores.running;

/** Every element and sub-element with its type's spec. */
function everyElement(config: Map<string, ConfigElement[]>): { spec: ElementTypeSpec; element: ConfigElement }[] {
  const out: { spec: ElementTypeSpec; element: ConfigElement }[] = [];
  const visit = (spec: ElementTypeSpec, element: ConfigElement): void => {
    out.push({ spec, element });
    for (const sub of element.subElements) visit(spec.subElements!.find((s) => s.name === sub.elementType)!, sub);
  };
  for (const [type, list] of config) for (const element of list) visit(builtinCatalog.get(type)!, element);
  return out;
}

/**
 * The element types the brownfield seed is made of: the 0.1.x catalog's seventeen, and the SNMPv3
 * user that carries a secret attribute of its own. The production seed covers the rest of the catalog.
 */
const SEEDED = new Set(brownfieldElements(1).map((e) => e.elementType));

function seededSpecs(): ElementTypeSpec[] {
  return builtinCatalog.types().filter((t) => SEEDED.has(t.name));
}

test("about 300 elements run, covering every sub-element type of the types it holds, with unique keys", () => {
  const total = [...running().values()].flat().length;
  expect(total).toBeGreaterThanOrEqual(280);
  expect(total).toBeLessThanOrEqual(340);
  expect(SEEDED.size).toBe(18);
  expect([...running().keys()].sort()).toEqual([...SEEDED].sort());
  // The sub-element types the seed's elements can hold, bar those added to them since 0.1.x.
  const subTypes = ["sip-port", "policy-attribute", "header-rule", "auth-servers", "gw-heartbeat"];
  const seenSubTypes = new Set(everyElement(running()).map((e) => e.element.elementType));
  for (const sub of subTypes) expect(seenSubTypes).toContain(sub);
  for (const [type, list] of running()) {
    const spec = builtinCatalog.get(type)!;
    if (spec.singleton) expect(list).toHaveLength(1);
    const keys = list.map((e) => JSON.stringify(keyOf(spec, e.attributes)));
    expect(new Set(keys).size).toBe(keys.length);
  }
});

test("saved and staged (editing) configurations equal the running one", () => {
  const { editing, saved } = sbc.sbc.store.stores;
  expect(saved).toEqual(running());
  expect(editing).toEqual(running());
});

test("every reference the catalog declares is used and names an existing element", () => {
  const used = new Map<string, number>();
  const dangling: string[] = [];
  for (const { spec, element } of everyElement(running())) {
    for (const attr of spec.attributes) {
      if (!attr.references) continue;
      for (const value of valueList(element.attributes[attr.name])) {
        if (value === "" || value === "*") continue;
        used.set(`${spec.name}.${attr.name}`, (used.get(`${spec.name}.${attr.name}`) ?? 0) + 1);
        // realm-config names network interfaces as "name:sub-port-id"; that pair must exist.
        const named = referenceOf(attr, value);
        if (!named) continue;
        const subPort = named.reference.separator !== undefined ? value.split(named.reference.separator)[1] : undefined;
        const found = (running().get(named.reference.elementType) ?? []).some((e) =>
          valueList(e.attributes[named.reference.attribute]).includes(named.key) && (subPort === undefined || e.attributes["sub-port-id"] === subPort));
        if (!found) dangling.push(`${spec.name} ${attr.name}=${value}`);
      }
    }
  }
  expect(dangling).toEqual([]);
  // The references among the seeded types that the 0.1.x catalog declared are all used.
  const declared = ["realm-config.network-interfaces", "realm-config.parent-realm", "realm-config.dns-realm", "realm-config.in-manipulationid", "realm-config.out-manipulationid",
    "sip-config.home-realm-id", "sip-config.egress-realm-id", "sip-interface.realm-id", "sip-interface.in-manipulationid", "sip-interface.out-manipulationid",
    "sip-port.tls-profile", "steering-pool.realm-id", "session-agent.realm-id", "session-agent.egress-realm-id", "session-agent.in-manipulationid",
    "session-agent.out-manipulationid", "policy-attribute.realm", "access-control.realm-id", "tls-profile.end-entity-certificate",
    "tls-profile.trusted-ca-certificates", "local-policy.source-realm", "network-interface.name"];
  expect(declared.filter((name) => !used.has(name))).toEqual([]);
});

function everyElementTypeSpec(): ElementTypeSpec[] {
  const all = (spec: ElementTypeSpec): ElementTypeSpec[] => [spec, ...(spec.subElements ?? []).flatMap(all)];
  return seededSpecs().flatMap(all);
}

test("session groups name session agents and policies route to groups and agents that exist", () => {
  const agents = new Set((running().get("session-agent") ?? []).map((e) => e.attributes.hostname));
  const groups = new Set((running().get("session-group") ?? []).map((e) => e.attributes["group-name"]));
  for (const group of running().get("session-group") ?? []) for (const dest of valueList(group.attributes.dest)) expect(agents).toContain(dest);
  const hops = (running().get("local-policy") ?? []).flatMap((p) => p.subElements.map((a) => String(a.attributes["next-hop"])));
  expect(hops.length).toBeGreaterThan(20);
  for (const hop of hops) {
    if (hop.startsWith("SAG:")) expect(groups).toContain(hop.slice(4));
    else expect(agents).toContain(hop);
  }
});

test("values differ from their defaults in every element type", () => {
  const differing = new Map<string, number>();
  for (const { spec, element } of everyElement(running())) {
    for (const attr of spec.attributes) {
      if (attr.key || BOOKKEEPING_ATTRIBUTES.includes(attr.name)) continue;
      if (!sameValue(element.attributes[attr.name], defaultOf(attr))) differing.set(spec.name, (differing.get(spec.name) ?? 0) + 1);
    }
  }
  const seededSubTypes = new Set(everyElement(running()).map((e) => e.element.elementType));
  expect(everyElementTypeSpec().map((spec) => spec.name).filter((name) => seededSubTypes.has(name) && !differing.has(name))).toEqual([]);
  expect([...differing.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(500);
});

test("the seed holds secrets where the catalog has them: an SNMPv3 user's password, an NTP server's key", () => {
  const user = builtinCatalog.get("snmp-user-entry")!;
  expect(user.attributes.find((a) => a.secret)?.name).toBe("auth-password");
  expect(running().get("snmp-user-entry")![0].attributes["auth-password"]).toBe(BROWNFIELD_SNMP_SECRET);
  const ntp = builtinCatalog.get("ntp-config")!;
  expect(ntp.subElements?.find((s) => s.name === "auth-servers")?.attributes.find((a) => a.secret)?.name).toBe("key");
  expect(running().get("ntp-config")![0].subElements[0].attributes.key).toBe(BROWNFIELD_NTP_SECRET);
});

test("the emulator's verify finds nothing, and activating the seed through REST succeeds", async () => {
  expect(verifyConfiguration(builtinCatalog, running())).toEqual([]);
  const client = clientFor(sbc);
  try {
    await client.lock();
    expect((await client.verify()).status).toBe("success");
    expect((await client.activate()).status).toBe("success");
    await client.unlock();
  } finally {
    await client.close();
  }
});

test("the seed is the same on every build and grows with its scale, staying consistent", () => {
  expect(brownfieldElements(1)).toEqual(brownfieldElements(1));
  const scale = scaleFor(2000);
  expect(scale).toBeLessThanOrEqual(8);
  const big = brownfieldElements(scale);
  expect(big.length).toBeGreaterThanOrEqual(2000);
  expect(() => brownfieldElements(0)).toThrow(/scale/);
});

test("the export measurement tells a list, a page of one, an element GET and metadata (types, their metadata, the release) apart", () => {
  const elements = "/rest/v1.1/configuration/configElements";
  expect(requestKind("GET", `${elements}?elementType=realm-config&running=true`)).toEqual({ kind: "list", elementType: "realm-config" });
  expect(requestKind("GET", `${elements}?elementType=realm-config&running=true&offset=100&maxElements=100`).kind).toBe("continuation");
  expect(requestKind("GET", `${elements}?elementType=realm-config&identifier=core&running=true`).kind).toBe("element");
  expect(requestKind("GET", "/rest/v1.1/configuration/elementTypes/metadata?elementType=realm-config").kind).toBe("metadata");
  expect(requestKind("GET", "/rest/v1.1/configuration/elementTypes").kind).toBe("metadata");
  expect(requestKind("GET", "/rest/v1.1/system/information").kind).toBe("metadata");
  expect(requestKind("POST", "/rest/v1.1/auth/token").kind).toBe("session");
  expect(requestKind("POST", elements).kind).toBe("other");
});

test("exporting the seed scaled past 2,000 elements costs one list per element type and no element GET", async () => {
  const big = await startEmulator({ seed: "brownfield", seedScale: scaleFor(2000) });
  try {
    expect(verifyConfiguration(builtinCatalog, big.sbc.store.stores.running)).toEqual([]);
    const m = await measureExport(big);
    expect(m.elements).toBeGreaterThanOrEqual(2000);
    expect(Object.keys(m.listsByType).sort()).toEqual(builtinCatalog.types().map((t) => t.name).sort());
    expect(Object.values(m.listsByType).every((n) => n === 1)).toBe(true);
    expect(m.elementGets).toBe(0);
    expect(m.other).toBe(0);
    expect(m.continuationPages).toBe(m.expectedContinuationPages);
    // Everything the emulator served is a list, a page of one, metadata or the login.
    expect(m.served).toBe(builtinCatalog.types().length + m.continuationPages + m.metadata + m.session);
  } finally {
    await big.close();
  }
});

function requireBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, "dist", "emulator", "seeds", "brownfield.js"))) {
    throw new Error("dist/emulator/seeds/brownfield.js is missing: run `npm run build` first (`npm test` does it before jest)");
  }
}

test("`sbc-emulator --seed brownfield` serves the seeded SBC over REST", async () => {
  requireBuilt();
  const emulator = await startEmulatorBin(["--seed", "brownfield", "--port", "0"]);
  try {
    const { url, stdout } = emulator;
    expect(stdout).toMatch(/seeded brownfield: 30\d elements running/);
    const client = new SbcClient({ host: url, username: "admin", password: "admin" });
    try {
      const agents = await client.listElements("session-agent", { running: true });
      expect(agents.map((a) => a.attributes.hostname)).toContain("cscf-1.core.example.net");
      expect(agents).toHaveLength(running().get("session-agent")!.length);
    } finally {
      await client.close();
    }
  } finally {
    await emulator.stop();
  }
});

test("`sbc-emulator --seed nope` exits 2 naming the known seeds", () => {
  requireBuilt();
  const run = spawnSync(process.execPath, [BIN, "--seed", "nope"], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('unknown seed "nope"');
  expect(run.stderr).toContain("brownfield");
  expect(run.stdout).not.toContain("listening on");
});
