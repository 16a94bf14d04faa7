/**
 * An SBC that takes connections and never answers, under the real CLI: `up` fails within about
 * twice requestTimeoutSeconds of its first request (the README's promise; before, the login's
 * tries were tried again by the lock request that needed it: 2 m 06 s at the default 30 s), and
 * the message says that the login got no answer, to how many tries, and how long it waited.
 */
import * as path from "node:path";
import { silentServer } from "../support/ports";
import { CliStack, describeWithCli, ROOT } from "./support/pulumiCli";
import { SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "basic");
const TIMEOUT_SECONDS = 5;

describeWithCli("a silent SBC under the real pulumi CLI", () => {
  test("up fails within twice requestTimeoutSeconds of the first request, saying how long and how many tries", async () => {
    const server = await silentServer();
    const s = new CliStack(PROGRAM);
    try {
      const host = `http://127.0.0.1:${server.port}`;
      await s.init({ "sbc:host": host, ...SBC_LOGIN, "sbc:requestTimeoutSeconds": String(TIMEOUT_SECONDS), "test:withNtp": "false" }, SBC_SECRET);
      const up = await s.run(["up", "--yes", "--skip-preview"], { expectFailure: true });
      const seconds = (Date.now() - server.firstAt()!) / 1000;
      // Two tries and their backoff, then the CLI's own wind-down (a few seconds on a loaded machine).
      expect(seconds).toBeLessThan(2 * TIMEOUT_SECONDS + 8);
      expect(server.connections()).toBe(2);
      expect(up.output).toMatch(
        new RegExp(`login failed on ${host.replace(/\./g, "\\.")}: no answer from the SBC at ${host.replace(/\./g, "\\.")} to 2 tries of 5 s each \\(\\d+\\.\\d s in all\\)`),
      );
      expect(up.output).not.toMatch(/^\s+at .+/m);
    } finally {
      await s.dispose();
      await server.close();
    }
  });
});
