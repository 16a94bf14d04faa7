/**
 * The package as users install it, for e2e tests that need what a user's state holds: a tarball
 * packed from this checkout (or from an older commit, built in a throwaway clone), installed with
 * npm into a project of its own. Only an installed package is serialized by reference in
 * `__provider`; the repository's own `file:` link is serialized by value.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./pulumiCli";

const run = promisify(execFile);
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];

async function npm(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run("npm", args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** `npm pack` of a package directory whose dist/ is built, into `destination`; the tarball's path. */
export async function pack(packageDir: string, destination: string): Promise<string> {
  const [packed] = JSON.parse(await npm(packageDir, ["pack", "--json", "--ignore-scripts", "--pack-destination", destination])) as { filename: string }[];
  return path.join(destination, packed.filename);
}

/**
 * The package as it was at `commit` of this repository, packed: a shared clone, its dist/ built with
 * this checkout's node_modules (the build needs only TypeScript and the type packages).
 */
export async function packCommit(commit: string, scratch: string): Promise<string> {
  const clone = path.join(scratch, `clone-${commit.slice(0, 7)}`);
  try {
    await run("git", ["-C", ROOT, "cat-file", "-e", `${commit}^{commit}`]);
  } catch {
    throw new Error(`commit ${commit} is not in this clone's history (a shallow clone?): fetch it, e.g. git fetch --unshallow`);
  }
  await run("git", ["clone", "--quiet", "--shared", "--no-checkout", ROOT, clone]);
  await run("git", ["-C", clone, "checkout", "--quiet", commit]);
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"));
  await run(path.join(ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], { cwd: clone });
  fs.rmSync(path.join(clone, "node_modules"));
  return pack(clone, scratch);
}

/**
 * A project directory holding the program of `programDir` (its Pulumi.yaml and .ts files), with
 * @pulumi/pulumi at the lock file's version and TypeScript beside it.
 */
export async function userProject(dir: string, programDir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(programDir)) {
    if (file === "Pulumi.yaml" || file.endsWith(".ts")) fs.copyFileSync(path.join(programDir, file), path.join(dir, file));
  }
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "infra", private: true, main: "index.ts" }, null, 2)}\n`);
  const version = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version as string;
  const dependencies = ["@pulumi/pulumi", "typescript", "@types/node"].map((name) => `${name}@${version(name)}`);
  await npm(dir, ["install", ...NPM_FLAGS, "--save-exact", ...dependencies]);
  return dir;
}

/** Installs (or upgrades to) the package in `tarball`, as `npm install <tarball>` does. */
export async function install(project: string, tarball: string): Promise<void> {
  await npm(project, ["install", ...NPM_FLAGS, tarball]);
}
