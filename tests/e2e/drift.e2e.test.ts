/**
 * sbc-drift under the real CLI (issue 14): a stack that adopted an exported SBC is read through
 * `pulumi stack export` and its `sbc:host` config. Clean, sbc-drift exits 0; after an attribute
 * changed, an element deleted and one added on the SBC by hand, it reports exactly those three,
 * in the table and in --json, with who changed the element and what to do next, and exits 1;
 * doing what it advises for the changed and the deleted element (`pulumi up --refresh`) leaves
 * only the unmanaged one.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportSbc } from "../../tools/export/exportSbc";
import { writeProject } from "../../tools/export/project";
import { SbcClient } from "../../client/client";
import { NTP_AUTH_SECRET, seedRealisticSbc } from "../fixtures/exportSeed";
import { commitByHand } from "../support/emulator";
import { runBin } from "../support/bins";
import { CliStack, describeWithCli } from "./support/pulumiCli";
import { linkPackageModules } from "../support/exportedProject";
import { emulators, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const emulator = emulators();

describeWithCli("sbc-drift under the real pulumi CLI", () => {
  let stack: CliStack | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await stack?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("reads the stack through pulumi, reports no drift, then exactly an attribute changed, an element deleted and one added by hand", async () => {
    const sbc = await emulator();
    seedRealisticSbc(sbc);
    const client = new SbcClient({ host: sbc.url, username: "admin", password: "admin" });
    const exported = await exportSbc(client, { name: "sbc-drifting" });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-drift-e2e-"));
    writeProject(dir, exported.files);
    linkPackageModules(dir);
    stack = new CliStack(dir);
    const secrets = Object.fromEntries(exported.secrets.map((s) => [s.key, JSON.stringify(s.value)]));
    await stack.init({ "sbc:host": sbc.url, ...SBC_LOGIN }, { ...SBC_SECRET, ...secrets });
    await stack.run(["up", "--yes", "--skip-preview"]);

    const args = ["--stack", stack.name, "--cwd", dir, "--config-file", stack.configFile];
    const drift = (more: string[] = []) => runBin("sbc-drift", [...args, ...more], { SBC_USERNAME: "admin", SBC_PASSWORD: "admin" }, undefined, stack!.baseEnv);
    const clean = await drift();
    expect(clean.stderr).toBe("");
    if (clean.code !== 0) console.log(clean.stdout);
    expect(clean.stdout).toContain(`SBC ${sbc.url} (${stack.name}: `);
    expect(clean.stdout.trim().split("\n").pop()).toBe("no drift on 1 SBC");
    expect(clean.code).toBe(0);

    await commitByHand(client, async (c) => {
      await c.updateElement({ elementType: "realm-config", attributes: { identifier: "core", description: "changed on the ACLI" }, subElements: [] });
      await c.deleteElement("host-route", { "dest-network": "10.0.0.0" });
      await c.createElement({ elementType: "realm-config", attributes: { identifier: "edge" }, subElements: [] });
    });
    await client.close();

    const table = await drift();
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/attributes that differ \(stack → SBC\):\n +realm-config \[identifier=core\] +description +"Core network" → "changed on the ACLI" +changed by REST-admin@127\.0\.0\.1 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n/);
    expect(table.stdout).toContain(`next: to put the program's value back on the SBC, run \`pulumi up --refresh --stack ${stack.name}\``);
    expect(table.stdout).toMatch(/managed elements gone from the SBC:\n +host-route \[dest-network=10\.0\.0\.0\] +\(e2e-\w+: host_route_10_0_0_0\)\n/);
    expect(table.stdout).toContain(`next: to create it again, run \`pulumi up --refresh --stack ${stack.name}\``);
    expect(table.stdout).toMatch(/elements no stack manages:\n +realm-config +identifier=edge\n +next: to manage it, declare it in a program with `adopt: true`/);
    expect(table.stdout.trim().split("\n").pop()).toBe("drift on 1 of 1 SBC: 1 attribute differs, 1 element gone, 1 unmanaged element, 0 staged changes");

    const json = await drift(["--json"]);
    expect(json.code).toBe(1);
    const [one] = JSON.parse(json.stdout).sbcs;
    expect(one.differing.map((d: { element: string; attribute: string }) => `${d.element} ${d.attribute}`)).toEqual(["realm-config [identifier=core] description"]);
    expect(one.gone.map((g: { resource: string }) => g.resource)).toEqual(["host_route_10_0_0_0"]);
    expect(one.differing[0]).toMatchObject({ lastModifiedBy: "REST-admin@127.0.0.1", advice: expect.stringContaining("pulumi up --refresh") });
    expect(one.unmanaged).toEqual([{ elementType: "realm-config", keys: ["identifier=edge"], advice: expect.stringContaining("adopt: true") }]);
    expect(one.staged).toEqual([]);
    for (const out of [table.stdout, json.stdout]) expect(out).not.toContain(NTP_AUTH_SECRET);

    // The advice, followed: the program's description is back, the host-route is there again.
    await stack.run(["up", "--refresh", "--yes", "--skip-preview"]);
    const after = JSON.parse((await drift(["--json"])).stdout).sbcs[0];
    expect({ differing: after.differing, gone: after.gone, unmanaged: after.unmanaged.map((u: { keys: string[] }) => u.keys) }).toEqual({ differing: [], gone: [], unmanaged: [["identifier=edge"]] });
  }, 600_000);
});
