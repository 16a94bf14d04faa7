/**
 * Python programs through the native `sbc` plugin and the generated pulumi_oracle_sbc SDK under the real
 * CLI (issue 23, part 2). A virtualenv made here holds only the wheel `npm run build:python`
 * builds from the checkout and PyPI's `pulumi`; examples/python (the basic graph, its realm and
 * interfaces from a Python ComponentResource) then runs: a fresh preview that touches nothing, up,
 * the SBC holding exactly the program, `preview --diff` naming the attribute old → new, an
 * activate the SBC refuses leaving stack and SBC in agreement, refresh after a change by hand,
 * destroy back to the start; and as a fleet, two SBCs through two explicit providers.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle } from "../../emulator";
import { describeRealmByHand } from "../support/emulator";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
import { configuration, counters, elements, emulators, expectSettled, ids, since } from "./support/sbc";

const PROGRAM = path.join(ROOT, "examples", "python");
const emulator = emulators();
const PASSWORD = "Python-e2e-Pa55word-4c1";
const USERS = [{ name: "admin", password: PASSWORD, admin: true }];
const GRAPH = ["local-policy", "realm-config", "session-agent", "sip-interface", "steering-pool"];

function realm(sbc: EmulatorHandle, identifier: string) {
  return elements(sbc, "realm-config").find((r) => r.attributes.identifier === identifier);
}

/** What the program adds to a configuration: the element types of what `after` has and `before` has not. */
function added(before: string[], after: string[]): string[] {
  return after.filter((e) => !before.includes(e)).map((e) => e.split(" ")[0]).sort();
}

describeWithCli("Python programs through the pulumi_oracle_sbc SDK and the native sbc plugin under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  let scratch: string;
  let python: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-python-"));
    python = await pythonVenv(path.join(scratch, "venv"));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const stack = () => {
    const s = usePython(new CliStack(PROGRAM, "python"), python);
    stacks.push(s);
    return s;
  };

  test("examples/python: preview, up, the SBC holds the program, a diff old → new, a refused activate, refresh after a hand change, destroy back to the start", async () => {
    const sbc = await emulator({ users: USERS });
    const start = configuration(sbc);
    const s = stack();
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": PASSWORD });

    let before = counters(sbc);
    const preview = await s.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": 7 });
    expect(preview.output).toMatch(/\+\s+sbc-examples:index:Site\s+core\s+create/);
    expect(preview.output).toMatch(/\+\s+sbc:index:SipInterface\s+core-sip\s+create/);
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0 });

    await s.run(["up", "--yes"]);
    expect(added(start, configuration(sbc))).toEqual(GRAPH);
    expect(realm(sbc, "core")?.attributes).toMatchObject({ description: "Carrier-facing core realm", "addr-prefix": "0.0.0.0", "mm-in-realm": "enabled" });
    const [sip] = elements(sbc, "sip-interface");
    expect(sip.attributes["realm-id"]).toBe("core");
    expect(sip.subElements[0].attributes).toMatchObject({ address: "192.0.2.10", port: "5060", "transport-protocol": "UDP", "allow-anonymous": "agents-only" });
    expect(elements(sbc, "steering-pool")[0].attributes).toMatchObject({ "ip-address": "192.0.2.20", "start-port": "20000", "end-port": "29999", "realm-id": "core" });
    expect(elements(sbc, "local-policy")[0].subElements[0].attributes).toMatchObject({ "next-hop": "carrier.example.net", realm: "core", cost: "0" });
    expectSettled(sbc);
    await s.run(["preview", "--expect-no-changes"]);
    const { text, deployment } = await s.exportState();
    expect(text).not.toContain(PASSWORD);
    const site = deployment.resources!.find((r) => r.type === "sbc-examples:index:Site")!;
    const realmState = deployment.resources!.find((r) => r.type === "sbc:index:RealmConfig")!;
    expect(realmState.urn).toContain("sbc-examples:index:Site$sbc:index:RealmConfig::core");
    expect(realmState.id).toBe("realm-config/identifier=core");
    expect(site.outputs).toEqual({ realm: "core" });

    await s.setConfig({ realmDescription: "a" });
    await s.run(["up", "--yes"]);
    await s.setConfig({ realmDescription: "b" });
    const diff = await s.run(["preview", "--diff"]);
    expect(diff.output).toMatch(/~ sbc:index:RealmConfig: \(update\)[\s\S]*~ description: "a" => "b"/);
    expect(resourceCounts(diff.output)).toMatchObject({ "to update": 1 });

    sbc.sbc.faults.set([{ kind: "activate-fail", times: 1 }]);
    const failed = await s.run(["up", "--yes"], { expectFailure: true });
    expect(failed.output).toMatch(/realm-config \[identifier=core\].*activate failed/);
    expect(realm(sbc, "core")?.attributes.description).toBe("a");
    expectSettled(sbc);
    expect((await s.resources()).get("core")?.outputs?.description).toBe("a");
    await s.run(["up", "--yes"]);
    expect(realm(sbc, "core")?.attributes.description).toBe("b");
    expectSettled(sbc);

    await describeRealmByHand(sbc, PASSWORD, "core", "by hand");
    const refresh = await s.run(["refresh", "--yes"]);
    expect(resourceCounts(refresh.output)).toMatchObject({ updated: 1 });
    const drift = await s.run(["preview", "--diff"]);
    expect(drift.output).toMatch(/~ description: "by hand" => "b"/);
    await s.run(["up", "--yes"]);
    expect(realm(sbc, "core")?.attributes.description).toBe("b");

    before = counters(sbc);
    await s.run(["destroy", "--yes"]);
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);
    expect(since(sbc, before).locks).toBeGreaterThan(0);
  });

  test("examples/python as a fleet: a site per SBC through explicit providers, each SBC holds its own, password secret, destroy empties both", async () => {
    const [east, west] = [await emulator({ users: USERS }), await emulator({ users: USERS })];
    const [eastStart, westStart] = [configuration(east), configuration(west)];
    const s = stack();
    await s.init({ "sbc:username": "admin" }, { "sbc:password": PASSWORD });
    for (const [i, [name, sbc]] of ([["east", east], ["west", west]] as const).entries()) {
      await s.run(["config", "set", "--path", `sbcs[${i}].name`, name]);
      await s.run(["config", "set", "--path", `sbcs[${i}].host`, sbc.url]);
    }

    const up = await s.run(["up", "--yes"]);
    expect(resourceCounts(up.output)).toEqual({ created: 15 });
    expect(added(eastStart, configuration(east))).toEqual(GRAPH);
    expect(added(westStart, configuration(west))).toEqual(GRAPH);
    expect(realm(east, "core")?.attributes.description).toBe("Core realm of east");
    expect(realm(west, "core")?.attributes.description).toBe("Core realm of west");
    expect(ids(east, "session-agent", "hostname")).toEqual(["carrier.example.net"]);
    expectSettled(east);
    expectSettled(west);
    expect((await s.exportState()).text).not.toContain(PASSWORD);
    const outputs = JSON.parse((await s.run(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    expect(outputs).toEqual({ eastRealm: "core", westRealm: "core" });
    await s.run(["preview", "--expect-no-changes"]);

    await s.run(["destroy", "--yes"]);
    expect(configuration(east)).toEqual(eastStart);
    expect(configuration(west)).toEqual(westStart);
  });
});
