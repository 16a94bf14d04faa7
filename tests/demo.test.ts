/**
 * `npm run demo` without the pulumi CLI on PATH: the harness path runs examples/basic against the
 * emulator to a no-change preview, and leaves nothing behind, also when stopped by Ctrl-C. The
 * path with the real CLI is tests/e2e/demo.e2e.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { examplesStatus, outputMatches, sections, startDemo, workDir } from "./support/demoRun";

/** PATH without any directory holding a `pulumi`, so the demo takes its harness path. */
const PATH_WITHOUT_PULUMI = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => dir && !fs.existsSync(path.join(dir, "pulumi")))
  .join(path.delimiter);

const demo = () => startDemo([process.execPath, "-r", "ts-node/register/transpile-only", "examples/demo.ts"], { PATH: PATH_WITHOUT_PULUMI });

test("without pulumi on PATH the demo runs through the harness: creates, reads back, shows no changes, and leaves nothing behind", async () => {
  const before = examplesStatus();
  const run = demo();
  const code = await run.exit;
  const output = run.output();
  expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining("using the engine-faithful harness") });
  const { preview, up, readBack, again } = sections(output);
  expect(preview).toMatch(/\+ 6 to create/);
  expect(up).toMatch(/\+ 6 created/);
  expect(readBack).toMatch(/^realm-config\n\s+identifier\s+core$/m);
  expect(again).toMatch(/^\s+6 unchanged$/m);
  expect(again).not.toMatch(/to create|to update|to delete/);
  expect(fs.existsSync(workDir(output))).toBe(false);
  expect(examplesStatus()).toBe(before);
}, 180_000);

/** Processes whose environment names the demo's emulator: a provider plugin the demo started and left running. */
function processesFor(emulatorUrl: string): string[] {
  return fs.readdirSync("/proc").filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return fs.readFileSync(`/proc/${pid}/environ`, "utf8").includes(emulatorUrl);
    } catch {
      return false; // gone meanwhile, or not ours to read
    }
  });
}

test("Ctrl-C during the demo stops it with status 130, removes its temporary directory and leaves no provider plugin running", async () => {
  const run = demo();
  await outputMatches(run, (output) => output.includes("1. pulumi preview"));
  const work = workDir(run.output());
  expect(fs.existsSync(work)).toBe(true);
  run.child.kill("SIGINT");
  expect(await run.exit).toBe(130);
  expect(run.output()).toContain("the demo was stopped by SIGINT");
  expect(fs.existsSync(work)).toBe(false);
  const url = /SBC emulator listening on (\S+)/.exec(run.output())![1];
  if (process.platform !== "linux") return;
  // A killed process takes a moment to go; one left running stays.
  for (let waited = 0; processesFor(url).length > 0 && waited < 5_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  expect(processesFor(url)).toEqual([]);
}, 120_000);
