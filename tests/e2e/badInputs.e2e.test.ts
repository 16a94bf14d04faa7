/**
 * Bad input behaves the same through both front ends and every language (issue 22 part 7, issue 30
 * part 8, issue 31 part 7), under the real CLI: one table of cases — wrong password, unreachable
 * host, unknown attribute, a value out of range, a missing referenced element, a password in plain
 * text, TLS without a CA, two owners of one element, SDM refusing the device lock; against the
 * whole catalog a value outside its valid values, an integer outside its range, an unknown
 * parameter of a known type, a second single-instance element, a missing key with no default; and
 * what the SBC's own metadata decides: a type the SBC does not have, a parameter of another
 * release, an extra attribute its metadata refuses, metadata that cannot be read — each run as a
 * TypeScript program (the dynamic provider), a YAML program and a Python program (the native plugin,
 * the latter through pulumi_oracle_sbc). Every run fails with the same sentence, naming the problem
 * in the same words, and leaves the SBC as it was: nothing changed, locked or staged. What check
 * can refuse fails `pulumi preview` and sends nothing that changes the SBC; what only an up can
 * find is refused, where the case says so, before the SBC's lock is taken.
 *
 * A reference by plain name to an element that exists nowhere is the one case of issue 30's list
 * refused by up rather than preview: Pulumi checks resources one at a time as the program registers
 * them, so at preview a later resource may still declare the name (docs/commits.md, "References by
 * plain name"); the up waits for it, then fails with nothing of that change staged.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, EmulatorOptions, SdmEmulatorHandle, startSdmEmulator } from "../../emulator";
import { builtinCatalog } from "../../client/catalog/catalog";
import { camelCase, typeNameOf } from "../../provider/core/elements/argNames";
import { attributeProperties } from "../../provider/native/tokens";
import { olderRelease } from "../../emulator/metadataSets";
import { closedPort } from "../support/ports";
import { CliStack, describeWithCli, ROOT } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
import { configuration, counters, emulators, expectSettled, since } from "./support/sbc";

const emulator = emulators();
const PASSWORD = "Bad-inputs-Pa55word-e41";

/** One element of a case's program, in the SBC's own names (kebab-case attributes, values as text). */
interface Element {
  name: string;
  elementType: string;
  attributes: Record<string, string>;
  /** Declared as the generic ConfigElement in every language (a type the catalog lacks). */
  generic?: boolean;
  /** A typed resource's extraAttributes; the dynamic provider's ConfigElement takes them among its attributes. */
  extraAttributes?: Record<string, string>;
}

/** The stack config of a case: plain values, secrets, and values forced in clear past the CLI's own secret check. */
interface StackConfig {
  plain: Record<string, string>;
  secret: Record<string, string>;
  plaintext?: Record<string, string>;
}

interface Case {
  name: string;
  elements: Element[];
  emulator?: EmulatorOptions;
  /** The stack config; by default the emulator's address, its admin and the right password as a secret. */
  config?: (sbc: EmulatorHandle) => Promise<StackConfig> | StackConfig;
  /** What the error must say on both front ends: the problem and what to do, in the same words. */
  phrases: (sbc: EmulatorHandle, config: StackConfig) => (string | RegExp)[];
  /** Why a native front end's sentence differs from the dynamic provider's, where the difference is not ours to remove (the language host's own check). */
  differs?: { yaml?: string; python?: string };
  /** What else must be as it was after the failed run, besides the SBC. */
  unchanged?: () => Promise<void>;
  /** `preview`: check refuses it, so `pulumi preview` fails and nothing that changes the SBC is sent. By default `up` fails. */
  refusedBy?: "preview" | "up";
  /** Refused by up before the SBC's lock is taken: no lock and no change during the run. */
  beforeLock?: boolean;
}

const PLUGIN_PLACES = "the plugin cannot tell stack config from an explicit provider's inputs, so it names both places to correct the password";
const PLUGIN_REMEDIES = "the plugin cannot tell stack config from an explicit provider's inputs, so it names both remedies where the dynamic path says `stack config`";
const YAML_HOST_CHECKS = "the YAML host checks property names, enum values and required properties against the schema before the plugin sees them, and says so in its own words";
const PYTHON_ARGUMENTS = "Python refuses an argument the SDK's class does not have before the plugin sees it, and says so in its own words";

const login = (sbc: EmulatorHandle, password = PASSWORD): StackConfig => ({ plain: { "sbc:host": sbc.url, "sbc:username": "admin" }, secret: { "sbc:password": password } });
const realm = (identifier = "core", more: Record<string, string> = {}): Element => ({ name: "core", elementType: "realm-config", attributes: { identifier, ...more } });

const SDM_PASSWORD = "Bad-inputs-Sdm-Pa55word-3b";
/** One SDM for the case, whose device another SDM user holds: the same SDM url in every front end's sentence. */
let sdmHeldByAnother: Promise<SdmEmulatorHandle> | undefined;
function sdmHeld(): Promise<SdmEmulatorHandle> {
  sdmHeldByAnother ??= startSdmEmulator({ users: [{ name: "provisioner", password: SDM_PASSWORD }], devices: [{ name: "lab-sbc", address: "192.0.2.1" }] }).then((sdm) => {
    sdm.sdm.lockAs("ID1", "ops-bob");
    return sdm;
  });
  return sdmHeldByAnother;
}

const CASES: Case[] = [
  {
    name: "wrong password",
    elements: [realm()],
    config: (sbc) => login(sbc, "Not-the-Pa55word-0"),
    phrases: (sbc) => [sbc.url, /not authori[sz]ed|401/i, 'login to', 'as user "admin" failed', "sbc:password"],
    differs: { yaml: PLUGIN_PLACES, python: PLUGIN_PLACES },
  },
  {
    name: "unreachable host",
    elements: [realm()],
    config: async () => ({ plain: { "sbc:host": `127.0.0.1:${await closedPort()}`, "sbc:username": "admin" }, secret: { "sbc:password": PASSWORD } }),
    phrases: (_sbc, config) => [`https://${config.plain["sbc:host"]}`, "refused", "is the host and port right and the REST API enabled?"],
  },
  {
    name: "unknown attribute",
    elements: [realm("core", { bogus: "x" })],
    phrases: () => ["bogus", "RealmConfig"],
    differs: { yaml: YAML_HOST_CHECKS, python: PYTHON_ARGUMENTS },
  },
  {
    name: "a value out of range",
    elements: [{ name: "carrier", elementType: "session-agent", attributes: { hostname: "carrier.example.net", port: "70000" } }],
    phrases: () => ["port", "70000", "65535"],
  },
  {
    name: "a missing referenced element",
    elements: [{ name: "core-sip", elementType: "steering-pool", attributes: { "ip-address": "192.0.2.20", "start-port": "20000", "end-port": "29999", "realm-id": "nowhere" } }],
    phrases: () => ['realm-id references realm-config "nowhere", which does not exist', "verify failed; the staged changes were discarded"],
  },
  {
    name: "a password in plain text",
    elements: [realm()],
    config: (sbc) => ({ plain: login(sbc).plain, secret: {}, plaintext: { "sbc:password": PASSWORD } }),
    phrases: () => ["sbc:password is set in plain text, and the CLI would store it in the stack's state in clear", "pulumi config set --secret sbc:password <password>"],
    differs: { yaml: PLUGIN_REMEDIES, python: PLUGIN_REMEDIES },
  },
  {
    name: "TLS without a CA",
    elements: [realm()],
    emulator: { tls: true },
    phrases: (sbc) => [new URL(sbc.url).host, "caCert"],
  },
  {
    name: "two owners of one element",
    elements: [realm(), { ...realm(), name: "core-again" }],
    phrases: (sbc) => [`realm-config [identifier=core] on ${sbc.url} is declared by two resources`],
  },
  {
    name: "SDM refusing the device lock",
    elements: [realm()],
    config: async (sbc) => {
      const sdm = await sdmHeld();
      const sdmLogin = { "sbc:sdmUrl": sdm.url, "sbc:sdmUsername": "provisioner", "sbc:sdmDeviceName": "lab-sbc", "sbc:lockTimeoutSeconds": "2" };
      return { plain: { ...login(sbc).plain, ...sdmLogin }, secret: { ...login(sbc).secret, "sbc:sdmPassword": SDM_PASSWORD } };
    },
    phrases: (sbc, config) => [
      `realm-config [identifier=core]: sdm-lock failed on ${sbc.url}: SDM's device lock on device "lab-sbc" at ${config.plain["sbc:sdmUrl"]} stayed taken by another user or session for 2 s`,
      '(the server said: "locked by ops-bob")',
      "only that user can unlock it; ask them to finish (or an SDM administrator to release the lock), or raise lockTimeoutSeconds",
    ],
    unchanged: async () => {
      const sdm = await sdmHeld();
      expect(sdm.sdm.holder("ID1")).toBe("ops-bob");
      expect(sdm.sdm.stats.locks).toBe(0);
    },
  },
  // Against the whole catalog: each refused at preview, naming the type, the parameter and what is allowed.
  {
    name: "a value outside its valid values (snmp-community)",
    elements: [{ name: "noc", elementType: "snmp-community", attributes: { "community-name": "noc", "access-mode": "read-write" } }],
    refusedBy: "preview",
    phrases: () => [/snmp-?community|SnmpCommunity/i, /access-?mode/i, "READ-ONLY", "READ-WRITE"],
    differs: { yaml: YAML_HOST_CHECKS },
  },
  {
    name: "an integer outside its range (codec-policy)",
    elements: [{ name: "core-codecs", elementType: "codec-policy", attributes: { name: "core-codecs", "packetization-time": "200" } }],
    refusedBy: "preview",
    phrases: () => ["codec-policy: packetization-time must be at most 90, got 200"],
  },
  {
    name: "an unknown parameter of a known type (translation-rules)",
    elements: [{ name: "add-plus", elementType: "translation-rules", attributes: { id: "add-plus", type: "add", "add-strng": "+" } }],
    refusedBy: "preview",
    phrases: () => [/add[-_]?strng/i, /translation-?rules|TranslationRules/i],
    differs: { yaml: YAML_HOST_CHECKS, python: PYTHON_ARGUMENTS },
  },
  {
    name: "a second instance of a single-instance type (class-profile)",
    elements: [
      { name: "classes", elementType: "class-profile", attributes: {} },
      { name: "more-classes", elementType: "class-profile", attributes: {} },
    ],
    refusedBy: "preview",
    phrases: (sbc) => [`class-profile on ${sbc.url} is declared by two resources`, "class-profile is single-instance (an SBC has exactly one): declare it in one resource and remove the other"],
  },
  {
    name: "a missing key that has no default (local-routing-config)",
    elements: [{ name: "carrier-routes", elementType: "local-routing-config", attributes: { "file-name": "carrier-routes.xml.gz" } }],
    refusedBy: "preview",
    phrases: () => [/local-?routing-?config|LocalRoutingConfig/i, /\bname\b/, /missing/i],
    differs: { yaml: YAML_HOST_CHECKS, python: PYTHON_ARGUMENTS },
  },
  // What the SBC's own metadata decides.
  {
    name: "a type the SBC does not have",
    elements: [{ name: "tunnel", elementType: "ikev2-ipsec-wancom0-params", attributes: { name: "oam", remoteip: "198.51.100.9" }, generic: true }],
    refusedBy: "preview",
    phrases: (sbc) => [`"ikev2-ipsec-wancom0-params" is an element type neither of the catalog nor of ${sbc.url}`],
  },
  {
    name: "a parameter of another release",
    elements: [{ name: "voice", elementType: "media-policy", attributes: { name: "voice", "rtp-ttl": "64" } }],
    emulator: olderRelease(),
    beforeLock: true,
    phrases: (sbc) => [
      `media-policy [name=voice]: rtp-ttl is not a parameter of media-policy on ${sbc.url}, which runs S-Cz8.1.0 (an older release than the catalog, S-Cz8.4.0); the catalog has it from S-Cz8.2.0: leave it out for this SBC; nothing was changed on ${sbc.url}`,
    ],
  },
  {
    name: "an extra attribute the SBC's metadata refuses",
    elements: [{ name: "to-e164", elementType: "translation-rules", attributes: { id: "to-e164", type: "add", "add-string": "+" }, extraAttributes: { "input-header-type": "From" } }],
    refusedBy: "preview",
    phrases: (sbc) => [`translation-rules: input-header-type is not an attribute of translation-rules on ${sbc.url}`],
  },
  {
    name: "metadata that cannot be read",
    elements: [{ name: "to-e164", elementType: "translation-rules", attributes: { id: "to-e164", type: "add", "add-string": "+" }, extraAttributes: { "input-header-type": "From" } }],
    emulator: { faults: [{ kind: "status", status: 500, match: { path: "elementTypes/metadata" } }] },
    // A request failing with 500 is tried again for twice requestTimeoutSeconds: 10 s here rather than a minute.
    config: (sbc) => ({ plain: { ...login(sbc).plain, "sbc:requestTimeoutSeconds": "5" }, secret: login(sbc).secret }),
    beforeLock: true,
    phrases: (sbc) => ["input-header-type", sbc.url, "metadata"],
  },
];

/** A front end: how it writes a case's program into a folder. */
interface FrontEnd {
  name: string;
  id: "typescript" | "yaml" | "python";
  write(dir: string, elements: Element[]): void;
  /** What a stack of its programs needs before it runs. */
  prepare?(stack: CliStack, scratch: string): Promise<void>;
}

const typescript: FrontEnd = {
  name: "TypeScript (dynamic provider)",
  id: "typescript",
  write(dir, elements) {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: sbc-bad-input\nruntime: nodejs\nmain: index.ts\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "sbc-bad-input", private: true, main: "index.ts" }));
    const body = elements.map((e) => `new ConfigElement(${JSON.stringify(e.name)}, ${JSON.stringify({ elementType: e.elementType, attributes: { ...e.attributes, ...e.extraAttributes } })});`);
    fs.writeFileSync(path.join(dir, "index.ts"), ['import { ConfigElement } from "pulumi-oracle-sbc";', ...body, ""].join("\n"));
    // npm install's node_modules, stood in for by this package's own (which links the package itself).
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  },
};

/** An attribute's value in YAML or Python: a number where the catalog says integer and the text is one. */
function yamlValue(elementType: string, attribute: string, value: string): string | number {
  const spec = builtinCatalog.get(elementType)?.attributes.find((a) => a.name === attribute);
  return spec?.valueType === "integer" && /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * An element's inputs as the native plugin's schema names them: a typed resource's properties (an
 * attribute the catalog lacks by its camelCase, as a mistaken program would write it) and its
 * extraAttributes, or the generic ConfigElement's elementType and attributes.
 */
function nativeInputs(e: Element): { type: string; properties: Record<string, unknown> } {
  if (e.generic) return { type: "sbc:index:ConfigElement", properties: { elementType: e.elementType, attributes: e.attributes } };
  const spec = builtinCatalog.get(e.elementType)!;
  const propOf = (attribute: string) => attributeProperties(spec).find((p) => p.attr.name === attribute)?.prop ?? camelCase(attribute);
  const properties: Record<string, unknown> = Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [propOf(k), yamlValue(e.elementType, k, v)]));
  if (e.extraAttributes) properties.extraAttributes = e.extraAttributes;
  return { type: `sbc:${typeNameOf(e.elementType)}`, properties };
}

const yaml: FrontEnd = {
  name: "YAML (native plugin)",
  id: "yaml",
  write(dir, elements) {
    const resources = Object.fromEntries(elements.map((e) => [e.name, nativeInputs(e)]));
    // JSON is YAML: the program as the YAML host reads it, without a YAML writer.
    const program = { name: "sbc-bad-input", runtime: "yaml", plugins: { providers: [{ name: "sbc", path: path.join(ROOT, "bin") }] }, resources };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), JSON.stringify(program, null, 2));
  },
};

/** The virtualenv with the pulumi-oracle-sbc wheel, made once for the cases that run as Python. */
let venv: Promise<string> | undefined;

const python: FrontEnd = {
  name: "Python (native plugin)",
  id: "python",
  write(dir, elements) {
    const program = { name: "sbc-bad-input", runtime: "python", plugins: { providers: [{ name: "sbc", path: path.join(ROOT, "bin") }] } };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), JSON.stringify(program, null, 2));
    // A JSON value is a Python literal; an argument's name is the property's in snake_case, as the SDK spells it.
    const snake = (prop: string) => prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const body = elements.map((e) => {
      const { type, properties } = nativeInputs(e);
      const args = Object.entries(properties).map(([prop, value]) => `${snake(prop)}=${JSON.stringify(value)}`);
      return `sbc.${type.split(":").pop()}(${[JSON.stringify(e.name), ...args].join(", ")})`;
    });
    fs.writeFileSync(path.join(dir, "__main__.py"), ["import pulumi_oracle_sbc as sbc", "", ...body, ""].join("\n"));
  },
  async prepare(stack, scratch) {
    venv ??= pythonVenv(path.join(scratch, "venv"));
    usePython(stack, await venv);
  },
};

const FRONT_ENDS = [typescript, yaml, python];

/** The error lines of a failed run: what the CLI printed under its last diagnostics (up prints its preview's first). */
function errorText(output: string): string {
  const diagnostics = output.split(/^Diagnostics:$/m).pop()!;
  return diagnostics.split(/^(Resources|Outputs):$/m)[0].trim();
}

/**
 * The one sentence a run failed with, as either front end would say it: without the engine's
 * prefix for a check failure (`<type> resource '<name>': property <path> … has a problem:`, whose
 * type token and property path are each front end's own), the run's port, and timings.
 */
function sentenceOf(errors: string, port: string): string {
  const lines = errors
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((l) => l.trim());
  // A program's own exception comes on the line after the CLI's "Running program … failed" line.
  const line = lines.find((l) => /^(error|Error): /.test(l) && l !== "error: update failed" && !l.startsWith("error: Running program")) ?? "";
  return line
    .replace(/^(error|Error): /, "")
    .replace(/^.* has a problem: /, "")
    .split(port)
    .join("<port>")
    .replace(/\d+\.\d+ s\b/g, "<seconds> s");
}

describeWithCli("bad input through both front ends and every language under the real pulumi CLI", () => {
  const stacks: CliStack[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "sbc-bad-inputs-"));
  /** "case/front end" → the sentence its run failed with. */
  const sentences = new Map<string, string>();
  afterAll(async () => {
    await Promise.all(stacks.map((s) => s.dispose()));
    if (sdmHeldByAnother) await (await sdmHeldByAnother).close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  describe.each(CASES)("$name", (c) => {
    test.each(FRONT_ENDS)(`$name: ${c.refusedBy === "preview" ? "preview" : "up"} fails naming the problem, and the SBC is as it was`, async (frontEnd) => {
      const sbc = await emulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], ...c.emulator });
      const start = configuration(sbc);
      const editing = configuration(sbc, "editing");
      const dir = fs.mkdtempSync(path.join(work, "program-"));
      frontEnd.write(dir, c.elements);
      const s = new CliStack(dir, "bad");
      stacks.push(s);
      await frontEnd.prepare?.(s, work);
      const config = await (c.config ?? login)(sbc);
      await s.init(config.plain, config.secret);
      for (const [key, value] of Object.entries(config.plaintext ?? {})) await s.run(["config", "set", "--plaintext", key, value]);

      const before = counters(sbc);
      const { output } = await s.run(c.refusedBy === "preview" ? ["preview"] : ["up", "--yes"], { expectFailure: true });
      const errors = errorText(output);
      for (const phrase of c.phrases(sbc, config)) {
        if (typeof phrase === "string") expect(errors).toContain(phrase);
        else expect(errors).toMatch(phrase);
      }
      for (const password of [...Object.values(config.secret), ...Object.values(config.plaintext ?? {})]) expect(output).not.toContain(password);
      expect(configuration(sbc)).toEqual(start);
      expect(configuration(sbc, "editing")).toEqual(editing);
      expectSettled(sbc);
      if (c.refusedBy === "preview" || c.beforeLock) expect(since(sbc, before)).toMatchObject({ mutating: 0, locks: 0 });
      await c.unchanged?.();
      const port = /:(\d+)\/?$/.exec(config.plain["sbc:host"])![1];
      sentences.set(`${c.name}/${frontEnd.name}`, sentenceOf(errors, port));
    });

    test("every front end fails with the same sentence", () => {
      const [dynamic, ...natives] = FRONT_ENDS.map((fe) => ({ id: fe.id, sentence: sentences.get(`${c.name}/${fe.name}`) }));
      expect(dynamic.sentence).toBeTruthy();
      for (const native of natives) {
        expect(native.sentence).toBeTruthy();
        if (c.differs?.[native.id as "yaml" | "python"]) expect(native.sentence).not.toBe(dynamic.sentence);
        else expect(native.sentence).toBe(dynamic.sentence);
      }
    });
  });
});
