/**
 * Upgrading the package under a stack written by 0.1.0, whose state holds every attribute the SBC
 * returned and a `__provider` of seven wrapper methods: both packages installed from tarballs into
 * a user's project, as users get them. After `npm install` of the new one the stack has nothing
 * to do (preview and refresh with --expect-no-changes), an update writes the new, smaller shape,
 * and destroy removes what the old version made.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliStack, describeWithCli, ROOT, StateResource } from "./support/pulumiCli";
import { counters, elements, emulators, expectSettled, ids, since, SBC_LOGIN, SBC_SECRET } from "./support/sbc";
import { install, pack, packCommit, userProject } from "./support/userProject";

/** The last commit whose package wrote 0.1.0's state. */
const BEFORE = "a7b052e121973e577419147eab2123a4192a3212";
const PROGRAM = path.join(ROOT, "tests", "fixtures", "programs", "basic");
const emulator = emulators();

async function resource(s: CliStack, name: string): Promise<StateResource> {
  const r = (await s.resources()).get(name);
  if (!r) throw new Error(`no ${name} in stack ${s.name}`);
  return r;
}

describeWithCli("a stack written by 0.1.0, upgraded to this package, under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  let scratch: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-upgrade-"));
  });
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("preview and refresh find nothing to do, an update writes the new shape, and destroy removes what 0.1.0 made", async () => {
    // Both tarballs are named pulumi-oracle-sbc-<version>.tgz: each in a directory of its own.
    const [oldDir, currentDir] = [path.join(scratch, "old"), path.join(scratch, "current")];
    fs.mkdirSync(oldDir);
    fs.mkdirSync(currentDir);
    const [old, current] = await Promise.all([packCommit(BEFORE, oldDir), pack(ROOT, currentDir)]);
    const project = await userProject(path.join(scratch, "project"), PROGRAM);
    await install(project, old);

    const [sbc, other] = [await emulator(), await emulator()];
    const stackOn = async (host: string) => {
      const s = new CliStack(project, "upgrade");
      stacks.push(s);
      await s.init({ "sbc:host": host, ...SBC_LOGIN }, SBC_SECRET);
      await s.run(["up", "--yes", "--skip-preview"]);
      return s;
    };
    const [s, destroyed] = [await stackOn(sbc.url), await stackOn(other.url)];
    const written = await resource(s, "core-realm");
    // 0.1.0's state: every attribute the SBC returned, the managed ones listed beside them, the methods' text.
    expect(String(written.inputs?.__provider)).toContain('require("pulumi-oracle-sbc/runtime").elementProvider.create(');
    expect(written.outputs?.managedAttributes).toEqual(expect.arrayContaining(["identifier", "addr-prefix", "description"]));
    expect(Object.keys(written.outputs?.attributes as object).length).toBeGreaterThan(20);

    await install(project, current);
    const upgraded = counters(sbc);
    await s.run(["preview", "--expect-no-changes"]);
    await s.run(["refresh", "--yes", "--expect-no-changes"]);
    await s.run(["preview", "--expect-no-changes"]);
    expect(since(sbc, upgraded).mutating).toBe(0);

    // An update writes the new shape: the attributes the program sets, nothing listed twice.
    await s.setConfig({ "test:description": "after the upgrade" });
    await s.run(["up", "--yes", "--skip-preview"]);
    expect(elements(sbc, "realm-config")[0].attributes.description).toBe("after the upgrade");
    const updated = await resource(s, "core-realm");
    expect(updated.outputs?.attributes).toEqual({ identifier: "core", "addr-prefix": "10.0.0.0/24", description: "after the upgrade" });
    expect(updated.outputs).not.toHaveProperty("managedAttributes");
    // The update stored this version's provider: a require of one module of the package.
    const provider = String(updated.outputs?.__provider);
    expect(provider).toContain('require("pulumi-oracle-sbc/serialized-provider")');
    expect(provider.length).toBeLessThanOrEqual(400);
    await s.run(["preview", "--expect-no-changes"]);
    expectSettled(sbc);

    // The other stack is destroyed straight from 0.1.0's state: its stored provider text runs this version's code.
    await destroyed.run(["destroy", "--yes", "--skip-preview"]);
    expect(ids(other, "realm-config")).toEqual([]);
    expect(ids(other, "sip-interface", "realm-id")).toEqual([]);
    expect((await destroyed.resources()).size).toBe(0);
    expectSettled(other);
  });
});
