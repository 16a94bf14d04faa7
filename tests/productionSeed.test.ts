/**
 * The production seed is a carrier's SBC for tests and tools to run against: about 3,000 elements
 * over more than 60 element types, the same on every build, loaded in well under a second; every
 * element valid for its type, keys unique, singletons once, every reference (prefixed and
 * separated ones included) naming an element that exists — checked here by walking the catalog's
 * reference table, then by the emulator's verify and a REST activate; no parameter set that no
 * source confirms exists; and every secret it holds one of the constants it exports.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorHandle, createSbcState, startEmulator } from "../emulator";
import { PRODUCTION_SECRETS, productionElements } from "../emulator/seeds/production";
import { verifyConfiguration } from "../emulator/verify";
import { metadataSet } from "../emulator/metadataSets";
import { builtinCatalog } from "../client/catalog/catalog";
import { BOOKKEEPING_ATTRIBUTES, keyOf } from "../client/catalog/schema";
import { describeProblems, validateElement } from "../client/catalog/validate";
import { SbcClient } from "../client/client";
import { ConfigElement, valueList } from "../client/types";
import { startEmulatorBin } from "./support/bins";
import { clientFor } from "./support/emulator";
import { everyElement, referenceUses } from "./support/configWalk";

const ROOT = path.join(__dirname, "..");

let sbc: EmulatorHandle;
beforeAll(async () => {
  sbc = await startEmulator({ seed: "production" });
});
afterAll(async () => {
  await sbc?.close();
});

const running = (): Map<string, ConfigElement[]> => sbc.sbc.store.stores.running;
const ofType = (type: string): ConfigElement[] => running().get(type) ?? [];

/** Element types whose elements differ between two configurations (JSON: jest's deep equality is slow on 3,000 complete elements). */
function typesDiffering(a: ReadonlyMap<string, ConfigElement[]>, b: ReadonlyMap<string, ConfigElement[]>): string[] {
  const types = new Set([...a.keys(), ...b.keys()]);
  return [...types].filter((type) => JSON.stringify(a.get(type)) !== JSON.stringify(b.get(type)));
}

function byType(elements: ConfigElement[]): Map<string, ConfigElement[]> {
  const map = new Map<string, ConfigElement[]>();
  for (const e of elements) map.set(e.elementType, [...(map.get(e.elementType) ?? []), e]);
  return map;
}

test("the same SBC on every build, of one size", () => {
  expect(typesDiffering(byType(productionElements()), byType(productionElements()))).toEqual([]);
  expect(() => productionElements(2)).toThrow(/one size.*scale must be 1, got 2/);
});

test("built and loaded (validated, completed, saved, activated) in well under a second of CPU", () => {
  createSbcState({ seed: "production" }); // the catalog is read once per process: not part of the seed's cost
  const before = process.cpuUsage();
  createSbcState({ seed: "production" });
  const used = process.cpuUsage(before);
  // 0.3–0.6 s measured on a two-core machine under heavy load.
  expect((used.user + used.system) / 1000).toBeLessThan(1000);
});

test("about 3,000 elements over more than 60 element types", () => {
  const total = [...running().values()].flat().length;
  expect(total).toBeGreaterThanOrEqual(2500);
  expect(total).toBeLessThanOrEqual(3500);
  expect(running().size).toBeGreaterThanOrEqual(60);
  expect(productionElements()).toHaveLength(total);
});

test("hundreds of session agents in session groups, and a large routing table over groups, ENUM and local route tables", () => {
  const grouped = new Set(ofType("session-group").flatMap((g) => valueList(g.attributes.dest)));
  expect(ofType("session-agent").filter((a) => grouped.has(a.attributes.hostname as string)).length).toBeGreaterThanOrEqual(200);
  const policies = ofType("local-policy");
  expect(policies.length).toBeGreaterThanOrEqual(1000);
  const hops = policies.flatMap((p) => p.subElements.map((a) => String(a.attributes["next-hop"])));
  for (const prefix of ["SAG:", "lrt:", "enum:"]) expect(hops.some((hop) => hop.startsWith(prefix))).toBe(true);
});

test("what a carrier's SBC holds: the kinds of element the brief names, each in use", () => {
  const subTypes = new Set(everyElement(builtinCatalog, running()).map((v) => v.path));
  for (const type of [
    "codec-policy", "session-translation", "translation-rules", "media-policy", "class-profile", "enum-config", "local-routing-config",
    "snmp-community", "trap-receiver", "snmp-user-entry", "account-config", "certificate-record", "tls-profile", "sdes-profile", "media-sec-policy",
    "phy-interface", "network-interface", "steering-pool", "sip-interface", "access-control", "session-constraints", "surrogate-agent",
    "sti-server", "session-recording-server",
  ]) expect(ofType(type).length).toBeGreaterThan(0);
  for (const nested of ["sip-manipulation › header-rule › element-rule", "sip-interface › sip-port", "account-config › account-server", "local-policy › policy-attribute"]) {
    expect(subTypes).toContain(nested);
  }
  // Codec policies are set on realms and on session agents.
  expect(ofType("realm-config").some((r) => r.attributes["codec-policy"] !== "")).toBe(true);
  expect(ofType("session-agent").some((a) => a.attributes["codec-policy"] !== "")).toBe(true);
});

test("saved and staged (editing) configurations equal the running one", () => {
  const { editing, saved } = sbc.sbc.store.stores;
  expect(typesDiffering(saved, running())).toEqual([]);
  expect(typesDiffering(editing, running())).toEqual([]);
});

test("every element and sub-element is valid for its type", () => {
  const problems = productionElements().flatMap((element) => describeProblems(element.elementType, validateElement(builtinCatalog.get(element.elementType)!, element)));
  expect(problems).toEqual([]);
});

test("keys are unique within each type, and each single-instance type is there once", () => {
  for (const [type, elements] of running()) {
    const spec = builtinCatalog.get(type)!;
    if (spec.singleton) {
      expect([type, elements.length]).toEqual([type, 1]);
      continue;
    }
    const keys = elements.map((e) => JSON.stringify(keyOf(spec, e.attributes)));
    expect([type, keys.length - new Set(keys).size]).toEqual([type, 0]);
  }
});

test("every reference names an element that exists, prefixed (SAG:, lrt:, enum:, stg:, SRG:) and separated (M00:0) ones included", () => {
  const uses = referenceUses(builtinCatalog, running());
  expect(uses.filter((u) => !u.resolves).map((u) => `${u.attribute}=${u.value}`)).toEqual([]);
  expect(uses.length).toBeGreaterThan(5000);
  const prefixes = new Set(uses.map((u) => u.reference.prefix).filter(Boolean));
  expect([...prefixes].sort()).toEqual(["SAG:", "SRG:", "enum:", "lrt:", "stg:"]);
  expect(uses.filter((u) => u.reference.separator !== undefined).map((u) => u.attribute)).toEqual(
    expect.arrayContaining(["realm-config.network-interfaces", "steering-pool.network-interface", "destination.network-interface", "monitor-collector.network-interface", "capture-receiver.network-interface"]),
  );
  // Kinds of reference in use, of the catalog's: most of those among the types the seed holds.
  expect(new Set(uses.map((u) => u.attribute)).size).toBeGreaterThanOrEqual(60);
});

test("no parameter is set that no source confirms exists", () => {
  const unconfirmed = everyElement(builtinCatalog, running()).flatMap(({ spec, element, path }) =>
    Object.keys(element.attributes)
      .filter((name) => !sameAsDefault(spec.attributes.find((a) => a.name === name)?.defaultValue, element.attributes[name]))
      .filter((name) => spec.attributes.find((a) => a.name === name)?.unconfirmed?.includes("parameter"))
      .map((name) => `${path}.${name}`));
  expect([...new Set(unconfirmed)]).toEqual([]);
});

function sameAsDefault(defaultValue: string | string[] | undefined, value: string | string[]): boolean {
  return JSON.stringify(valueList(defaultValue ?? "")) === JSON.stringify(valueList(value));
}

test("every secret value the seed holds is one of the constants it exports, and each is held", () => {
  const held = everyElement(builtinCatalog, running()).flatMap(({ spec, element }) =>
    spec.attributes.filter((a) => a.secret).flatMap((a) => valueList(element.attributes[a.name])).filter((v) => v !== ""));
  const exported: string[] = Object.values(PRODUCTION_SECRETS);
  expect(held.filter((value) => !exported.includes(value))).toEqual([]);
  expect(exported.filter((value) => !held.includes(value))).toEqual([]);
  // Secrets of elements and of sub-elements both: an SNMPv3 user's and an NTP server's.
  expect(ofType("snmp-user-entry")[0].attributes["auth-password"]).toBe(PRODUCTION_SECRETS.snmpAuth);
  expect(ofType("ntp-config")[0].subElements[0].attributes.key).toBe(PRODUCTION_SECRETS.ntpKey);
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

test.each(["older", "newer"])("on the %s release (--metadata) the seed holds what that release has, and its verify finds nothing", async (name) => {
  const { catalog, release } = metadataSet(name);
  const other = await startEmulator({ seed: "production", catalog, release });
  try {
    const held = other.sbc.store.stores.running;
    // The newer release has every type of the catalog's, and more; the older one lacks some, whose elements are left out.
    const lost = [...running().keys()].filter((type) => !catalog.get(type));
    expect([...held.keys()].sort()).toEqual([...running().keys()].filter((type) => catalog.get(type)).sort());
    if (name === "newer") expect(lost).toEqual([]);
    // As a program would send them: without what the SBC keeps on each element (last-modified-by, -date).
    const sent = (element: ConfigElement): ConfigElement => ({
      ...element,
      attributes: Object.fromEntries(Object.entries(element.attributes).filter(([name]) => !BOOKKEEPING_ATTRIBUTES.includes(name))),
      subElements: element.subElements.map(sent),
    });
    const problems = [...held].flatMap(([type, elements]) => elements.flatMap((element) => describeProblems(type, validateElement(catalog.get(type)!, sent(element)))));
    expect(problems).toEqual([]);
    expect(verifyConfiguration(catalog, held)).toEqual([]);
    const client = clientFor(other);
    try {
      await client.lock();
      expect((await client.verify()).status).toBe("success");
      await client.unlock();
    } finally {
      await client.close();
    }
  } finally {
    await other.close();
  }
});

test("`sbc-emulator --seed production` serves the seeded SBC over REST", async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "emulator", "seeds", "production.js"))) {
    throw new Error("dist/emulator/seeds/production.js is missing: run `npm run build` first (`npm test` does it before jest)");
  }
  const emulator = await startEmulatorBin(["--seed", "production", "--port", "0"]);
  try {
    const { url, stdout } = emulator;
    expect(stdout).toContain(`seeded production: ${productionElements().length} elements running`);
    const client = new SbcClient({ host: url, username: "admin", password: "admin" });
    try {
      const groups = await client.listElements("session-group", { running: true });
      expect(groups).toHaveLength(ofType("session-group").length);
    } finally {
      await client.close();
    }
  } finally {
    await emulator.stop();
  }
});
