/**
 * npm run plugin:pack — the `sbc` provider plugin as Pulumi users install it:
 * `pulumi-resource-sbc-v<version>-<os>-<arch>.tar.gz`, for `pulumi plugin install resource sbc
 * <version> --file <tarball>`. The plugin is JavaScript, so every platform gets the same esbuild
 * bundle (no node_modules; Node ≥ 20 on the user's PATH runs it) with the launcher the engine
 * looks for in the plugin's folder: the executable `pulumi-resource-sbc` shell script, or
 * `pulumi-resource-sbc.cmd` on Windows. No PulumiPlugin.yaml: with one and no launcher the engine
 * would run the plugin through a language host's RunPlugin instead.
 *
 * Usage: npm run plugin:pack [-- --out DIR] [-- --platform linux-amd64 ...]; writes to dist/plugin.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { build, Metafile } from "esbuild";
import * as tar from "tar";

const ROOT = path.resolve(__dirname, "..");
export const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"] as const;
export type Platform = (typeof PLATFORMS)[number];

const BUNDLE = "pulumi-resource-sbc.js";
const NODE_MAJOR = 20;

const SHELL_LAUNCHER = `#!/bin/sh
# The sbc Pulumi provider plugin: JavaScript run by Node.js ${NODE_MAJOR} or later from PATH.
command -v node >/dev/null 2>&1 || { echo "pulumi-resource-sbc: Node.js ${NODE_MAJOR} or later must be on PATH (https://nodejs.org)" >&2; exit 1; }
exec node "$(dirname "$0")/${BUNDLE}" "$@"
`;

const CMD_LAUNCHER = `@echo off\r
rem The sbc Pulumi provider plugin: JavaScript run by Node.js ${NODE_MAJOR} or later from PATH.\r
where node >nul 2>nul || (echo pulumi-resource-sbc: Node.js ${NODE_MAJOR} or later must be on PATH ^(https://nodejs.org^) 1>&2 & exit /b 1)\r
node "%~dp0${BUNDLE}" %*\r
`;

// Runs before anything else in the bundle: an older Node fails here with a sentence, not deep inside grpc-js.
const NODE_CHECK = `if (Number(process.versions.node.split(".")[0]) < ${NODE_MAJOR}) { console.error("pulumi-resource-sbc needs Node.js ${NODE_MAJOR} or later; " + process.execPath + " is " + process.version); process.exit(1); }`;

/** A fixed time for every entry, so the same sources give the same tarball. */
const MTIME = new Date("2000-01-01T00:00:00Z");

export function pluginVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export function tarballName(version: string, platform: Platform): string {
  return `pulumi-resource-sbc-v${version}-${platform}.tar.gz`;
}

/** The npm packages whose code the bundle holds: name → its folder in node_modules. */
function bundledPackages(meta: Metafile): Map<string, string> {
  const packages = new Map<string, string>();
  for (const input of Object.keys(meta.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.set(m[1], path.join(ROOT, input.slice(0, m.index + m[0].length)));
  }
  return packages;
}

/** The licence of every bundled package, as their licences ask when their code is redistributed. */
function thirdPartyNotices(meta: Metafile): string {
  const sections: string[] = [];
  for (const [name, dir] of [...bundledPackages(meta)].sort(([a], [b]) => a.localeCompare(b))) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string; license?: string };
    const licenceFile = fs.readdirSync(dir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
    const text = licenceFile ? fs.readFileSync(path.join(dir, licenceFile), "utf8").trim() : `Licensed under ${pkg.license ?? "an unstated licence"}.`;
    sections.push(`${name} ${pkg.version} (${pkg.license ?? "unknown"})\n\n${text}`);
  }
  return `The sbc provider plugin bundles the following packages.\n\n${sections.join(`\n\n${"-".repeat(72)}\n\n`)}\n`;
}

/** Bundles the plugin into STAGE: the script and the notices every platform shares. */
async function bundle(stage: string): Promise<void> {
  const result = await build({
    entryPoints: [path.join(ROOT, "provider", "native", "main.ts")],
    bundle: true,
    platform: "node",
    target: `node${NODE_MAJOR}`,
    format: "cjs",
    outfile: path.join(stage, BUNDLE),
    banner: { js: NODE_CHECK },
    // Their licences travel in THIRD-PARTY-NOTICES.txt instead of scattered comments.
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  fs.writeFileSync(path.join(stage, "THIRD-PARTY-NOTICES.txt"), thirdPartyNotices(result.metafile));
  fs.copyFileSync(path.join(ROOT, "LICENSE"), path.join(stage, "LICENSE"));
  // The element-type catalog is data the plugin reads at start (client/catalog/loader.ts finds it beside the bundle).
  fs.cpSync(path.join(ROOT, "catalog"), path.join(stage, "catalog"), { recursive: true, filter: (src) => !src.endsWith(".md") });
}

/** Builds the tarballs for PLATFORMS into OUT; returns their paths. */
export async function packPlugin(out: string, platforms: readonly Platform[] = PLATFORMS): Promise<string[]> {
  const version = pluginVersion();
  const stage = fs.mkdtempSync(path.join(out, ".stage-"));
  try {
    await bundle(stage);
    fs.writeFileSync(path.join(stage, "pulumi-resource-sbc"), SHELL_LAUNCHER, { mode: 0o755 });
    fs.writeFileSync(path.join(stage, "pulumi-resource-sbc.cmd"), CMD_LAUNCHER);
    const files: string[] = [];
    for (const platform of platforms) {
      const launcher = platform.startsWith("windows-") ? "pulumi-resource-sbc.cmd" : "pulumi-resource-sbc";
      const file = path.join(out, tarballName(version, platform));
      await tar.create({ gzip: true, file, cwd: stage, portable: true, mtime: MTIME }, [launcher, BUNDLE, "LICENSE", "THIRD-PARTY-NOTICES.txt", "catalog"]);
      files.push(file);
    }
    return files;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): { out: string; platforms: Platform[] } {
  let out = path.join(ROOT, "dist", "plugin");
  const platforms: Platform[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out = path.resolve(argv[++i] ?? "");
    else if (argv[i] === "--platform") {
      const p = argv[++i] as Platform;
      if (!PLATFORMS.includes(p)) throw new Error(`--platform must be one of ${PLATFORMS.join(", ")}, not ${p}`);
      platforms.push(p);
    } else throw new Error(`unknown argument ${argv[i]} (usage: plugin-pack [--out DIR] [--platform OS-ARCH ...])`);
  }
  return { out, platforms: platforms.length > 0 ? platforms : [...PLATFORMS] };
}

if (require.main === module) {
  const { out, platforms } = parseArgs(process.argv.slice(2));
  fs.mkdirSync(out, { recursive: true });
  packPlugin(out, platforms).then(
    (files) => {
      for (const file of files) console.log(`${path.relative(process.cwd(), file)}  ${(fs.statSync(file).size / 1024).toFixed(0)} KiB`);
      console.log(`install: pulumi plugin install resource sbc ${pluginVersion()} --file <tarball for your OS and CPU>`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
