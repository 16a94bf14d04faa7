/**
 * The shell commands of the ```bash blocks of README.md and the guides (tools/docs/guidePages.ts),
 * for the tests that run them as written (tests/e2e/readmeCommands.e2e.test.ts) and check that
 * they parse (tests/readmeCommands.test.ts).
 */

/** Every ```bash block's text, in order. */
export function bashBlocks(readme: string): string[] {
  return [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The ```bash block whose first line is `firstLine`. */
export function readmeBlock(readme: string, firstLine: string): string {
  const block = bashBlocks(readme).find((b) => b.startsWith(`${firstLine}\n`));
  if (!block) throw new Error(`neither README.md nor a guide under docs/ has a \`\`\`bash block starting with ${firstLine}`);
  return block;
}

/** Each command of every bash block, continuation lines joined, comments and blank lines left out. */
export function readmeCommands(readme: string): string[] {
  return bashBlocks(readme).flatMap((block) =>
    block
      .replace(/\\\n\s*/g, "")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#")),
  );
}
