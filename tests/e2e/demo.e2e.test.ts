/**
 * `npm run demo` with the real pulumi CLI on PATH, the way the README describes it first: the
 * emulator lives in the demo's own process, so pulumi must run beside it, not block it (it did:
 * `up` hung for minutes and failed with "no answer from the SBC"). It must show the CLI's preview,
 * up and no-change preview, and leave nothing behind — no stack file under examples/, no
 * temporary directory, no pulumi still running — also when Ctrl-C stops it during `up`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { examplesStatus, outputMatches, sections, startDemo, workDir } from "../support/demoRun";
import { cli, describeWithCli, resourceCounts } from "./support/pulumiCli";

/** `npm run demo` in its own process group, as a terminal runs it, with the CLI first on PATH. */
function npmRunDemo() {
  if (!("dir" in cli)) throw new Error(cli.missing);
  return startDemo(["npm", "run", "demo"], { PATH: `${cli.dir}${path.delimiter}${process.env.PATH ?? ""}`, NO_COLOR: "1" }, { detached: true });
}

/** Command lines of running processes that mention `text`. */
function processesMentioning(text: string): string[] {
  return spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout.split("\n").filter((line) => line.includes(text) && !line.startsWith("ps "));
}

describeWithCli("npm run demo under the real pulumi CLI", () => {
  test("previews, applies and previews again with the CLI, and leaves examples/ and its temporary directory as they were", async () => {
    const before = examplesStatus();
    const demo = npmRunDemo();
    const code = await demo.exit;
    const output = demo.output();
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining("Using the pulumi CLI on PATH.") });
    const { preview, up, readBack, again } = sections(output);
    expect(preview).toMatch(/^Previewing update \(demo\):$/m);
    expect(resourceCounts(preview)).toEqual({ "to create": 7 });
    expect(up).toMatch(/^Updating \(demo\):$/m);
    expect(up).toMatch(/^ \+ {2}pulumi-nodejs:dynamic\/sbc:LocalPolicy to-carrier created/m);
    expect(resourceCounts(up)).toEqual({ created: 7 });
    expect(up).toMatch(/The SBC saw \d+ requests, 7 changes/);
    expect(readBack).toMatch(/^session-agent\n\s+hostname\s+carrier\.example\.net$/m);
    expect(again).toMatch(/^Previewing update \(demo\):$/m);
    expect(resourceCounts(again)).toEqual({ unchanged: 7 });
    expect(fs.existsSync(workDir(output))).toBe(false);
    expect(examplesStatus()).toBe(before);
  });

  test("Ctrl-C during up: pulumi cancels, the demo stops with a message, and nothing is left behind", async () => {
    const before = examplesStatus();
    const demo = npmRunDemo();
    await outputMatches(demo, (output) => /dynamic\/sbc:\w+ \S+ creating \(/.test(output.split("2. pulumi up")[1] ?? ""));
    const work = workDir(demo.output());
    // What a terminal's Ctrl-C does: SIGINT to every process of the foreground group (npm, sh, node).
    process.kill(-demo.child.pid!, "SIGINT");
    const code = await demo.exit;
    const output = demo.output();
    expect(code).not.toBe(0);
    // Once: a second SIGINT would make pulumi stop at once, mid-step.
    expect(output.match(/received; cancelling/g)).toHaveLength(1);
    expect(output).toContain("the demo was stopped by SIGINT");
    expect(fs.existsSync(work)).toBe(false);
    expect(processesMentioning(work)).toEqual([]);
    expect(examplesStatus()).toBe(before);
  });
});
