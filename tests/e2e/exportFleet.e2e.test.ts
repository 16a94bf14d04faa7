/**
 * sbc-export --fleet under the real CLI (issue 14): two brownfield SBCs that differ as two sites
 * of one operator do (a description, a route one has and the other not) exported into one
 * program; with the config lines it printed, the preview adopts every element of both and touches
 * neither, `up` leaves both running configurations as they were, and nothing is left to change.
 * (That the same program recreates each SBC on empty ones is tests/exportFleet.test.ts.) And the
 * same fleet in YAML and in Python, through the native sbc plugin: one explicit provider per SBC
 * reading the fleet's login from `sbc:username` and `sbc:password`, every element of both adopted
 * without a write, then nothing left to change.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BROWNFIELD_NTP_SECRET } from "../../emulator/seeds/brownfield";
import { NTP_AUTH_SECRET, seedRealisticSbc } from "../fixtures/exportSeed";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
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

  for (const language of ["yaml", "python"] as const) {
    test(`--language ${language}: one stack, a provider per SBC, adopts both without changing either, then no changes`, async () => {
      const [lab1, lab2] = [await emulator(), await emulator()];
      seedRealisticSbc(lab1);
      seedRealisticSbc(lab2);
      const store = lab2.sbc.store;
      store.update({ elementType: "realm-config", attributes: { identifier: "core", description: "Core, site 2" }, subElements: [] }, AUTHOR);
      store.delete("host-route", new Map([["dest-network", ["10.0.0.0"]]]));
      store.copy("editing", "saved");
      store.copy("editing", "running");
      const start = [configuration(lab1), configuration(lab2)];

      const out = fs.mkdtempSync(path.join(os.tmpdir(), `sbc-export-fleet-${language}-`));
      const exported = await sbcExport(["--out", out, "--name", `sbc-fleet-${language}`, "--language", language, "--fleet", `lab1=${lab1.url},lab2=${lab2.url}`], { SBC_USERNAME: "admin", SBC_PASSWORD: "admin" });
      expect(exported).toMatchObject({ code: 0, stderr: "" });
      for (const file of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, file), "utf8")).not.toContain(NTP_AUTH_SECRET);
      const printed = printedConfig(exported.stdout);
      expect(printed.plain).toEqual({ "sbc:username": "admin" });
      const s = new CliStack(out, `fleet-${language}`);
      const dispose = () => s.dispose().then(() => fs.rmSync(out, { recursive: true, force: true }));
      try {
        s.baseEnv.PATH = `${path.join(ROOT, "bin")}${path.delimiter}${s.baseEnv.PATH}`;
        if (language === "python") usePython(s, await pythonVenv(path.join(out, "venv")));
        await s.init(printed.plain, { ...SBC_SECRET, ...printed.secret });

        // Every element of both, a provider per SBC, and the stack.
        const resources = start[0].length + start[1].length + 2 + 1;
        let before = [counters(lab1), counters(lab2)];
        const preview = await s.run(["preview"], { timeoutMs: 600_000 });
        expect(resourceCounts(preview.output)).toEqual({ "to create": resources });
        await s.run(["up", "--yes", "--skip-preview"], { timeoutMs: 600_000 });
        expect([since(lab1, before[0]), since(lab2, before[1])].map((c) => [c.mutating, c.locks])).toEqual([[0, 0], [0, 0]]);
        expect([configuration(lab1), configuration(lab2)]).toEqual(start);
        expect((await s.resources()).has("lab2-realm_core")).toBe(true);

        before = [counters(lab1), counters(lab2)];
        const same = await s.run(["preview", "--expect-no-changes"], { timeoutMs: 600_000 });
        expect(resourceCounts(same.output)).toEqual({ unchanged: resources });
        expect([since(lab1, before[0]).mutating, since(lab2, before[1]).mutating]).toEqual([0, 0]);
      } finally {
        await dispose();
      }
    }, 1_200_000);
  }
});
