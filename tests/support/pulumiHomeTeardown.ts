/** Jest's globalTeardown: removes the PULUMI_HOME pulumiHomeSetup.ts made for the run. */
import * as fs from "node:fs";

export default function teardown(): void {
  const home = process.env.SBC_TEST_PULUMI_HOME;
  if (home) fs.rmSync(home, { recursive: true, force: true });
}
