/**
 * sbc-export as users run it and the
 * `pulumi config set` lines it prints, read back as the config a stack needs.
 */
import { BinRun, runBin } from "../../support/bins";

/** `npx sbc-export ARGS`, with only the given SBC_* variables. */
export function sbcExport(args: string[], env: Record<string, string>): Promise<BinRun> {
  return runBin("sbc-export", args, env);
}


/** A word as the shell reads it: '…' quoting with '\'' for a quote inside. */
function unquote(word: string): string {
  return word.startsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word;
}

/**
 * The `pulumi config set [--secret] KEY [--] VALUE` lines sbc-export printed, as plain and secret
 * config, and the `--secret --path KEY -- VALUE` ones (a list item by item) as secret paths.
 */
export function printedConfig(stdout: string): { plain: Record<string, string>; secret: Record<string, string>; secretPaths: Record<string, string> } {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  const secretPaths: Record<string, string> = {};
  const word = "('(?:[^']|'\\\\'')*'|\\S+)";
  for (const m of stdout.matchAll(new RegExp(`^ {2}pulumi config set (--secret )?(\\S+) (?:-- )?${word}$`, "gm"))) {
    (m[1] ? secret : plain)[m[2]] = unquote(m[3]);
  }
  for (const m of stdout.matchAll(new RegExp(`^ {2}pulumi config set --secret --path ${word} -- ${word}$`, "gm"))) secretPaths[unquote(m[1])] = unquote(m[2]);
  return { plain, secret, secretPaths };
}
