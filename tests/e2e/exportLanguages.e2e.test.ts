/**
 * `sbc-export --language python|yaml` under the real CLI (issue 23, part 3): the brownfield SBC
 * (about 300 elements that reference each other, two secrets among them: an NTP server's key and
 * an SNMPv3 user's password) exported as a Python project (the pulumi_oracle_sbc SDK, in a
 * virtualenv holding the built wheel and PyPI's pulumi) and as a YAML one, each through the native
 * sbc plugin found on PATH as users install it; the printed `pulumi config set` lines run as
 * printed. In each, the preview shows only adoptions and touches nothing, `up` leaves the running
 * configuration unchanged, then nothing is left to change.
 * (tests/e2e/export.e2e.test.ts is the TypeScript one.)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BROWNFIELD_NTP_SECRET, BROWNFIELD_SNMP_SECRET } from "../../emulator/seeds/brownfield";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
import { configuration, counters, emulators, expectSettled, since, SBC_SECRET } from "./support/sbc";
import { printedConfig, sbcExport } from "./support/sbcExport";

const emulator = emulators();

describeWithCli("sbc-export --language python|yaml under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  let scratch: string;
  let python: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-languages-"));
    python = await pythonVenv(path.join(scratch, "venv"));
  }, 600_000);

  afterAll(async () => {
    for (const s of stacks) await s.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  for (const [language, files] of [
    ["python", ["Pulumi.yaml", "__main__.py", "requirements.txt"]],
    ["yaml", ["Pulumi.yaml"]],
  ] as const) {
    test(`--language ${language}: the export of a brownfield SBC previews only adoptions, up leaves its running configuration unchanged, then no changes`, async () => {
      const sbc = await emulator({ seed: "brownfield" });
      const start = configuration(sbc);
      const elementCount = start.length;
      expect(elementCount).toBeGreaterThan(250);

      const dir = path.join(scratch, language);
      const exported = await sbcExport(["--out", dir, "--name", `sbc-brownfield-${language}`, "--language", language], { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" });
      expect(exported).toMatchObject({ code: 0, stderr: "" });
      expect(exported.stdout).toContain(`${elementCount} elements from ${sbc.url}`);
      expect(fs.readdirSync(dir).sort()).toEqual([...files].sort());
      for (const file of files) {
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        expect(text).not.toContain(BROWNFIELD_NTP_SECRET);
        expect(text).not.toContain(BROWNFIELD_SNMP_SECRET);
      }

      const printed = printedConfig(exported.stdout);
      expect(printed.plain).toEqual({ "sbc:host": sbc.url, "sbc:username": "admin" });
      // The secrets of an element (the SNMPv3 user's password) and of a sub-element (the NTP server's key), one config key each, so no list goes item by item.
      expect(Object.values(printed.secret).sort()).toEqual([BROWNFIELD_NTP_SECRET, BROWNFIELD_SNMP_SECRET].sort());
      expect(printed.secretPaths).toEqual({});
      const stack = new CliStack(dir, language);
      stacks.push(stack);
      // The plugin as a user installs it: pulumi-resource-sbc on PATH.
      stack.baseEnv.PATH = `${path.join(ROOT, "bin")}${path.delimiter}${stack.baseEnv.PATH}`;
      if (language === "python") usePython(stack, python);
      await stack.init(printed.plain, { ...SBC_SECRET, ...printed.secret });

      const resources = elementCount + 1;
      let before = counters(sbc);
      const preview = await stack.run(["preview"], { timeoutMs: 480_000 });
      expect(resourceCounts(preview.output)).toEqual({ "to create": resources });
      expect(since(sbc, before).mutating).toBe(0);

      await stack.run(["up", "--yes", "--skip-preview"], { timeoutMs: 480_000 });
      expect(configuration(sbc)).toEqual(start);
      expectSettled(sbc);
      const state = (await stack.exportState()).text;
      expect(state).not.toContain(BROWNFIELD_NTP_SECRET);
      expect(state).not.toContain(BROWNFIELD_SNMP_SECRET);

      before = counters(sbc);
      const same = await stack.run(["preview", "--expect-no-changes"], { timeoutMs: 480_000 });
      expect(resourceCounts(same.output)).toEqual({ unchanged: resources });
      expect(since(sbc, before).mutating).toBe(0);
    }, 1_200_000);
  }
});
