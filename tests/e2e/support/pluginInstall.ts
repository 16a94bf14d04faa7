/**
 * The `sbc` plugin as users install it, for tests and the README's outputs: the tarball
 * `npm run plugin:pack` builds for this machine, `pulumi plugin install`ed into a stack's own
 * PULUMI_HOME, and a PATH on which no pulumi-resource-sbc stands in for it (the engine prefers
 * one on PATH to the installed one, and `npm run` puts node_modules/.bin, which has the
 * repository's, on PATH).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packPlugin, Platform, pluginVersion } from "../../../scripts/plugin-pack";
import { CliStack } from "./pulumiCli";

export const PLATFORM = `${process.platform === "win32" ? "windows" : process.platform}-${process.arch === "x64" ? "amd64" : process.arch}` as Platform;

/** PATH without any folder that holds a pulumi-resource-sbc. */
export function pathWithoutPlugin(dirs: string): string {
  return dirs
    .split(path.delimiter)
    .filter((dir) => dir && !fs.existsSync(path.join(dir, "pulumi-resource-sbc")))
    .join(path.delimiter);
}

/** This machine's tarball, built into DIR. */
export async function packForThisMachine(dir: string): Promise<string> {
  const [tarball] = await packPlugin(dir, [PLATFORM]);
  return tarball;
}

/**
 * Installs TARBALL into the stack's PULUMI_HOME; returns the environment for the stack's runs (PATH
 * without the repository's plugin) and what `pulumi plugin install` printed.
 */
export async function installPlugin(stack: CliStack, tarball: string): Promise<{ env: Record<string, string>; output: string }> {
  const env = { PATH: pathWithoutPlugin(stack.baseEnv.PATH) };
  const { output } = await stack.run(["plugin", "install", "resource", "sbc", pluginVersion(), "--file", tarball], { env });
  return { env, output };
}
