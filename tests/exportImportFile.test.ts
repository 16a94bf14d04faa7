/**
 * `sbc-export --import-file`, fast, against the brownfield SBC: one entry per element of the
 * running configuration, each with a resource type the native schema has, the name the YAML
 * export gives the element, and an id the plugin's import reads back (keyOfId) to that element's
 * key; --types narrows it; the next steps name `pulumi import --file`; flags that have no place
 * beside it are refused with the reason. The real-CLI import is tests/e2e/import.e2e.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinCatalog } from "../client/catalog/catalog";
import { keyOf } from "../client/catalog/schema";
import { startEmulator, EmulatorHandle } from "../emulator";
import { BROWNFIELD_NTP_SECRET } from "../emulator/seeds/brownfield";
import { keyOfId } from "../provider/native/elementProperties";
import { elementTypeOfToken } from "../provider/native/tokens";
import { BinRun, runBin } from "./support/bins";
import { printedConfig } from "./e2e/support/sbcExport";

// Each test runs the bin against an SBC in this process; on a loaded two-core machine that takes more than jest's default.
jest.setTimeout(120_000);

const ROOT = path.join(__dirname, "..");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "native", "schema.json"), "utf8")) as { resources: Record<string, unknown> };

interface ImportFile {
  resources: { type: string; name: string; id: string }[];
}

let sbc: EmulatorHandle;
let work: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "tools", "export", "importFile.js"))) {
    throw new Error("dist/tools/export/importFile.js is missing: run `npm run build` first (`npm test` does it before jest)");
  }
  sbc = await startEmulator({ seed: "brownfield" });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-import-file-"));
});

afterAll(async () => {
  await sbc?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function runExport(args: string[]): Promise<BinRun> {
  return runBin("sbc-export", args, { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, work);
}

function readImportFile(file: string): ImportFile {
  return JSON.parse(fs.readFileSync(path.join(work, file), "utf8")) as ImportFile;
}

test("every running element once: its schema type, the YAML export's name, and an id the plugin's import reads back to its key", async () => {
  const run = await runExport(["--import-file", "import.json"]);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  const { resources } = readImportFile("import.json");
  const running = [...sbc.sbc.store.stores.running].flatMap(([type, list]) => list.map((element) => ({ type, element })));
  expect(running.length).toBeGreaterThan(250);
  expect(resources).toHaveLength(running.length);
  expect(run.stdout).toContain(`wrote import.json: ${running.length} elements from ${sbc.url}`);

  const unmatched = new Set(running);
  for (const { type, name, id } of resources) {
    expect([name, type in schema.resources]).toEqual([name, true]);
    const spec = elementTypeOfToken(builtinCatalog, type)!;
    const key = keyOfId(spec, id);
    if (Object.keys(key).length === 0) expect(id).toBe(spec.name);
    const element = [...unmatched].find((r) => r.type === spec.name && JSON.stringify(keyOf(spec, r.element.attributes)) === JSON.stringify(key));
    expect([id, element !== undefined]).toEqual([id, true]);
    unmatched.delete(element!);
  }
  expect(unmatched.size).toBe(0);
  expect(resources.find((r) => r.type === "sbc:index:RealmConfig" && r.name === "realm_core")).toEqual({ type: "sbc:index:RealmConfig", name: "realm_core", id: "realm-config/identifier=core" });
  expect(resources.find((r) => r.type === "sbc:index:SystemConfig")).toEqual({ type: "sbc:index:SystemConfig", name: "system_config", id: "system-config" });

  // The names are the export's: the program import writes declares what sbc-export's would, by the same names.
  const yaml = await runExport(["--out", "yaml", "--language", "yaml"]);
  expect(yaml.code).toBe(0);
  const program = fs.readFileSync(path.join(work, "yaml", "Main.yaml"), "utf8");
  const exported = [...program.matchAll(/^ {2}(\w+):\n {4}type: sbc:/gm)].map((m) => m[1]);
  expect(new Set(resources.map((r) => r.name)).size).toBe(resources.length);
  expect(resources.map((r) => r.name).sort()).toEqual(exported.sort());
  expect(fs.readFileSync(path.join(work, "import.json"), "utf8")).not.toContain(BROWNFIELD_NTP_SECRET);
}, 120_000);

test("the next steps: the stack config, then pulumi import --file with the file's path, protected unless --no-protect, and a caution for secret attributes", async () => {
  const run = await runExport(["--import-file", "import.json"]);
  expect(printedConfig(run.stdout).plain).toEqual({ "sbc:host": sbc.url, "sbc:username": "admin" });
  expect(run.stdout).toMatch(/^ {2}pulumi config set --secret sbc:password\b/m);
  expect(run.stdout).toContain(`\`pulumi import --file ${path.join(work, "import.json")} --out <program file> --yes\``);
  expect(run.stdout).toMatch(/^secret attributes \(ntp_config, snmp_user_entry_noc_poller\): the state keeps them secret, but the declarations may hold their values in clear/m);
  expect(run.stdout).not.toContain(BROWNFIELD_NTP_SECRET);
  const unprotected = await runExport(["--import-file", "import.json", "--no-protect"]);
  expect(unprotected.stdout).toContain("--out <program file> --yes --protect=false`");
});

test("--types: only those types' elements", async () => {
  const run = await runExport(["--import-file", "realms.json", "--types", "realm-config"]);
  expect(run.code).toBe(0);
  const { resources } = readImportFile("realms.json");
  expect(resources.length).toBe(sbc.sbc.store.stores.running.get("realm-config")!.length);
  expect(new Set(resources.map((r) => r.type))).toEqual(new Set(["sbc:index:RealmConfig"]));
});

test("--fleet, --language, --out and --name beside --import-file are refused with the reason and the usage, and no file is written", async () => {
  for (const [args, reason] of [
    [["--fleet", `${sbc.url},${sbc.url}`], "--import-file and --fleet: an import file adopts one SBC into one stack"],
    [["--language", "yaml"], "--import-file and --language: pulumi import writes the program itself, in the language of the stack's project"],
    [["--out", "dir"], "--import-file and --out: no project is written, only FILE"],
    [["--name", "infra"], "--import-file and --name: no project is written, only FILE"],
  ] as const) {
    const run = await runExport(["--import-file", "refused.json", ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`sbc-export: ${reason}`);
    expect(run.stderr).toMatch(/\nusage: sbc-export/);
  }
  expect(fs.existsSync(path.join(work, "refused.json"))).toBe(false);
});
