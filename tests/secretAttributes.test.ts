/**
 * Attributes the catalog marks secret (snmp-user-entry's `auth-password`, and the `key` of
 * ntp-config's authenticated servers, a sub-element's) and the connection password, through the
 * engine harness: never in clear in the state file, the provider's output or an error, while the
 * SBC gets the real value.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { elementProvider } from "../provider/dynamic/elementProvider";
import { Engine } from "./harness/engine";
import { useEmulator } from "./support/emulator";

const PASSWORD = "Secr3t-conn-Pa55";
const AUTH_PASSWORD = "AuthKey-9f3c1e";
const NTP_KEY = "NtpKey-5b7d20";
const emulator = useEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 5 });
const PROGRAM = path.join(__dirname, "fixtures", "programs", "secrets");

function engine(stateFile: string, extra: Record<string, string> = {}): Engine {
  return new Engine({
    programDir: PROGRAM,
    stateFile,
    config: { "sbc:host": emulator().url, "sbc:username": "admin", "sbc:password": PASSWORD, "test:authPassword": AUTH_PASSWORD, ...extra },
    secretConfigKeys: ["sbc:password"],
  });
}

function runningAuthPassword(userName: string): unknown {
  return emulator().sbc.store.stores.running.get("snmp-user-entry")?.find((u) => u.attributes["user-name"] === userName)?.attributes["auth-password"];
}

function runningNtpKey(): unknown {
  return emulator().sbc.store.stores.running.get("ntp-config")?.[0]?.subElements.find((s) => s.elementType === "auth-servers")?.attributes.key;
}

interface StateResource {
  urn: string;
  outputs: Record<string, unknown>;
  inputs: Record<string, unknown>;
  secretProperties: string[];
}

function inState(stateFile: string, name: string): StateResource {
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as { resources: StateResource[] };
  return state.resources.find((r) => r.urn.endsWith(`::${name}`))!;
}

describe.each([
  ["the typed class", { "test:userName": "typed" }],
  ["ConfigElement", { "test:untyped": "true", "test:userName": "untyped" }],
])("a secret attribute set through %s", (_how, extra) => {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-secrets-")), "state.json");

  test("reaches the SBC, and the state file and provider output never hold it in clear", async () => {
    const result = await engine(stateFile, extra).up();
    expect(result.errors).toEqual([]);
    expect(runningAuthPassword(extra["test:userName"])).toBe(AUTH_PASSWORD);
    const text = fs.readFileSync(stateFile, "utf8");
    expect(text).not.toContain(AUTH_PASSWORD);
    expect(text).not.toContain(PASSWORD);
    expect(result.providerOutput).not.toContain(AUTH_PASSWORD);
    const user = inState(stateFile, "user");
    expect(user.secretProperties).toContain("secretAttributes");
    // The other attributes stay readable, for diffs and for the program.
    expect((user.outputs.attributes as Record<string, unknown>)["user-name"]).toBe(extra["test:userName"]);
    expect(user.outputs.attributes).not.toHaveProperty("auth-password");
    expect(user.outputs.secretAttributes).toBeDefined();
  });

  test("a second up sees no change, and refresh keeps it secret", async () => {
    const again = await engine(stateFile, extra).up();
    expect(again.errors).toEqual([]);
    expect(again.steps.find((s) => s.urn.endsWith("::user"))?.op).toBe("same");
    const refreshed = await engine(stateFile, extra).refresh();
    expect(refreshed.errors).toEqual([]);
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain(AUTH_PASSWORD);
  });

  test("a changed secret value is an update, still not in clear", async () => {
    const result = await engine(stateFile, { ...extra, "test:authPassword": "OtherKey-77aa" }).up();
    expect(result.errors).toEqual([]);
    expect(result.steps.find((s) => s.urn.endsWith("::user"))?.op).toBe("update");
    expect(runningAuthPassword(extra["test:userName"])).toBe("OtherKey-77aa");
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain("OtherKey-77aa");
  });
});

describe("a secret attribute of a sub-element (ntp-config's authenticated server key)", () => {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-secrets-")), "state.json");

  test("reaches the SBC; the whole sub-element list is secret in state, and a second up and refresh change nothing", async () => {
    const result = await engine(stateFile, { "test:ntpKey": NTP_KEY, "test:userName": "with-ntp" }).up();
    expect(result.errors).toEqual([]);
    expect(runningNtpKey()).toBe(NTP_KEY);
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain(NTP_KEY);
    expect(result.providerOutput).not.toContain(NTP_KEY);
    const ntp = inState(stateFile, "ntp");
    expect(ntp.secretProperties).toContain("subElements");
    expect((ntp.outputs.attributes as Record<string, unknown>).server).toEqual(["10.0.0.123"]);
    const again = await engine(stateFile, { "test:ntpKey": NTP_KEY, "test:userName": "with-ntp" }).up();
    expect(again.errors).toEqual([]);
    expect(again.steps.find((s) => s.urn.endsWith("::ntp"))?.op).toBe("same");
    expect((await engine(stateFile, { "test:ntpKey": NTP_KEY, "test:userName": "with-ntp" }).refresh()).errors).toEqual([]);
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain(NTP_KEY);
  });
});

test("the connection password inside an attribute value Check echoes is redacted from the error", async () => {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbc-secrets-")), "state.json");
  const result = await engine(stateFile, { "test:badBandwidth": `x${PASSWORD}` }).preview();
  expect(result.errors.join("\n")).toMatch(/max-bandwidth must be a whole number, got "x\[redacted\]"/);
  expect(result.errors.join("\n")).not.toContain(PASSWORD);
});

test("secret attribute values (an element's and a sub-element's) and the password, echoed by the SBC in a refusal, are redacted from the error", async () => {
  const refused = elementProvider.create({
    elementType: "ntp-config",
    attributes: { server: [`${AUTH_PASSWORD} ${NTP_KEY} ${PASSWORD}`] },
    secretAttributes: { "dns-realm": AUTH_PASSWORD },
    subElements: [{ elementType: "auth-servers", attributes: { "ip-address": "10.0.0.9", key: NTP_KEY } }],
    connection: { host: emulator().url, username: "admin", lockTimeoutSeconds: 5 },
    connectionPassword: PASSWORD,
  });
  const err: Error = await refused.then(() => new Error("expected the SBC to refuse the address"), (e: Error) => e);
  expect(err.message).toMatch(/^ntp-config: create failed on \S+: .*\[redacted\]/);
  for (const secret of [AUTH_PASSWORD, NTP_KEY, PASSWORD]) {
    expect(err.message).not.toContain(secret);
    expect(err.stack).not.toContain(secret);
  }
});
