/**
 * The `sbc` plugin as Pulumi users install it (issue 22, part 5), under the real CLI: the tarball
 * `npm run plugin:pack` builds goes into a fresh PULUMI_HOME with `pulumi plugin install resource
 * sbc <version> --file …`, and from there — no plugin on PATH, no `plugins:` path in Pulumi.yaml,
 * no node_modules anywhere near it — serves `pulumi package get-schema sbc` and a YAML program's
 * preview, up and destroy against the emulator.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pluginVersion } from "../../scripts/plugin-pack";
import { installPlugin, packForThisMachine, PLATFORM } from "./support/pluginInstall";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { configuration, counters, elements, emulators, expectSettled, since } from "./support/sbc";

const emulator = emulators();

/** The catalog's data files the plugin reads at start, relative to catalog/ (folders end in "/"): the tarball carries them, not its notes (*.md). */
function catalogData(): string[] {
  const root = path.join(ROOT, "catalog");
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => !e.name.endsWith(".md"))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)) + (e.isDirectory() ? "/" : ""));
}
const PASSWORD = "Tarball-e2e-Pa55word-2c9";

/** examples/yaml as a user writes it once the plugin is installed: the same program, without the `plugins:` path. */
function userProgram(dir: string): void {
  const example = fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
  const withoutPath = example.replace(/^plugins:\n(?:\s+.*\n)+/m, "");
  expect(withoutPath).not.toMatch(/plugins:|path:/);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), withoutPath);
}

describeWithCli("the plugin tarball installed with pulumi plugin install, under the real pulumi CLI", () => {
  let scratch: string;
  let tarball: string;
  let stack: CliStack;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-plugin-tarball-"));
    tarball = await packForThisMachine(scratch);
    fs.mkdirSync(path.join(scratch, "program"));
    userProgram(path.join(scratch, "program"));
    stack = new CliStack(path.join(scratch, "program"), "tarball");
  });
  afterAll(async () => {
    await stack?.run(["destroy", "--yes", "--skip-preview"], { env }).catch(() => undefined);
    await stack?.dispose();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("the tarball holds the launcher, one bundled script, the catalog it reads and the notices: nothing to npm install", () => {
    expect(path.basename(tarball)).toBe(`pulumi-resource-sbc-v${pluginVersion()}-${PLATFORM}.tar.gz`);
    const listing = spawnSync("tar", ["tzvf", tarball], { encoding: "utf8" }).stdout.trim().split("\n");
    const catalogFiles = catalogData().map((f) => `catalog/${f}`);
    expect(listing.map((line) => line.split(/\s+/).pop()).sort()).toEqual(["LICENSE", "THIRD-PARTY-NOTICES.txt", "catalog/", ...catalogFiles, "pulumi-resource-sbc", "pulumi-resource-sbc.js"].sort());
    expect(listing.find((line) => line.endsWith(" pulumi-resource-sbc"))).toMatch(/^-rwxr-xr-x/);
  });

  test("pulumi plugin install puts it in PULUMI_HOME; get-schema and a YAML program's preview, up and destroy run it from there", async () => {
    const version = pluginVersion();
    ({ env } = await installPlugin(stack, tarball));
    expect(spawnSync("sh", ["-c", "command -v pulumi-resource-sbc"], { env: { PATH: env.PATH } }).status).not.toBe(0);
    const installed = path.join(stack.baseEnv.PULUMI_HOME, "plugins", `resource-sbc-v${version}`);
    expect(fs.readdirSync(installed).sort()).toEqual(["LICENSE", "THIRD-PARTY-NOTICES.txt", "catalog", "pulumi-resource-sbc", "pulumi-resource-sbc.js"]);
    expect(fs.readdirSync(path.join(installed, "catalog"), { recursive: true }).map(String).sort()).toEqual(catalogData().map((f) => f.replace(/\/$/, "")).sort());
    expect((await stack.run(["plugin", "ls"], { env })).stdout).toMatch(new RegExp(`^sbc\\s+resource\\s+${version.replace(/\./g, "\\.")}\\s`, "m"));

    const schema = await stack.run(["package", "get-schema", "sbc"], { env });
    expect(JSON.parse(schema.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "native", "schema.json"), "utf8")));

    const sbc = await emulator({ users: [{ name: "admin", password: PASSWORD, admin: true }] });
    const start = configuration(sbc);
    // stack init and config set start no plugin: the stack's own environment will do.
    await stack.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": PASSWORD });

    let before = counters(sbc);
    const preview = await stack.run(["preview"], { env });
    expect(resourceCounts(preview.output)).toEqual({ "to create": 6 });
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0 });

    const up = await stack.run(["up", "--yes", "--skip-preview"], { env });
    expect(resourceCounts(up.output)).toEqual({ created: 6 });
    expect(elements(sbc, "realm-config").find((r) => r.attributes.identifier === "core")?.attributes.description).toBe("Carrier-facing core realm");
    expect(elements(sbc, "sip-interface")).toHaveLength(1);
    expectSettled(sbc);
    await stack.run(["preview", "--expect-no-changes"], { env });

    before = counters(sbc);
    await stack.run(["destroy", "--yes", "--skip-preview"], { env });
    expect(configuration(sbc)).toEqual(start);
    expect(since(sbc, before).locks).toBeGreaterThan(0);
    expectSettled(sbc);
  });
});
