/**
 * The README's worked example is real: its program is the fixture that tests/e2e/readme.e2e.test.ts
 * runs under the real CLI to check the outputs the README shows.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const PROGRAM = path.join(__dirname, "fixtures", "programs", "readme");

function blockAfter(marker: string): string {
  const start = README.indexOf(marker);
  if (start < 0) throw new Error(`README.md has no ${marker}`);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(README.slice(start));
  if (!match) throw new Error(`README.md has no code block after ${marker}`);
  return match[1];
}

test("the README's program is the fixture the real-CLI README test runs", () => {
  expect(blockAfter("<!-- readme-program")).toBe(fs.readFileSync(path.join(PROGRAM, "index.ts"), "utf8"));
});

test("the README's YAML program is the fixture the real-CLI README test runs", () => {
  expect(blockAfter("<!-- yaml-program")).toBe(fs.readFileSync(path.join(__dirname, "fixtures", "programs", "readme-yaml", "Pulumi.yaml"), "utf8"));
});
