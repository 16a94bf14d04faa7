/**
 * The generated language SDKs (sdk/python `npm run gen:python`, sdk/nodejs `npm run gen:nodejs`):
 * each made from the schema in the checkout, untouched by hand since, and locked to the plugin
 * version it was made for.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

interface Manifest {
  schemaSha256: string;
  files: Record<string, string>;
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
const schema = readJson(path.join(ROOT, "provider", "native", "schema.json")) as {
  version: string;
  types: Record<string, { enum?: { name?: string; value: unknown }[] }>;
};
const packageVersion = (readJson(path.join(ROOT, "package.json")) as { version: string }).version;

/** Each SDK, with what its builds leave beside the generated files (ignored by the SDK's .gitignore and the root's). */
const SDKS = [
  { language: "python", buildOutput: (name: string) => ["dist", "build", "__pycache__"].includes(name) || name.endsWith(".egg-info") },
  { language: "nodejs", buildOutput: (name: string) => ["bin", "dist", "node_modules"].includes(name) },
];

describe.each(SDKS)("sdk/$language", ({ language, buildOutput }) => {
  const sdk = path.join(ROOT, "sdk", language);
  const regenerate = `run \`npm run gen:${language}\` (after \`npm run gen:schema\`) and commit sdk/${language}`;
  const manifest = readJson(path.join(sdk, "generated.json")) as Manifest;

  test("was generated from provider/native/schema.json as it is now", () => {
    const now = sha256(path.join(ROOT, "provider", "native", "schema.json"));
    if (manifest.schemaSha256 !== now) {
      throw new Error(`sdk/${language} is stale: it was generated from a schema with sha256 ${manifest.schemaSha256}, provider/native/schema.json is ${now}: ${regenerate}`);
    }
  });

  test("every generated file is as the generator wrote it, and there is no other", () => {
    const onDisk = listFiles(sdk, buildOutput).filter((f) => f !== "generated.json");
    const edited = Object.entries(manifest.files)
      .filter(([file, hash]) => !fs.existsSync(path.join(sdk, file)) || sha256(path.join(sdk, file)) !== hash)
      .map(([file]) => file);
    const extra = onDisk.filter((f) => !(f in manifest.files));
    if (edited.length || extra.length) {
      throw new Error(`sdk/${language} differs from what its generator wrote (changed or missing: ${edited.join(", ") || "none"}; not generated: ${extra.join(", ") || "none"}): ${regenerate}; change the generator (scripts/sdk-gen), not its output`);
    }
  });
});

test("the SDKs ask for the plugin of the package's own version", () => {
  expect(schema.version).toBe(packageVersion);
  const python = path.join(ROOT, "sdk", "python");
  expect(readJson(path.join(python, "pulumi_sbc", "pulumi-plugin.json"))).toEqual({ resource: true, name: "sbc", version: packageVersion });
  expect(fs.readFileSync(path.join(python, "pyproject.toml"), "utf8")).toMatch(new RegExp(`^\\s*version = "${packageVersion.replace(/\./g, "\\.")}"$`, "m"));
  // @pulumi/sbc is the name the TypeScript `pulumi import` prints imports for a package named sbc.
  expect(readJson(path.join(ROOT, "sdk", "nodejs", "package.json"))).toMatchObject({
    name: "@pulumi/sbc",
    version: packageVersion,
    pulumi: { resource: true, name: "sbc", version: packageVersion },
  });
});

test("every enum value has a member name Python can use (the empty value is named Empty)", () => {
  const empties = Object.entries(schema.types).flatMap(([token, t]) => (t.enum ?? []).filter((e) => e.value === "").map((e) => [token, e.name]));
  expect(empties.length).toBeGreaterThan(0);
  for (const [token, name] of empties) expect([token, name]).toEqual([token, "Empty"]);
  expect(fs.readFileSync(path.join(ROOT, "sdk", "python", "pulumi_sbc", "_enums.py"), "utf8")).toMatch(/^ {4}EMPTY = ""$/m);
});

/** Files under DIR relative to it, in / form, leaving out build output. */
function listFiles(dir: string, buildOutput: (name: string) => boolean, prefix = ""): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (buildOutput(entry.name)) return [];
    return entry.isDirectory() ? listFiles(dir, buildOutput, rel) : [rel];
  });
}
