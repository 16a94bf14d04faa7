/**
 * sbc-export under the real CLI (issue 14, item 1): the project exported from a realistically
 * seeded SBC previews as adoptions only, touching nothing; `up` takes every element over and
 * leaves the running configuration as it was, element for element; then nothing is left to change.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportSbc } from "../../provider/export/exportSbc";
import { writeProject } from "../../provider/export/project";
import { SbcClient } from "../../sdk/client";
import { BOOKKEEPING_ATTRIBUTES } from "../../sdk/catalog/schema";
import { ConfigElement } from "../../sdk/types";
import { SEED, seedRealisticSbc } from "../fixtures/exportSeed";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { counters, emulators, expectSettled, since, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const emulator = emulators();

/** The running configuration without what the SBC stamps on every write (who, when). */
function running(sbc: Awaited<ReturnType<typeof emulator>>): string[] {
  const strip = (e: ConfigElement): unknown => ({
    ...e,
    attributes: Object.fromEntries(Object.entries(e.attributes).filter(([k]) => !BOOKKEEPING_ATTRIBUTES.includes(k))),
    subElements: e.subElements.map(strip),
  });
  return [...sbc.sbc.store.stores.running].flatMap(([type, list]) => list.map((e) => `${type} ${JSON.stringify(strip(e))}`)).sort();
}

describeWithCli("sbc-export under the real pulumi CLI", () => {
  let stack: CliStack | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await stack?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the exported project previews only adoptions, up leaves the running configuration unchanged, then no changes", async () => {
    const sbc = await emulator();
    seedRealisticSbc(sbc);
    const start = running(sbc);

    const client = new SbcClient({ host: sbc.url, username: "admin", password: "admin" });
    const exported = await exportSbc(client, { name: "sbc-exported" }).finally(() => client.close());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-e2e-"));
    writeProject(dir, exported.files);
    // npm install's node_modules, stood in for by this package's (which links the package itself).
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");

    stack = new CliStack(dir);
    const secrets = Object.fromEntries(exported.secrets.map((s) => [s.key, Array.isArray(s.value) ? JSON.stringify(s.value) : s.value]));
    await stack.init({ "sbc:host": sbc.url, ...SBC_LOGIN }, { ...SBC_SECRET, ...secrets });

    // The seed, the system-config every SBC has, and the stack itself.
    const resources = SEED.length + 2;
    let before = counters(sbc);
    const preview = await stack.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": resources });
    expect(since(sbc, before).mutating).toBe(0);

    await stack.run(["up", "--yes", "--skip-preview"]);
    expect(running(sbc)).toEqual(start);
    expectSettled(sbc);

    before = counters(sbc);
    const same = await stack.run(["preview", "--expect-no-changes"]);
    expect(resourceCounts(same.output)).toEqual({ unchanged: resources });
    expect(since(sbc, before).mutating).toBe(0);
  }, 600_000);
});
