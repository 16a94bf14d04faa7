/**
 * The carrier examples — one program per language with the catalog's newer types: a codec policy
 * and a media policy on the core realm, translation rules grouped by session translations on the
 * carrier's session agent, a local routing table named by a local policy's next hop (lrt:) — under
 * the real CLI: examples/carrier (TypeScript, the dynamic provider's typed classes),
 * examples/yaml-carrier (YAML, the native plugin) and examples/python-carrier (Python, the
 * generated SDK). For each: a preview that touches nothing, up, the SBC holding every element with
 * the program's values and references, no changes after, one parameter changed and
 * `preview --diff` naming it and nothing else, up committing it once, destroy back to the start
 * with the lock released.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle } from "../../emulator";
import { CliStack, describeWithCli, resourceCounts, ROOT } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
import { configuration, counters, elements, emulators, expectSettled, since } from "./support/sbc";

const emulator = emulators();
const PASSWORD = "Carrier-e2e-Pa55word-9d2";
const USERS = [{ name: "admin", password: PASSWORD, admin: true }];

/** The element types the program adds, one line per element. */
const ADDED = [
  "codec-policy",
  "local-policy",
  "local-routing-config",
  "media-policy",
  "realm-config",
  "session-agent",
  "session-translation",
  "session-translation",
  "translation-rules",
  "translation-rules",
];

interface Language {
  name: string;
  example: string;
  /** What `preview --diff` prints for packetization-time going from 20 to 30. */
  changed: RegExp;
  /** The resource line of the changed codec policy in `preview --diff`. */
  updated: RegExp;
}

const LANGUAGES: Language[] = [
  {
    name: "TypeScript (dynamic provider)",
    example: "carrier",
    changed: /packetization-time\s*:\s*"20"\s*=>\s*"30"/,
    updated: /~ pulumi-nodejs:dynamic\/sbc:CodecPolicy: \(update\)\s+\[id=codec-policy\/name=core-codecs\]/,
  },
  { name: "YAML (native plugin)", example: "yaml-carrier", changed: /packetizationTime\s*:\s*20\s*=>\s*30/, updated: /~ sbc:index:CodecPolicy: \(update\)\s+\[id=codec-policy\/name=core-codecs\]/ },
  { name: "Python (generated SDK)", example: "python-carrier", changed: /packetizationTime\s*:\s*20\s*=>\s*30/, updated: /~ sbc:index:CodecPolicy: \(update\)\s+\[id=codec-policy\/name=core-codecs\]/ },
];

function one(sbc: EmulatorHandle, type: string, key: string, value: string) {
  const found = elements(sbc, type).filter((e) => e.attributes[key] === value);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Every element of the program, as the SBC holds it: values, sub-elements and the references between them. */
function expectCarrierConfiguration(sbc: EmulatorHandle, packetizationTime: string): void {
  expect(one(sbc, "codec-policy", "name", "core-codecs").attributes).toMatchObject({
    "allow-codecs": ["PCMU", "PCMA", "G729", "telephone-event"],
    "order-codecs": ["PCMU", "G729", "*"],
    "force-ptime": "enabled",
    "packetization-time": packetizationTime,
  });
  const media = one(sbc, "media-policy", "name", "voice-ef");
  expect(media.subElements.map((s) => [s.elementType, s.attributes["media-type"], s.attributes["tos-value"]])).toEqual([["tos-settings", "audio", "0xB8"]]);
  expect(one(sbc, "realm-config", "identifier", "core").attributes).toMatchObject({ "codec-policy": "core-codecs", "media-policy": "voice-ef", "addr-prefix": "0.0.0.0" });
  expect(one(sbc, "translation-rules", "id", "add-plus").attributes).toMatchObject({ type: "add", "add-string": "+", "add-index": "0" });
  expect(one(sbc, "translation-rules", "id", "strip-plus").attributes).toMatchObject({ type: "delete", "delete-string": "+", "delete-index": "0" });
  expect(one(sbc, "session-translation", "id", "to-carrier").attributes).toMatchObject({ "rules-calling": ["add-plus"], "rules-called": ["add-plus"] });
  expect(one(sbc, "session-translation", "id", "from-carrier").attributes).toMatchObject({ "rules-calling": ["strip-plus"], "rules-called": ["strip-plus"] });
  expect(one(sbc, "session-agent", "hostname", "carrier.example.net").attributes).toMatchObject({
    "realm-id": "core",
    "in-translationid": "from-carrier",
    "out-translationid": "to-carrier",
  });
  expect(one(sbc, "local-routing-config", "name", "carrier-routes").attributes).toMatchObject({ "file-name": "carrier-routes.xml.gz", "match-mode": "best" });
  const [policy] = elements(sbc, "local-policy");
  expect(policy.subElements.map((s) => s.attributes)).toEqual([expect.objectContaining({ "next-hop": "lrt:carrier-routes", realm: "core" })]);
}

describeWithCli("the carrier examples in TypeScript, YAML and Python under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-carrier-"));
  let python: string | undefined;

  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test.each(LANGUAGES)(
    "$name: preview touches nothing, up, the SBC holds every element, one parameter changed is the only diff, destroy back to the start",
    async (language) => {
      const sbc = await emulator({ users: USERS });
      const start = configuration(sbc);
      let s = new CliStack(path.join(ROOT, "examples", language.example), "carrier");
      if (language.example === "python-carrier") {
        python ??= await pythonVenv(path.join(scratch, "venv"), path.join(ROOT, "examples", "python-carrier", "requirements.txt"));
        s = usePython(s, python);
      }
      stacks.push(s);
      await s.init({ "sbc:host": sbc.url, "sbc:username": "admin" }, { "sbc:password": PASSWORD });

      let before = counters(sbc);
      const preview = await s.run(["preview"]);
      expect(resourceCounts(preview.output)).toEqual({ "to create": 11 });
      expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0 });

      const up = await s.run(["up", "--yes"]);
      expect(resourceCounts(up.output)).toEqual({ created: 11 });
      const added = configuration(sbc).filter((e) => !start.includes(e)).map((e) => e.split(" ")[0]).sort();
      expect(added).toEqual(ADDED);
      expectCarrierConfiguration(sbc, "20");
      expectSettled(sbc);
      await s.run(["preview", "--expect-no-changes"]);

      await s.setConfig({ packetizationTime: "30" });
      const diff = await s.run(["preview", "--diff"]);
      expect(resourceCounts(diff.output)).toEqual({ "to update": 1, unchanged: 10 });
      expect(diff.output).toMatch(language.updated);
      expect(diff.output).toMatch(language.changed);
      // The one change shown old => new is the parameter changed.
      expect(diff.output.split("\n").filter((line) => line.includes("=>"))).toEqual([expect.stringMatching(language.changed)]);

      before = counters(sbc);
      await s.run(["up", "--yes", "--skip-preview"]);
      expect(since(sbc, before)).toMatchObject({ locks: 1, activations: 1 });
      expectCarrierConfiguration(sbc, "30");
      expectSettled(sbc);

      const destroy = await s.run(["destroy", "--yes"]);
      expect(resourceCounts(destroy.output)).toEqual({ deleted: 11 });
      expect(configuration(sbc)).toEqual(start);
      expectSettled(sbc);
    },
  );
});
