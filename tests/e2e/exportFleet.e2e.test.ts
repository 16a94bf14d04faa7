/**
 * sbc-export --fleet under the real CLI (issue 14): two brownfield SBCs that differ as two sites
 * of one operator do (a description, a route one has and the other not) exported into one
 * program; with the config lines it printed, the preview adopts every element of both and touches
 * neither, `up` leaves both running configurations as they were, and nothing is left to change.
 * (That the same program recreates each SBC on empty ones is tests/exportFleet.test.ts.)
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
const AUTHOR = { user: "admin", address: "console" };

describeWithCli("sbc-export --fleet under the real pulumi CLI", () => {
  let stack: CliStack | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await stack?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("one program for two differing SBCs adopts both without changing either, then no changes", async () => {
    const [lab1, lab2] = [await emulator({ seed: "brownfield" }), await emulator({ seed: "brownfield" })];
    const store = lab2.sbc.store;
    store.update({ elementType: "realm-config", attributes: { identifier: "core", description: "IMS core, site 2" }, subElements: [] }, AUTHOR);
    store.delete("host-route", new Map([["dest-network", ["10.30.1.0"]]]));
    store.create({ elementType: "host-route", attributes: { "dest-network": "10.40.0.0", netmask: "255.255.0.0", gateway: "10.0.0.1" }, subElements: [] }, AUTHOR);
    store.copy("editing", "saved");
    store.copy("editing", "running");
    const start = [configuration(lab1), configuration(lab2)];
    expect(start[0]).not.toEqual(start[1]);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-fleet-e2e-"));
    const exported = await sbcExport(["--out", dir, "--name", "sbc-fleet", "--fleet", `lab1=${lab1.url},lab2=${lab2.url}`], { SBC_USERNAME: "admin", SBC_PASSWORD: "admin" });
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    const program = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    expect(program).toContain("for (const site of sites) {");
    expect(program).toContain("description: site.realmCore.description");
    for (const file of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, file), "utf8")).not.toContain(BROWNFIELD_NTP_SECRET);
    linkPackageModules(dir);

    const printed = printedConfig(exported.stdout);
    expect(printed.plain).toEqual({ "sbc:username": "admin" });
    stack = new CliStack(dir);
    await stack.init(printed.plain, { ...SBC_SECRET, ...printed.secret });

    const resources = start[0].length + start[1].length + 1;
    let before = [counters(lab1), counters(lab2)];
    const preview = await stack.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": resources });
    expect([since(lab1, before[0]).mutating, since(lab2, before[1]).mutating]).toEqual([0, 0]);

    await stack.run(["up", "--yes", "--skip-preview"], { timeoutMs: 600_000 });
    expect([configuration(lab1), configuration(lab2)]).toEqual(start);
    expectSettled(lab1);
    expectSettled(lab2);

    before = [counters(lab1), counters(lab2)];
    const same = await stack.run(["preview", "--expect-no-changes"]);
    expect(resourceCounts(same.output)).toEqual({ unchanged: resources });
    expect([since(lab1, before[0]).mutating, since(lab2, before[1]).mutating]).toEqual([0, 0]);
  }, 900_000);
});
