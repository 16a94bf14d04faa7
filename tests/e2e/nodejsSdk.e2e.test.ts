/**
 * TypeScript programs through the native `sbc` plugin and the generated @pulumi-oracle-sbc/sdk SDK under the
 * real CLI: a project of its own with only the tarball `npm run build:nodejs` packs from the
 * checkout and @pulumi/pulumi at the lock file's version, a realm and its SIP interface — a fresh
 * preview that touches nothing, up, the SBC holding the program, no changes after, destroy back to
 * the start.
 *
 * And `pulumi import` of a realm made by hand (issue 22, item 4). The Node host the tests build
 * (pulumi-language-nodejs from sdk v3.68.0, scripts/pulumi-cli.sh says why) has no
 * GenerateProgram: the import lands in the state, then the CLI fails with "method GenerateProgram
 * not implemented" and writes an empty --out file. A current Pulumi release's Node host answers it
 * with Pulumi's own steps (the CLI's importer makes PCL of the state, the host binds it and runs
 * the Node program generator); `scripts/language-sdks.sh import-code nodejs` runs those same steps
 * on the stack's export, and the code it prints, added to the program, previews with no changes
 * and no write to the SBC.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { EmulatorHandle } from "../../emulator";
import { clientFor, commitByHand, element } from "../support/emulator";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { configuration, counters, elements, emulators, expectSettled, since } from "./support/sbc";
import { install, userProject } from "./support/userProject";

const run = promisify(execFile);
const emulator = emulators();
const PASSWORD = "Nodejs-e2e-Pa55word-8d2";
const USERS = [{ name: "admin", password: PASSWORD, admin: true }];
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

const PROGRAM = `import * as sbc from "@pulumi-oracle-sbc/sdk";

const core = new sbc.RealmConfig("core", {
    identifier: "core",
    description: "Carrier-facing core realm",
    addrPrefix: "0.0.0.0",
    mmInRealm: "enabled",
});

new sbc.SipInterface("core-sip", {
    realmId: core.identifier,
    description: "SIP towards the carrier",
    sipPorts: [{ address: "192.0.2.10", port: 5060, transportProtocol: "UDP", allowAnonymous: "agents-only" }],
});
`;

function realm(sbc: EmulatorHandle, identifier: string) {
  return elements(sbc, "realm-config").find((r) => r.attributes.identifier === identifier);
}

describeWithCli("TypeScript programs through the @pulumi-oracle-sbc/sdk SDK and the native sbc plugin under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  let scratch: string;
  let project: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-nodejs-"));
    const { stdout } = await run("bash", [path.join(ROOT, "scripts", "language-sdks.sh"), "build", "nodejs"], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const program = path.join(scratch, "program");
    fs.mkdirSync(program);
    fs.writeFileSync(path.join(program, "Pulumi.yaml"), `name: sbc-nodejs\nruntime: nodejs\nplugins:\n  providers:\n    - name: sbc\n      path: ${path.join(ROOT, "bin")}\n`);
    fs.writeFileSync(path.join(program, "index.ts"), PROGRAM);
    project = await userProject(path.join(scratch, "project"), program);
    await install(project, stdout.trim());
  }, 600_000);

  afterAll(async () => {
    // The imported realm is protected: dispose's destroy refuses, and the emulator goes with the file.
    await Promise.all(stacks.map((s) => s.dispose()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  async function stack(sbc: EmulatorHandle): Promise<CliStack> {
    const s = new CliStack(project, "nodejs");
    stacks.push(s);
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": PASSWORD });
    return s;
  }

  test("a realm and its SIP interface: preview touches nothing, up, the SBC holds them, no changes after, destroy back to the start", async () => {
    const sbc = await emulator({ users: USERS });
    const start = configuration(sbc);
    const s = await stack(sbc);

    const before = counters(sbc);
    const preview = await s.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": 3 });
    expect(preview.output).toMatch(/\+\s+sbc:index:SipInterface\s+core-sip\s+create/);
    expect(since(sbc, before)).toMatchObject({ requests: 0, mutating: 0, locks: 0 });

    await s.run(["up", "--yes"]);
    expect(realm(sbc, "core")?.attributes).toMatchObject({ description: "Carrier-facing core realm", "addr-prefix": "0.0.0.0", "mm-in-realm": "enabled" });
    const [sip] = elements(sbc, "sip-interface");
    expect(sip.attributes["realm-id"]).toBe("core");
    expect(sip.subElements[0].attributes).toMatchObject({ address: "192.0.2.10", port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" });
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);

    const { text, deployment } = await s.exportState();
    expect(text).not.toContain(PASSWORD);
    expect(deployment.resources!.find((r) => r.type === "sbc:index:RealmConfig")?.id).toBe("realm-config/identifier=core");
    // The SDK asks for the plugin of its own version (package.json's "pulumi" block, respectSchemaVersion).
    expect(deployment.resources!.filter((r) => r.type === "pulumi:providers:sbc").map((r) => r.urn.split("::").pop())).toEqual([`default_${VERSION.replace(/\./g, "_")}`]);

    await s.run(["destroy", "--yes"]);
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);
  });

  test("pulumi import of a realm made by hand: the old Node host cannot print TypeScript; Pulumi's generator prints code that previews with no changes", async () => {
    const sbc = await emulator({ users: USERS });
    const s = await stack(sbc);
    await s.run(["up", "--yes"]);
    const client = clientFor(sbc, { password: PASSWORD });
    try {
      await commitByHand(client, (c) => c.createElement(element("realm-config", { identifier: "edge", description: "Edge, made by hand" })));
    } finally {
      await client.close();
    }
    const byHand = configuration(sbc);

    const out = path.join(project, "imported.ts");
    const imported = await s.run(["import", "sbc:index:RealmConfig", "edge", "realm-config/identifier=edge", "--yes", "--out", out], { expectFailure: true });
    expect(imported.output).toMatch(/= 1 imported/);
    expect(imported.output).toMatch(/^error: method GenerateProgram not implemented$/m);
    expect(fs.readFileSync(out, "utf8")).toBe("");
    const edge = (await s.resources()).get("edge");
    expect(edge).toMatchObject({ type: "sbc:index:RealmConfig", id: "realm-config/identifier=edge", protect: true });
    expect(configuration(sbc)).toEqual(byHand);

    const state = path.join(scratch, "state.json");
    fs.writeFileSync(state, (await s.exportState()).text);
    const { stdout: code } = await run("bash", [path.join(ROOT, "scripts", "language-sdks.sh"), "import-code", "nodejs", state, "edge"], { cwd: ROOT });
    // The package the plugin's schema names (its nodejs language block), not @pulumi/sbc.
    expect(code).toMatch(/^import \* as sbc from "@pulumi-oracle-sbc\/sdk";$/m);
    expect(code).toMatch(/^const edge = new sbc\.RealmConfig\("edge", \{[\s\S]*identifier: "edge",[\s\S]*\}, \{\n\s+protect: true,\n\}\);$/m);

    // Pasted into the program as a user would: the import lines the program already has left out.
    const program = path.join(project, "index.ts");
    const has = new Set(fs.readFileSync(program, "utf8").split("\n"));
    fs.appendFileSync(program, `\n${code.split("\n").filter((line) => !(line.startsWith("import ") && has.has(line))).join("\n")}`);
    const before = counters(sbc);
    const preview = await s.run(["preview", "--expect-no-changes"]);
    expect(resourceCounts(preview.output)).toEqual({ unchanged: 4 });
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0 });
    expect(configuration(sbc)).toEqual(byHand);
  });
});
