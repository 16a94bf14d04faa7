/**
 * `npm run gen`: usage on --help; metadata for some types replaces only their files unless
 * --prune; a metadata file that is empty or not metadata is an error that names it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { builtinCatalog } from "../client/catalog/catalog";
import { encodeMetadata } from "../client/catalog/metadataXml";
import { encodeEnvelope } from "../client/xmlCodec";

const CLI = path.join(__dirname, "..", "tools", "codegen", "cli.ts");

function gen(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", CLI, ...args], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sbc-gen-"));
}

/** What an SBC answers to `GET elementTypes/metadata?elementType=realm-config`, saved to a file. */
function realmMetadataFile(dir: string, description = "Realm as this SBC describes it"): string {
  const realm = builtinCatalog.types().find((t) => t.name === "realm-config")!;
  const file = path.join(dir, "realm-config.xml");
  fs.writeFileSync(file, encodeEnvelope(encodeMetadata({ ...realm, description })));
  return file;
}

test("--help prints the usage and succeeds", () => {
  const run = gen("--help");
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^usage: npm run gen -- \[--metadata <file\.xml>\]\.\.\. \[--out <dir>\] \[--prune\]/);
  expect(run.stdout).toContain("--prune");
});

describe("generating from one type's metadata", () => {
  const out = tempDir();
  const file = realmMetadataFile(tempDir());

  beforeAll(() => {
    expect(gen("--out", out).status).toBe(0);
  });

  test("replaces that type's file and leaves the other generated files in place", () => {
    const before = fs.readdirSync(out).sort();
    expect(before).toContain("sipInterface.ts");
    const run = gen("--metadata", file, "--out", out);
    expect(run.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(before);
    expect(fs.readFileSync(path.join(out, "realmConfig.ts"), "utf8")).toContain("Realm as this SBC describes it");
    expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).toContain('export * from "./sipInterface";');
  });

  test("--prune removes the generated files of the other types, and only those", () => {
    fs.writeFileSync(path.join(out, "handWritten.ts"), "export const mine = 1;\n");
    const run = gen("--metadata", file, "--out", out, "--prune");
    expect(run.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(["handWritten.ts", "index.ts", "realmConfig.ts"]);
    expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).not.toContain("sipInterface");
  });
});

test.each([
  ["empty", ""],
  ["not XML", "this is not metadata"],
  ["metadata of no element type", "<catalog></catalog>"],
])("an %s metadata file is an error naming the file, and nothing is written", (_what, content) => {
  const out = tempDir();
  const file = path.join(tempDir(), "saved-from-sbc.xml");
  fs.writeFileSync(file, content);
  const run = gen("--metadata", file, "--out", out);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`${file}: `);
  expect(fs.readdirSync(out)).toEqual([]);
});
