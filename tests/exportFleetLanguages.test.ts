/**
 * `sbc-export --fleet` in every language (issue 31 item 5), as users run it: two SBCs that differ
 * as two sites do, exported in TypeScript, Python and YAML, come out as one program shape — one
 * stack for the fleet, every element named after its site (`lab1-realm_core`), the same resource
 * names and the same per-site secret config keys in all three, every resource adopted and
 * protected (or none with --no-protect), the fleet's login in `sbc:username`/`sbc:password`. Python
 * and YAML reach each SBC through an explicit provider named after its site; the Python program
 * compiles, and the YAML program names only types and properties the plugin's schema has.
 * (Under the real CLI: tests/e2e/exportFleet.e2e.test.ts.)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, startEmulator } from "../emulator";
import { BinRun, runBin } from "./support/bins";
import { NTP_AUTH_SECRET, seedRealisticSbc, SNMP_AUTH_SECRET } from "./fixtures/exportSeed";
import { printedConfig } from "./e2e/support/sbcExport";

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, "..");
const LAB2_SECRET = "lab2-0nly-secret";
const AUTHOR = { user: "admin", address: "console" };
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "native", "schema.json"), "utf8")) as { resources: Record<string, { inputProperties: Record<string, unknown> }> };

let lab1: EmulatorHandle;
let lab2: EmulatorHandle;
let work: string;
const runs: Record<string, BinRun> = {};
const programs: Record<string, string> = {};

function runExport(args: string[]): Promise<BinRun> {
  return runBin("sbc-export", args, { SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, work);
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist", "tools", "export", "cli.js"))) {
    throw new Error("dist/tools/export/cli.js is missing: run `npm run build` first (`npm test` does it before jest)");
  }
  [lab1, lab2] = [await startEmulator({}), await startEmulator({})];
  seedRealisticSbc(lab1);
  seedRealisticSbc(lab2);
  const store = lab2.sbc.store;
  store.update({ elementType: "realm-config", attributes: { identifier: "core", description: "Core network of lab2" }, subElements: [] }, AUTHOR);
  store.update({ elementType: "snmp-user-entry", attributes: { "user-name": "poller", "auth-password": LAB2_SECRET }, subElements: [] }, AUTHOR);
  store.delete("host-route", new Map([["dest-network", ["10.0.0.0"]]]));
  store.copy("editing", "saved");
  store.copy("editing", "running");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-fleet-languages-"));
  const fleet = `lab1=${lab1.url},lab2=${lab2.url}`;
  // A YAML project's program is Main.yaml, after its Pulumi.yaml's config.
  for (const [language, files] of [["typescript", ["index.ts"]], ["python", ["__main__.py"]], ["yaml", ["Pulumi.yaml", "Main.yaml"]]] as const) {
    runs[language] = await runExport(["--out", language, "--language", language, "--fleet", fleet]);
    programs[language] = files.map((file) => (fs.existsSync(path.join(work, language, file)) ? fs.readFileSync(path.join(work, language, file), "utf8") : "")).join("");
  }
});

afterAll(async () => {
  await Promise.all([lab1?.close(), lab2?.close()]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The resource names a fleet program declares, site prefix included. */
function resourceNames(language: string): string[] {
  const text = programs[language];
  if (language === "yaml") return [...text.matchAll(/^ {2}([\w-]+):\n {4}type: sbc:/gm)].map((m) => m[1]).sort();
  if (language === "python") return [...text.matchAll(/^(?:\w+ = )?sbc\.(?!Provider)\w+\(\n {4}"([\w-]+)",/gm)].map((m) => m[1]).sort();
  // TypeScript: each declaration in the loop, once per site that has it (an optional one: where the site's entry sets it).
  const entries = Object.fromEntries(["lab1", "lab2"].map((site) => {
    const at = text.indexOf(`    name: "${site}",`);
    return [site, text.slice(at, text.indexOf("\n  },", at))];
  }));
  const names: string[] = [];
  for (const m of text.matchAll(/^ {2}(?:if \(site\.(\w+)\) \{\n {4}|const \w+ = (?:site\.(\w+) \? )?)?new sbc\.\w+\(`\$\{site\.name\}-(\w+)`/gm)) {
    const optional = m[1] ?? m[2];
    for (const [site, entry] of Object.entries(entries)) if (!optional || new RegExp(`^ {4}${optional}: `, "m").test(entry)) names.push(`${site}-${m[3]}`);
  }
  return names.sort();
}

test("every language writes its fleet, and says what to set: the shared login, each site's secrets, no host", () => {
  for (const language of ["typescript", "python", "yaml"]) {
    expect([language, runs[language].code, runs[language].stderr]).toEqual([language, 0, ""]);
    const printed = printedConfig(runs[language].stdout);
    expect([language, printed.plain]).toEqual([language, { "sbc:username": "admin" }]);
    expect(runs[language].stdout).toMatch(/^ {2}pulumi config set --secret sbc:password\b/m);
    for (const secret of [NTP_AUTH_SECRET, SNMP_AUTH_SECRET, LAB2_SECRET]) expect([language, programs[language].includes(secret)]).toEqual([language, false]);
  }
  expect(runs.python.stdout).toContain("each SBC's host is in its provider in the program");
});

test("one program shape: the same resources, named after their sites, and the same secret config keys, in every language", () => {
  const names = resourceNames("yaml");
  expect(names).toContain("lab1-realm_core");
  expect(names).toContain("lab1-host_route_10_0_0_0");
  expect(names).not.toContain("lab2-host_route_10_0_0_0");
  expect(resourceNames("python")).toEqual(names);
  expect(resourceNames("typescript")).toEqual(names);
  const keys = (language: string) => Object.keys(printedConfig(runs[language].stdout).secret).filter((k) => k !== "sbc:password").sort();
  expect(keys("yaml")).toEqual(["lab1NtpConfigAuthServers1Key", "lab1SnmpUserEntryPollerAuthPassword", "lab2NtpConfigAuthServers1Key", "lab2SnmpUserEntryPollerAuthPassword"]);
  expect(keys("python")).toEqual(keys("yaml"));
  expect(keys("typescript")).toEqual(keys("yaml"));
});

test("Python: a provider per SBC from the fleet's login, each site's elements through it, adopted and protected; it compiles", () => {
  const py = programs.python;
  expect(py).toContain(`provider_lab1 = sbc.Provider(\n    "lab1",\n    host=${JSON.stringify(lab1.url)},\n    username=sbc_config.require("username"),\n    password=sbc_config.require_secret("password"),\n)`);
  expect(py).toMatch(/^lab2_realm_core = sbc\.RealmConfig\(\n {4}"lab2-realm_core",\n {4}identifier="core",\n {4}description="Core network of lab2",\n/m);
  expect(py).toMatch(/realm_id=lab2_realm_core\.identifier,/);
  expect(py).toContain('auth_password=config.require_secret("lab2SnmpUserEntryPollerAuthPassword"),');
  const declared = py.match(/^(?:\w+ = )?sbc\.(?!Provider)\w+\(/gm)!.length;
  expect(py.match(/opts=pulumi\.ResourceOptions\(provider=provider_lab[12], protect=True/g)).toHaveLength(declared);
  fs.writeFileSync(path.join(work, "check.py"), py);
  const compiled = spawnSync("python3", ["-m", "py_compile", path.join(work, "check.py")], { encoding: "utf8" });
  expect(compiled.stderr).toBe("");
  expect(compiled.status).toBe(0);
});

test("YAML: a provider per SBC named after its site, the login read from sbc:* config; only the schema's types and properties", () => {
  const yaml = programs.yaml;
  expect(yaml).toContain(`  lab2:\n    type: pulumi:providers:sbc\n    properties:\n      host: ${JSON.stringify(lab2.url)}\n      username: "\${sbc:username}"\n      password: "\${sbc:password}"\n`);
  expect(yaml).toMatch(/^ {2}lab2-realm_core:\n {4}type: sbc:RealmConfig\n {4}properties:\n {6}identifier: "core"\n {6}description: "Core network of lab2"\n/m);
  expect(yaml).toMatch(/realmId: "\$\{lab2-realm_core\.identifier\}"/);
  const declared = [...yaml.matchAll(/^ {2}([\w-]+):\n {4}type: sbc:(\w+)\n {4}properties:\n((?: {6}.*\n?)*) {4}options:\n {6}provider: "\$\{(\w+)\}"\n {6}protect: true\n/gm)];
  expect(declared).toHaveLength(resourceNames("yaml").length);
  for (const [, name, type, body, provider] of declared) {
    expect([name, provider]).toEqual([name, name.split("-")[0]]);
    const inputs = schema.resources[`sbc:index:${type}`]?.inputProperties;
    expect([name, inputs !== undefined]).toEqual([name, true]);
    expect([name, [...body.matchAll(/^ {6}(\w+):/gm)].map((m) => m[1]).filter((p) => !(p in inputs))]).toEqual([name, []]);
  }
  expect(yaml).toMatch(/^config:\n {2}lab1NtpConfigAuthServers1Key:\n {4}type: string\n {4}secret: true$/m);
});

test("--no-protect: no resource protected, in any language; --insecure goes into each provider", async () => {
  for (const language of ["python", "yaml"]) {
    const run = await runExport(["--out", `${language}-plain`, "--language", language, "--no-protect", "--insecure", "--fleet", `lab1=${lab1.url},lab2=${lab2.url}`]);
    expect(run.code).toBe(0);
    const text = fs.readFileSync(path.join(work, `${language}-plain`, language === "python" ? "__main__.py" : "Main.yaml"), "utf8");
    expect([language, /protect/i.test(text.replace(/^#.*$/gm, ""))]).toEqual([language, false]);
    expect(text).toContain(language === "python" ? "    insecure=True,\n" : "      insecure: true\n");
    expect(run.stdout).not.toContain("sbc:insecure");
  }
});
