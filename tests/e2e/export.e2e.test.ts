/**
 * sbc-export under the real CLI (issue 14): `npx sbc-export` run as users run it, against the
 * brownfield emulator (about 300 elements that reference each other, a secret among them), then
 * the `pulumi config set` lines it printed, run as printed. The preview shows only adoptions and
 * touches nothing; `up` takes every element over and leaves the running configuration as it was,
 * element for element; then nothing is left to change.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BROWNFIELD_NTP_SECRET } from "../../emulator/seeds/brownfield";
import { CliStack, describeWithCli, resourceCounts } from "./support/pulumiCli";
import { configuration, counters, emulators, expectSettled, since, SBC_SECRET } from "./support/sbc";
import { linkPackageModules } from "../support/exportedProject";
import { printedConfig, sbcExport } from "./support/sbcExport";

const emulator = emulators();

describeWithCli("sbc-export under the real pulumi CLI", () => {
  let stack: CliStack | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await stack?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the export of a brownfield SBC previews only adoptions, up leaves its running configuration unchanged, then no changes", async () => {
    const sbc = await emulator({ seed: "brownfield" });
    const start = configuration(sbc);
    const elementCount = start.length;
    expect(elementCount).toBeGreaterThan(250);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-e2e-"));
    const exported = await sbcExport(["--out", dir, "--name", "sbc-brownfield"], { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" });
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    expect(exported.stdout).toContain(`${elementCount} elements from ${sbc.url}`);
    for (const file of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, file), "utf8")).not.toContain(BROWNFIELD_NTP_SECRET);
    linkPackageModules(dir);

    // The config lines as printed; the password line prompts, so it is given here.
    const printed = printedConfig(exported.stdout);
    expect(printed.plain).toEqual({ "sbc:host": sbc.url, "sbc:username": "admin" });
    expect(Object.values(printed.secret)).toContain(JSON.stringify([BROWNFIELD_NTP_SECRET]));
    stack = new CliStack(dir);
    await stack.init(printed.plain, { ...SBC_SECRET, ...printed.secret });

    // Every element, and the stack itself.
    const resources = elementCount + 1;
    let before = counters(sbc);
    const preview = await stack.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": resources });
    expect(since(sbc, before).mutating).toBe(0);

    await stack.run(["up", "--yes", "--skip-preview"], { timeoutMs: 480_000 });
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);
    const state = await stack.exportState();
    expect(state.text).not.toContain(BROWNFIELD_NTP_SECRET);

    before = counters(sbc);
    const same = await stack.run(["preview", "--expect-no-changes"]);
    expect(resourceCounts(same.output)).toEqual({ unchanged: resources });
    expect(since(sbc, before).mutating).toBe(0);
  }, 900_000);
});
