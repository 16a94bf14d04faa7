/**
 * Bad input behaves the same through both front ends (issue 22, part 7), under the real CLI: one
 * table of cases — wrong password, unreachable host, unknown attribute, a value out of range, a
 * missing referenced element, a password in plain text, TLS without a CA, two owners of one
 * element, SDM refusing the device lock — each run as a TypeScript program (the dynamic provider)
 * and as a YAML program (the native plugin), and where a case says so as a Python program (the
 * native plugin through pulumi_oracle_sbc). Every run fails with the same sentence, naming the problem in
 * the same words, and leaves the SBC as it was: nothing changed, locked or staged.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorHandle, EmulatorOptions, SdmEmulatorHandle, startSdmEmulator } from "../../emulator";
import { builtinCatalog } from "../../client/catalog/catalog";
import { camelCase, typeNameOf } from "../../provider/core/elements/argNames";
import { closedPort } from "../support/ports";
import { CliStack, describeWithCli, ROOT } from "./support/pulumiCli";
import { pythonVenv, usePython } from "./support/pythonVenv";
import { configuration, emulators, expectSettled } from "./support/sbc";

const emulator = emulators();
const PASSWORD = "Bad-inputs-Pa55word-e41";

/** One element of a case's program, in the SBC's own names (kebab-case attributes, values as text). */
interface Element {
  name: string;
  elementType: string;
  attributes: Record<string, string>;
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
  /** Why the front ends' sentences differ, where the difference is not ours to remove. */
  differs?: string;
  /** Run as a Python program too. */
  python?: boolean;
  /** What else must be as it was after the failed run, besides the SBC. */
  unchanged?: () => Promise<void>;
}

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
    differs: "the plugin cannot tell stack config from an explicit provider's inputs, so it names both places to correct the password",
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
    differs: "the YAML host checks property names against the schema before the plugin sees them, and says so in its own words",
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
    differs: "the plugin cannot tell stack config from an explicit provider's inputs, so it names both remedies where the dynamic path says `stack config`",
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
    python: true,
    unchanged: async () => {
      const sdm = await sdmHeld();
      expect(sdm.sdm.holder("ID1")).toBe("ops-bob");
      expect(sdm.sdm.stats.locks).toBe(0);
    },
  },
];

/** A front end: how it writes a case's program into a folder. */
interface FrontEnd {
  name: string;
  write(dir: string, elements: Element[]): void;
  /** What a stack of its programs needs before it runs. */
  prepare?(stack: CliStack, scratch: string): Promise<void>;
}

const typescript: FrontEnd = {
  name: "TypeScript (dynamic provider)",
  write(dir, elements) {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: sbc-bad-input\nruntime: nodejs\nmain: index.ts\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "sbc-bad-input", private: true, main: "index.ts" }));
    const body = elements.map((e) => `new ConfigElement(${JSON.stringify(e.name)}, ${JSON.stringify({ elementType: e.elementType, attributes: e.attributes })});`);
    fs.writeFileSync(path.join(dir, "index.ts"), ['import { ConfigElement } from "pulumi-oracle-sbc";', ...body, ""].join("\n"));
    // npm install's node_modules, stood in for by this package's own (which links the package itself).
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  },
};

/** An attribute's value in YAML: a number where the catalog says integer and the text is one. */
function yamlValue(elementType: string, attribute: string, value: string): string | number {
  const spec = builtinCatalog.get(elementType)?.attributes.find((a) => a.name === attribute);
  return spec?.valueType === "integer" && /^\d+$/.test(value) ? Number(value) : value;
}

const yaml: FrontEnd = {
  name: "YAML (native plugin)",
  write(dir, elements) {
    const resources = Object.fromEntries(
      elements.map((e) => [
        e.name,
        {
          type: `sbc:${typeNameOf(e.elementType)}`,
          properties: Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [camelCase(k), yamlValue(e.elementType, k, v)])),
        },
      ]),
    );
    // JSON is YAML: the program as the YAML host reads it, without a YAML writer.
    const program = { name: "sbc-bad-input", runtime: "yaml", plugins: { providers: [{ name: "sbc", path: path.join(ROOT, "bin") }] }, resources };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), JSON.stringify(program, null, 2));
  },
};

/** The virtualenv with the pulumi-oracle-sbc wheel, made once for the cases that run as Python. */
let venv: Promise<string> | undefined;

const python: FrontEnd = {
  name: "Python (native plugin)",
  write(dir, elements) {
    const program = { name: "sbc-bad-input", runtime: "python", plugins: { providers: [{ name: "sbc", path: path.join(ROOT, "bin") }] } };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), JSON.stringify(program, null, 2));
    // A JSON string or number is a Python literal; an argument's name is the property's in snake_case, as the SDK spells it.
    const args = (e: Element) =>
      Object.entries(e.attributes).map(([k, v]) => `${camelCase(k).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}=${JSON.stringify(yamlValue(e.elementType, k, v))}`);
    const body = elements.map((e) => `sbc.${typeNameOf(e.elementType)}(${[JSON.stringify(e.name), ...args(e)].join(", ")})`);
    fs.writeFileSync(path.join(dir, "__main__.py"), ["import pulumi_oracle_sbc as sbc", "", ...body, ""].join("\n"));
  },
  async prepare(stack, scratch) {
    venv ??= pythonVenv(path.join(scratch, "venv"));
    usePython(stack, await venv);
  },
};

const FRONT_ENDS = [typescript, yaml];
const frontEndsOf = (c: Case) => (c.python ? [...FRONT_ENDS, python] : FRONT_ENDS);

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

describeWithCli("bad input through both front ends under the real pulumi CLI", () => {
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
    test.each(frontEndsOf(c))("$name: up fails naming the problem, and the SBC is as it was", async (frontEnd) => {
      const sbc = await emulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], ...c.emulator });
      const start = configuration(sbc);
      const dir = fs.mkdtempSync(path.join(work, "program-"));
      frontEnd.write(dir, c.elements);
      const s = new CliStack(dir, "bad");
      stacks.push(s);
      await frontEnd.prepare?.(s, work);
      const config = await (c.config ?? login)(sbc);
      await s.init(config.plain, config.secret);
      for (const [key, value] of Object.entries(config.plaintext ?? {})) await s.run(["config", "set", "--plaintext", key, value]);

      const { output } = await s.run(["up", "--yes"], { expectFailure: true });
      const errors = errorText(output);
      for (const phrase of c.phrases(sbc, config)) {
        if (typeof phrase === "string") expect(errors).toContain(phrase);
        else expect(errors).toMatch(phrase);
      }
      for (const password of [...Object.values(config.secret), ...Object.values(config.plaintext ?? {})]) expect(output).not.toContain(password);
      expect(configuration(sbc)).toEqual(start);
      expectSettled(sbc);
      await c.unchanged?.();
      const port = /:(\d+)\/?$/.exec(config.plain["sbc:host"])![1];
      sentences.set(`${c.name}/${frontEnd.name}`, sentenceOf(errors, port));
    });

    test("every front end fails with the same sentence", () => {
      const [dynamic, ...natives] = frontEndsOf(c).map((fe) => sentences.get(`${c.name}/${fe.name}`));
      expect(dynamic).toBeTruthy();
      for (const native of natives) {
        expect(native).toBeTruthy();
        if (c.differs) expect(native).not.toBe(dynamic);
        else expect(native).toBe(dynamic);
      }
    });
  });
});
