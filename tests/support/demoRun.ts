/**
 * Runs `npm run demo` (or its script) as a user would, for tests/demo.test.ts (without the CLI)
 * and tests/e2e/demo.e2e.test.ts (with it): its output, its exit, the temporary directory it
 * names, and what examples/ holds in git's eyes (ignored files included) to compare before/after.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

export interface DemoRun {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** `command` in the repository root, with the user's environment but none of its PULUMI_ or SBC_ settings. */
export function startDemo(command: string[], env: Record<string, string>, options: { detached?: boolean } = {}): DemoRun {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PULUMI_|SBC_)/.test(k)));
  const child = spawn(command[0], command.slice(1), { cwd: ROOT, env: { ...inherited, ...env }, detached: options.detached });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d));
  child.stderr!.on("data", (d: Buffer) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** Resolves once the demo's output matches `pattern`; rejects if it ends first. */
export function outputMatches(demo: DemoRun, pattern: (output: string) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    demo.child.stdout!.on("data", () => {
      if (pattern(demo.output())) resolve();
    });
    void demo.exit.then(() => reject(new Error(`the demo ended first:\n${demo.output()}`)));
  });
}

/** The demo's temporary directory, as it names it. */
export function workDir(output: string): string {
  const match = /live in (\S+), removed when the demo ends/.exec(output);
  if (!match) throw new Error(`the demo named no temporary directory:\n${output}`);
  return match[1];
}

/** The demo's four numbered sections: preview, up, the configuration read back, the last preview. */
export function sections(output: string): { preview: string; up: string; readBack: string; again: string } {
  const [, preview, up, readBack, again] = output.split(/^={78}\n\d\. .*\n={78}$/m);
  return { preview, up, readBack, again };
}

/** `git status` of examples/, ignored files included: a stack file left there shows. */
export function examplesStatus(): string {
  return spawnSync("git", ["status", "--porcelain", "--ignored", "examples/"], { cwd: ROOT, encoding: "utf8" }).stdout;
}
