/**
 * What `npm pack` puts in the tarball users install: the entry points, the license and changelog,
 * compiled code whose sources still exist — and nothing else (no source maps pointing at absent
 * .ts files, no code generator, no stale output of deleted modules). Also the package's promises
 * around it: the SDK is the user's (a peer), the LICENSE is the license package.json names.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** The tarball's file list; --ignore-scripts because npm test has just built dist/. */
function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
}

describe("the npm package", () => {
  const files = packedFiles();

  test("ships the license, changelog, readme, launcher, the element-type catalog, the emulator's release deltas and compiled code only", () => {
    // `npx sbc-emulator --metadata newer` reads its release delta from the package, so the delta and its schema ship.
    expect(files.filter((f) => !f.startsWith("dist/") && !f.startsWith("catalog/"))).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "bin/pulumi-resource-sbc", "bin/sbc-drift.js", "bin/sbc-emulator.js", "bin/sbc-export.js", "emulator/metadata/newer-release.yaml", "emulator/metadata/release-delta.schema.json", "package.json"]);
    // Every catalog file the loader reads, and its schema; nothing else from the folder.
    const catalog = files.filter((f) => f.startsWith("catalog/"));
    expect(catalog).toEqual(expect.arrayContaining(["catalog/schema.json", "catalog/catalog.yaml", "catalog/session-router/session-agent.yaml"]));
    expect(catalog.filter((f) => !/\.(yaml|json|md)$/.test(f))).toEqual([]);
    const stray = files.filter((f) => f.startsWith("dist/") && !/\.(js|d\.ts)$/.test(f));
    expect(stray).toEqual([]);
    expect(files.filter((f) => f.startsWith("dist/tools/codegen/"))).toEqual([]);
  });

  test("no shipped module loads the code generator, which is not shipped", () => {
    const loaders = files
      .filter((f) => f.startsWith("dist/") && f.endsWith(".js") && !f.startsWith("dist/tools/codegen/"))
      .filter((f) => /require\("[./]*codegen\//.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(loaders).toEqual([]);
  });

  test("every compiled file has its source: nothing stale from a deleted module is shipped", () => {
    const orphans = files
      .filter((f) => f.startsWith("dist/"))
      .map((f) => f.replace(/^dist\//, "").replace(/(\.d\.ts|\.js)$/, ".ts"))
      .filter((source) => !fs.existsSync(path.join(ROOT, source)));
    expect(orphans).toEqual([]);
  });

  test("every entry point users reach is in the tarball", () => {
    const entries = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
    for (const target of Object.values(pkg.exports as Record<string, string | Record<string, string>>)) {
      entries.push(...(typeof target === "string" ? [target] : Object.values(target)));
    }
    const missing = entries.map((e: string) => e.replace(/^\.\//, "")).filter((e: string) => !files.includes(e));
    expect(missing).toEqual([]);
  });

  test("@pulumi/pulumi is the program's own (a peer from 3.139), with the tested release pinned for development", () => {
    expect(pkg.dependencies["@pulumi/pulumi"]).toBeUndefined();
    expect(pkg.peerDependencies["@pulumi/pulumi"]).toBe("^3.139.0");
    expect(pkg.devDependencies["@pulumi/pulumi"]).toMatch(/^~3\.\d+\.\d+$/);
  });

  test("LICENSE is the license package.json names, and the changelog has the current version", () => {
    expect(pkg.license).toBe("Apache-2.0");
    expect(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8")).toMatch(new RegExp(`^## ${pkg.version.replace(/\./g, "\\.")}\\b`, "m"));
  });
});
