/**
 * Names, in `npm test`'s summary, the real-CLI tests it does not run: they drive the `pulumi`
 * CLI for minutes each and run under `npm run e2e` (and in CI, where they may not be skipped).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const dir = path.join(__dirname, "e2e");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".e2e.test.ts")).sort();

test("the real-CLI suite exists", () => {
  expect(files.length).toBeGreaterThan(0);
});

for (const file of files) {
  test.skip(`tests/e2e/${file} (skipped here: real pulumi CLI, run by npm run e2e)`, () => undefined);
}
