/**
 * The generated Python SDK (sdk/python, `npm run gen:python`): made from the schema in the
 * checkout, untouched by hand since, and locked to the plugin version it was made for.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const SDK = path.join(ROOT, "sdk", "python");
const REGENERATE = "run `npm run gen:python` (after `npm run gen:schema`) and commit sdk/python";

interface Manifest {
  schemaSha256: string;
  files: Record<string, string>;
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const manifest = JSON.parse(fs.readFileSync(path.join(SDK, "generated.json"), "utf8")) as Manifest;
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "native", "schema.json"), "utf8")) as {
  version: string;
  types: Record<string, { enum?: { name?: string; value: unknown }[] }>;
};
const packageVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

test("sdk/python was generated from provider/native/schema.json as it is now", () => {
  const now = sha256(path.join(ROOT, "provider", "native", "schema.json"));
  if (manifest.schemaSha256 !== now) {
    throw new Error(`sdk/python is stale: it was generated from a schema with sha256 ${manifest.schemaSha256}, provider/native/schema.json is ${now}: ${REGENERATE}`);
  }
});

test("every generated file is as the generator wrote it, and there is no other", () => {
  const onDisk = listFiles(SDK).filter((f) => f !== "generated.json");
  const edited = Object.entries(manifest.files)
    .filter(([file, hash]) => !fs.existsSync(path.join(SDK, file)) || sha256(path.join(SDK, file)) !== hash)
    .map(([file]) => file);
  const extra = onDisk.filter((f) => !(f in manifest.files));
  if (edited.length || extra.length) {
    throw new Error(`sdk/python differs from what its generator wrote (changed or missing: ${edited.join(", ") || "none"}; not generated: ${extra.join(", ") || "none"}): ${REGENERATE}; change the generator (scripts/python-sdk-gen), not its output`);
  }
});

test("the SDK asks for the plugin of the package's own version", () => {
  expect(schema.version).toBe(packageVersion);
  const plugin = JSON.parse(fs.readFileSync(path.join(SDK, "pulumi_sbc", "pulumi-plugin.json"), "utf8"));
  expect(plugin).toEqual({ resource: true, name: "sbc", version: packageVersion });
  expect(fs.readFileSync(path.join(SDK, "pyproject.toml"), "utf8")).toMatch(new RegExp(`^\\s*version = "${packageVersion.replace(/\./g, "\\.")}"$`, "m"));
});

test("every enum value has a member name Python can use (the empty value is named Empty)", () => {
  const empties = Object.entries(schema.types).flatMap(([token, t]) => (t.enum ?? []).filter((e) => e.value === "").map((e) => [token, e.name]));
  expect(empties.length).toBeGreaterThan(0);
  for (const [token, name] of empties) expect([token, name]).toEqual([token, "Empty"]);
  expect(fs.readFileSync(path.join(SDK, "pulumi_sbc", "_enums.py"), "utf8")).toMatch(/^ {4}EMPTY = ""$/m);
});

/** Files under DIR relative to it, in / form, leaving out what a wheel build leaves behind (ignored by sdk/python/.gitignore). */
function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (["dist", "build", "__pycache__"].includes(entry.name) || entry.name.endsWith(".egg-info")) return [];
    return entry.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}
