/**
 * `sbc-export` as users run it (bin/sbc-export.js over dist/, which `npm test` builds before jest
 * runs) against an emulator seeded with a realistic configuration: the project it writes
 * type-checks against this package, a second export writes the same files, references are wired
 * from the catalog's table, defaults are left out, no secret reaches a file, and the whole export
 * costs the SBC's type list and one list request per element type. And, from the program writer directly, what a real
 * SBC may add: a type without a typed class, and references that form a cycle.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, EmulatorHandle } from "../emulator";
import { writeProgram } from "../tools/export/program";
import { projectFiles, writeProject } from "../tools/export/project";
import { builtinCatalog } from "../client/catalog/catalog";
import { ElementTypeSpec } from "../client/catalog/schema";
import { ConfigElement } from "../client/types";
import { BinRun, runBin } from "./support/bins";
import { expectTypeChecks, writtenFiles } from "./support/exportedProject";
import { NTP_AUTH_SECRET, SEED, seedRealisticSbc, SNMP_AUTH_SECRET } from "./fixtures/exportSeed";

const ROOT = path.join(__dirname, "..");
const PASSWORD = "Exp0rt-pa55word";

let sbc: EmulatorHandle;
let work: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "tools", "export", "cli.js"))) {
    throw new Error("dist/tools/export/cli.js is missing: run `npm run build` first (`npm test` does it before jest)");
  }
  sbc = await startEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }] });
  seedRealisticSbc(sbc);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-"));
});

afterAll(async () => {
  await sbc?.close();
  fs.rmSync(work, { recursive: true, force: true });
});


/** The bin as users run it; the emulator answers from this process. */
function runExport(args: string[], env: Record<string, string> = {}): Promise<BinRun> {
  return runBin("sbc-export", args, env, work);
}

const ENV = () => ({ SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: PASSWORD });

let first: BinRun;
let project: string;
let requests: number;

beforeAll(async () => {
  project = path.join(work, "one", "sbc-lab");
  const before = sbc.sbc.stats.requests;
  first = await runExport(["--out", project], ENV());
  requests = sbc.sbc.stats.requests - before;
}, 60_000);

test("writes a Pulumi project whose program type-checks against this package", () => {
  expect(first.stderr).toBe("");
  expect(first.code).toBe(0);
  expect(Object.keys(writtenFiles(project))).toEqual(["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
  expect(fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8")).toMatch(/^name: sbc-lab\n(.*\n)*main: index\.ts$/m);
  expectTypeChecks(project);
}, 120_000);

test("reads with one login, the SBC's list of element types and one list request per type; no metadata where the catalog knows all", () => {
  expect(requests).toBe(1 + 1 + builtinCatalog.types().length);
});

test("a second export of the same SBC writes identical files", async () => {
  const again = path.join(work, "two", "sbc-lab");
  const second = await runExport(["--out", again], ENV());
  expect(second.code).toBe(0);
  expect(writtenFiles(again)).toEqual(writtenFiles(project));
}, 60_000);

test("each element is declared once with its typed class, named from its key, and adopted", () => {
  const program = fs.readFileSync(path.join(project, "index.ts"), "utf8");
  // The seed, plus the system-config every SBC has.
  expect(program.match(/^  adopt: true,$/gm)).toHaveLength(SEED.length + 1);
  expect(program).toContain('const realmCore = new sbc.RealmConfig("realm_core", {');
  expect(program).toContain('new sbc.SipInterface("sip_interface_core", {');
  expect(program).toContain('new sbc.SystemConfig("system_config", {');
  expect(program).not.toContain("ConfigElement");
});

test("every resource is protected, as pulumi import marks what it imports, and the output says so; --no-protect leaves that out", async () => {
  const program = fs.readFileSync(path.join(project, "index.ts"), "utf8");
  expect(program.match(/^\}, \{ protect: true \}\);$/gm)).toHaveLength(SEED.length + 1);
  expect(program.match(/new sbc\./g)).toHaveLength(SEED.length + 1);
  expect(program).toMatch(/^\/\/ Every resource is protected \(protect: true/m);
  expect(first.stdout).toContain("every resource is protected (protect: true): `pulumi destroy`");

  const dir = path.join(work, "plain");
  const unprotected = await runExport(["--out", dir, "--no-protect"], ENV());
  expect(unprotected.code).toBe(0);
  const plain = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
  expect(plain).not.toContain("protect");
  expect(plain.match(/^\}\);$/gm)).toHaveLength(SEED.length + 1);
  expect(unprotected.stdout).not.toContain("protect");
}, 60_000);

test("attributes that name another element's key are wired to it, so the engine orders creates and deletes", () => {
  const program = fs.readFileSync(path.join(project, "index.ts"), "utf8");
  const declaredAt = (variable: string) => program.indexOf(`const ${variable} =`);
  expect(program).toMatch(/new sbc\.SipInterface\("sip_interface_core", \{\n  realmId: realmCore\.identifier,/);
  expect(program).toMatch(/SteeringPool\("steering_pool_192_0_2_20_20000_core", \{[^}]*realmId: realmCore\.identifier,/);
  expect(program).toContain("sourceRealm: [realmPeer.identifier, realmAccess.identifier],");
  expect(program).toContain('{ nextHop: "carrier.example.net", realm: realmPeer.identifier, cost: 10 }');
  expect(program).toContain("parentRealm: realmCore.identifier,");
  expect(program).toContain("outManipulationid: sipManipulationFixHeaders.name,");
  expect(program).toContain("tlsProfile: tlsProfileTlsCore.name");
  expect(program).toContain("name: phyInterfaceM10.name,");
  // A reference to a type keyed by two attributes names it by both, as the SBC writes it (M00:0).
  expect(program).toContain("networkInterfaces: [pulumi.interpolate`${networkInterfaceM000.name}:${networkInterfaceM000.subPortId}`],");
  expect(program).toContain("homeRealmId: realmCore.identifier,");
  // Declared before use.
  expect(declaredAt("realmCore")).toBeGreaterThan(declaredAt("networkInterfaceM000"));
  expect(declaredAt("realmPeer")).toBeGreaterThan(declaredAt("sipManipulationFixHeaders"));
  // What names nothing exported stays a string.
  expect(program).toContain('fromAddress: ["*"],');
});

test("attributes at their defaults are left out; values off them are kept", () => {
  const program = fs.readFileSync(path.join(project, "index.ts"), "utf8");
  const realmCore = program.slice(program.indexOf('"realm_core"'), program.indexOf("});", program.indexOf('"realm_core"')));
  expect(realmCore).toContain('mmInRealm: "enabled",');
  expect(realmCore).not.toMatch(/mmInNetwork|denyPeriod|addrPrefix|options/);
  expect(program).toContain("maxSignalingBandwidth: 2000000,");
  expect(program).not.toContain("lastModified");
});

test("a secret attribute, an element's or a sub-element's, goes to stack config as a secret: read from config in the program, printed as a config set --secret line, in no file", () => {
  const program = fs.readFileSync(path.join(project, "index.ts"), "utf8");
  expect(program).toContain('authPassword: config.requireSecret("snmpUserEntryPollerAuthPassword"),');
  expect(program).toContain('{ ipAddress: "192.0.2.123", keyId: 7, keyAttribute: config.requireSecret("ntpConfigAuthServers1Key") },');
  for (const [name, content] of Object.entries(writtenFiles(project))) {
    for (const secret of [NTP_AUTH_SECRET, SNMP_AUTH_SECRET, PASSWORD]) expect([name, content.includes(secret)]).toEqual([name, false]);
  }
  expect(first.stdout).toContain(`pulumi config set --secret snmpUserEntryPollerAuthPassword -- ${SNMP_AUTH_SECRET}`);
  expect(first.stdout).toContain(`pulumi config set --secret ntpConfigAuthServers1Key -- ${NTP_AUTH_SECRET}`);
  expect(first.stdout).toContain("pulumi config set --secret sbc:password");
  expect(first.stdout).toContain(`pulumi config set sbc:host ${sbc.url}`);
  expect(first.stdout).not.toContain(PASSWORD);
});

test("--help says how; --types restricts the export; flags connect like the provider's settings; problems are named without the password", async () => {
  const dir = path.join(work, "realms");
  const realms = await runExport(["--out", dir, "--types", "realm-config", "--host", sbc.url, "--username", "admin", "--password", PASSWORD]);
  expect(realms.code).toBe(0);
  const program = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
  expect(program.match(/new sbc\.\w+/g)).toEqual(["new sbc.RealmConfig", "new sbc.RealmConfig", "new sbc.RealmConfig"]);
  // Without network-interface in the export, the realm's reference stays the string the SBC holds.
  expect(program).toContain('networkInterfaces: ["M00:0"],');

  const help = await runExport(["--help"]);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^usage: sbc-export (.*\n)*  --types LIST (.*\n)*  --no-protect (.*\n)*  --ca-cert FILE (.*\n)*  --insecure /);
  const badOption = await runExport(["--hots", sbc.url]);
  expect(badOption.code).toBe(2);
  expect(badOption.stderr).toContain("usage: sbc-export");

  const unknown = await runExport(["--out", dir, "--types", "realm"], ENV());
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('unknown element type realm in --types; did you mean one of "realm-config", "realm-group"?');

  const noHost = await runExport(["--out", dir, "--username", "admin"]);
  expect(noHost.code).toBe(2);
  expect(noHost.stderr).toMatch(/no SBC host, password configured.*--host/);

  const wrong = await runExport(["--out", dir], { ...ENV(), SBC_PASSWORD: `${PASSWORD}-wrong` });
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toMatch(/^sbc-export: /);
  expect(wrong.stderr).not.toContain(PASSWORD);
}, 60_000);

test("a type without a typed class, or a value its class cannot hold, is written as a ConfigElement; a reference cycle leaves one string, and the program still type-checks", () => {
  const realm = builtinCatalog.get("realm-config")!;
  const translation: ElementTypeSpec = {
    name: "session-translation",
    description: "A type only some SBC's metadata knows",
    singleton: false,
    attributes: [
      { name: "id", help: "Name", valueType: "string", key: true, required: true },
      { name: "realm", help: "Realm", valueType: "string", defaultValue: "", references: [{ elementType: "realm-config", attribute: "identifier" }] },
      { name: "key-material", help: "Key", valueType: "string", defaultValue: "", secret: true },
      { name: "priority", help: "Priority", valueType: "integer", defaultValue: "0" },
    ],
    subElements: [{ name: "rule", description: "A rule", singleton: false, attributes: [
      { name: "name", help: "Name", valueType: "string", key: true, required: true },
      { name: "next-realm", help: "Realm", valueType: "string", defaultValue: "", references: [{ elementType: "realm-config", attribute: "identifier" }] },
    ] }],
  };
  const element = (elementType: string, attributes: Record<string, string>, subElements: ConfigElement[] = []): ConfigElement => ({ elementType, attributes, subElements });
  const program = writeProgram(
    [
      // Each realm names the other: whichever is written first cannot name the second by its output.
      {
        spec: realm,
        inCatalog: true,
        elements: [
          element("realm-config", { identifier: "a", "parent-realm": "b" }),
          element("realm-config", { identifier: "b", "parent-realm": "a" }),
          // A value this catalog's enum does not list, as a newer release may hold: the typed class would refuse it.
          element("realm-config", { identifier: "c", "restricted-latching": "src-ip" }),
        ],
      },
      {
        spec: translation,
        inCatalog: false,
        elements: [element("session-translation", { id: "t1", realm: "a", "key-material": "s3cret-key", priority: "0", "vendor-extra": "x" }, [element("rule", { name: "r1", "next-realm": "c" })])],
      },
    ],
    { origin: "https://sbc.example.net" },
  );
  // realm_a, visited first, has realm_b written before it; realm_b's name of realm_a closes the cycle.
  expect(program.source).toContain('const realmB = new sbc.RealmConfig("realm_b", {\n  identifier: "b",\n  parentRealm: "a",');
  expect(program.source).toContain('const realmA = new sbc.RealmConfig("realm_a", {\n  identifier: "a",\n  parentRealm: realmB.identifier,');
  expect(program.source).toContain('new sbc.ConfigElement("session_translation_t1", {\n  elementType: "session-translation",');
  expect(program.source).toContain('"realm": realmA.identifier,');
  expect(program.source).toContain('"key-material": config.requireSecret("sessionTranslationT1KeyMaterial"),');
  expect(program.source).toContain('const realmC = new sbc.ConfigElement("realm_c", {\n  elementType: "realm-config",\n  attributes: {\n    "identifier": "c",\n    "restricted-latching": "src-ip",');
  expect(program.source).toContain('{ elementType: "rule", attributes: { "name": "r1", "next-realm": pulumi.interpolate`${realmC.key.apply((key) => key["identifier"])}` } }');
  expect(program.source).toContain('secretAttributeNames: ["key-material"],');
  expect(program.source).not.toContain("priority");
  expect(program.source).not.toContain("s3cret-key");
  expect(program.secrets).toEqual([{ key: "sessionTranslationT1KeyMaterial", value: "s3cret-key" }]);
  // An attribute not even the SBC's metadata describes is carried, as the SBC holds it.
  expect(program.source).toContain('    "vendor-extra": "x",\n');
  const dir = path.join(work, "generic");
  writeProject(dir, projectFiles("generic", program.source, "the SBC at https://sbc.example.net"));
  expectTypeChecks(dir);
}, 120_000);

test("over TLS it trusts the SBC by --ca-cert FILE, or with --insecure and a warning, as the provider does", async () => {
  const tls = await startEmulator({ tls: true });
  try {
    const caFile = path.join(work, "sbc-ca.pem");
    fs.writeFileSync(caFile, tls.caCert!);
    const env = { SBC_HOST: tls.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" };
    const untrusted = await runExport(["--out", path.join(work, "tls")], env);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/^sbc-export: .*certificate/i);
    const trusted = await runExport(["--out", path.join(work, "tls"), "--ca-cert", caFile], env);
    expect(trusted.stderr).toBe("");
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain(`pulumi config set sbc:caCert -- "$(cat ${caFile})"`);
    const insecure = await runExport(["--out", path.join(work, "tls"), "--insecure"], env);
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toContain("TLS certificate verification is off (--insecure)");
    expect(insecure.stdout).toContain("pulumi config set sbc:insecure true");
  } finally {
    await tls.close();
  }
}, 60_000);
