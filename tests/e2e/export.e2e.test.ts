/**
 * sbc-export under the real CLI (issues 14 and 24): `npx sbc-export` run as users run it, against
 * the brownfield emulator (307 elements that reference each other, a secret among them), then the
 * `pulumi config set` lines it printed, run as printed. The preview shows only adoptions and
 * touches nothing; `up` takes every element over without writing anything — no request that
 * changes the SBC, no lock, no activation, every element's `last-modified-*` as it was; then
 * nothing is left to change, and the first refresh finds nothing either. The exported resources
 * are protected: `pulumi destroy` refuses, touching nothing; once unprotected, it runs to the end
 * (the released sip-config no longer names the realms it deletes after it) and the SBC is settled.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BROWNFIELD_NTP_SECRET } from "../../emulator/seeds/brownfield";
import { CliStack, describeWithCli, resourceCounts } from "./support/pulumiCli";
import { builtinCatalog } from "../../client/catalog/catalog";
import { configuration, counters, elements, emulators, expectSettled, since, snapshot, SBC_SECRET } from "./support/sbc";
import { linkPackageModules } from "../support/exportedProject";
import { printedConfig, sbcExport } from "./support/sbcExport";

const emulator = emulators();

describeWithCli("sbc-export under the real pulumi CLI", () => {
  let stack: CliStack | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await stack?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the export of a brownfield SBC previews only adoptions, up writes nothing, then no changes and a quiet refresh; destroy refuses while protected, then runs to the end", async () => {
    const sbc = await emulator({ seed: "brownfield" });
    const start = configuration(sbc);
    const elementCount = start.length;
    expect(elementCount).toBeGreaterThan(250);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-export-e2e-"));
    const exported = await sbcExport(["--out", dir, "--name", "sbc-brownfield"], { SBC_HOST: sbc.url, SBC_USERNAME: "admin", SBC_PASSWORD: "admin" });
    expect(exported).toMatchObject({ code: 0, stderr: "" });
    expect(exported.stdout).toContain(`${elementCount} elements from ${sbc.url}`);
    for (const file of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, file), "utf8")).not.toContain(BROWNFIELD_NTP_SECRET);
    linkPackageModules(dir);

    // The config lines as printed; the password line prompts, so it is given here.
    const printed = printedConfig(exported.stdout);
    expect(printed.plain).toEqual({ "sbc:host": sbc.url, "sbc:username": "admin" });
    expect(Object.values(printed.secret)).toContain(BROWNFIELD_NTP_SECRET);
    stack = new CliStack(dir);
    await stack.init(printed.plain, { ...SBC_SECRET, ...printed.secret });

    // Every element, and the stack itself.
    const resources = elementCount + 1;
    let before = counters(sbc);
    const preview = await stack.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": resources });
    expect(since(sbc, before).mutating).toBe(0);

    // The take-over writes nothing: every element as it was, who last changed it and when included.
    const stamped = snapshot(sbc);
    before = counters(sbc);
    await stack.run(["up", "--yes", "--skip-preview"], { timeoutMs: 480_000 });
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0, activations: 0 });
    expect(snapshot(sbc)).toEqual(stamped);
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);
    const state = await stack.exportState();
    expect(state.text).not.toContain(BROWNFIELD_NTP_SECRET);
    expect(state.deployment.resources!.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && r.protect)).toHaveLength(elementCount);

    before = counters(sbc);
    const same = await stack.run(["preview", "--expect-no-changes"]);
    expect(resourceCounts(same.output)).toEqual({ unchanged: resources });
    const refreshed = await stack.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    expect(refreshed.output).not.toContain("[diff:");
    expect(since(sbc, before).mutating).toBe(0);

    // Protected: destroy fails on the first deletes, before any reaches the SBC.
    before = counters(sbc);
    const refused = await stack.run(["destroy", "--yes", "--skip-preview"], { expectFailure: true, timeoutMs: 480_000 });
    expect(refused.output).toMatch(/cannot be deleted\s+because it is protected/);
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0, activations: 0 });
    expect(snapshot(sbc)).toEqual(stamped);
    expectSettled(sbc);

    // Unprotected: destroy deletes every element; the single-instance ones stay, with what the program set back at its defaults.
    await stack.run(["state", "unprotect", "--all", "--yes"]);
    await stack.run(["destroy", "--yes", "--skip-preview"], { timeoutMs: 480_000 });
    const singletons = builtinCatalog.types().filter((t) => t.singleton).map((t) => t.name);
    expect(snapshot(sbc).filter((e) => !singletons.includes(e.split(" ")[0]))).toEqual([]);
    expect(elements(sbc, "sip-config")[0].attributes).toMatchObject({ "home-realm-id": "", "egress-realm-id": "" });
    expectSettled(sbc);
    expect([...(await stack.resources()).keys()]).toEqual([]);
  }, 900_000);
});
