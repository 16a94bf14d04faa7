/**
 * `sbc-export --language python|yaml`, fast: the Python program spells every keyword argument as
 * the generated pulumi_oracle_sbc SDK does and compiles; the YAML program names only resource types and
 * properties the native schema has; references are wired as outputs in both; secrets stay in
 * stack config; a language the export does not write is refused with usage (fleets in every
 * language: tests/exportFleetLanguages.test.ts).
 * The real-CLI round trip is tests/e2e/roundTrip.e2e.test.ts.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, EmulatorHandle } from "../emulator";
import { pyName } from "../tools/export/pythonNames";
import { BinRun, runBin } from "./support/bins";
import { NTP_AUTH_SECRET, seedRealisticSbc } from "./fixtures/exportSeed";

// Each test runs the bin against an SBC in this process; on a loaded two-core machine that takes more than jest's default.
jest.setTimeout(120_000);

const ROOT = path.join(__dirname, "..");
const SDK = path.join(ROOT, "sdk", "python", "pulumi_oracle_sbc");
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "native", "schema.json"), "utf8")) as {
  resources: Record<string, { inputProperties: Record<string, unknown> }>;
};

let sbc: EmulatorHandle;
let work: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "tools", "export", "cli.js"))) {
    throw new Error("dist/tools/export/cli.js is missing: run `npm run build` first (`npm test` does it before jest)");
  }
  sbc = await startEmulator({});
  seedRealisticSbc(sbc);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-languages-"));
});

afterAll(async () => {
  await sbc?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function runExport(args: string[]): Promise<BinRun> {
  return runBin("sbc-export", args, { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, work);
}

/** Python name → schema name of every property the generated SDK has, by its getters. */
function sdkProperties(): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of fs.readdirSync(SDK).filter((f) => f.endsWith(".py"))) {
    for (const m of fs.readFileSync(path.join(SDK, file), "utf8").matchAll(/@pulumi\.getter(?:\(name="([^"]+)"\))?\n\s+def (\w+)\(/g)) names.set(m[2], m[1] ?? m[2]);
  }
  return names;
}

test("pyName spells every property of the generated SDK as Pulumi's Python generator did", () => {
  const properties = sdkProperties();
  expect(properties.size).toBeGreaterThan(200);
  const wrong = [...properties].filter(([python, schemaName]) => pyName(schemaName) !== python);
  expect(wrong).toEqual([]);
  expect(pyName("class")).toBe("class_");
});

test("--language python: Pulumi.yaml, requirements.txt and __main__.py; keyword arguments the SDK has, outputs wired, secrets from config; it compiles", async () => {
  const out = path.join(work, "python");
  const run = await runExport(["--out", out, "--language", "python"]);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  expect(run.stdout).toMatch(/next, in .*: python3 -m venv venv; venv\/bin\/pip install <pulumi-oracle-sbc 0\.1\.0 wheel> -r requirements\.txt/);
  expect(fs.readdirSync(out).sort()).toEqual(["Pulumi.yaml", "__main__.py", "requirements.txt"]);
  expect(fs.readFileSync(path.join(out, "Pulumi.yaml"), "utf8")).toMatch(/^runtime:\n {2}name: python\n/m);
  expect(fs.readFileSync(path.join(out, "requirements.txt"), "utf8")).toMatch(/^pulumi-oracle-sbc==0\.1\.0$/m);
  const program = fs.readFileSync(path.join(out, "__main__.py"), "utf8");
  expect(program).toMatch(/^import pulumi_oracle_sbc as sbc$/m);
  expect(program).not.toContain(NTP_AUTH_SECRET);
  expect(program).toContain('auth_password=config.require_secret("snmpUserEntryPollerAuthPassword"),');
  expect(program).toContain('key_attribute=config.require_secret("ntpConfigAuthServers1Key")');
  // A realm's SIP interface names it by its output, so the engine orders them.
  expect(program).toMatch(/realm_id=realm_\w+\.identifier,/);
  const known = sdkProperties();
  const kwargs = [...program.matchAll(/^\s+(\w+)=/gm)].map((m) => m[1]);
  expect(kwargs.length).toBeGreaterThan(20);
  // adopt and opts (the resource options: protect=True) are every resource's own arguments, not SDK properties.
  expect(kwargs.filter((k) => !known.has(k) && k !== "adopt" && k !== "opts")).toEqual([]);
  expect(program).toMatch(/opts=pulumi\.ResourceOptions\(protect=True\)/);
  const compiled = spawnSync("python3", ["-m", "py_compile", path.join(out, "__main__.py")], { encoding: "utf8" });
  expect(compiled.stderr).toBe("");
  expect(compiled.status).toBe(0);
});

test("--language yaml: Main.yaml, whose resource types and properties the native schema has, references as ${name.property}; Pulumi.yaml, the secrets declared secret", async () => {
  const out = path.join(work, "yaml");
  const run = await runExport(["--out", out, "--language", "yaml"]);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  expect(fs.readdirSync(out).sort()).toEqual(["Main.yaml", "Pulumi.yaml"]);
  expect(run.stdout).toMatch(/^ {2}pulumi config set --secret snmpUserEntryPollerAuthPassword -- /m);
  expect(run.stdout).toMatch(/^ {2}pulumi config set --secret ntpConfigAuthServers1Key -- /m);
  // The project apart from the program: every pulumi command parses Pulumi.yaml, and pulumi-yaml reads Main.yaml first.
  const project = fs.readFileSync(path.join(out, "Pulumi.yaml"), "utf8");
  const text = fs.readFileSync(path.join(out, "Main.yaml"), "utf8");
  expect(project + text).not.toContain(NTP_AUTH_SECRET);
  expect(project).toMatch(/^runtime: yaml$/m);
  expect(project).toMatch(/^config:\n {2}(\w+):\n(?: {4}.*\n)* {4}secret: true$/m);
  expect(project).not.toMatch(/^resources:/m);
  expect(text).not.toMatch(/^config:/m);
  expect(text).toMatch(/^ {6}realmId: "\$\{realm_\w+\.identifier\}"$/m);
  let resources = 0;
  for (const [, name, type, body] of text.matchAll(/^ {2}(\w+):\n {4}type: sbc:(\w+)\n {4}properties:\n((?: {6}.*\n?)*)/gm)) {
    resources++;
    const inputs = schema.resources[`sbc:index:${type}`]?.inputProperties;
    expect([name, type, inputs !== undefined]).toEqual([name, type, true]);
    const unknown = [...body.matchAll(/^ {6}(\w+):/gm)].map((m) => m[1]).filter((p) => !(p in inputs));
    expect([name, unknown]).toEqual([name, []]);
  }
  expect(resources).toBeGreaterThan(10);
});

test("a language the export does not write is refused with the usage, and nothing is written", async () => {
  const cobol = await runExport(["--out", path.join(work, "cobol"), "--language", "cobol"]);
  expect(cobol.code).toBe(2);
  expect(cobol.stderr).toMatch(/--language cobol: one of typescript, python, yaml\nusage: sbc-export/);
  expect(fs.existsSync(path.join(work, "cobol"))).toBe(false);
});
