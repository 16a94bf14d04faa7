/**
 * Attributes the catalog marks secret (ntp-config's `auth-servers`) and the connection password,
 * through the engine harness: never in clear in the state file, the provider's output or an
 * error, while the SBC gets the real value.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { elementProvider } from "../provider/dynamic/elementProvider";
import { Engine } from "./harness/engine";
import { useEmulator } from "./support/emulator";

const PASSWORD = "Secr3t-conn-Pa55";
const AUTH_SERVER = "10.0.0.9 7 AuthKey-9f3c1e";
const emulator = useEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 5 });
const PROGRAM = path.join(__dirname, "fixtures", "programs", "secrets");

function engine(stateFile: string, extra: Record<string, string> = {}): Engine {
  return new Engine({
    programDir: PROGRAM,
    stateFile,
    config: { "sbc:host": emulator().url, "sbc:username": "admin", "sbc:password": PASSWORD, "test:authServer": AUTH_SERVER, ...extra },
    secretConfigKeys: ["sbc:password"],
  });
}

function runningAuthServers(): unknown {
  return emulator().sbc.store.stores.running.get("ntp-config")?.[0]?.attributes["auth-servers"];
}

interface StateResource {
  urn: string;
  outputs: Record<string, unknown>;
  inputs: Record<string, unknown>;
  secretProperties: string[];
}

function ntpInState(stateFile: string): StateResource {
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as { resources: StateResource[] };
  return state.resources.find((r) => r.urn.endsWith("::ntp"))!;
}

describe.each([
  ["the typed class", {}],
  ["ConfigElement", { "test:untyped": "true" }],
])("a secret attribute set through %s", (_how, extra) => {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-secrets-")), "state.json");

  test("reaches the SBC, and the state file and provider output never hold it in clear", async () => {
    const result = await engine(stateFile, extra).up();
    expect(result.errors).toEqual([]);
    expect(runningAuthServers()).toEqual([AUTH_SERVER]);
    const text = fs.readFileSync(stateFile, "utf8");
    expect(text).not.toContain("AuthKey-9f3c1e");
    expect(text).not.toContain(PASSWORD);
    expect(result.providerOutput).not.toContain("AuthKey-9f3c1e");
    const ntp = ntpInState(stateFile);
    expect(ntp.secretProperties).toContain("secretAttributes");
    // The other attributes stay readable, for diffs and for the program.
    expect((ntp.outputs.attributes as Record<string, unknown>).server).toEqual(["10.0.0.123"]);
    expect(ntp.outputs.attributes).not.toHaveProperty("auth-servers");
    expect(ntp.outputs.secretAttributes).toBeDefined();
  });

  test("a second up sees no change, and refresh keeps it secret", async () => {
    const again = await engine(stateFile, extra).up();
    expect(again.errors).toEqual([]);
    expect(again.steps.find((s) => s.urn.endsWith("::ntp"))?.op).toBe("same");
    const refreshed = await engine(stateFile, extra).refresh();
    expect(refreshed.errors).toEqual([]);
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain("AuthKey-9f3c1e");
  });

  test("a changed secret value is an update, still not in clear", async () => {
    const result = await engine(stateFile, { ...extra, "test:authServer": "10.0.0.9 8 OtherKey-77aa" }).up();
    expect(result.errors).toEqual([]);
    expect(result.steps.find((s) => s.urn.endsWith("::ntp"))?.op).toBe("update");
    expect(runningAuthServers()).toEqual(["10.0.0.9 8 OtherKey-77aa"]);
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain("OtherKey-77aa");
  });
});

test("the connection password inside an attribute value Check echoes is redacted from the error", async () => {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-secrets-")), "state.json");
  const result = await engine(stateFile, { "test:badBandwidth": `x${PASSWORD}` }).preview();
  expect(result.errors.join("\n")).toMatch(/max-bandwidth must be a whole number, got "x\[redacted\]"/);
  expect(result.errors.join("\n")).not.toContain(PASSWORD);
});

test("a secret attribute's value and the password, echoed by the SBC in a refusal, are redacted from the error", async () => {
  const refused = elementProvider.create({
    elementType: "ntp-config",
    attributes: { server: [`${AUTH_SERVER} ${PASSWORD}`] },
    secretAttributes: { "auth-servers": [AUTH_SERVER] },
    connection: { host: emulator().url, username: "admin", lockTimeoutSeconds: 5 },
    connectionPassword: PASSWORD,
  });
  const err: Error = await refused.then(() => new Error("expected the SBC to refuse the address"), (e: Error) => e);
  expect(err.message).toMatch(/^ntp-config: create failed on \S+: .*\[redacted\]/);
  expect(err.message).not.toContain("AuthKey-9f3c1e");
  expect(err.message).not.toContain(PASSWORD);
  expect(err.stack).not.toContain("AuthKey-9f3c1e");
});
