/**
 * The README's worked example is real: its program is the fixture the harness runs, and the
 * preview it shows is what the harness prints for that program against a fresh emulator.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine } from "./harness/engine";
import { formatRun } from "./harness/cli";
import { useEmulator } from "./support/emulator";

const ROOT = path.join(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const PROGRAM = path.join(__dirname, "fixtures", "programs", "readme");
const emulator = useEmulator();

function blockAfter(marker: string): string {
  const start = README.indexOf(marker);
  if (start < 0) throw new Error(`README.md has no ${marker}`);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(README.slice(start));
  if (!match) throw new Error(`README.md has no code block after ${marker}`);
  return match[1];
}

test("the README's program is the fixture that the harness runs", () => {
  expect(blockAfter("<!-- readme-program")).toBe(fs.readFileSync(path.join(PROGRAM, "index.ts"), "utf8"));
});

test("the README's preview is what the harness prints for that program", async () => {
  const engine = new Engine({
    programDir: PROGRAM,
    stateFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "readme-")), "state.json"),
    config: { "sbc:host": emulator().url, "sbc:username": "admin", "sbc:password": "admin" },
  });
  const printed = formatRun("Previewing update:", await engine.preview(), true);
  expect(`${printed}\n`).toBe(blockAfter("<!-- readme-preview -->"));
});
