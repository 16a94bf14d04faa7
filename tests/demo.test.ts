/**
 * `npm run demo` without the pulumi CLI on PATH: the harness path runs examples/basic against the
 * emulator to a no-change preview, and leaves nothing behind, also when stopped by Ctrl-C. The
 * path with the real CLI is tests/e2e/demo.e2e.test.ts.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

/** PATH without any directory holding a `pulumi`, so the demo takes its harness path. */
const PATH_WITHOUT_PULUMI = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => dir && !fs.existsSync(path.join(dir, "pulumi")))
  .join(path.delimiter);

const examplesStatus = () => spawnSync("git", ["status", "--porcelain", "--ignored", "examples/"], { cwd: ROOT, encoding: "utf8" }).stdout;

interface DemoRun {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function startDemo(): DemoRun {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PULUMI_|SBC_)/.test(k)));
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "examples/demo.ts"], {
    cwd: ROOT,
    env: { ...env, PATH: PATH_WITHOUT_PULUMI, TS_NODE_TRANSPILE_ONLY: "true" },
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** The demo's temporary directory, as it names it. */
function workDir(output: string): string {
  const match = /live in (\S+), removed when the demo ends/.exec(output);
  if (!match) throw new Error(`the demo named no temporary directory:\n${output}`);
  return match[1];
}

test("without pulumi on PATH the demo runs through the harness: creates, reads back, shows no changes, and leaves nothing behind", async () => {
  const before = examplesStatus();
  const demo = startDemo();
  const code = await demo.exit;
  const output = demo.output();
  expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining("using the engine-faithful harness") });
  const [, preview, up, readBack, again] = output.split(/^={78}\n\d\. .*\n={78}$/m);
  expect(preview).toMatch(/\+ 6 to create/);
  expect(up).toMatch(/\+ 6 created/);
  expect(readBack).toMatch(/^realm-config\n\s+identifier\s+core$/m);
  expect(again).toMatch(/^\s+6 unchanged$/m);
  expect(again).not.toMatch(/to create|to update|to delete/);
  expect(fs.existsSync(workDir(output))).toBe(false);
  expect(examplesStatus()).toBe(before);
}, 180_000);

test("Ctrl-C during the demo stops it with status 130 and removes its temporary directory", async () => {
  const demo = startDemo();
  await new Promise<void>((resolve, reject) => {
    demo.child.stdout!.on("data", () => {
      if (demo.output().includes("1. pulumi preview")) resolve();
    });
    void demo.exit.then(() => reject(new Error(`the demo ended before its first preview:\n${demo.output()}`)));
  });
  const work = workDir(demo.output());
  expect(fs.existsSync(work)).toBe(true);
  demo.child.kill("SIGINT");
  expect(await demo.exit).toBe(130);
  expect(demo.output()).toContain("the demo was stopped by SIGINT");
  expect(fs.existsSync(work)).toBe(false);
}, 120_000);
