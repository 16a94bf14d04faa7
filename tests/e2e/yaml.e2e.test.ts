/**
 * YAML programs through the native `sbc` plugin under the real CLI (issue 22, part 3):
 * examples/yaml — a fresh-stack preview that touches nothing, up, the SBC holding exactly the
 * program, `preview --diff` naming the changed property old → new, a key change shown as a
 * replacement with the property that causes it, refresh after a change by hand, destroy back to
 * the start — and examples/yaml-two-sbcs, two SBCs through two explicit providers;
 * `pulumi package get-schema` on the plugin printing the committed schema; and Ctrl-C during an
 * activation, where the plugin's Cancel lets the lock session finish.
 */
import { execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { EmulatorHandle } from "../../emulator";
import { describeRealmByHand } from "../support/emulator";
import { cli, CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { configuration, counters, elements, emulators, expectSettled, ids, since } from "./support/sbc";

const example = (name: string) => path.join(ROOT, "examples", name);
const emulator = emulators();
const PASSWORD = "Yaml-e2e-Pa55word-7f3";
const USERS = [{ name: "admin", password: PASSWORD, admin: true }];

function realm(sbc: EmulatorHandle, identifier: string) {
  return elements(sbc, "realm-config").find((r) => r.attributes.identifier === identifier);
}

/** Resolves once the SBC is activating a configuration. */
async function activationStarted(sbc: EmulatorHandle, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(sbc.sbc.operations.status()?.operation === "activate" && sbc.sbc.operations.status()?.status === "inProgress")) {
    if (Date.now() > deadline) throw new Error("no activation started");
    await sleep(25);
  }
}

/** What the program adds to a configuration: the elements `after` has that `before` has not. */
function added(before: string[], after: string[]): string[] {
  return after.filter((e) => !before.includes(e)).map((e) => e.split(" ")[0]);
}

describeWithCli("YAML programs through the native sbc plugin under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  const stack = (dir: string) => {
    const s = new CliStack(dir, "yaml");
    stacks.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
  });
  beforeAll(() => {
    // Without it every YAML run fails on a missing language plugin; say which binary and where it comes from.
    const dirs = ["dir" in cli ? cli.dir : "", ...(process.env.PATH ?? "").split(path.delimiter)].filter(Boolean);
    if (!dirs.some((d) => fs.existsSync(path.join(d, "pulumi-language-yaml")))) {
      throw new Error("pulumi-language-yaml is neither beside pulumi nor on PATH: scripts/pulumi-cli.sh builds it (pulumi-yaml v1.38.0)");
    }
  });

  test("pulumi package get-schema on bin/pulumi-resource-sbc prints the schema committed in provider/native/schema.json", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-schema-"));
    try {
      const env = { ...process.env, PATH: `${"dir" in cli ? cli.dir : ""}${path.delimiter}${process.env.PATH}`, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" };
      const { stdout } = await promisify(execFile)("pulumi", ["package", "get-schema", path.join(ROOT, "bin", "pulumi-resource-sbc")], { env, maxBuffer: 16 * 1024 * 1024 });
      expect(JSON.parse(stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "native", "schema.json"), "utf8")));
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  test("examples/yaml: preview, up, the SBC holds the program, property diffs, a key replacement, refresh after a hand change, destroy back to the start", async () => {
    const sbc = await emulator({ users: USERS });
    const start = configuration(sbc);
    const s = stack(example("yaml"));
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": PASSWORD });

    let before = counters(sbc);
    const preview = await s.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": 6 });
    expect(preview.output).toMatch(/\+\s+sbc:index:SipInterface\s+core-sip\s+create/);
    // Check and preview never reach the SBC: not even a login.
    expect(since(sbc, before)).toMatchObject({ requests: 0, mutating: 0, locks: 0 });

    await s.run(["up", "--yes"]);
    expect(added(start, configuration(sbc)).sort()).toEqual(["local-policy", "realm-config", "session-agent", "sip-interface", "steering-pool"]);
    expect(realm(sbc, "core")?.attributes).toMatchObject({ description: "Carrier-facing core realm", "addr-prefix": "0.0.0.0", "mm-in-realm": "enabled" });
    const [sip] = elements(sbc, "sip-interface");
    expect(sip.subElements[0].attributes).toMatchObject({ address: "192.0.2.10", port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" });
    expect(elements(sbc, "local-policy")[0].subElements[0].attributes).toMatchObject({ "next-hop": "carrier.example.net", realm: "core", cost: "0" });
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);
    const { text, deployment } = await s.exportState();
    expect(text).not.toContain(PASSWORD);
    const realmState = deployment.resources!.find((r) => r.type === "sbc:index:RealmConfig")!;
    expect(realmState.id).toBe("realm-config/identifier=core");
    expect(realmState.outputs).toMatchObject({ identifier: "core", description: "Carrier-facing core realm" });

    await s.setConfig({ realmDescription: "a" });
    await s.run(["up", "--yes"]);
    await s.setConfig({ realmDescription: "b" });
    const diff = await s.run(["preview", "--diff"]);
    expect(diff.output).toMatch(/~ sbc:index:RealmConfig: \(update\)[\s\S]*~ description: "a" => "b"/);
    expect(resourceCounts(diff.output)).toMatchObject({ "to update": 1 });

    await s.setConfig({ realmDescription: "a", realm: "core2" });
    const keyChange = await s.run(["preview"]);
    expect(keyChange.output).toMatch(/\+-\s+sbc:index:RealmConfig\s+core\s+replace\s+\[diff: ~identifier\]/);
    expect(keyChange.output).toMatch(/\+-\s+sbc:index:SipInterface\s+core-sip\s+replace\s+\[diff: ~realmId\]/);
    const keyDiff = await s.run(["preview", "--diff"]);
    expect(keyDiff.output).toMatch(/\+-sbc:index:RealmConfig: \(replace\)[\s\S]*~ identifier: "core" => "core2"/);
    await s.run(["up", "--yes"]);
    expect(ids(sbc, "realm-config").filter((id) => id.startsWith("core"))).toEqual(["core2"]);
    expect(ids(sbc, "sip-interface", "realm-id")).toEqual(["core2"]);
    expectSettled(sbc);

    await describeRealmByHand(sbc, PASSWORD, "core2", "by hand");
    const refresh = await s.run(["refresh", "--yes"]);
    expect(resourceCounts(refresh.output)).toMatchObject({ updated: 1 });
    const drift = await s.run(["preview", "--diff"]);
    expect(drift.output).toMatch(/~ description: "by hand" => "a"/);
    await s.run(["up", "--yes"]);
    expect(realm(sbc, "core2")?.attributes.description).toBe("a");

    before = counters(sbc);
    await s.run(["destroy", "--yes"]);
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);
    expect(since(sbc, before).locks).toBeGreaterThan(0);
  });

  test("examples/yaml-two-sbcs: two explicit providers, each SBC holds its own elements, passwords secret, destroy empties both", async () => {
    const [east, west] = [await emulator({ users: USERS }), await emulator({ users: USERS })];
    const [eastStart, westStart] = [configuration(east), configuration(west)];
    const s = stack(example("yaml-two-sbcs"));
    await s.init({ eastHost: east.url, westHost: west.url }, { eastPassword: PASSWORD, westPassword: PASSWORD });

    const up = await s.run(["up", "--yes"]);
    expect(resourceCounts(up.output)).toEqual({ created: 7 });
    expect(realm(east, "core")?.attributes.description).toBe("East core realm");
    expect(realm(west, "core")?.attributes.description).toBe("West core realm");
    expect(ids(east, "session-agent", "hostname")).toEqual(["west.example.net"]);
    expect(ids(west, "session-agent", "hostname")).toEqual(["east.example.net"]);
    expectSettled(east);
    expectSettled(west);
    expect((await s.exportState()).text).not.toContain(PASSWORD);
    await s.run(["preview", "--expect-no-changes"]);

    await s.run(["destroy", "--yes"]);
    expect(configuration(east)).toEqual(eastStart);
    expect(configuration(west)).toEqual(westStart);
  });

  test("examples/yaml: SIGINT during an activation lets the commit finish and records it; the next up has nothing left to do", async () => {
    const sbc = await emulator({ users: USERS, activateMs: 3000 });
    const s = stack(example("yaml"));
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": PASSWORD });
    await s.run(["up", "--yes", "--skip-preview"]);
    await s.setConfig({ realmDescription: "changed under ^C" });
    const interrupted = await s.run(["up", "--yes", "--skip-preview"], {
      expectFailure: true,
      onSpawn: (child) => void activationStarted(sbc).then(() => child.kill("SIGINT")),
    });
    expect(interrupted.output).toMatch(/cancel/i);
    expect(realm(sbc, "core")?.attributes.description).toBe("changed under ^C");
    expectSettled(sbc);
    await s.run(["up", "--yes"]);
    await s.run(["preview", "--expect-no-changes"]);
    expectSettled(sbc);
  });
});
