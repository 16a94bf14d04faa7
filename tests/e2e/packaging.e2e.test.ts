/**
 * The package as users get it, under the real CLI: the `npm pack` tarball added to a project that
 * already has its own @pulumi/pulumi (the oldest release we support, and the newest this Node
 * runs; not the lock file's) keeps one SDK copy and runs its program; and `pulumi new
 * ./templates/sbc-typescript` (which installs the template's dependencies itself) → config →
 * preview → up works against the emulator.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import type { EmulatorHandle } from "../../emulator";
import { counters, emulators, expectSettled, ids, since, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const run = promisify(execFile);
const emulator = emulators();
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const TEMPLATE = path.join(ROOT, "templates", "sbc-typescript");
/**
 * Users' SDKs, neither of them the lock file's 3.248: the oldest the peer range accepts (its
 * dynamic providers are the first to get `configure`), and the newest 3.x Node 20 runs (3.249
 * and later need Node 22).
 */
const USER_SDKS = ["3.139.0", "3.247.0"];
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];

/** `npm ARGS` in DIR (async: the emulator the CLI talks to lives in this process). */
async function npm(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run("npm", args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A program of one realm, its SIP interface and its steering pool (the README's and the
 * template's): preview plans them without changing the SBC, up creates them, and then there is
 * nothing left to do. Returns the preview's output.
 */
async function previewsAndApplies(s: CliStack, sbc: EmulatorHandle): Promise<string> {
  const before = counters(sbc);
  const preview = await s.run(["preview"]);
  // Three elements and the stack itself.
  expect(resourceCounts(preview.output)).toEqual({ "to create": 4 });
  expect(since(sbc, before).mutating).toBe(0);
  expect(resourceCounts((await s.run(["up", "--yes", "--skip-preview"])).output)).toEqual({ created: 4 });
  expect(ids(sbc, "realm-config")).toEqual(["core"]);
  expect(ids(sbc, "steering-pool", "realm-id")).toEqual(["core"]);
  await s.run(["preview", "--expect-no-changes"]);
  expectSettled(sbc);
  // The installed package is serialized by reference: one short require, the same for every element.
  const providers = new Set([...(await s.resources()).values()].map((r) => String(r.outputs?.__provider)));
  expect(providers.size).toBe(1);
  const [provider] = providers;
  expect(provider).toContain('require("pulumi-oracle-sbc/serialized-provider")');
  expect(provider.length).toBeLessThanOrEqual(400);
  return preview.output;
}

describeWithCli("the packed package in users' projects, under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  let scratch: string;
  let tarball: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-pack-"));
    // npm run e2e has just built dist/: pack it as it is, without running prepare's build again.
    const [packed] = JSON.parse(await npm(ROOT, ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch])) as { filename: string }[];
    tarball = path.join(scratch, packed.filename);
  });
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test.each(USER_SDKS)("the tarball added to a project on @pulumi/pulumi %s: one SDK copy, and the project's program previews, applies and then has no changes", async (sdk) => {
    const project = fs.mkdtempSync(path.join(scratch, "project-"));
    writeJson(path.join(project, "package.json"), { name: "infra", private: true, main: "index.ts" });
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: infra\nruntime: nodejs\nmain: index.ts\n");
    fs.copyFileSync(path.join(ROOT, "tests", "fixtures", "programs", "readme", "index.ts"), path.join(project, "index.ts"));
    // The platform team's repository first, its SDK pinned and TypeScript beside it; then our package, as they would add it.
    await npm(project, ["install", ...NPM_FLAGS, "--save-exact", `@pulumi/pulumi@${sdk}`, `typescript@${pkg.devDependencies.typescript}`, `@types/node@${pkg.devDependencies["@types/node"]}`]);
    await npm(project, ["install", ...NPM_FLAGS, tarball]);

    // Exits non-zero on an unmet or invalid peer; --parseable lists each copy on disk once.
    const copies = (await npm(project, ["ls", "@pulumi/pulumi", "--all", "--parseable"])).trim().split("\n");
    expect(copies).toEqual([path.join(fs.realpathSync(project), "node_modules", "@pulumi", "pulumi")]);
    expect(JSON.parse(fs.readFileSync(path.join(copies[0], "package.json"), "utf8")).version).toBe(sdk);

    const sbc = await emulator();
    const s = new CliStack(project, "tarball");
    stacks.push(s);
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN }, SBC_SECRET);
    await previewsAndApplies(s, sbc);
  });

  test("pulumi new ./templates/sbc-typescript installs the project and answers its prompts (a value given, a default), then config --secret, preview and up work against the emulator", async () => {
    const template = JSON.parse(fs.readFileSync(path.join(TEMPLATE, "package.json"), "utf8"));
    // The template asks for the published package and the SDK range this package accepts.
    expect(template.dependencies).toEqual({ "@pulumi/pulumi": pkg.peerDependencies["@pulumi/pulumi"], [pkg.name]: `^${pkg.version}` });

    // Not published yet: the copy's dependency points at the tarball instead. The SDK range stays:
    // npm picks the newest 3.x whose engines this Node satisfies.
    const copy = path.join(scratch, "template");
    fs.cpSync(TEMPLATE, copy, { recursive: true });
    template.dependencies[pkg.name] = `file:${tarball}`;
    writeJson(path.join(copy, "package.json"), template);

    const sbc = await emulator();
    const project = fs.mkdtempSync(path.join(scratch, "new-"));
    const s = new CliStack(project, "new");
    stacks.push(s);
    // pulumi new runs the language host's dependency install in the new project; sbc:username takes the prompt's default.
    await s.run(["new", copy, "--yes", "--name", "sbc-lab", "--stack", s.name, "--config", `sbc:host=${sbc.url}`]);
    fs.renameSync(path.join(project, `Pulumi.${s.name}.yaml`), s.configFile);
    expect(JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")).name).toBe("sbc-lab");
    expect(fs.existsSync(path.join(project, "node_modules", pkg.name, "dist", "provider", "dynamic", "index.js"))).toBe(true);
    expect(fs.readFileSync(s.configFile, "utf8")).toMatch(/sbc:username: admin/);

    // -c values skip the prompt and its secret flag: the password goes in with --secret, as the README says.
    await s.setConfig({}, SBC_SECRET);
    const preview = await previewsAndApplies(s, sbc);
    expect(preview).toMatch(/\+\s+pulumi-nodejs:dynamic\/sbc:SipInterface\s+core-sip\s+create/);
    expect((await s.run(["stack", "output", "realmId"])).stdout.trim()).toBe("core");
  });
});
