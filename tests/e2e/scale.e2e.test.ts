/**
 * Scale and coordination under the real CLI (cases l and m of the CLI issue): a 200-element
 * program at `--parallel 1000` commits once per dependency wave, and the fleet example with SDM
 * coordination locks each SBC only inside SDM's device lock on its own device.
 */
import * as path from "node:path";
import { startSdmEmulator } from "../../emulator";
import { deviceHolderAtEachLock } from "../support/sdm";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { counters, elements, emulators, expectSettled, since, SBC_LOGIN, SBC_SECRET } from "./support/sbc";

const emulator = emulators();

describeWithCli("scale and SDM coordination under the real pulumi CLI", () => {
  let s: CliStack;
  afterEach(async () => {
    await s.dispose();
  });

  test("l) 200 elements in three dependency waves at --parallel 1000: one lock and one activation per wave", async () => {
    const sbc = await emulator({ activateMs: 500 });
    s = new CliStack(path.join(ROOT, "bench", "program"));
    await s.init({ ...SBC_LOGIN, "bench:count": "200", "bench:hosts": JSON.stringify([sbc.url]) }, SBC_SECRET);
    const before = counters(sbc);
    const up = await s.run(["up", "--yes", "--skip-preview", "--parallel", "1000"]);
    expect(resourceCounts(up.output)).toEqual({ created: 201 });
    const done = since(sbc, before);
    // One lock and one activation per wave; a wave's stragglers may arrive after the session's idle
    // window on a loaded machine (a fresh-clone CI run on 2 cores saw a wave split in two), so one more is
    // tolerated here and the exact count is the benchmark's target (bench: "3 commits for 3
    // dependency waves"). Without group commit this would be 200 of each.
    expect(done.activations).toBeGreaterThanOrEqual(3);
    expect(done.activations).toBeLessThanOrEqual(4);
    expect(done.locks).toBe(done.activations);
    expect(elements(sbc, "local-policy")).toHaveLength(40);
    expectSettled(sbc);
    const again = counters(sbc);
    await s.run(["preview", "--expect-no-changes", "--parallel", "1000"]);
    expect(since(sbc, again).mutating).toBe(0);
  });

  test("m) the fleet example with SDM: each SBC is locked only while SDM holds its device, and SDM's locks are all released", async () => {
    const [one, two] = [await emulator(), await emulator()];
    const sdm = await startSdmEmulator({ devices: [{ name: "lab1", sbcUrl: one.url }, { name: "edge-2", sbcUrl: two.url }] });
    try {
      const seen = deviceHolderAtEachLock(sdm, [[one, "ID1"], [two, "ID2"]]);
      s = new CliStack(path.join(ROOT, "examples", "fleet"));
      const sites = [
        { name: "lab1", host: one.url },
        { name: "lab2", host: two.url, sdmDevice: "edge-2" },
      ];
      await s.init(
        { ...SBC_LOGIN, "sbc-fleet:sbcs": JSON.stringify(sites), "sbc:sdmUrl": sdm.url, "sbc:sdmUsername": "admin" },
        { ...SBC_SECRET, "sbc:sdmPassword": "admin" },
      );
      await s.run(["up", "--yes"]);
      expect(new Set(seen)).toEqual(new Set(["ID1: admin", "ID2: admin"]));
      expect(sdm.sdm.stats.locks).toBeGreaterThanOrEqual(2);
      expect(sdm.sdm.stats.unlocks).toBe(sdm.sdm.stats.locks);
      expect(sdm.sdm.snapshot().devices.map((d) => d.holder)).toEqual([null, null]);
      for (const sbc of [one, two]) expectSettled(sbc);
      await s.run(["destroy", "--yes"]);
      expect(sdm.sdm.snapshot().devices.map((d) => d.holder)).toEqual([null, null]);
    } finally {
      await sdm.close();
    }
  });
});
