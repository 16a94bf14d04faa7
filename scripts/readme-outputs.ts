/**
 * npm run readme:outputs — runs the README's programs under the real `pulumi` CLI against a fresh
 * emulator and writes what it printed into the `<!-- cli-output: NAME -->` blocks of README.md and
 * the guides under docs/ (tools/docs/guidePages.ts). Needs the CLI on PATH (scripts/pulumi-cli.sh);
 * tests/e2e/readme.e2e.test.ts checks the result.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readmeBlocks, readmeOutputs } from "../tests/e2e/support/readmeOutputs";
import { guidePages } from "../tools/docs/guidePages";

const ROOT = path.join(__dirname, "..");

async function main(): Promise<void> {
  const outputs = await readmeOutputs();
  for (const page of guidePages(ROOT)) {
    const file = path.join(ROOT, page);
    let text = fs.readFileSync(file, "utf8");
    // From the last block back, so that earlier offsets stay valid.
    const blocks = [...readmeBlocks(text)].sort(([, a], [, b]) => b.start - a.start);
    if (blocks.length === 0) continue;
    for (const [name, block] of blocks) {
      if (!(name in outputs)) throw new Error(`${page} has a cli-output block "${name}" that nothing produces`);
      text = `${text.slice(0, block.start)}${outputs[name]}\n${text.slice(block.end)}`;
    }
    fs.writeFileSync(file, text);
    console.log(`${page}: ${blocks.map(([name]) => name).join(", ")} rewritten from the real CLI`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
