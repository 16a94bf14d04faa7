/**
 * Every example and the README's program under the real CLI (cases a, b, e, j of the CLI issue):
 * a fresh-stack preview that plans and touches nothing, `up` with its preview, the SBC holding
 * exactly the program's elements, a no-change preview, a one-attribute change shown old → new and
 * applied in one commit, two stacks on one SBC at once, and destroy back to the starting point.
 */
import * as path from "node:path";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { counters, elements, emulators, expectSettled, ids, since, snapshot, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const example = (name: string) => path.join(ROOT, "examples", name);
const emulator = emulators();

describeWithCli("examples under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  const stack = (dir: string, name?: string) => {
    const s = new CliStack(dir, name);
    stacks.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
  });

  test("basic: preview plans without touching the SBC, up applies it, the SBC holds exactly the program, a change shows old → new and commits once, destroy restores the start", async () => {
    const sbc = await emulator();
    const start = snapshot(sbc);
    const s = stack(example("basic"));
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN }, SBC_SECRET);

    let before = counters(sbc);
    const preview = await s.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": 7 });
    expect(preview.output).toMatch(/\+\s+pulumi-nodejs:dynamic\/sbc:SipInterface\s+core-sip\s+create/);
    expect(since(sbc, before).mutating).toBe(0);
    expect(since(sbc, before).locks).toBe(0);

    const up = await s.run(["up", "--yes"]);
    expect(up.output).toMatch(/Previewing update/);
    expect(resourceCounts(up.output)).toEqual({ created: 7 });
    expect(ids(sbc, "realm-config")).toEqual(["core"]);
    expect(elements(sbc, "sip-interface")[0].attributes["realm-id"]).toBe("core");
    expect(ids(sbc, "session-agent", "hostname")).toEqual(["carrier.example.net"]);
    expect(elements(sbc, "steering-pool")[0].attributes).toMatchObject({ "ip-address": "192.0.2.20", "start-port": "20000", "realm-id": "core" });
    expect(elements(sbc, "local-policy")[0].subElements[0].attributes).toMatchObject({ "next-hop": "carrier.example.net", realm: "core" });
    expect(elements(sbc, "ntp-config")[0].attributes.server).toEqual(["192.0.2.123", "192.0.2.124"]);
    const added = snapshot(sbc).filter((e) => !start.includes(e));
    expect(added.map((e) => e.split(" ")[0]).sort()).toEqual(["local-policy", "ntp-config", "realm-config", "session-agent", "sip-interface", "steering-pool"]);
    expectSettled(sbc);

    before = counters(sbc);
    const same = await s.run(["preview", "--expect-no-changes"]);
    expect(resourceCounts(same.output)).toEqual({ unchanged: 7 });
    expect(since(sbc, before).mutating).toBe(0);

    await s.setConfig({ "sbc-basic:peerAddress": "198.51.100.6" });
    const diff = await s.run(["preview", "--diff"]);
    expect(diff.output).toMatch(/~ pulumi-nodejs:dynamic\/sbc:SessionAgent: \(update\)\s+\[id=session-agent\/hostname=carrier.example.net\]/);
    expect(diff.output).toMatch(/ip-address\s*:\s*"198\.51\.100\.5"\s*=>\s*"198\.51\.100\.6"/);
    expect(resourceCounts(diff.output)).toEqual({ "to update": 1, unchanged: 6 });
    before = counters(sbc);
    await s.run(["up", "--yes", "--skip-preview"]);
    expect(since(sbc, before).activations).toBe(1);
    expect(since(sbc, before).locks).toBe(1);
    expect(elements(sbc, "session-agent")[0].attributes["ip-address"]).toBe("198.51.100.6");
    expectSettled(sbc);

    const destroy = await s.run(["destroy", "--yes"]);
    expect(resourceCounts(destroy.output)).toEqual({ deleted: 7 });
    // ntp-config is single-instance: every SBC has one, so destroy leaves it (README, "Single-instance elements").
    expect(snapshot(sbc).filter((e) => !e.startsWith("ntp-config "))).toEqual(start.filter((e) => !e.startsWith("ntp-config ")));
    expectSettled(sbc);
  });

  test("compose: a fresh-stack preview passes unknown outputs to the SBC's elements; up wires the real ones; no changes after", async () => {
    const sbc = await emulator();
    const s = stack(example("compose"));
    await s.init({ "sbc:host": sbc.url, ...SBC_LOGIN, "sbc-compose:accessCidr": "198.51.100.64/26" }, SBC_SECRET);
    const preview = await s.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": 6 });
    expect(preview.output).toMatch(/signalingAddress\s*:\s*\[unknown\]/);
    await s.run(["up", "--yes"]);
    const [sip] = elements(sbc, "sip-interface");
    expect(sip.subElements.map((p) => `${p.attributes.address}/${p.attributes["transport-protocol"]}`)).toEqual(["198.51.100.66/UDP", "198.51.100.66/TCP"]);
    expect(elements(sbc, "host-route")[0].attributes).toMatchObject({ "dest-network": "198.51.100.64", gateway: "198.51.100.65" });
    await s.run(["preview", "--expect-no-changes"]);
    // A new lease updates in place and keeps its outputs, so the SBC follows the new addresses.
    await s.setConfig({ "sbc-compose:accessCidr": "198.51.100.128/26" });
    await s.run(["up", "--yes"]);
    expect(elements(sbc, "steering-pool")[0].attributes["ip-address"]).toBe("198.51.100.131");
    expect(elements(sbc, "host-route")[0].attributes).toMatchObject({ "dest-network": "198.51.100.128", gateway: "198.51.100.129" });
    await s.run(["preview", "--expect-no-changes"]);
    expectSettled(sbc);
  });

  test("fleet: one program, two SBCs, each with its baseline and overrides", async () => {
    const [one, two] = [await emulator(), await emulator()];
    const s = stack(example("fleet"));
    const sites = [
      { name: "lab1", host: one.url },
      { name: "lab2", host: two.url, ntpServers: ["198.51.100.123"], maxSessions: 200 },
    ];
    await s.init({ ...SBC_LOGIN, "sbc-fleet:sbcs": JSON.stringify(sites) }, SBC_SECRET);
    await s.run(["preview"]);
    await s.run(["up", "--yes"]);
    expect(elements(one, "ntp-config")[0].attributes.server).toEqual(["192.0.2.123", "192.0.2.124"]);
    expect(elements(two, "ntp-config")[0].attributes.server).toEqual(["198.51.100.123"]);
    expect(elements(two, "session-agent")[0].attributes["max-sessions"]).toBe("200");
    for (const sbc of [one, two]) {
      expect(ids(sbc, "realm-config")).toEqual(["core"]);
      expectSettled(sbc);
    }
    await s.run(["preview", "--expect-no-changes"]);
  });

  test("the README's program and a second stack of another program, both on one SBC at the same time: each finishes with its own elements, then no changes, then both destroyed", async () => {
    const readme = path.join(ROOT, "tests", "fixtures", "programs", "readme");
    const shared = await emulator({ activateMs: 300 });
    const a = stack(readme, "a");
    const b = stack(path.join(ROOT, "tests", "fixtures", "programs", "basic"), "b");
    await a.init({ "sbc:host": shared.url, ...SBC_LOGIN }, SBC_SECRET);
    await b.init({ "sbc:host": shared.url, ...SBC_LOGIN, "test:realm": "peer", "test:withNtp": "false" }, SBC_SECRET);
    await a.run(["preview"]);
    // Both stacks change the one SBC at the same time: each waits out the other's lock.
    await Promise.all([a.run(["up", "--yes"]), b.run(["up", "--yes"])]);
    expect(ids(shared, "realm-config")).toEqual(["core", "peer"]);
    expect((await a.resources()).size).toBeGreaterThan(0);
    await Promise.all([a.run(["preview", "--expect-no-changes"]), b.run(["preview", "--expect-no-changes"])]);
    expectSettled(shared);
    await Promise.all([a.run(["destroy", "--yes"]), b.run(["destroy", "--yes"])]);
    expect(ids(shared, "realm-config")).toEqual([]);
    expectSettled(shared);
  });
});
