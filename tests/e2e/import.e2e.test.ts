/**
 * `pulumi import` through the native `sbc` plugin under the real CLI (issue 22, part 4), in YAML
 * projects: elements an engineer made by hand imported one by one — by the id the plugin writes
 * (`realm-config/identifier=core`) and by the key alone — with nothing written to the SBC, each
 * resource in the state protected under the plugin's id, and a malformed id refused in the
 * plugin's one sentence naming the id's form; the declarations `--out` wrote, put in the program,
 * then preview with no changes. And a whole brownfield SBC at once: `sbc-export --import-file`,
 * the `pulumi import --file` command it prints run as printed, the SBC unchanged, the program
 * previewing with no changes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle } from "../../emulator";
import { BROWNFIELD_NTP_SECRET } from "../../emulator/seeds/brownfield";
import { clientFor, commitByHand, element, sub } from "../support/emulator";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { configuration, counters, emulators, expectSettled, since } from "./support/sbc";
import { printedConfig, sbcExport } from "./support/sbcExport";

const emulator = emulators();
const PASSWORD = "Import-e2e-Pa55word-3c9";

describeWithCli("pulumi import through the native sbc plugin under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-import-"));
  afterAll(async () => {
    // The imported resources are protected: dispose's destroy refuses, and the SBC keeps them.
    await Promise.all(stacks.map((s) => s.dispose()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** A YAML project of the plugin in a directory of its own, with a stack logged in to `sbc` as admin. */
  async function yamlStack(sbc: EmulatorHandle, name: string, password: string): Promise<CliStack> {
    const dir = path.join(scratch, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: yaml\nplugins:\n  providers:\n    - name: sbc\n      path: ${path.join(ROOT, "bin")}\n`);
    const s = new CliStack(dir, "import");
    stacks.push(s);
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": password });
    return s;
  }

  /** Adds the declarations `pulumi import --out` wrote (each file a `resources:` section) to the program. */
  function declare(s: CliStack, outFiles: string[]): void {
    const bodies = outFiles.map((file) => {
      const text = fs.readFileSync(file, "utf8");
      expect(text.startsWith("resources:\n")).toBe(true);
      return text.slice("resources:\n".length).replace(/\n*$/, "\n");
    });
    fs.appendFileSync(path.join(s.programDir, "Pulumi.yaml"), `resources:\n${bodies.join("")}`);
  }

  test("elements made by hand: imported by the plugin's id and by the key alone without a write, protected in the state; a bad id refused; the --out declarations preview no changes", async () => {
    const sbc = await emulator({ users: [{ name: "admin", password: PASSWORD, admin: true }] });
    const client = clientFor(sbc, { password: PASSWORD });
    try {
      await commitByHand(client, async (c) => {
        await c.createElement(element("realm-config", { identifier: "core", description: "Core, made by hand" }));
        await c.createElement(element("realm-config", { identifier: "edge" }));
        await c.createElement(element("sip-interface", { "realm-id": "core" }, [sub("sip-port", { address: "192.0.2.10", port: "5060", "transport-protocol": "UDP" })]));
      });
    } finally {
      await client.close();
    }
    const start = configuration(sbc);
    const s = await yamlStack(sbc, "by-hand", PASSWORD);
    const out = (name: string) => path.join(scratch, `${name}.yaml`);

    const before = counters(sbc);
    await s.run(["import", "sbc:index:RealmConfig", "core", "realm-config/identifier=core", "--yes", "--out", out("core")]);
    await s.run(["import", "sbc:index:RealmConfig", "edge", "edge", "--yes", "--out", out("edge")]);
    await s.run(["import", "sbc:index:SipInterface", "core_sip", "sip-interface/realm-id=core", "--yes", "--out", out("core_sip")]);
    const bad = await s.run(["import", "sbc:index:RealmConfig", "bad", "realm-config/name=core", "--yes"], { expectFailure: true });
    expect(bad.output).toContain(
      'import id "realm-config/name=core" does not give the key attribute identifier of realm-config: write it as realm-config/identifier=<identifier> or <identifier> alone',
    );
    // Import reads: no lock, no write, nothing activated; the running configuration is as the engineer left it.
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0, activations: 0 });
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);

    const resources = await s.resources();
    expect([...resources.keys()].sort()).toEqual(["core", "core_sip", "edge"]);
    expect(resources.get("core")).toMatchObject({ type: "sbc:index:RealmConfig", id: "realm-config/identifier=core", protect: true });
    expect(resources.get("core")!.outputs).toMatchObject({ identifier: "core", description: "Core, made by hand" });
    // The key alone names the element; the state records it under the id the plugin writes.
    expect(resources.get("edge")).toMatchObject({ id: "realm-config/identifier=edge", protect: true });
    expect(resources.get("core_sip")).toMatchObject({ type: "sbc:index:SipInterface", id: "sip-interface/realm-id=core", protect: true });
    expect(fs.readFileSync(out("core"), "utf8")).toMatch(/^ {2}core:\n {4}type: sbc:RealmConfig\n {4}properties:\n(?: {6}.*\n)* {6}description: Core, made by hand\n(?: {6}.*\n)* {4}options:\n {6}protect: true/m);
    expect(fs.readFileSync(out("core_sip"), "utf8")).toMatch(/sipPorts:/);

    declare(s, [out("core"), out("edge"), out("core_sip")]);
    const quiet = counters(sbc);
    const preview = await s.run(["preview", "--expect-no-changes"]);
    expect(resourceCounts(preview.output)).toEqual({ unchanged: 4 });
    expect(since(sbc, quiet).mutating).toBe(0);
  });

  test("a brownfield SBC at once: sbc-export --import-file, its printed pulumi import --file run as printed, the SBC unchanged, then the program previews no changes", async () => {
    const sbc = await emulator({ seed: "brownfield" });
    const start = configuration(sbc);
    const file = path.join(scratch, "brownfield-import.json");
    const exported = await sbcExport(["--import-file", file], { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" });
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    const entries = (JSON.parse(fs.readFileSync(file, "utf8")) as { resources: { type: string; name: string; id: string }[] }).resources;
    expect(entries).toHaveLength(start.length);

    const s = await yamlStack(sbc, "brownfield", "admin");
    await s.setConfig(printedConfig(exported.stdout).plain);
    const program = path.join(scratch, "brownfield-program.yaml");
    const printed = /`pulumi (import --file \S+ --out <program file> --yes)`/.exec(exported.stdout)![1];
    const before = counters(sbc);
    const imported = await s.run(printed.replace("<program file>", program).split(" "), { timeoutMs: 300_000 });
    expect(resourceCounts(imported.output)).toMatchObject({ imported: entries.length });
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0, activations: 0 });
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);

    const { text, deployment } = await s.exportState();
    expect(text).not.toContain(BROWNFIELD_NTP_SECRET);
    const state = deployment.resources!.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    expect(state.map((r) => [r.type, r.urn.split("::").pop(), r.id]).sort()).toEqual(entries.map((e) => [e.type, e.name, e.id]).sort());
    expect(state.every((r) => r.protect)).toBe(true);

    declare(s, [program]);
    const quiet = counters(sbc);
    const preview = await s.run(["preview", "--expect-no-changes"], { timeoutMs: 300_000 });
    expect(resourceCounts(preview.output)).toEqual({ unchanged: entries.length + 1 });
    expect(since(sbc, quiet).mutating).toBe(0);
  }, 600_000);
});
