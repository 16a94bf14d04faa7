/**
 * Every test file gets a PULUMI_HOME of its own, so that what the provider keeps there (the staged
 * journal, provider/core/session/stagedJournal.ts) never reaches the user's ~/.pulumi, nor another
 * test file's runs. Provider processes the tests start inherit it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

if (!process.env.PULUMI_HOME) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-pulumi-home-"));
  process.env.PULUMI_HOME = home;
  process.on("exit", () => fs.rmSync(home, { recursive: true, force: true }));
}
