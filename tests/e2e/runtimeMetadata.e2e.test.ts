/**
 * The SBC's own metadata decides what the catalog cannot, under the real CLI (issue 31, items 1-3):
 * YAML and Python programs manage parameters (a typed resource's extraAttributes), a sub-element
 * type (extraSubElements) and an element type (sbc:index:ConfigElement) that only the metadata of
 * an SBC of a newer release knows (`--metadata newer`); a program using a parameter an older
 * release lacks (`--metadata older`) previews without a request and is refused before the lock, in
 * one sentence naming the release. Prints the requests a preview and an up make for metadata.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle } from "../../emulator";
import { newerRelease, olderRelease } from "../../emulator/metadataSets";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
import { configuration, counters, elements, emulators, expectSettled, since } from "./support/sbc";

const emulator = emulators();
const PROGRAMS = path.join(ROOT, "tests", "fixtures", "programs");

function newerSbc(): Promise<EmulatorHandle> {
  const { catalog, release } = newerRelease();
  return emulator({ catalog, release });
}

const metadataRequests = (sbc: EmulatorHandle) => sbc.sbc.stats.metadataRequests;

describeWithCli("what only the SBC's own metadata knows, from YAML and Python under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  let scratch: string;
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** Preview, up, what the SBC holds, no changes, a changed extra attribute named by preview --diff, destroy. */
  async function lifecycle(s: CliStack, sbc: EmulatorHandle, language: string): Promise<void> {
    const start = configuration(sbc);
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": "admin" });
    let before = metadataRequests(sbc);
    const preview = await s.run(["preview"]);
    expect(resourceCounts(preview.output)).toEqual({ "to create": 4 });
    const previewAsked = metadataRequests(sbc) - before;
    before = metadataRequests(sbc);
    const up = await s.run(["up", "--yes", "--skip-preview"]);
    expect(resourceCounts(up.output)).toEqual({ created: 4 });
    const upAsked = metadataRequests(sbc) - before;
    // The release once, and the metadata of each of the three types whose names reach outside the catalog, per run;
    // the up also reads the SBC's list of types once, for the check for staged changes before its first change.
    expect([previewAsked, upAsked]).toEqual([4, 5]);
    console.log(`${language}: metadata requests for a preview ${previewAsked}, for an up ${upAsked} (system/information and elementTypes/metadata of translation-rules, session-translation, ikev2-ipsec-wancom0-params; the up's list of types)`);

    expect(elements(sbc, "translation-rules")[0].attributes).toMatchObject({ id: "to-e164", "input-header-type": "From", "output-header-type": "P-Asserted-Identity" });
    expect(elements(sbc, "session-translation")[0].subElements[0].attributes).toMatchObject({ "rule-id": "to-e164", mandatory: "enabled" });
    expect(elements(sbc, "ikev2-ipsec-wancom0-params")[0].attributes).toMatchObject({ name: "oam", remoteip: "198.51.100.9", remoteport: "4500" });
    expectSettled(sbc);
    const outputs = JSON.parse((await s.run(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
    expect(outputs).toEqual({ ruleExtras: { "input-header-type": "From", "output-header-type": "P-Asserted-Identity" }, tunnelKey: { name: "oam" } });
    await s.run(["preview", "--expect-no-changes"]);

    await s.setConfig({ headerType: "To" });
    const diff = await s.run(["preview", "--diff"]);
    expect(resourceCounts(diff.output)).toMatchObject({ "to update": 1 });
    expect(diff.output).toMatch(/~ sbc:index:TranslationRules: \(update\)[\s\S]*~ input-header-type\s*: "From" => "To"/);
    await s.run(["up", "--yes", "--skip-preview"]);
    expect(elements(sbc, "translation-rules")[0].attributes["input-header-type"]).toBe("To");

    await s.run(["destroy", "--yes", "--skip-preview"]);
    expect(configuration(sbc)).toEqual(start);
    expectSettled(sbc);
  }

  test("YAML: a type, a sub-element type and parameters only the newer SBC knows, through ConfigElement, extraSubElements and extraAttributes", async () => {
    const s = new CliStack(path.join(PROGRAMS, "newer-release-yaml"), "newer");
    stacks.push(s);
    await lifecycle(s, await newerSbc(), "YAML");
  });

  test("Python: the same through the generated SDK", async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-newer-python-"));
    const python = await pythonVenv(path.join(scratch, "venv"));
    const s = usePython(new CliStack(path.join(PROGRAMS, "newer-release-python"), "newer"), python);
    stacks.push(s);
    await lifecycle(s, await newerSbc(), "Python");
  }, 900_000);

  test("a parameter the older SBC's release lacks: the preview asks nothing, the up is refused before the lock in one sentence naming the release", async () => {
    const { catalog, release } = olderRelease();
    const sbc = await emulator({ catalog, release });
    const s = new CliStack(path.join(PROGRAMS, "older-release-yaml"), "older");
    stacks.push(s);
    await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": "admin" });
    let before = counters(sbc);
    await s.run(["preview"]);
    expect(since(sbc, before).requests).toBe(0);
    before = counters(sbc);
    const editing = configuration(sbc, "editing");
    const up = await s.run(["up", "--yes", "--skip-preview"], { expectFailure: true });
    expect(up.output).toContain(
      `media-policy [name=voice]: rtp-ttl is not a parameter of media-policy on ${sbc.url}, which runs S-Cz8.1.0 (an older release than the catalog, S-Cz8.4.0); the catalog has it from S-Cz8.2.0: leave it out for this SBC; nothing was changed on ${sbc.url}`,
    );
    expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0 });
    expect(configuration(sbc, "editing")).toEqual(editing);
    expectSettled(sbc);
  });
});
