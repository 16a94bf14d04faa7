/**
 * Commit confirmed under the real CLI (issue 13): with `sbc:confirm` and a KPI health check in
 * stack config, a change after which sipRegistrations collapses is rolled back — `pulumi up` fails
 * naming the check and its readings, the SBC runs (and has saved) the previous configuration, and
 * the stack keeps the previous values; a good change is confirmed. The lock is free after each.
 */
import * as path from "node:path";
import { CliStack, describeWithCli, ROOT } from "./support/pulumiCli";
import { elements, emulators, expectSettled, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "basic");
const CHECKS = JSON.stringify([{ kind: "kpi", type: "sipRegistrations", kpi: "sipRegistrations", minRatio: 0.9 }]);
const emulator = emulators();

describeWithCli("commit confirmed under the real pulumi CLI", () => {
  let s: CliStack;
  afterAll(async () => {
    await s.dispose();
  });

  test("a change that breaks a health check is rolled back and the stack agrees with the SBC; a good change is confirmed", async () => {
    const sbc = await emulator();
    sbc.sbc.kpis.set("sipRegistrations", { sipRegistrations: 1000 });
    s = new CliStack(PROGRAM);
    await s.init(
      { "sbc:host": sbc.url, ...SBC_LOGIN, "sbc:confirm": "true", "sbc:confirmWindowSeconds": "1", "sbc:healthChecks": CHECKS, "test:withNtp": "false", "test:withSip": "false" },
      SBC_SECRET,
    );
    await s.run(["up", "--yes", "--skip-preview"]);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("core network");

    // Registrations collapse once the next activation is done: the change "broke" the SBC.
    const target = sbc.sbc.operations.completed.activate + 1;
    const timer = setInterval(() => {
      if (sbc.sbc.operations.completed.activate >= target) {
        clearInterval(timer);
        sbc.sbc.kpis.set("sipRegistrations", { sipRegistrations: 400 });
      }
    }, 5);
    await s.setConfig({ "test:description": "breaks registrations" });
    const failed = await s.run(["up", "--yes", "--skip-preview"], { expectFailure: true }).finally(() => clearInterval(timer));
    expect(failed.output).toMatch(/sipRegistrations\.sipRegistrations is 400, was 1000 before the change; must be >= 0\.9 x 1000 = 900/);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("core network");
    const realm = (await s.resources()).get("core-realm");
    expect((realm?.outputs?.attributes as Record<string, unknown>).description).toBe("core network");
    expectSettled(sbc);

    sbc.sbc.kpis.set("sipRegistrations", { sipRegistrations: 1000 });
    await s.run(["up", "--yes", "--skip-preview"]);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("breaks registrations");
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);
  });
});
