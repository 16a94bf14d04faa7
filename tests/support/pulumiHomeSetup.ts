/**
 * Jest's globalSetup: one PULUMI_HOME for the whole run, so that what the provider keeps there
 * (the staged journal, provider/core/session/stagedJournal.ts) never reaches the user's ~/.pulumi.
 * Workers and the provider processes the tests start inherit it; pulumiHomeTeardown.ts removes it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export default function setup(): void {
  if (process.env.PULUMI_HOME) return;
  process.env.PULUMI_HOME = process.env.SBC_TEST_PULUMI_HOME = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-pulumi-home-"));
}
