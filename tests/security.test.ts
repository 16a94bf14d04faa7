/**
 * Security properties, end to end: the emulator refuses every mutating request without a valid
 * administrator token; no credential (password, Basic header, bearer token) leaks into stack
 * state, provider output or error messages; TLS verification is on unless explicitly turned off.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engine, EngineOptions, RunResult } from "./harness/engine";
import { elementXml, login, raw, useEmulator } from "./support/emulator";
import { EmulatorHandle } from "../emulator";
import { ConfigElement } from "../client/types";

const V = "/rest/v1.1";
const PROGRAMS = path.join(__dirname, "fixtures", "programs");

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sbc-security-"));
}

/** Every request that changes configuration, lock or commit state, each with a body that would succeed. */
const MUTATIONS: { name: string; method: string; path: string; body?: string }[] = [
  { name: "POST lock", method: "POST", path: `${V}/configuration/lock` },
  { name: "POST unlock", method: "POST", path: `${V}/configuration/unlock` },
  {
    name: "POST configElements",
    method: "POST",
    path: `${V}/configuration/configElements`,
    body: elementXml("realm-config", { identifier: "intruder", "addr-prefix": "192.0.2.0/24" }),
  },
  {
    name: "PUT configElements",
    method: "PUT",
    path: `${V}/configuration/configElements`,
    body: elementXml("realm-config", { identifier: "x", description: "tampered" }),
  },
  { name: "DELETE configElements", method: "DELETE", path: `${V}/configuration/configElements?elementType=realm-config&identifier=x` },
  { name: "PUT save", method: "PUT", path: `${V}/configuration/management?action=save` },
  { name: "PUT verify", method: "PUT", path: `${V}/configuration/management?action=verify` },
  { name: "PUT restore", method: "PUT", path: `${V}/configuration/management?action=restore` },
  { name: "POST activate", method: "POST", path: `${V}/configuration/management?action=activate` },
];

describe("the emulator refuses every mutating request without a valid administrator token", () => {
  const emulator = useEmulator({ activateMs: 5 });
  const author = { user: "admin", address: "acli" };

  beforeAll(() => {
    // Realm x everywhere (PUT/DELETE would change it), realm staged only in editing (save,
    // activate and restore would each move or drop it): any accepted request leaves a trace.
    const { store } = emulator().sbc;
    store.create({ elementType: "realm-config", attributes: { identifier: "x", "addr-prefix": "10.9.0.0/16", description: "original" }, subElements: [] }, author);
    store.copy("editing", "saved");
    store.copy("editing", "running");
    store.create({ elementType: "realm-config", attributes: { identifier: "staged", "addr-prefix": "10.8.0.0/16" }, subElements: [] }, author);
  });

  interface Snapshot {
    stores: Record<string, Map<string, ConfigElement[]>>;
    mutating: number;
    locks: number;
    operation: unknown;
    completed: Record<string, number>;
  }

  function snapshot(): Snapshot {
    const { sbc } = emulator();
    return {
      stores: structuredClone(sbc.store.stores),
      mutating: sbc.stats.mutatingRequests,
      locks: sbc.stats.lockAcquisitions,
      operation: sbc.operations.status(),
      completed: { ...sbc.operations.completed },
    };
  }

  /** Sends every mutation with `authorization` (none when undefined); returns "name: status" lines. */
  async function attempt(authorization: string | undefined, secrets: string[] = []): Promise<string[]> {
    const lines: string[] = [];
    for (const m of MUTATIONS) {
      const res = await raw(emulator().url, m.method, m.path, {
        body: m.body,
        headers: authorization === undefined ? {} : { Authorization: authorization },
      });
      lines.push(`${m.name}: ${res.status}`);
      for (const secret of secrets) expect(res.body).not.toContain(secret);
    }
    return lines;
  }

  function all(status: number): string[] {
    return MUTATIONS.map((m) => `${m.name}: ${status}`);
  }

  /** An admin token that holds the lock: a check that looked past a malformed header would let it through. */
  async function lockHolder(): Promise<string> {
    const token = await login(emulator().url);
    const res = await raw(emulator().url, "POST", `${V}/configuration/lock`, { token });
    expect(res.status).toBe(204);
    return token;
  }

  async function release(token: string): Promise<void> {
    expect((await raw(emulator().url, "POST", `${V}/configuration/unlock`, { token })).status).toBe(204);
  }

  test("the seeded configuration is what the refusals below would change", async () => {
    // Guard: with a valid admin token holding the lock, each request is accepted.
    const { sbc } = emulator();
    const before = snapshot();
    const token = await lockHolder();
    for (const m of MUTATIONS.filter((m) => m.name !== "POST unlock")) {
      const res = await raw(emulator().url, m.method, m.path, { token, body: m.body });
      expect([m.name, res.status < 300]).toEqual([m.name, true]);
      if (m.path.includes("management")) {
        while (sbc.operations.status()?.status === "inProgress") await new Promise((r) => setTimeout(r, 5));
        expect([m.name, sbc.operations.status()?.status]).toEqual([m.name, "success"]);
      }
    }
    await release(token);
    // Put the seed back exactly as it was for the tests that follow.
    sbc.store.stores.editing = structuredClone(before.stores.editing);
    sbc.store.stores.saved = structuredClone(before.stores.saved);
    sbc.store.stores.running = structuredClone(before.stores.running);
    expect(sbc.sessions.lockHolder()).toBeUndefined();
  });

  test.each([
    ["none at all", (): string | undefined => undefined],
    ["Bearer with nothing", () => "Bearer"],
    ["Bearer with two words", (t: string) => `Bearer ${t} b`],
    ["the token without a scheme", (t: string) => t],
    ["Basic with the admin's valid credentials", () => `Basic ${Buffer.from("admin:admin").toString("base64")}`],
    ["Basic with the token", (t: string) => `Basic ${t}`],
    ["garbage", () => "%%garbage%% !"],
    ["a token that was never issued", () => `Bearer ${Buffer.from("admin,admin,1,deadbeef").toString("base64")}`],
  ])("missing or malformed Authorization (%s), while an admin token holds the lock: 401 everywhere, nothing changes", async (_name, header) => {
    const token = await lockHolder();
    const before = snapshot();
    expect(await attempt(header(token), [token])).toEqual(all(401));
    expect(snapshot()).toEqual(before);
    expect(emulator().sbc.sessions.lockHolder()?.value).toBe(token);
    await release(token);
  });

  test("an expired token (expireAll) holding the lock: 401 everywhere, nothing changes", async () => {
    const token = await lockHolder();
    emulator().sbc.sessions.expireAll();
    const before = snapshot();
    expect(await attempt(`Bearer ${token}`, [token])).toEqual(all(401));
    expect(snapshot()).toEqual(before);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("a token past its tokenTtlSeconds holding the lock: 401 everywhere, nothing changes", async () => {
    const { sessions } = emulator().sbc;
    sessions.tokenTtlSeconds = 1;
    let token: string;
    try {
      token = await lockHolder();
    } finally {
      sessions.tokenTtlSeconds = 600;
    }
    await new Promise((r) => setTimeout(r, 1100));
    const before = snapshot();
    expect(await attempt(`Bearer ${token}`, [token])).toEqual(all(401));
    expect(snapshot()).toEqual(before);
  });

  test("a revoked token that held the lock: 401 everywhere, nothing changes", async () => {
    const token = await lockHolder();
    emulator().sbc.sessions.revoke(token);
    const before = snapshot();
    expect(await attempt(`Bearer ${token}`, [token])).toEqual(all(401));
    expect(snapshot()).toEqual(before);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
  });

  test("a token replaced by re-authentication is revoked: 401 everywhere; the new one still holds the lock", async () => {
    const old = await lockHolder();
    const renewed = await raw(emulator().url, "POST", `${V}/auth/token`, {
      basic: ["admin", "admin"],
      body: `token=${encodeURIComponent(old)}`,
      contentType: "application/x-www-form-urlencoded",
    });
    expect(renewed.status).toBe(200);
    const fresh = emulator().sbc.sessions.lockHolder()!.value;
    expect(fresh).not.toBe(old);
    const before = snapshot();
    expect(await attempt(`Bearer ${old}`, [old])).toEqual(all(401));
    expect(snapshot()).toEqual(before);
    await release(fresh);
  });

  test("a valid token of the non-admin monitor user: 403 everywhere, nothing changes", async () => {
    const token = await login(emulator().url, "monitor", "monitor");
    const before = snapshot();
    const lines: string[] = [];
    for (const m of MUTATIONS) {
      const res = await raw(emulator().url, m.method, m.path, { token, body: m.body });
      lines.push(`${m.name}: ${res.status}`);
      if (res.status === 403) expect(res.messages.join(" ")).toMatch(/monitor does not have administrator privileges/);
    }
    expect(lines).toEqual(all(403));
    expect(snapshot()).toEqual(before);
    expect(emulator().sbc.sessions.lockHolder()).toBeUndefined();
    // The same token may still read: it is valid, just not an administrator's.
    expect((await raw(emulator().url, "GET", `${V}/configuration/configElements?elementType=realm-config`, { token })).status).toBe(200);
  });

  test("a monitor token cannot act while an admin holds the lock either", async () => {
    const admin = await lockHolder();
    const token = await login(emulator().url, "monitor", "monitor");
    const before = snapshot();
    expect(await attempt(`Bearer ${token}`, [admin])).toEqual(all(403));
    expect(snapshot()).toEqual(before);
    expect(emulator().sbc.sessions.lockHolder()?.value).toBe(admin);
    await release(admin);
  });
});

describe("no credential leaks through the provider", () => {
  const PASSWORD = "Qv9-distinctive-Pw-4417";
  const WRONG = "Wx3-refused-Pw-8812";
  const emulator = useEmulator({ users: [{ name: "admin", password: PASSWORD, admin: true }], activateMs: 5 });
  const issued: string[] = [];

  beforeAll(() => {
    const { sessions } = emulator().sbc;
    const issue = sessions.issue.bind(sessions);
    sessions.issue = (user) => {
      const token = issue(user);
      issued.push(token.value);
      return token;
    };
  });

  function engine(programDir: string, stateFile: string, extra: Record<string, string> = {}): Engine {
    const options: EngineOptions = {
      programDir: path.join(PROGRAMS, programDir),
      stateFile,
      config: { "sbc:host": emulator().url, "sbc:username": "admin", "sbc:password": PASSWORD, ...extra },
      secretConfigKeys: ["sbc:password"],
      env: { SBC_HOST: "", SBC_USERNAME: "", SBC_PASSWORD: "" },
    };
    return new Engine(options);
  }

  test("state, provider output and errors of up, update, refresh, failures and destroy hold no password or token", async () => {
    const dir = tempDir();
    const stateFile = path.join(dir, "state.json");
    const texts: { label: string; text: string }[] = [];
    const collect = (label: string, result: RunResult, file = stateFile): RunResult => {
      texts.push({ label: `${label} state`, text: fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "" });
      texts.push({ label: `${label} output`, text: result.providerOutput });
      texts.push({ label: `${label} errors`, text: result.errors.join("\n") });
      texts.push({ label: `${label} steps`, text: JSON.stringify(result.steps) });
      return result;
    };

    // The stack's life, and beside it (other stacks, other provider processes) the failures.
    const life = async () => {
      const up = collect("up", await engine("basic", stateFile).up());
      expect(up.errors).toEqual([]);
      const changed = collect("update", await engine("basic", stateFile, { "test:description": "changed" }).up());
      expect(changed.errors).toEqual([]);
      expect(changed.steps.find((s) => s.urn.endsWith("core-realm"))?.op).toBe("update");
      const refreshed = collect("refresh", await engine("basic", stateFile, { "test:description": "changed" }).refresh());
      expect(refreshed.errors).toEqual([]);
      const failed = collect("failing up", await engine("basic", stateFile, { "test:description": "changed", "test:badAttribute": "warp-factor" }).up());
      expect(failed.errors.join("\n")).toMatch(/warp-factor is not an attribute/);
      const destroyed = collect("destroy", await engine("basic", stateFile, { "test:description": "changed" }).destroy());
      expect(destroyed.errors).toEqual([]);
    };
    const failures = async () => {
      // The SBC refuses the credentials: the error says so, without echoing them.
      const refusedState = path.join(dir, "refused.json");
      const refused = collect(
        "refused credentials",
        await engine("basic", refusedState, { "sbc:password": WRONG, "test:realm": "never", "test:withSip": "false", "test:withNtp": "false" }).up(),
        refusedState,
      );
      expect(refused.errors.join("\n")).toMatch(/401|not authori[sz]ed|credentials/i);
      // A failure the SBC reports (verify refuses the commit): its messages reach the error.
      const orphanState = path.join(dir, "orphan.json");
      const orphan = collect("sbc failure", await engine("orphan", orphanState).up(), orphanState);
      expect(orphan.errors.join("\n")).toMatch(/realm-id references realm-config "nowhere"/);
    };
    await Promise.all([life(), failures()]);
    expect(emulator().sbc.store.stores.running.get("realm-config") ?? []).toEqual([]);

    // The runs above did authenticate, so there were tokens to leak.
    expect(issued.length).toBeGreaterThanOrEqual(5);
    const secrets = [
      ["password", PASSWORD],
      ["refused password", WRONG],
      ["Basic credentials", Buffer.from(`admin:${PASSWORD}`).toString("base64")],
      ["refused Basic credentials", Buffer.from(`admin:${WRONG}`).toString("base64")],
      ...issued.map((t, i) => [`token #${i}`, t]),
    ];
    const leaks = texts.flatMap(({ label, text }) => secrets.filter(([, s]) => text.includes(s)).map(([what]) => `${what} in ${label}`));
    expect(leaks).toEqual([]);
    // Bearer/Basic headers, should any be quoted, are redacted.
    for (const { label, text } of texts) {
      for (const match of text.matchAll(/\b(?:Bearer|Basic)\s+(\S+)/g)) expect([label, match[1]]).toEqual([label, "[redacted]"]);
    }
  }, 60_000);
});

describe("TLS through the provider", () => {
  let handle: EmulatorHandle;
  const emulator = useEmulator({ tls: true, activateMs: 5 });

  beforeAll(() => {
    handle = emulator();
    expect(handle.url).toMatch(/^https:/);
    expect(handle.caCert).toMatch(/BEGIN CERTIFICATE/);
  });

  function engine(stateFile: string, realm: string, extra: Record<string, string>): Engine {
    return new Engine({
      programDir: path.join(PROGRAMS, "basic"),
      stateFile,
      config: {
        "sbc:host": handle.url,
        "sbc:username": "admin",
        "sbc:password": "admin",
        "test:realm": realm,
        "test:withSip": "false",
        "test:withNtp": "false",
        ...extra,
      },
      secretConfigKeys: ["sbc:password"],
      env: { SBC_INSECURE: "", SBC_CA_CERT: "", NODE_TLS_REJECT_UNAUTHORIZED: "" },
    });
  }

  function realms(store: "editing" | "running"): string[] {
    return (handle.sbc.store.stores[store].get("realm-config") ?? []).map((r) => r.attributes.identifier as string);
  }

  test("without caCert the certificate is refused, the error says caCert or insecure, and nothing is created", async () => {
    const dir = tempDir();
    const requests = handle.sbc.stats.requests;
    const e = engine(path.join(dir, "s.json"), "tls-none", {});
    const result = await e.up();
    const errors = result.errors.join("\n");
    expect(errors).toMatch(/not trusted/);
    expect(errors).toMatch(/caCert/);
    expect(errors).toMatch(/insecure/);
    expect(result.steps).toEqual([expect.objectContaining({ op: "create", error: expect.any(String) })]);
    expect(e.loadState().resources).toEqual([]);
    expect(realms("editing")).toEqual([]);
    expect(realms("running")).toEqual([]);
    // Not one request got past the handshake: the credentials were never sent.
    expect(handle.sbc.stats.requests).toBe(requests);
    expect(result.providerOutput).not.toMatch(/verification is off/);
  });

  test("with sbc:caCert set to the emulator's certificate it succeeds, without a warning", async () => {
    const dir = tempDir();
    const e = engine(path.join(dir, "s.json"), "tls-ca", { "sbc:caCert": handle.caCert! });
    const result = await e.up();
    expect(result.errors).toEqual([]);
    expect(realms("running")).toEqual(["tls-ca"]);
    expect(result.providerOutput).not.toMatch(/verification is off/);
    expect((await e.destroy()).errors).toEqual([]);
    expect(realms("running")).toEqual([]);
  });

  test("with sbc:insecure it succeeds and warns that verification is off", async () => {
    const dir = tempDir();
    const e = engine(path.join(dir, "s.json"), "tls-insecure", { "sbc:insecure": "true" });
    const result = await e.up();
    expect(result.errors).toEqual([]);
    expect(realms("running")).toEqual(["tls-insecure"]);
    expect(result.providerOutput).toContain("TLS certificate verification is off (insecure: true)");
    expect((await e.destroy()).errors).toEqual([]);
    expect(realms("running")).toEqual([]);
  });
});
