/**
 * `sbc-export --fleet` (issue 14, item 1): two SBCs seeded alike, then the second changed — an
 * attribute, one back at its default, a secret, a sub-element list, an element removed, two added
 * (one naming the other), a reference changed — are exported as users run it (bin/sbc-export.js
 * over dist/) into one program. It type-checks; values they share are written once in the loop and
 * those that differ come from each site's entry; no secret reaches a file; a second export writes
 * the same; and, run by the harness engine against two empty SBCs, it recreates each SBC as it was,
 * element for element.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, EmulatorHandle } from "../emulator";
import { writeFleetProgram } from "../tools/export/fleetProgram";
import { fleetSitesOf, siteNameOf } from "../tools/export/fleetSites";
import { projectFiles, writeProject } from "../tools/export/project";
import { builtinCatalog } from "../client/catalog/catalog";
import { BOOKKEEPING_ATTRIBUTES, defaultOf, ElementTypeSpec } from "../client/catalog/schema";
import { ConfigElement } from "../client/types";
import { Engine } from "./harness/engine";
import { BinRun, runBin } from "./support/bins";
import { expectTypeChecks, linkPackageModules, writtenFiles } from "./support/exportedProject";
import { NTP_AUTH_SECRET, seedRealisticSbc, SNMP_AUTH_SECRET } from "./fixtures/exportSeed";

const ROOT = path.join(__dirname, "..");
const PASSWORD = "Fl33t-pa55word";
const LAB2_SECRET = "lab2-0nly-secret";
const AUTHOR = { user: "admin", address: "console" };

const emulators: EmulatorHandle[] = [];
let lab1: EmulatorHandle;
let lab2: EmulatorHandle;
let work: string;

async function emulator(): Promise<EmulatorHandle> {
  const handle = await startEmulator({ activateMs: 10, users: [{ name: "admin", password: PASSWORD, admin: true }] });
  emulators.push(handle);
  return handle;
}

const el = (elementType: string, attributes: ConfigElement["attributes"], subElements: ConfigElement[] = []): ConfigElement => ({ elementType, attributes, subElements });

/** lab2: the realistic SBC with what a second site would hold differently. */
function differ(handle: EmulatorHandle): void {
  const store = handle.sbc.store;
  const bandwidth = builtinCatalog.get("media-manager")!.attributes.find((a) => a.name === "max-signaling-bandwidth")!;
  store.update(el("realm-config", { identifier: "core", description: "Core network of lab2" }), AUTHOR);
  store.update(el("media-manager", { "max-signaling-bandwidth": defaultOf(bandwidth) }), AUTHOR);
  store.update(el("snmp-user-entry", { "user-name": "poller", "auth-password": LAB2_SECRET }), AUTHOR);
  store.update(el("sip-interface", { "realm-id": "core" }, [el("sip-port", { address: "192.0.2.10", port: "5060", "transport-protocol": "UDP" })]), AUTHOR);
  store.delete("host-route", new Map([["dest-network", ["10.0.0.0"]]]));
  store.create(el("realm-config", { identifier: "edge", "network-interfaces": ["M10:20"] }), AUTHOR);
  store.create(el("steering-pool", { "ip-address": "203.0.113.20", "start-port": "30000", "end-port": "39999", "realm-id": "edge" }), AUTHOR);
  store.update(el("sip-config", { "egress-realm-id": "edge" }), AUTHOR);
  store.copy("editing", "saved");
  store.copy("editing", "running");
}

/** The running configuration without what the SBC stamps on every write (who, when). */
function running(handle: EmulatorHandle): string[] {
  const strip = (e: ConfigElement): unknown => ({
    ...e,
    attributes: Object.fromEntries(Object.entries(e.attributes).filter(([k]) => !BOOKKEEPING_ATTRIBUTES.includes(k))),
    subElements: e.subElements.map(strip),
  });
  return [...handle.sbc.store.stores.running].flatMap(([type, list]) => list.map((e) => `${type} ${JSON.stringify(strip(e))}`)).sort();
}


/** The bin as users run it; the emulator answers from this process. */
function runExport(args: string[], env: Record<string, string> = { SBC_USERNAME: "admin", SBC_PASSWORD: PASSWORD }): Promise<BinRun> {
  return runBin("sbc-export", args, env, work);
}

let first: BinRun;
let project: string;
let program: string;
const fleetArg = () => `lab1=${lab1.url},lab2=${lab2.url}`;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "tools", "export", "cli.js"))) {
    throw new Error("dist/tools/export/cli.js is missing: run `npm run build` first (`npm test` does it before jest)");
  }
  [lab1, lab2] = [await emulator(), await emulator()];
  seedRealisticSbc(lab1);
  seedRealisticSbc(lab2);
  differ(lab2);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-fleet-"));
  project = path.join(work, "one", "sbc-fleet");
  first = await runExport(["--out", project, "--fleet", fleetArg()]);
  program = fs.existsSync(path.join(project, "index.ts")) ? fs.readFileSync(path.join(project, "index.ts"), "utf8") : "";
}, 60_000);

afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("writes one project for the fleet whose program type-checks against this package", () => {
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  expect(Object.keys(writtenFiles(project))).toEqual(["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
  expect(first.stdout).toMatch(/elements from 2 SBCs \(lab1: http:\/\/127\.0\.0\.1:\d+, lab2: /);
  expectTypeChecks(project);
}, 120_000);

test("values every SBC shares are literals in the loop; values that differ come from each site's entry", () => {
  const loop = program.slice(program.indexOf("for (const site of sites) {"));
  const sites = program.slice(program.indexOf("const sites: Site[] = ["), program.indexOf("for (const site of sites)"));
  // Each element once, named per site, connected to the site's SBC.
  expect(loop).toContain("const connection = { host: site.host };");
  expect(loop.match(/new sbc\.RealmConfig\(`\$\{site\.name\}-realm_core`/g)).toHaveLength(1);
  expect(loop.match(/^ +connection,$/gm)!.length).toBe(loop.match(/new sbc\./g)!.length);
  // The baseline: alike on both, written in place, references wired.
  expect(loop).toMatch(/realm_core`, \{\n    identifier: "core",\n    description: site\.realmCore\.description,\n(.*\n)*?    mmInRealm: "enabled",/);
  expect(loop).toContain("sourceRealm: [realmPeer.identifier, realmAccess.identifier],");
  // Overrides: an attribute that differs, one at its default on lab2 (left out there), a sub-element list whole.
  expect(program).toContain('realmCore: Partial<Pick<sbc.RealmConfigArgs, "description">>;');
  expect(sites).toMatch(/name: "lab1",\n(.*\n)*?    realmCore: \{ description: "Core network" \},/);
  expect(sites).toMatch(/name: "lab2",\n(.*\n)*?    realmCore: \{ description: "Core network of lab2" \},/);
  expect(sites).toMatch(/name: "lab1",\n(.*\n)*?    mediaManager: \{ maxSignalingBandwidth: 2000000 \},\n(.*\n)*?  \},\n  \{\n    name: "lab2",\n(.*\n)*?    mediaManager: \{\},/);
  expect(loop).toContain("maxSignalingBandwidth: site.mediaManager.maxSignalingBandwidth,");
  expect(loop).toContain("sipPorts: site.sipInterfaceCore.sipPorts,");
  expect(sites).toContain('sipInterfaceCore: {\n      sipPorts: [\n        { address: "192.0.2.10", port: 5060, transportProtocol: "UDP" },\n      ],\n    },');
  // A reference that differs stays the key in the site's entry; the element waits for whatever it may name.
  expect(sites).toContain('sipConfig: { egressRealmId: "edge" },');
  expect(loop).toContain("}, { protect: true, dependsOn: [realmPeer, ...(realmEdge ? [realmEdge] : [])] });");
  // Every element protected, as for one SBC.
  expect(loop.match(/^ +\}, \{ protect: true(, dependsOn: .*)? \}\)( : undefined)?;$/gm)!.length).toBe(loop.match(/new sbc\./g)!.length);
  expect(program).toMatch(/^\/\/ Every resource is protected \(protect: true/m);
  // Elements only one SBC has: declared where the site says so; a reference to one falls back to its key.
  expect(program).toContain("  hostRoute10000?: true;");
  expect(sites).toMatch(/name: "lab1",\n(.*\n)*?    hostRoute10000: true,\n(.*\n)*?  \},\n  \{\n    name: "lab2"/);
  expect(loop).toContain("  if (site.hostRoute10000) {\n    new sbc.HostRoute(`${site.name}-host_route_10_0_0_0`, {");
  expect(loop).toContain("  const realmEdge = site.realmEdge ? new sbc.RealmConfig(`${site.name}-realm_edge`, {");
  expect(loop).toContain('realmId: realmEdge ? realmEdge.identifier : "edge",');
  expect(program).toContain("// An element only some SBCs have is undefined on the others: a reference to it falls back to the key");
});

test("secrets go to per-site stack config keys, printed as config set --secret lines, in no file; the fleet shares username and password", () => {
  expect(program).toContain('snmpUserEntryPoller: { authPassword: config.requireSecret("lab1SnmpUserEntryPollerAuthPassword") },');
  expect(program).toContain('snmpUserEntryPoller: { authPassword: config.requireSecret("lab2SnmpUserEntryPollerAuthPassword") },');
  // A sub-element's secret (ntp-config's server key) is per site too, within the site's list.
  expect(program).toContain('{ ipAddress: "192.0.2.123", keyId: 7, keyAttribute: config.requireSecret("lab2NtpConfigAuthServers1Key") },');
  for (const [name, content] of Object.entries(writtenFiles(project))) {
    for (const secret of ["n0t-in-any-file", "lab2-0nly-secret", PASSWORD]) expect([name, secret, content.includes(secret)]).toEqual([name, secret, false]);
  }
  expect(first.stdout).toContain(`pulumi config set --secret lab1NtpConfigAuthServers1Key -- ${NTP_AUTH_SECRET}`);
  expect(first.stdout).toContain(`pulumi config set --secret lab1SnmpUserEntryPollerAuthPassword -- ${SNMP_AUTH_SECRET}`);
  expect(first.stdout).toContain(`pulumi config set --secret lab2SnmpUserEntryPollerAuthPassword -- ${LAB2_SECRET}`);
  expect(first.stdout).toContain("pulumi config set sbc:username admin");
  expect(first.stdout).toContain("pulumi config set --secret sbc:password");
  expect(first.stdout).not.toContain("sbc:host");
  expect(first.stdout).not.toContain(PASSWORD);
});

test("a second export of the same fleet writes identical files", async () => {
  const again = path.join(work, "two", "sbc-fleet");
  const second = await runExport(["--out", again, "--fleet", fleetArg()]);
  expect(second.code).toBe(0);
  expect(writtenFiles(again)).toEqual(writtenFiles(project));
}, 60_000);

test("run against two empty SBCs, the program recreates each SBC as it was, element for element; then no changes", async () => {
  const [empty1, empty2] = [await emulator(), await emulator()];
  const dir = path.join(work, "recreate");
  fs.mkdirSync(dir);
  // The same program, pointed at the empty SBCs.
  for (const [name, content] of Object.entries(writtenFiles(project))) {
    fs.writeFileSync(path.join(dir, name), content.split(JSON.stringify(lab1.url)).join(JSON.stringify(empty1.url)).split(JSON.stringify(lab2.url)).join(JSON.stringify(empty2.url)));
  }
  linkPackageModules(dir);
  const engine = new Engine({
    programDir: dir,
    stateFile: path.join(dir, "state.json"),
    project: "sbc-fleet",
    config: {
      "sbc:username": "admin",
      "sbc:password": PASSWORD,
      "sbc-fleet:lab1NtpConfigAuthServers1Key": NTP_AUTH_SECRET,
      "sbc-fleet:lab2NtpConfigAuthServers1Key": NTP_AUTH_SECRET,
      "sbc-fleet:lab1SnmpUserEntryPollerAuthPassword": SNMP_AUTH_SECRET,
      "sbc-fleet:lab2SnmpUserEntryPollerAuthPassword": LAB2_SECRET,
    },
    secretConfigKeys: ["sbc:password", "sbc-fleet:lab1NtpConfigAuthServers1Key", "sbc-fleet:lab2NtpConfigAuthServers1Key", "sbc-fleet:lab1SnmpUserEntryPollerAuthPassword", "sbc-fleet:lab2SnmpUserEntryPollerAuthPassword"],
  });
  const up = await engine.up();
  expect(up.errors).toEqual([]);
  expect(running(lab1)).not.toEqual(running(lab2));
  expect(running(empty1)).toEqual(running(lab1));
  expect(running(empty2)).toEqual(running(lab2));
  const preview = await engine.preview();
  expect(preview.steps.filter((s) => s.op !== "same")).toEqual([]);
}, 120_000);

test("--fleet with one host, or a host twice, is a usage error (exit 2); the list may be a file with comments and NAME=HOST", async () => {
  const one = await runExport(["--out", path.join(work, "bad"), "--fleet", lab1.url]);
  expect(one.code).toBe(2);
  expect(one.stderr).toContain("--fleet needs at least two hosts (got 1); for one SBC leave out --fleet and give --host");
  expect(one.stderr).toContain("usage: sbc-export");
  const twice = await runExport(["--out", path.join(work, "bad"), "--fleet", `${lab1.url},x=${lab1.url}`]);
  expect(twice.code).toBe(2);
  expect(twice.stderr).toContain(`--fleet lists ${lab1.url} twice; list each SBC once`);
  const withHost = await runExport(["--out", path.join(work, "bad"), "--fleet", fleetArg(), "--host", lab1.url]);
  expect(withHost.code).toBe(2);

  const list = path.join(work, "fleet.txt");
  fs.writeFileSync(list, `# the lab\nlab1=${lab1.url}   # first\n\nlab2=${lab2.url}\n`);
  expect(fleetSitesOf(`@${list}`)).toEqual([{ name: "lab1", host: lab1.url }, { name: "lab2", host: lab2.url }]);
  expect(fleetSitesOf("sbc1.lab.example.net,https://192.0.2.7:8443")).toEqual([
    { name: "sbc1", host: "sbc1.lab.example.net" },
    { name: "192-0-2-7-8443", host: "https://192.0.2.7:8443" },
  ]);
  expect(siteNameOf("https://edge-2.example.net:443/rest")).toBe("edge-2");
  expect(() => fleetSitesOf("sbc1.a.example.net,sbc1.b.example.net")).toThrow("both get the site name sbc1; name them apart as NAME=HOST");

  const help = await runExport(["--help"]);
  expect(help.stdout).toMatch(/--fleet LIST {8}several SBCs in one program/);
}, 60_000);

test("a host that refuses is named in the error", async () => {
  const refused = await runExport(["--out", path.join(work, "refused"), "--fleet", fleetArg()], { SBC_USERNAME: "admin", SBC_PASSWORD: `${PASSWORD}-wrong` });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/^sbc-export: lab[12] \(http:\/\/127\.0\.0\.1:\d+\): /);
  expect(refused.stderr).not.toContain(PASSWORD);
}, 60_000);

test("an element without a typed class on some sites only, differing between them, is a ConfigElement with the site's attributes spread in; it type-checks", () => {
  const translation: ElementTypeSpec = {
    name: "session-translation",
    description: "A type only some SBC's metadata knows",
    singleton: false,
    attributes: [
      { name: "id", help: "Name", valueType: "string", key: true, required: true },
      { name: "realm", help: "Realm", valueType: "string", defaultValue: "", references: [{ elementType: "realm-config", attribute: "identifier" }] },
      { name: "priority", help: "Priority", valueType: "integer", defaultValue: "0" },
    ],
  };
  const realm = builtinCatalog.get("realm-config")!;
  const site = (name: string, translations: ConfigElement[]) => ({
    name,
    host: `${name}.example.net`,
    listings: [
      { spec: realm, inCatalog: true, elements: [el("realm-config", { identifier: "core" })] },
      { spec: translation, inCatalog: false, elements: translations },
    ],
  });
  const program = writeFleetProgram(
    [
      site("a", [el("session-translation", { id: "t1", realm: "core", priority: "5" })]),
      site("b", [el("session-translation", { id: "t1", realm: "core", priority: "7" })]),
      site("c", []),
    ],
    {},
  );
  expect(program.source).toContain('  sessionTranslationT1?: { attributes?: Record<string, pulumi.Input<string | string[]>> };');
  expect(program.source).toContain('    sessionTranslationT1: { attributes: { "priority": "5" } },');
  expect(program.source).toContain('    sessionTranslationT1: { attributes: { "priority": "7" } },');
  expect(program.source).toContain('  if (site.sessionTranslationT1) {\n    new sbc.ConfigElement(`${site.name}-session_translation_t1`, {\n      elementType: "session-translation",\n      attributes: {\n        "id": "t1",\n        "realm": realmCore.identifier,\n        ...site.sessionTranslationT1.attributes,\n      },');
  const dir = path.join(work, "generic");
  writeProject(dir, projectFiles("generic", program.source, "the SBCs a, b, c"));
  expectTypeChecks(dir);

  // --no-protect: the same program without protect.
  const unprotected = writeFleetProgram([site("a", []), site("b", [])], { protect: false });
  expect(unprotected.source).not.toContain("protect");
  expect(unprotected.source).toContain("  new sbc.RealmConfig(`${site.name}-realm_core`, {\n    identifier: \"core\",\n    adopt: true,\n    connection,\n  });");
}, 120_000);
