/**
 * Every ```bash block of README.md and the guides under docs/ is shell that parses (`bash -n`): a
 * broken quote or a stray continuation fails here. Running them with the real CLI is
 * tests/e2e/readmeCommands.e2e.test.ts.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { guidePages, guideText } from "../tools/docs/guidePages";
import { bashBlocks, readmeBlock, readmeCommands } from "./support/readmeCommands";

const ROOT = path.join(__dirname, "..");
const GUIDES = guideText(ROOT);
const blocks = guidePages(ROOT).flatMap((page) => bashBlocks(fs.readFileSync(path.join(ROOT, page), "utf8")).map((block) => [page, block.split("\n")[0], block]));

test.each(blocks)("%s: bash block %s parses", (_page, _first, block) => {
  const result = spawnSync("bash", ["-n"], { input: block, encoding: "utf8" });
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
});

test("the blocks the README e2e runs are there, and no config line passes a PEM where the CLI would take it for a flag", () => {
  expect(readmeBlock(GUIDES, "# try-out")).toMatch(/^pulumi up --yes$/m);
  expect(readmeBlock(GUIDES, "# connection")).toMatch(/^pulumi config set sbc:caCert -- /m);
  expect(readmeBlock(GUIDES, "# take-over: in the checkout, or in a project that has the package installed")).toMatch(/^pulumi up$/m);
  const configLines = readmeCommands(GUIDES).filter((line) => line.startsWith("pulumi config set "));
  expect(configLines.length).toBeGreaterThanOrEqual(7);
  // A value that starts with a dash (a PEM does) must come after `--`, or the CLI takes it for a flag.
  for (const line of configLines) expect(line).not.toMatch(/^pulumi config set (?:--\w+ )*[\w:]+ "\$\(cat [^)]*\.pem\)"/);
});
