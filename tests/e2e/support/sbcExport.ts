/**
 * sbc-export as users run it (the bin over dist/, which npm run e2e builds) and the
 * `pulumi config set` lines it prints, read back as the config a stack needs.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./pulumiCli";

/** `npx sbc-export ARGS` (the bin over dist/, which npm run e2e builds), with only the given SBC_* variables. */
export function sbcExport(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SBC_")));
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "sbc-export.js"), ...args], { env: { ...clean, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** A word as the shell reads it: '…' quoting with '\'' for a quote inside. */
function unquote(word: string): string {
  return word.startsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word;
}

/** The `pulumi config set [--secret] KEY [--] VALUE` lines sbc-export printed, as plain and secret config. */
export function printedConfig(stdout: string): { plain: Record<string, string>; secret: Record<string, string> } {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const m of stdout.matchAll(/^ {2}pulumi config set (--secret )?(\S+) (?:-- )?('(?:[^']|'\\'')*'|\S+)$/gm)) {
    (m[1] ? secret : plain)[m[2]] = unquote(m[3]);
  }
  return { plain, secret };
}
