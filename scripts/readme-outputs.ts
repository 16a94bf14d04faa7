/**
 * npm run readme:outputs — runs the README's program under the real `pulumi` CLI against a fresh
 * emulator and writes what it printed into README.md's `<!-- cli-output: NAME -->` blocks.
 * Needs the CLI on PATH (scripts/pulumi-cli.sh); tests/e2e/readme.e2e.test.ts checks the result.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readmeBlocks, readmeOutputs } from "../tests/e2e/support/readmeOutputs";

async function main(): Promise<void> {
  const file = path.join(__dirname, "..", "README.md");
  const outputs = await readmeOutputs();
  let readme = fs.readFileSync(file, "utf8");
  // From the last block back, so that earlier offsets stay valid.
  const blocks = [...readmeBlocks(readme)].sort(([, a], [, b]) => b.start - a.start);
  for (const [name, block] of blocks) {
    if (!(name in outputs)) throw new Error(`README.md has a cli-output block "${name}" that nothing produces`);
    readme = `${readme.slice(0, block.start)}${outputs[name]}\n${readme.slice(block.end)}`;
  }
  fs.writeFileSync(file, readme);
  console.log(`README.md: ${blocks.map(([name]) => name).join(", ")} rewritten from the real CLI`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
