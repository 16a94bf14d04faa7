/**
 * What tests do with a project sbc-export wrote: read its files, give it node_modules (npm install's, stood in for
 * by this package's own, which links the package itself) and type-check it as a user's tsc would.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** File name → content of every file in the project directory, by name. */
export function writtenFiles(project: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(project).sort().map((name) => [name, fs.readFileSync(path.join(project, name), "utf8")]));
}

export function linkPackageModules(project: string): void {
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
}

/** `tsc --noEmit` over the project prints nothing and succeeds; node_modules is removed again after. */
export function expectTypeChecks(project: string): void {
  linkPackageModules(project);
  const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project, "--noEmit"], { encoding: "utf8" });
  fs.rmSync(path.join(project, "node_modules"));
  expect(tsc.stdout + tsc.stderr).toBe("");
  expect(tsc.status).toBe(0);
}
