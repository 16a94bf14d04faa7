/**
 * `sbc-export` of an SBC of a newer release than the catalog (tests/e2e/support/newerRelease.ts),
 * as users run it (bin/sbc-export.js over dist/): it reads the SBC's own list of types and its
 * metadata of what the catalog lacks, and carries everything in every language and in the import
 * file — attributes the catalog's type lacks as `extraAttributes` (on a resource and on a typed
 * sub-element; a secret one from stack config; one at the SBC's default left out), sub-element
 * types it lacks as `extraSubElements`, element types it lacks as the generic ConfigElement (a
 * reference to one is its key output in TypeScript, a dependency where the language cannot read it).
 * What no resource can name (two elements with one key, a type without a key) is printed one line
 * each, and the export exits 1.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinCatalog, Catalog } from "../client/catalog/catalog";
import { EmulatorHandle, startEmulator } from "../emulator";
import { BROWNFIELD_NTP_SECRET } from "../emulator/seeds/brownfield";
import { BinRun, runBin } from "./support/bins";
import { NEWER_REALM_SECRET, NEWER_NORMALIZATION_SECRET, NEWER_TYPES, newerReleaseCatalog, useNewerRelease } from "./e2e/support/newerRelease";
import { printedConfig } from "./e2e/support/sbcExport";

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, "..");
let sbc: EmulatorHandle;
let work: string;
let requests: number;
const outputs: Record<"typescript" | "python" | "yaml", { run: BinRun; files: Record<string, string> }> = {} as never;

function runExport(args: string[]): Promise<BinRun> {
  return runBin("sbc-export", args, { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, work);
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "tools", "export", "cli.js"))) {
    throw new Error("dist/tools/export/cli.js is missing: run `npm run build` first (`npm test` does it before jest)");
  }
  sbc = await startEmulator({ catalog: newerReleaseCatalog(), seed: "brownfield" });
  useNewerRelease(sbc);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-newer-"));
  for (const language of ["typescript", "python", "yaml"] as const) {
    const before = sbc.sbc.stats.requests;
    const run = await runExport(["--out", language, "--language", language]);
    if (language === "typescript") requests = sbc.sbc.stats.requests - before;
    const dir = path.join(work, language);
    const files = fs.existsSync(dir) ? Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")])) : {};
    outputs[language] = { run, files };
  }
});

afterAll(async () => {
  await sbc?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The program's text; a YAML project's is its Pulumi.yaml's config, then Main.yaml. */
const program = (language: keyof typeof outputs) =>
  ({ typescript: ["index.ts"], python: ["__main__.py"], yaml: ["Pulumi.yaml", "Main.yaml"] })[language].map((file) => outputs[language].files[file]).join("");

test("every element the SBC runs is declared, in every language; the secrets only as config keys", () => {
  const running = [...sbc.sbc.store.stores.running.values()].reduce((n, list) => n + list.length, 0);
  for (const language of ["typescript", "python", "yaml"] as const) {
    const { run, files } = outputs[language];
    expect([language, run.code, run.stderr]).toEqual([language, 0, ""]);
    expect(run.stdout).toContain(`: ${running} elements from ${sbc.url}`);
    for (const [file, text] of Object.entries(files)) {
      for (const secret of [NEWER_REALM_SECRET, NEWER_NORMALIZATION_SECRET, BROWNFIELD_NTP_SECRET]) expect([language, file, text.includes(secret)]).toEqual([language, file, false]);
    }
    const secrets = printedConfig(run.stdout);
    expect(Object.values({ ...secrets.secret, ...secrets.secretPaths })).toEqual(expect.arrayContaining([NEWER_REALM_SECRET, NEWER_NORMALIZATION_SECRET]));
  }
  expect(program("typescript").match(/^  adopt: true,$/gm)).toHaveLength(running);
  expect(program("python").match(/^ {4}adopt=True,$/gm)).toHaveLength(running);
  expect(program("yaml").match(/^ {6}adopt: true$/gm)).toHaveLength(running);
});

test("reads the SBC's type list, one list per type, and the metadata of the types whose elements hold what the catalog lacks", () => {
  // Login, elementTypes, a list per type (the catalog's and the three new ones), metadata of realm-config, sip-interface and the three new types.
  expect(requests).toBe(1 + 1 + builtinCatalog.types().length + NEWER_TYPES.length + 2 + NEWER_TYPES.length);
});

test("attributes the catalog's type lacks are extraAttributes, on the resource and on a typed sub-element; one at its default is left out; a secret one comes from config", () => {
  const ts = program("typescript");
  const realm = ts.slice(ts.indexOf('new sbc.RealmConfig("realm_core"'), ts.indexOf("});", ts.indexOf('new sbc.RealmConfig("realm_core"')));
  expect(realm).toContain('  extraAttributes: { "rtcp-mux-policy": "require", "codec-policy-list": ["PCMU", "G722"], "vendor-key": config.requireSecret("realmCoreVendorKey") },\n');
  expect(ts).toMatch(/new sbc\.SipInterface\("sip_interface_core", \{\n(.*\n)*? {4}\{ address: "[\d.]+", port: 5060, transportProtocol: "UDP"[^\n]*, extraAttributes: \{ "tls-ticket-lifetime": "600" \} \},/);
  // A realm without them writes none.
  expect(ts.slice(ts.indexOf('RealmConfig("realm_access'), ts.indexOf("});", ts.indexOf('RealmConfig("realm_access')))).not.toContain("extraAttributes");
  const py = program("python");
  expect(py).toContain('    extra_attributes={"rtcp-mux-policy": "require", "codec-policy-list": ["PCMU", "G722"], "vendor-key": config.require_secret("realmCoreVendorKey")},\n');
  expect(py).toMatch(/extra_attributes=\{"tls-ticket-lifetime": "600"\}\)/);
  const yaml = program("yaml");
  expect(yaml).toContain('      extraAttributes: {"rtcp-mux-policy": "require", "codec-policy-list": ["PCMU", "G722"], "vendor-key": "${realmCoreVendorKey}"}\n');
  expect(outputs.typescript.run.stdout).toContain(`pulumi config set --secret realmCoreVendorKey -- ${NEWER_REALM_SECRET}`);
});

test("sub-elements of a type the catalog's type lacks are extraSubElements, after the typed lists, every attribute off the SBC's default", () => {
  expect(program("typescript")).toMatch(/sipPorts: \[\n(.*\n)*? {2}\],\n {2}extraSubElements: \[\n {4}\{ elementType: "sip-recursion-policy", attributes: \{ "name": "carrier-3xx", "max-recursions": "5" \} \},\n {2}\],/);
  expect(program("python")).toMatch(/extra_sub_elements=\[\n {8}\{"elementType": "sip-recursion-policy", "attributes": \{"name": "carrier-3xx", "max-recursions": "5"\}\},\n {4}\],/);
  expect(program("yaml")).toContain('      extraSubElements: [{"elementType": "sip-recursion-policy", "attributes": {"name": "carrier-3xx", "max-recursions": "5"}}]\n');
});

test("element types the catalog lacks are generic ConfigElements described by the SBC's metadata: key, defaults, secrets, references", () => {
  const ts = program("typescript");
  expect(ts).toContain(
    'const numberNormalizationToE164 = new sbc.ConfigElement("number_normalization_to_e164", {\n  elementType: "number-normalization",\n  attributes: {\n    "id": "to-e164",\n    "realm-id": realmCore.identifier,\n    "key-material": config.requireSecret("numberNormalizationToE164KeyMaterial"),\n  },\n' +
      '  subElements: [\n    { elementType: "rule", attributes: { "name": "national", "pattern": "^0" } },\n    { elementType: "rule", attributes: { "name": "plus" } },\n  ],\n  secretAttributeNames: ["key-material"],\n  adopt: true,\n}, { protect: true });',
  );
  // TypeScript reads the generic resource's key as an output; the singleton has no key and one name.
  expect(ts).toContain('  attributes: {\n    "name": "inbound",\n    "normalizations": [pulumi.interpolate`${numberNormalizationToE164.key.apply((key) => key["id"])}`],\n  },');
  expect(ts).toContain('new sbc.ConfigElement("telemetry_config", {\n  elementType: "telemetry-config",\n  attributes: {\n    "collector": "198.51.100.99",\n  },');
  const py = program("python");
  expect(py).toContain('sbc.ConfigElement(\n    "number_normalization_to_e164",\n    element_type="number-normalization",\n    attributes={\n        "id": "to-e164",\n        "realm-id": realm_core.identifier,\n        "key-material": config.require_secret("numberNormalizationToE164KeyMaterial"),\n    },\n    sub_elements=[\n        {"elementType": "rule", "attributes": {"name": "national", "pattern": "^0"}},\n');
  // Python and YAML cannot read the generic key: the string the SBC holds, and a dependency on the element.
  expect(py).toMatch(/"normalizations": \["to-e164"\],\n {4}\},\n {4}adopt=True,\n {4}opts=pulumi\.ResourceOptions\(protect=True, depends_on=\[number_normalization_to_e164\]\),/);
  const yaml = program("yaml");
  expect(yaml).toMatch(/ {2}normalization_set_inbound:\n {4}type: sbc:ConfigElement\n {4}properties:\n {6}elementType: "normalization-set"\n {6}attributes: \{"name": "inbound", "normalizations": \["to-e164"\]\}\n {6}adopt: true\n {4}options:\n {6}protect: true\n {6}dependsOn:\n {8}- "\$\{number_normalization_to_e164\}"\n/);
});

test("the Python program compiles", () => {
  const file = path.join(work, "python", "__main__.py");
  const compiled = spawnSync("python3", ["-m", "py_compile", file], { encoding: "utf8" });
  expect(compiled.stderr).toBe("");
  expect(compiled.status).toBe(0);
});

test("the import file names the generic resource for the types the catalog lacks, with their ids", async () => {
  const run = await runExport(["--import-file", "import.json"]);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  const { resources } = JSON.parse(fs.readFileSync(path.join(work, "import.json"), "utf8")) as { resources: { type: string; name: string; id: string }[] };
  expect(resources.filter((r) => r.type === "sbc:index:ConfigElement")).toEqual([
    { type: "sbc:index:ConfigElement", name: "number_normalization_to_e164", id: "number-normalization/id=to-e164" },
    { type: "sbc:index:ConfigElement", name: "normalization_set_inbound", id: "normalization-set/name=inbound" },
    { type: "sbc:index:ConfigElement", name: "telemetry_config", id: "telemetry-config" },
  ]);
  expect(resources.find((r) => r.name === "realm_core")).toEqual({ type: "sbc:index:RealmConfig", name: "realm_core", id: "realm-config/identifier=core" });
  expect(run.stdout).toMatch(/^secret attributes \(.*realm_core.*number_normalization_to_e164.*\)/m);
});

test("--types takes a type only the SBC knows, and refuses a catalog type this SBC lacks, naming it", async () => {
  const only = await runExport(["--out", "only", "--types", "number-normalization"]);
  expect(only).toMatchObject({ code: 0, stderr: "" });
  expect(fs.readFileSync(path.join(work, "only", "index.ts"), "utf8").match(/new sbc\.\w+/g)).toEqual(["new sbc.ConfigElement"]);

  const older = await startEmulator({ catalog: new Catalog(() => builtinCatalog.types().filter((t) => t.name !== "realm-group")) });
  try {
    const run = await runBin("sbc-export", ["--out", "older", "--types", "realm-group"], { SBC_HOST: older.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, work);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`sbc-export: the SBC at ${older.url} has no element type realm-group (its release lacks it): leave it out of --types`);
  } finally {
    await older.close();
  }
});

test("what no resource can name is printed one line each, never a value; the rest is written and the export exits 1", async () => {
  const odd = await startEmulator({ catalog: newerReleaseCatalog() });
  try {
    const running = odd.sbc.store.stores.running;
    const realm = (identifier: string, description: string) => ({ elementType: "realm-config", attributes: { identifier, description }, subElements: [] });
    running.set("realm-config", [realm("core", "first"), realm("core", "second"), realm("edge", "")]);
    running.set("number-normalization", [{ elementType: "number-normalization", attributes: { "realm-id": "core", "key-material": NEWER_NORMALIZATION_SECRET }, subElements: [] }]);
    const run = await runBin("sbc-export", ["--out", "odd"], { SBC_HOST: odd.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, work);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      "sbc-export: left out realm-config [identifier=core]: another realm-config has the same key, and one resource id cannot name two elements",
      "sbc-export: left out number-normalization (element 1 of the 1 the SBC lists): no value for its key attribute id, by which a resource names it",
      "sbc-export: 2 elements of the SBC could not be carried (above): the project declares everything else; what is listed stays on the SBC, managed by no stack",
    ]);
    expect(run.stdout).not.toContain("pulumi config set");
    const written = fs.readFileSync(path.join(work, "odd", "index.ts"), "utf8");
    expect(written).toContain('new sbc.RealmConfig("realm_core", {\n  identifier: "core",\n  description: "first",');
    expect(written).toContain('new sbc.RealmConfig("realm_edge", {');
    expect(run.stderr + written).not.toContain(NEWER_NORMALIZATION_SECRET);
  } finally {
    await odd.close();
  }
});
